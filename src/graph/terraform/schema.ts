/**
 * How Terraform AWS resources map onto the graph vocabulary (`ATTRIBUTES` in ../vocabulary.ts). Shared by
 * the plan/state adapter and the `.tf` source evaluator so both produce identical nodes.
 */
import { type ResourceKind, type RValue } from '../model.js';
import { ATTRIBUTES } from '../vocabulary.js';
import { nameTable } from '../../core/name-table.js';

export interface TerraformResourceSchema {
  kind: ResourceKind;
  /** Terraform argument → graph attribute. Nested blocks are named `block.argument` (e.g. `inline_policy.policy`). */
  attributes: Record<string, string>;
  /** Arguments that hold a JSON policy document as a string (parsed into an object tree). */
  jsonDocuments?: string[];
  /** Arguments that give the resource's physical name (for name/ARN matching). */
  names?: string[];
  /** How to build the ARN from the name (`{name}` is replaced); unknown parts are `*`. */
  arn?: string;
  /**
   * For a flow log that names its target as CloudFormation does, by id and type (`awscc_ec2_flow_log`'s
   * `resource_id` and `resource_type`). Without it, `FLOW_LOG_TARGETS` decide (`aws_flow_log`).
   */
  typedTarget?: {
    id: string;
    type: string;
    /** Every argument the type takes (its provider's schema): the target written under another name is told by it. */
    arguments: readonly string[];
  };
  /**
   * Arguments kept when written as `""` or null (`iam_role_arn = var.role_arn` whose default is `""`),
   * which are otherwise left out as unset: the rules then say it is empty where it is written, and
   * where the value comes from, rather than "set iam_role_arn" on a block that sets it.
   */
  keepsEmpty?: string[];
}

/** `aws_flow_log` targets: whichever of these is set decides `targetType`. */
export const FLOW_LOG_TARGETS: Record<string, string> = {
  vpc_id: 'VPC',
  subnet_id: 'Subnet',
  eni_id: 'NetworkInterface',
  transit_gateway_id: 'TransitGateway',
  transit_gateway_attachment_id: 'TransitGatewayAttachment',
  // A regional NAT gateway's own flow log (AWS provider 6.x; CloudFormation's ResourceType RegionalNatGateway).
  regional_nat_gateway_id: 'RegionalNatGateway',
};

/** ARNs built from a resource's name, shared by the `aws` and `awscc` resources of a kind. */
const LOG_GROUP_ARN = 'arn:*:logs:*:*:log-group:{name}';
const ROLE_ARN = 'arn:*:iam::*:role/{name}';
const POLICY_ARN = 'arn:*:iam::*:policy/{name}';
const BUCKET_ARN = 'arn:*:s3:::{name}';
const FIREHOSE_ARN = 'arn:*:firehose:*:*:deliverystream/{name}';

export const TERRAFORM_SCHEMAS: Readonly<Record<string, TerraformResourceSchema>> = nameTable<TerraformResourceSchema>({
  // A VPC's id is the name other configurations know it by: a plan holds it once the VPC exists, and a
  // flow log planned in another root (its `vpc_id` read from this root's state) names it so.
  aws_vpc: { kind: 'vpc', attributes: {}, names: ['id'] },
  aws_default_vpc: { kind: 'vpc', attributes: {}, names: ['id'] },
  aws_subnet: { kind: 'subnet', attributes: { vpc_id: 'vpc' } },
  aws_default_subnet: { kind: 'subnet', attributes: {} },
  aws_network_interface: { kind: 'network-interface', attributes: {} },
  aws_ec2_transit_gateway: { kind: 'transit-gateway', attributes: {} },
  aws_ec2_transit_gateway_vpc_attachment: { kind: 'transit-gateway-attachment', attributes: { vpc_id: 'vpc' } },
  aws_flow_log: {
    kind: 'flow-log',
    // `target`/`targetType` come from FLOW_LOG_TARGETS.
    attributes: {
      traffic_type: 'trafficType',
      log_destination_type: 'destinationType',
      log_destination: 'destination',
      log_group_name: 'logGroupName',
      iam_role_arn: 'deliveryRole',
      deliver_cross_account_role: 'crossAccountRole',
      max_aggregation_interval: 'maxAggregationInterval',
    },
    // Kept empty to say where the "" or null that leaves them unset is written (flow-log-delivery).
    keepsEmpty: ['iam_role_arn', 'log_destination', 'log_group_name'],
  },
  aws_cloudwatch_log_group: {
    kind: 'log-group',
    attributes: { retention_in_days: 'retentionDays', log_group_class: 'logGroupClass' },
    names: ['name'],
    arn: LOG_GROUP_ARN,
  },
  aws_iam_role: {
    kind: 'iam-role',
    attributes: { assume_role_policy: 'trustPolicy', 'inline_policy.policy': 'inlinePolicies', managed_policy_arns: 'managedPolicies' },
    jsonDocuments: ['assume_role_policy', 'inline_policy.policy'],
    names: ['name'],
    arn: ROLE_ARN,
  },
  /** Inline policy attached to one role (`role` is the role's name or id). */
  aws_iam_role_policy: { kind: 'iam-policy', attributes: { policy: 'document', role: 'roles' }, jsonDocuments: ['policy'] },
  aws_iam_policy: {
    kind: 'iam-managed-policy',
    attributes: { policy: 'document' },
    jsonDocuments: ['policy'],
    names: ['name'],
    arn: POLICY_ARN,
  },
  /**
   * Attachments become `iam-policy` nodes whose `roles` is the role and whose `document` is the attached
   * policy's document when that policy is in the run (else unknown: an AWS-managed policy may grant
   * anything). That way the rules see every grant of a role without knowing about attachments.
   */
  aws_iam_role_policy_attachment: { kind: 'iam-policy', attributes: { role: 'roles', policy_arn: 'attachedPolicy' } },
  aws_iam_policy_attachment: { kind: 'iam-policy', attributes: { roles: 'roles', policy_arn: 'attachedPolicy' } },
  /** Every managed policy of a role at once (provider 5.72+): `attachedPolicy` is then the list of `policy_arns`. */
  aws_iam_role_policy_attachments_exclusive: { kind: 'iam-policy', attributes: { role_name: 'roles', policy_arns: 'attachedPolicy' } },
  aws_s3_bucket: { kind: 's3-bucket', attributes: {}, names: ['bucket'], arn: BUCKET_ARN },
  aws_kinesis_firehose_delivery_stream: { kind: 'firehose-stream', attributes: {}, names: ['name'], arn: FIREHOSE_ARN },
  aws_lambda_function: { kind: 'lambda-function', attributes: { role: 'role' } },
  aws_ecs_task_definition: { kind: 'ecs-task-definition', attributes: { task_role_arn: 'taskRole', execution_role_arn: 'executionRole' } },
  aws_iam_instance_profile: { kind: 'instance-profile', attributes: { role: 'roles' } },

  // The AWS Cloud Control provider (`hashicorp/awscc`): CloudFormation's resource schemas with
  // snake_case names. Policies are JSON strings (`jsonencode(…)`); a role's inline `policies` is a
  // list attribute of objects, read like a nested block. Besides `id`, resources have their own id
  // attribute (`awscc_ec2_vpc.x.vpc_id`): listed as a name, so a reference to it names the resource.
  awscc_ec2_vpc: { kind: 'vpc', attributes: {}, names: ['vpc_id'] },
  awscc_ec2_subnet: { kind: 'subnet', attributes: { vpc_id: 'vpc' }, names: ['subnet_id'] },
  awscc_ec2_network_interface: { kind: 'network-interface', attributes: {} },
  awscc_ec2_transit_gateway: { kind: 'transit-gateway', attributes: {}, names: ['transit_gateway_id'] },
  awscc_ec2_transit_gateway_vpc_attachment: { kind: 'transit-gateway-attachment', attributes: { vpc_id: 'vpc' } },
  awscc_ec2_flow_log: {
    kind: 'flow-log',
    attributes: {
      traffic_type: 'trafficType',
      log_destination_type: 'destinationType',
      log_destination: 'destination',
      log_group_name: 'logGroupName',
      deliver_logs_permission_arn: 'deliveryRole',
      deliver_cross_account_role: 'crossAccountRole',
      max_aggregation_interval: 'maxAggregationInterval',
    },
    typedTarget: {
      id: 'resource_id',
      type: 'resource_type',
      arguments: ['resource_id', 'resource_type', 'traffic_type', 'deliver_logs_permission_arn', 'deliver_cross_account_role', 'destination_options', 'log_destination', 'log_destination_type', 'log_format', 'log_group_name', 'max_aggregation_interval', 'tags'],
    },
  },
  awscc_logs_log_group: {
    kind: 'log-group',
    attributes: { retention_in_days: 'retentionDays', log_group_class: 'logGroupClass' },
    names: ['log_group_name'],
    arn: LOG_GROUP_ARN,
  },
  awscc_iam_role: {
    kind: 'iam-role',
    attributes: { assume_role_policy_document: 'trustPolicy', 'policies.policy_document': 'inlinePolicies', managed_policy_arns: 'managedPolicies' },
    jsonDocuments: ['assume_role_policy_document', 'policies.policy_document'],
    names: ['role_name'],
    arn: ROLE_ARN,
  },
  awscc_iam_role_policy: { kind: 'iam-policy', attributes: { policy_document: 'document', role_name: 'roles' }, jsonDocuments: ['policy_document'] },
  awscc_iam_managed_policy: {
    kind: 'iam-managed-policy',
    attributes: { policy_document: 'document', roles: 'roles' },
    jsonDocuments: ['policy_document'],
    names: ['managed_policy_name'],
    arn: POLICY_ARN,
  },
  awscc_s3_bucket: { kind: 's3-bucket', attributes: {}, names: ['bucket_name'], arn: BUCKET_ARN },
  awscc_kinesisfirehose_delivery_stream: { kind: 'firehose-stream', attributes: {}, names: ['delivery_stream_name'], arn: FIREHOSE_ARN },
  awscc_lambda_function: { kind: 'lambda-function', attributes: { role: 'role' } },
  awscc_ecs_task_definition: { kind: 'ecs-task-definition', attributes: { task_role_arn: 'taskRole', execution_role_arn: 'executionRole' } },
  awscc_iam_instance_profile: { kind: 'instance-profile', attributes: { roles: 'roles' } },
});

/**
 * Terraform meanings that differ from the shared vocabulary's, applied by both Terraform adapters:
 * `aws_cloudwatch_log_group`'s `retention_in_days = 0` means never expire (the provider sets no
 * retention policy), which the rules read as an explicit null — "unset" — exactly as they read a
 * CloudFormation log group without one. Not the Cloud Control provider's (`awscc_logs_log_group`):
 * it takes CloudFormation's values, where 0 is refused.
 */
export function terraformValue(type: string, attr: string, value: RValue): RValue {
  // Terraform converts a string to the argument's type: "0" (from a map(string), a quoted tfvars value) is 0 too.
  if (type === 'aws_cloudwatch_log_group' && attr === ATTRIBUTES['log-group'].retentionDays && value.t === 'scalar' && isZero(value.value)) {
    return { t: 'scalar', value: null, span: value.span, ...(value.origin ? { origin: value.origin } : {}) };
  }
  return value;
}

/** 0, or a string Terraform converts to the number 0 (`"0"`, `"0.0"`, `"-0"`). */
function isZero(value: unknown): boolean {
  if (value === 0) return true;
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) && Number(value) === 0;
}

/**
 * Data sources whose attributes never name a resource a configuration manages: who is calling, where,
 * which AMI or IP ranges. Their values (an account id inside a role ARN) stay plain unknowns, so the
 * literal rest of a name still picks the one resource it names.
 */
export const NAMES_NO_RESOURCE: ReadonlySet<string> = new Set([
  'aws_caller_identity',
  'aws_region',
  'aws_regions',
  'aws_partition',
  'aws_availability_zone',
  'aws_availability_zones',
  'aws_default_tags',
  'aws_ami',
  'aws_ami_ids',
  'aws_ip_ranges',
  'aws_service_principal',
  'aws_canonical_user_id',
  'aws_billing_service_account',
  'aws_elb_service_account',
]);
