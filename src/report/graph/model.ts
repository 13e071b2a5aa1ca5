/**
 * The graph view: what `flowguard graph` shows, as plain data. `toGraphView` builds it from the
 * resource graph and the run's findings; the Mermaid, DOT and JSON renderers only print it.
 * Every key is always present (null when empty) so the JSON form needs no guards in scripts.
 */
import type { Level } from '../../core/finding.js';
import type { ResourceKind } from '../../graph/model.js';

/** The kinds worth drawing: everything a flow log, its delivery and its coverage touch. */
export const VIEW_KINDS = [
  'vpc',
  'subnet',
  'flow-log',
  'log-group',
  'iam-role',
  'iam-policy',
  'iam-managed-policy',
  's3-bucket',
  'firehose-stream',
  'stack',
  'lambda-function',
  'ecs-task-definition',
  'instance-profile',
] as const satisfies readonly ResourceKind[];

export type ViewKind = (typeof VIEW_KINDS)[number];

export function isViewKind(kind: ResourceKind): kind is ViewKind {
  return (VIEW_KINDS as readonly ResourceKind[]).includes(kind);
}

/**
 * How a node or an edge is judged; every renderer colours by it.
 * - `ok`: covers, delivers (green)
 * - `fail`: does not cover, cannot deliver, a rule fails it (red)
 * - `unknown`: cannot be known statically; may hold (grey, dashed)
 * - `inactive`: does not exist in the default deployment (grey, dotted)
 * - `neutral`: a plain reference, nothing to judge
 */
export type Tone = 'ok' | 'fail' | 'unknown' | 'inactive' | 'neutral';

export const TONES: readonly Tone[] = ['ok', 'fail', 'unknown', 'inactive', 'neutral'];

/** A finding of the run on this resource, as `flowguard` (lint) reports it. */
export interface ViewFinding {
  ruleId: string;
  level: Level;
  message: string;
  suppressed: boolean;
}

export interface ViewNode {
  /** The graph uid, `<file>#<resource id>`: unique in the run. Renderers map it to their own id syntax. */
  id: string;
  /** CloudFormation logical id or Terraform address. */
  resourceId: string;
  /** The CDK construct path of a synthesised resource (`NetworkStack/Vpc/Resource`), when the template has it. */
  constructPath?: string;
  kind: ViewKind;
  /** Provider type, `AWS::EC2::VPC`, `aws_vpc`. */
  type: string;
  /** Repository-relative file of the declaration; nodes are grouped by it. */
  file: string;
  /**
   * The root module (or plan) that makes a Terraform module's resource, when not `file`: a module
   * called from two roots (`environments/dev`, `environments/prod`) has a node per root.
   */
  root?: string;
  /** 1-based line of the declaration, null when the source could not be read. */
  line: number | null;
  tone: Tone;
  /** Short verdict: `covered`, `not covered`, `unverifiable`, `captures ALL`, `absent by default`, …; null when there is nothing to judge. */
  status: string | null;
  /** Why, in a sentence (the rule's own message where a rule decided), or null. */
  reason: string | null;
  findings: ViewFinding[];
}

export interface ViewEdge {
  /** Node ids (uids) of the view. */
  from: string;
  to: string;
  /** The attribute path the reference came from: `target`, `deliveryRole`, `destination`, `inputs.VpcId`. */
  label: string;
  tone: Tone;
  /**
   * The judgement on the link, when there is one: `covers`, `ACCEPT only`, `absent by default`,
   * `may target (unresolved import)`, `role does not trust vpc-flow-logs.amazonaws.com`, …
   */
  verdict: string | null;
  reason: string | null;
}

/**
 * A set of resources that several links may each lead to, drawn once: 250 flow logs that may each
 * target any of the same 250 VPCs are 250 edges to the group and 250 from it, not 62,500 pairs.
 * Links to it are edges whose `to` is the group's `id`; the view draws one only where it takes fewer
 * edges than the pairs (see `PossibleLinks` in links.ts).
 */
export interface ViewGroup {
  /** `any-of:` and a hash of the members: unlike node ids, no `#`. */
  id: string;
  /** Node ids (uids), sorted. */
  members: string[];
}

/** A file of the run that could not be read or parsed: its resources are missing from the view. */
export interface ViewProblem {
  file: string | null;
  message: string;
}

export interface GraphView {
  /**
   * Bumped when the JSON shape changes incompatibly. 2: an edge's `to` may be a group's id, not a
   * node's (`groups`).
   */
  version: 2;
  /** Every file the run read (templates, plans, sources), sorted; empty when no input was found. */
  inputs: string[];
  /** Files with at least one drawn node, sorted: one group (subgraph, cluster) each. */
  files: string[];
  /** Sorted by file, resource id. */
  nodes: ViewNode[];
  /** Sorted by from, to, label. */
  edges: ViewEdge[];
  /** Sorted by id; present only when the view has one. */
  groups?: ViewGroup[];
  problems: ViewProblem[];
}

/** Code-unit order, independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
