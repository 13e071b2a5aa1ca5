/**
 * The rules' own judgements, for the view. Rules are pure functions of the graph, so the view runs
 * the ones that decide coverage and delivery again and reads their message ids: that is the same
 * logic `flowguard lint` applies, independent of configured levels or suppressions (a user who
 * turned a rule off still sees why a VPC counts as covered).
 */
import type { RuleFinding } from '../../core/finding.js';
import type { Rule } from '../../core/rule.js';
import { formatMessage } from '../../engine/finalize.js';
import type { ResourceGraph, ResourceNode } from '../../graph/model.js';
import { flowLogDelivery } from '../../../rules/flow-log-delivery.js';
import { roleTrustPrincipal } from '../../../rules/role-trust-principal.js';
import { isTrafficType, knownString } from '../../../rules/support.js';
import { flowLogCoverage, vpcFlowLogs } from '../../../rules/vpc-flow-logs.js';
import type { Tone } from './model.js';

export type VpcState = 'covered' | 'not covered' | 'unverifiable' | 'absent by default';

export interface VpcVerdict {
  state: VpcState;
  /** Why, from the rule's message data (or the absence reason). */
  reason: string | null;
  /** The rule's word on each flow log it names (related locations), by flow log uid. */
  flowLogs: Map<string, string>;
}

/** A rule finding, with its message formatted and the uids of the resources it names. */
export interface Judgement {
  messageId: string;
  key: string | undefined;
  data: Record<string, string | number>;
  message: string;
  related: string[];
}

export interface RuleVerdicts {
  vpcs: Map<string, VpcVerdict>;
  /** flow-log-delivery findings by flow log uid. */
  delivery: Map<string, Judgement[]>;
  /** role-trust-principal findings by role uid. */
  trust: Map<string, Judgement[]>;
}

export function ruleVerdicts(graph: ResourceGraph): RuleVerdicts {
  const locate = nodeLocator(graph);
  const vpcs = new Map<string, VpcVerdict>();
  const vpcFindings = judge(vpcFlowLogs, graph, locate);
  for (const vpc of graph.ofKind('vpc')) {
    if (vpc.existence.state === 'absent') {
      vpcs.set(vpc.uid, { state: 'absent by default', reason: vpc.existence.why, flowLogs: new Map() });
      continue;
    }
    const found = vpcFindings.get(vpc.uid)?.[0];
    if (!found) {
      vpcs.set(vpc.uid, { state: 'covered', reason: null, flowLogs: new Map() });
      continue;
    }
    vpcs.set(vpc.uid, { state: found.messageId === 'unverifiable' ? 'unverifiable' : 'not covered', reason: vpcReason(found), flowLogs: found.relatedMessages });
  }
  return { vpcs, delivery: strip(judge(flowLogDelivery, graph, locate)), trust: strip(judge(roleTrustPrincipal, graph, locate)) };
}

/** The part of the rule's message that says why (the status already says "not covered"). */
function vpcReason(judgement: LocatedJudgement): string {
  switch (judgement.messageId) {
    case 'noFlowLog':
      // Related locations here are subnet flow logs of the VPC: the usual near miss.
      return ['no flow log targets it', ...judgement.relatedMessages.values()].join('; ');
    case 'nearMiss':
      return String(judgement.data['details'] ?? judgement.message);
    case 'unverifiable':
      return String(judgement.data['why'] ?? judgement.message);
    default:
      return judgement.message;
  }
}

interface LocatedJudgement extends Judgement {
  relatedMessages: Map<string, string>;
}

function judge(rule: Rule, graph: ResourceGraph, locate: (finding: { resourceId?: string; span: { file: string } }) => string | undefined): Map<string, LocatedJudgement[]> {
  const defaults = Object.fromEntries(Object.entries(rule.meta.options).map(([name, option]) => [name, option.default]));
  const out = new Map<string, LocatedJudgement[]>();
  for (const raw of rule.check(graph, defaults)) {
    const subject = raw.resourceUid ?? locate(raw);
    if (subject === undefined) continue;
    const judgement = toJudgement(rule, raw, locate);
    const list = out.get(subject);
    if (list) list.push(judgement);
    else out.set(subject, [judgement]);
  }
  return out;
}

function toJudgement(rule: Rule, raw: RuleFinding, locate: (finding: { resourceId?: string; span: { file: string } }) => string | undefined): LocatedJudgement {
  const relatedMessages = new Map<string, string>();
  const related: string[] = [];
  for (const entry of raw.related ?? []) {
    const uid = locate(entry);
    if (uid === undefined) continue;
    related.push(uid);
    if (!relatedMessages.has(uid)) relatedMessages.set(uid, entry.message);
  }
  const data = raw.data ?? {};
  return { messageId: raw.messageId, key: raw.key, data, message: formatMessage(rule.meta.messages[raw.messageId] ?? raw.messageId, data), related, relatedMessages };
}

function strip(map: Map<string, LocatedJudgement[]>): Map<string, Judgement[]> {
  return new Map([...map].map(([uid, list]) => [uid, list.map(({ relatedMessages: _r, ...rest }) => rest)]));
}

/**
 * Related locations name a resource by id and span, not uid: find the node whose declaration (or
 * logical file) is that span's file, else the only node with that id.
 */
function nodeLocator(graph: ResourceGraph): (entry: { resourceId?: string; span: { file: string } }) => string | undefined {
  const byId = new Map<string, ResourceNode[]>();
  for (const node of graph.nodes.values()) {
    const list = byId.get(node.id);
    if (list) list.push(node);
    else byId.set(node.id, [node]);
  }
  return (entry) => {
    if (entry.resourceId === undefined) return undefined;
    const candidates = byId.get(entry.resourceId) ?? [];
    const match = candidates.find((n) => n.file === entry.span.file) ?? candidates.find((n) => n.logicalFile === entry.span.file);
    return (match ?? (candidates.length === 1 ? candidates[0] : undefined))?.uid;
  };
}

export interface Coverage {
  tone: Tone;
  verdict: string;
}

/**
 * What one flow log contributes to the coverage of the VPC it targets: the rule's own decision
 * (`flowLogCoverage`), in a few words for an edge; the rule's related-location message, where it
 * names this flow log, is shown as the reason so the wording stays the rule's.
 */
export function coverageOf(graph: ResourceGraph, flowLog: ResourceNode, vpc?: ResourceNode): Coverage {
  const coverage = flowLogCoverage(graph, flowLog, vpc);
  switch (coverage.reason) {
    case 'typeUnknown':
      return { tone: 'unknown', verdict: 'ResourceType unknown' };
    case 'typeMissing':
      return { tone: 'fail', verdict: 'no ResourceType' };
    case 'notVpc':
      return { tone: 'fail', verdict: `ResourceType ${coverage.kind}, not VPC` };
    case 'trafficUnknown':
      return { tone: 'unknown', verdict: 'TrafficType unknown' };
    case 'absent':
      return { tone: 'inactive', verdict: 'absent by default' };
    case 'trafficMissing':
      return { tone: 'fail', verdict: 'no TrafficType' };
    case 'trafficInvalid':
      return { tone: 'fail', verdict: `TrafficType "${coverage.traffic}" not accepted by AWS` };
    case 'destinationInvalid':
      return { tone: 'fail', verdict: `LogDestinationType "${coverage.destination}" not accepted by AWS` };
    case 'acceptOnly':
      return { tone: 'fail', verdict: 'ACCEPT only' };
    case 'refusedByEc2':
      return { tone: 'fail', verdict: 'refused by EC2' };
    case 'mayNotExist':
      return { tone: 'unknown', verdict: 'may not exist' };
    case 'covers':
      return { tone: 'ok', verdict: 'covers' };
  }
}

/** The flow log's own traffic, as its node shows it. */
export function trafficOf(flowLog: ResourceNode): { tone: Tone; status: string } {
  const value = flowLog.attrs['trafficType'];
  const traffic = knownString(value);
  if (value && traffic === undefined) return { tone: 'unknown', status: 'TrafficType unknown' };
  if (traffic === undefined) return { tone: 'fail', status: 'no TrafficType' };
  if (!isTrafficType(traffic)) return { tone: 'fail', status: 'TrafficType not accepted by AWS' };
  if (traffic === 'ACCEPT') return { tone: 'fail', status: 'captures ACCEPT only' };
  return { tone: 'ok', status: `captures ${traffic}` };
}
