/**
 * The view's edges. A link attribute (a flow log's target, delivery role, destination; a policy's
 * roles; …) is followed with `linkOf`, as the rules follow it, so links by name or ARN and possible
 * links (an import whose name is only known at deploy time) show too, not only `Ref`s. Every other
 * reference between drawn resources comes from the graph's edges, unjudged.
 */
import { createHash } from 'node:crypto';
import { linkOf } from '../../graph/lookup.js';
import type { ResourceGraph, ResourceKind, ResourceNode, RValue } from '../../graph/model.js';
import { destinationOf } from '../../../rules/role-uses.js';
import { compareText, type Tone, type ViewEdge, type ViewGroup } from './model.js';
import { coverageOf, type Judgement, type RuleVerdicts } from './verdicts.js';

interface LinkSpec {
  attr: string;
  kinds: readonly ResourceKind[];
}

const ROLE: readonly ResourceKind[] = ['iam-role'];

/** The attributes that name another resource, per kind, and the kinds they may name. */
const LINKS: Partial<Record<ResourceKind, readonly LinkSpec[]>> = {
  'flow-log': [
    { attr: 'target', kinds: ['vpc', 'subnet'] },
    { attr: 'deliveryRole', kinds: ROLE },
    { attr: 'crossAccountRole', kinds: ROLE },
    { attr: 'destination', kinds: ['log-group', 's3-bucket', 'firehose-stream'] },
    { attr: 'logGroupName', kinds: ['log-group'] },
  ],
  subnet: [{ attr: 'vpc', kinds: ['vpc'] }],
  'iam-role': [{ attr: 'managedPolicies', kinds: ['iam-managed-policy'] }],
  'iam-policy': [
    { attr: 'roles', kinds: ROLE },
    { attr: 'attachedPolicy', kinds: ['iam-managed-policy'] },
  ],
  'iam-managed-policy': [{ attr: 'roles', kinds: ROLE }],
  'lambda-function': [{ attr: 'role', kinds: ROLE }],
  'ecs-task-definition': [
    { attr: 'taskRole', kinds: ROLE },
    { attr: 'executionRole', kinds: ROLE },
  ],
  'instance-profile': [{ attr: 'roles', kinds: ROLE }],
};

/** A link attribute that leads to no drawn node: why, for the node's reason. */
export interface Unlinked {
  from: string;
  label: string;
  reason: string;
}

export interface Links {
  edges: ViewEdge[];
  groups: ViewGroup[];
  unlinked: Unlinked[];
}

export function linksOf(graph: ResourceGraph, shown: ReadonlySet<string>, verdicts: RuleVerdicts): Links {
  const edges: ViewEdge[] = [];
  const unlinked: Unlinked[] = [];
  const possible = new PossibleLinks(shown);
  const judged = new Set<string>();
  for (const uid of shown) {
    const from = graph.nodes.get(uid)!;
    for (const spec of LINKS[from.kind] ?? []) {
      const value = from.attrs[spec.attr];
      // An empty value (`iam_role_arn = ""`, kept for the rules to point at) names nothing to draw.
      if (!value || (value.t === 'scalar' && (value.value === '' || value.value === null))) continue;
      for (const item of value.t === 'array' ? value.items : [value]) {
        follow(graph, from, spec, item, shown, verdicts, edges, unlinked, possible);
      }
    }
  }
  for (const edge of edges) judged.add(`${edge.from}\u0000${edge.to}\u0000${edge.label}`);
  for (const edge of graph.edges) {
    if (!shown.has(edge.from) || !shown.has(edge.to) || edge.from === edge.to) continue;
    if (judged.has(`${edge.from}\u0000${edge.to}\u0000${rootOf(edge.via)}`) || possible.has(edge.from, edge.to, rootOf(edge.via))) continue;
    if (partOfLinkValue(graph, edge.from, edge.to, rootOf(edge.via))) continue;
    edges.push(plainEdge(graph, edge.from, edge.to, edge.via));
  }
  const grouped = possible.draw(edges);
  return { edges: dedupe(grouped.edges), groups: grouped.groups, unlinked };
}

/** A link that may lead to any of several resources: a `ViewEdge` without `to`. */
interface PossibleLink {
  from: string;
  label: string;
  verdict: string;
  reason: string;
}

/** Resources links may lead to, one entry for each distinct set, with how many links may lead to it. */
interface PossibleSet {
  members: string[];
  has: ReadonlySet<string>;
  links: number;
}

/**
 * Links whose value is unknown and may be any of several drawn resources. Drawn pair by pair, k
 * links that may each lead to the same m resources are k × m edges: 2,000 flow logs of roots that may
 * each keep the state they all read, 4 million edges. Where a group node takes fewer edges (k + m
 * when k × m is more), the links lead to the group and the group to its members.
 */
class PossibleLinks {
  /** In the order they were found, each with how many edges were drawn before it. */
  private readonly links: { at: number; link: PossibleLink; set: PossibleSet }[] = [];
  /** By the candidate list `linkOf` returned (one list for all the flow logs of such a fan-out). */
  private readonly byList = new Map<readonly ResourceNode[], PossibleSet>();
  /** By content: lists built separately that name the same resources. */
  private readonly byMembers = new Map<string, PossibleSet>();
  private readonly byFrom = new Map<string, { label: string; set: PossibleSet }[]>();

  constructor(private readonly shown: ReadonlySet<string>) {}

  /** Records the link, found after `at` edges were drawn; false when none of `mayBe` is drawn. */
  add(link: PossibleLink, mayBe: readonly ResourceNode[], at: number): boolean {
    let set = this.byList.get(mayBe);
    if (!set) {
      const members = [...new Set(mayBe.filter((n) => this.shown.has(n.uid)).map((n) => n.uid))].sort(compareText);
      const key = members.join('\u0000');
      set = this.byMembers.get(key) ?? { members, has: new Set(members), links: 0 };
      this.byMembers.set(key, set);
      this.byList.set(mayBe, set);
    }
    if (set.members.length === 0) return false;
    set.links++;
    this.links.push({ at, link, set });
    const from = this.byFrom.get(link.from) ?? [];
    from.push({ label: link.label, set });
    this.byFrom.set(link.from, from);
    return true;
  }

  /** Whether a possible link from `from` by `label` may lead to `to` (drawn, or in a drawn group). */
  has(from: string, to: string, label: string): boolean {
    return this.byFrom.get(from)?.some((entry) => entry.label === label && entry.set.has.has(to)) ?? false;
  }

  /**
   * `drawn` with the possible links among them, each pair on its own or through a group. Pairs keep
   * the place they were found at, which `dedupe` decides by when two edges of a pair tie.
   */
  draw(drawn: readonly ViewEdge[]): { edges: ViewEdge[]; groups: ViewGroup[] } {
    const groupIds = new Map<PossibleSet, string>();
    for (const set of this.byMembers.values()) {
      const k = set.links;
      const m = set.members.length;
      if (k * m > k + m) groupIds.set(set, `any-of:${createHash('sha256').update(set.members.join('\u0000')).digest('hex').slice(0, 12)}`);
    }
    const edges: ViewEdge[] = [];
    let next = 0;
    const placeUpTo = (at: number): void => {
      for (; next < this.links.length && this.links[next]!.at <= at; next++) {
        const { link, set } = this.links[next]!;
        const edge = (to: string): ViewEdge => ({ from: link.from, to, label: link.label, tone: 'unknown', verdict: link.verdict, reason: link.reason });
        const group = groupIds.get(set);
        if (group !== undefined) edges.push(edge(group));
        else for (const to of set.members) edges.push(edge(to));
      }
    };
    for (const [i, edge] of drawn.entries()) {
      placeUpTo(i);
      edges.push(edge);
    }
    placeUpTo(Infinity);
    const groups = [...groupIds].map(([set, id]) => ({ id, members: set.members }));
    return { edges, groups: groups.sort((a, b) => compareText(a.id, b.id)) };
  }
}

/**
 * A reference inside a link attribute to a resource that attribute cannot name is a part of its value,
 * not the link: the VPC id in an S3 destination's key prefix (`"${bucket_arn}/VpcFlowLogs/${aws_vpc.vpc.id}/"`)
 * does not make the VPC the flow log's destination. The link itself was drawn through `linkOf`.
 */
function partOfLinkValue(graph: ResourceGraph, from: string, to: string, attr: string): boolean {
  const spec = LINKS[graph.nodes.get(from)!.kind]?.find((s) => s.attr === attr);
  return spec !== undefined && !spec.kinds.includes(graph.nodes.get(to)!.kind);
}

function follow(graph: ResourceGraph, from: ResourceNode, spec: LinkSpec, value: RValue, shown: ReadonlySet<string>, verdicts: RuleVerdicts, edges: ViewEdge[], unlinked: Unlinked[], possible: PossibleLinks): void {
  const link = linkOf(graph, value, spec.kinds);
  switch (link.state) {
    case 'node':
      if (shown.has(link.node.uid)) edges.push(judgeLink(graph, from, spec.attr, link.node, verdicts));
      else unlinked.push({ from: from.uid, label: spec.attr, reason: `${link.node.id} (${link.node.kind}, not drawn)` });
      return;
    case 'unknown': {
      const imported = value.t === 'unknown' && value.pattern !== undefined;
      const verdict = `may ${spec.attr === 'target' ? 'target' : 'be'} (unresolved ${imported ? 'import' : 'name'})`;
      if (!possible.add({ from: from.uid, label: spec.attr, verdict, reason: link.why }, link.mayBe, edges.length)) {
        unlinked.push({ from: from.uid, label: spec.attr, reason: `cannot be resolved statically: ${link.why}` });
      }
      return;
    }
    case 'external':
      unlinked.push({ from: from.uid, label: spec.attr, reason: `${link.text} is not a resource of this run` });
      return;
    case 'wrong-kind':
      // A flow log may watch an ENI or a transit gateway, which the view does not draw; a drawn resource
      // of the wrong kind (a log group named as a role) is a mistake worth spelling out.
      unlinked.push({
        from: from.uid,
        label: spec.attr,
        reason: shown.has(link.node.uid) ? `${link.node.id} is a ${link.node.kind}, not a ${spec.kinds.join(' or ')}` : `${link.node.id} (${link.node.kind}, not drawn)`,
      });
      return;
  }
}

function judgeLink(graph: ResourceGraph, from: ResourceNode, attr: string, to: ResourceNode, verdicts: RuleVerdicts): ViewEdge {
  const edge = (tone: Tone, verdict: string | null, reason: string | null): ViewEdge => ({ from: from.uid, to: to.uid, label: attr, tone, verdict, reason });
  if (from.kind === 'flow-log' && attr === 'target') {
    if (to.kind !== 'vpc') return edge('neutral', `${to.kind} only`, `a ${to.kind} flow log does not cover its VPC`);
    const coverage = coverageOf(graph, from, to);
    const said = verdicts.vpcs.get(to.uid)?.flowLogs.get(from.uid) ?? null;
    return edge(coverage.tone, coverage.verdict, said);
  }
  const problem = ruleProblem(from, attr, to, verdicts);
  if (problem) return edge('fail', problem.verdict, problem.reason);
  if (to.existence.state === 'absent') return edge('inactive', 'absent by default', to.existence.why);
  if (from.existence.state === 'absent') return edge('inactive', null, null);
  if (from.kind === 'flow-log') return flowLogEdge(from, attr, edge);
  return edge('neutral', null, null);
}

function flowLogEdge(flowLog: ResourceNode, attr: string, edge: (tone: Tone, verdict: string | null, reason: string | null) => ViewEdge): ViewEdge {
  if (attr === 'deliveryRole' && destinationOf(flowLog) !== 'cloud-watch-logs') {
    return edge('neutral', 'not used', `the flow log delivers to ${destinationOf(flowLog) ?? 'an unknown destination type'}, which needs no delivery role`);
  }
  return edge('ok', null, null);
}

interface Problem {
  verdict: string;
  reason: string;
}

/**
 * What fails this link, from the rules' findings: a trust problem of the role (an error) and a
 * delivery problem of the flow log (a warning), both when both hold, so fixing one does not bring
 * the other as a surprise.
 */
function ruleProblem(from: ResourceNode, attr: string, to: ResourceNode, verdicts: RuleVerdicts): Problem | undefined {
  const problems: Problem[] = [];
  if (to.kind === 'iam-role') {
    const trust = (verdicts.trust.get(to.uid) ?? []).find((j) => j.related.includes(from.uid) && trustApplies(j, from, attr));
    if (trust) problems.push({ verdict: trustVerdict(trust), reason: trust.message });
  }
  if (from.kind === 'flow-log') {
    const key = attr === 'deliveryRole' ? 'role' : attr === 'destination' || attr === 'logGroupName' ? 'destination' : undefined;
    const delivery = (verdicts.delivery.get(from.uid) ?? []).find((j) => j.key === key && j.related.includes(to.uid));
    if (delivery) problems.push({ verdict: deliveryVerdict(delivery), reason: delivery.message });
  }
  if (problems.length === 0) return undefined;
  return { verdict: problems.map((p) => p.verdict).join('; '), reason: problems.map((p) => p.reason).join('; and ') };
}

/** A trust finding names the use (`the delivery role of flow log X`); a flow log's cross-account role is a different use. */
function trustApplies(judgement: Judgement, from: ResourceNode, attr: string): boolean {
  if (from.kind !== 'flow-log') return true;
  const crossAccount = String(judgement.data['use'] ?? '').includes('cross-account');
  return crossAccount === (attr === 'crossAccountRole');
}

function deliveryVerdict(judgement: Judgement): string {
  switch (judgement.messageId) {
    case 'missingActions':
      return `role lacks ${String(judgement.data['actions'] ?? 'delivery actions')}`;
    case 'absentRole':
    case 'absentDestination':
      return 'absent by default';
    default:
      return judgement.messageId;
  }
}

function trustVerdict(judgement: Judgement): string {
  const service = String(judgement.data['service'] ?? 'the service');
  switch (judgement.messageId) {
    case 'missingService':
      return `role does not trust ${service}`;
    case 'extraPrincipal':
      return `role also trusts ${String(judgement.data['principal'] ?? 'another principal')}`;
    default:
      return judgement.messageId;
  }
}

/** A reference the view does not judge; a VPC handed to a stack whose source is not in the run may be logged there. */
function plainEdge(graph: ResourceGraph, from: string, to: string, via: string): ViewEdge {
  const source = graph.nodes.get(from)!;
  const target = graph.nodes.get(to)!;
  if (source.kind === 'stack' && target.kind === 'vpc' && source.existence.state !== 'absent' && !stackResolved(source)) {
    const unparsed = isUnparsed(source);
    const verdict = unparsed ? 'may log it (could not be parsed)' : 'may log it (source not in the run)';
    const reason = unparsed ? `${source.id} could not be parsed and may create the VPC's flow log` : `${source.id} (${source.type}) is not part of this run and may create the VPC's flow log`;
    return { from, to, label: via, tone: 'unknown', verdict, reason };
  }
  const inactive = source.existence.state === 'absent' || target.existence.state === 'absent';
  return { from, to, label: via, tone: inactive ? 'inactive' : 'neutral', verdict: null, reason: null };
}

/**
 * A node standing for files of the run that could not be parsed (graph/terraform/unparsed.ts), or a
 * module call whose source could not be parsed: not a module whose source is elsewhere.
 */
export function isUnparsed(stack: ResourceNode): boolean {
  return stack.attrs['unparsed'] !== undefined || stack.attrs['unparsedSource'] !== undefined;
}

export function stackResolved(stack: ResourceNode): boolean {
  const resolved = stack.attrs['resolved'];
  return resolved?.t === 'scalar' && resolved.value === true;
}

/** `inputs.VpcId` → `inputs`, `roles[0]` → `roles`. */
function rootOf(via: string): string {
  const cut = via.search(/[.[]/);
  return cut < 0 ? via : via.slice(0, cut);
}

const TONE_RANK: Record<Tone, number> = { fail: 0, unknown: 1, inactive: 2, ok: 3, neutral: 4 };

/** One edge per (from, to, label): the most telling judgement wins. */
function dedupe(edges: ViewEdge[]): ViewEdge[] {
  const best = new Map<string, ViewEdge>();
  for (const edge of edges) {
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.label}`;
    const seen = best.get(key);
    if (!seen || TONE_RANK[edge.tone] < TONE_RANK[seen.tone]) best.set(key, edge);
  }
  return [...best.values()];
}
