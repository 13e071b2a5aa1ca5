/**
 * What a run tells its caller about the files it touched: `files` (linted: their findings are
 * reported), `inputs` (every file read, which the CLI never writes `--output` over) and `ignoredPaths`
 * (named paths the `ignore` patterns excluded, which the CLI warns about).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { lintSync } from '../../src/engine/lint-sync.js';
import { copyFixture, removeDir, SHORT_RETENTION, tempDir, writeTree } from '../cli/helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const copy = (name: string): string => {
  const dir = copyFixture(name);
  dirs.push(dir);
  return dir;
};

describe('inputs: every file the run read', () => {
  it('has the Terraform module outside the named paths, the folder siblings, tfvars and file() arguments', async () => {
    const cwd = copy('terraform-modules');
    const result = await lint(['envs/prod/main.tf'], { cwd });
    expect(result.findings).toEqual([]); // terraform.tfvars sets 400 days; trust-policy.json trusts the flow-logs service
    expect(result.files).toEqual(['envs/prod/main.tf']);
    expect(result.inputs).toEqual([
      'envs/prod/main.tf',
      'envs/prod/terraform.tfvars',
      'envs/prod/variables.tf',
      'modules/flow-logs/main.tf',
      'modules/flow-logs/trust-policy.json',
    ]);
    expect(lintSync(['envs/prod/main.tf'], { cwd })).toEqual(result);
  });

  it('has the context, which is read but not linted', async () => {
    const cwd = tempDir();
    dirs.push(cwd);
    writeTree(cwd, { 'stacks/logs.yaml': SHORT_RETENTION, 'shared/other.yaml': SHORT_RETENTION });
    const result = await lint(['stacks/logs.yaml'], { cwd, context: ['shared'] });
    expect(result.files).toEqual(['stacks/logs.yaml']);
    expect(result.inputs).toEqual(['shared/other.yaml', 'stacks/logs.yaml']);
  });

  it('has a file that could not be parsed, but not a walked file that is no template', async () => {
    const cwd = tempDir();
    dirs.push(cwd);
    writeTree(cwd, {
      'logs.yaml': SHORT_RETENTION,
      'broken.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n",
      // A report of an earlier run, and other files that are not ours: skipped, so rewriting them is fine.
      'flowguard.sarif.json': '{ "version": "2.1.0", "runs": [] }\n',
      'package.json': '{ "name": "infra" }\n',
    });
    const result = await lint(['.'], { cwd });
    expect(result.files).toEqual(['logs.yaml']);
    expect(result.inputs).toEqual(['broken.yaml', 'logs.yaml']);
  });
});

describe('ignoredPaths: named paths the ignore patterns exclude', () => {
  const tree = (): string => {
    const cwd = tempDir();
    dirs.push(cwd);
    // A repository (the patterns are relative to its root, wherever the run starts).
    writeTree(cwd, { '.git/HEAD': 'ref: refs/heads/main\n', 'legacy/a.yaml': SHORT_RETENTION, 'legacy/b.yaml': SHORT_RETENTION, 'stacks/logs.yaml': SHORT_RETENTION, 'stacks/old.yaml': SHORT_RETENTION });
    return cwd;
  };

  it('names a named file and a named folder whose every file is ignored, as given', async () => {
    const cwd = tree();
    const result = await lint(['legacy', './stacks/old.yaml', 'stacks/logs.yaml'], { cwd, ignore: ['legacy/**', 'old.yaml'] });
    expect(result.ignoredPaths).toEqual(['legacy', './stacks/old.yaml']);
    expect(result.files).toEqual(['stacks/logs.yaml']);
  });

  it('does not name a folder of which some files are still linted, nor the current directory unnamed', async () => {
    const cwd = tree();
    expect((await lint(['stacks'], { cwd, ignore: ['old.yaml'] })).ignoredPaths).toEqual([]);
    expect((await lint([], { cwd, ignore: ['**/*.yaml'] })).ignoredPaths).toEqual([]);
    expect((await lint(['.'], { cwd: join(cwd, 'stacks'), ignore: ['stacks/'] })).ignoredPaths).toEqual(['.']);
  });
});
