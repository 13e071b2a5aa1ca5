/**
 * vpc-flow-logs — every VPC needs a flow log that targets the VPC itself, captures rejected traffic
 * (REJECT or ALL, or ACCEPT and REJECT together) and exists in the default deployment.
 */
import type { RelatedSpan, RuleFinding } from '../src/core/finding.js';
import type { Rule } from '../src/core/rule.js';
import { linkOf } from '../src/graph/lookup.js';
import type { ResourceGraph, ResourceNode } from '../src/graph/model.js';
import { existenceNote, isDeployed, knownString, quote, subject } from './support.js';

type Verdict = 'covered' | 'unknown' | 'uncovered';

export const vpcFlowLogs: Rule = {
  meta: {
    id: 'vpc-flow-logs',
    name: 'VpcFlowLogs',
    shortDescription: 'VPCs must have a flow log that captures rejected traffic.',
    fullDescription:
      'Every VPC must have at least one flow log that targets the VPC itself, captures REJECT or ALL traffic ' +
      '(several flow logs are taken together), and exists in the default deployment. CIS AWS Foundations 3.9, ' +
      'AWS Security Hub EC2.6.',
    defaultLevel: 'error',
    securitySeverity: '5.0',
    tags: ['security', 'logging', 'network', 'cis-aws-3.9', 'security-hub-ec2.6'],
    messages: {
      noFlowLog: 'VPC {vpc} has no flow log capturing REJECT or ALL traffic; add an AWS::EC2::FlowLog / aws_flow_log with TrafficType ALL that targets it',
      nearMiss: 'VPC {vpc} has no flow log capturing REJECT or ALL traffic; {details}',
      unverifiable: 'VPC {vpc} could not be verified: {why}',
    },
    options: {},
  },
  check(graph) {
    const findings: RuleFinding[] = [];
    const flowLogs = graph.ofKind('flow-log');
    for (const vpc of graph.ofKind('vpc')) {
      if (!isDeployed(vpc)) continue;
      const finding = checkVpc(graph, vpc, flowLogs);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

interface Candidate {
  flowLog: ResourceNode;
  /** Why this flow log does not cover the VPC, or undefined when it does. */
  shortfall?: string;
  traffic?: string;
  unknown?: string;
}

function checkVpc(graph: ResourceGraph, vpc: ResourceNode, flowLogs: ResourceNode[]): RuleFinding | undefined {
  const candidates: Candidate[] = [];
  let unknownWhy: string | undefined;
  for (const flowLog of flowLogs) {
    const relation = relationTo(graph, flowLog, vpc);
    if (relation === 'none') continue;
    if (relation === 'maybe') {
      unknownWhy ??= `flow log ${quote(flowLog.id)} may target it (its target cannot be resolved statically)`;
      continue;
    }
    candidates.push(assess(flowLog));
  }
  const verdict = combine(candidates);
  if (verdict === 'covered') return undefined;
  if (verdict === 'unknown') {
    const unsure = candidates.find((c) => c.unknown);
    if (unsure) unknownWhy ??= `flow log ${quote(unsure.flowLog.id)} ${unsure.unknown}`;
  }
  unknownWhy ??= opaqueConsumer(graph, vpc);
  if (unknownWhy) {
    return { messageId: 'unverifiable', data: { vpc: quote(vpc.id), why: unknownWhy }, ...subject(vpc), span: vpc.span, level: 'note', related: related(candidates) };
  }
  const nearMisses = candidates.filter((c) => c.shortfall);
  if (nearMisses.length === 0) {
    return { messageId: 'noFlowLog', data: { vpc: quote(vpc.id) }, ...subject(vpc), span: vpc.span, related: subnetLogs(graph, vpc) };
  }
  const details = nearMisses.map((c) => `${quote(c.flowLog.id)} ${c.shortfall}`).join('; ');
  return { messageId: 'nearMiss', data: { vpc: quote(vpc.id), details }, ...subject(vpc), span: vpc.span, related: related(candidates) };
}

/** Does this flow log target the VPC ('yes'), possibly target it ('maybe'), or not ('none')? */
function relationTo(graph: ResourceGraph, flowLog: ResourceNode, vpc: ResourceNode): 'yes' | 'maybe' | 'none' {
  const target = flowLog.attrs['target'];
  if (!target) return 'none';
  const link = linkOf(graph, target, ['vpc']);
  if (link.state === 'node') return link.node.uid === vpc.uid ? 'yes' : 'none';
  if (link.state === 'unknown') return link.mayBe.some((n) => n.uid === vpc.uid) ? 'maybe' : 'none';
  return 'none';
}

function assess(flowLog: ResourceNode): Candidate {
  const targetType = flowLog.attrs['targetType'];
  const kind = knownString(targetType);
  if (targetType && kind === undefined) return { flowLog, unknown: 'has a ResourceType that cannot be resolved statically' };
  if (kind !== undefined && kind !== 'VPC') return { flowLog, shortfall: `targets it as ResourceType ${kind}, not VPC` };
  const trafficValue = flowLog.attrs['trafficType'];
  const traffic = knownString(trafficValue)?.toUpperCase();
  if (trafficValue && traffic === undefined) return { flowLog, unknown: 'has a TrafficType that cannot be resolved statically' };
  if (flowLog.existence.state === 'absent') return { flowLog, traffic, shortfall: existenceNote(flowLog) };
  if (flowLog.existence.state === 'unknown') return { flowLog, traffic, unknown: existenceNote(flowLog) };
  if (traffic === undefined) return { flowLog, shortfall: 'has no TrafficType' };
  if (traffic === 'ACCEPT') return { flowLog, traffic, shortfall: 'captures ACCEPT only' };
  return { flowLog, traffic };
}

function combine(candidates: Candidate[]): Verdict {
  const deployed = candidates.filter((c) => c.flowLog.existence.state === 'present' && !c.unknown);
  const traffic = new Set(deployed.map((c) => c.traffic));
  if (traffic.has('ALL') || traffic.has('REJECT')) return 'covered';
  return candidates.some((c) => c.unknown) ? 'unknown' : 'uncovered';
}

/** A VPC handed to a nested stack or module whose source is not in the run may be logged there. */
function opaqueConsumer(graph: ResourceGraph, vpc: ResourceNode): string | undefined {
  for (const edge of graph.incoming(vpc.uid)) {
    const stack = graph.nodes.get(edge.from);
    if (!stack || stack.kind !== 'stack' || !isDeployed(stack)) continue;
    const resolved = stack.attrs['resolved'];
    if (resolved?.t === 'scalar' && resolved.value === true) continue;
    return `it is passed to ${quote(stack.id)} (${stack.type}), whose source is not part of this run and may create its flow log`;
  }
  return undefined;
}

function related(candidates: Candidate[]): RelatedSpan[] {
  return candidates
    .filter((c) => c.shortfall || c.unknown)
    .map((c) => ({ span: c.flowLog.span, resourceId: c.flowLog.id, message: `flow log ${quote(c.flowLog.id)} ${c.shortfall ?? c.unknown}` }));
}

/** Subnet flow logs of the VPC's subnets are a common near miss worth pointing at. */
function subnetLogs(graph: ResourceGraph, vpc: ResourceNode): RelatedSpan[] {
  const subnets = new Set(graph.incoming(vpc.uid).map((e) => graph.nodes.get(e.from)).filter((n) => n?.kind === 'subnet').map((n) => n!.uid));
  const out: RelatedSpan[] = [];
  for (const flowLog of graph.ofKind('flow-log')) {
    const target = flowLog.attrs['target'];
    if (target?.t === 'ref' && subnets.has(target.target)) {
      out.push({ span: flowLog.span, resourceId: flowLog.id, message: `flow log ${quote(flowLog.id)} watches a subnet of this VPC, which does not cover the VPC` });
    }
  }
  return out;
}
