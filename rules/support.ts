/** Small readers shared by the rules: they interpret graph values, never source syntax. */
import type { RelatedSpan } from '../src/core/finding.js';
import type { ResourceNode, RValue } from '../src/graph/model.js';

/** The string of a known scalar; `undefined` when absent or unknown. */
export function knownString(value: RValue | undefined): string | undefined {
  if (value?.t !== 'scalar' || value.value === null) return undefined;
  return String(value.value);
}

/**
 * Whether a flow log's TrafficType is one AWS accepts. The enum is case-sensitive (CloudFormation's
 * resource schema, the Terraform provider's validation): "all" or "REJECTED" fails the deployment,
 * so such a flow log is never created and covers nothing.
 */
export function isTrafficType(traffic: string): boolean {
  return traffic === 'ACCEPT' || traffic === 'REJECT' || traffic === 'ALL';
}

/**
 * Whether a flow log's LogDestinationType is one AWS has: cloud-watch-logs, s3 or
 * kinesis-data-firehose. Another value ("cloudwatch", "log") fails the provider's validation or
 * CloudFormation's schema, so such a flow log is never created. Compared without case, as
 * `destinationOf` reads it: whether "S3" passes is not settled here, so it is not reported.
 */
export function isDestinationType(destination: string): boolean {
  const lower = destination.toLowerCase();
  return lower === 'cloud-watch-logs' || lower === 's3' || lower === 'kinesis-data-firehose';
}

/**
 * The aggregation interval the provider asks EC2 for when a flow log leaves it out. The Terraform AWS
 * provider sends its schema default, 600 (`max_aggregation_interval`, `Default: 600`); CloudFormation
 * and the Cloud Control provider send none, and EC2 then takes 60 for a transit gateway.
 */
export function defaultAggregationInterval(flowLog: ResourceNode): number | undefined {
  return flowLog.type === 'aws_flow_log' ? 600 : undefined;
}

/**
 * Whether the provider sends a transit gateway flow log's traffic type to EC2, which refuses it. The
 * Terraform AWS provider leaves `traffic_type` out of `CreateFlowLogs` for `TransitGateway` and
 * `TransitGatewayAttachment` targets; CloudFormation and the Cloud Control provider send what is written.
 */
export function sendsTransitGatewayTrafficType(flowLog: ResourceNode): boolean {
  return flowLog.type !== 'aws_flow_log';
}

/** The number of a known scalar, or of a string Terraform and CloudFormation read as one (`"60"`). */
export function knownNumber(value: RValue | undefined): number | undefined {
  if (value?.t !== 'scalar' || value.value === null || value.value === '' || typeof value.value === 'boolean') return undefined;
  const n = Number(value.value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Whether a value is `""` or null. Both leave an optional ARN unset: the Terraform AWS provider reads
 * `""` as not given, and an optional parameter whose default is `""` (`DeliverCrossAccountRole: !Ref
 * CrossAccountRoleArn`) says "none" the same way.
 */
export function isEmptyValue(value: RValue | undefined): boolean {
  return value?.t === 'scalar' && (value.value === '' || value.value === null);
}

/** A value is unknown when present but not statically knowable (parameters without default, …). */
export function isUnknown(value: RValue | undefined): boolean {
  return value !== undefined && (value.t === 'unknown' || value.t === 'template' || value.t === 'ref');
}

/** Resources absent from the default deployment are not checked and do not count. */
export function isDeployed(node: ResourceNode): boolean {
  return node.existence.state !== 'absent';
}

/** `"`id`"` for messages: ids are quoted in backticks, as ESLint and Ruff messages do. */
export function quote(id: string): string {
  return `\`${id}\``;
}

/**
 * The subject of a message: its quoted id, and for a CDK-synthesised resource the construct path the
 * user wrote (`VpcFlowLog8FF33A73` alone does not say which `new ec2.FlowLog(…)` it is).
 */
export function named(node: ResourceNode): string {
  return node.constructPath === undefined ? quote(node.id) : `${quote(node.id)} (CDK ${quote(node.constructPath)})`;
}

/** Why a flow log or resource exists only conditionally, for related-location messages. */
export function existenceNote(node: ResourceNode): string | undefined {
  // Refused by CloudFormation or Terraform: no deployment has it, which "by default" would not say.
  if (node.existence.state === 'absent') return `${node.existence.refused ? 'is never created' : 'does not exist by default'}: ${node.existence.why}`;
  if (node.existence.state === 'unknown') return `may not exist: ${node.existence.why}`;
  return undefined;
}

/**
 * A setting as the node's own format spells it: `RetentionInDays` in a CloudFormation template,
 * `retention_in_days` in Terraform (source or plan), so a fix reads as the user will write it. The
 * Cloud Control provider (`awscc_…`) names some settings its own way (`deliver_logs_permission_arn`
 * where `aws_flow_log` has `iam_role_arn`): `cloudControl` when it differs from `terraform`.
 */
export function spelled(node: ResourceNode, cloudFormation: string, terraform: string, cloudControl = terraform): string {
  if (node.type.includes('::')) return cloudFormation;
  return node.type.startsWith('awscc_') ? cloudControl : terraform;
}

/** `aws_flow_log`'s target arguments by the target type they give (`FLOW_LOG_TARGETS` of the Terraform schema, turned around). */
export const FLOW_LOG_TARGET_ARGUMENTS: Readonly<Record<string, string>> = {
  Subnet: 'subnet_id',
  NetworkInterface: 'eni_id',
  TransitGateway: 'transit_gateway_id',
  TransitGatewayAttachment: 'transit_gateway_attachment_id',
  RegionalNatGateway: 'regional_nat_gateway_id',
};

/**
 * How a flow log that targets something other than a VPC says so, as its format spells it:
 * `as ResourceType Subnet, not VPC` in CloudFormation (and Cloud Control's `resource_type`);
 * `aws_flow_log` has one argument per target type instead: `through subnet_id, not vpc_id`.
 */
export function spelledWrongTarget(flowLog: ResourceNode, type: string): string {
  const argument = flowLog.type === 'aws_flow_log' ? FLOW_LOG_TARGET_ARGUMENTS[type] : undefined;
  return argument ? `through ${argument}, not vpc_id` : `as ${spelled(flowLog, 'ResourceType', 'ResourceType', 'resource_type')} ${type}, not VPC`;
}

/** The resource a finding is about: its id, and the file that id is relative to when not its own. */
export function subject(node: ResourceNode): { resourceId: string; resourceUid: string; logicalFile?: string } {
  const about = { resourceId: node.id, resourceUid: node.uid };
  return node.logicalFile === undefined ? about : { ...about, logicalFile: node.logicalFile };
}

/**
 * Another resource a finding involves, as a related location. Its uid lets the engine add what else
 * decides it (the `module` calls that create a Terraform module's resource).
 */
export function relatedResource(node: ResourceNode, message: string): RelatedSpan {
  return { span: node.span, resourceId: node.id, resourceUid: node.uid, message };
}

/**
 * A finding's `data`: `data` with more placeholders. Not `{ ...data, more }`: in Node 20's V8 an
 * object literal that spreads one object and then adds properties gets a hidden class of its own,
 * about 250 bytes more per finding (27 MB for the 100,000 findings of one large template), while
 * `Object.assign` onto an empty object reuses one class for all of them.
 */
export function withData<T extends object, U extends object>(data: T, more: U): T & U {
  return Object.assign({}, data, more);
}
