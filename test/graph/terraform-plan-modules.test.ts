/**
 * Terraform plans with module calls: module-relative references, `var.*` through the call's
 * arguments, `module.m.output`, per-instance linking inside for_each modules, `stack` nodes for the
 * calls, and source enrichment (`locateSource`) for findings on `.tf` lines.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../src/graph/builder.js';
import { addTerraformPlans, type ModuleSource, type PlanOptions, type SourceBlock } from '../../src/graph/terraform-plan/index.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import type { DataDocument } from '../../src/parse/document.js';
import { documentOf, nodeOf, plain, spanPath } from './helpers.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/graph/terraform-plan');
const PLAN = 'infra/live/tfplan.json';

function modulesPlan(): DataDocument {
  const text = readFileSync(path.join(FIXTURES, 'modules.json'), 'utf8');
  return documentOf(PLAN, JSON.parse(text), 'json', text);
}

function build(options?: PlanOptions): ResourceGraph {
  const builder = new GraphBuilder();
  addTerraformPlans([modulesPlan()], builder, options);
  return builder.build();
}

const g = build();
const node = (id: string) => nodeOf(g, `${PLAN}#${id}`);
const ref = (id: string, attribute: string) => ({ ref: `${PLAN}#${id}.${attribute}` });
const EU = 'module.regional["eu-west-1"]';
const US = 'module.regional["us-east-1"]';

describe('module-relative references', () => {
  it.each([
    // var.vpc_id → module_calls.flow_logs.expressions.vpc_id → the root VPC
    ['module.flow_logs.aws_flow_log.this', 'target', ref('aws_vpc.main', 'id')],
    // aws_cloudwatch_log_group.this inside the module is module.flow_logs.aws_cloudwatch_log_group.this
    ['module.flow_logs.aws_flow_log.this', 'destination', ref('module.flow_logs.aws_cloudwatch_log_group.this', 'arn')],
    ['module.flow_logs.aws_flow_log.this', 'deliveryRole', ref('module.flow_logs.aws_iam_role.this', 'arn')],
    ['module.flow_logs.aws_iam_role_policy.deliver', 'roles', ref('module.flow_logs.aws_iam_role.this', 'id')],
    // var.* with a constant argument: already known in the plan
    ['module.flow_logs.aws_flow_log.this', 'trafficType', 'ALL'],
    ['module.flow_logs.aws_cloudwatch_log_group.this', 'retentionDays', 400],
    // module.network.vpc_id → the module's output → aws_vpc.this[0] (count = 1)
    ['aws_flow_log.network', 'target', ref('module.network.aws_vpc.this[0]', 'id')],
    // inside a for_each module, a reference stays in its own instance
    [`${EU}.aws_flow_log.this`, 'target', ref(`${EU}.aws_vpc.this`, 'id')],
    [`${US}.aws_flow_log.this`, 'target', ref(`${US}.aws_vpc.this`, 'id')],
    [`${EU}.aws_flow_log.this`, 'deliveryRole', ref(`${EU}.aws_iam_role.flow`, 'arn')],
    [`${EU}.aws_flow_log.this`, 'trafficType', 'ACCEPT'],
    // module.logs.arn → the nested module's output, in the same regional instance
    [`${EU}.aws_flow_log.this`, 'destination', ref(`${EU}.module.logs.aws_cloudwatch_log_group.this`, 'arn')],
    [`${US}.aws_flow_log.this`, 'destination', ref(`${US}.module.logs.aws_cloudwatch_log_group.this`, 'arn')],
    // var.role_name in the nested module → regional's argument → that instance's role (name unknown: name_prefix)
    [`${EU}.module.logs.aws_iam_role_policy.deliver`, 'roles', ref(`${EU}.aws_iam_role.flow`, 'name')],
    [`${US}.module.logs.aws_iam_role_policy.deliver`, 'roles', ref(`${US}.aws_iam_role.flow`, 'name')],
    [`${US}.module.logs.aws_cloudwatch_log_group.this`, 'retentionDays', 14],
  ])('%s %s', (id, attr, expected) => {
    expect(plain(node(id).attrs[attr])).toEqual(expected);
  });

  it('puts the span of a linked value at the module-relative expression', () => {
    expect(spanPath(node('module.flow_logs.aws_flow_log.this').attrs['target']!.span)).toMatch(
      /^configuration\.root_module\.module_calls\.flow_logs\.module\.resources\.\d+\.expressions\.vpc_id$/,
    );
  });

  it('notes the module call of a module resource as context', () => {
    const context = node(`${EU}.module.logs.aws_cloudwatch_log_group.this`).context ?? [];
    expect(context.map((c) => [spanPath(c.span), c.message])).toEqual([
      ['configuration.root_module.module_calls.regional.module.module_calls.logs (key)', 'created by module call module.regional.module.logs'],
    ]);
    expect(node('aws_vpc.main').context).toBeUndefined();
  });
});

describe('module calls', () => {
  it('are resolved stack nodes, one per call', () => {
    const stacks = g.ofKind('stack');
    expect(stacks.map((s) => s.id)).toEqual(['module.flow_logs', 'module.network', 'module.regional', 'module.regional.module.logs']);
    expect(stacks.map((s) => s.type)).toEqual(['module ./modules/flow-logs', 'module terraform-aws-modules/vpc/aws', 'module ./modules/regional', 'module ../log-group']);
    for (const stack of stacks) {
      expect(stack).toMatchObject({ file: PLAN, existence: { state: 'present' } });
      expect(plain(stack.attrs['resolved'])).toBe(true);
    }
    expect(spanPath(node('module.flow_logs').span)).toBe('configuration.root_module.module_calls.flow_logs (key)');
  });

  it('carry their arguments as inputs, references resolved', () => {
    expect(plain(node('module.flow_logs').attrs['inputs'])).toEqual({
      name: 'main-vpc-flow-logs',
      retention_in_days: 400,
      traffic_type: 'ALL',
      vpc_id: ref('aws_vpc.main', 'id'),
    });
    // One call node stands for every instance of the calling module.
    expect(plain(node('module.regional.module.logs').attrs['inputs'])).toEqual({
      name: { unknown: 'known only after apply' },
      role_name: [ref(`${EU}.aws_iam_role.flow`, 'name'), ref(`${US}.aws_iam_role.flow`, 'name')],
    });
  });

  it('make the VPC passed into a module an edge', () => {
    expect(g.incoming(`${PLAN}#aws_vpc.main`).map((e) => [e.from.slice(PLAN.length + 1), e.via])).toEqual([
      ['module.flow_logs', 'inputs.vpc_id'],
      ['module.flow_logs.aws_flow_log.this', 'target'],
    ]);
  });
});

describe('source enrichment', () => {
  interface Call {
    moduleSource: ModuleSource;
    type: string;
    name: string;
  }

  function located(answer: (call: Call) => SourceBlock | undefined): { graph: ResourceGraph; calls: Call[] } {
    const calls: Call[] = [];
    const graph = build({
      locateSource(planFile, moduleSource, type, name) {
        expect(planFile).toBe(PLAN);
        calls.push({ moduleSource, type, name });
        return answer({ moduleSource, type, name });
      },
    });
    return { graph, calls };
  }

  it('asks once per resource block, with the module path and its local source directory', () => {
    const { calls } = located(() => undefined);
    const asked = (type: string, name: string, modulePath: string[]) =>
      calls.find((c) => c.type === type && c.name === name && c.moduleSource.modulePath.join('.') === modulePath.join('.'))?.moduleSource;
    expect(asked('aws_vpc', 'main', [])).toEqual({ modulePath: [], sourceDir: 'infra/live' });
    expect(asked('aws_flow_log', 'this', ['flow_logs'])).toEqual({ modulePath: ['flow_logs'], sourceDir: 'infra/live/modules/flow-logs' });
    expect(asked('aws_vpc', 'this', ['regional'])).toEqual({ modulePath: ['regional'], sourceDir: 'infra/live/modules/regional' });
    expect(asked('aws_cloudwatch_log_group', 'this', ['regional', 'logs'])).toEqual({ modulePath: ['regional', 'logs'], sourceDir: 'infra/live/modules/log-group' });
    // a registry module: no local directory (the engine looks in .terraform/modules/modules.json)
    expect(asked('aws_vpc', 'this', ['network'])).toEqual({ modulePath: ['network'] });
    // two for_each instances of module.regional share one question
    expect(calls.filter((c) => c.type === 'aws_vpc' && c.name === 'this' && c.moduleSource.modulePath[0] === 'regional')).toHaveLength(1);
  });

  it('points nodes and their values at the .tf source and keeps the plan as their logical file', () => {
    // Every block writes `traffic_type` at 40–52 (value 55–60); nothing else.
    const tf = (call: Call): SourceBlock => {
      const file = `${call.moduleSource.sourceDir ?? '?'}/main.tf`;
      return { span: { file, start: 10, end: 20 }, arguments: new Map([['traffic_type', { key: { file, start: 40, end: 52 }, value: { file, start: 55, end: 60 } }]]) };
    };
    const { graph } = located((call) => (call.moduleSource.sourceDir ? tf(call) : undefined));
    const vpc = nodeOf(graph, `${PLAN}#aws_vpc.main`);
    expect(vpc).toMatchObject({ id: 'aws_vpc.main', file: 'infra/live/main.tf', logicalFile: PLAN, span: { file: 'infra/live/main.tf', start: 10, end: 20 } });
    const flowLog = nodeOf(graph, `${PLAN}#module.flow_logs.aws_flow_log.this`);
    const tfFile = 'infra/live/modules/flow-logs/main.tf';
    expect(flowLog.span.file).toBe(tfFile);
    // A value the block writes points at the argument, its key at the argument's name ...
    expect(flowLog.attrs['trafficType']).toMatchObject({ t: 'scalar', value: 'ALL', span: { file: tfFile, start: 55, end: 60 } });
    expect(flowLog.attrKeySpans['trafficType']).toEqual({ file: tfFile, start: 40, end: 52 });
    // ... one it does not write (the VPC id handed in as a module input) at the declaration.
    expect(flowLog.attrs['target']!.span).toEqual({ file: tfFile, start: 10, end: 20 });
    // No span of a located node points into the plan any more.
    const files = [...JSON.stringify([flowLog.attrs, flowLog.attrKeySpans, flowLog.names]).matchAll(/"file":"([^"]+)"/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThan(10);
    expect(new Set(files)).toEqual(new Set([tfFile]));
    // not found: the plan's own line
    const network = nodeOf(graph, `${PLAN}#module.network.aws_vpc.this[0]`);
    expect(network.file).toBe(PLAN);
    expect(network.logicalFile).toBeUndefined();
  });

  it('survives a locator that throws', () => {
    const graph = build({
      locateSource() {
        throw new Error('HCL parser exploded');
      },
    });
    expect(nodeOf(graph, `${PLAN}#aws_vpc.main`).file).toBe(PLAN);
  });
});
