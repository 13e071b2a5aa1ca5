/**
 * A path named on the command line that `.flowguard.yaml`'s `ignore` excludes, as ESLint treats an
 * ignored file it is given: a warning on stderr naming it, the other paths linted as usual, and exit 0
 * when every named path is ignored — a pre-commit hook passes staged files whatever the configuration
 * ignores, and must not fail the commit for them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, expectOrderlyExit, parseSarif, resultsOf, runCli, SHORT_RETENTION, writeTree } from './helpers.js';
import { gitInit, removeScratch, scratch } from './scratch.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);
afterAll(removeScratch);

const warning = (path: string, config = '.flowguard.yaml') => `flowguard: warning: ${path} not linted: ${config}'s "ignore" excludes it\n`;

/** A repository whose configuration ignores the generated Terraform and the legacy stacks. */
function repository(): string {
  const repo = scratch();
  gitInit(repo);
  writeTree(repo, {
    '.flowguard.yaml': 'ignore:\n  - "generated/"\n  - "legacy/**"\n',
    'generated/main.tf': 'resource "aws_cloudwatch_log_group" "app" {\n  retention_in_days = 7\n}\n',
    'legacy/network.yaml': SHORT_RETENTION,
    'stacks/logs.yaml': SHORT_RETENTION,
  });
  return repo;
}

describe('a named path the configuration ignores', () => {
  it('is a warning, and the other named paths are linted as usual', () => {
    const run = runCli(['--format', 'compact', 'generated/main.tf', 'stacks/logs.yaml'], { cwd: repository() });
    expectOrderlyExit(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^stacks\/logs\.yaml:6:24: error: .*\[log-group-retention\]\n$/);
    expect(run.stderr).toBe(warning('generated/main.tf'));
  });

  it('alone: exit 0 with the warning, not "no template found"', () => {
    const run = runCli(['generated/main.tf'], { cwd: repository() });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(warning('generated/main.tf'));
    expect(run.stdout).toBe('✔ nothing to lint\n');
  });

  it('every one named ignored, files and folders: exit 0, and an empty report is still written', () => {
    const repo = repository();
    const run = runCli(['--format', 'sarif', '--output', 'flowguard.sarif', 'legacy', 'generated/main.tf'], { cwd: repo });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(warning('legacy') + warning('generated/main.tf'));
    expect(resultsOf(parseSarif(readFileSync(join(repo, 'flowguard.sarif'), 'utf8')))).toEqual([]);
  });

  it('is named as the user wrote it, from a subfolder, with the configuration file that ignores it', () => {
    const repo = repository();
    const run = runCli(['--format', 'json', '../generated/main.tf'], { cwd: join(repo, 'stacks') });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr).toBe(warning('../generated/main.tf', '../.flowguard.yaml'));
    writeTree(repo, { 'ci/flowguard.yaml': 'ignore: ["stacks/"]\n' });
    const other = runCli(['--config', 'ci/flowguard.yaml', 'stacks/logs.yaml'], { cwd: repo });
    expect(other.status).toBe(0);
    expect(other.stderr).toBe(warning('stacks/logs.yaml', 'ci/flowguard.yaml'));
  });

  it('with --context (the pre-commit hook): a staged file that is ignored does not fail the run', () => {
    const run = runCli(['--context', '.', 'generated/main.tf'], { cwd: repository() });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(warning('generated/main.tf'));
  });

  it('a missing path beside an ignored one still fails the run (exit 2)', () => {
    const run = runCli(['generated/main.tf', 'stacks/nope.yaml'], { cwd: repository() });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`${warning('generated/main.tf')}flowguard: error: cannot read stacks/nope.yaml: no such file or directory\nflowguard: no CloudFormation template, Terraform file or plan found in stacks/nope.yaml\n`);
  });

  it('flowguard graph warns the same way and draws the rest', () => {
    const repo = repository();
    const run = runCli(['graph', '--format', 'json', 'legacy', 'stacks'], { cwd: repo });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(warning('legacy'));
    expect((JSON.parse(run.stdout) as { files: string[] }).files).toEqual(['stacks/logs.yaml']);
    const alone = runCli(['graph', 'legacy'], { cwd: repo });
    expect(alone.status).toBe(0);
    expect(alone.stderr).toBe(warning('legacy'));
  });
});
