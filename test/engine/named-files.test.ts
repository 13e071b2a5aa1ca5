/**
 * Which findings a run with named files and `--context` reports (the pre-commit hook: the staged
 * files named, the repository as context). A finding is reported when it is in a named file, when its
 * resource belongs to one, or when one of its related locations is in one: the change that uncovers a
 * VPC is often in another file than the VPC. A named Terraform variable file is read by the module of
 * its folder, as Terraform reads it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import { SHORT_RETENTION, writeTree } from '../cli/helpers.js';
import { copyConfigFixture, removeScratch, scratch } from '../cli/scratch.js';

afterEach(removeScratch);

function shown(result: LintResult): string[] {
  return result.findings.filter((f) => !f.suppressions?.length).map((f) => `${f.ruleId}@${f.file}:${f.resourceId ?? ''}`);
}

/** The security team's stack, with its flow log narrowed to accepted traffic: the shared VPC loses its coverage. */
function narrowFlowLog(dir: string): void {
  const path = join(dir, 'flow-logs.json');
  writeFileSync(path, readFileSync(path, 'utf8').replace('"TrafficType": "ALL"', '"TrafficType": "ACCEPT"'));
}

describe('named files with --context', () => {
  it('report the finding on a VPC in a context file when its almost-covering flow log is in a named file', async () => {
    const dir = copyConfigFixture('cross-stack');
    narrowFlowLog(dir);
    const result = await lint(['flow-logs.json'], { cwd: dir, context: ['.'] });
    expect(shown(result)).toEqual(['vpc-flow-logs@network.yaml:SharedVpc']);
    expect(result.findings[0]!.related.map((r) => r.file)).toContain('flow-logs.json');
  });

  it('still leave out context findings that no named file takes part in', async () => {
    const dir = copyConfigFixture('cross-stack');
    narrowFlowLog(dir);
    writeTree(dir, { 'other/logs.yaml': SHORT_RETENTION });
    expect(shown(await lint(['other/logs.yaml'], { cwd: dir, context: ['.'] }))).toEqual(['log-group-retention@other/logs.yaml:Logs']);
    expect(shown(await lint(['network.yaml'], { cwd: dir, context: ['other'] }))).toEqual(['vpc-flow-logs@network.yaml:SharedVpc']);
  });

  it('report a Terraform finding whose deciding variable default is in the named variables.tf', async () => {
    const dir = terraformModule({ 'logs/variables.tf': retentionVariable(7) });
    const result = await lint(['logs/variables.tf'], { cwd: dir, context: ['.'] });
    expect(shown(result)).toEqual([API_LOGS]);
    expect(result.findings[0]!.related.map((r) => r.file)).toEqual(['logs/variables.tf']);
    // Without --context, the folder is still read as one module, and the same rule applies.
    expect(shown(await lint(['logs/variables.tf'], { cwd: dir }))).toEqual([API_LOGS]);
  });
});

describe('a named Terraform variable file', () => {
  it.each([[[] as string[]], [['.']]])('is read by its folder\'s module, which reports the findings its values decide (context %j)', async (context) => {
    const dir = terraformModule({ 'logs/terraform.tfvars': 'retention_days = 14\n', 'logs/prod.auto.tfvars.json': '{ "unrelated": true }\n' });
    for (const named of ['logs/terraform.tfvars', 'logs/prod.auto.tfvars.json']) {
      const result = await lint([named], { cwd: dir, context });
      expect(result.notifications, named).toEqual([]);
      expect(result.files, named).toEqual(['logs/main.tf', 'logs/variables.tf']);
      // The finding sits on main.tf; only the file whose value decides it reports it.
      expect(shown(result), named).toEqual(named.endsWith('terraform.tfvars') ? [API_LOGS] : []);
    }
    const finding = (await lint(['logs/terraform.tfvars'], { cwd: dir, context })).findings[0]!;
    expect(finding.message).toMatch(/keeps events for 14 days/);
    expect(finding.related.map((r) => `${r.file}:${r.region.startLine}`)).toEqual(['logs/terraform.tfvars:1']);
  });

  it('that does not parse is a parse-error, as Terraform rejects it', async () => {
    const dir = terraformModule({ 'logs/terraform.tfvars': 'retention_days = \n' });
    const result = await lint(['logs/terraform.tfvars'], { cwd: dir, context: ['.'] });
    expect(result.findings.map((f) => `${f.ruleId}@${f.file}:${f.region.startLine}`)).toEqual(['parse-error@logs/terraform.tfvars:1']);
  });

  it('that Terraform does not read by itself, or that no module reads, is accepted with a warning that says so', async () => {
    const dir = terraformModule({ 'logs/prod.tfvars': 'retention_days = 14\n', 'vars/staging.tfvars': 'retention_days = 14\n' });
    const result = await lint(['logs/prod.tfvars', 'vars/staging.tfvars'], { cwd: dir });
    expect(result.findings).toEqual([]);
    expect(result.files).toEqual(['logs/main.tf', 'logs/variables.tf']);
    expect(result.executionSuccessful).toBe(true);
    expect(result.notifications.map((n) => [n.level, n.file, n.message])).toEqual([
      ['warning', 'logs/prod.tfvars', expect.stringMatching(/^logs\/prod\.tfvars: Terraform reads this variable file only when a run names it \(-var-file\)/)],
      ['warning', 'vars/staging.tfvars', 'vars/staging.tfvars: no Terraform module (.tf files) in its folder reads this variable file'],
    ]);
  });
});

const API_LOGS = 'log-group-retention@logs/main.tf:aws_cloudwatch_log_group.app';

function retentionVariable(days: number): string {
  return `variable "retention_days" {\n  type    = number\n  default = ${days}\n}\n`;
}

/** A module folder `logs/` whose log group keeps events `var.retention_days` days (365 by default), plus `files`. */
function terraformModule(files: Record<string, string>): string {
  const dir = scratch('flowguard-named-files-');
  writeTree(dir, {
    'logs/main.tf': 'resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app/api"\n  retention_in_days = var.retention_days\n}\n',
    'logs/variables.tf': retentionVariable(365),
    ...files,
  });
  return dir;
}

describe('a named variable file that switches a flow log off', () => {
  it('reports the VPC the flow log no longer covers: the variable default is a related location', async () => {
    const dir = scratch();
    writeTree(dir, {
      'main.tf': [
        'resource "aws_vpc" "main" {',
        '  cidr_block = "10.0.0.0/16"',
        '}',
        '',
        'resource "aws_flow_log" "main" {',
        '  count                = var.enable_flow_logs ? 1 : 0',
        '  vpc_id               = aws_vpc.main.id',
        '  traffic_type         = "ALL"',
        '  log_destination_type = "s3"',
        '  log_destination      = "arn:aws:s3:::central-flow-logs"',
        '}',
        '',
      ].join('\n'),
      // The staged change: the default flipped from true to false.
      'variables.tf': 'variable "enable_flow_logs" {\n  type    = bool\n  default = false\n}\n',
    });
    const result = await lint(['variables.tf'], { cwd: dir, context: ['.'] });
    expect(shown(result)).toEqual(['vpc-flow-logs@main.tf:aws_vpc.main']);
    expect(result.findings[0]?.related.map((r) => [r.file, r.region.startLine, r.message])).toEqual([
      ['main.tf', 5, 'flow log `aws_flow_log.main` does not exist by default: count is 0: var.enable_flow_logs defaults to false'],
      ['variables.tf', 3, 'this value leaves flow log `aws_flow_log.main` out of the default deployment'],
    ]);
  });
});

describe('a named JSON file that is none of ours', () => {
  it('says so, and for a raw terraform.tfstate how to get the JSON flowguard reads', async () => {
    const dir = scratch();
    writeTree(dir, {
      'terraform.tfstate': JSON.stringify({ version: 4, terraform_version: '1.9.0', serial: 12, lineage: '0c8e8f0e-5d1a-4c5e-9d3f-6b1f2a7c9e10', outputs: {}, resources: [{ mode: 'managed', type: 'aws_vpc', name: 'main', provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ schema_version: 1, attributes: { id: 'vpc-0a1b2c3d', cidr_block: '10.0.0.0/16' } }] }] }, null, 2),
      'package.json': '{ "name": "infra", "private": true }\n',
    });
    const result = await lint(['terraform.tfstate', 'package.json'], { cwd: dir });
    expect(result.findings.map((f) => [f.file, f.message])).toEqual([
      ['package.json', 'not a CloudFormation template or Terraform plan/state: expected `Resources` with `AWS::` types, `AWSTemplateFormatVersion`, or `format_version` with `planned_values` (a plan) or `values` (a state)'],
      ['terraform.tfstate', 'this is a raw Terraform state file (`terraform.tfstate`), not the JSON of `terraform show -json`: lint the output of `terraform show -json` (the state) or `terraform show -json plan.out` (a plan)'],
    ]);
  });
});

describe('a named HCL file that is not Terraform source', () => {
  it('says what it is and what to lint instead, not a YAML parser message', async () => {
    const dir = scratch();
    writeTree(dir, {
      // A Terragrunt live folder (after Physicians-for-Human-Rights/MediCapt): the module and its inputs.
      'live/dev/networking/vpc/vpc-records/terragrunt.hcl': [
        'terraform {',
        '  source = "../../../../medicapt-infrastructure-modules//networking/vpc"',
        '}',
        '',
        '# Include all settings from the root terragrunt.hcl file',
        'include {',
        '  path = find_in_parent_folders()',
        '}',
        '',
        'inputs = {',
        '  backend = "records"',
        '  classB = 1',
        '  flow_logs_traffic_type = "ALL"',
        '  flow_logs_retention_in_days = 14',
        '}',
        '',
      ].join('\n'),
      'stacks/network.tfcomponent.hcl': 'component "vpc" {\n  source = "./modules/vpc"\n  inputs = {\n    retention_in_days = 14\n  }\n  providers = {\n    aws = provider.aws.this\n  }\n}\n',
      'envs/prod/.terraform.lock.hcl': '# This file is maintained automatically by "terraform init".\n\nprovider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.82.2"\n  constraints = "~> 5.0"\n}\n',
      'images/base.pkr.hcl': 'source "amazon-ebs" "base" {\n  region        = "us-east-1"\n  instance_type = "t3.micro"\n}\n',
    });
    const named = ['live/dev/networking/vpc/vpc-records/terragrunt.hcl', 'stacks/network.tfcomponent.hcl', 'envs/prod/.terraform.lock.hcl', 'images/base.pkr.hcl'];
    const result = await lint(named, { cwd: dir });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.region.startLine, f.message])).toEqual([
      ['parse-error', 'envs/prod/.terraform.lock.hcl', 1, "this is Terraform's dependency lock file, which declares no resources: lint the `.tf` files of its folder"],
      ['parse-error', 'images/base.pkr.hcl', 1, 'this HCL file is not Terraform source: flowguard reads Terraform `.tf` and `.tf.json` files, CloudFormation templates, and the JSON of `terraform show -json`'],
      [
        'parse-error',
        'live/dev/networking/vpc/vpc-records/terragrunt.hcl',
        1,
        'this is a Terragrunt configuration, which flowguard does not read (nor its `inputs`): lint the Terraform module its `terraform { source }` names, or its plan: `terragrunt plan -out=plan.out`, then the output of `terragrunt show -json plan.out`',
      ],
      ['parse-error', 'stacks/network.tfcomponent.hcl', 1, 'this is a Terraform Stacks configuration, which flowguard does not read (nor the inputs it gives): lint the Terraform modules its components name'],
    ]);
  });

  it('knows root.hcl, the root configuration Terragrunt now recommends, as Terragrunt', async () => {
    const dir = scratch();
    writeTree(dir, {
      // After fabricesemti80/work.terraform-aws-deployment: the root every unit includes with
      // find_in_parent_folders("root.hcl"), generating the provider and backend and passing inputs.
      'deployments/root.hcl': [
        'locals {',
        '  account_vars = read_terragrunt_config(find_in_parent_folders("account.hcl"))',
        '  region_vars  = read_terragrunt_config(find_in_parent_folders("region.hcl"))',
        '  aws_region   = local.region_vars.locals.aws_region',
        '  deployment_path_components = compact(split("/", path_relative_to_include()))',
        '  tier  = local.deployment_path_components[0]',
        '  stack = reverse(local.deployment_path_components)[0]',
        '}',
        '',
        'inputs = local.account_vars.locals',
        '',
        'remote_state {',
        '  backend = "s3"',
        '  generate = {',
        '    path      = "backend.tf"',
        '    if_exists = "overwrite"',
        '  }',
        '  config = {',
        '    bucket = "terraform-spin-aws-infra-state"',
        '    region = "eu-west-2"',
        '    key    = "${path_relative_to_include()}/terraform.tfstate"',
        '  }',
        '}',
        '',
        'terraform {',
        '  source = "${get_parent_terragrunt_dir()}/../modules/stacks/${local.tier}/${local.stack}"',
        '}',
        '',
      ].join('\n'),
      'deployments/spin-networks/eu-west/vpc/terragrunt.hcl': 'terraform {\n  source = "tfr://registry.terraform.io/terraform-aws-modules/vpc/aws?version=4.0.1"\n}\ninclude {\n  path = find_in_parent_folders("root.hcl")\n}\n',
    });
    const result = await lint(['deployments/root.hcl'], { cwd: dir });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.region.startLine, f.message])).toEqual([
      [
        'parse-error',
        'deployments/root.hcl',
        1,
        'this is a Terragrunt configuration, which flowguard does not read (nor its `inputs`): lint the Terraform module its `terraform { source }` names, or its plan: `terragrunt plan -out=plan.out`, then the output of `terragrunt show -json plan.out`',
      ],
    ]);
    // Walked, the live folder holds nothing flowguard reads, as with terragrunt.hcl alone.
    expect((await lint(['.'], { cwd: dir })).findings).toEqual([]);
  });

  it('says a named OpenTofu file is OpenTofu source, not "not a CloudFormation template"', async () => {
    const dir = scratch();
    // After david-hankinson/terragrunt-module-vpc-ecs: an OpenTofu module written in `.tofu` files only.
    writeTree(dir, {
      'modules/vpc/00-vpc.tofu': [
        'resource "aws_vpc" "this" {',
        '  cidr_block = var.cidr_block',
        '',
        '  enable_dns_hostnames = var.enable_dns_hostnames',
        '  enable_dns_support   = var.enable_dns_support',
        '',
        '  tags = {',
        '    name = "${var.env}-vpc"',
        '  }',
        '}',
        '',
      ].join('\n'),
      'modules/vpc/outputs.tofu.json': '{\n  "output": {\n    "vpc_id": {\n      "value": "${aws_vpc.this.id}"\n    }\n  }\n}\n',
    });
    const result = await lint(['modules/vpc/00-vpc.tofu', 'modules/vpc/outputs.tofu.json'], { cwd: dir });
    const said =
      'this is OpenTofu source (`.tofu`), which flowguard does not read: it reads Terraform `.tf` and `.tf.json` files; lint the plan instead: `tofu plan -out=plan.out`, then the output of `tofu show -json plan.out`';
    expect(result.findings.map((f) => [f.ruleId, f.file, f.region.startLine, f.message])).toEqual([
      ['parse-error', 'modules/vpc/00-vpc.tofu', 1, said],
      ['parse-error', 'modules/vpc/outputs.tofu.json', 1, said],
    ]);
    // Walked, a folder of `.tofu` files holds nothing flowguard reads.
    expect((await lint(['.'], { cwd: dir })).findings).toEqual([]);
  });

  it('is skipped silently when walked', async () => {
    const dir = scratch();
    writeTree(dir, { 'live/terragrunt.hcl': 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n', 'main.tf': 'resource "aws_cloudwatch_log_group" "app" {\n  retention_in_days = 400\n}\n' });
    const result = await lint(['.'], { cwd: dir });
    expect(result.findings).toEqual([]);
  });
});

describe('a staged terraform.tfvars that narrows a flow log to ACCEPT', () => {
  it('reports the VPC it uncovers, in the module the root calls, for that root only', async () => {
    const cwd = new URL('../../fixtures/cli/shared-module-roots/', import.meta.url).pathname;
    const result = await lint(['environments/dev/terraform.tfvars'], { cwd, context: ['.'] });
    // Paths are relative to the repository this fixture sits in.
    const at = (path: string) => `fixtures/cli/shared-module-roots/${path}`;
    expect(shown(result)).toEqual([`vpc-flow-logs@${at('modules/vpc/main.tf')}:module.vpc.aws_vpc.this`]);
    expect(result.findings[0]!.logicalFile).toBe(at('environments/dev/main.tf'));
  });
});
