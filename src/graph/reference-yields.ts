/**
 * What a reference to a resource gives: its name or its ARN. `Ref` of an `AWS::IAM::Role` is the
 * role's name, not its ARN (`Fn::GetAtt Role.Arn`); Terraform's `aws_iam_role.x.id` is its name too.
 * A property that wants an ARN (a flow log's `DeliverLogsPermissionArn`, `LogDestination`) given a
 * name is refused or fails at deploy time, whatever the graph links it to. Rules ask here, so that
 * they never read a provider's attribute names themselves.
 */
import { nameTable } from '../core/name-table.js';
import type { ResourceNode } from './model.js';

/** By provider type: the reference attributes (as `RRef.attribute` holds them) that give the name, and the one that gives the ARN. */
interface Attributes {
  /** The attributes that give the resource's name, each with why, for messages. */
  name: Record<string, string>;
  arn: string;
}

const cloudFormation = (type: string): Attributes => ({ name: { Ref: `Ref of an ${type} gives its name` }, arn: 'Arn' });

/** The attributes that give `id` or another name (the provider's documentation, attribute reference). */
const terraform = (type: string, names: string[], idIsName: boolean): Attributes => ({
  name: Object.fromEntries([
    ...(idIsName ? [['id', `.id of an ${type} is its name`]] : []),
    // The attribute says it: no why needed.
    ...names.map((attribute) => [attribute, '']),
  ]),
  arn: 'arn',
});

const BY_TYPE: Readonly<Record<string, Attributes>> = nameTable<Attributes>({
  'AWS::IAM::Role': cloudFormation('AWS::IAM::Role'),
  'AWS::S3::Bucket': cloudFormation('AWS::S3::Bucket'),
  'AWS::Logs::LogGroup': cloudFormation('AWS::Logs::LogGroup'),
  'AWS::KinesisFirehose::DeliveryStream': cloudFormation('AWS::KinesisFirehose::DeliveryStream'),
  aws_iam_role: terraform('aws_iam_role', ['name'], true),
  aws_s3_bucket: terraform('aws_s3_bucket', ['bucket'], true),
  aws_cloudwatch_log_group: terraform('aws_cloudwatch_log_group', ['name'], true),
  // A delivery stream's id is its ARN in the aws provider: only `name` gives the name.
  aws_kinesis_firehose_delivery_stream: terraform('aws_kinesis_firehose_delivery_stream', ['name'], false),
  // Cloud Control's `id` is the resource's primary identifier; only the name arguments are taken here.
  awscc_iam_role: terraform('awscc_iam_role', ['role_name'], false),
  awscc_s3_bucket: terraform('awscc_s3_bucket', ['bucket_name'], false),
  awscc_logs_log_group: terraform('awscc_logs_log_group', ['log_group_name'], false),
  awscc_kinesisfirehose_delivery_stream: terraform('awscc_kinesisfirehose_delivery_stream', ['delivery_stream_name'], false),
});

/**
 * Why a reference to `node` with `attribute` gives the resource's name (for a message; empty when the
 * attribute's own name says it), or undefined when it gives something else or the type is not known
 * here (no finding can come of it).
 */
export function givesName(node: ResourceNode, attribute: string): string | undefined {
  const table = BY_TYPE[node.type];
  return table && Object.hasOwn(table.name, attribute) ? table.name[attribute] : undefined;
}

/**
 * How the resource's ARN is written, in its own format: `!GetAtt Role.Arn` (the long form in a JSON
 * template), `aws_iam_role.flow.arn` (the address inside its module). Undefined when the type is not
 * known here.
 */
export function arnReference(node: ResourceNode): string | undefined {
  const table = BY_TYPE[node.type];
  if (!table) return undefined;
  if (node.type.includes('::')) {
    return node.file.toLowerCase().endsWith('.json') ? `{"Fn::GetAtt": ["${node.id}", "${table.arn}"]}` : `!GetAtt ${node.id}.${table.arn}`;
  }
  return `${localAddress(node.id)}.${table.arn}`;
}

/** `module.net.aws_iam_role.flow[0]` → `aws_iam_role.flow[0]`: the address as the module itself writes it. */
function localAddress(address: string): string {
  return address.replace(/^(?:module\.[^.[]+(?:\[[^\]]*\])?\.)+/, '');
}
