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
  const rel = relative(root, absolutePath);
  return sep === '/' ? rel : rel.split(sep).join('/');
}
