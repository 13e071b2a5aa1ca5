/**
 * `toRepoPath` takes a shortcut for a resolved path under a resolved root (src/discover/repo-root.ts):
 * it must answer exactly what `path.relative` answers, for those paths and for every other.
 */
import { relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toRepoPath } from '../../src/discover/repo-root.js';

const viaRelative = (root: string, path: string) => relative(root, path).split(sep).join('/');

describe('toRepoPath', () => {
  const roots = ['/repo', '/work/repo', '/', '/repo/', '/work/./repo', '/work//repo', '/work/x/../repo', '/re'];
  const paths = [
    '/repo/template.yaml',
    '/repo/infra/modules/vpc/main.tf',
    '/repo',
    '/repo/',
    '/repository/template.yaml',
    '/re/po.yaml',
    '/repo/./a.yaml',
    '/repo//a.yaml',
    '/repo/a/../b.yaml',
    '/repo/a/..',
    '/repo/.hidden/a.yaml',
    '/repo/..data/a.yaml',
    '/repo/.../a.yaml',
    '/other/a.yaml',
    '/work/repo/a.yaml',
    '/work/repo/../a.yaml',
    '/work/repository/a.yaml',
  ];

  it('answers what path.relative answers, under the root or not, resolved or not', () => {
    for (const root of roots) for (const path of paths) expect(toRepoPath(root, path), `${root} ${path}`).toBe(viaRelative(root, path));
  });

  it('names a file under the root by the rest of its path', () => {
    expect(toRepoPath('/repo', '/repo/infra/main.tf')).toBe('infra/main.tf');
    expect(toRepoPath('/repo', '/repo')).toBe('');
    expect(toRepoPath('/repo', '/elsewhere/a.yaml')).toBe('../elsewhere/a.yaml');
  });
});
