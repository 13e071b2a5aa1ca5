/**
 * Reads many objects and ignore checks with a fixed number of git processes, whatever the number of
 * files: `--changed-since` on a branch that touches 2,000 templates spawned git once per file (about
 * 10 ms each, 20 s in all). Objects go through `git cat-file --batch-check` (type and size) and then
 * one `--batch` on stdin, up to `BATCH_BYTES` of contents (the caller keeps what a batch read until
 * the run ends, so this also bounds that memory); ignore checks through one `git check-ignore --stdin`.
 * Anything a batch cannot answer is left out, and the caller reads it on its own as before, so
 * results and error messages stay those of the single reads.
 */
import { MAX_BUFFER, runGit, runGitBytes } from './git-run.js';

/** An object as `cat-file` has it: `blob` (a file's or a symlink's bytes) or `tree` (a folder). */
export interface GitObject {
  type: string;
  bytes: Buffer;
}

/** Most bytes of file contents one batch reads: a quarter of what one git run may print. */
const BATCH_BYTES = MAX_BUFFER / 4;

/**
 * The objects that `names` (`<commit>:<path>`) name, by name; a name that names nothing is mapped
 * to undefined. Names a batch line cannot carry (a line break), and objects past `BATCH_BYTES` in
 * all (a single read reads them, or reports one too large to buffer), are left out.
 */
export function readObjects(root: string, names: Iterable<string>): Map<string, GitObject | undefined> {
  const found = new Map<string, GitObject | undefined>();
  // `cat-file --batch` reads one name a line and drops a trailing carriage return.
  const batchable = [...new Set(names)].filter((name) => !/[\n\r\0]/.test(name));
  if (batchable.length === 0) return found;
  const check = runGit(root, ['cat-file', '--batch-check'], `${batchable.join('\n')}\n`);
  if (check.status !== 0) return found;
  const lines = check.stdout.split('\n');
  const wanted: { name: string; oid: string }[] = [];
  let bytes = 0;
  for (const [i, name] of batchable.entries()) {
    // `<oid> <type> <size>`, or `<name> missing` / `<name> ambiguous`: then the name reads as absent.
    const match = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(lines[i] ?? '');
    if (!match) {
      if (lines[i]?.endsWith(' missing')) found.set(name, undefined);
      continue;
    }
    const [, oid, type, size] = match;
    if (type !== 'blob' && type !== 'tree') found.set(name, undefined);
    else if (bytes + Number(size) <= BATCH_BYTES) {
      wanted.push({ name, oid: oid! });
      bytes += Number(size);
    }
  }
  if (wanted.length === 0) return found;
  // Headers and line breaks add about 100 bytes an object to the contents: far below the buffer.
  const batch = runGitBytes(root, ['cat-file', '--batch'], `${wanted.map((object) => object.oid).join('\n')}\n`);
  if (batch.status !== 0) return found;
  const objects = parseBatch(batch.stdout);
  for (const object of wanted) {
    const read = objects.get(object.oid);
    if (read) found.set(object.name, read);
  }
  return found;
}

/** `<oid> <type> <size>\n<contents>\n`, repeated. */
function parseBatch(output: Buffer): Map<string, GitObject> {
  const objects = new Map<string, GitObject>();
  let at = 0;
  while (at < output.length) {
    const end = output.indexOf(10, at);
    if (end < 0) break;
    const header = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(output.toString('latin1', at, end));
    if (!header) break;
    const size = Number(header[3]);
    const start = end + 1;
    objects.set(header[1]!, { type: header[2]!, bytes: output.subarray(start, start + size) });
    at = start + size + 1;
  }
  return objects;
}

/** The names of a tree object's entries, in the tree's order (what `ls-tree --name-only` lists). */
export function treeNames(tree: Buffer, hashBytes: number): string[] {
  const names: string[] = [];
  // `<mode> <name>\0<hash>`, repeated.
  let at = 0;
  while (at < tree.length) {
    const space = tree.indexOf(32, at);
    const nul = tree.indexOf(0, space + 1);
    if (space < 0 || nul < 0) break;
    names.push(tree.toString('utf8', space + 1, nul));
    at = nul + 1 + hashBytes;
  }
  return names;
}

/**
 * A repository-relative path as `check-ignore` must be given it: that command reads a path that
 * starts with `:` as pathspec magic (`:x.yaml` is asked as `x.yaml`, `:(glob)x` is refused) and
 * accepts no `:(literal)`; after `./` (relative to the work tree's top, where git runs) it is a path.
 */
export function literalPath(rel: string): string {
  return `./${rel}`;
}

/**
 * Which of the repository-relative `paths` git ignores; undefined when the batch failed (one path
 * git refuses, such as one beyond a symlink, fails them all): then each is asked on its own.
 */
export function ignoredPaths(root: string, paths: readonly string[]): Set<string> | undefined {
  const batchable = paths.filter((path) => !path.includes('\0'));
  if (batchable.length === 0) return new Set();
  // 0: some are ignored, 1: none is, 128: an error. git echoes each path as given, `./` and all.
  const run = runGit(root, ['check-ignore', '--stdin', '-z'], `${batchable.map(literalPath).join('\0')}\0`);
  if (run.status !== 0 && run.status !== 1) return undefined;
  return new Set(
    run.stdout
      .split('\0')
      .filter(Boolean)
      .map((path) => (path.startsWith('./') ? path.slice(2) : path)),
  );
}
