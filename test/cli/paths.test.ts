/**
 * Which files a run reads and how it names them (SPEC §1, §4, §6): URIs relative to the git work tree
 * (else the working directory), directory walking (`.gitignore`, skipped folders, files that are not
 * ours), explicitly named files, and that a run never writes to its inputs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  copyFixture,
  ensureBuilt,
  expectOrderlyExit,
  FIXTURES,
  hashTree,
  parseSarif,
  regionOf,
  removeDir,
  resultsOf,
  runCli,
  SHORT_RETENTION,
  tempDir,
  uriOf,
  writeTree,
} from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const dirs: string[] = [];
function scratch(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeDir));

function gitInit(dir: string): void {
  const git = spawnSync('git', ['init', '-q', dir], { encoding: 'utf8', timeout: 20_000 });
  expect(git.status, `git init failed: ${git.stderr}`).toBe(0);
}

/** The SARIF of a run, checked; `uri → ruleIds` of its results and the notifications' URIs. */
function sarifRun(args: string[], cwd: string) {
  const run = runCli(['--format', 'sarif', ...args], { cwd });
  expectOrderlyExit(run);
  const log = parseSarif(run.stdout);
  const results = resultsOf(log);
  const notified = log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.locations?.[0]?.physicalLocation.artifactLocation.uri);
  return { run, log, results, uris: [...new Set(results.map(uriOf))], notified };
}

describe('SARIF URIs', () => {
  it('are relative to the git work tree root when run from a subfolder', () => {
    const repo = scratch();
    gitInit(repo);
    writeTree(repo, { 'sub/dir/x.yaml': SHORT_RETENTION });
    const cwd = join(repo, 'sub');
    for (const args of [[], ['.'], ['dir'], ['dir/x.yaml'], [join(repo, 'sub/dir/x.yaml')]]) {
      const { results } = sarifRun(args, cwd);
      expect(results.map(uriOf), `args ${JSON.stringify(args)}`).toEqual(['sub/dir/x.yaml']);
      expect(regionOf(results[0]!)).toMatchObject({ startLine: 6, startColumn: 24 });
    }
  });

  it('use the same root for compact, json and github; text is relative to where the user stands', () => {
    const repo = scratch();
    gitInit(repo);
    writeTree(repo, { 'sub/dir/x.yaml': SHORT_RETENTION });
    const cwd = join(repo, 'sub');
    expect(runCli(['--format', 'compact'], { cwd }).stdout).toMatch(/^sub\/dir\/x\.yaml:6:24: error: /);
    expect(runCli(['--format', 'github'], { cwd }).stdout).toMatch(/^::error file=sub\/dir\/x\.yaml,line=6,col=24,/);
    expect(JSON.parse(runCli(['--format', 'json'], { cwd }).stdout)[0].file).toBe('sub/dir/x.yaml');
    expect(runCli([], { cwd }).stdout.split('\n')[0]).toBe('dir/x.yaml');
    expect(runCli([], { cwd: repo }).stdout.split('\n')[0]).toBe('sub/dir/x.yaml');
  });

  it('find a work tree whose .git is a file (worktrees, submodules)', () => {
    const repo = scratch();
    writeTree(repo, { '.git': 'gitdir: /elsewhere/.git/worktrees/x\n', 'a/b/x.yaml': SHORT_RETENTION });
    expect(sarifRun([], join(repo, 'a')).uris).toEqual(['a/b/x.yaml']);
  });

  it('are relative to the working directory outside a git work tree', () => {
    const dir = scratch();
    writeTree(dir, { 'sub/dir/x.yaml': SHORT_RETENTION, 'top.yaml': SHORT_RETENTION });
    expect(sarifRun([], join(dir, 'sub')).uris).toEqual(['dir/x.yaml']);
    expect(sarifRun([], dir).uris).toEqual(['sub/dir/x.yaml', 'top.yaml']);
    // A file above the working directory keeps its `../`, never becomes absolute.
    expect(sarifRun(['../top.yaml'], join(dir, 'sub')).uris).toEqual(['../top.yaml']);
  });

  it('percent-encode spaces and other characters a URI cannot hold', () => {
    const dir = scratch();
    writeTree(dir, { 'my stacks/net #1.yaml': SHORT_RETENTION });
    expect(sarifRun([], dir).uris).toEqual(['my%20stacks/net%20%231.yaml']);
  });
});

describe('walking a directory', () => {
  /** Every file here would have a finding if it were linted, so the result URIs are the linted files. */
  function project(): string {
    const dir = scratch();
    gitInit(dir);
    writeTree(dir, {
      'main.yaml': SHORT_RETENTION,
      'nested/stack.template': SHORT_RETENTION,
      '.gitignore': 'ignored/\nsecret.yaml\n*.generated.yaml\n!keep.generated.yaml\n',
      'ignored/t.yaml': SHORT_RETENTION,
      'secret.yaml': SHORT_RETENTION,
      'out.generated.yaml': SHORT_RETENTION,
      'keep.generated.yaml': SHORT_RETENTION,
      'nested/.gitignore': 'local-only.yaml\n',
      'nested/local-only.yaml': SHORT_RETENTION,
      'local-only.yaml': SHORT_RETENTION, // the nested .gitignore does not reach up here
      'node_modules/pkg/t.yaml': SHORT_RETENTION,
      'nested/node_modules/t.yaml': SHORT_RETENTION,
      '.git/t.yaml': SHORT_RETENTION,
      '.terraform/t.json': JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }),
      'cdk.out/asset.0a1b2c/t.yaml': SHORT_RETENTION,
      'cdk.out/Stack.template.json': JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }, null, 2),
      'chart/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n{{- if .Values.extra }}\ndata: {{ toYaml .Values.data | nindent 2 }}\n{{- end }}\n',
      'chart/values.yaml': 'name: app\nextra: false\n',
      'package.json': '{ "name": "app", "version": "1.0.0", "scripts": { "deploy": "cdk deploy" } }\n',
      'tsconfig.json': '{ "compilerOptions": { "strict": true, } }\n',
      'docs/notes.md': 'Resources with AWS::EC2::VPC are linted.\n',
      'broken.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X: [unclosed\n",
    });
    return dir;
  }

  it('honours .gitignore (with negation and nested files) and skips dependency, VCS and CDK asset folders', () => {
    const { uris, run } = sarifRun([], project());
    expect(uris).toEqual(['broken.yaml', 'cdk.out/Stack.template.json', 'keep.generated.yaml', 'local-only.yaml', 'main.yaml', 'nested/stack.template']);
    expect(run.status).toBe(1);
  });

  it('skips Helm templates, package.json and other JSON/YAML silently, but reports a broken template', () => {
    const { results, notified, run } = sarifRun([], project());
    const parseErrors = results.filter((r) => r.ruleId === 'parse-error');
    expect(parseErrors.map(uriOf)).toEqual(['broken.yaml']);
    expect(regionOf(parseErrors[0]!).startLine).toBeGreaterThanOrEqual(3); // the unclosed `[` on line 3, or the end of the file
    expect(notified).toEqual(['broken.yaml']);
    expect(run.stderr).toBe('');
  });

  it('skips the copy `sam build` makes in .aws-sam, and the asset folders of a cloud assembly synthesised elsewhere than cdk.out', () => {
    const dir = scratch(); // no .gitignore: the project's own ignore rules must not be what skips them
    const vpc = (exported: string) => `Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\nOutputs:\n  VpcId:\n    Value: !Ref Vpc\n    Export:\n      Name: ${exported}\n`;
    writeTree(dir, {
      'template.yaml': `Transform: AWS::Serverless-2016-10-31\n${vpc('app-vpc-id')}`,
      '.aws-sam/build/template.yaml': `Transform: AWS::Serverless-2016-10-31\n${vpc('app-vpc-id')}`,
      '.aws-sam/build/HelloFunction/app.yaml': SHORT_RETENTION,
      'flow-logs.yaml': 'Resources:\n  FlowLog:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceId: !ImportValue app-vpc-id\n      ResourceType: VPC\n      TrafficType: ALL\n      LogDestinationType: s3\n      LogDestination: arn:aws:s3:::central-flow-logs\n',
      // `cdk synth -o synth-out`: a cloud assembly (its `cdk.out` marker file and manifest) under another name.
      'synth-out/cdk.out': '{"version":"48.0.0"}\n',
      'synth-out/manifest.json': '{"version":"48.0.0","artifacts":{}}\n',
      'synth-out/Stack.template.json': JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }, null, 2),
      'synth-out/asset.7df717aa7d19e5d9f1f81f16f9fd0c8d5327337ea2ca9ab3c92891ec595b253b/template.yaml': SHORT_RETENTION,
      // An integration-test snapshot (`integ.vpc.js.snapshot/`) is an assembly too; its bundles carry a suffix.
      'integ.vpc.js.snapshot/manifest.json': '{"version":"48.0.0","artifacts":{}}\n',
      'integ.vpc.js.snapshot/asset.8984ed9fcae087d022a30e16499d4a509e2b7d370864065e9c9ee8c9345022b7.bundle/fixture.json': JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }),
      'synth-out/assembly-Prod/cdk.out': '{"version":"48.0.0"}\n',
      'synth-out/assembly-Prod/ProdStack.template.json': JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }, null, 2),
    });
    const { uris, results } = sarifRun([], dir);
    // The flow log in flow-logs.yaml covers the VPC: a second copy of the export would make it "could not be verified".
    expect(results.filter((r) => r.ruleId === 'vpc-flow-logs')).toEqual([]);
    expect(uris).toEqual(['synth-out/Stack.template.json', 'synth-out/assembly-Prod/ProdStack.template.json']);
    // Named, the build copy is linted as any file.
    expect(sarifRun(['.aws-sam/build/template.yaml'], dir).uris).toEqual(['.aws-sam/build/template.yaml']);
  });

  it('skips the copies of modules Terragrunt runs in, .terragrunt-cache', () => {
    // The layout of a Terragrunt live repository after `terragrunt plan` (fabricesemti80/work.terraform-aws-deployment):
    // each unit's cache holds a copy of the module its terraform { source } names, plus the provider.tf and
    // backend.tf that root.hcl generates. The unit's inputs reach Terraform as TF_VAR_ variables, so a copy
    // linted on its own is judged with the module's defaults, once per unit, in files nobody edits.
    const dir = scratch(); // no .gitignore: the project's own ignore rules must not be what skips it
    const vpcModule = [
      'variable "cidr" {\n  type = string\n}\n',
      'variable "enable_flow_log" {\n  type    = bool\n  default = false\n}\n',
      'variable "flow_log_destination_arn" {\n  type    = string\n  default = ""\n}\n',
      'resource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n',
      'resource "aws_flow_log" "this" {\n  count                = var.enable_flow_log ? 1 : 0\n  vpc_id               = aws_vpc.this.id\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = var.flow_log_destination_arn\n}\n',
    ].join('\n');
    const unit = (name: string) => `terraform {\n  source = "\${get_parent_terragrunt_dir()}/../modules//vpc"\n}\n\ninclude {\n  path = find_in_parent_folders("root.hcl")\n}\n\ninputs = {\n  cidr                     = "10.31.${name === 'prod' ? 3 : 4}.0/24"\n  enable_flow_log          = true\n  flow_log_destination_arn = "arn:aws:s3:::central-vpc-flow-logs"\n}\n`;
    const generated = {
      'provider.tf': '# Generated by Terragrunt. Sig: nIlQXj57tbuaRZEa\nprovider "aws" {\n  region = "eu-west-2"\n}\n',
      'backend.tf': '# Generated by Terragrunt. Sig: nIlQXj57tbuaRZEa\nterraform {\n  backend "s3" {}\n}\n',
    };
    const tree: Record<string, string> = { 'modules/vpc/main.tf': vpcModule, 'deployments/root.hcl': 'remote_state {\n  backend = "s3"\n}\n' };
    for (const [name, hash] of [['prod', 'w7Yl2Xo0aIpJ3nEzS1pWq5bGQeA/Kx9vZr3hTgU4cMdL8oN1fRs'], ['dev', 'c4Nt0qYj8Vb2LrXw5Hs9GmPe1Ka/Zu7dFo3iQxS6yJhB0nTlWvE']] as const) {
      tree[`deployments/${name}/vpc/terragrunt.hcl`] = unit(name);
      tree[`deployments/${name}/vpc/.terragrunt-cache/${hash}/vpc/main.tf`] = vpcModule;
      for (const [file, text] of Object.entries(generated)) tree[`deployments/${name}/vpc/.terragrunt-cache/${hash}/vpc/${file}`] = text;
      tree[`deployments/${name}/vpc/.terragrunt-cache/${hash}/vpc/terragrunt.hcl`] = unit(name);
    }
    writeTree(dir, tree);
    // The module is still linted where it is written (with its defaults, as README says); its copies are not.
    expect(sarifRun([], dir).uris).toEqual(['modules/vpc/main.tf']);
    // Named, a copy is linted as any folder.
    const named = 'deployments/prod/vpc/.terragrunt-cache/w7Yl2Xo0aIpJ3nEzS1pWq5bGQeA/Kx9vZr3hTgU4cMdL8oN1fRs/vpc';
    expect(sarifRun([named], dir).uris).toEqual([`${named}/main.tf`]);
  });

  it('applies the work tree’s .gitignore files when walking a subfolder or run from one', () => {
    const dir = project();
    writeTree(dir, { '.gitignore': 'build/\n', 'infra/build/gen.yaml': SHORT_RETENTION, 'infra/app.yaml': SHORT_RETENTION });
    expect(sarifRun(['infra'], dir).uris).toEqual(['infra/app.yaml']);
    expect(sarifRun([], join(dir, 'infra')).uris).toEqual(['infra/app.yaml']);
    // A folder or file named explicitly is linted even when ignored: the user asked for it.
    expect(sarifRun(['build'], join(dir, 'infra')).uris).toEqual(['infra/build/gen.yaml']);
    expect(sarifRun(['build/gen.yaml'], join(dir, 'infra')).uris).toEqual(['infra/build/gen.yaml']);
  });

  it('lints a named node_modules or ignored folder', () => {
    const dir = project();
    expect(sarifRun(['ignored', 'node_modules/pkg'], dir).uris).toEqual(['ignored/t.yaml', 'node_modules/pkg/t.yaml']);
  });

  it('lints a file once when it is named twice or also reached by walking', () => {
    const dir = scratch();
    writeTree(dir, { 'a.yaml': SHORT_RETENTION });
    expect(sarifRun(['a.yaml', '.', 'a.yaml', './a.yaml'], dir).results).toHaveLength(1);
  });

  it('follows a symlinked folder but not into a loop, and names a file by its real path', () => {
    const dir = scratch();
    writeTree(dir, { 'real/t.yaml': SHORT_RETENTION });
    symlinkSync('..', join(dir, 'real/up'));
    symlinkSync('real', join(dir, 'alias'));
    mkdirSync(join(dir, 'loop'));
    symlinkSync('b', join(dir, 'loop/a'));
    symlinkSync('a', join(dir, 'loop/b'));
    const { results, run } = sarifRun([], dir);
    expect(run.status).toBe(1);
    expect(results.map(uriOf)).toEqual(['real/t.yaml']); // `alias -> real` sorts first, and is a link
  });
});

describe('files named explicitly', () => {
  it.each([
    ['package.json', '{ "name": "app", "version": "1.0.0" }\n', /not a CloudFormation template/],
    ['chart/templates/configmap.yaml', 'metadata:\n  name: {{ .Values.name }}\n{{- if .Values.x }}\n', /./],
    ['README.md', '# Hello\n\nSome text.\n', /not a CloudFormation template/],
    ['config.yaml', 'name: app\nreplicas: 2\n', /not a CloudFormation template/],
    ['main.tf', 'resource "aws_vpc" "main" {\n  cidr_block = \n}\n', /expected an expression|expected/],
  ])('%s is a parse-error finding and exit 1', (name, content, message) => {
    const dir = scratch();
    writeTree(dir, { [name]: content });
    const { results, run } = sarifRun([name], dir);
    expect(run.status).toBe(1);
    expect(results).toHaveLength(1);
    expect(results[0]!.ruleId).toBe('parse-error');
    expect(results[0]!.level).toBe('error');
    expect(uriOf(results[0]!)).toBe(name);
    expect(results[0]!.message.text).toMatch(message);
  });

  it('reads a named Terraform variable file with its folder\'s module, not as a parse-error', () => {
    const dir = scratch();
    writeTree(dir, {
      'logs/main.tf': 'variable "retention_days" {\n  default = 365\n}\n\nresource "aws_cloudwatch_log_group" "app" {\n  retention_in_days = var.retention_days\n}\n',
      'logs/terraform.tfvars': 'retention_days = 30\n',
    });
    const { results, run } = sarifRun(['logs/terraform.tfvars'], dir);
    expect(run.status).toBe(1);
    expect(results.map((r) => `${uriOf(r)}:${r.ruleId}:${r.message.text.match(/\d+ days/)?.[0]}`)).toEqual(['logs/main.tf:log-group-retention:30 days']);
  });

  it('reports a named non-template next to a template, which is still linted', () => {
    const dir = scratch();
    writeTree(dir, { 'package.json': '{ "name": "app" }\n', 'main.yaml': SHORT_RETENTION });
    const { results } = sarifRun(['package.json', 'main.yaml'], dir);
    expect(results.map((r) => `${uriOf(r)}:${r.ruleId}`)).toEqual(['main.yaml:log-group-retention', 'package.json:parse-error']);
  });
});

describe('inputs are read-only', () => {
  it('no run, in any format, changes a file or folder of its inputs', () => {
    const dir = copyFixture('.');
    dirs.push(dir);
    writeFileSync(join(dir, 'broken.yaml'), "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n");
    const before = hashTree(dir);
    const outside = scratch();
    for (const format of ['text', 'sarif', 'json', 'compact', 'github']) {
      for (const args of [['--format', format], ['--format', format, '--output', join(outside, `report.${format}`)], ['--format', format, 'findings', 'clean/template.yaml', 'broken.yaml']]) {
        const run = runCli(args, { cwd: dir });
        expectOrderlyExit(run);
        expect([0, 1]).toContain(run.status);
      }
    }
    expect(hashTree(dir)).toBe(before);
  }, 120_000); // fifteen runs

  it('leaves the committed fixture folder untouched when run in it', () => {
    const before = hashTree(FIXTURES);
    for (const format of ['text', 'sarif', 'json']) expectOrderlyExit(runCli(['--format', format], { cwd: FIXTURES }));
    expect(hashTree(FIXTURES)).toBe(before);
  });
});
