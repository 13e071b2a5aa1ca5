/**
 * vpc-flow-logs — every VPC needs a flow log that targets the VPC itself, captures rejected traffic
 * (REJECT or ALL, or ACCEPT and REJECT together) and exists in the default deployment.
 */
import type { RelatedSpan, RuleFinding } from '../src/core/finding.js';
import type { Rule } from '../src/core/rule.js';
import { linkOf, namesakes } from '../src/graph/lookup.js';
import type { ResourceGraph, ResourceNode, RValue, Undeclared } from '../src/graph/model.js';
import { existenceNote, isDeployed, isDestinationType, isTrafficType, knownString, named, quote, relatedResource, spelled, spelledWrongTarget, subject } from './support.js';
import { handedItself, isUnseen, maybeUnseenWhy, mayBeHandedToUnseen, unseenRelated, unseenWhy, type MaybeHanded } from './unseen.js';
import { ec2Refusal } from './ec2-refusals.js';
import { elsewhereText, flowLogsElsewhere, scopeOf, type FlowLogElsewhere } from './vpc-flow-logs-elsewhere.js';

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
      noFlowLog: 'VPC {vpc} has no flow log capturing REJECT or ALL traffic; add {fix} that targets it',
      noFlowLogBesideElsewhere: 'VPC {vpc} has no flow log capturing REJECT or ALL traffic; add {fix} that targets it ({elsewhere})',
      nearMiss: 'VPC {vpc} has no flow log capturing REJECT or ALL traffic; {details}',
      unverifiable: 'VPC {vpc} could not be verified: {why}',
    },
    options: {},
  },
  check(graph) {
    const findings: RuleFinding[] = [];
    const targets = flowLogTargets(graph);
    const mayCoverOf = mayCoverage(graph);
    // Worked out once, and only if some VPC is not covered.
    let maybeHanded: Map<string, MaybeHanded> | undefined;
    const mayBeHanded = (vpc: ResourceNode) => (maybeHanded ??= mayBeHandedToUnseen(graph, ['vpc'], true)).get(vpc.uid);
    // What each unseen stack is handed itself, worked out once a stack: one may be handed thousands of VPCs.
    const itself = new Map<ResourceNode, ReadonlySet<string> | undefined>();
    const hands = (stack: ResourceNode, vpc: ResourceNode): boolean => {
      if (!itself.has(stack)) itself.set(stack, handedItself(stack));
      const handed = itself.get(stack);
      return handed === undefined || handed.has(vpc.uid);
    };
    // Worked out once, and only if some VPC has no flow log at all.
    let elsewhereByScope: Map<string, FlowLogElsewhere[]> | undefined;
    const elsewhere = (vpc: ResourceNode) => (elsewhereByScope ??= flowLogsElsewhere(graph, (flowLog) => assess(graph, flowLog).shortfall === undefined)).get(scopeOf(vpc)) ?? [];
    const verdicts = new Map<ResourceNode, RuleFinding | undefined>();
    const verdict = (vpc: ResourceNode): RuleFinding | undefined => {
      if (!verdicts.has(vpc)) verdicts.set(vpc, checkVpc(graph, vpc, targets.get(vpc.uid), mayCoverOf, mayBeHanded, hands, elsewhere));
      return verdicts.get(vpc);
    };
    // VPCs of one id (plans that hold one VPC, found by that id) are one VPC: a flow log on the id
    // targets the first of them, and covers each. Decided once per id, so 10,000 nodes of one id stay linear.
    const coveredIds = new Map<ResourceNode, boolean>();
    const coveredAsNamesake = (vpc: ResourceNode): boolean => {
      const same = namesakes(graph, vpc);
      if (same.length === 1) return false;
      let covered = coveredIds.get(same[0]!);
      if (covered === undefined) coveredIds.set(same[0]!, (covered = same.some((other) => isDeployed(other) && verdict(other) === undefined)));
      return covered;
    };
    for (const vpc of graph.ofKind('vpc')) {
      if (!isDeployed(vpc)) continue;
      const finding = verdict(vpc);
      if (finding && !coveredAsNamesake(vpc)) findings.push(finding);
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

/** A flow log whose target is not known, with why, and its place among the graph's flow logs. */
interface MayTarget {
  flowLog: ResourceNode;
  why: string;
  order: number;
}

/**
 * Flow logs whose unknown targets may be the same VPCs (one list of candidates, as the roots that all
 * read one remote state of a partial backend get): kept once for all those VPCs, not once for each,
 * so 2,000 such flow logs and 2,000 VPCs are not 4 million pairs. Members are in the graph's order.
 */
interface MayTargetGroup {
  members: MayTarget[];
}

/** The flow logs that target each VPC (`yes`) or may target it (`maybe`, in groups), by VPC uid. */
interface Targeting {
  yes: ResourceNode[];
  maybe: MayTargetGroup[];
  /**
   * Flow logs whose target names something undeclared that is most likely this VPC (`!Ref VPC` beside
   * `Vpc`), or names this VPC in a way that is refused (`Undeclared.refusal`), with what is wrong.
   */
  misnamed: { flowLog: ResourceNode; shortfall: string }[];
}

/**
 * Resolves every flow log's target once and indexes the result by VPC, so the rule is linear in the
 * graph: a plan with 25,000 VPCs and 25,000 flow logs must not compare every pair.
 */
function flowLogTargets(graph: ResourceGraph): Map<string, Targeting> {
  const byVpc = new Map<string, Targeting>();
  const entry = (uid: string): Targeting => {
    let found = byVpc.get(uid);
    if (!found) byVpc.set(uid, (found = { yes: [], maybe: [], misnamed: [] }));
    return found;
  };
  // Keyed by the candidate list itself: a lookup hands the same list to every value cut to the same files.
  const groups = new Map<readonly ResourceNode[], MayTargetGroup>();
  let order = 0;
  for (const flowLog of graph.ofKind('flow-log')) {
    order++;
    const target = flowLog.attrs['target'];
    if (!target) continue;
    const link = linkOf(graph, target, ['vpc']);
    if (link.state === 'node') entry(link.node.uid).yes.push(flowLog);
    else if (link.state === 'unknown' && link.mayBe.length > 0) {
      let group = groups.get(link.mayBe);
      if (!group) {
        groups.set(link.mayBe, (group = { members: [] }));
        for (const vpc of new Set(link.mayBe)) entry(vpc.uid).maybe.push(group);
      }
      group.members.push({ flowLog, why: link.why, order });
    }
    const undeclared = target.t === 'unknown' ? target.undeclared : undefined;
    const shortfall = undeclared && misnaming(undeclared, watchesVpc(flowLog));
    if (shortfall !== undefined) for (const uid of undeclared?.nearUids ?? []) entry(uid).misnamed.push({ flowLog, shortfall });
  }
  return byVpc;
}

/** What keeps a flow log whose target is `undeclared` from the VPC it most likely meant, if one is known. */
function misnaming(undeclared: Undeclared, vpcFlowLog: boolean): string | undefined {
  if (undeclared.refusal !== undefined) return `is never created: ${undeclared.refusal}`;
  if (undeclared.near !== undefined) return `targets ${quote(undeclared.name)}, which is not declared (did you mean ${quote(undeclared.near)}?)`;
  // No declared name is close, yet the VPC it meant is known (a module's one VPC, read through an
  // output the module does not declare at all): only a flow log on a VPC can have meant a VPC.
  return vpcFlowLog && undeclared.nearUids?.length ? `targets ${quote(undeclared.name)}, which is not declared` : undefined;
}

/** A flow log whose resource type is VPC as written (Terraform's `vpc_id`, CloudFormation's `ResourceType: VPC`). */
function watchesVpc(flowLog: ResourceNode): boolean {
  const type = flowLog.attrs['targetType'];
  return type?.t === 'scalar' && type.value === 'VPC';
}

/** A group's flow logs that would cover a VPC they target (`covers`, with their reasons) and the others (`misses`, with why not). */
interface GroupCoverage {
  covers: (MayTarget & { related: RelatedSpan })[];
  whys: ReadonlySet<string>;
  misses: (MayTarget & { related: RelatedSpan })[];
}

type MayCoverageOf = (group: MayTargetGroup) => GroupCoverage;

/**
 * Whether a flow log that may target a VPC would cover it does not depend on the VPC: decided once
 * for each group, whichever VPCs share it.
 */
function mayCoverage(graph: ResourceGraph): MayCoverageOf {
  const done = new Map<MayTargetGroup, GroupCoverage>();
  return (group) => {
    let coverage = done.get(group);
    if (coverage) return coverage;
    // The related spans too are made once, and shared by the findings of all the VPCs of the group.
    const covers: GroupCoverage['covers'] = [];
    const misses: GroupCoverage['misses'] = [];
    for (const member of group.members) {
      const { flowLog } = member;
      const { shortfall } = assess(graph, flowLog);
      if (shortfall) misses.push({ ...member, related: relatedResource(flowLog, `flow log ${quote(flowLog.id)} may target this VPC, but ${shortfall}`) });
      else covers.push({ ...member, related: relatedResource(flowLog, `flow log ${quote(flowLog.id)} may target this VPC`) });
    }
    done.set(group, (coverage = { covers, whys: new Set(covers.map((c) => c.why)), misses }));
    return coverage;
  };
}

/**
 * Flow logs that may target a VPC named as its related locations, for those that would cover it and
 * for those that would not, each; the message counts them all. SARIF keeps 100 related locations a
 * result (src/report/sarif.ts), which GitHub shows, and a longer list helps no reviewer: 2,000 roots
 * that may each hold the flow log of 2,000 VPCs made 4 million locations, 23 s and 1.6 GB.
 */
export const MAX_MAY_TARGET_RELATED = 100;

/** The first `limit` items of lists each in `order`, in that order (a merge that stops early). */
function firstInOrder<T extends { order: number }>(lists: readonly (readonly T[])[], limit: number): T[] {
  const full = lists.filter((list) => list.length > 0);
  if (full.length <= 1) return (full[0] ?? []).slice(0, limit);
  const at = full.map(() => 0);
  const out: T[] = [];
  while (out.length < limit) {
    let best = -1;
    for (let i = 0; i < full.length; i++) {
      const item = full[i]![at[i]!];
      if (item && (best < 0 || item.order < full[best]![at[best]!]!.order)) best = i;
    }
    if (best < 0) break;
    out.push(full[best]![at[best]!++]!);
  }
  return out;
}

function checkVpc(
  graph: ResourceGraph,
  vpc: ResourceNode,
  targeting: Targeting | undefined,
  mayCoverOf: MayCoverageOf,
  mayBeHanded: (vpc: ResourceNode) => MaybeHanded | undefined,
  hands: (stack: ResourceNode, vpc: ResourceNode) => boolean,
  elsewhere: (vpc: ResourceNode) => readonly FlowLogElsewhere[],
): RuleFinding | undefined {
  // A flow log that names this VPC misspelt targets nothing, but it is the one the author meant: the
  // likeliest fix, so it is named first.
  const misnamed = (targeting?.misnamed ?? []).map(({ flowLog, shortfall }): Candidate => ({ flowLog, shortfall }));
  const candidates = [...misnamed, ...(targeting?.yes ?? []).map((flowLog) => assess(graph, flowLog, vpc))];
  // A flow log that may target the VPC leaves it unverified only if it would cover it: one that
  // captures ACCEPT only, watches a subnet or is absent by default would not, wherever it points.
  const groups = (targeting?.maybe ?? []).map(mayCoverOf);
  const mayCover = firstInOrder(groups.map((g) => g.covers), MAX_MAY_TARGET_RELATED);
  // Those that may target it but would not cover it anyway are worth pointing at, whatever the verdict.
  const misses = firstInOrder(groups.map((g) => g.misses), MAX_MAY_TARGET_RELATED);
  let unknownWhy = mayCover.length > 0 ? mayTarget(mayCover, groups) : undefined;
  const verdict = combine(candidates);
  if (verdict === 'covered') return undefined;
  if (verdict === 'unknown') {
    const unsure = candidates.find((c) => c.unknown);
    if (unsure) unknownWhy ??= `flow log ${named(unsure.flowLog)} ${unsure.unknown}`;
  }
  const consumer = unknownWhy ? undefined : opaqueConsumer(graph, vpc, mayBeHanded, hands);
  unknownWhy ??= consumer?.why;
  if (unknownWhy) {
    // Point at what could not be verified: the flow log that may target it, or where the VPC goes;
    // and, as for a VPC with no flow log, those that may target it but would not cover it (the one
    // that covered it until its TrafficType became ACCEPT is what a reviewer needs to see).
    // Every one of them, up to MAX_MAY_TARGET_RELATED: the VPC of a stack whose export several stacks
    // import is verified by whichever of them is deployed for it, and the reviewer must be able to find each.
    const possible = mayCover.map((m) => m.related);
    const passed = consumer ? [relatedResource(consumer.stack, consumer.related)] : [];
    return { messageId: 'unverifiable', data: { vpc: named(vpc), why: unknownWhy }, ...subject(vpc), span: vpc.span, level: 'note', unverified: true, related: [...possible, ...related(candidates), ...misses.map((m) => m.related), ...passed] };
  }
  const nearMisses = candidates.filter((c) => c.shortfall);
  if (nearMisses.length === 0) {
    const fix = spelled(vpc, 'an AWS::EC2::FlowLog with TrafficType ALL', 'an aws_flow_log with traffic_type = "ALL"', 'an awscc_ec2_flow_log with traffic_type = "ALL"');
    const related = [...subnetLogs(graph, vpc), ...misses.map((m) => m.related), ...refusedConsumers(graph, vpc)];
    // A flow log beside it on a VPC the run cannot see may be the one meant for it: named, so that the
    // error does not read as "no flow log" beside the flow log its author sees.
    const beside = elsewhere(vpc).slice(0, MAX_MAY_TARGET_RELATED);
    if (beside.length === 0) return { messageId: 'noFlowLog', data: { vpc: named(vpc), fix }, ...subject(vpc), span: vpc.span, related };
    const data = { vpc: named(vpc), fix, elsewhere: elsewhereText(beside) };
    return { messageId: 'noFlowLogBesideElsewhere', data, ...subject(vpc), span: vpc.span, related: [...beside.map((b) => b.related), ...related] };
  }
  // Those that would capture rejected traffic once mended (a condition, a misspelt TrafficType) first:
  // they are the likeliest fix. Accept-only ones after, in the graph's order (sort is stable). The
  // flow log's own TrafficType decides, not the candidate's `traffic`: that is set only for flow logs
  // that target the VPC, so one typed Subnet by mistake that captures ACCEPT is no likelier a fix.
  const acceptOnly = (c: Candidate): number => Number(knownString(c.flowLog.attrs['trafficType']) === 'ACCEPT');
  const byPromise = [...nearMisses].sort((a, b) => acceptOnly(a) - acceptOnly(b));
  const shown = byPromise.slice(0, MAX_NAMED_NEAR_MISSES).map((c) => `${named(c.flowLog)} ${c.shortfall}`);
  const more = nearMisses.length - shown.length;
  const details = [...shown, ...(more > 0 ? [`and ${more} more flow log${more === 1 ? '' : 's'} that do not cover it (related locations)`] : [])].join('; ');
  return { messageId: 'nearMiss', data: { vpc: named(vpc), details }, ...subject(vpc), span: vpc.span, related: related(candidates) };
}

/**
 * Why a VPC that flow logs may target is not verified: each flow log with why its target is not
 * known, the reason said once when they share it (stacks importing the same export name), and no
 * more than a few named; all are related locations.
 */
function mayTarget(first: readonly MayTarget[], groups: readonly GroupCoverage[]): string {
  const shown = first.slice(0, MAX_NAMED_NEAR_MISSES);
  const count = groups.reduce((sum, g) => sum + g.covers.length, 0);
  const more = count - shown.length;
  if (differ(groups.map((g) => g.whys))) {
    const each = shown.map((m) => `flow log ${named(m.flowLog)} may target it (${m.why})`);
    return [...each, ...(more > 0 ? [`and ${more} more flow log${more === 1 ? '' : 's'} may target it (related locations)`] : [])].join('; ');
  }
  const items = [...shown.map((m) => named(m.flowLog)), ...(more > 0 ? [`${more} more (related locations)`] : [])];
  const list = items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `flow log${count === 1 ? '' : 's'} ${list} may target it (${first[0]!.why})`;
}

/** Whether the sets hold more than one string between them. */
function differ(sets: readonly ReadonlySet<string>[]): boolean {
  let one: string | undefined;
  for (const set of sets) {
    if (set.size > 1) return true;
    for (const item of set) {
      if (one !== undefined && item !== one) return true;
      one = item;
    }
  }
  return false;
}

/**
 * Flow logs named in the message of a VPC they almost cover; the others are counted, and every one
 * is a related location. AWS allows 50 flow logs on a VPC, and a message naming them all (with CDK
 * construct paths) no longer reads as a sentence.
 */
const MAX_NAMED_NEAR_MISSES = 3;

/**
 * What one flow log that targets a VPC does for it, decided once for the rule's messages and for
 * `flowguard graph`'s edges (src/report/graph/verdicts.ts): the first reason that applies, in order.
 */
export type FlowLogCoverage =
  | { reason: 'covers'; traffic: string }
  | { reason: 'typeUnknown' | 'typeMissing' | 'trafficUnknown' | 'trafficMissing' | 'absent' }
  | { reason: 'notVpc'; kind: string }
  | { reason: 'trafficInvalid'; traffic: string }
  | { reason: 'destinationInvalid'; destination: string }
  | { reason: 'acceptOnly'; traffic: 'ACCEPT' }
  | { reason: 'refusedByEc2'; traffic: string; why: string }
  | { reason: 'mayNotExist'; traffic: string };

export function flowLogCoverage(graph: ResourceGraph, flowLog: ResourceNode, vpc?: ResourceNode): FlowLogCoverage {
  // A flow log left out of the default deployment covers nothing whatever its values: those values
  // are often read from the very input that leaves it out (`traffic_type = var.flow_logs.traffic_type`
  // under `count = var.flow_logs != null ? 1 : 0`, the input defaulting to null), so they cannot be
  // known, and that must not make a VPC with no flow log merely unverified.
  const absent = flowLog.existence.state === 'absent';
  const targetType = flowLog.attrs['targetType'];
  const kind = knownString(targetType);
  if (targetType && kind === undefined) return absent ? { reason: 'absent' } : { reason: 'typeUnknown' };
  // A target without its type (CloudFormation, awscc): the type is required, so the deployment fails.
  if (!targetType && flowLog.attrs['target']) return { reason: 'typeMissing' };
  if (kind !== undefined && kind !== 'VPC') return { reason: 'notVpc', kind };
  const trafficValue = flowLog.attrs['trafficType'];
  const traffic = knownString(trafficValue);
  if (trafficValue && traffic === undefined) return absent ? { reason: 'absent' } : { reason: 'trafficUnknown' };
  if (absent) return { reason: 'absent' };
  // Before existence: a flow log that captures no rejected traffic covers nothing, whether it exists or not.
  if (traffic === undefined) return { reason: 'trafficMissing' };
  if (!isTrafficType(traffic)) return { reason: 'trafficInvalid', traffic };
  // A destination type AWS does not have fails the plan (or the stack) as an unknown TrafficType does.
  const destination = knownString(flowLog.attrs['destinationType']);
  if (destination !== undefined && !isDestinationType(destination)) return { reason: 'destinationInvalid', destination };
  if (traffic === 'ACCEPT') return { reason: 'acceptOnly', traffic };
  // EC2 refuses it (an S3 flow log with a role, a CloudWatch Logs one without a log group): never created.
  const refused = ec2Refusal(graph, flowLog);
  if (refused !== undefined) return { reason: 'refusedByEc2', traffic, why: refused };
  if (flowLog.existence.state === 'unknown' && !existsWith(flowLog, vpc)) return { reason: 'mayNotExist', traffic };
  return { reason: 'covers', traffic };
}

/**
 * Why a value is not known, for the end of a message (` (function yamldecode() is not evaluated
 * statically)`, ` (variable traffic_type has no default)`): what the user can change. Empty when the
 * value does not say.
 */
function whyNotKnown(value: RValue | undefined): string {
  return value?.t === 'unknown' && value.why ? ` (${value.why})` : '';
}

function assess(graph: ResourceGraph, flowLog: ResourceNode, vpc?: ResourceNode): Candidate {
  const coverage = flowLogCoverage(graph, flowLog, vpc);
  const typeName = spelled(flowLog, 'ResourceType', 'ResourceType', 'resource_type');
  const trafficName = spelled(flowLog, 'TrafficType', 'traffic_type');
  switch (coverage.reason) {
    case 'typeUnknown':
      return { flowLog, unknown: `has a ${typeName} that cannot be resolved statically${whyNotKnown(flowLog.attrs['targetType'])}` };
    case 'typeMissing':
      return { flowLog, shortfall: `has no ${typeName}, which AWS requires, so it is never created` };
    case 'notVpc':
      return { flowLog, shortfall: `targets it ${spelledWrongTarget(flowLog, coverage.kind)}` };
    case 'trafficUnknown':
      return { flowLog, unknown: `has a ${trafficName} that cannot be resolved statically${whyNotKnown(flowLog.attrs['trafficType'])}` };
    case 'absent':
      return { flowLog, traffic: knownString(flowLog.attrs['trafficType']), shortfall: existenceNote(flowLog) };
    case 'trafficMissing':
      return { flowLog, shortfall: `has no ${trafficName}` };
    case 'trafficInvalid':
      return { flowLog, shortfall: `has ${trafficName} "${coverage.traffic}", which AWS does not accept (ACCEPT, REJECT or ALL, in capitals), so it is never created` };
    case 'destinationInvalid':
      return { flowLog, shortfall: `has ${spelled(flowLog, 'LogDestinationType', 'log_destination_type')} "${coverage.destination}", which AWS does not accept (cloud-watch-logs, s3 or kinesis-data-firehose), so it is never created` };
    case 'acceptOnly':
      return { flowLog, traffic: coverage.traffic, shortfall: 'captures ACCEPT only' };
    case 'refusedByEc2':
      return { flowLog, shortfall: coverage.why };
    case 'mayNotExist':
      return { flowLog, traffic: coverage.traffic, unknown: existenceNote(flowLog) };
    case 'covers':
      return { flowLog, traffic: coverage.traffic };
  }
}

/** A flow log decided by the same condition as its VPC exists whenever the VPC does: it counts as present. */
function existsWith(flowLog: ResourceNode, vpc: ResourceNode | undefined): boolean {
  const decidedBy = flowLog.existence.state === 'unknown' ? flowLog.existence.decidedBy : undefined;
  return decidedBy !== undefined && vpc?.existence.state === 'unknown' && vpc.existence.decidedBy === decidedBy;
}

function combine(candidates: Candidate[]): Verdict {
  const deployed = candidates.filter((c) => c.flowLog.existence.state !== 'absent' && !c.unknown);
  const traffic = new Set(deployed.map((c) => c.traffic));
  if (traffic.has('ALL') || traffic.has('REJECT')) return 'covered';
  return candidates.some((c) => c.unknown) ? 'unknown' : 'uncovered';
}

/**
 * A VPC handed to a nested stack or module whose source is not in the run (or to a file that could not
 * be parsed) may be logged there; so may one that such a stack may be handed (an output of a state
 * the run cannot tell apart from its root's). Handed itself, that is: a bucket or log group named
 * after the VPC's id gives the stack only a name (`handedItself`).
 */
function opaqueConsumer(
  graph: ResourceGraph,
  vpc: ResourceNode,
  mayBeHanded: (vpc: ResourceNode) => MaybeHanded | undefined,
  hands: (stack: ResourceNode, vpc: ResourceNode) => boolean,
): { stack: ResourceNode; why: string; related: string } | undefined {
  for (const edge of graph.incoming(vpc.uid)) {
    const stack = graph.nodes.get(edge.from);
    if (stack && isUnseen(stack) && hands(stack, vpc)) return { stack, why: unseenWhy(stack, vpc, 'may create its flow log'), related: unseenRelated(stack, 'VPC') };
  }
  const maybe = mayBeHanded(vpc);
  return maybe && { stack: maybe.stack, why: maybeUnseenWhy(maybe, vpc, 'may create its flow log'), related: unseenRelated(maybe.stack, 'VPC', true) };
}

/**
 * Nested stacks handed the VPC that the provider refuses as written (their `TemplateURL` beside
 * `Properties`): the flow log they were meant to create is the near miss, and the refusal its cause.
 */
function refusedConsumers(graph: ResourceGraph, vpc: ResourceNode): RelatedSpan[] {
  const out: RelatedSpan[] = [];
  for (const edge of graph.incoming(vpc.uid)) {
    const stack = graph.nodes.get(edge.from);
    if (stack?.kind !== 'stack' || stack.existence.state !== 'absent' || !stack.existence.refused) continue;
    if (out.some((r) => r.resourceUid === stack.uid)) continue;
    out.push(relatedResource(stack, `${quote(stack.id)} receives this VPC but is never created: ${stack.existence.why}`));
  }
  return out;
}

function related(candidates: Candidate[]): RelatedSpan[] {
  return candidates
    .filter((c) => c.shortfall || c.unknown)
    .flatMap((c) => [relatedResource(c.flowLog, `flow log ${quote(c.flowLog.id)} ${c.shortfall ?? c.unknown}`), ...existenceDecided(c.flowLog), ...trafficDecided(c), ...destinationDecided(c.flowLog)]);
}

/**
 * Where the ACCEPT of an ACCEPT-only flow log is written when not in the flow log itself (a
 * `terraform.tfvars` value, a variable or parameter default, a module argument): the place to change,
 * and a file whose change alone (a pre-commit run) uncovers the VPC.
 */
function trafficDecided(candidate: Candidate): RelatedSpan[] {
  if (candidate.traffic !== 'ACCEPT' || !candidate.shortfall) return [];
  const traffic = candidate.flowLog.attrs['trafficType'];
  const origin = [...(traffic?.origin ?? []), ...(traffic?.decidedBy ?? [])];
  return origin.map((span) => ({ span, message: `this value sets flow log ${quote(candidate.flowLog.id)} to capture ACCEPT only` }));
}

/**
 * Where a destination type AWS does not accept is written when not in the flow log itself (a
 * variable default, a module argument, a `.tfvars` line): the place to change.
 */
function destinationDecided(flowLog: ResourceNode): RelatedSpan[] {
  const value = flowLog.attrs['destinationType'];
  const destination = knownString(value);
  if (destination === undefined || isDestinationType(destination)) return [];
  return (value?.origin ?? []).map((span) => ({ span, message: `this value sets the destination type of flow log ${quote(flowLog.id)}, which AWS does not accept` }));
}

/**
 * Where the values are written that leave a flow log out of the default deployment (the variable
 * default that makes its `count` 0): a change there is what the finding is about, so they are named
 * too (and a pre-commit run that stages only that file reports it).
 */
function existenceDecided(flowLog: ResourceNode): RelatedSpan[] {
  if (flowLog.existence.state !== 'absent' || !flowLog.existence.origin) return [];
  return flowLog.existence.origin.map((span) => ({ span, message: `this value leaves flow log ${quote(flowLog.id)} out of the default deployment` }));
}

/** Subnet flow logs of the VPC's subnets are a common near miss worth pointing at. */
function subnetLogs(graph: ResourceGraph, vpc: ResourceNode): RelatedSpan[] {
  const out: RelatedSpan[] = [];
  for (const edge of graph.incoming(vpc.uid)) {
    if (graph.nodes.get(edge.from)?.kind !== 'subnet') continue;
    // Edges into the subnet whose source is a flow log's target: the flow logs that watch it.
    for (const into of graph.incoming(edge.from)) {
      const flowLog = graph.nodes.get(into.from);
      if (flowLog?.kind === 'flow-log' && into.via === 'target') {
        out.push(relatedResource(flowLog, `flow log ${quote(flowLog.id)} watches a subnet of this VPC, which does not cover the VPC`));
      }
    }
  }
  return out;
}
