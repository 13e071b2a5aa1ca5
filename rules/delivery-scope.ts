/**
 * flow-log-delivery's check that a role's grants reach the flow log's log group: a role granted the
 * stream actions only on other log groups (a policy copied from a Lambda function's role, or naming
 * the log group of the flow log next to it) cannot write either.
 */
import { coversAction, type Statement } from '../src/graph/iam.js';
import { isAstrayLogGroupArn, isBareLogGroupArn, mayCoverLogGroup, mayFollowGroupName, type ResourcePattern } from '../src/graph/iam-resources.js';
import { linkOf } from '../src/graph/lookup.js';
import type { ResourceGraph, ResourceKind, ResourceNode } from '../src/graph/model.js';
import { named, quote } from './support.js';

/** The delivery actions on the log group itself (DescribeLogGroups lists the account's groups, whatever its Resource names). */
const LOG_GROUP_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'];

/** Those that act on the group's log streams, which a bare log group ARN does not name (iam-resources.ts). */
const STREAM_ACTIONS = new Set(['logs:CreateLogStream', 'logs:PutLogEvents']);

/**
 * The log group a flow log writes to: its name when it is known, and how a message names it (the
 * name, or the resource of the run when only that is known: `aws_cloudwatch_log_group.flow` with a
 * `name_prefix`).
 */
export interface DestinationGroup {
  name: string | undefined;
  label: string;
}

export interface GrantedElsewhere {
  actions: string[];
  /** How the message names the flow log's log group. */
  logGroup: string;
  /** The `Resource` patterns the actions are granted on, for the message (at most three). */
  resources: string;
  /** Each pattern, with those of `actions` its statement grants (statements may split them). */
  patterns: { pattern: ResourcePattern; actions: string[] }[];
}

/**
 * A bound real roles stay far below: IAM keeps a role's inline policies to 10,240 characters and each
 * managed policy to 6,144, a few hundred ARNs. Beyond it the input is hostile, and the flow logs are
 * left unverified rather than compared entry by entry, for each log group.
 */
const MAX_RESOURCE_PATTERNS = 2_000;

/**
 * The log-group actions that every statement granting them grants on other resources than the log
 * group `logGroup`. A statement whose `Resource` cannot be read, or that uses `NotResource`, may
 * cover the group (iam-resources.ts).
 */
export function grantedElsewhere(graph: ResourceGraph, statements: Statement[], group: DestinationGroup): GrantedElsewhere | undefined {
  const allowing = statements.filter((s) => s.effect === 'Allow');
  if (allowing.reduce((n, s) => n + (s.resources?.length ?? 0), 0) > MAX_RESOURCE_PATTERNS) return undefined;
  const actions: string[] = [];
  const granting = new Map<Statement, string[]>();
  for (const action of LOG_GROUP_ACTIONS) {
    const allows = allowing.filter((s) => coversAction(s, action.toLowerCase()) === true);
    const streams = STREAM_ACTIONS.has(action);
    if (allows.some((s) => !s.resources || s.resources.some((pattern) => mayCover(graph, pattern, group.name, streams)))) continue;
    actions.push(action);
    for (const s of allows) granting.set(s, [...(granting.get(s) ?? []), action]);
  }
  if (actions.length === 0) return undefined;
  const patterns = [...granting].flatMap(([s, granted]) => (s.resources ?? []).map((pattern) => ({ pattern, actions: granted })));
  const shown = [...new Set(patterns.map(({ pattern }) => shownPattern(graph, pattern)))];
  const resources = shown.slice(0, 3).join(', ') + (shown.length > 3 ? ` and ${shown.length - 3} more` : '');
  return { actions, logGroup: group.label, resources, patterns };
}

/**
 * Whether a `Resource` entry may cover the log group named `logGroup` (undefined: not known). An ARN
 * of a log group of the run covers exactly that group, whose name, when known, tells. For an action on
 * the group's streams (`streams`), a bare group ARN covers nothing, whatever the group
 * (iam-resources.ts checks the ARNs written out in full).
 */
function mayCover(graph: ResourceGraph, pattern: ResourcePattern, logGroup: string | undefined, streams: boolean): boolean {
  if (otherServiceResource(graph, pattern)) return false;
  const group = groupOf(graph, pattern);
  if (group) {
    if (group.astray || (streams && group.bare)) return false;
    const name = knownName(group.node);
    if (logGroup !== undefined && name !== undefined) return name === logGroup;
  }
  return mayCoverLogGroup(pattern, logGroup, streams);
}

/**
 * The log group of the run a pattern is the ARN of, and whether that ARN is bare:
 * - `!GetAtt AuditLogs.Arn`, `"${aws_cloudwatch_log_group.audit.arn}:*"`: the group's ARN, with any
 *   `:…` after it (other text may widen it: no group). Terraform's `arn` alone is bare: the provider
 *   trims the `:*` that CloudFormation's `Arn` keeps.
 * - `…:log-group:${AuditLogs}`, `"…:log-group:${aws_cloudwatch_log_group.audit.name}"`: the ARN spelled
 *   out around the group's name (CloudFormation's `Ref`, Terraform's `name`), bare.
 * `astray`: Terraform's `arn` followed by a segment that cannot be `log-stream`
 * (`"${aws_cloudwatch_log_group.audit.arn}:/aws/vpc/flowlogs/audit:*"`), which names neither the group
 * nor any of its streams.
 */
function groupOf(graph: ResourceGraph, pattern: ResourcePattern): { node: ResourceNode; bare: boolean; astray: boolean } | undefined {
  const by = pattern.groupNamedBy;
  const spelledAround = by && graph.nodes.get(by.target);
  if (spelledAround?.kind === 'log-group' && (by!.attribute === 'Ref' || by!.attribute === 'name')) return { node: spelledAround, bare: true, astray: false };
  const ref = pattern.ref;
  if (!ref || ref.attribute.toLowerCase() !== 'arn' || (ref.after !== '' && !ref.after.startsWith(':'))) return undefined;
  const node = graph.nodes.get(ref.target);
  if (node?.kind !== 'log-group') return undefined;
  const trimmed = ref.attribute === 'arn' && node.type === 'aws_cloudwatch_log_group';
  return { node, bare: trimmed && ref.after === '', astray: trimmed && !mayFollowGroupName(ref.after) };
}

/**
 * Kinds of resource whose ARN names another service than CloudWatch Logs (`arn:aws:iam::…:role/…`,
 * `arn:aws:s3:::…`, `arn:aws:ec2:…`), whatever text follows it. Stacks, module calls and other kinds
 * are left out: what they stand for is not known.
 */
const NOT_LOGS_KINDS: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  'vpc', 'subnet', 'network-interface', 'transit-gateway', 'transit-gateway-attachment', 'flow-log',
  'iam-role', 'iam-policy', 'iam-managed-policy', 's3-bucket', 'firehose-stream', 'lambda-function', 'ecs-task-definition',
  'instance-profile',
]);

/**
 * The resource of the run whose ARN a pattern starts with, when that ARN is of another service: a
 * grant on it covers no log group. A delivery policy whose `resources` names the role's own ARN
 * (`[aws_iam_role.flow_logs.arn]`) grants the logs actions on the role, so the flow log cannot write.
 */
function otherServiceResource(graph: ResourceGraph, pattern: ResourcePattern): ResourceNode | undefined {
  const ref = pattern.ref;
  if (!ref || ref.attribute.toLowerCase() !== 'arn') return undefined;
  const node = graph.nodes.get(ref.target);
  return node && NOT_LOGS_KINDS.has(node.kind) ? node : undefined;
}

/** A pattern for the message: a log group of the run by its name and id, anything else as written. */
function shownPattern(graph: ResourceGraph, pattern: ResourcePattern): string {
  const other = otherServiceResource(graph, pattern);
  if (other) return `the ARN of ${named(other)}${pattern.ref!.after}, which is no log group`;
  const group = groupOf(graph, pattern);
  const name = group && knownName(group.node);
  const label = group && (name !== undefined ? `log group ${quote(name)} (${named(group.node)})` : named(group.node));
  if (group?.bare && pattern.ref) return `the ARN of ${label} without :*, which names none of its log streams (append :*)`;
  if (group?.astray) return `the ARN of ${label} followed by ${pattern.ref!.after}, which names neither the group nor its log streams (write :* right after the ARN)`;
  if (isAstrayLogGroupArn(pattern)) return `${pattern.shown}, which names neither the group nor its log streams (write :* right after the group's name)`;
  if (group?.bare || isBareLogGroupArn(pattern)) return `${pattern.shown}, which names none of the group's log streams (append :*)`;
  return name !== undefined ? label! : pattern.shown;
}

function knownName(node: ResourceNode): string | undefined {
  const [name] = node.names;
  return name?.t === 'scalar' && typeof name.value === 'string' && name.value !== '' ? name.value : undefined;
}

/**
 * The log group a flow log delivers to: its name when it is written out (or the group of the run it
 * names has one), or at least that group of the run; undefined when neither is known.
 */
export function destinationGroup(graph: ResourceGraph, flowLog: ResourceNode): DestinationGroup | undefined {
  const byName = flowLog.attrs['logGroupName'];
  if (byName?.t === 'scalar' && typeof byName.value === 'string') return byName.value ? known(byName.value) : undefined;
  const destination = byName ?? flowLog.attrs['destination'];
  if (!destination) return undefined;
  const link = linkOf(graph, destination, ['log-group']);
  if (link.state === 'node') {
    const name = knownName(link.node);
    return name !== undefined ? known(name) : { name: undefined, label: named(link.node) };
  }
  if (destination.t !== 'scalar' || typeof destination.value !== 'string') return undefined;
  // An ARN of a group outside the run: arn:aws:logs:region:account:log-group:NAME[:*]
  const match = /:log-group:([^:*?]+)(?::\*)?$/.exec(destination.value);
  return match?.[1] !== undefined ? known(match[1]) : undefined;
}

function known(name: string): DestinationGroup {
  return { name, label: quote(name) };
}
