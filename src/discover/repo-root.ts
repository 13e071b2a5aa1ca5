import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The enclosing git work tree of `cwd`, else `cwd` itself: SARIF URIs are relative to it. */
export function findRepositoryRoot(cwd: string): string {
  let dir = resolve(cwd);
  while (true) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

/** Repository-relative path with forward slashes (no `./`); paths outside the root keep their `../`. */
export function toRepoPath(root: string, absolutePath: string): string {
  // Every file of a run is named this way, once or more, and nearly all lie under the root, both paths
  // already resolved: then the path after the root is what `relative` returns, without resolving both
  // paths again (a few µs a call, which added up to 2–3 ms of a 1,000-file run).
  if (sep === '/' && absolutePath.charCodeAt(root.length) === 47 && root.length > 1 && absolutePath.startsWith(root) && isResolved(root) && isResolved(absolutePath)) {
    return absolutePath.slice(root.length + 1);
  }
  const rel = relative(root, absolutePath);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** An absolute POSIX path that `resolve` leaves as it is: no `//`, no `.` or `..` step, no trailing `/`. */
function isResolved(path: string): boolean {
  return path.charCodeAt(0) === 47 && !/\/\.{0,2}(?:\/|$)/.test(path);
}
