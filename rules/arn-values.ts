/**
 * flow-log-delivery's check that the properties EC2 reads as ARNs hold ARNs: `DeliverLogsPermissionArn`
 * / `iam_role_arn`, `DeliverCrossAccountRole` and `LogDestination` (EC2 `CreateFlowLogs`: "the ARN of
 * the IAM role", "specify the ARN of a CloudWatch Logs log group / an S3 bucket / a delivery
 * stream"). The usual slip is a reference that gives the resource's name — `!Ref FlowLogRole`,
 * `aws_s3_bucket.logs.id` — and a string that only looks like a reference (`"Role.Arn"`). The flow
 * log then cannot deliver; whether EC2 refuses to create it is not documented, so the VPC's coverage
 * is left as it is.
 */
import type { RuleFinding } from '../src/core/finding.js';
import { linkOf } from '../src/graph/lookup.js';
import type { ResourceGraph, ResourceKind, ResourceNode, RValue } from '../src/graph/model.js';
import { arnReference, givesName } from '../src/graph/reference-yields.js';
import { named, quote, relatedResource, subject } from './support.js';

/** A property that wants an ARN: the flow log attribute, how the message names it, and what it names. */
export interface ArnProperty {
  attr: string;
  property: string;
  kinds: readonly ResourceKind[];
  /** What the ARN is of, for messages: "its delivery role". */
  what: string;
  /** How to write the ARN when no resource of the run is named: "arn:aws:iam::ACCOUNT:role/NAME". */
  form: string;
  /** Another way to name it, offered beside the ARN: "or give its name as LogGroupName". */
  alternative?: string;
}

const KIND_WORDS: Partial<Record<ResourceKind, string>> = {
  'iam-role': 'role',
  's3-bucket': 'bucket',
  'log-group': 'log group',
  'firehose-stream': 'delivery stream',
};

/**
 * A finding when `value` (a given, non-empty value of `spec.attr`) is a name where EC2 needs an ARN:
 * a reference that gives the name of a resource of the run, or a known string that is no ARN.
 * Unknown values, ARNs assembled from parts, and references of other attributes say nothing.
 */
export function nameWhereArnIsNeeded(graph: ResourceGraph, flowLog: ResourceNode, value: RValue, spec: ArnProperty): RuleFinding | undefined {
  const found = value.t === 'ref' ? namingReference(graph, value, spec) : value.t === 'scalar' && typeof value.value === 'string' ? literalName(graph, flowLog, value, value.value, spec) : undefined;
  if (!found) return undefined;
  const related = [...(found.node ? [relatedResource(found.node, `${KIND_WORDS[found.node.kind] ?? 'resource'} ${quote(found.node.id)}`)] : []), ...(value.origin ?? []).map((span) => ({ span, message: 'the value is set here' }))];
  const fix = spec.alternative ? `${found.fix}, ${spec.alternative}` : found.fix;
  const data = { flowLog: named(flowLog), property: spec.property, holds: found.holds, what: spec.what, fix };
  return { ...subject(flowLog), span: value.span, messageId: 'nameForArn', key: `${spec.attr}-arn`, data, related };
}

/** `!Ref FlowLogRole`, `aws_iam_role.flow.id`: a reference to a resource of the run that gives its name. */
function namingReference(graph: ResourceGraph, value: Extract<RValue, { t: 'ref' }>, spec: ArnProperty): Found | undefined {
  // A plan that names only the resource does not say which attribute it reads.
  if (value.anyAttribute) return undefined;
  const node = graph.nodes.get(value.target);
  if (!node || !spec.kinds.includes(node.kind)) return undefined;
  const why = givesName(node, value.attribute);
  const arn = arnReference(node);
  if (why === undefined || arn === undefined) return undefined;
  const because = why === '' ? '' : ` (${why})`;
  return { node, holds: `the name of ${KIND_WORDS[node.kind] ?? 'resource'} ${named(node)}${because}`, fix: `write ${arn}` };
}

/**
 * A known string that is no ARN: the name of a resource of the run (a plan's known `iam_role_arn`
 * of `aws_iam_role.flow.name`), a reference written as a string (`"Role.Arn"`), or any other text.
 */
function literalName(graph: ResourceGraph, flowLog: ResourceNode, value: RValue, text: string, spec: ArnProperty): Found | undefined {
  if (text === '' || text.startsWith('arn:')) return undefined;
  const link = linkOf(graph, value, spec.kinds);
  const arn = link.state === 'node' ? arnReference(link.node) : undefined;
  if (link.state === 'node' && arn !== undefined) {
    return { node: link.node, holds: `"${text}", the name of ${KIND_WORDS[link.node.kind] ?? 'resource'} ${named(link.node)}`, fix: `write ${arn}` };
  }
  const meant = referenceWrittenAsText(graph, flowLog, text, spec.kinds);
  const meantArn = meant && arnReference(meant);
  if (meant && meantArn !== undefined) return { node: meant, holds: `the text "${text}", not a reference`, fix: `write ${meantArn}` };
  return { holds: `"${text}"`, fix: `give its ARN (${spec.form})` };
}

/** `"Role.Arn"`, `"aws_iam_role.flow.arn"`: the resource of the flow log's file the text spells a reference to. */
function referenceWrittenAsText(graph: ResourceGraph, flowLog: ResourceNode, text: string, kinds: readonly ResourceKind[]): ResourceNode | undefined {
  const dot = text.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const head = text.slice(0, dot);
  for (const kind of kinds) {
    const node = graph.ofKind(kind).find((n) => n.file === flowLog.file && (n.id === head || n.id.endsWith(`.${head}`)));
    if (node) return node;
  }
  return undefined;
}

interface Found {
  node?: ResourceNode;
  holds: string;
  fix: string;
}
