/**
 * The `.tf` adapter on realistic fixtures (fixtures/graph/terraform-source/): a root calling a local
 * module with tfvars, locals and policy documents; a root calling a module outside the run with
 * count/for_each calls; registry modules through modules.json; count and for_each expansions.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../src/graph/builder.js';
import type { ResourceGraph, ResourceNode } from '../../src/graph/model.js';
import { addTerraformSource } from '../../src/graph/terraform/index.js';
import { RULES } from '../../rules/index.js';
import { nodeOf, plain } from './helpers.js';
import { diskHost, fixtureGraph, loadTerraform, memoryGraph, TERRAFORM_FIXTURES } from './terraform-helpers.js';

/** The source text a span covers, read from the fixture files. */
function textAt(span: { file: string; start: number; end: number }): string {
  return readFileSync(path.join(TERRAFORM_FIXTURES, span.file), 'utf8').slice(span.start, span.end);
}

function ids(graph: ResourceGraph, kind?: ResourceNode['kind']): string[] {
  return [...graph.nodes.values()].filter((n) => !kind || n.kind === kind).map((n) => n.id);
}

function findings(graph: ResourceGraph): string[] {
  return RULES.flatMap((rule) => rule.check(graph, {}).map((f) => `${rule.meta.id} ${f.level ?? rule.meta.defaultLevel} ${f.resourceId} ${f.messageId}`)).sort();
}

describe('root module calling a local module (basic/)', () => {
  const graph = fixtureGraph('basic');
  const vpc = nodeOf(graph, 'basic/main.tf#module.network.aws_vpc.this[0]');
  const flowLog = nodeOf(graph, 'basic/main.tf#module.network.aws_flow_log.this[0]');

  it('addresses module resources from the root, relative to the calling root file', () => {
    expect(vpc).toMatchObject({ id: 'module.network.aws_vpc.this[0]', kind: 'vpc', type: 'aws_vpc', file: 'basic/modules/network/main.tf', logicalFile: 'basic/main.tf' });
    expect(textAt(vpc.span)).toBe('resource "aws_vpc" "this"');
    expect(vpc.context).toHaveLength(1);
    expect(vpc.context![0]!.message).toBe('called from module "network"');
    expect(textAt(vpc.context![0]!.span)).toBe('module "network"');
  });

  it('keeps root resources in their own file, which is also their logical file', () => {
    const extra = nodeOf(graph, 'basic/main.tf#aws_flow_log.extra');
    expect(extra.logicalFile).toBe('basic/main.tf');
    expect(extra.context).toBeUndefined();
    expect(plain(extra.attrs['target'])).toEqual({ ref: 'basic/main.tf#module.network.aws_vpc.this[0].id' });
    expect(plain(extra.attrs['destination'])).toEqual({ ref: 'basic/main.tf#aws_s3_bucket.logs.arn' });
  });

  it('evaluates count from locals and caller arguments (try() over a variable)', () => {
    expect(flowLog.existence).toEqual({ state: 'present' });
    expect(plain(flowLog.attrs['target'])).toEqual({ ref: 'basic/main.tf#module.network.aws_vpc.this[0].id' });
    expect(plain(flowLog.attrs['targetType'])).toBe('VPC');
    expect(plain(flowLog.attrs['trafficType'])).toBe('ALL');
    expect(plain(flowLog.attrs['deliveryRole'])).toEqual({ ref: 'basic/main.tf#module.network.aws_iam_role.flow_log[0].arn' });
    expect(textAt(flowLog.attrKeySpans['target']!)).toBe('vpc_id');
  });

  it('reads a root variable from terraform.tfvars, converted to its declared type, with its origin', () => {
    const group = nodeOf(graph, 'basic/main.tf#module.network.aws_cloudwatch_log_group.flow_log[0]');
    const retention = group.attrs['retentionDays']!;
    expect(plain(retention)).toBe(400);
    expect(textAt(retention.span)).toBe('var.retention');
    expect(retention.origin?.map((s) => `${s.file}:${textAt(s)}`)).toContain('basic/terraform.tfvars:"400"');
    expect(group.names.map(plain)[0]).toBe('/aws/vpc/demo');
  });

  it('builds the trust policy from the aws_iam_policy_document data source', () => {
    const role = nodeOf(graph, 'basic/main.tf#module.network.aws_iam_role.flow_log[0]');
    expect(plain(role.attrs['trustPolicy'])).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'FlowLogsAssume',
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Principal: { Service: ['vpc-flow-logs.amazonaws.com'] },
          Condition: { StringEquals: { 'aws:SourceAccount': [{ unknown: 'data.aws_caller_identity.current.account_id is read from the provider at plan time' }] } },
        },
      ],
    });
    expect(role.names.map(plain)[0]).toBe('demo-flow-log');
  });

  it('parses a heredoc JSON policy with an interpolated ARN', () => {
    const policy = nodeOf(graph, 'basic/main.tf#module.network.aws_iam_role_policy.flow_log[0]');
    const document = plain(policy.attrs['document']) as { Statement: { Resource: unknown; Action: string[] }[] };
    expect(document.Statement[0]!.Action).toContain('logs:PutLogEvents');
    expect(document.Statement[0]!.Resource).toEqual({ template: [{ ref: 'basic/main.tf#module.network.aws_cloudwatch_log_group.flow_log[0].arn' }, ':*'] });
    expect(plain(policy.attrs['roles'])).toEqual({ ref: 'basic/main.tf#module.network.aws_iam_role.flow_log[0].id' });
  });

  it('expands for_each over a caller-given map into keyed instances', () => {
    expect(ids(graph, 'subnet')).toEqual(['module.network.aws_subnet.this["a"]', 'module.network.aws_subnet.this["b"]']);
    expect(graph.incoming(vpc.uid).map((e) => `${e.from.slice(e.from.indexOf('#') + 1)} ${e.via}`)).toEqual([
      'aws_flow_log.extra target',
      'module.network.aws_flow_log.this[0] target',
      'module.network.aws_subnet.this["a"] vpc',
      'module.network.aws_subnet.this["b"] vpc',
    ]);
  });

  it('passes every rule', () => {
    expect(findings(graph)).toEqual([]);
  });
});

describe('module calls with defaults, count and for_each (disabled/)', () => {
  const loaded: string[] = [];
  const builder = new GraphBuilder();
  addTerraformSource(loadTerraform(path.join(TERRAFORM_FIXTURES, 'disabled'), TERRAFORM_FIXTURES), builder, diskHost(TERRAFORM_FIXTURES, loaded));
  const graph = builder.build();

  it('loads a module directory outside the run through the host, once', () => {
    expect(loaded).toEqual([path.join(TERRAFORM_FIXTURES, 'basic/modules/network')]);
    expect(nodeOf(graph, 'disabled/main.tf#module.network.aws_vpc.this[0]').file).toBe('basic/modules/network/main.tf');
  });

  it('makes a flow log with count 0 absent and says which default decides it', () => {
    const flowLog = nodeOf(graph, 'disabled/main.tf#module.network.aws_flow_log.this');
    expect(flowLog.existence).toMatchObject({ state: 'absent', why: 'count is 0: var.enable_flow_log defaults to false' });
    if (flowLog.existence.state !== 'absent') throw new Error('expected absent');
    expect(textAt(flowLog.existence.span)).toBe('local.enable_flow_log ? 1 : 0');
    expect(plain(flowLog.attrs['target'])).toEqual({ ref: 'disabled/main.tf#module.network.aws_vpc.this[0].id' });
  });

  it('instantiates a for_each module call per key, with each.key as argument', () => {
    expect(ids(graph, 'vpc').filter((id) => id.startsWith('module.per_env'))).toEqual(['module.per_env["dev"].aws_vpc.this[0]', 'module.per_env["prod"].aws_vpc.this[0]']);
    expect(nodeOf(graph, 'disabled/main.tf#module.per_env["prod"].aws_flow_log.this[0]').existence.state).toBe('present');
    expect(nodeOf(graph, 'disabled/main.tf#module.per_env["dev"].aws_flow_log.this').existence).toMatchObject({
      state: 'absent',
      why: 'count is 0: var.enable_flow_log is false (set by the call of module per_env)',
    });
  });

  it('makes everything in a module call with count 0 absent, pointing at the call', () => {
    const vpc = nodeOf(graph, 'disabled/main.tf#module.off.aws_vpc.this[0]');
    expect(vpc.existence).toMatchObject({ state: 'absent', why: 'the count of module off is 0: var.enable_extra defaults to false' });
    if (vpc.existence.state !== 'absent') throw new Error('expected absent');
    expect(vpc.existence.span.file).toBe('disabled/main.tf');
    expect(textAt(vpc.existence.span)).toBe('var.enable_extra ? 1 : 0');
  });

  it('reports the VPCs whose flow log is off by default, and a short retention', () => {
    expect(findings(graph)).toEqual([
      'log-group-retention error module.per_env["prod"].aws_cloudwatch_log_group.flow_log[0] tooShort',
      'vpc-flow-logs error module.network.aws_vpc.this[0] nearMiss',
      'vpc-flow-logs error module.per_env["dev"].aws_vpc.this[0] nearMiss',
    ]);
  });
});

describe('registry and git modules (registry/)', () => {
  const graph = fixtureGraph('registry');

  it('follows a registry module installed under .terraform/modules through modules.json, and its local submodule', () => {
    const vpc = nodeOf(graph, 'registry/main.tf#module.vpc.aws_vpc.this');
    expect(vpc.file).toBe('registry/.terraform/modules/vpc/main.tf');
    const flowLog = nodeOf(graph, 'registry/main.tf#module.vpc.module.logs.aws_flow_log.this');
    expect(flowLog.context?.map((c) => c.message)).toEqual(['called from module "vpc"', 'called from module "logs"']);
    expect(plain(flowLog.attrs['target'])).toEqual({ ref: vpc.uid + '.id' });
  });

  it('turns a module whose source is not installed into an unresolved stack node holding its arguments', () => {
    const stack = nodeOf(graph, 'registry/main.tf#module.observability');
    expect(stack).toMatchObject({ kind: 'stack', type: 'module example-org/observability/aws', existence: { state: 'present' } });
    expect(plain(stack.attrs['resolved'])).toBe(false);
    expect(plain(stack.attrs['inputs'])).toEqual({ vpc_id: { ref: 'registry/main.tf#module.vpc.aws_vpc.this.id' }, name: 'obs' });
    expect(graph.outgoing(stack.uid).map((e) => e.via)).toEqual(['inputs.vpc_id']);
    expect(nodeOf(graph, 'registry/main.tf#module.sidecar_logs').type).toBe('module git::https://example.com/flow-logs.git?ref=v1');
  });

  it('leaves VPCs handed to a module outside the run unverified (a note), not failed', () => {
    expect(findings(graph)).toEqual(['vpc-flow-logs note aws_vpc.sidecar unverifiable', 'vpc-flow-logs note module.vpc.aws_vpc.this unverifiable']);
  });
});

describe('count and for_each (expansion/)', () => {
  const graph = fixtureGraph('expansion');

  it('keys for_each instances and fills optional() attribute defaults of the variable type', () => {
    expect(plain(nodeOf(graph, 'expansion/main.tf#aws_flow_log.by_name["blue"]').attrs['trafficType'])).toBe('ALL');
    expect(plain(nodeOf(graph, 'expansion/main.tf#aws_flow_log.by_name["green"]').attrs['target'])).toEqual({ ref: 'expansion/main.tf#aws_vpc.by_name["green"].id' });
  });

  it('numbers count instances and measures a counted resource with length()', () => {
    expect(ids(graph, 'flow-log').filter((id) => id.includes('replica'))).toEqual(['aws_flow_log.replica[0]', 'aws_flow_log.replica[1]']);
    expect(plain(nodeOf(graph, 'expansion/main.tf#aws_flow_log.replica[1]').attrs['target'])).toEqual({ ref: 'expansion/main.tf#aws_vpc.replica[1].id' });
  });

  it('keeps one instance of unknown existence when the count is not known, and refers to it', () => {
    const subnetLog = nodeOf(graph, 'expansion/main.tf#aws_flow_log.per_az');
    expect(subnetLog.existence.state).toBe('unknown');
    expect(plain(subnetLog.attrs['target'])).toEqual({ ref: 'expansion/main.tf#aws_subnet.per_az.id' });
    expect(plain(subnetLog.attrs['targetType'])).toBe('Subnet');
    expect(nodeOf(graph, 'expansion/main.tf#aws_subnet.per_az').existence).toMatchObject({ state: 'unknown' });
  });

  it('instantiates a counted module call with count.index in its arguments', () => {
    const groups = ids(graph, 'log-group');
    expect(groups).toEqual(['module.per_replica[0].aws_cloudwatch_log_group.this', 'module.per_replica[1].aws_cloudwatch_log_group.this']);
    expect(plain(nodeOf(graph, 'expansion/main.tf#module.per_replica[1].aws_cloudwatch_log_group.this').names[0])).toBe('/watch/r1');
  });

  it('reports the ACCEPT-only flow log and the subnet flow log without a role or log group', () => {
    expect(findings(graph)).toEqual(['flow-log-delivery warning aws_flow_log.per_az noLogGroup', 'flow-log-delivery warning aws_flow_log.per_az noRole', 'vpc-flow-logs error aws_vpc.by_name["green"] nearMiss']);
  });
});

describe('second declarations of a name in one module', () => {
  it('reports each where it is written, naming the first, and evaluates the first', () => {
    const graph = memoryGraph({
      'a.tf': [
        'variable "name" {}',
        'locals {',
        '  a = 1',
        '}',
        'output "id" { value = 1 }',
        'module "net" { source = "./net" }',
        'resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }',
        'data "aws_vpc" "shared" {}',
      ].join('\n'),
      'b.tf': [
        'variable "name" {}',
        'locals {',
        '  a = 2',
        '}',
        'output "id" { value = 2 }',
        'module "net" { source = "./net" }',
        'resource "aws_vpc" "main" { cidr_block = "10.1.0.0/16" }',
        'data "aws_vpc" "shared" {}',
      ].join('\n'),
      'net/main.tf': 'resource "aws_vpc" "inner" {}',
    });
    const already = ': already declared in a.tf (Terraform rejects duplicate declarations)';
    expect(graph.problems.map((p) => [p.span.file, p.message])).toEqual([
      ['b.tf', `duplicate variable "name"${already}`],
      ['b.tf', `duplicate local value "a"${already}`],
      ['b.tf', `duplicate output "id"${already}`],
      ['b.tf', `duplicate module "net"${already}`],
      ['b.tf', `duplicate resource aws_vpc.main${already}`],
      ['b.tf', `duplicate data source aws_vpc.shared${already}`],
    ]);
    expect(nodeOf(graph, 'a.tf#aws_vpc.main').span.file).toBe('a.tf');
  });
});

describe('a count that refers to its own resource', () => {
  it('keeps one instance of unknown existence, which references to it still name', () => {
    const graph = memoryGraph({
      'main.tf': 'resource "aws_vpc" "a" {\n  count = length(aws_vpc.a)\n}\n\nresource "aws_flow_log" "f" {\n  vpc_id       = aws_vpc.a[0].id\n  traffic_type = "ALL"\n}\n',
    });
    expect(nodeOf(graph, 'main.tf#aws_vpc.a').existence).toMatchObject({ state: 'unknown', why: 'count cannot be known statically (aws_vpc.a: its count refers to itself)' });
    expect(nodeOf(graph, 'main.tf#aws_flow_log.f').attrs['target']).toMatchObject({ t: 'ref', target: 'main.tf#aws_vpc.a' });
  });
});
