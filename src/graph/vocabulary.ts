/**
 * The attribute names adapters fill, per kind. Values are `RValue`s; comments give the meaning.
 * Keep CloudFormation and Terraform spellings out of this list: it is the shared vocabulary.
 */
export const ATTRIBUTES = {
  'flow-log': {
    /** 'VPC' | 'Subnet' | 'NetworkInterface' | 'TransitGateway' | 'TransitGatewayAttachment'. */
    targetType: 'targetType',
    /** The resource the flow log watches (a ref to the VPC, …). */
    target: 'target',
    /** 'ACCEPT' | 'REJECT' | 'ALL' (absent: provider default; CloudFormation requires it, Terraform defaults to ALL... in modules). */
    trafficType: 'trafficType',
    /** 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose' (absent = cloud-watch-logs). */
    destinationType: 'destinationType',
    /** Destination ARN (log group, bucket, firehose stream). */
    destination: 'destination',
    /** CloudWatch log group name (CloudFormation `LogGroupName`, Terraform `log_group_name`). */
    logGroupName: 'logGroupName',
    /** ARN of the role the service assumes to publish (`DeliverLogsPermissionArn`, `iam_role_arn`). */
    deliveryRole: 'deliveryRole',
    /** Cross-account delivery role (`DeliverCrossAccountRole`, `deliver_cross_account_role`). */
    crossAccountRole: 'crossAccountRole',
    /**
     * Seconds a record aggregates (`MaxAggregationInterval`, `max_aggregation_interval`): 60 | 600.
     * Absent: the provider's default, which the rules know (support.ts).
     */
    maxAggregationInterval: 'maxAggregationInterval',
  },
  'log-group': {
    /** `RetentionInDays` / `retention_in_days`. Absent = never expire. */
    retentionDays: 'retentionDays',
    /** `LogGroupClass` / `log_group_class`: 'STANDARD' (absent) | 'INFREQUENT_ACCESS' | 'DELIVERY'. */
    logGroupClass: 'logGroupClass',
  },
  'iam-role': {
    /** The trust policy document as an object tree (JSON strings already parsed). */
    trustPolicy: 'trustPolicy',
    /** Inline policies: an array of policy documents. */
    inlinePolicies: 'inlinePolicies',
    /** Managed policy ARNs attached in the role itself. */
    managedPolicies: 'managedPolicies',
  },
  'iam-policy': {
    /** The policy document. */
    document: 'document',
    /** Roles it is attached to (array of refs or names). */
    roles: 'roles',
    /**
     * For a policy attachment (Terraform `aws_iam_role_policy_attachment`): the managed policy attached;
     * a list of them for `aws_iam_role_policy_attachments_exclusive`.
     */
    attachedPolicy: 'attachedPolicy',
  },
  'iam-managed-policy': {
    document: 'document',
    roles: 'roles',
  },
  subnet: { vpc: 'vpc' },
  'transit-gateway-attachment': { vpc: 'vpc' },
  'lambda-function': { role: 'role' },
  'ecs-task-definition': { taskRole: 'taskRole', executionRole: 'executionRole' },
  /** `Roles` (CloudFormation, a list of one) / `role` (Terraform): role names. */
  'instance-profile': { roles: 'roles' },
  stack: {
    /** True when the stack's/module's source is part of the run (its resources are in the graph). */
    resolved: 'resolved',
    /** When not resolved, why, as a clause (`its template c.yaml is checked with the parameters …`), if the adapter says. */
    opaque: 'opaque',
    /**
     * Set when the node stands for Terraform source files that could not be parsed, not for a call: those
     * files (a list). Its `inputs` are everything their module instance can see (terraform/unparsed.ts).
     */
    unparsed: 'unparsed',
    /** Set on a module call whose source's files could not be parsed: those files (a list). */
    unparsedSource: 'unparsedSource',
    /** Values passed in (parameters / module arguments), an object. */
    inputs: 'inputs',
  },
} as const;
