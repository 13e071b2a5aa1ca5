/**
 * `toGraphView` on real runs (fixtures/graph-view/*): node statuses, edges with their verdicts, and
 * that the verdicts are the rules' own (coverage from vpc-flow-logs, link failures from
 * flow-log-delivery and role-trust-principal).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphViewOf, runGraphCommand } from '../../src/commands/graph.js';
import { analyze } from '../../src/engine/lint.js';
import type { GraphView, ViewEdge, ViewNode } from '../../src/report/graph/model.js';
import { nodeLines } from '../../src/report/graph/labels.js';
import { toGraphView } from '../../src/report/graph/view.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = (name: string): string => resolve(ROOT, 'fixtures/graph-view', name);
const file = (name: string): string => `fixtures/graph-view/${name}`;

async function viewOf(name: string): Promise<GraphView> {
  return graphViewOf([], { cwd: dir(name) });
}

function node(view: GraphView, resourceId: string): ViewNode {
  const found = view.nodes.find((n) => n.resourceId === resourceId);
  if (!found) throw new Error(`no node ${resourceId}; have ${view.nodes.map((n) => n.resourceId).join(', ')}`);
  return found;
}

/** Edges as `from --label--> to` with tone and verdict, by resource id, for compact expectations. */
function edges(view: GraphView): { edge: string; tone: string; verdict: string | null }[] {
  const id = (uid: string) => view.nodes.find((n) => n.id === uid)?.resourceId ?? `?${uid}`;
  return view.edges.map((e: ViewEdge) => ({ edge: `${id(e.from)} --${e.label}--> ${id(e.to)}`, tone: e.tone, verdict: e.verdict }));
}

describe('graph view: a covered VPC', () => {
  it('marks the VPC covered and the flow log as capturing ALL, with file and line', async () => {
    const view = await viewOf('covered');
    expect(view.version).toBe(2);
    expect(view.files).toEqual([file('covered/template.yaml')]);
    expect(view.inputs).toEqual([file('covered/template.yaml')]);
    expect(node(view, 'Vpc')).toEqual({
      id: `${file('covered/template.yaml')}#Vpc`,
      resourceId: 'Vpc',
      kind: 'vpc',
      type: 'AWS::EC2::VPC',
      file: file('covered/template.yaml'),
      line: 7,
      tone: 'ok',
      status: 'covered',
      reason: null,
      findings: [],
    });
    expect(node(view, 'VpcFlowLog')).toMatchObject({ kind: 'flow-log', line: 49, tone: 'ok', status: 'captures ALL' });
    expect(node(view, 'FlowLogGroup')).toMatchObject({ kind: 'log-group', tone: 'neutral', status: null });
  });

  it('draws the coverage edge, the delivery role and the destination, and the subnet link', async () => {
    expect(edges(await viewOf('covered'))).toEqual([
      { edge: 'AppSubnet --vpc--> Vpc', tone: 'neutral', verdict: null },
      { edge: 'VpcFlowLog --destination--> FlowLogGroup', tone: 'ok', verdict: null },
      { edge: 'VpcFlowLog --deliveryRole--> FlowLogRole', tone: 'ok', verdict: null },
      { edge: 'VpcFlowLog --target--> Vpc', tone: 'ok', verdict: 'covers' },
    ]);
  });
});

describe('graph view: an ACCEPT-only VPC', () => {
  it('marks the VPC not covered, naming the near misses', async () => {
    const view = await viewOf('accept-only');
    const vpc = node(view, 'WebVpc');
    expect(vpc).toMatchObject({ tone: 'fail', status: 'not covered' });
    expect(vpc.reason).toContain('`AcceptFlowLog` captures ACCEPT only');
    expect(vpc.reason).toContain('`RejectFlowLog` does not exist by default');
    expect(vpc.findings).toEqual([expect.objectContaining({ ruleId: 'vpc-flow-logs', level: 'error', suppressed: false })]);
    expect(node(view, 'AcceptFlowLog')).toMatchObject({ tone: 'fail', status: 'captures ACCEPT only' });
    expect(node(view, 'RejectFlowLog')).toMatchObject({ tone: 'inactive', status: 'absent by default' });
    expect(node(view, 'RejectFlowLog').reason).toContain('RejectLogEnabled');
  });

  it('says why each flow log does not cover it, in the rule’s words', async () => {
    const view = await viewOf('accept-only');
    expect(edges(view)).toEqual([
      { edge: 'AcceptFlowLog --destination--> FlowLogBucket', tone: 'ok', verdict: null },
      { edge: 'AcceptFlowLog --target--> WebVpc', tone: 'fail', verdict: 'ACCEPT only' },
      { edge: 'RejectFlowLog --destination--> FlowLogBucket', tone: 'inactive', verdict: null },
      { edge: 'RejectFlowLog --target--> WebVpc', tone: 'inactive', verdict: 'absent by default' },
    ]);
    const accept = view.edges.find((e) => e.verdict === 'ACCEPT only')!;
    expect(accept.reason).toBe('flow log `AcceptFlowLog` captures ACCEPT only');
  });

  it('keeps the coverage verdict when the rule is turned off, without a finding', async () => {
    const view = await graphViewOf([], { cwd: dir('accept-only'), lint: { rules: { 'vpc-flow-logs': { level: 'off' } } } });
    expect(node(view, 'WebVpc')).toMatchObject({ tone: 'fail', status: 'not covered', findings: [] });
  });
});

describe('graph view: an S3 destination whose key prefix names the VPC', () => {
  it('draws the bucket as the destination and the VPC as the target only', async () => {
    const view = await viewOf('s3-destination-prefix');
    const flowLog = 'module.vpc.aws_flow_log.vpc_flow_logs';
    expect(edges(view).filter((e) => e.edge.startsWith(`${flowLog} `))).toEqual([
      { edge: `${flowLog} --destination--> module.s3.aws_s3_bucket.system_logs`, tone: 'ok', verdict: null },
      { edge: `${flowLog} --target--> module.vpc.aws_vpc.vpc`, tone: 'ok', verdict: 'covers' },
    ]);
  });
});

describe('graph view: links across files', () => {
  it('follows an ImportValue of a fixed export name into the other file', async () => {
    const view = await viewOf('cross-file');
    expect(view.files).toEqual([file('cross-file/flow-logs.yaml'), file('cross-file/network.yaml')]);
    const covers = view.edges.find((e) => e.verdict === 'covers')!;
    expect(covers.from).toBe(`${file('cross-file/flow-logs.yaml')}#SharedVpcFlowLog`);
    expect(covers.to).toBe(`${file('cross-file/network.yaml')}#SharedVpc`);
    expect(node(view, 'SharedVpc')).toMatchObject({ tone: 'ok', status: 'covered' });
  });

  it('draws an import whose name is only known at deploy time as a possible link, and the VPC as unverifiable', async () => {
    const view = await viewOf('cross-file');
    expect(edges(view).filter((e) => e.edge.includes('--target-->'))).toEqual([
      { edge: 'AppVpcFlowLog --target--> AppVpc', tone: 'unknown', verdict: 'may target (unresolved import)' },
      { edge: 'SharedVpcFlowLog --target--> SharedVpc', tone: 'ok', verdict: 'covers' },
    ]);
    expect(view.edges.find((e) => e.tone === 'unknown')!.reason).toContain('AppStackName');
    const app = node(view, 'AppVpc');
    expect(app).toMatchObject({ tone: 'unknown', status: 'unverifiable' });
    expect(app.reason).toContain('`AppVpcFlowLog` may target it');
  });
});

describe('graph view: subnet flow logs only', () => {
  it('draws them as subnet-only links and says they do not cover the VPC', async () => {
    const view = await graphViewOf([], { cwd: resolve(ROOT, 'fixtures/cloudformation/vpc-flow-logs/subnet-flow-logs-only') });
    const vpc = node(view, 'DataVpc');
    expect(vpc).toMatchObject({ tone: 'fail', status: 'not covered' });
    expect(vpc.reason).toMatch(/^no flow log targets it; flow log `DataSubnetAFlowLog` watches a subnet of this VPC/);
    expect(edges(view).filter((e) => e.edge.includes('--target-->'))).toEqual([
      { edge: 'DataSubnetAFlowLog --target--> DataSubnetA', tone: 'neutral', verdict: 'subnet only' },
      { edge: 'DataSubnetBFlowLog --target--> DataSubnetB', tone: 'neutral', verdict: 'subnet only' },
    ]);
  });
});

describe('graph view: a nested stack that is not in the run', () => {
  it('marks the VPC unverifiable and the stack as a possible source of its flow log', async () => {
    const view = await viewOf('nested-stack');
    const vpc = node(view, 'Vpc');
    expect(vpc).toMatchObject({ tone: 'unknown', status: 'unverifiable' });
    expect(vpc.reason).toContain('passed to `Observability`');
    expect(node(view, 'Observability')).toMatchObject({ kind: 'stack', type: 'AWS::CloudFormation::Stack', tone: 'unknown', status: 'source not in the run' });
    expect(edges(view)).toEqual([{ edge: 'Observability --inputs.VpcId--> Vpc', tone: 'unknown', verdict: 'may log it (source not in the run)' }]);
  });
});

describe('graph view: delivery roles', () => {
  it('fails the link to a role that does not trust the flow-logs service, and the flow log with it', async () => {
    const view = await viewOf('delivery-role');
    const link = view.edges.find((e) => e.label === 'deliveryRole' && e.tone === 'fail')!;
    expect(link.to).toBe(`${file('delivery-role/template.yaml')}#Ec2TrustedRole`);
    expect(link.verdict).toBe('role does not trust vpc-flow-logs.amazonaws.com');
    expect(link.reason).toContain('it trusts ec2.amazonaws.com');
    expect(node(view, 'FrontFlowLog')).toMatchObject({ tone: 'fail', status: 'captures ALL, cannot deliver' });
    const role = node(view, 'Ec2TrustedRole');
    expect(role).toMatchObject({ tone: 'fail', status: 'fails role-trust-principal' });
    expect(role.findings.map((f) => f.ruleId)).toContain('role-trust-principal');
    // Coverage is about the flow log existing and capturing REJECT; delivery is judged on the links.
    expect(node(view, 'FrontVpc')).toMatchObject({ tone: 'ok', status: 'covered' });
  });

  it('links a role named by an ARN string (no reference in the graph) through linkOf', async () => {
    const { graph } = await analyze([], { cwd: dir('delivery-role') });
    const back = `${file('delivery-role/template.yaml')}#BackFlowLog`;
    const role = `${file('delivery-role/template.yaml')}#DeliveryRole`;
    expect(graph.edges.some((e) => e.from === back && e.to === role)).toBe(false);
    const view = await viewOf('delivery-role');
    expect(view.edges.find((e) => e.from === back && e.to === role)).toMatchObject({ label: 'deliveryRole', tone: 'ok' });
    expect(edges(view)).toContainEqual({ edge: 'DeliveryPolicy --roles--> DeliveryRole', tone: 'neutral', verdict: null });
    expect(node(view, 'BackFlowLog')).toMatchObject({ tone: 'ok', status: 'captures REJECT' });
  });

  it('names the missing actions on the role link (flow-log-delivery)', async () => {
    const view = await graphViewOf([], { cwd: resolve(ROOT, 'fixtures/cloudformation/flow-log-delivery/put-log-events-only') });
    const link = view.edges.find((e) => e.label === 'deliveryRole')!;
    expect(link).toMatchObject({ tone: 'fail', verdict: 'role lacks logs:CreateLogStream, logs:DescribeLogGroups, logs:DescribeLogStreams' });
    expect(node(view, 'VpcFlowLog')).toMatchObject({ tone: 'fail', status: 'captures ALL, cannot deliver' });
  });

  it('names both failures of a role link, the trust error first, so fixing one brings no surprise', async () => {
    const view = await graphViewOf([], { cwd: resolve(ROOT, 'examples/cloudformation') });
    const link = view.edges.find((e) => e.label === 'deliveryRole' && e.tone === 'fail')!;
    expect(link.verdict).toBe('role does not trust vpc-flow-logs.amazonaws.com; role lacks logs:CreateLogStream, logs:DescribeLogGroups, logs:DescribeLogStreams');
    expect(link.reason).toMatch(/^Role `FlowLogRole` is the delivery role of flow log `AppVpcFlowLog` but .*; and Flow log `AppVpcFlowLog` cannot deliver: its role `FlowLogRole` is not granted /);
  });
});

describe('graph view: a module called from two roots', () => {
  it('draws a node per root, each saying which root makes it', async () => {
    const view = await graphViewOf([], { cwd: resolve(ROOT, 'fixtures/cli/shared-module-roots') });
    const vpcs = view.nodes.filter((n) => n.resourceId === 'module.vpc.aws_vpc.this');
    const at = (path: string) => `fixtures/cli/shared-module-roots/${path}`;
    expect(vpcs.map((n) => [n.file, n.root])).toEqual([
      [at('modules/vpc/main.tf'), at('environments/dev/main.tf')],
      [at('modules/vpc/main.tf'), at('environments/prod/main.tf')],
    ]);
    // The label keeps the end of a long path, where the environments differ.
    expect(vpcs.map((n) => nodeLines(n)[2])).toEqual(['root …ared-module-roots/environments/dev/main.tf', 'root …red-module-roots/environments/prod/main.tf']);
    // A root module's own resources have no root line.
    expect(view.nodes.filter((n) => !n.resourceId.startsWith('module.')).every((n) => n.root === undefined)).toBe(true);
  });
});

describe('graph view: links that lead to nothing drawn', () => {
  it('says why on the node: outside the run, or a kind the view does not draw', async () => {
    const view = await viewOf('unlinked');
    expect(node(view, 'LegacyVpcFlowLog').reason).toBe(
      'deliveryRole: arn:aws:iam::123456789012:role/central-flow-logs is not a resource of this run; target: vpc-0123456789abcdef0 is not a resource of this run',
    );
    // The log group is named by a string, not a reference: linkOf finds it by name.
    expect(edges(view)).toEqual([{ edge: 'LegacyVpcFlowLog --logGroupName--> SharedFlowLogs', tone: 'ok', verdict: null }]);
    const eni = await graphViewOf([], { cwd: resolve(ROOT, 'fixtures/cloudformation/vpc-flow-logs/eni-and-transit-gateway-flow-logs') });
    expect(node(eni, 'ApplianceFlowLog').reason).toBe('target: ApplianceInterface (network-interface, not drawn)');
  });
});

describe('graph view: the run as a whole', () => {
  it('draws only the kinds that matter, sorted by file and id, with edges sorted', async () => {
    const view = await viewOf('.');
    const kinds = new Set(view.nodes.map((n) => n.kind));
    expect(kinds).toEqual(new Set(['vpc', 'subnet', 'flow-log', 'log-group', 'iam-role', 'iam-policy', 's3-bucket', 'stack']));
    const keys = view.nodes.map((n) => `${n.file}\u0000${n.resourceId}`);
    expect(keys).toEqual([...keys].sort());
    const edgeKeys = view.edges.map((e) => `${e.from}\u0000${e.to}\u0000${e.label}`);
    expect(edgeKeys).toEqual([...edgeKeys].sort());
    expect(new Set(edgeKeys).size).toBe(edgeKeys.length);
    const ids = new Set(view.nodes.map((n) => n.id));
    for (const edge of view.edges) expect(ids.has(edge.from) && ids.has(edge.to)).toBe(true);
  });

  it('is deterministic: the same run gives byte-identical output in every format', async () => {
    for (const format of ['json', 'mermaid', 'dot'] as const) {
      const first = await runGraphCommand([], { format, cwd: dir('.') });
      expect(await runGraphCommand([], { format, cwd: dir('.') })).toBe(first);
    }
  });

  it('leaves lines null without a line reader, and lists files the run could not read', async () => {
    const { graph, result } = await analyze(['covered', 'missing.yaml'], { cwd: dir('.') });
    const view = toGraphView(graph, result);
    expect(view.nodes.every((n) => n.line === null)).toBe(true);
    expect(view.problems).toEqual([{ file: file('missing.yaml'), message: expect.stringContaining('missing.yaml') }]);
  });

  it('names a file that could not be parsed once: in its own field, not again in the message', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'flowguard-graph-view-'));
    try {
      writeFileSync(join(tmp, 'broken.yaml'), "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc: [\n");
      const view = await graphViewOf(['broken.yaml'], { cwd: tmp });
      expect(view.problems).toEqual([{ file: 'broken.yaml', message: expect.not.stringContaining('broken.yaml') }]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('tells an empty run apart: no inputs, nothing drawn', async () => {
    const view = await graphViewOf(['covered/no-such-dir'], { cwd: dir('.') });
    expect(view).toMatchObject({ inputs: [], files: [], nodes: [], edges: [] });
    expect(view.problems).toHaveLength(1);
  });

  it('takes paths relative to cwd, like flowguard itself', async () => {
    const view = await graphViewOf(['accept-only', 'nested-stack/main.yaml'], { cwd: dir('.') });
    expect(view.files).toEqual([file('accept-only/template.yaml'), file('nested-stack/main.yaml')]);
  });
});

describe('graph view: coverage decided by conditions that cannot be evaluated', () => {
  it('draws a flow log behind its VPC\'s own condition as covering it, and one behind another condition as maybe', async () => {
    const view = await graphViewOf([], { cwd: resolve(ROOT, 'fixtures/cloudformation/vpc-flow-logs/same-condition-as-the-vpc') });
    expect(edges(view).filter((e) => e.edge.includes('--target-->'))).toEqual([
      { edge: 'EgressFlowLog --target--> EgressVpc', tone: 'ok', verdict: 'covers' },
      { edge: 'InspectionFlowLog --target--> InspectionVpc', tone: 'unknown', verdict: 'may not exist' },
    ]);
  });

  it('draws an ACCEPT-only flow log as ACCEPT only, whether it exists or not', async () => {
    const view = await graphViewOf([], { cwd: resolve(ROOT, 'fixtures/cloudformation/vpc-flow-logs/accept-only-behind-unknown-condition') });
    expect(edges(view).filter((e) => e.edge.includes('--target-->'))).toEqual([{ edge: 'AcceptLog --target--> Vpc', tone: 'fail', verdict: 'ACCEPT only' }]);
  });
});

describe('graph view: a file that could not be parsed', () => {
  it('says so on its node and on the link to the VPC it may log, not "source not in the run"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowguard-graph-unparsed-'));
    try {
      writeFileSync(join(dir, 'vpc.tf'), 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n');
      writeFileSync(join(dir, 'flow-logs.tf'), 'resource "aws_flow_log" "main" {\n  vpc_id = aws_vpc.main.id\n  tags   = { Name = "main }\n}\n');
      const view = await graphViewOf([], { cwd: dir });
      const broken = view.nodes.find((n) => n.type === 'file that could not be parsed');
      expect([broken?.status, broken?.tone]).toEqual(['could not be parsed', 'unknown']);
      expect(view.edges.filter((e) => e.to.endsWith('#aws_vpc.main')).map((e) => [e.tone, e.verdict])).toEqual([['unknown', 'may log it (could not be parsed)']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('graph view: a CDK-synthesised template', () => {
  it('shows each resource with the construct path from its aws:cdk:path metadata, in the view and on the drawn node', async () => {
    const cwd = resolve(ROOT, 'fixtures/cloudformation/vpc-flow-logs/cdk-synthesised');
    const view = await graphViewOf([], { cwd });
    expect(node(view, 'Vpc8378EB38')).toMatchObject({ resourceId: 'Vpc8378EB38', constructPath: 'NetworkStack/Vpc/Resource', tone: 'ok', status: 'covered' });
    expect(node(view, 'VpcFlowLogsFlowLog9C9A5E34').constructPath).toBe('NetworkStack/Vpc/FlowLogs/FlowLog');
    const mermaid = await runGraphCommand([], { cwd, format: 'mermaid' });
    expect(mermaid).toContain('n_Vpc8378EB38["Vpc8378EB38<br/>NetworkStack/Vpc/Resource<br/>AWS::EC2::VPC, line 3<br/>COVERED"]');
  });

  it('keeps the end of a construct path too long for a node, which names the construct', () => {
    const long = `${'Deeply/Nested/'.repeat(6)}FlowLog/Resource`;
    const lines = nodeLines({ id: 't#F', resourceId: 'F', constructPath: long, kind: 'flow-log', type: 'AWS::EC2::FlowLog', file: 't', line: 1, tone: 'ok', status: null, reason: null, findings: [] });
    expect(lines[1]).toBe(`…${long.slice(long.length - 47)}`);
    expect(lines[1]!.endsWith('FlowLog/Resource')).toBe(true);
  });
});

describe('graph view: a root input that may hold the default VPC id', () => {
  it('says so on the flow log target it may be, and not on a role read from another such input', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'flowguard-graph-default-vpc-'));
    try {
      // A CIS baseline root: it adopts the default VPC and logs the VPC it is given.
      writeFileSync(
        join(tmp, 'main.tf'),
        [
          'variable "vpc_id" {\n  type = string\n}\n',
          'variable "flow_log_role_arn" {\n  type = string\n}\n',
          'resource "aws_default_vpc" "default" {}\n',
          'resource "aws_flow_log" "default" {',
          '  vpc_id          = var.vpc_id',
          '  traffic_type    = "ALL"',
          '  log_destination = "arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow"',
          '  iam_role_arn    = var.flow_log_role_arn',
          '}\n',
        ].join('\n'),
      );
      const view = await graphViewOf([], { cwd: tmp });
      expect(edges(view)).toEqual([{ edge: 'aws_flow_log.default --target--> aws_default_vpc.default', tone: 'unknown', verdict: 'may target (unresolved name)' }]);
      expect(view.edges[0]!.reason).toBe('variable vpc_id has no default, and may be given the id of the default VPC');
      const flowLog = node(view, 'aws_flow_log.default');
      expect(flowLog.reason).toContain('deliveryRole: cannot be resolved statically: variable flow_log_role_arn has no default;');
      expect(flowLog.reason).not.toContain('flow_log_role_arn has no default, and may be given');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
