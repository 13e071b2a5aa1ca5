/**
 * One parsed file as plain data for `postMessage`, and back. JSON travels as its text alone: the main
 * thread runs `JSON.parse` again (measured faster than a structured clone of the value, and the text
 * travels anyway). YAML travels as its value (structured clone keeps shared aliases shared) with its
 * span store's Int32Array transferred, not copied. HCL syntax trees are plain objects: cloned as they are.
 */
import type { SourceFile } from '../../core/source.js';
import type { DataDocument, ParseProblem } from '../../parse/document.js';
import type { HclFile } from '../../parse/hcl/ast.js';
import type { YamlTransfer } from '../../parse/yaml-document.js';
import type { ParsedFile } from '../parse-inputs.js';

type DataKind = 'cloudformation' | 'terraformJson';

export type TransferredFile =
  | { kind: 'none' }
  | { kind: 'problem'; file: SourceFile; problem: ParseProblem }
  | { kind: DataKind; file: SourceFile; resources: number; syntax: 'json' }
  | { kind: DataKind; file: SourceFile; resources: number; syntax: 'yaml'; yaml: YamlTransfer }
  | { kind: 'terraformSource'; hcl: HclFile; resources: number };

/** The functions that rebuild documents on the receiving side (from `json.js` and `yaml-document.js`). */
export interface Rebuilders {
  acceptedJson?: (file: SourceFile) => DataDocument;
  yamlFromTransfer?: (file: SourceFile, transfer: YamlTransfer) => DataDocument;
}

interface Transferable {
  toTransfer(): YamlTransfer;
}

/** The message form of `parsed`, and the buffers to transfer with it. */
export function toTransfer(parsed: ParsedFile): { file: TransferredFile; transfer: ArrayBuffer[] } {
  switch (parsed.kind) {
    case 'none':
    case 'problem':
    case 'terraformSource':
      return { file: parsed, transfer: [] };
    default: {
      const { kind, document, resources } = parsed;
      const file = { absolutePath: document.file.absolutePath, path: document.file.path, text: document.file.text };
      if (document.syntax === 'json') return { file: { kind, file, resources, syntax: 'json' }, transfer: [] };
      const transferable = document as DataDocument & Partial<Transferable>;
      if (typeof transferable.toTransfer !== 'function') throw new Error('flowguard: a YAML document without toTransfer()');
      const yaml = transferable.toTransfer();
      return { file: { kind, file, resources, syntax: 'yaml', yaml }, transfer: [yaml.spans.data.buffer] };
    }
  }
}

/** Which rebuilder `file` needs, if any. */
export function rebuilderFor(file: TransferredFile): keyof Rebuilders | undefined {
  if (!('syntax' in file)) return undefined;
  return file.syntax === 'json' ? 'acceptedJson' : 'yamlFromTransfer';
}

const KINDS = new Set(['none', 'problem', 'cloudformation', 'terraformJson', 'terraformSource']);

/**
 * The parsed file `toTransfer` described. `rebuilders` holds (at least) the one `rebuilderFor` names.
 * Throws on anything else: the caller then parses the file itself.
 */
export function fromTransfer(file: TransferredFile, rebuilders: Rebuilders): ParsedFile {
  if (typeof file !== 'object' || file === null || !KINDS.has(file.kind)) throw new Error('flowguard parallel: not a parsed file');
  if (file.kind !== 'none' && file.kind !== 'problem' && !(Number.isSafeInteger(file.resources) && file.resources >= 0)) {
    throw new Error('flowguard parallel: a parsed file without its resource count');
  }
  if (!('syntax' in file)) return file;
  const document = file.syntax === 'json' ? required(rebuilders.acceptedJson)(file.file) : required(rebuilders.yamlFromTransfer)(file.file, file.yaml);
  return { kind: file.kind, document, resources: file.resources };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('flowguard parallel: rebuilder not loaded');
  return value;
}
