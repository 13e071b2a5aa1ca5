/**
 * Flow logs written so that EC2's CreateFlowLogs refuses them, on documented grounds: the stack rolls
 * back or the apply fails, so they never exist. `flow-log-delivery` reports each where it is written;
 * `vpc-flow-logs` does not count such a flow log as its VPC's, as it does not count one that
 * CloudFormation or Terraform refuses.
 */
import { linkOf } from '../src/graph/lookup.js';
import type { ResourceGraph, ResourceNode, RValue } from '../src/graph/model.js';
import { destinationOf } from './role-uses.js';
import { isDeployed, isEmptyValue, spelled } from './support.js';

/** The value, unless it is missing, null or the empty string (which the provider does not send). */
export function given(value: RValue | undefined): RValue | undefined {
  return value === undefined || isEmptyValue(value) ? undefined : value;
}

/**
 * The role of an S3 flow log when it is surely sent: written as an ARN, or a role of the run that
 * exists ("DeliverLogsPermissionArn is not applicable for s3 delivery"). An empty string or null sends
 * none, and a parameter or variable without a default may be either.
 */
export function roleSentForS3(graph: ResourceGraph, flowLog: ResourceNode): { value: RValue; role: ResourceNode | undefined } | undefined {
  if (destinationOf(flowLog) !== 's3') return undefined;
  const value = given(flowLog.attrs['deliveryRole']);
  if (!value) return undefined;
  const link = linkOf(graph, value, ['iam-role']);
  const role = link.state === 'node' ? link.node : undefined;
  const written = value.t === 'scalar' && typeof value.value === 'string';
  if (role ? !isDeployed(role) : !written) return undefined;
  return { value, role };
}

/**
 * Whether a CloudWatch Logs flow log names neither a log group nor a destination ARN ("LogDestination
 * can't be empty if LogGroupName is not provided"). One set to a value not known statically may name one.
 */
export function namesNoLogGroup(flowLog: ResourceNode): boolean {
  return destinationOf(flowLog) === 'cloud-watch-logs' && !given(flowLog.attrs['destination']) && !given(flowLog.attrs['logGroupName']);
}

/** Why EC2 refuses the flow log, in the words of a VPC's near miss; undefined when it does not. */
export function ec2Refusal(graph: ResourceGraph, flowLog: ResourceNode): string | undefined {
  if (namesNoLogGroup(flowLog)) return 'delivers to CloudWatch Logs but names no log group, which EC2 refuses, so it is never created';
  if (roleSentForS3(graph, flowLog)) return `is never created: EC2 refuses ${spelled(flowLog, 'DeliverLogsPermissionArn', 'iam_role_arn', 'deliver_logs_permission_arn')} for S3 delivery`;
  return undefined;
}
