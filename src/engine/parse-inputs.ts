/** Phase 3: parses the files read, and sorts the documents by format. */
import type { SourceFile } from '../core/source.js';
import { detectFormat } from '../discover/detect.js';
import type { DataDocument, ParseProblem } from '../parse/document.js';
import type { HclFile } from '../parse/hcl/ast.js';
import type { InputLimits } from './options.js';
import { pastTotalLimit, planResources, sourceResources, templateResources } from './resource-count.js';
import { need, type EngineModules, type LoadedInputs, type LoadedRun, type PreparedRun, type ReadFile, type ReadRun } from './pipeline.js';

const NOT_OURS =
  'not a CloudFormation template or Terraform plan/state: expected `Resources` with `AWS::` types, `AWSTemplateFormatVersion`, or `format_version` with `planned_values` (a plan) or `values` (a state)';
/** `terraform.tfstate` itself: Terraform's own format, which `terraform show -json` turns into the one flowguard reads. */
const RAW_STATE =
  'this is a raw Terraform state file (`terraform.tfstate`), not the JSON of `terraform show -json`: lint the output of `terraform show -json` (the state) or `terraform show -json plan.out` (a plan)';

/** CloudFormation (like cfn-lint) reads a template as one YAML document: checking the first alone would hide the rest. */
const SECOND_DOCUMENT = 'a second YAML document starts here; a CloudFormation template is one document (CloudFormation does not accept several)';

/**
 * What phase 3 made of one file, before it joins the run's inputs. A run's inputs are these, added in
 * the candidates' order (`addParsed`): the parallel driver parses files in any order, on any thread,
 * and assembles the same inputs as the sequential loop.
 */
export type ParsedFile =
  /** Skipped (not ours), or a walked file that parsed but is no template. */
  | { kind: 'none' }
  | { kind: 'problem'; file: SourceFile; problem: ParseProblem }
  /** `resources`: how many the file declares, for the run's total (`maxTotalResources`). */
  | { kind: 'cloudformation' | 'terraformJson'; document: DataDocument; resources: number }
  | { kind: 'terraformSource'; hcl: HclFile; resources: number };

/** `modules` holds (at least) the parsers `run.parsers` names. */
export function parseInputs(run: ReadRun, modules: Partial<EngineModules>, onProgress?: (done: number, total: number) => void): LoadedRun {
  const { files, parsers: _parsers, ...prepared } = run;
  const loaded = emptyInputs();
  for (const [done, read] of files.entries()) {
    onProgress?.(done, files.length);
    addParsed(loaded, parseFile(read, modules, run.limits), run.limits);
  }
  onProgress?.(files.length, files.length);
  return completeInputs(prepared, loaded);
}

/** One file read in phase 2, parsed. `modules` holds (at least) the parser `read` names. */
export function parseFile(read: ReadFile, modules: Partial<EngineModules>, limits: InputLimits): ParsedFile {
  const { file } = read;
  if ('problem' in read) return { kind: 'problem', file, problem: read.problem };
  if (!('parser' in read)) return { kind: 'none' };
  if (read.parser === 'parseHcl' || read.parser === 'parseTfJson') {
    const result = need(modules, read.parser)(file, limits);
    if (!result.ok) return { kind: 'problem', file, problem: result.problem };
    const counted = sourceResources(result.hcl, limits.maxResources);
    return counted.problem ? { kind: 'problem', file, problem: counted.problem } : { kind: 'terraformSource', hcl: result.hcl, resources: counted.count };
  }
  const result = need(modules, read.parser)(file, limits);
  if (!result.ok) return { kind: 'problem', file, problem: result.problem };
  const format = detectFormat(result.document.value);
  const later = result.document.laterDocumentAt;
  if (format === 'cloudformation' && later !== undefined) return { kind: 'problem', file, problem: { message: SECOND_DOCUMENT, start: later, end: later + 1 } };
  if (format) {
    const counted = format === 'cloudformation' ? templateResources(result.document, limits.maxResources) : planResources(result.document, limits.maxResources);
    if (counted.problem) return { kind: 'problem', file, problem: counted.problem };
    return { kind: format === 'cloudformation' ? 'cloudformation' : 'terraformJson', document: result.document, resources: counted.count };
  }
  if (!read.explicit) return { kind: 'none' };
  return { kind: 'problem', file, problem: { message: isRawState(result.document.value) ? RAW_STATE : NOT_OURS, start: 0, end: 0, limit: undefined } };
}

function isRawState(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'lineage' in value && 'serial' in value && 'terraform_version' in value;
}

export function emptyInputs(): LoadedInputs {
  return { cloudformation: [], terraformJson: [], terraformSource: [], problems: [], files: [], declaredResources: 0 };
}

/**
 * Adds one file's outcome to the run's inputs; call in the candidates' order. A file whose resources
 * would take the run's total past `maxTotalResources` is added as the problem that says so.
 */
export function addParsed(loaded: LoadedInputs, parsed: ParsedFile, limits: Pick<InputLimits, 'maxTotalResources'>): void {
  if (parsed.kind === 'none') return;
  if (parsed.kind !== 'problem') {
    const pastTotal = pastTotalLimit(loaded.declaredResources, parsed.resources, limits.maxTotalResources);
    if (pastTotal) {
      const file = parsed.kind === 'terraformSource' ? parsed.hcl.file : parsed.document.file;
      loaded.problems.push({ file, problem: pastTotal });
      return;
    }
    loaded.declaredResources += parsed.resources;
  }
  switch (parsed.kind) {
    case 'problem':
      loaded.problems.push({ file: parsed.file, problem: parsed.problem });
      return;
    case 'terraformSource':
      loaded.terraformSource.push(parsed.hcl);
      loaded.files.push(parsed.hcl.file.path);
      return;
    default:
      loaded[parsed.kind].push(parsed.document);
      loaded.files.push(parsed.document.file.path);
  }
}

/** The run with its inputs, once every file is added. */
export function completeInputs(prepared: PreparedRun, loaded: LoadedInputs): LoadedRun {
  loaded.files.sort();
  return { ...prepared, inputs: loaded };
}
