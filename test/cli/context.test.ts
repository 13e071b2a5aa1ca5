/**
 * `--context <path>` (SPEC §7, pre-commit): context files join the graph so that links resolve (a staged
 * stack sees the stack it imports from), but only findings that concern the named paths are reported
 * (in them, or with a related location in them). Named paths that are not templates (package.json,
 * workflow files: pre-commit passes every staged .json/.yaml) are skipped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, expectOrderlyExit, fixtureCopies, runCli, SHORT_RETENTION, writeTree } from './helpers.js';
import { copyConfigFixture, gitInit, removeScratch, scratch } from './scratch.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);
afterAll(removeScratch);
const fixture = fixtureCopies();

function compact(cwd: string, ...args: string[]): { status: number | null; lines: string[]; stderr: string } {
  const run = runCli(['--format', 'compact', ...args], { cwd });
  expectOrderlyExit(run);
  return { status: run.status, lines: run.stdout.trimEnd().split('\n').filter(Boolean), stderr: run.stderr };
}

const NOT_TEMPLATES = {
  'package.json': '{ "name": "infra", "private": true }\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{ run: make }]\n',
  'docs/mkdocs.yaml': 'site_name: infra\n',
};

describe('--context', () => {
  it('resolves links from context files: the VPC of network.yaml is covered by the flow log in flow-logs.json', () => {
    const dir = copyConfigFixture('cross-stack');
    expect(compact(dir, 'network.yaml').lines).toEqual([expect.stringMatching(/^network\.yaml:5:3: error: VPC `SharedVpc` .*\[vpc-flow-logs\]$/)]);
    const withContext = compact(dir, '--context', '.', 'network.yaml');
    expect(withContext.lines).toEqual([]);
    expect(withContext.status).toBe(0);
  });

  it('reports findings of the named paths only, never of the context', () => {
    const dir = copyConfigFixture('cross-stack');
    writeTree(dir, { 'other/logs.yaml': SHORT_RETENTION });
    expect(compact(dir, '--context', '.', 'network.yaml')).toMatchObject({ status: 0, lines: [] });
    expect(compact(dir, '--context', '.', 'other/logs.yaml').lines).toEqual([expect.stringMatching(/^other\/logs\.yaml:6:24: error: .*\[log-group-retention\]$/)]);
  });

  it('a finding in a named file is reported even when the context also contains it', () => {
    const dir = copyConfigFixture('cross-stack');
    writeFileSync(join(dir, 'flow-logs.json'), readFileSync(join(dir, 'flow-logs.json'), 'utf8').replace('"RetentionInDays": 400', '"RetentionInDays": 30'));
    const run = compact(dir, '--context', '.', 'flow-logs.json', 'network.yaml');
    expect(run.lines).toEqual([expect.stringMatching(/^flow-logs\.json:\d+:\d+: error: .*\[log-group-retention\]$/)]);
    expect(run.status).toBe(1);
  });

  it('reports a finding in a context file when a related location of it is in a named file', () => {
    const dir = copyConfigFixture('cross-stack');
    writeFileSync(join(dir, 'flow-logs.json'), readFileSync(join(dir, 'flow-logs.json'), 'utf8').replace('"TrafficType": "ALL"', '"TrafficType": "ACCEPT"'));
    const run = compact(dir, '--context', '.', 'flow-logs.json');
    expect(run.lines).toEqual([expect.stringMatching(/^network\.yaml:5:3: error: VPC `SharedVpc` .*`SharedVpcFlowLog` captures ACCEPT only.*\[vpc-flow-logs\]$/)]);
    expect(run.status).toBe(1);
  });

  it('a named module file whose `module` call changed a flow log reports the VPC it stopped covering', () => {
    const dir = scratch();
    writeTree(dir, {
      'modules/flow-logs/main.tf':
        'variable "vpc_id" {}\nvariable "traffic_type" {\n  default = "ALL"\n}\nresource "aws_flow_log" "this" {\n  vpc_id               = var.vpc_id\n  traffic_type         = var.traffic_type\n  log_destination_type = "s3"\n  log_destination      = "arn:aws:s3:::central-flow-logs"\n}\n',
      // Staged alone: the call inside it is neither the VPC's file nor the flow log's.
      'modules/logging/main.tf': 'variable "vpc_id" {}\nmodule "flow_logs" {\n  source       = "../flow-logs"\n  vpc_id       = var.vpc_id\n  traffic_type = "ACCEPT"\n}\n',
      'envs/staging/main.tf': 'resource "aws_vpc" "staging" {\n  cidr_block = "10.60.0.0/16"\n}\nmodule "network_logging" {\n  source = "../../modules/logging"\n  vpc_id = aws_vpc.staging.id\n}\n',
    });
    const run = compact(dir, '--context', '.', 'modules/logging/main.tf');
    expect(run.lines).toEqual([expect.stringMatching(/^envs\/staging\/main\.tf:1:1: error: VPC `aws_vpc\.staging` .*captures ACCEPT only \[vpc-flow-logs\]$/)]);
    expect(run.status).toBe(1);
  });

  it('a named file that a module reads with file() (a trust policy as JSON) reports the findings of that module', () => {
    const dir = scratch();
    writeTree(dir, {
      'modules/flow-logs/main.tf':
        'resource "aws_iam_role" "delivery" {\n  name               = "flow-logs"\n  assume_role_policy = file("${path.module}/policies/trust.json")\n}\n',
      'modules/flow-logs/policies/trust.json': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } }] }),
      'envs/prod/main.tf': 'module "flow_logs" {\n  source = "../../modules/flow-logs"\n}\n',
    });
    const run = compact(dir, '--context', '.', 'modules/flow-logs/policies/trust.json');
    expect(run.lines).toEqual([expect.stringMatching(/^modules\/flow-logs\/main\.tf:\d+:\d+: error: Role `module\.flow_logs\.aws_iam_role\.delivery` .*\[role-trust-principal\]$/)]);
    expect(run.status).toBe(1);
  });

  it('a named .tf file with only declarations (variables.tf) reports the findings of its folder', () => {
    const dir = scratch();
    writeTree(dir, {
      'variables.tf': 'variable "create_role" {\n  default = false\n}\n',
      'main.tf':
        'resource "aws_iam_role" "delivery" {\n  count              = var.create_role ? 1 : 0\n  name               = "flow-logs"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "vpc-flow-logs.amazonaws.com" } }] })\n}\nresource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_flow_log" "this" {\n  vpc_id          = aws_vpc.main.id\n  traffic_type    = "ALL"\n  iam_role_arn    = try(aws_iam_role.delivery[0].arn, null)\n  log_destination = "arn:aws:logs:eu-west-1:111122223333:log-group:flow-logs"\n}\n',
    });
    const run = compact(dir, '--context', '.', 'variables.tf');
    expect(run.lines).toEqual([expect.stringMatching(/^main\.tf:\d+:\d+: warning: Flow log `aws_flow_log\.this` .*\[flow-log-delivery\]$/)]);
  });

  it('a named versions.tf or a template that does not parse reports nothing of the Terraform folder around it', () => {
    const dir = scratch();
    writeTree(dir, {
      'versions.tf': 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n  }\n}\n',
      'main.tf': 'resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app/api"\n  retention_in_days = 7\n}\n',
      'stacks/broken.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: [\n',
    });
    expect(compact(dir, '.').lines).toEqual([expect.stringMatching(/^main\.tf:3:23: error: .*\[log-group-retention\]$/), expect.stringMatching(/^stacks\/broken\.yaml:\d+:\d+: error: .*\[parse-error\]$/)]);
    // (The context's broken template is still a tool notification: it may hide links.)
    const versions = compact(dir, '--context', '.', 'versions.tf');
    expect(versions.status).toBe(0);
    expect(versions.lines.filter((line) => !line.endsWith('[flowguard]'))).toEqual([]);
    const broken = compact(dir, '--context', '.', 'stacks/broken.yaml');
    expect(broken.lines).toEqual([expect.stringMatching(/^stacks\/broken\.yaml:\d+:\d+: error: .*\[parse-error\]$/)]);
  });

  it('skips named files that are not templates (exit 0), where a plain run reports them', () => {
    const dir = copyConfigFixture('cross-stack');
    writeTree(dir, NOT_TEMPLATES);
    const names = Object.keys(NOT_TEMPLATES);
    expect(compact(dir, '--context', '.', ...names, 'network.yaml')).toMatchObject({ status: 0, lines: [], stderr: '' });
    expect(compact(dir, ...names).status).toBe(1); // named without context: parse-error for each
  });

  it('exits 0 when no named file is a template and the repository has none either', () => {
    const dir = scratch();
    writeTree(dir, NOT_TEMPLATES);
    const run = compact(dir, '--context', '.', ...Object.keys(NOT_TEMPLATES));
    expect(run.status).toBe(0);
    expect(run.lines).toEqual([]);
  });

  it('no named file is a template: a machine-readable report is still written (an empty array, an empty SARIF run)', () => {
    const dir = copyConfigFixture('cross-stack');
    writeTree(dir, NOT_TEMPLATES);
    const json = runCli(['--format', 'json', '--context', '.', 'package.json'], { cwd: dir });
    expect(json).toMatchObject({ status: 0, stdout: '[]\n', stderr: '' });
    const sarif = runCli(['--format', 'sarif', '--output', 'out/flowguard.sarif', '--context', '.', 'package.json'], { cwd: dir });
    expect(sarif.status).toBe(0);
    const log = JSON.parse(readFileSync(join(dir, 'out/flowguard.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]!.results).toEqual([]);
  });

  it('still reports a named template that does not parse', () => {
    const dir = copyConfigFixture('cross-stack');
    writeTree(dir, { 'broken.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n     Properties: {}\n" });
    const run = compact(dir, '--context', '.', 'broken.yaml');
    expect(run.status).toBe(1);
    expect(run.lines).toEqual([expect.stringMatching(/^broken\.yaml:\d+:\d+: error: .*\[parse-error\]$/)]);
  });

  it('is repeatable, relative to the working directory, and uses repository-relative paths', () => {
    const repo = scratch();
    gitInit(repo);
    copyConfigFixture('cross-stack', join(repo, 'stacks'));
    writeTree(repo, { 'README.md': '# not a template: skipped as context\n' });
    const run = compact(join(repo, 'stacks'), '--context', 'flow-logs.json', '--context', '../README.md', 'network.yaml');
    expect(run).toMatchObject({ status: 0, lines: [] });
    const sarif = runCli(['--format', 'sarif', '--context', '.', 'network.yaml', '../stacks/flow-logs.json'], { cwd: join(repo, 'stacks') });
    expect(sarif.status).toBe(0);
  });

  it('the summary counts the linted files, not the context read beside them', () => {
    const dir = copyConfigFixture('cross-stack');
    writeTree(dir, NOT_TEMPLATES);
    const run = runCli(['--context', '.', 'network.yaml'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run).toMatchObject({ status: 0, stdout: '✔ no problems in 1 file\n', stderr: '' });
    // Named files that are not templates, with context: nothing linted, nothing failed, nothing to say.
    expect(runCli(['--context', '.', 'package.json'], { cwd: dir })).toMatchObject({ status: 0, stdout: '', stderr: '' });
    // A .tf file named alone is read with its folder, as Terraform reads a module; only it is linted.
    const tf = runCli(['envs/prod/main.tf'], { cwd: fixture('terraform-modules') });
    expect(tf).toMatchObject({ status: 0, stdout: '✔ no problems in 1 file\n' });
  });

  it('a context path that does not exist is exit 2', () => {
    const dir = copyConfigFixture('cross-stack');
    const run = runCli(['--context', 'nope', 'network.yaml'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('flowguard: --context: cannot read nope: no such file or directory\n');
  });
});
