/**
 * Symlinks are links, not second copies (as git, trivy and checkov see them): the walk reads each file
 * once, under its real path when the walk reaches that, under the link's path only when the target is
 * outside what is walked; a symlink named on the command line is read under the name given. A
 * Terraform file belongs to the folder it sits in, so a `.tf` file linked into two module folders is
 * read in both, and a module called through a linked folder is the folder the walk read.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, expectOrderlyExit, parseSarif, resultsOf, runCli, SHORT_RETENTION, uriOf, writeTree } from './helpers.js';
import { copyConfigFixture, removeScratch, scratch } from './scratch.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);
afterAll(removeScratch);

/** `uri:ruleId:level` of each result, and the notifications, of a SARIF run. */
function lintSarif(args: string[], cwd: string): { status: number | null; results: string[]; notifications: string[] } {
  const run = runCli(['--format', 'sarif', ...args], { cwd });
  expectOrderlyExit(run);
  const log = parseSarif(run.stdout);
  const results = resultsOf(log).map((r) => `${uriOf(r)}:${r.ruleId}:${r.level}`);
  return { status: run.status, results, notifications: log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text) };
}

describe('a walked folder with symlinks', () => {
  it('reads a file reached through two linked folders once, under its real path', () => {
    const dir = scratch();
    writeTree(dir, { 'real/logs.yaml': SHORT_RETENTION });
    symlinkSync('real', join(dir, 'areal')); // sorts before the real folder
    symlinkSync('real', join(dir, 'zlink'));
    expect(lintSarif([], dir).results).toEqual(['real/logs.yaml:log-group-retention:error']);
  });

  it('reads a linked template once, so its export is not seen twice', () => {
    const dir = copyConfigFixture('cross-stack');
    symlinkSync('network.yaml', join(dir, 'net2.yaml'));
    expect(lintSarif([], dir)).toMatchObject({ status: 0, results: [] });
    // Named, the link is read under its name; the context does not add the file it points to again.
    expect(lintSarif(['--context', '.', 'net2.yaml'], dir)).toMatchObject({ status: 0, results: [] });
    expect(lintSarif(['net2.yaml'], dir).results).toEqual(['net2.yaml:vpc-flow-logs:error']);
  });

  it('reads a linked folder outside the walked folder under the link', () => {
    const outside = scratch();
    writeTree(outside, { 'shared/logs.yaml': SHORT_RETENTION });
    const repo = scratch();
    writeTree(repo, { 'stacks/app.yaml': SHORT_RETENTION });
    symlinkSync(join(outside, 'shared'), join(repo, 'stacks/shared'));
    expect(lintSarif([], repo).results).toEqual(['stacks/app.yaml:log-group-retention:error', 'stacks/shared/logs.yaml:log-group-retention:error']);
  });

  it('reads a linked folder whose target the walk skips under the link', () => {
    const repo = scratch();
    writeTree(repo, { '.gitignore': 'vendor/\n', 'vendor/templates/logs.yaml': SHORT_RETENTION });
    symlinkSync('vendor/templates', join(repo, 'templates'));
    expect(lintSarif([], repo).results).toEqual(['templates/logs.yaml:log-group-retention:error']);
  });

  it('ends in loops through linked folders and files', () => {
    const dir = scratch();
    writeTree(dir, { 'a/b/logs.yaml': SHORT_RETENTION });
    symlinkSync('..', join(dir, 'a/b/up'));
    symlinkSync('../..', join(dir, 'a/b/top'));
    symlinkSync('loop2.yaml', join(dir, 'a/loop1.yaml'));
    symlinkSync('loop1.yaml', join(dir, 'a/loop2.yaml'));
    expect(lintSarif([], dir).results).toEqual(['a/b/logs.yaml:log-group-retention:error']);
    expect(lintSarif(['a/b/top'], dir).results).toEqual(['a/b/top/a/b/logs.yaml:log-group-retention:error']);
  });
});

describe('Terraform with symlinks', () => {
  const SHORT_LOG_GROUP = 'resource "aws_cloudwatch_log_group" "app" {\n  retention_in_days = var.retention_days\n}\n';

  it('reads a .tf file linked into two module folders in each: it is a file of both modules', () => {
    const dir = scratch();
    writeTree(dir, { 'shared/variables.tf': 'variable "retention_days" {\n  default = 7\n}\n', 'envs/dev/main.tf': SHORT_LOG_GROUP, 'envs/prod/main.tf': SHORT_LOG_GROUP });
    symlinkSync('../../shared/variables.tf', join(dir, 'envs/dev/variables.tf'));
    symlinkSync('../../shared/variables.tf', join(dir, 'envs/prod/variables.tf'));
    expect(lintSarif([], dir).results).toEqual(['envs/dev/main.tf:log-group-retention:error', 'envs/prod/main.tf:log-group-retention:error']);
  });

  it('finds a module called through a linked folder in the folder the walk read, which is then no root of its own', () => {
    const dir = scratch();
    writeTree(dir, {
      'modules/logs/main.tf': `variable "retention_days" {}\n${SHORT_LOG_GROUP}`,
      'envs/prod/main.tf': 'module "logs" {\n  source         = "./modules/logs"\n  retention_days = 14\n}\n',
    });
    symlinkSync('../../modules', join(dir, 'envs/prod/modules'));
    const run = runCli(['--format', 'json'], { cwd: dir });
    expectOrderlyExit(run);
    const findings = JSON.parse(run.stdout) as { file: string; resourceId: string; message: string }[];
    expect(findings.map((f) => `${f.file}:${f.resourceId}`)).toEqual(['modules/logs/main.tf:module.logs.aws_cloudwatch_log_group.app']);
    expect(findings[0]!.message).toMatch(/keeps events for 14 days/);
  });
});

describe('a symlink named on the command line', () => {
  it('is read under the name given, once', () => {
    const dir = scratch();
    writeTree(dir, { 'real/logs.yaml': SHORT_RETENTION });
    symlinkSync('real/logs.yaml', join(dir, 'logs.yaml'));
    symlinkSync('real', join(dir, 'alias'));
    expect(lintSarif(['logs.yaml'], dir).results).toEqual(['logs.yaml:log-group-retention:error']);
    expect(lintSarif(['alias'], dir).results).toEqual(['alias/logs.yaml:log-group-retention:error']);
    // The same file named twice, through a link and not: read once, by its real name.
    expect(lintSarif(['logs.yaml', 'real/logs.yaml'], dir).results).toEqual(['real/logs.yaml:log-group-retention:error']);
    expect(lintSarif(['alias', 'real'], dir).results).toEqual(['real/logs.yaml:log-group-retention:error']);
  });
});
