/**
 * End to end on plans: the real JSON parser, the plan adapter and the real rules, on the fixtures
 * and on the labelled plans of the corpus (`../shared/corpus/LABELS.tsv`, when it is present).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { LineIndex } from '../../src/core/source.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import { addTerraformPlans } from '../../src/graph/terraform-plan/index.js';
import type { DataDocument } from '../../src/parse/document.js';
import { parseJson } from '../../src/parse/json.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(HERE, '../../fixtures/graph/terraform-plan');
const CORPUS = path.resolve(HERE, '../../../shared/corpus');

function parsed(absolutePath: string, file: string): DataDocument {
  const result = parseJson({ absolutePath, path: file, text: readFileSync(absolutePath, 'utf8') });
  if (!result.ok) throw new Error(`${file}: ${result.problem.message}`);
  return result.document;
}

function graphOf(...documents: DataDocument[]): ResourceGraph {
  const builder = new GraphBuilder();
  addTerraformPlans(documents, builder);
  return builder.build();
}

/** `rule resource messageId[ level]` for every finding of every rule, default options. */
function findings(graph: ResourceGraph, options: Record<string, number | boolean> = {}): string[] {
  return RULES.flatMap((rule) =>
    rule.check(graph, options).map((f) => `${rule.meta.id} ${f.resourceId} ${f.messageId}${f.level ? ` ${f.level}` : ''}`),
  ).sort();
}

const fixture = (name: string) => parsed(path.join(FIXTURES, name), `plans/${name}`);

describe('rules on plan fixtures', () => {
  it('flow logs: value links, configuration links, count, for_each, deletion', () => {
    expect(findings(graphOf(fixture('flow-logs.json')))).toEqual([
      'log-group-retention aws_cloudwatch_log_group.audit tooShort',
      'vpc-flow-logs aws_vpc.env["dev"] noFlowLog',
      // its only flow log is planned for deletion
      'vpc-flow-logs aws_vpc.legacy noFlowLog',
      // count: each flow log may target either VPC — not verifiable, never an error
      'vpc-flow-logs aws_vpc.per_az[0] unverifiable note',
      'vpc-flow-logs aws_vpc.per_az[1] unverifiable note',
      'vpc-flow-logs aws_vpc.staging nearMiss',
    ]);
  });

  it('IAM: jsonencode trust policies, data policy documents, attachments, sensitive values', () => {
    expect(findings(graphOf(fixture('iam.json')))).toEqual([
      // customer-managed policy attached by a reference known only after apply, missing two actions
      'flow-log-delivery aws_flow_log.secondary missingActions',
      'role-trust-principal aws_iam_role.ec2_trust confusedDeputy note',
      'role-trust-principal aws_iam_role.ec2_trust missingService',
      'role-trust-principal aws_iam_role.wildcard wildcard',
    ]);
  });

  it('modules: flow logs created in modules count for the VPCs passed in', () => {
    expect(findings(graphOf(fixture('modules.json')))).toEqual([
      'log-group-retention module.regional["eu-west-1"].module.logs.aws_cloudwatch_log_group.this tooShort',
      'log-group-retention module.regional["us-east-1"].module.logs.aws_cloudwatch_log_group.this tooShort',
      'vpc-flow-logs module.regional["eu-west-1"].aws_vpc.this nearMiss',
    ]);
  });

  it('state: values of a state file', () => {
    expect(findings(graphOf(fixture('state.json')))).toEqual([
      'log-group-retention module.logs.aws_cloudwatch_log_group.this[0] tooShort',
      'vpc-flow-logs aws_vpc.orphan noFlowLog',
    ]);
  });
});

describe('a target known only after apply, in a plan without its configuration', () => {
  it('may be any VPC of the plan: each is unverified, none is an error', () => {
    const resource = (address: string, type: string, values: object) => ({ address, mode: 'managed', type, name: address.split('.').pop(), values });
    const change = (address: string, type: string, after: object, unknown: object) => ({ address, mode: 'managed', type, name: address.split('.').pop(), change: { actions: ['create'], before: null, after, after_unknown: unknown } });
    const flowLog = { traffic_type: 'ALL', log_destination_type: 's3', log_destination: 'arn:aws:s3:::flow-logs' };
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [resource('aws_vpc.a', 'aws_vpc', {}), resource('aws_vpc.b', 'aws_vpc', {}), resource('aws_flow_log.f', 'aws_flow_log', flowLog)] } },
      resource_changes: [change('aws_vpc.a', 'aws_vpc', {}, { id: true }), change('aws_vpc.b', 'aws_vpc', {}, { id: true }), change('aws_flow_log.f', 'aws_flow_log', flowLog, { id: true, vpc_id: true })],
    };
    const result = parseJson({ absolutePath: '/repo/plan.json', path: 'plan.json', text: JSON.stringify(plan, null, 2) });
    if (!result.ok) throw new Error(result.problem.message);
    expect(findings(graphOf(result.document))).toEqual(['vpc-flow-logs aws_vpc.a unverifiable note', 'vpc-flow-logs aws_vpc.b unverifiable note']);
  });
});

describe('a delivery role known only after apply, in a plan without its configuration', () => {
  const resource = (address: string, type: string, values: object) => ({ address, mode: 'managed', type, name: address.split('.').pop(), values });
  const change = (address: string, type: string, after: object, unknown: object) => ({ address, mode: 'managed', type, name: address.split('.').pop(), change: { actions: ['create'], before: null, after, after_unknown: unknown } });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['vpc-flow-logs.amazonaws.com', 'ec2.amazonaws.com'] }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }] });
  const role = { name: 'flow', arn: 'arn:aws:iam::123456789012:role/flow', assume_role_policy: trust };
  const flowLog = (roleArn?: string) => ({ vpc_id: 'vpc-0a', traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs', log_destination: 'arn:aws:logs:eu-west-1:123456789012:log-group:flow', ...(roleArn ? { iam_role_arn: roleArn } : {}) });
  function plan(withUnknownRole: boolean): DataDocument {
    const resources = [resource('aws_iam_role.flow', 'aws_iam_role', role), resource('aws_flow_log.known', 'aws_flow_log', flowLog(role.arn))];
    if (withUnknownRole) resources.push(resource('aws_flow_log.later', 'aws_flow_log', flowLog()));
    const changes = withUnknownRole ? [change('aws_flow_log.later', 'aws_flow_log', flowLog(), { id: true, iam_role_arn: true })] : [];
    const result = parseJson({ absolutePath: '/repo/plan.json', path: 'plan.json', text: JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } }, resource_changes: changes }, null, 2) });
    if (!result.ok) throw new Error(result.problem.message);
    return result.document;
  }
  const trustFindings = (document: DataDocument) => findings(graphOf(document)).filter((f) => f.startsWith('role-trust-principal'));

  it('names the extra principal of a role only flow logs use', () => {
    expect(trustFindings(plan(false))).toEqual(['role-trust-principal aws_iam_role.flow extraPrincipal']);
  });

  it('does not, when another flow log may use any role', () => {
    expect(trustFindings(plan(true))).toEqual([]);
  });
});

describe('aws_iam_role_policy_attachments_exclusive in a plan', () => {
  it('counts every policy of policy_arns, known only after apply, for the role it names', () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }] });
    const grant = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
    const resources: [address: string, values: Record<string, unknown>, unknown: Record<string, boolean>, expressions: Record<string, unknown>][] = [
      ['aws_vpc.main', { cidr_block: '10.0.0.0/16' }, { id: true }, { cidr_block: { constant_value: '10.0.0.0/16' } }],
      ['aws_iam_policy.write', { name: 'flow-logs-write', policy: grant(['logs:CreateLogStream', 'logs:PutLogEvents']) }, { arn: true, id: true }, {}],
      ['aws_iam_policy.describe', { name: 'flow-logs-describe', policy: grant(['logs:DescribeLogGroups', 'logs:DescribeLogStreams']) }, { arn: true, id: true }, {}],
    ];
    for (const role of ['complete', 'partial']) {
      const arns = role === 'complete' ? ['aws_iam_policy.write.arn', 'aws_iam_policy.write', 'aws_iam_policy.describe.arn', 'aws_iam_policy.describe'] : ['aws_iam_policy.write.arn', 'aws_iam_policy.write'];
      resources.push(
        [`aws_iam_role.${role}`, { name: `flow-logs-${role}`, assume_role_policy: trust }, { arn: true, id: true }, {}],
        [`aws_iam_role_policy_attachments_exclusive.${role}`, { role_name: `flow-logs-${role}` }, { policy_arns: true }, { role_name: { references: [`aws_iam_role.${role}.name`, `aws_iam_role.${role}`] }, policy_arns: { references: arns } }],
        [`aws_flow_log.${role}`, { traffic_type: 'ALL', log_destination: `arn:aws:logs:eu-west-1:111122223333:log-group:/vpc/${role}` }, { id: true, vpc_id: true, iam_role_arn: true }, { vpc_id: { references: ['aws_vpc.main.id', 'aws_vpc.main'] }, iam_role_arn: { references: [`aws_iam_role.${role}.arn`, `aws_iam_role.${role}`] } }],
      );
    }
    const parts = resources.map(([address, values, unknown, expressions]) => {
      const [type, name] = address.split('.') as [string, string];
      return {
        planned: { address, mode: 'managed', type, name, values },
        change: { address, mode: 'managed', type, name, change: { actions: ['create'], before: null, after: values, after_unknown: unknown } },
        config: { address, mode: 'managed', type, name, expressions },
      };
    });
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.5',
      planned_values: { root_module: { resources: parts.map((p) => p.planned) } },
      resource_changes: parts.map((p) => p.change),
      configuration: { root_module: { resources: parts.map((p) => p.config) } },
    };
    const result = parseJson({ absolutePath: '/repo/plan.json', path: 'plan.json', text: JSON.stringify(plan, null, 2) });
    if (!result.ok) throw new Error(result.problem.message);
    expect(findings(graphOf(result.document)).filter((f) => f.startsWith('flow-log-delivery'))).toEqual(['flow-log-delivery aws_flow_log.partial missingActions']);
  });
});

describe('retention 0 in a plan', () => {
  it('passes as never expire, and is reported at the 0 under requireExplicit', () => {
    const group = { address: 'aws_cloudwatch_log_group.g', mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'g', values: { name: 'g', retention_in_days: 0 } };
    const text = JSON.stringify({ format_version: '1.0', terraform_version: '1.5.7', values: { root_module: { resources: [group] } } }, null, 2);
    const result = parseJson({ absolutePath: '/repo/zero.json', path: 'zero.json', text });
    if (!result.ok) throw new Error(result.problem.message);
    const graph = graphOf(result.document);
    expect(findings(graph)).toEqual([]);
    expect(findings(graph, { requireExplicit: true })).toEqual(['log-group-retention aws_cloudwatch_log_group.g neverExpires']);
  });
});

describe('positions in the plan JSON', () => {
  const doc = fixture('flow-logs.json');
  const graph = graphOf(doc);
  const lines = new LineIndex(doc.file.text);
  const text = (span: { start: number; end: number }) => doc.file.text.slice(span.start, span.end);

  it('puts a finding on the resource address', () => {
    const finding = RULES.find((r) => r.meta.id === 'vpc-flow-logs')!.check(graph, {}).find((f) => f.resourceId === 'aws_vpc.staging')!;
    expect(finding.span.file).toBe('plans/flow-logs.json');
    expect(text(finding.span)).toBe('"aws_vpc.staging"');
    expect(doc.file.text.split('\n')[lines.position(finding.span.start).line - 1]).toMatch(/^\s+"address": "aws_vpc.staging",$/);
  });

  it('puts a retention finding on the planned value', () => {
    const finding = RULES.find((r) => r.meta.id === 'log-group-retention')!.check(graph, {})[0]!;
    expect(text(finding.span)).toBe('30');
    expect(doc.file.text.slice(0, finding.span.start)).toMatch(/"retention_in_days": $/);
  });

  it('puts a linked unknown at its configuration expression', () => {
    const target = graph.nodes.get('plans/flow-logs.json#aws_flow_log.staging')!.attrs['target']!;
    expect(JSON.parse(text(target.span))).toEqual({ references: ['aws_vpc.staging.id', 'aws_vpc.staging'] });
  });
});

/** Labelled plan files of the corpus: unit, file, rule, resource, verdict. */
function corpusLabels(): string[][] {
  const labels = path.join(CORPUS, 'LABELS.tsv');
  if (!existsSync(labels)) return [];
  return readFileSync(labels, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter(([unit, file, , , verdict]) => (unit === 'checkov' || unit === 'terraform-json') && file?.endsWith('.json') && (verdict === 'pass' || verdict === 'fail'));
}

describe.skipIf(corpusLabels().length === 0)('labelled corpus plans', () => {
  it.each(corpusLabels())('%s %s %s %s: %s', (unit, file, ruleId, resource, verdict) => {
    const absolute = path.join(CORPUS, unit!, file!);
    const graph = graphOf(parsed(absolute, file!));
    const rule = RULES.find((r) => r.meta.id === ruleId)!;
    // Labels name the resource block; a counted block's nodes are its instances (`…this[0]`).
    const names = (id: string) => id === resource || id.startsWith(`${resource}[`);
    const reported = rule.check(graph, {}).some((f) => names(f.resourceId) && f.level !== 'note');
    expect(reported).toBe(verdict === 'fail');
    expect([...graph.nodes.values()].some((n) => names(n.id))).toBe(true);
  });
});

describe('a target that goes through a local of a module (terraform-aws-modules/vpc)', () => {
  // `vpc_id = local.vpc_id` with `local.vpc_id = try(aws_vpc.this[0].id, "")`: a plan records no
  // locals, but a local can only be made of what its module instance has (its resources, its child
  // modules, the arguments its call passes): it cannot name another module's VPC.
  it('may be a VPC of its own module instance only: the other modules\' VPCs are judged', () => {
    expect(findings(graphOf(fixture('vpc-module-locals.json')))).toEqual([
      'log-group-retention module.vpc_cloudwatch.aws_cloudwatch_log_group.flow_log[0] tooShort',
      'role-trust-principal module.vpc_cloudwatch.aws_iam_role.vpc_flow_log_cloudwatch[0] confusedDeputy note',
      'vpc-flow-logs module.vpc_cloudwatch.aws_vpc.this[0] unverifiable note',
      // its ACCEPT-only flow log may target it (a local): named as a related location, not as its own
      'vpc-flow-logs module.vpc_s3_accept.aws_vpc.this[0] noFlowLog',
      'vpc-flow-logs module.vpc_without_flow_logs.aws_vpc.this[0] noFlowLog',
    ]);
  });

  /** A root with two VPCs and `module.flow`, whose flow log targets `local.vpc_id`; `local.vpc_id` is made of `var.vpc_id`. */
  function localPlan(options: { dataSource?: boolean; vpcArgument?: string[] }): DataDocument {
    const vpc = (address: string) => ({ address, mode: 'managed', type: 'aws_vpc', name: address.split('.').pop(), values: { cidr_block: '10.0.0.0/16' } });
    const flowLog = { address: 'module.flow.aws_flow_log.this', mode: 'managed', type: 'aws_flow_log', name: 'this', values: { traffic_type: 'ALL', log_destination_type: 's3', log_destination: 'arn:aws:s3:::flow-logs' } };
    const change = (r: { address: string; type: string; name?: string; values: object }, unknown: object) => ({ address: r.address, module_address: r.address.startsWith('module.') ? 'module.flow' : undefined, mode: 'managed', type: r.type, name: r.name, change: { actions: ['create'], before: null, after: r.values, after_unknown: unknown } });
    const vpcs = [vpc('aws_vpc.shared'), vpc('aws_vpc.other')];
    const moduleResources: object[] = [{ address: 'module.flow.aws_flow_log.this', mode: 'managed', type: 'aws_flow_log', name: 'this', expressions: { vpc_id: { references: ['local.vpc_id'] }, traffic_type: { constant_value: 'ALL' } } }];
    const reads: object[] = [];
    if (options.dataSource) {
      moduleResources.push({ address: 'data.aws_vpcs.all', mode: 'data', type: 'aws_vpcs', name: 'all', expressions: {} });
      reads.push({ address: 'module.flow.data.aws_vpcs.all', module_address: 'module.flow', mode: 'data', type: 'aws_vpcs', name: 'all', change: { actions: ['read'], before: null, after: {}, after_unknown: { ids: true } } });
    }
    const plan = {
      format_version: '1.2',
      terraform_version: '1.11.4',
      planned_values: { root_module: { resources: vpcs, child_modules: [{ address: 'module.flow', resources: [flowLog] }] } },
      resource_changes: [...vpcs.map((v) => change(v, { id: true })), change(flowLog, { id: true, vpc_id: true }), ...reads],
      configuration: {
        root_module: {
          resources: vpcs.map((v) => ({ address: v.address, mode: 'managed', type: 'aws_vpc', name: v.name, expressions: { cidr_block: { constant_value: '10.0.0.0/16' } } })),
          module_calls: {
            flow: {
              source: './modules/flow',
              expressions: options.vpcArgument ? { vpc_id: { references: options.vpcArgument } } : {},
              module: { resources: moduleResources, variables: { vpc_id: { default: null } } },
            },
          },
        },
      },
    };
    const result = parseJson({ absolutePath: '/repo/plan.json', path: 'plan.json', text: JSON.stringify(plan, null, 2) });
    if (!result.ok) throw new Error(result.problem.message);
    return result.document;
  }

  it('may be a VPC its call passes in', () => {
    expect(findings(graphOf(localPlan({ vpcArgument: ['aws_vpc.shared.id', 'aws_vpc.shared'] })))).toEqual([
      'vpc-flow-logs aws_vpc.other noFlowLog',
      'vpc-flow-logs aws_vpc.shared unverifiable note',
    ]);
  });

  it('may be any VPC when the module reads a data source that can return one', () => {
    expect(findings(graphOf(localPlan({ dataSource: true, vpcArgument: ['aws_vpc.shared.id', 'aws_vpc.shared'] })))).toEqual([
      'vpc-flow-logs aws_vpc.other unverifiable note',
      'vpc-flow-logs aws_vpc.shared unverifiable note',
    ]);
  });
});
