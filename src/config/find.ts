/**
 * Finds `.flowguard.yaml` (or `.flowguard.yml`, the other usual spelling, when a folder has no
 * `.flowguard.yaml`): in the working directory, then each parent up to the repository root (the
 * enclosing git work tree, else the working directory itself). The nearest file wins; a file above the
 * repository root belongs to something else and is never used. One `stat` per folder, nothing read,
 * so a run without a configuration file pays almost nothing for looking.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findRepositoryRoot } from '../discover/repo-root.js';
import { CONFIG_FILE_NAMES } from './types.js';

export function findConfigFile(cwd: string, root: string = findRepositoryRoot(cwd)): string | undefined {
  const top = resolve(root);
  for (let dir = resolve(cwd); ; ) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (dir === top || parent === dir) return undefined;
    dir = parent;
  }
}
