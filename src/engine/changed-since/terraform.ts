/**
 * Terraform source: which resources of a module directory were added or changed. Terraform reads a
 * directory as one module, so resources are keyed by `type.name` per directory (moving a block to
 * another file of the folder is no change). A resource changed when the normalised text of its block
 * (whitespace collapsed, with the comment lines just above it, where `# flowguard:ignore` lives)
 * differs. A change to anything else the resources may read — variables, locals, data sources,
 * providers, `terraform.tfvars` — marks the whole directory changed; a changed `module` call marks the
 * resources it creates changed; a removed or changed block marks what it no longer names changed.
 */
import type { SourceFile } from '../../core/source.js';
import type { DEFAULT_PARSE_LIMITS } from '../../parse/document.js';
import { isOverrideFileName } from '../../graph/terraform/overrides.js';
import type { Block, HclFile, HclResult } from '../../parse/hcl/index.js';

export type HclParsers = {
  parseHcl: (file: SourceFile, limits?: typeof DEFAULT_PARSE_LIMITS) => HclResult;
  parseTfJson: (file: SourceFile, limits?: typeof DEFAULT_PARSE_LIMITS) => HclResult;
};

/** A module directory's contents, reduced to what decides whether a resource changed. */
export interface ModuleSnapshot {
  /** `type.name` (and `data.type.name`) → normalised block text. */
  resources: Map<string, string>;
  /** Module call name → normalised block text. */
  calls: Map<string, string>;
  /** Everything else, normalised, in a stable order; undefined when a file could not be parsed. */
  shared: string | undefined;
}

export interface ModuleChanges {
  /** Every resource counts as changed. */
  all: boolean;
  resources: ReadonlySet<string>;
  calls: ReadonlySet<string>;
}

export const TERRAFORM_FILE = /\.tf(\.json)?$/i;
/** Resources a removed block's references are followed to, at most (see `compareModules`). */
const MAX_REACHED = 200;
const TFVARS = /(^terraform\.tfvars(\.json)?$)|(\.auto\.tfvars(\.json)?$)/i;

/** A file of a module folder that decides its resources: `.tf`, `.tf.json`, tfvars. */
export function isModuleFile(name: string): boolean {
  return TERRAFORM_FILE.test(name) || TFVARS.test(name);
}

/** The files a `.tf` text reads at `${path.module}/…` (`file()`, `templatefile()`), relative to its folder. */
export function moduleReadNames(text: string): string[] {
  return [...text.matchAll(/\$\{path\.module\}\/([^"$}\n]+)"/g)].map((match) => match[1]!);
}

/**
 * `files`: name → text of the directory's `.tf`, `.tf.json` and tfvars files, and of the files its
 * `.tf` read (`file()`, `templatefile()`; any other name), which count as shared like tfvars.
 */
export function snapshotModule(files: ReadonlyMap<string, string>, parsers: HclParsers): ModuleSnapshot {
  const resources = new Map<string, string>();
  const calls = new Map<string, string>();
  // Override files merge into the blocks they name (graph/terraform/overrides.ts): a change to one
  // changes those blocks. Kept apart, in file-name order, so the base text never depends on it.
  const overrides = { resources: new Map<string, string[]>(), calls: new Map<string, string[]>() };
  const shared: string[] = [];
  let broken = false;
  for (const name of [...files.keys()].sort()) {
    const text = files.get(name)!;
    if (TFVARS.test(name) || !TERRAFORM_FILE.test(name)) {
      shared.push(`${name}\0${normalise(text)}`);
      continue;
    }
    const file: SourceFile = { absolutePath: name, path: name, text };
    const parsed = /\.json$/i.test(name) ? parsers.parseTfJson(file) : parsers.parseHcl(file);
    if (!parsed.ok) {
      broken = true;
      continue;
    }
    for (const attribute of parsed.hcl.body.attributes) shared.push(normalise(text.slice(attribute.start, attribute.end)));
    const override = isOverrideFileName(name);
    for (const block of parsed.hcl.body.blocks) {
      const source = blockText(parsed.hcl, block);
      if (block.type === 'resource' && block.labels.length === 2) record(override ? overrides.resources : undefined, resources, block.labels.join('.'), source);
      else if (block.type === 'module' && block.labels.length === 1) record(override ? overrides.calls : undefined, calls, block.labels[0]!, source);
      else shared.push(source);
    }
  }
  for (const [key, texts] of overrides.resources) resources.set(key, [resources.get(key) ?? '', ...texts].join('\0'));
  for (const [key, texts] of overrides.calls) calls.set(key, [calls.get(key) ?? '', ...texts].join('\0'));
  return { resources, calls, shared: broken ? undefined : shared.sort().join('\n') };
}

function record(overrides: Map<string, string[]> | undefined, blocks: Map<string, string>, key: string, source: string): void {
  if (!overrides) blocks.set(key, source);
  else overrides.set(key, [...(overrides.get(key) ?? []), source]);
}

export function compareModules(before: ModuleSnapshot | undefined, after: ModuleSnapshot): ModuleChanges {
  if (before === undefined || before.shared === undefined || after.shared === undefined || before.shared !== after.shared) {
    return { all: true, resources: new Set(), calls: new Set() };
  }
  const resources = changedKeys(before.resources, after.resources);
  const calls = changedKeys(before.calls, after.calls);
  // A removed or changed block that no longer names a resource (or a module's output) changed what
  // it names: the VPC whose flow log was deleted, or now points at another VPC, lost its coverage.
  const cut: string[] = [];
  for (const [key, text] of before.resources) {
    const now = after.resources.get(key);
    if (now === text) continue;
    const still = now === undefined ? new Set<string>() : mentions(now);
    for (const target of mentions(text)) {
      if (still.has(target)) continue;
      if (target !== key && before.resources.has(target)) cut.push(target);
      if (target.startsWith('module.') && after.calls.has(target.slice('module.'.length))) calls.add(target.slice('module.'.length));
    }
  }
  // Followed through what they named in turn (`vpc_id = aws_subnet.app.vpc_id`), as far as it goes
  // within a bound: a module of thousands of blocks must not make this quadratic without end.
  const reached = new Set<string>();
  while (cut.length > 0 && reached.size < MAX_REACHED) {
    const key = cut.pop()!;
    if (reached.has(key)) continue;
    reached.add(key);
    if (after.resources.has(key)) resources.add(key);
    for (const target of mentions(before.resources.get(key) ?? '')) if (target !== key && !reached.has(target) && before.resources.has(target)) cut.push(target);
  }
  return { all: false, resources, calls };
}

/**
 * The `type.name` pairs normalised HCL text mentions (`aws_vpc.main` in `aws_vpc.main.id` or
 * `aws_vpc.main[0]`, `module.logs` in `module.logs.arn`), not those inside a longer traversal
 * (`data.aws_vpc.main`): read once per block, so comparing a module of thousands of blocks stays linear.
 * May include words that are no address (a string `"a.b"`): only those that are blocks are used.
 */
function mentions(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/(?<![\w.-])[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?![\w-])/g)) found.add(match[0]);
  return found;
}

function changedKeys(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Set<string> {
  const changed = new Set<string>();
  for (const [key, text] of after) if (before.get(key) !== text) changed.add(key);
  return changed;
}

/** An address split into its module calls and the resource: `module.a.module.b.aws_vpc.x[0]` → [a, b], `aws_vpc.x`. */
export function splitAddress(address: string): { modules: string[]; resource: string } {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  const modules: string[] = [];
  let i = 0;
  while (parts[i] === 'module' && i + 1 < parts.length) {
    modules.push(parts[i + 1]!);
    i += 2;
  }
  return { modules, resource: parts.slice(i).join('.') };
}

function blockText(hcl: HclFile, block: Block): string {
  const text = hcl.file.text;
  return `${normalise(leadingComments(text, block.start))}\n${normalise(text.slice(block.start, block.end))}`;
}

/** The comment lines directly above an offset (suppressions written before a block). */
function leadingComments(text: string, offset: number): string {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lines: string[] = [];
  while (lineStart > 0) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(previousStart, lineStart - 1).trim();
    if (!/^(#|\/\/)/.test(line)) break;
    lines.unshift(line);
    lineStart = previousStart;
  }
  return lines.join('\n');
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
