/**
 * Phase 2: reads and decodes each candidate and decides which parser it needs, or that it is not
 * ours. Decided from the name and the text alone, so the parsers can be loaded before phase 3.
 */
import { basename } from 'node:path';
import type { SourceFile } from '../core/source.js';
import { looksLikeInfrastructure, terraformUiLog } from '../discover/detect.js';
import { NOT_A_REGULAR_FILE, readRegularFile, TOO_LARGE } from '../discover/read-regular.js';
import { toRepoPath } from '../discover/repo-root.js';
import { describeFsError, type Candidate } from '../discover/walk.js';
import { decodeText, looksLikeJson } from '../parse/decode.js';
import type { ParseProblem } from '../parse/document.js';
import type { InputLimits } from './options.js';
import { TERRAFORM_SOURCE, type ParserName, type PreparedRun, type ReadFile, type ReadRun } from './pipeline.js';

export function readInputs(run: PreparedRun): ReadRun {
  return withFiles(run, run.walked.candidates.map((candidate) => readCandidate(candidate, run.root, run.limits)));
}

/** The run with the files read from its candidates, in their order. */
export function withFiles(run: PreparedRun, files: ReadFile[]): ReadRun {
  const parsers = new Set<ParserName>();
  for (const read of files) if ('parser' in read) parsers.add(read.parser);
  return { ...run, files, parsers: [...parsers] };
}

const PLAN_LOG =
  'this is the log of `terraform plan -json` (one message a line), not a plan: it has no resource values to check; save the plan with `terraform plan -out=plan.out` and lint the output of `terraform show -json plan.out`';
const TERRAFORM_LOG =
  'this is the log of a `terraform … -json` command (one message a line), not a plan or state: lint the output of `terraform show -json plan.out` (a plan) or `terraform show -json` (the state)';

export function readCandidate(candidate: Candidate, root: string, limits: InputLimits): ReadFile {
  const file: SourceFile = { absolutePath: candidate.absolutePath, path: toRepoPath(root, candidate.absolutePath), text: '' };
  const bytes = candidate.text === undefined ? readBytes(candidate.absolutePath, limits) : inMemoryBytes(candidate.text, limits);
  if (!Buffer.isBuffer(bytes)) return { file, problem: bytes };
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    // The problem's offsets index the lenient decoding (after any BOM): keep it so the finding
    // points at the bad byte's line, not at 1:1.
    file.text = lenientDecoder.decode(hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes);
    // A walked file that is not valid text is reported only when it is evidently ours (SPEC §1): any
    // `.tf` file, or text that reads like a template or plan (a Latin-1 comment in one, say). UTF-16
    // and UTF-32 (`terraform show -json plan > plan.json` in Windows PowerShell) read as UTF-8 put a NUL
    // between the letters: sniffed without them, so such a template or plan is reported, not skipped.
    if (!candidate.explicit && !candidate.namedByStack && !TERRAFORM_SOURCE.test(candidate.absolutePath) && !looksLikeInfrastructure(file.text.replaceAll('\0', ''))) return { file: { ...file, text: '' }, skipped: true };
    return { file, problem: decoded.problem };
  }
  file.text = decoded.text;
  const { explicit } = candidate;
  // Any `.tf` file is evidently meant to be Terraform: its parse errors are always reported.
  if (TERRAFORM_SOURCE.test(candidate.absolutePath)) return { file, explicit, parser: candidate.absolutePath.toLowerCase().endsWith('.json') ? 'parseTfJson' : 'parseHcl' };
  // Another tool's HCL, named: parsed as YAML it would fail with a YAML message about HCL text.
  const hcl = explicit ? otherHcl(candidate.absolutePath) : undefined;
  if (hcl !== undefined) return { file, problem: { message: hcl, start: 0, end: 0 } };
  // A plan's log is reported even when walked: someone saved it for flowguard to check (as `plan.json`),
  // and nothing in it could be. Other Terraform logs (`terraform test -json` results) are not ours.
  const log = terraformUiLog(file.text);
  if (log && (explicit || log.kind === 'plan')) return { file, problem: { message: log.kind === 'plan' ? PLAN_LOG : TERRAFORM_LOG, start: log.start, end: log.end } };
  if (log) return { file: { ...file, text: '' }, skipped: true };
  // Helm charts, package manifests, …: not ours, not even parsed.
  // A stack's child is parsed whatever it looks like: `Resources:\n  A: [` names no type, yet is a
  // template that does not parse, not a file that is none of ours.
  if (!explicit && !candidate.namedByStack && !looksLikeInfrastructure(file.text)) return { file: { ...file, text: '' }, skipped: true };
  // YAML is a superset of JSON's syntax: a `.yaml` file written in flow style (`{Resources: …}`) is YAML.
  const json = !/\.ya?ml$/i.test(candidate.absolutePath) && looksLikeJson(file.text);
  return { file, explicit, parser: json ? 'parseJson' : 'parseYaml' };
}

const TERRAGRUNT =
  'this is a Terragrunt configuration, which flowguard does not read (nor its `inputs`): lint the Terraform module its `terraform { source }` names, or its plan: `terragrunt plan -out=plan.out`, then the output of `terragrunt show -json plan.out`';
const TERRAFORM_STACKS =
  'this is a Terraform Stacks configuration, which flowguard does not read (nor the inputs it gives): lint the Terraform modules its components name';
const LOCK_FILE = "this is Terraform's dependency lock file, which declares no resources: lint the `.tf` files of its folder";
const OTHER_HCL =
  'this HCL file is not Terraform source: flowguard reads Terraform `.tf` and `.tf.json` files, CloudFormation templates, and the JSON of `terraform show -json`';
const OPENTOFU =
  'this is OpenTofu source (`.tofu`), which flowguard does not read: it reads Terraform `.tf` and `.tf.json` files; lint the plan instead: `tofu plan -out=plan.out`, then the output of `tofu show -json plan.out`';

/**
 * Why a named `.hcl` file is none of ours (Terragrunt, Terraform Stacks, the lock file, Packer, Nomad),
 * or a named OpenTofu-only file (`.tofu`, `.tofu.json`), or undefined for any other file. Terraform
 * reads only `.tf` and `.tf.json` as a module's source. Read as a template, a `.tofu` file failed with
 * "not a CloudFormation template", which says nothing of what it is.
 */
function otherHcl(absolutePath: string): string | undefined {
  const name = basename(absolutePath).toLowerCase();
  if (name.endsWith('.tofu') || name.endsWith('.tofu.json')) return OPENTOFU;
  if (!name.endsWith('.hcl')) return undefined;
  // `root.hcl` is the name Terragrunt recommends for the root configuration its units include
  // (`find_in_parent_folders("root.hcl")`), since a root `terragrunt.hcl` was deprecated.
  if (name === 'terragrunt.hcl' || name === 'terragrunt.stack.hcl' || name === 'root.hcl') return TERRAGRUNT;
  if (/\.(tfcomponent|tfstack|tfdeploy)\.hcl$/.test(name)) return TERRAFORM_STACKS;
  if (name === '.terraform.lock.hcl') return LOCK_FILE;
  return OTHER_HCL;
}

/** An in-memory document (library, editor) obeys the same size limit as a file on disk. */
function inMemoryBytes(text: string | Uint8Array, limits: InputLimits): Buffer | ParseProblem {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  return bytes.length > limits.maxFileSize ? tooLarge(bytes.length, limits) : bytes;
}

/** `size` is absent for a file that said it was smaller than it read (a kernel file under /proc). */
function tooLarge(size: number | undefined, limits: InputLimits): ParseProblem {
  const what = size === undefined ? `reads on past its stated size of 0 bytes` : `is ${formatBytes(size)}`;
  return { message: `file ${what}, larger than the limit of ${formatBytes(limits.maxFileSize)} (raise it with --max-file-size)`, start: 0, end: 0, limit: 'maxFileSize' };
}

/** The file's bytes, or why they cannot be read. */
function readBytes(path: string, limits: InputLimits): Buffer | ParseProblem {
  try {
    return readRegularFile(path, limits.maxFileSize);
  } catch (error) {
    const { code, size } = error as { code?: string; size?: number };
    // A FIFO, socket or device named on the command line: reading it may block forever (a FIFO
    // without a writer) or never end (/dev/zero).
    if (code === NOT_A_REGULAR_FILE) return { message: 'not a regular file (a pipe, socket or device); name a template file', start: 0, end: 0 };
    if (code === TOO_LARGE) return tooLarge(size, limits);
    return { message: `cannot read file: ${describeFsError(error)}`, start: 0, end: 0 };
  }
}

const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${bytes} bytes`;
}
