import type { ResourceKind } from '../model.js';
import { isModuleType } from './modules.js';

/** Provider types that rules care about; every other type becomes `other` (still a node, so refs resolve). */
const KINDS: ReadonlyMap<string, ResourceKind> = new Map<string, ResourceKind>([
  ['AWS::EC2::VPC', 'vpc'],
  ['AWS::EC2::Subnet', 'subnet'],
  ['AWS::EC2::NetworkInterface', 'network-interface'],
  ['AWS::EC2::TransitGateway', 'transit-gateway'],
  ['AWS::EC2::TransitGatewayAttachment', 'transit-gateway-attachment'],
  ['AWS::EC2::TransitGatewayVpcAttachment', 'transit-gateway-attachment'],
  ['AWS::EC2::FlowLog', 'flow-log'],
  ['AWS::Logs::LogGroup', 'log-group'],
  // CDK's `logRetention` (lambda.Function and others): a custom resource that creates the log group
  // `LogGroupName` if needed and sets its retention to `RetentionInDays` (none: never expire).
  ['Custom::LogRetention', 'log-group'],
  ['AWS::IAM::Role', 'iam-role'],
  ['AWS::IAM::Policy', 'iam-policy'],
  // An inline policy of one role, as its own resource (RoleName names the role).
  ['AWS::IAM::RolePolicy', 'iam-policy'],
  ['AWS::IAM::ManagedPolicy', 'iam-managed-policy'],
  ['AWS::S3::Bucket', 's3-bucket'],
  ['AWS::KinesisFirehose::DeliveryStream', 'firehose-stream'],
  ['AWS::Lambda::Function', 'lambda-function'],
  ['AWS::Serverless::Function', 'lambda-function'],
  ['AWS::ECS::TaskDefinition', 'ecs-task-definition'],
  ['AWS::IAM::InstanceProfile', 'instance-profile'],
  ['AWS::CloudFormation::Stack', 'stack'],
  ['AWS::Serverless::Application', 'stack'],
]);

export function kindOf(type: string, properties?: unknown): ResourceKind {
  const kind = KINDS.get(type);
  if (kind) return kind;
  // A custom resource's function runs at deploy time, outside the run: like a nested stack whose
  // template the run lacks, it may create a VPC's flow log (as custom resources did before
  // AWS::EC2::FlowLog existed). Most custom resources handed a VPC only read it (look up its
  // subnets, associate a hosted zone), so only one that says it is about flow logs is read so.
  if (isCustomResource(type) && !READ_EXACTLY.has(type) && mayMakeFlowLogs(type, properties)) return 'stack';
  // So may a CloudFormation module (modules.ts): its resources are in the account's registry.
  if (isModuleType(type) && mayMakeFlowLogs(type, properties)) return 'stack';
  return 'other';
}

/** `Custom::CreateVpcFlowLogs`, or a custom resource handed a `TrafficType` or a `DeliverLogsPermissionArn`. */
const FLOW_LOG_WORDS = /flow.?logs?|traffictype|deliverlogs/i;

function mayMakeFlowLogs(type: string, properties: unknown): boolean {
  if (FLOW_LOG_WORDS.test(type)) return true;
  return typeof properties === 'object' && properties !== null && !Array.isArray(properties) && Object.keys(properties).some((key) => FLOW_LOG_WORDS.test(key));
}

const READ_EXACTLY: ReadonlySet<string> = new Set(['Custom::CrossRegionExportReader', 'Custom::CrossRegionExportWriter']);

/** A resource backed by a function of the account (`Custom::…`, `AWS::CloudFormation::CustomResource`): its attributes are whatever that function returns. */
export function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}
