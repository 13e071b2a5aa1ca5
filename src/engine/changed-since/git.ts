/**
 * A revision of the work tree, read with git (`git-run.ts` runs it safely). `prefetch` reads what a
 * run will ask for with a fixed number of git processes (`git-batch.ts`); a read it did not cover
 * runs git for that file alone.
 */
import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { ignoredPaths, literalPath, readObjects, treeNames } from './git-batch.js';
import { ChangedSinceError, runGit } from './git-run.js';

export { ChangedSinceError } from './git-run.js';

/** What a run will ask a revision: files to read, folders to list, files to check against the ignore rules (absolute paths). */
export interface PrefetchRequest {
  read?: Iterable<string>;
  list?: Iterable<string>;
  ignored?: Iterable<string>;
}

/** A revision of one work tree: reads files as they were in it. */
export interface Revision {
  /** The ref as the user wrote it, for messages. */
  ref: string;
  /** The commit it names. */
  commit: string;
  /** The work tree's top level (real path). */
  top: string;
  /**
   * The text of a file (absolute path) at the revision, or undefined when it did not exist there.
   * Paths outside the work tree are undefined too.
   */
  read(absolutePath: string): string | undefined;
  /** Repository-relative paths of the files changed since the revision (staged or not), deleted ones included; untracked ones not. */
  changedPaths(): string[];
  /** The names of the files directly in a directory (absolute path) at the revision. */
  list(absoluteDir: string): string[];
  /** Whether git ignores a file of the work tree (absolute path): `node_modules`, build output. */
  ignored(absolutePath: string): boolean;
  /**
   * Where a symlink of the work tree (repository-relative path, not resolved) pointed at the
   * revision; undefined when that path was no symlink there.
   */
  symlinkTarget(repoPath: string): string | undefined;
  /** Reads ahead, in a few git runs, what `read`, `list` and `ignored` will be asked for. */
  prefetch(request: PrefetchRequest): void;
}

/**
 * Why a revision may be missing other than a typo: in a shallow clone (CI's default checkout,
 * `fetch-depth: 1`) the base of a pull request is usually just not fetched, and a repository
 * without commits has no revision at all.
 */
function revisionHint(root: string): string {
  const shallow = runGit(root, ['rev-parse', '--is-shallow-repository']);
  if (shallow.status === 0 && shallow.stdout.trim() === 'true') return ' (this clone is shallow: fetch the revision, e.g. `git fetch --unshallow`, or check out with fetch-depth: 0)';
  return runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).status === 0 ? '' : ' (the repository has no commits yet)';
}

export function openRevision(cwd: string, ref: string): Revision {
  // A ref that starts with "-" would be read as an option.
  if (ref === '' || ref.startsWith('-') || /[\0\n]/.test(ref)) throw new ChangedSinceError(`--changed-since: unknown revision '${ref}'`);
  const top = runGit(cwd, ['rev-parse', '--show-toplevel']);
  if (top.status !== 0) throw new ChangedSinceError(`--changed-since: the working directory ${cwd} is not in a git repository; run flowguard from inside the repository to compare`);
  const root = realpathSync(top.stdout.trim());
  const verified = runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (verified.status !== 0) throw new ChangedSinceError(`--changed-since: unknown revision '${ref}'${revisionHint(root)}`);
  const commit = verified.stdout.trim();
  // `^main` verifies too, as `^<sha>`: the exclusion of a range, which `cat-file` cannot read, so every
  // file would read as new at it and nothing would be marked unchanged.
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) throw new ChangedSinceError(`--changed-since: '${ref}' is not one revision; name a branch, tag or commit`);
  const inTree = (absolutePath: string): string | undefined => {
    let real: string;
    try {
      real = realpathSync(absolutePath);
    } catch {
      real = resolve(absolutePath);
    }
    const rel = relative(root, real);
    if (rel.startsWith('..') || resolve(root, rel) !== real) return undefined;
    return sep === '/' ? rel : rel.split(sep).join('/');
  };
  // What `prefetch` read, by repository-relative path (undefined: absent at the revision).
  const blobs = new Map<string, string | undefined>();
  const trees = new Map<string, string[]>();
  const ignores = new Map<string, boolean>();
  const hashBytes = commit.length / 2;
  const inTreeAll = (paths: Iterable<string> | undefined): string[] => {
    const rels = new Set<string>();
    for (const path of paths ?? []) {
      const rel = inTree(path);
      if (rel !== undefined) rels.add(rel);
    }
    return [...rels];
  };
  return {
    ref,
    commit,
    top: root,
    read(absolutePath) {
      const rel = inTree(absolutePath);
      if (rel === undefined || rel === '') return undefined;
      if (blobs.has(rel)) return blobs.get(rel);
      const blob = runGit(root, ['cat-file', 'blob', `${commit}:${rel}`]);
      return blob.status === 0 ? blob.stdout : undefined;
    },
    changedPaths() {
      const diff = runGit(root, ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', commit, '--']);
      return diff.status === 0 ? diff.stdout.split('\0').filter(Boolean) : [];
    },
    list(absoluteDir) {
      const rel = inTree(absoluteDir);
      if (rel === undefined) return [];
      const cached = trees.get(rel);
      if (cached) return cached;
      // Literal: a folder named `:(glob)x` or `:x` at the top is no pathspec magic (`:x/` is folder `x`).
      const tree = runGit(root, ['ls-tree', '--name-only', '-z', commit, '--', rel === '' ? '.' : `:(literal)${rel}/`]);
      if (tree.status !== 0) return [];
      return tree.stdout
        .split('\0')
        .filter(Boolean)
        .map((path) => path.slice(path.lastIndexOf('/') + 1));
    },
    ignored(absolutePath) {
      const rel = inTree(absolutePath);
      if (rel === undefined || rel === '') return false;
      // check-ignore: 0 ignored, 1 not, 128 an error (then: not known to be ignored).
      return ignores.get(rel) ?? runGit(root, ['check-ignore', '-q', '--', literalPath(rel)]).status === 0;
    },
    prefetch(request) {
      const reads = inTreeAll(request.read).filter((rel) => rel !== '' && !blobs.has(rel));
      const lists = inTreeAll(request.list).filter((rel) => !trees.has(rel));
      // `<commit>:` is the root tree; a path names a blob or, for a folder, a tree.
      const objects = readObjects(root, [...reads, ...lists].map((rel) => `${commit}:${rel}`));
      for (const rel of reads) {
        const name = `${commit}:${rel}`;
        if (!objects.has(name)) continue;
        const object = objects.get(name);
        // `cat-file blob` fails on a folder: absent, as for a single read.
        blobs.set(rel, object?.type === 'blob' ? object.bytes.toString('utf8') : undefined);
      }
      for (const rel of lists) {
        const name = `${commit}:${rel}`;
        if (!objects.has(name)) continue;
        const object = objects.get(name);
        trees.set(rel, object?.type === 'tree' ? treeNames(object.bytes, hashBytes) : []);
      }
      const checks = inTreeAll(request.ignored).filter((rel) => rel !== '' && !ignores.has(rel));
      const ignored = checks.length > 0 ? ignoredPaths(root, checks) : undefined;
      if (ignored) for (const rel of checks) ignores.set(rel, ignored.has(rel));
    },
    symlinkTarget(repoPath) {
      if (repoPath === '' || repoPath.startsWith('..')) return undefined;
      // `<mode> <type> <object>\t<path>`; mode 120000 is a symlink, whose blob is its target.
      const entry = runGit(root, ['ls-tree', '-z', commit, '--', `:(literal)${repoPath}`]);
      const match = /^120000 blob ([0-9a-f]+)\t/.exec(entry.stdout);
      if (entry.status !== 0 || !match) return undefined;
      const blob = runGit(root, ['cat-file', 'blob', match[1]!]);
      return blob.status === 0 ? blob.stdout : undefined;
    },
  };
}
