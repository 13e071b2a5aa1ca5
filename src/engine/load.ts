/**
 * Reads, decodes and parses the candidate files, and sorts them by format. Parsers are imported only
 * when a file needs them, so a run with only JSON never loads the YAML parser.
 */
import { readFileSync, statSync } from 'node:fs';
import type { SourceFile } from '../core/source.js';
import { detectFormat, looksLikeInfrastructure } from '../discover/detect.js';
import { toRepoPath } from '../discover/repo-root.js';
import { describeFsError, type Candidate } from '../discover/walk.js';
import type { DataDocument, ParseProblem, ParseResult } from '../parse/document.js';
import type { HclFile } from '../parse/hcl/ast.js';
import type { InputLimits } from './options.js';

export interface FileProblem {
  file: SourceFile;
  problem: ParseProblem;
}

export interface LoadedInputs {
  cloudformation: DataDocument[];
  /** Parsed plans and states, kept for the Terraform adapter. */
  terraformJson: DataDocument[];
  /** Parsed `.tf` and `.tf.json` files. */
  terraformSource: HclFile[];
  problems: FileProblem[];
  /** Every file that was linted (parsed as one of our formats), repository-relative. */
  files: string[];
}

type Parser = (file: SourceFile, limits: InputLimits) => ParseResult;
type HclParser = (file: SourceFile, limits: InputLimits) => { ok: true; hcl: HclFile } | { ok: false; problem: ParseProblem };

/** Terraform source files: native syntax and its JSON variant. */
export const TERRAFORM_SOURCE = /\.tf(\.json)?$/i;

export async function loadInputs(candidates: Candidate[], root: string, limits: InputLimits): Promise<LoadedInputs> {
  const loaded: LoadedInputs = { cloudformation: [], terraformJson: [], terraformSource: [], problems: [], files: [] };
  const parsers: { json?: Parser; yaml?: Parser; hcl?: HclParser; tfJson?: HclParser } = {};
  for (const candidate of candidates) {
    const file: SourceFile = { absolutePath: candidate.absolutePath, path: toRepoPath(root, candidate.absolutePath), text: '' };
    const fail = (message: string, start = 0, end = 0, limit?: string) => loaded.problems.push({ file, problem: { message, start, end, limit } });
    const terraformSource = TERRAFORM_SOURCE.test(candidate.absolutePath);
    const { decodeText, looksLikeJson } = await import('../parse/decode.js');
    const bytes = candidate.text === undefined ? readBytes(candidate.absolutePath, limits, fail) : Buffer.from(candidate.text, 'utf8');
    if (!bytes) continue;
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      // A walked file that is not even text cannot be "evidently" a template: skip it silently.
      if (candidate.explicit) {
        // The problem's offsets index the lenient decoding (after any BOM): keep it so the finding
        // points at the bad byte's line, not at 1:1.
        file.text = lenientDecoder.decode(hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes);
        loaded.problems.push({ file, problem: decoded.problem });
      }
      continue;
    }
    file.text = decoded.text;
    if (terraformSource) {
      // Any `.tf` file is evidently meant to be Terraform: its parse errors are always reported.
      const parse = candidate.absolutePath.toLowerCase().endsWith('.json')
        ? (parsers.tfJson ??= (await import('../parse/hcl/tfjson.js')).parseTfJson)
        : (parsers.hcl ??= (await import('../parse/hcl/index.js')).parseHcl);
      const result = parse(file, limits);
      if (result.ok) {
        loaded.terraformSource.push(result.hcl);
        loaded.files.push(file.path);
      } else {
        loaded.problems.push({ file, problem: result.problem });
      }
      continue;
    }
    const meant = candidate.explicit || looksLikeInfrastructure(file.text);
    if (!meant) continue; // Helm charts, package manifests, …: not ours, not even parsed
    const json = looksLikeJson(file.text);
    const parse = json ? (parsers.json ??= (await import('../parse/json.js')).parseJson) : (parsers.yaml ??= (await import('../parse/yaml.js')).parseYaml);
    const result = parse(file, limits);
    if (!result.ok) {
      loaded.problems.push({ file, problem: result.problem });
      continue;
    }
    const format = detectFormat(result.document.value);
    if (format === 'cloudformation') loaded.cloudformation.push(result.document);
    else if (format) loaded.terraformJson.push(result.document);
    else if (candidate.explicit) {
      fail('not a CloudFormation template or Terraform plan/state: expected `Resources` with `AWS::` types, `AWSTemplateFormatVersion`, or `format_version` with `planned_values`');
      continue;
    } else continue;
    loaded.files.push(file.path);
  }
  loaded.files.sort();
  return loaded;
}

function readBytes(path: string, limits: InputLimits, fail: (message: string, start?: number, end?: number, limit?: string) => void): Buffer | undefined {
  try {
    const stats = statSync(path);
    // A FIFO, socket or device named on the command line: reading it may block forever (a FIFO
    // without a writer) or never end (/dev/zero).
    if (!stats.isFile()) {
      fail('not a regular file (a pipe, socket or device); name a template file');
      return undefined;
    }
    const size = stats.size;
    if (size > limits.maxFileSize) {
      fail(`file is ${formatBytes(size)}, larger than the limit of ${formatBytes(limits.maxFileSize)} (raise it with --max-file-size)`, 0, 0, 'maxFileSize');
      return undefined;
    }
    return readFileSync(path);
  } catch (error) {
    fail(`cannot read file: ${describeFsError(error)}`);
    return undefined;
  }
}

const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${bytes} bytes`;
}
