/**
 * The pre-commit hook (SPEC §7) with the real `pre-commit`, in a scratch git repository: a commit that
 * adds a VPC without flow logs is blocked and shows the finding; the fixed template commits; a staged
 * stack whose VPC is covered by a flow log in a sibling that is not staged commits too; a staged flow
 * log, variable default or `.tfvars` value that uncovers a VPC or shortens a retention in a file that is
 * not staged is blocked. The hook is
 * `.pre-commit-hooks.yaml` as shipped, run as a `repo: local` hook (`language: system`, our built CLI)
 * because `language: node` would `npm install` the hook repository from its git URL.
 * Skipped, with a warning, where `pre-commit` is not installed (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/parse/yaml.js';
import { BUILD_TIMEOUT_MS, CLI, ensureBuilt, fixtureText, REPO, writeTree } from './helpers.js';
import { CONFIG_FIXTURES, git, gitInit, removeScratch, scratch } from './scratch.js';

const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8', timeout: 30_000 }).status === 0;
if (!available) console.warn('SKIPPED test/cli/pre-commit.test.ts: `pre-commit` is not installed (apt-get install pre-commit)');

interface HookDefinition {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
  require_serial?: boolean;
  [key: string]: unknown;
}

/** Our `.pre-commit-hooks.yaml`, parsed. */
function shippedHooks(): HookDefinition[] {
  const path = join(REPO, '.pre-commit-hooks.yaml');
  const parsed = parseYaml({ absolutePath: path, path: '.pre-commit-hooks.yaml', text: readFileSync(path, 'utf8') });
  if (!parsed.ok) throw new Error(`.pre-commit-hooks.yaml: ${parsed.problem.message}`);
  return parsed.document.value as HookDefinition[];
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

const VPC_ONLY = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  AppVpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n";

describe('.pre-commit-hooks.yaml', () => {
  it('declares the flowguard hook: node, staged templates as file names, the repository as context', () => {
    const hooks = shippedHooks();
    expect(hooks).toHaveLength(1);
    const [hook] = hooks;
    expect(hook).toMatchObject({ id: 'flowguard', language: 'node', entry: 'flowguard --context .', pass_filenames: true, require_serial: true });
    expect(hook!['description']).toMatch(/CloudFormation templates and Terraform files/);
    const files = new RegExp(hook!.files);
    for (const name of ['a.yaml', 'b/c.yml', 'stack.json', 'x.template', 'main.tf', 'main.tf.json', 'terraform.tfvars', 'prod.auto.tfvars.json']) expect(files.test(name), name).toBe(true);
    for (const name of ['README.md', 'yaml', 'a.yaml.bak', 'main.tfvars.bak', 'tfvars']) expect(files.test(name), name).toBe(false);
  });
});

describe.skipIf(!available)('pre-commit with the flowguard hook', () => {
  let repo: string;
  let env: Record<string, string>;

  beforeAll(() => {
    ensureBuilt();
    repo = scratch('flowguard-pre-commit-');
    gitInit(repo);
    env = { PRE_COMMIT_HOME: join(scratch('flowguard-pre-commit-home-'), 'cache'), NO_COLOR: '1' };
    const [hook] = shippedHooks();
    const local = { ...hook!, language: 'system', entry: hook!.entry.replace(/^flowguard\b/, `${shellQuote(process.execPath)} ${shellQuote(CLI)}`) };
    // JSON is YAML: no quoting questions for the regex or the paths.
    writeTree(repo, { '.pre-commit-config.yaml': `${JSON.stringify({ repos: [{ repo: 'local', hooks: [local] }] }, null, 2)}\n`, 'README.md': '# infra\n' });
    expect(git(['add', '.'], repo).status).toBe(0);
    expect(git(['commit', '-q', '-m', 'init'], repo).status).toBe(0);
    const install = spawnSync('pre-commit', ['install'], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
    expect(install.status, install.stderr).toBe(0);
  }, BUILD_TIMEOUT_MS);
  afterAll(removeScratch);

  function commit(message: string): { ok: boolean; output: string } {
    const run = git(['commit', '-m', message], repo, env);
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  }
  const commits = (): number => Number(git(['rev-list', '--count', 'HEAD'], repo).stdout.trim());

  it('blocks a commit that adds a VPC without flow logs, and shows the finding', () => {
    writeTree(repo, { 'network.yaml': VPC_ONLY, 'package.json': '{ "name": "infra" }\n' });
    git(['add', 'network.yaml', 'package.json'], repo);
    const result = commit('add the VPC');
    expect(result.ok, result.output).toBe(false);
    expect(result.output).toMatch(/flowguard\.+Failed/);
    expect(result.output).toContain('network.yaml');
    expect(result.output).toMatch(/^ {2}3:3 {2}error {2}VPC `AppVpc` has no flow log .* {2}vpc-flow-logs$/m);
    expect(result.output).not.toContain('package.json'); // staged, but not a template: skipped
    expect(commits()).toBe(1);
  }, 120_000);

  it('lets the fixed template through', () => {
    writeTree(repo, { 'network.yaml': fixtureText('clean/template.yaml') });
    git(['add', 'network.yaml', 'package.json'], repo);
    const result = commit('add the VPC with its flow log');
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/flowguard\.+Passed/);
    expect(commits()).toBe(2);
  }, 120_000);

  it('lets a staged stack through when a sibling that is not staged holds its flow log', () => {
    const network = readFileSync(join(CONFIG_FIXTURES, 'cross-stack/network.yaml'), 'utf8');
    writeTree(repo, { 'shared/network.yaml': network });
    git(['add', 'shared/network.yaml'], repo);
    // Without the sibling the VPC has no flow log: blocked.
    const alone = commit('shared network');
    expect(alone.ok, alone.output).toBe(false);
    expect(alone.output).toMatch(/VPC `SharedVpc` has no flow log/);
    // The security team's stack, in the working tree but not staged (untracked): it covers the VPC.
    writeTree(repo, { 'security/flow-logs.json': readFileSync(join(CONFIG_FIXTURES, 'cross-stack/flow-logs.json'), 'utf8') });
    const withSibling = commit('shared network');
    expect(withSibling.ok, withSibling.output).toBe(true);
    expect(git(['status', '--porcelain'], repo).stdout).toBe('?? security/\n');
    expect(commits()).toBe(3);
  }, 120_000);

  it('reports only the staged stack, though it sees the committed stack it imports from', () => {
    const path = join(repo, 'security/flow-logs.json');
    writeTree(repo, { 'security/flow-logs.json': readFileSync(path, 'utf8').replace('"RetentionInDays": 400', '"RetentionInDays": 30') });
    writeTree(repo, { 'network.yaml': VPC_ONLY }); // changed but not staged: pre-commit stashes it away
    git(['add', 'security/flow-logs.json'], repo);
    const blocked = commit('flow logs');
    expect(blocked.ok, blocked.output).toBe(false);
    expect(blocked.output).toContain('security/flow-logs.json');
    expect(blocked.output).toMatch(/keeps events for 30 days/);
    expect(blocked.output).not.toMatch(/SharedVpc|AppVpc/); // the import resolves; network.yaml is not staged
    writeTree(repo, { 'security/flow-logs.json': readFileSync(join(CONFIG_FIXTURES, 'cross-stack/flow-logs.json'), 'utf8') });
    git(['add', 'security/flow-logs.json'], repo);
    const passed = commit('flow logs');
    expect(passed.ok, passed.output).toBe(true);
    expect(commits()).toBe(4);
    rmSync(join(repo, 'network.yaml'));
    git(['checkout', '--', 'network.yaml'], repo);
  }, 120_000);

  it('blocks a commit of only the flow-log stack when it leaves the VPC of a committed stack uncovered', () => {
    const path = join(repo, 'security/flow-logs.json');
    const committed = readFileSync(path, 'utf8');
    writeTree(repo, { 'security/flow-logs.json': committed.replace('"TrafficType": "ALL"', '"TrafficType": "ACCEPT"') });
    git(['add', 'security/flow-logs.json'], repo);
    const blocked = commit('flow logs: accepted traffic only');
    expect(blocked.ok, blocked.output).toBe(false);
    // The finding sits on the VPC in shared/network.yaml (not staged); the staged flow log is its related location.
    expect(blocked.output).toContain('shared/network.yaml');
    expect(blocked.output).toMatch(/VPC `SharedVpc` has no flow log capturing REJECT or ALL traffic; `SharedVpcFlowLog` captures ACCEPT only/);
    writeTree(repo, { 'security/flow-logs.json': committed });
    git(['add', 'security/flow-logs.json'], repo);
    expect(commits()).toBe(4);
  }, 120_000);

  it('blocks a commit of only variables.tf or terraform.tfvars when a value there shortens a retention', () => {
    writeTree(repo, {
      'logs/main.tf': 'resource "aws_cloudwatch_log_group" "api" {\n  name              = "/app/api"\n  retention_in_days = var.retention_days\n}\n',
      'logs/variables.tf': 'variable "retention_days" {\n  type    = number\n  default = 365\n}\n',
    });
    git(['add', 'logs'], repo);
    expect(commit('log group').ok).toBe(true);
    writeTree(repo, { 'logs/variables.tf': 'variable "retention_days" {\n  type    = number\n  default = 7\n}\n' });
    git(['add', 'logs/variables.tf'], repo);
    const variables = commit('shorter default');
    expect(variables.ok, variables.output).toBe(false);
    expect(variables.output).toContain('logs/main.tf');
    expect(variables.output).toMatch(/keeps events for 7 days/);
    git(['checkout', 'HEAD', '--', 'logs/variables.tf'], repo);
    // A .tfvars file is Terraform input: the hook runs for it, and it is read with its folder's module.
    writeTree(repo, { 'logs/terraform.tfvars': 'retention_days = 14\n' });
    git(['add', 'logs/terraform.tfvars'], repo);
    const tfvars = commit('tfvars');
    expect(tfvars.ok, tfvars.output).toBe(false);
    expect(tfvars.output).toMatch(/flowguard\.+Failed/);
    expect(tfvars.output).toMatch(/keeps events for 14 days/);
    writeTree(repo, { 'logs/terraform.tfvars': 'retention_days = 400\n' });
    git(['add', 'logs/terraform.tfvars'], repo);
    const fixed = commit('tfvars');
    expect(fixed.ok, fixed.output).toBe(true);
    expect(fixed.output).toMatch(/flowguard\.+Passed/);
  }, 120_000);
});
