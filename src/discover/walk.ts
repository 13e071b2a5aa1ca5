/**
 * Finds the input files: explicit files as given, directories walked recursively, honouring
 * `.gitignore` files on the way and skipping folders that never hold the user's own templates.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { unsafePattern } from './ignore-patterns.js';
import { DEFAULT_MAX_BYTES, NOT_A_REGULAR_FILE, readRegularText, TOO_LARGE } from './read-regular.js';

export interface Candidate {
  absolutePath: string;
  /** Named on the command line (an unrecognised explicit file is an error, a walked one is skipped). */
  explicit: boolean;
  /**
   * Named by a nested stack's `TemplateURL` (engine/nested-templates.ts): a template, whatever its
   * text looks like, so it is parsed, and one that does not parse is reported (CloudFormation would
   * refuse it too); one that parses into no template of ours is skipped, as a walked file is.
   */
  namedByStack?: true;
  /** In-memory content (library and editor use): the file is not read from disk. */
  text?: string | Uint8Array;
  /**
   * What the file is, whichever path reached it (see `identityOf`): one file found through several
   * symlinks is read once. Absent for in-memory content.
   */
  identity?: string;
}

export interface WalkProblem {
  absolutePath: string;
  message: string;
  /** A path the user named that does not exist: the run has no input to speak of (exit 2). */
  fatal: boolean;
}

export interface WalkResult {
  candidates: Candidate[];
  problems: WalkProblem[];
  /**
   * CDK cloud assemblies (`cdk.out`) the walk left out because a `.gitignore` excludes them, as every
   * CDK project's does: a run that finds nothing else says how to lint them. Absolute paths, sorted.
   */
  ignoredAssemblies?: string[];
}

/**
 * Folders that hold dependencies, tool state or build assets, never templates to lint. `.aws-sam` is
 * what `sam build` writes: a copy of the project's templates (and of their exports, which would make
 * every import ambiguous) with the code it bundles; findings there point at no file the user edits.
 * `.terragrunt-cache` is where Terragrunt copies the module a unit runs, once per unit: a copy linted
 * alone is judged on the module's defaults (the unit's inputs reach Terraform as `TF_VAR_` variables),
 * repeating the module's own findings in files nobody edits.
 */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn', '.aws-sam', '.terragrunt-cache']);

/** File names worth opening while walking; content decides the format. */
export function isCandidateName(name: string): boolean {
  return /\.(json|ya?ml|template|tf)$/i.test(name);
}

/**
 * Symlinks are links, not second copies (as git, trivy and checkov see them): each file is read once.
 * Folders are walked without following links first, so a file inside the walked folders is named by
 * its real path; a linked folder is walked afterwards, under the link's path, only when the walk did
 * not reach its target itself (a shared folder outside the repository, or one the walk skips). A
 * symlink named on the command line is read under the name given.
 */
export function walk(paths: string[], cwd: string): WalkResult {
  const state: WalkState = { result: { candidates: [], problems: [] }, found: [], seenFiles: new Set(), visited: new Set(), links: [] };
  const roots: { absolute: string; real: string }[] = [];
  for (const path of paths.length > 0 ? paths : ['.']) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      state.result.problems.push({ absolutePath: absolute, message: `cannot read ${path}: ${describeFsError(error)}`, fatal: true });
      continue;
    }
    const real = realPath(absolute);
    if (stats.isDirectory()) {
      if (real !== undefined) roots.push({ absolute, real });
    } else if (!state.seenFiles.has(absolute)) {
      state.seenFiles.add(absolute);
      const identity = identityOf(basename(absolute), realPath(dirname(absolute)) ?? dirname(absolute), real ?? absolute);
      state.found.push({ candidate: { absolutePath: absolute, explicit: true, identity }, throughLink: absolute !== real });
    }
  }
  // A folder named by its real path goes first: named twice, through a link and not, it keeps its real name.
  roots.sort((a, b) => Number(a.absolute !== a.real) - Number(b.absolute !== b.real));
  for (const root of roots) walkDirectory(root.absolute, root.real, inheritedScopes(root.absolute), root.absolute !== root.real, state);
  // Linked folders, level by level in name order (deterministic); one the walk already reached is skipped.
  while (state.links.length > 0) {
    const links = state.links.splice(0).sort((a, b) => compareText(a.path, b.path));
    for (const link of links) {
      const real = realPath(link.path);
      if (real !== undefined) walkDirectory(link.path, real, link.scopes, true, state);
    }
  }
  state.result.candidates = onePerFile(state.found);
  state.result.ignoredAssemblies?.sort(compareText);
  return state.result;
}

/**
 * What a file is, whichever path reached it (`realDir`: the real path of the folder it is listed in;
 * `real`: its own). A template or plan stands alone: it is the file its path resolves to, so
 * `net2.yaml -> network.yaml` is one template (one export, not two). A Terraform file belongs to the
 * module of the folder it sits in, as Terraform reads it: a `.tf` file linked into several module
 * folders (a shared `providers.tf`) is a file of each, and only a linked *folder* repeats a module.
 */
export function identityOf(name: string, realDir: string, real: string): string {
  return /\.tf(\.json)?$/i.test(name) ? childPath(realDir, name) : real;
}

/**
 * `join(dir, name)` for a resolved folder and a name listed in it (no `/`, never `.` or `..`): the
 * two joined as they are, without normalising the whole path again, as `join` does for each of the
 * two or three paths the walk makes per file (1–3 ms of a 500-file walk).
 */
function childPath(dir: string, name: string): string {
  return sep === '/' && dir.length > 1 && !dir.endsWith('/') ? `${dir}/${name}` : join(dir, name);
}

interface WalkState {
  result: WalkResult;
  found: Found[];
  seenFiles: Set<string>;
  /** Real paths of the folders walked: each is walked once, which also ends symlink loops. */
  visited: Set<string>;
  /** Linked folders met, walked after the folders reached without a link. */
  links: { path: string; scopes: IgnoreScope[] }[];
}

interface Found {
  candidate: Candidate;
  /** Reached through a symlink (of the file or of a folder above it): loses to the same file reached without. */
  throughLink: boolean;
}

/** One candidate per identity, sorted by path: a named one first, then one reached without a link, then the first by name. */
function onePerFile(found: Found[]): Candidate[] {
  const rank = (f: Found) => (f.candidate.explicit ? 0 : 2) + (f.throughLink ? 1 : 0);
  const best = new Map<string, Found>();
  for (const f of found) {
    const key = f.candidate.identity ?? f.candidate.absolutePath;
    const held = best.get(key);
    if (!held || rank(f) < rank(held) || (rank(f) === rank(held) && f.candidate.absolutePath < held.candidate.absolutePath)) best.set(key, f);
  }
  return [...best.values()].map((f) => f.candidate).sort((a, b) => compareText(a.absolutePath, b.absolutePath));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface IgnoreScope {
  base: string;
  rules: Ignore;
}

/** `real`: the directory's real path; `throughLink`: reached through a symlink (the files' names are not their real paths). */
function walkDirectory(dir: string, real: string, scopes: IgnoreScope[], throughLink: boolean, state: WalkState): void {
  if (state.visited.has(real)) return; // reached already, or a symlink loop
  state.visited.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    state.result.problems.push({ absolutePath: dir, message: `cannot read directory: ${describeFsError(error)}`, fatal: false });
    return;
  }
  // Looked up in the listing: trying to read a missing file costs an exception per folder.
  const local = entries.some((entry) => entry.name === '.gitignore') ? readGitignore(dir, state.result.problems) : undefined;
  const active = local ? [...scopes, local] : scopes;
  entries.sort((a, b) => compareText(a.name, b.name));
  for (const entry of entries) {
    const path = childPath(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    const link = entry.isSymbolicLink();
    if (link) {
      try {
        const target = statSync(path);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue; // dangling link
      }
    }
    if (isDir) {
      if (SKIPPED_DIRS.has(entry.name) || isCdkAsset(dir, entry.name, entries)) continue;
      if (ignored(active, path, true)) {
        if (isCloudAssembly(path)) (state.result.ignoredAssemblies ??= []).push(path);
        continue;
      }
      // A folder that is not a link is where its parent really is; a link waits until the walk has
      // reached, or not, what it points to.
      if (link) state.links.push({ path, scopes: active });
      else walkDirectory(path, childPath(real, entry.name), active, throughLink, state);
    } else if (isFile && isCandidateName(entry.name) && !ignored(active, path, false) && !state.seenFiles.has(path)) {
      const fileReal = link ? realPath(path) : childPath(real, entry.name);
      if (fileReal === undefined) continue;
      state.seenFiles.add(path);
      state.found.push({ candidate: { absolutePath: path, explicit: false, identity: identityOf(entry.name, real, fileReal) }, throughLink: throughLink || link });
    }
  }
}

export function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The `.gitignore` files of the enclosing git work tree above `dir`, outermost first: git applies them
 * to a subfolder too, so `flowguard infra` (or a run from inside `infra/`) skips what `git status`
 * skips. Outside a work tree there are none. A folder named on the command line that those rules
 * ignore is walked anyway, as a named file is linted anyway: the user asked for it.
 */
function inheritedScopes(dir: string): IgnoreScope[] {
  const ancestors: string[] = [];
  for (let current = dir; ; ) {
    if (existsSync(join(current, '.git'))) break;
    const parent = dirname(current);
    if (parent === current) return []; // not in a git work tree
    ancestors.unshift(parent);
    current = parent;
  }
  const scopes = ancestors.map((ancestor) => readGitignore(ancestor)).filter((scope): scope is IgnoreScope => scope !== undefined);
  return ignored(scopes, dir, true) ? [] : scopes;
}

/**
 * Whether the repository ignores a file of `dir` (`.gitignore` files from the work tree's root down to
 * `dir`), as the walk would: the files read beside a named one, or in a module folder a call reaches,
 * must be the ones a walk of the folder reads (Terraform's `.gitignore` leaves out `*_override.tf`).
 * A folder that is itself ignored (`.terraform/modules/…`, where `terraform init` installs modules) is
 * read whole, as when it is named.
 */
export function gitIgnoredIn(dir: string): (name: string) => boolean {
  const own = readGitignore(dir);
  const scopes = own ? [...inheritedScopes(dir), own] : inheritedScopes(dir);
  return scopes.length === 0 ? () => false : (name) => ignored(scopes, join(dir, name), false);
}

/**
 * `cdk.out/asset.<hash>` folders hold bundled Lambda code and copies of files, not stacks. A cloud
 * assembly synthesised elsewhere (`cdk synth -o synth-out`, a stage's `assembly-Prod/`) is known by
 * the `cdk.out` version file or the `manifest.json` CDK writes into it.
 */
function isCdkAsset(parent: string, name: string, siblings: readonly Dirent[]): boolean {
  if (!name.startsWith('asset.')) return false;
  if (basename(parent) === 'cdk.out') return true;
  // `asset.<sha256>`, or with a suffix (`asset.<sha256>.bundle`, as integration-test snapshots keep them).
  return /^asset\.[0-9a-f]{64}(\.|$)/.test(name) && siblings.some((entry) => !entry.isDirectory() && (entry.name === 'cdk.out' || entry.name === 'manifest.json'));
}

/** A folder `cdk synth` wrote: it holds the `cdk.out` file in which CDK records the assembly's version. */
function isCloudAssembly(dir: string): boolean {
  try {
    return statSync(join(dir, 'cdk.out')).isFile();
  } catch {
    return false;
  }
}

/** `problems`: where to say which patterns are not used (the walk's; other readers say nothing twice). */
function readGitignore(dir: string, problems?: WalkProblem[]): IgnoreScope | undefined {
  let text: string;
  try {
    // A `.gitignore` that is a FIFO or a device (a symlink to /dev/zero) is no list of patterns:
    // reading it would hang or exhaust memory. Skipped like an unreadable one.
    text = readRegularText(join(dir, '.gitignore'));
  } catch {
    return undefined;
  }
  const patterns = text.split(/\r?\n/).filter((line, index) => {
    if (line.startsWith('#')) return true;
    const why = unsafePattern(line);
    if (why !== undefined) problems?.push({ absolutePath: join(dir, '.gitignore'), message: `the pattern on line ${index + 1} is not used, so flowguard lints what it would ignore: ${why}`, fatal: false });
    return why === undefined;
  });
  return { base: dir, rules: ignore().add(patterns) };
}

function ignored(scopes: IgnoreScope[], path: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const rel = relative(scope.base, path).split(sep).join('/');
    if (rel && !rel.startsWith('..') && scope.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EEXIST':
      return 'something is already there';
    case NOT_A_REGULAR_FILE:
      return 'not a regular file (a pipe, socket or device)';
    case TOO_LARGE:
      return `larger than ${DEFAULT_MAX_BYTES / 1024 / 1024} MB`;
    // A kernel file opened without blocking that has nothing to give yet (/proc/kmsg).
    case 'EAGAIN':
      return 'nothing to read yet (a kernel or device file that waits for data)';
    // Writing --output: a full disk, a read-only mount, a file that takes no writes (/proc/self/mem).
    case 'ENOSPC':
      return 'no space left on the device';
    // `--output /dev/stdout | head`, or a FIFO whose reader stopped: what is left has nowhere to go.
    case 'EPIPE':
      return 'the pipe was closed by its reader';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'EIO':
      return 'input/output error';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
