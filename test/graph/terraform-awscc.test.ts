/**
 * The AWS Cloud Control provider (`hashicorp/awscc`): its VPCs, flow logs (`resource_id` +
 * `resource_type`, as CloudFormation), log groups and roles (JSON-string policies, a `policies` list
 * attribute) are the same graph kinds as the `aws` provider's, in `.tf` source and in plans, and mix
 * with them (an `awscc_ec2_flow_log` covers an `aws_vpc`).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import { addTerraformPlans } from '../../src/graph/terraform-plan/index.js';
import { parseJson } from '../../src/parse/json.js';
import { memoryGraph } from './terraform-helpers.js';

const PLAN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/graph/terraform-plan/awscc.json');

function findings(graph: ResourceGraph): string[] {
  return RULES.flatMap((rule) => rule.check(graph, {}).map((f) => `${rule.meta.id} ${f.level ?? rule.meta.defaultLevel} ${f.resourceId} ${f.messageId}`)).sort();
}

const VPC = 'resource "awscc_ec2_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n';

/** A CloudWatch flow log of `awscc_ec2_vpc.main` delivered by `awscc_iam_role.flow`. */
function flowLog(traffic = 'ALL', target = 'awscc_ec2_vpc.main.id', type = '"VPC"'): string {
  return `resource "awscc_ec2_flow_log" "main" {
  resource_id                 = ${target}
  resource_type               = ${type}
  traffic_type                = "${traffic}"
  log_group_name              = awscc_logs_log_group.flow.log_group_name
  deliver_logs_permission_arn = awscc_iam_role.flow.arn
}
resource "awscc_logs_log_group" "flow" {
  log_group_name    = "/vpc/main/flow-logs"
  retention_in_days = 365
}
`;
}

function role(service: string, actions: string[], how: 'policies' | 'role-policy' = 'policies'): string {
  const trust = `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "${service}" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]
  })`;
  const grant = `jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ${JSON.stringify(actions)}, Resource = "*" }]
    })`;
  if (how === 'policies') {
    return `resource "awscc_iam_role" "flow" {
  role_name                   = "vpc-flow-logs"
  assume_role_policy_document = ${trust}
  policies = [{
    policy_name     = "deliver"
    policy_document = ${grant}
  }]
}
`;
  }
  return `resource "awscc_iam_role" "flow" {
  role_name                   = "vpc-flow-logs"
  assume_role_policy_document = ${trust}
}
resource "awscc_iam_role_policy" "deliver" {
  role_name       = awscc_iam_role.flow.role_name
  policy_name     = "deliver"
  policy_document = ${grant}
}
`;
}

const ALL_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'];

describe('awscc in .tf source', () => {
  it('a VPC with an ALL flow log whose role trusts the flow-logs service and is granted delivery has no finding', () => {
    expect(findings(memoryGraph({ 'main.tf': VPC + flowLog() + role('vpc-flow-logs.amazonaws.com', ALL_ACTIONS) }))).toEqual([]);
    expect(findings(memoryGraph({ 'main.tf': VPC + flowLog() + role('vpc-flow-logs.amazonaws.com', ALL_ACTIONS, 'role-policy') }))).toEqual([]);
  });

  it('an ACCEPT-only flow log, a subnet type and a type not known statically do not cover the VPC', () => {
    const ok = role('vpc-flow-logs.amazonaws.com', ALL_ACTIONS);
    expect(findings(memoryGraph({ 'main.tf': VPC + flowLog('ACCEPT') + ok }))).toEqual(['vpc-flow-logs error awscc_ec2_vpc.main nearMiss']);
    expect(findings(memoryGraph({ 'main.tf': VPC + flowLog('ALL', 'awscc_ec2_vpc.main.vpc_id', '"Subnet"') + ok }))).toEqual(['vpc-flow-logs error awscc_ec2_vpc.main nearMiss']);
    expect(findings(memoryGraph({ 'main.tf': `${VPC}variable "scope" {}\n${flowLog('ALL', 'awscc_ec2_vpc.main.id', 'var.scope')}${ok}` }))).toEqual([
      'vpc-flow-logs note awscc_ec2_vpc.main unverifiable',
    ]);
  });

  it('the CIS delivery role (trusting ec2.amazonaws.com) is an error, and a missing grant in `policies` or a role policy a warning', () => {
    expect(findings(memoryGraph({ 'main.tf': VPC + flowLog() + role('ec2.amazonaws.com', ALL_ACTIONS) }))).toEqual(['role-trust-principal error awscc_iam_role.flow missingService']);
    const partial = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    expect(findings(memoryGraph({ 'main.tf': VPC + flowLog() + role('vpc-flow-logs.amazonaws.com', partial) }))).toEqual(['flow-log-delivery warning awscc_ec2_flow_log.main missingActions']);
    expect(findings(memoryGraph({ 'main.tf': VPC + flowLog() + role('vpc-flow-logs.amazonaws.com', partial, 'role-policy') }))).toEqual([
      'flow-log-delivery warning awscc_ec2_flow_log.main missingActions',
    ]);
  });

  it('a flow log without resource_type covers nothing (it is required), and fixes are spelled as awscc spells them', () => {
    const ok = role('vpc-flow-logs.amazonaws.com', ALL_ACTIONS);
    const untyped = flowLog().replace('  resource_type               = "VPC"\n', '');
    expect(findings(memoryGraph({ 'main.tf': VPC + untyped + ok }))).toEqual(['vpc-flow-logs error awscc_ec2_vpc.main nearMiss']);
    const graph = memoryGraph({ 'main.tf': `${VPC}resource "awscc_ec2_flow_log" "bare" {\n  traffic_type   = "ALL"\n  log_group_name = "/vpc/flow"\n}\n` });
    const messages = RULES.flatMap((rule) => rule.check(graph, {}).map((f) => JSON.stringify(f.data)));
    expect(messages.some((m) => m.includes('resource_id (with resource_type VPC'))).toBe(true);
    expect(messages.some((m) => m.includes('deliver_logs_permission_arn'))).toBe(true);
    expect(messages.some((m) => m.includes('iam_role_arn') || m.includes('vpc_id (or'))).toBe(false);
  });

  it('a `policies` list the run cannot see into may grant anything', () => {
    const written = role('vpc-flow-logs.amazonaws.com', []);
    const unseen = `${written.slice(0, written.indexOf('  policies = ['))}  policies = var.policies\n}\n`;
    expect(findings(memoryGraph({ 'main.tf': `${VPC}variable "policies" {}\n${flowLog()}${unseen}` }))).toEqual([]);
  });

  it('an awscc flow log covers an aws_vpc, and an aws_flow_log an awscc VPC', () => {
    const ok = role('vpc-flow-logs.amazonaws.com', ALL_ACTIONS);
    expect(findings(memoryGraph({ 'main.tf': `resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n${flowLog('REJECT', 'aws_vpc.main.id')}${ok}` }))).toEqual([]);
    const classic = 'resource "aws_flow_log" "main" {\n  vpc_id               = awscc_ec2_vpc.main.vpc_id\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = "arn:aws:s3:::central-flow-logs"\n}\n';
    expect(findings(memoryGraph({ 'main.tf': VPC + classic }))).toEqual([]);
  });

  it('a short log group retention is reported on awscc_logs_log_group', () => {
    const short = flowLog().replace('retention_in_days = 365', 'retention_in_days = 14');
    expect(findings(memoryGraph({ 'main.tf': VPC + short + role('vpc-flow-logs.amazonaws.com', ALL_ACTIONS) }))).toEqual(['log-group-retention error awscc_logs_log_group.flow tooShort']);
  });
});

describe('awscc in a plan', () => {
  it('gives the verdicts of the same configuration in source', () => {
    const result = parseJson({ absolutePath: PLAN, path: 'plans/awscc.json', text: readFileSync(PLAN, 'utf8') });
    if (!result.ok) throw new Error(result.problem.message);
    const builder = new GraphBuilder();
    addTerraformPlans([result.document], builder);
    expect(findings(builder.build())).toEqual([
      'flow-log-delivery warning awscc_ec2_flow_log.app missingActions',
      'log-group-retention error awscc_logs_log_group.flow_logs tooShort',
      'role-trust-principal error awscc_iam_role.flow_logs missingService',
      'role-trust-principal note awscc_iam_role.flow_logs confusedDeputy',
      'vpc-flow-logs error awscc_ec2_vpc.sandbox nearMiss',
    ]);
  });
});
