/**
 * Finds the input files: explicit files as given, directories walked recursively, honouring
 * `.gitignore` files on the way and skipping folders that never hold the user's own templates.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface Candidate {
  absolutePath: string;
  /** Named on the command line (an unrecognised explicit file is an error, a walked one is skipped). */
  explicit: boolean;
  /** In-memory content (library and editor use): the file is not read from disk. */
  text?: string;
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
}

/** Folders that hold dependencies, tool state or build assets, never templates to lint. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn']);

/** File names worth opening while walking; content decides the format. */
export function isCandidateName(name: string): boolean {
  return /\.(json|ya?ml|template|tf)$/i.test(name);
}

export function walk(paths: string[], cwd: string): WalkResult {
  const result: WalkResult = { candidates: [], problems: [] };
  const seenFiles = new Set<string>();
  for (const path of paths.length > 0 ? paths : ['.']) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      result.problems.push({ absolutePath: absolute, message: `cannot read ${path}: ${describeFsError(error)}`, fatal: true });
      continue;
    }
    if (stats.isDirectory()) {
      const real = realPath(absolute);
      if (real !== undefined) walkDirectory(absolute, real, inheritedScopes(absolute), new Set(), result, seenFiles);
    } else if (!seenFiles.has(absolute)) {
      seenFiles.add(absolute);
      result.candidates.push({ absolutePath: absolute, explicit: true });
    }
  }
  result.candidates.sort((a, b) => (a.absolutePath < b.absolutePath ? -1 : a.absolutePath > b.absolutePath ? 1 : 0));
  return result;
}

interface IgnoreScope {
  base: string;
  rules: Ignore;
}

/** `real`: the directory's real path, for symlink loops (resolved by the caller only where a link leads to it). */
function walkDirectory(dir: string, real: string, scopes: IgnoreScope[], visited: Set<string>, result: WalkResult, seenFiles: Set<string>): void {
  if (visited.has(real)) return; // symlink loop
  visited.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    result.problems.push({ absolutePath: dir, message: `cannot read directory: ${describeFsError(error)}`, fatal: false });
    return;
  }
  // Looked up in the listing: trying to read a missing file costs an exception per folder.
  const local = entries.some((entry) => entry.name === '.gitignore') ? readGitignore(dir) : undefined;
  const active = local ? [...scopes, local] : scopes;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
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
      if (SKIPPED_DIRS.has(entry.name) || isCdkAsset(dir, entry.name) || ignored(active, path, true)) continue;
      // A folder that is not a link is where its parent really is: only a link needs resolving.
      const childReal = link ? realPath(path) : join(real, entry.name);
      if (childReal !== undefined) walkDirectory(path, childReal, active, visited, result, seenFiles);
    } else if (isFile && isCandidateName(entry.name) && !ignored(active, path, false) && !seenFiles.has(path)) {
      seenFiles.add(path);
      result.candidates.push({ absolutePath: path, explicit: false });
    }
  }
}

function realPath(path: string): string | undefined {
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
  const scopes = ancestors.map(readGitignore).filter((scope): scope is IgnoreScope => scope !== undefined);
  return ignored(scopes, dir, true) ? [] : scopes;
}

/** `cdk.out/asset.<hash>` folders hold bundled Lambda code and copies of files, not stacks. */
function isCdkAsset(parent: string, name: string): boolean {
  return name.startsWith('asset.') && basename(parent) === 'cdk.out';
}

function readGitignore(dir: string): IgnoreScope | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { base: dir, rules: ignore().add(text) };
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
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
