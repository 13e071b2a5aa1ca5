/**
 * `lintSync` (src/engine/lint-sync.ts) must give exactly what `lint` gives: both drive the same phases
 * (src/engine/pipeline.ts), one with lazily imported parsers and adapters, one with static imports.
 * Every fixture folder and file of the repository is run both ways.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { lintSync } from '../../src/engine/lint-sync.js';
import { REPO } from './helpers.js';

const FIXTURES = join(REPO, 'fixtures');

/** Every folder under fixtures/ that holds files, and every file. */
function tree(dir: string, dirs: string[] = [], files: string[] = []): { dirs: string[]; files: string[] } {
  const entries = readdirSync(dir).sort();
  if (entries.some((e) => statSync(join(dir, e)).isFile())) dirs.push(dir);
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) tree(path, dirs, files);
    else files.push(path);
  }
  return { dirs, files };
}

const { dirs, files } = tree(FIXTURES);

describe('lintSync equals lint', () => {
  it('on every fixture folder, walked', async () => {
    for (const cwd of dirs) expect(lintSync([], { cwd }), relative(REPO, cwd)).toEqual(await lint([], { cwd }));
  });

  it('on every fixture file, named explicitly (hostile inputs and .tf included)', async () => {
    for (const file of files) expect(lintSync([file], { cwd: REPO }), relative(REPO, file)).toEqual(await lint([file], { cwd: REPO }));
  });

  it('on in-memory documents with context, ignore patterns, limits and rule settings', async () => {
    const dir = join(FIXTURES, 'cloudformation/vpc-flow-logs/import-value-literal-export');
    const documents = [{ path: join(dir, 'network.yaml'), text: readFileSync(join(dir, 'network.yaml'), 'utf8').replace('shared-network', 'other') }];
    const options = [
      { cwd: dir, context: ['.'] },
      { cwd: dir, context: ['.'], ignore: ['**/flow-logs.json'] },
      { cwd: dir, context: ['.'], limits: { maxFileSize: 100 } },
      { cwd: dir, context: ['.', 'missing'], rules: { 'vpc-flow-logs': { level: 'warning' as const }, 'parse-error': { level: 'off' as const } } },
    ];
    for (const o of options) expect(lintSync({ documents }, o)).toEqual(await lint({ documents }, o));
  });

  it('on a missing path (a fatal walk problem)', async () => {
    expect(lintSync(['no-such-file.yaml'], { cwd: REPO })).toEqual(await lint(['no-such-file.yaml'], { cwd: REPO }));
  });
});

describe('documents marked not explicit', () => {
  it('skips text that is not a template instead of reporting it', async () => {
    const documents = [{ path: join(REPO, 'package.json'), text: '{ "name": "x" }', explicit: false }];
    expect(lintSync({ documents }, { cwd: REPO })).toMatchObject({ findings: [], files: [] });
    expect(lintSync({ documents: [{ ...documents[0]!, explicit: true }] }, { cwd: REPO }).findings.map((f) => f.ruleId)).toEqual(['parse-error']);
    expect(await lint({ documents }, { cwd: REPO })).toEqual(lintSync({ documents }, { cwd: REPO }));
  });
});
