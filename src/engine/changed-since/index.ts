/**
 * `--changed-since REF`: report only findings on resources added or changed since a git revision.
 * A post-filter like the baseline (`../baseline.ts`): a finding on an unchanged resource stays in the
 * result, marked suppressed (`kind: "external"`, "unchanged since REF"), so it is left out of the text
 * formats and the exit code and kept, suppressed, in SARIF.
 *
 * A finding is kept when its resource (`resourceId` in `logicalFile ?? file`), or one of its related
 * resources, is new or changed — a Terraform module's resource also by a changed `module` call that
 * creates it; a finding without a resource (a parse error) when its file changed.
 * A file absent at the revision is new: all its resources are. Everything is computed lazily, per
 * file or module directory that has a finding, from what `prefetch.ts` read at the revision in a few
 * batches beforehand.
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Creator, Finding } from '../../core/finding.js';
import type { LintResult } from '../../core/result.js';
import type { SourceFile } from '../../core/source.js';
import { findRepositoryRoot } from '../../discover/repo-root.js';
import { detectFormat } from '../../discover/detect.js';
import { readRegularText } from '../../discover/read-regular.js';
import type { ParseResult } from '../../parse/document.js';
import { changedLogicalIds, type ChangedIds } from './cloudformation.js';
import { openRevision, type Revision } from './git.js';
import { droppedImports, exportedUnder } from './imports.js';
import { changedAddresses } from './plan.js';
import { prefetchFor } from './prefetch.js';
import { compareModules, isModuleFile, moduleReadNames, snapshotModule, splitAddress, TERRAFORM_FILE, type HclParsers, type ModuleChanges } from './terraform.js';

export { ChangedSinceError } from './git.js';

type DataParser = (file: SourceFile) => ParseResult;
interface Parsers extends HclParsers {
  parseJson: DataParser;
  parseYaml: DataParser;
}

/** Marks the findings on unchanged resources suppressed. Throws `ChangedSinceError` for a bad ref or no repository. */
export async function applyChangedSince(result: LintResult, ref: string, cwd: string): Promise<LintResult> {
  const revision = openRevision(cwd, ref);
  const root = findRepositoryRoot(cwd);
  const changedPaths = revision.changedPaths();
  const changes = new ChangeIndex(revision, root, await loadParsers(result, changedPaths), changedPaths);
  const templates = result.findings.some((f) => !TERRAFORM_FILE.test(f.logicalFile ?? f.file)) ? changedPaths.filter((p) => CLOUDFORMATION_FILE.test(p)) : [];
  prefetchFor(revision, root, result.findings, templates);
  const justification = `unchanged since ${ref}`;
  const findings = result.findings.map((finding): Finding => {
    if (finding.suppressions?.length || changes.keeps(finding)) return finding;
    return { ...finding, suppressions: [{ kind: 'external', justification }] };
  });
  return { ...result, findings };
}

/** The parsers this run's findings need, loaded as the engine loads them (only for formats present). */
async function loadParsers(result: LintResult, changedPaths: readonly string[]): Promise<Parsers> {
  const files = result.findings.flatMap((f) => [f.file, f.logicalFile ?? f.file]);
  // A changed template may have dropped an import of an export of a template with a finding (imports.ts).
  if (files.some((f) => !TERRAFORM_FILE.test(f))) files.push(...changedPaths.filter((p) => CLOUDFORMATION_FILE.test(p)));
  const hcl = files.some((f) => TERRAFORM_FILE.test(f));
  const yaml = files.some((f) => !TERRAFORM_FILE.test(f) && !/\.json$/i.test(f));
  const missing = (): never => {
    throw new Error('flowguard --changed-since: parser not loaded');
  };
  return {
    parseJson: (await import('../../parse/json.js')).parseJson,
    parseYaml: yaml ? (await import('../../parse/yaml.js')).parseYaml : missing,
    parseHcl: hcl ? (await import('../../parse/hcl/index.js')).parseHcl : missing,
    parseTfJson: hcl ? (await import('../../parse/hcl/tfjson.js')).parseTfJson : missing,
  };
}

type FileChanges = { kind: 'ids'; ids: ChangedIds } | { kind: 'terraform'; dir: string };

/** Files that may be CloudFormation templates (what walking finds; content decides the rest). */
const CLOUDFORMATION_FILE = /\.(json|ya?ml|template)$/i;

const UNCHANGED_MODULE: ModuleChanges = { all: false, resources: new Set(), calls: new Set() };
const CHANGED_MODULE: ModuleChanges = { all: true, resources: new Set(), calls: new Set() };

class ChangeIndex {
  private readonly files = new Map<string, FileChanges>();
  private readonly modules = new Map<string, ModuleChanges>();
  private readonly texts = new Map<string, boolean>();
  private readonly outside = new Map<string, OutsideLink | undefined>();
  private readonly installedFiles = new Map<string, boolean>();
  private dropped: string[] | undefined;

  constructor(
    private readonly revision: Revision,
    private readonly root: string,
    private readonly parsers: Parsers,
    private readonly changedPaths: readonly string[],
  ) {}

  keeps(finding: Finding): boolean {
    if (finding.resourceId === undefined) return this.fileChanged(finding.file);
    if (this.changed(finding.logicalFile ?? finding.file, finding.file, finding.resourceId, finding.createdBy)) return true;
    // A related resource of a module is written in the module's file; the calls that create it are
    // elsewhere (the root module, an intermediate module) and decide it too.
    return finding.related.some((r) => r.resourceId !== undefined && this.changed(r.logicalFile ?? r.file, r.file, r.resourceId, r.createdBy));
  }

  /** The resource, or the `module` call or nested stack that creates it, changed. */
  private changed(logicalFile: string, file: string, id: string, createdBy: readonly Creator[] | undefined): boolean {
    // A nested stack's child that no commit has changes only through that stack.
    if (createdBy?.length && this.installed(logicalFile)) return this.creatorChanged(createdBy);
    return this.resourceChanged(logicalFile, file, id) || this.creatorChanged(createdBy);
  }

  /**
   * A `module` call or nested stack that creates the resource changed: what it passes (a module
   * argument, a nested stack's parameter) changes what it creates, though the resource's own block did not.
   */
  private creatorChanged(createdBy: readonly Creator[] | undefined): boolean {
    return createdBy?.some((c) => this.resourceChanged(c.file, c.file, c.resourceId)) ?? false;
  }

  /**
   * `logicalFile`: where the id belongs; `file`: where the resource is written (a module's `.tf`). A
   * module call, `module.<name>` or the address of a module the run cannot see, is written in `file`.
   */
  private resourceChanged(logicalFile: string, file: string, id: string): boolean {
    const changes = this.fileChanges(logicalFile);
    if (changes.kind === 'ids') return changes.ids === 'all' || changes.ids.has(id);
    const { modules, resource } = splitAddress(id);
    const own = this.moduleChanges(TERRAFORM_FILE.test(file) ? dirname(file) : changes.dir);
    if (own.all) return true;
    return resource === '' ? modules.length > 0 && own.calls.has(modules[modules.length - 1]!) : own.resources.has(resource);
  }

  private fileChanges(path: string): FileChanges {
    let changes = this.files.get(path);
    if (changes === undefined) {
      changes = this.computeFileChanges(path);
      this.files.set(path, changes);
    }
    return changes;
  }

  private computeFileChanges(path: string): FileChanges {
    if (TERRAFORM_FILE.test(path)) return { kind: 'terraform', dir: dirname(path) };
    const link = this.outsideLink(path);
    if (link) return { kind: 'ids', ids: link.changed ? 'all' : new Set() };
    const absolute = resolve(this.root, path);
    const oldText = this.revision.read(absolute);
    if (oldText === undefined) return { kind: 'ids', ids: 'all' };
    const newText = readText(absolute);
    if (newText === undefined) return { kind: 'ids', ids: 'all' };
    if (oldText === newText) return { kind: 'ids', ids: this.withCutImports(path, newText, new Set()) };
    const before = this.parseData(path, oldText);
    const after = this.parseData(path, newText);
    if (before === undefined || after === undefined) return { kind: 'ids', ids: 'all' };
    const format = detectFormat(after);
    if (format === 'terraform-plan' || format === 'terraform-state') return { kind: 'ids', ids: changedAddresses(before, after) };
    return { kind: 'ids', ids: this.withCutImports(path, after, changedLogicalIds(before, after)) };
  }

  /** `ids` and the resources this template exports under a name another changed template no longer imports. */
  private withCutImports(path: string, template: unknown, ids: ChangedIds): ChangedIds {
    if (ids === 'all' || this.droppedImports().length === 0) return ids;
    const parsed = typeof template === 'string' ? this.parseData(path, template) : template;
    if (parsed === undefined) return ids;
    const cut = exportedUnder(parsed, this.droppedImports());
    return cut.size > 0 ? new Set([...ids, ...cut]) : ids;
  }

  /** Import names that the templates changed since the revision (deleted ones too) no longer use. */
  private droppedImports(): string[] {
    if (this.dropped) return this.dropped;
    this.dropped = [];
    for (const path of this.changedPaths) {
      if (!CLOUDFORMATION_FILE.test(path)) continue;
      const absolute = join(this.revision.top, path);
      const oldText = this.revision.read(absolute);
      if (oldText === undefined || !oldText.includes('ImportValue')) continue;
      const newText = readText(absolute);
      const before = this.parseData(path, oldText);
      this.dropped.push(...droppedImports(before, newText === undefined ? undefined : this.parseData(path, newText)));
    }
    return this.dropped;
  }

  private moduleChanges(dir: string): ModuleChanges {
    let changes = this.modules.get(dir);
    const link = changes === undefined ? this.outsideLink(dir) : undefined;
    if (link) {
      changes = link.changed ? CHANGED_MODULE : UNCHANGED_MODULE;
      this.modules.set(dir, changes);
    } else if (changes === undefined) {
      const absolute = resolve(this.root, dir);
      const oldNames = this.revision.list(absolute).filter(isModuleFile);
      const readOld = (name: string): string | undefined => this.revision.read(join(absolute, name));
      const readNew = (name: string): string | undefined => readText(join(absolute, name));
      const before = oldNames.length ? snapshotModule(withReadFiles(readAll(oldNames, readOld), readOld), this.parsers) : undefined;
      const newNames = listDir(absolute).filter(isModuleFile);
      const after = snapshotModule(withReadFiles(readAll(newNames, readNew), readNew), this.parsers);
      changes = compareModules(before, after);
      this.modules.set(dir, changes);
    }
    return changes;
  }

  /** Whether a file's text differs from the revision's (or the file is new). */
  private fileChanged(path: string): boolean {
    let changed = this.texts.get(path);
    if (changed === undefined) {
      const absolute = resolve(this.root, path);
      const link = this.outsideLink(path);
      const oldText = link ? undefined : this.revision.read(absolute);
      changed = link ? link.changed : oldText === undefined || oldText !== readText(absolute);
      this.texts.set(path, changed);
    }
    return changed;
  }

  /**
   * A template no commit has and git ignores, read because a nested stack names it (a cfn-modules
   * module under `node_modules`, installed by npm). Only for a resource such a stack creates: a file
   * git ignores that the run names itself (a CDK app's `cdk.out`) is new in every run, as before.
   */
  private installed(path: string): boolean {
    let installed = this.installedFiles.get(path);
    if (installed === undefined) {
      const absolute = resolve(this.root, path);
      // A module's resources are created by calls in `.tf` files: only templates are asked (two git runs each).
      installed = !TERRAFORM_FILE.test(path) && this.revision.read(absolute) === undefined && this.revision.ignored(absolute);
      this.installedFiles.set(path, installed);
    }
    return installed;
  }

  /**
   * A path behind a symlink of the work tree that leads out of it (a shared folder of templates or
   * modules elsewhere on disk). Git has only the link, not the files: they are what the link points
   * to, unchanged by any commit of this repository. So they changed exactly when the link did (it is
   * new since the revision, or points elsewhere), and were otherwise not touched since it.
   */
  private outsideLink(path: string): OutsideLink | undefined {
    if (this.outside.has(path)) return this.outside.get(path);
    const parts = path.split('/');
    let found: OutsideLink | undefined;
    // Outermost first: the first link that leaves the work tree is the one git records.
    for (let i = 1; i <= parts.length && !found && !parts[0]!.startsWith('..'); i++) {
      const linkPath = parts.slice(0, i).join('/');
      const target = outsideTarget(resolve(this.root, linkPath), this.revision.top);
      if (target !== undefined) found = { changed: this.revision.symlinkTarget(linkPath) !== target };
    }
    this.outside.set(path, found);
    return found;
  }

  private parseData(path: string, text: string): unknown {
    const file: SourceFile = { absolutePath: resolve(this.root, path), path, text };
    const parsed = /\.json$/i.test(path) || text.trimStart().startsWith('{') ? this.parsers.parseJson(file) : this.parsers.parseYaml(file);
    return parsed.ok ? parsed.document.value : undefined;
  }
}

interface OutsideLink {
  /** The link is new since the revision, or points elsewhere. */
  changed: boolean;
}

/** The target of a symlink (as written in it) when it resolves outside the work tree `top`; else undefined. */
function outsideTarget(absolute: string, top: string): string | undefined {
  try {
    if (!lstatSync(absolute).isSymbolicLink()) return undefined;
    const rel = relative(top, realpathSync(absolute));
    return rel.startsWith('..') || isAbsolute(rel) ? readlinkSync(absolute) : undefined;
  } catch {
    return undefined; // dangling, or gone since: not a way out of the work tree
  }
}

/**
 * The module's files plus those it reads with `file()` / `templatefile()` at `${path.module}/…` (a
 * trust policy kept as JSON beside the `.tf`): a change there changes the resources that read it.
 * A file that does not exist is recorded as such, so that adding it is a change too.
 */
function withReadFiles(files: Map<string, string>, read: (name: string) => string | undefined): Map<string, string> {
  const names = new Set<string>();
  for (const [name, text] of files) {
    if (!TERRAFORM_FILE.test(name)) continue;
    for (const name of moduleReadNames(text)) names.add(name);
  }
  for (const name of [...names].sort()) {
    if (files.has(name) || name.split('/').includes('..')) continue;
    files.set(name, read(name) ?? '\0absent');
  }
  return files;
}

function readAll(names: readonly string[], read: (name: string) => string | undefined): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of names) {
    const text = read(name);
    if (text !== undefined) files.set(name, text);
  }
  return files;
}

function readText(path: string): string | undefined {
  try {
    // A committed symlink to /dev/zero, or a FIFO left in the work tree, must not hang or fill memory.
    return readRegularText(path);
  } catch {
    return undefined;
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
