/**
 * Terraform plan/state adapter, one document at a time: nodes, kinds, attributes and edges on
 * realistic `terraform show -json` output under `fixtures/graph/terraform-plan/`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addTerraformPlans } from '../../src/graph/terraform-plan/index.js';
import type { ResourceGraph, RValue } from '../../src/graph/model.js';
import type { DataDocument } from '../../src/parse/document.js';
import { documentOf, graphOf, nodeOf, plain, spanPath } from './helpers.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/graph/terraform-plan');

function planDocument(name: string, as = name): DataDocument {
  const text = readFileSync(path.join(FIXTURES, name), 'utf8');
  return documentOf(as, JSON.parse(text), 'json', text);
}

const graphs = new Map<string, ResourceGraph>();
function graph(file: string): ResourceGraph {
  let g = graphs.get(file);
  if (!g) graphs.set(file, (g = graphOf(addTerraformPlans, [planDocument(file)])));
  return g;
}

/** `plain` plus the `mayBe` list of unknowns (as ids), which decides "possibly covered". */
function shown(value: RValue | undefined): unknown {
  if (value?.t === 'unknown' && value.mayBe) return { unknown: value.why, mayBe: value.mayBe.map((uid) => uid.slice(uid.indexOf('#') + 1)) };
  return plain(value);
}

function edgesOf(g: ResourceGraph): string[] {
  const id = (uid: string) => uid.slice(uid.indexOf('#') + 1);
  return g.edges.map((e) => `${id(e.from)} -${e.via}-> ${id(e.to)}`);
}

const AFTER_APPLY = 'known only after apply';

describe('nodes', () => {
  it('makes one node per managed instance that survives the plan', () => {
    expect([...graph('flow-logs.json').nodes.values()].map((n) => n.id)).toEqual([
      'aws_cloudwatch_log_group.audit',
      'aws_cloudwatch_log_group.main_flow_logs',
      'aws_flow_log.main',
      'aws_flow_log.per_az[0]',
      'aws_flow_log.per_az[1]',
      'aws_flow_log.prod',
      'aws_flow_log.shared',
      'aws_flow_log.staging',
      'aws_iam_role.flow_logs',
      'aws_internet_gateway.main',
      'aws_s3_bucket.flow_logs',
      'aws_vpc.env["dev"]',
      'aws_vpc.env["prod"]',
      'aws_vpc.legacy',
      'aws_vpc.main',
      'aws_vpc.per_az[0]',
      'aws_vpc.per_az[1]',
      'aws_vpc.shared[0]',
      'aws_vpc.staging',
    ]);
  });

  it.each([
    ['aws_vpc.main', 'vpc'],
    ['aws_flow_log.main', 'flow-log'],
    ['aws_cloudwatch_log_group.main_flow_logs', 'log-group'],
    ['aws_iam_role.flow_logs', 'iam-role'],
    ['aws_s3_bucket.flow_logs', 's3-bucket'],
    ['aws_internet_gateway.main', 'other'],
  ])('%s is a %s node keyed by the plan file and its address', (id, kind) => {
    const node = nodeOf(graph('flow-logs.json'), `flow-logs.json#${id}`);
    expect(node).toMatchObject({ id, kind, type: id.slice(0, id.indexOf('.')), file: 'flow-logs.json', existence: { state: 'present' } });
    expect(node.logicalFile).toBeUndefined();
    expect(spanPath(node.span)).toMatch(/^planned_values\.root_module\.resources\.\d+\.address$/);
  });

  it('skips resources planned for deletion, keeps replacements', () => {
    const g = graph('flow-logs.json');
    expect(g.nodes.has('flow-logs.json#aws_flow_log.legacy')).toBe(false);
    expect(nodeOf(g, 'flow-logs.json#aws_cloudwatch_log_group.audit').attrs['retentionDays']).toMatchObject({ value: 30 });
  });

  it('makes no nodes for data sources, from planned values, resource changes or the prior state', () => {
    const ids = [...graph('flow-logs.json').nodes.keys(), ...graph('iam.json').nodes.keys()];
    expect(ids.filter((id) => id.includes('data.'))).toEqual([]);
  });

  it('points a resource known only from resource_changes at its entry there', () => {
    const doc = planDocument('flow-logs.json', 'only-changes.json');
    delete (doc.value as { planned_values?: unknown }).planned_values;
    const node = nodeOf(graphOf(addTerraformPlans, [doc]), 'only-changes.json#aws_flow_log.staging');
    expect(spanPath(node.span)).toMatch(/^resource_changes\.\d+\.address$/);
    expect(shown(node.attrs['target'])).toEqual({ ref: 'only-changes.json#aws_vpc.staging.id' });
  });
});

/** [fixture, address, attribute, expected, span path of the value] */
type Row = [string, string, string, unknown, RegExp?];

const rows: Row[] = [
  // known values in the plan, linked by value (a literal vpc id / ARN equal to one of the plan)
  ['flow-logs.json', 'aws_flow_log.main', 'target', { ref: 'flow-logs.json#aws_vpc.main.id' }, /^planned_values\.root_module\.resources\.\d+\.values\.vpc_id$/],
  ['flow-logs.json', 'aws_flow_log.main', 'targetType', 'VPC'],
  ['flow-logs.json', 'aws_flow_log.main', 'trafficType', 'REJECT'],
  ['flow-logs.json', 'aws_flow_log.main', 'destinationType', 'cloud-watch-logs'],
  ['flow-logs.json', 'aws_flow_log.main', 'destination', { ref: 'flow-logs.json#aws_cloudwatch_log_group.main_flow_logs.arn' }],
  ['flow-logs.json', 'aws_flow_log.main', 'logGroupName', { ref: 'flow-logs.json#aws_cloudwatch_log_group.main_flow_logs.id' }],
  ['flow-logs.json', 'aws_flow_log.main', 'deliveryRole', { ref: 'flow-logs.json#aws_iam_role.flow_logs.arn' }],
  // an unset optional string written as "" by the provider is not set
  ['flow-logs.json', 'aws_flow_log.main', 'crossAccountRole', undefined],
  // unknown at plan time: linked through configuration references, span at the expression
  ['flow-logs.json', 'aws_flow_log.staging', 'target', { ref: 'flow-logs.json#aws_vpc.staging.id' }, /^configuration\.root_module\.resources\.\d+\.expressions\.vpc_id$/],
  ['flow-logs.json', 'aws_flow_log.staging', 'destination', { ref: 'flow-logs.json#aws_s3_bucket.flow_logs.arn' }],
  ['flow-logs.json', 'aws_flow_log.staging', 'trafficType', 'ACCEPT'],
  // computed by the provider, not in the configuration: not set
  ['flow-logs.json', 'aws_flow_log.staging', 'logGroupName', undefined],
  ['flow-logs.json', 'aws_flow_log.staging', 'deliveryRole', undefined],
  // count: a reference to a resource with several instances may be any of them
  ['flow-logs.json', 'aws_flow_log.per_az[0]', 'target', { unknown: AFTER_APPLY, mayBe: ['aws_vpc.per_az[0]', 'aws_vpc.per_az[1]'] }],
  ['flow-logs.json', 'aws_flow_log.per_az[1]', 'target', { unknown: AFTER_APPLY, mayBe: ['aws_vpc.per_az[0]', 'aws_vpc.per_az[1]'] }],
  // count = 1: the only instance
  ['flow-logs.json', 'aws_flow_log.shared', 'target', { ref: 'flow-logs.json#aws_vpc.shared[0].id' }],
  // for_each: a constant key names one instance (not every instance of `aws_vpc.env`)
  ['flow-logs.json', 'aws_flow_log.prod', 'target', { ref: 'flow-logs.json#aws_vpc.env["prod"].id' }],
  ['flow-logs.json', 'aws_flow_log.prod', 'destination', 'arn:aws:s3:::central-flow-logs-999988887777'],
  ['flow-logs.json', 'aws_cloudwatch_log_group.main_flow_logs', 'retentionDays', 365],
  // IAM: JSON strings (jsonencode) parsed; inline_policy blocks → documents
  ['flow-logs.json', 'aws_iam_role.flow_logs', 'trustPolicy', {
    Statement: [{ Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } }, Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' } }],
    Version: '2012-10-17',
  }],
  ['flow-logs.json', 'aws_iam_role.flow_logs', 'inlinePolicies', [{
    Statement: [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'], Effect: 'Allow', Resource: '*' }],
    Version: '2012-10-17',
  }]],
  ['flow-logs.json', 'aws_iam_role.flow_logs', 'managedPolicies', []],
  ['iam.json', 'aws_iam_role.ec2_trust', 'trustPolicy', {
    Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }],
    Version: '2012-10-17',
  }],
  // inline_policy / managed_policy_arns computed and not configured: not set (attachments speak for them)
  ['iam.json', 'aws_iam_role.ec2_trust', 'inlinePolicies', undefined],
  ['iam.json', 'aws_iam_role.ec2_trust', 'managedPolicies', undefined],
  // attachments: the role by its known name, an AWS-managed policy stays a literal ARN
  ['iam.json', 'aws_iam_role_policy_attachment.ec2_trust_logs', 'roles', { ref: 'iam.json#aws_iam_role.ec2_trust.name' }],
  ['iam.json', 'aws_iam_role_policy_attachment.ec2_trust_logs', 'attachedPolicy', 'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess'],
  ['iam.json', 'aws_iam_role_policy_attachment.from_document_deliver', 'attachedPolicy', { ref: 'iam.json#aws_iam_policy.deliver.arn' }],
  ['iam.json', 'aws_iam_policy.deliver', 'document', {
    Statement: [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: '*' }],
    Version: '2012-10-17',
  }],
  // a trust policy from a data "aws_iam_policy_document" read only at apply: built from its statements
  ['iam.json', 'aws_iam_role.from_document', 'trustPolicy', {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Action: ['sts:AssumeRole'],
      Principal: { Service: ['vpc-flow-logs.amazonaws.com'] },
      Condition: { ArnLike: { 'aws:SourceArn': [{ unknown: AFTER_APPLY }] } },
    }],
  }],
  // sensitive values are not judged
  ['iam.json', 'aws_cloudwatch_log_group.sensitive', 'retentionDays', { unknown: 'sensitive' }],
  // state JSON: values.root_module and its child modules
  ['state.json', 'aws_flow_log.main', 'target', { ref: 'state.json#aws_vpc.main.id' }, /^values\.root_module\.resources\.0\.values\.vpc_id$/],
  ['state.json', 'aws_flow_log.main', 'deliveryRole', undefined],
  ['state.json', 'module.logs.aws_cloudwatch_log_group.this[0]', 'retentionDays', 90],
];

describe('log group retention', () => {
  it('turns Terraform 0 (never expire) into an explicit null at the value', () => {
    const group = { address: 'aws_cloudwatch_log_group.g', mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'g', values: { name: 'g', retention_in_days: 0 } };
    const g = graphOf(addTerraformPlans, [documentOf('zero.json', { format_version: '1.0', values: { root_module: { resources: [group] } } })]);
    const value = nodeOf(g, 'zero.json#aws_cloudwatch_log_group.g').attrs['retentionDays'];
    expect(plain(value)).toBeNull();
    expect(spanPath(value!.span)).toBe('values.root_module.resources.0.values.retention_in_days');
  });
});

describe('attributes', () => {
  it.each(rows)('%s %s.%s', (file, id, attr, expected, spanAt) => {
    const node = nodeOf(graph(file), `${file}#${id}`);
    const value = node.attrs[attr];
    expect(shown(value)).toEqual(expected);
    if (value && spanAt) expect(spanPath(value.span)).toMatch(spanAt);
    if (value) expect(spanPath(node.attrKeySpans[attr]!)).toMatch(/ \(key\)$/);
  });

  it('gives other kinds no attributes', () => {
    expect(nodeOf(graph('flow-logs.json'), 'flow-logs.json#aws_internet_gateway.main').attrs).toEqual({});
  });

  it('takes the delivery role and destination of a flow log from its JSON document paths', () => {
    const node = nodeOf(graph('flow-logs.json'), 'flow-logs.json#aws_flow_log.main');
    expect(spanPath(node.attrKeySpans['target']!)).toMatch(/^planned_values\.root_module\.resources\.\d+\.values\.vpc_id \(key\)$/);
    expect(spanPath(node.attrKeySpans['targetType']!)).toMatch(/\.vpc_id \(key\)$/);
  });

  it('finds where a key is written when the span is read, and serialises it as a plain span', () => {
    const node = nodeOf(graph('flow-logs.json'), 'flow-logs.json#aws_flow_log.main');
    const span = node.attrKeySpans['target']!;
    expect(JSON.parse(JSON.stringify(span))).toEqual({ file: span.file, start: span.start, end: span.end });
  });
});

describe('names', () => {
  it('uses known names and ARNs, else the schema ARN pattern', () => {
    const g = graph('flow-logs.json');
    expect(nodeOf(g, 'flow-logs.json#aws_iam_role.flow_logs').names.map(plain)).toEqual(['vpc-flow-logs', 'arn:aws:iam::111122223333:role/vpc-flow-logs']);
    const any = { unknown: 'only known at deploy time', pattern: '*' };
    expect(nodeOf(g, 'flow-logs.json#aws_s3_bucket.flow_logs').names.map(plain)).toEqual([
      'acme-flow-logs-111122223333',
      { template: ['arn:', any, ':s3:::acme-flow-logs-111122223333'] },
      { template: ['arn:', any, ':s3:::acme-flow-logs-111122223333/', any] },
    ]);
    expect(nodeOf(g, 'flow-logs.json#aws_cloudwatch_log_group.main_flow_logs').names.map(plain)).toEqual([
      '/vpc/main/flow-logs',
      'arn:aws:logs:eu-west-1:111122223333:log-group:/vpc/main/flow-logs',
      'arn:aws:logs:eu-west-1:111122223333:log-group:/vpc/main/flow-logs:*',
    ]);
    expect(nodeOf(g, 'flow-logs.json#aws_vpc.staging').names).toEqual([]);
  });

  it('reads them once, when first asked, and keeps what is set instead', () => {
    // A fresh graph: the names of its nodes are read from the plan on first use (terraform-plan/node.ts).
    const g = graphOf(addTerraformPlans, [planDocument('flow-logs.json')]);
    const role = nodeOf(g, 'flow-logs.json#aws_iam_role.flow_logs');
    const names = role.names;
    expect(role.names).toBe(names);
    expect(Object.keys(role)).not.toContain('names');
    role.names = [];
    expect(role.names).toEqual([]);
  });
});

describe('edges', () => {
  it('links flow logs to their VPCs, destinations and roles', () => {
    expect(edgesOf(graph('flow-logs.json'))).toEqual([
      'aws_flow_log.main -destination-> aws_cloudwatch_log_group.main_flow_logs',
      'aws_flow_log.main -logGroupName-> aws_cloudwatch_log_group.main_flow_logs',
      'aws_flow_log.main -deliveryRole-> aws_iam_role.flow_logs',
      'aws_flow_log.main -target-> aws_vpc.main',
      'aws_flow_log.per_az[0] -destination-> aws_cloudwatch_log_group.main_flow_logs',
      'aws_flow_log.per_az[0] -deliveryRole-> aws_iam_role.flow_logs',
      'aws_flow_log.per_az[1] -destination-> aws_cloudwatch_log_group.main_flow_logs',
      'aws_flow_log.per_az[1] -deliveryRole-> aws_iam_role.flow_logs',
      'aws_flow_log.prod -target-> aws_vpc.env["prod"]',
      'aws_flow_log.shared -target-> aws_vpc.shared[0]',
      'aws_flow_log.staging -destination-> aws_s3_bucket.flow_logs',
      'aws_flow_log.staging -target-> aws_vpc.staging',
    ]);
  });

  it('links IAM attachments to their roles and customer-managed policies', () => {
    expect(edgesOf(graph('iam.json')).filter((e) => e.startsWith('aws_iam'))).toEqual([
      'aws_iam_role_policy_attachment.ec2_trust_logs -roles-> aws_iam_role.ec2_trust',
      'aws_iam_role_policy_attachment.from_document_deliver -roles-> aws_iam_role.from_document',
      'aws_iam_role_policy_attachment.from_document_deliver -attachedPolicy-> aws_iam_policy.deliver',
    ]);
  });

  it('ignores deposed objects of a state', () => {
    const g = graph('state.json');
    expect([...g.nodes.keys()]).toEqual([
      'state.json#aws_flow_log.main',
      'state.json#aws_vpc.main',
      'state.json#aws_vpc.orphan',
      'state.json#module.logs.aws_cloudwatch_log_group.this[0]',
    ]);
    expect(nodeOf(g, 'state.json#aws_vpc.main').names.map(plain)).toEqual(['vpc-0123abcd4567ef890', 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0123abcd4567ef890']);
  });

  it('never links one plan to another', () => {
    // The same plan twice under two names: every reference stays inside its own file.
    const g = graphOf(addTerraformPlans, [planDocument('flow-logs.json', 'a/tfplan.json'), planDocument('flow-logs.json', 'b/tfplan.json')]);
    expect(g.nodes.size).toBe(2 * graph('flow-logs.json').nodes.size);
    for (const edge of g.edges) expect(edge.from.split('#')[0]).toBe(edge.to.split('#')[0]);
  });
});
