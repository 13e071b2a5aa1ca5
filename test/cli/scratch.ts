/**
 * Scratch folders and git work trees for the configuration, baseline, context and pre-commit tests.
 * Everything lives under the system temporary folder and is removed by `removeScratch`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { REPO, removeDir, tempDir } from './helpers.js';

export const CONFIG_FIXTURES = resolve(REPO, 'fixtures/config');

const made: string[] = [];

export function scratch(prefix = 'flowguard-cli-'): string {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
}

export function removeScratch(): void {
  for (const dir of made.splice(0)) removeDir(dir);
}

/** A copy of `fixtures/config/<name>` in a fresh scratch folder. */
export function copyConfigFixture(name: string, into: string = scratch()): string {
  cpSync(resolve(CONFIG_FIXTURES, name), into, { recursive: true });
  return into;
}

/** Git with a fixed identity and no user or system configuration, so hooks and signing stay out. */
export function git(args: readonly string[], cwd: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'flowguard test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'flowguard test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      ...env,
    },
  });
  return { status: run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

export function gitInit(dir: string): void {
  const init = git(['init', '-q', '-b', 'main', dir], dir);
  expect(init.status, `git init failed: ${init.stderr}`).toBe(0);
}
