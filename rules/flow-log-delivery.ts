/**
 * flow-log-delivery — a flow log that cannot deliver: CloudWatch Logs destination (or cross-account
 * Firehose) without a role, a role or destination given by its name where EC2 needs its ARN
 * (arn-values.ts), a role whose policies lack the four logs: actions, an S3 destination with a role
 * (which EC2 refuses), a transit gateway flow log written with what EC2 refuses for one (an
 * aggregation interval other than 60, a traffic type), a destination that names a resource of the run
 * that does not exist by default, or no target at all.
 */
import type { RelatedSpan, RuleFinding } from '../src/core/finding.js';
import type { Rule } from '../src/core/rule.js';
import { allowsAction, readPolicy, type Statement } from '../src/graph/iam.js';
import { linkOf } from '../src/graph/lookup.js';
import type { ResourceGraph, ResourceNode, RValue } from '../src/graph/model.js';
import { members } from '../src/graph/values.js';
import { destinationGroup, grantedElsewhere, type GrantedElsewhere } from './delivery-scope.js';
import { nameWhereArnIsNeeded, type ArnProperty } from './arn-values.js';
import { conditionedGrants, onlyWithoutServiceRole, type ConditionedGrant } from './service-role-conditions.js';
import { destinationOf } from './role-uses.js';
import { given, namesNoLogGroup, roleSentForS3 } from './ec2-refusals.js';
import { defaultAggregationInterval, isDeployed, isDestinationType, isEmptyValue, knownNumber, knownString, named, quote, relatedResource, sendsTransitGatewayTrafficType, spelled, subject, withData } from './support.js';
import { handedToUnseen, mayBeHandedToUnseen, unseenConsumer, type MaybeHanded } from './unseen.js';

export const DELIVERY_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'];

export const flowLogDelivery: Rule = {
  meta: {
    id: 'flow-log-delivery',
    name: 'FlowLogDelivery',
    shortDescription: 'Flow logs must be able to deliver to their destination.',
    fullDescription:
      'A flow log that delivers to CloudWatch Logs needs a delivery role whose policies grant logs:CreateLogStream, ' +
      'logs:PutLogEvents, logs:DescribeLogGroups and logs:DescribeLogStreams; its role and destination must be given ' +
      'as ARNs, not names; its destination must exist and it must target a resource.',
    defaultLevel: 'warning',
    securitySeverity: '4.0',
    tags: ['security', 'logging', 'reliability'],
    messages: {
      noTarget: 'Flow log {flowLog} has no target resource; set {property}',
      emptyTarget: 'Flow log {flowLog} has no target resource: its target is an empty string; set {property} to the id of the VPC, subnet, network interface or transit gateway to watch',
      nullTarget: 'Flow log {flowLog} has no target resource: its target is null; set {property} to the id of the VPC, subnet, network interface or transit gateway to watch',
      noRole: 'Flow log {flowLog} delivers to CloudWatch Logs without a delivery role; set {property}',
      emptyRole: 'Flow log {flowLog} delivers to CloudWatch Logs without a delivery role: its role is {what}; set {property} to the ARN of a role that vpc-flow-logs.amazonaws.com can assume',
      missingActions: 'Flow log {flowLog} cannot deliver: its role {role} is not granted {actions}',
      actionsOnlyWithoutServiceRole: 'Flow log {flowLog} cannot deliver: its role {role} is granted {actions} only {when}; remove that condition',
      actionsElsewhere: 'Flow log {flowLog} cannot deliver to log group {logGroup}: its role {role} is granted {actions} only on {resources}',
      unverifiedActions: 'Flow log {flowLog} could not be verified: no policy of this run grants its role {role} {actions}, but {why}',
      absentDestination: 'Flow log {flowLog} delivers to {destination}, which {absence} ({why})',
      absentRole: 'Flow log {flowLog} uses role {role}, which {absence} ({why})',
      noDestination: 'Flow log {flowLog} delivers to {type} but names no destination; set {property}',
      noLogGroup: 'Flow log {flowLog} delivers to CloudWatch Logs but names no log group: EC2 refuses to create it; set {property}',
      refused: 'Flow log {flowLog} is never created: {why}',
      nameForArn: 'Flow log {flowLog} cannot deliver: {property} holds {holds}, where EC2 needs the ARN of {what}; {fix}',
      crossAccountNoRole: 'Flow log {flowLog} delivers to Kinesis Data Firehose in another account ({crossProperty} is set) without a delivery role: EC2 requires {property} for cross-account delivery; set it to the ARN of a role of this account that delivery.logs.amazonaws.com can assume',
      roleForS3: 'Flow log {flowLog} is never created: EC2 refuses {property} for S3 delivery ("DeliverLogsPermissionArn is not applicable for s3 delivery"); remove it, as S3 delivery uses the bucket policy, not a role',
      invalidDestinationType: 'Flow log {flowLog} is never created: {property} "{value}" is not a destination type AWS accepts; set cloud-watch-logs, s3 or kinesis-data-firehose',
      transitGatewayInterval: 'Flow log {flowLog} is never created: EC2 accepts only a {property} of 60 for a {target} flow log, not {value}; set it to 60',
      transitGatewayDefaultInterval: 'Flow log {flowLog} is never created: without {property} the provider asks EC2 for 600, and EC2 accepts only 60 for a {target} flow log; set {property} to 60',
      transitGatewayTrafficType: 'Flow log {flowLog} is never created: EC2 refuses {property} on a {target} flow log, which takes no traffic filter; remove {property}',
    },
    options: {},
  },
  check(graph) {
    const findings: RuleFinding[] = [];
    const attachments = policiesByRole(graph);
    let handed: Map<string, ResourceNode> | undefined;
    let maybeHanded: Map<string, MaybeHanded> | undefined;
    // Worked out once, and only if some role lacks an action: most runs have none.
    const handedTo = (role: ResourceNode) =>
      unseenConsumer(role, (handed ??= handedToUnseen(graph, ['iam-role'])), () => (maybeHanded ??= mayBeHandedToUnseen(graph, ['iam-role'])), 'role', 'may grant them');
    const roles: Roles = { attachments, handedTo, grants: new Map(), elsewhere: new Map() };
    for (const flowLog of graph.ofKind('flow-log')) {
      if (isDeployed(flowLog)) findings.push(...checkFlowLog(graph, flowLog, roles));
      // Written so that the provider refuses it: it delivers nothing, whether or not a VPC finding names it.
      else if (flowLog.existence.state === 'absent' && flowLog.existence.refused) {
        // A name passed in by a module call is written elsewhere than the argument that uses it.
        const related = (flowLog.existence.origin ?? []).map((span) => ({ span, message: 'the name that is not declared is written here' }));
        findings.push({ ...subject(flowLog), span: flowLog.existence.span, messageId: 'refused', key: 'refused', data: { flowLog: named(flowLog), why: flowLog.existence.why }, related });
      }
    }
    return findings;
  },
};

/**
 * What the check works out once per role, and once per role and log group, however many flow logs
 * share them (a role's policies were read again for each of a thousand flow logs).
 */
interface Roles {
  attachments: Attachments;
  /**
   * The unseen stack (a module or nested stack not in the run, a file that could not be parsed) a role
   * is (or may be) handed to, if any, with why the role cannot be verified and the related-location message.
   */
  handedTo: (role: ResourceNode) => { stack: ResourceNode; why: string; related: string } | undefined;
  /**
   * By role uid: its statements that may apply to the flow-logs service's requests, the delivery
   * actions they lack, and the grants of those actions that never apply to them;
   * undefined when that cannot be told.
   */
  grants: Map<string, { statements: Statement[]; missing: string[]; conditioned: ConditionedGrant[] } | undefined>;
  /** By role uid and log group name. */
  elsewhere: Map<string, GrantedElsewhere | undefined>;
}

function checkFlowLog(graph: ResourceGraph, flowLog: ResourceNode, roles: Roles): RuleFinding[] {
  const out: RuleFinding[] = [];
  const name = named(flowLog);
  const at = { ...subject(flowLog), span: flowLog.span };
  const target = flowLog.attrs['target'];
  if (!target) {
    const property = spelled(flowLog, 'ResourceId (with ResourceType VPC, Subnet, NetworkInterface or TransitGateway)', 'vpc_id (or subnet_id, eni_id, transit_gateway_id)', 'resource_id (with resource_type VPC, Subnet, NetworkInterface or TransitGateway)');
    out.push({ ...at, messageId: 'noTarget', key: 'target', data: { flowLog: name, property } });
  } else {
    const empty = emptyValue(target);
    if (empty) {
      const property = spelled(flowLog, 'ResourceId', 'vpc_id (or subnet_id, eni_id, transit_gateway_id)', 'resource_id');
      const messageId = empty.what === 'null' ? 'nullTarget' : 'emptyTarget';
      out.push({ ...at, span: target.span, messageId, key: 'target', data: { flowLog: name, property }, related: empty.related });
    }
  }
  out.push(...transitGatewayLimits(flowLog));
  const type = destinationOf(flowLog);
  const typeValue = flowLog.attrs['destinationType'];
  const written = knownString(typeValue);
  // The provider's validation (or CloudFormation's schema) refuses it: nothing else about it matters.
  if (typeValue && written !== undefined && !isDestinationType(written)) {
    const property = spelled(flowLog, 'LogDestinationType', 'log_destination_type');
    const related = (typeValue.origin ?? []).map((span) => ({ span, message: `"${written}" is set here` }));
    out.push({ ...at, span: typeValue.span, messageId: 'invalidDestinationType', key: 'destination', data: { flowLog: name, property, value: written }, related });
    return out;
  }
  // A null or empty destination (`log_destination = null`, a variable's "" default) is one left out:
  // Terraform and the provider send none.
  const destination = given(flowLog.attrs['destination']) ?? given(flowLog.attrs['logGroupName']);
  if (destination) {
    const absent = absentTarget(graph, destination, ['log-group', 's3-bucket', 'firehose-stream']);
    if (absent) out.push({ ...at, span: destination.span, messageId: 'absentDestination', key: 'destination', data: { flowLog: name, destination: named(absent), absence: absence(absent), why: absentWhy(absent) }, related: [{ span: absent.span, ...subject(absent), message: `${quote(absent.id)} ${refused(absent) ? 'is refused as written' : 'is conditional'}` }] });
  } else {
    // Set to null or "" (a variable's default): the finding sits on the value, and says where that is set.
    const nulled = flowLog.attrs['destination'] ?? flowLog.attrs['logGroupName'];
    const where = nulled ? { span: nulled.span, related: emptyValue(nulled)?.related ?? [] } : {};
    if (type === 's3' || type === 'kinesis-data-firehose') {
      out.push({ ...at, ...where, messageId: 'noDestination', key: 'destination', data: { flowLog: name, type, property: spelled(flowLog, 'LogDestination', 'log_destination') } });
    } else if (namesNoLogGroup(flowLog)) {
      // EC2's CreateFlowLogs refuses a CloudWatch Logs flow log that names neither a log group nor a
      // destination ARN ("LogDestination can't be empty if LogGroupName is not provided"): said as for
      // the other destination types, whatever is said of its role.
      const property = spelled(flowLog, 'LogGroupName or LogDestination', 'log_destination (or log_group_name)', 'log_group_name or log_destination');
      out.push({ ...at, ...where, messageId: 'noLogGroup', key: 'destination', data: { flowLog: name, property } });
    }
  }
  const logDestination = given(flowLog.attrs['destination']);
  const arnDestination = logDestination && nameWhereArnIsNeeded(graph, flowLog, logDestination, destinationSpec(flowLog, type));
  if (arnDestination) out.push(arnDestination);
  if (type === 'cloud-watch-logs') out.push(...checkRole(graph, flowLog, roles));
  if (type === 'kinesis-data-firehose') out.push(...checkCrossAccount(graph, flowLog));
  if (type === 's3') out.push(...roleForS3(graph, flowLog));
  return out;
}

/** What a transit gateway flow log's target is called in messages, by `targetType`. */
const TRANSIT_GATEWAY_TARGETS: Readonly<Record<string, string>> = { TransitGateway: 'transit gateway', TransitGatewayAttachment: 'transit gateway attachment' };

/**
 * A transit gateway (or attachment) flow log that EC2's CreateFlowLogs refuses: "--max-aggregation-
 * interval has a default value of 60, and is the only accepted value for transit gateway resource
 * types", and "--traffic-type ... An error is returned if you provide this for transit gateway
 * resource types" (Transit Gateway user guide, "Create and manage Transit Gateway Flow Logs using
 * APIs or the CLI"). The Terraform AWS provider sends its default 600 when `max_aggregation_interval`
 * is left out ("max-aggregation-interval other than 60 sec / 1 min is not supported when the
 * resource-type is TransitGateway or TransitGatewayAttachment", terraform-provider-aws PR 26169) but
 * drops `traffic_type` for these targets; CloudFormation sends what is written. A value not known
 * (a parameter or variable without a default) is not reported. Such a flow log never covers a VPC,
 * so only this rule says it.
 */
function transitGatewayLimits(flowLog: ResourceNode): RuleFinding[] {
  const target = TRANSIT_GATEWAY_TARGETS[knownString(flowLog.attrs['targetType']) ?? ''];
  if (!target) return [];
  const out: RuleFinding[] = [];
  const at = { ...subject(flowLog), span: flowLog.span };
  const name = named(flowLog);
  const intervalProperty = spelled(flowLog, 'MaxAggregationInterval', 'max_aggregation_interval');
  const interval = flowLog.attrs['maxAggregationInterval'];
  const fallback = defaultAggregationInterval(flowLog);
  if (interval && !(interval.t === 'scalar' && interval.value === null)) {
    const seconds = knownNumber(interval);
    if (seconds !== undefined && seconds !== 60) {
      const related = (interval.origin ?? []).map((span) => ({ span, message: `${seconds} is set here` }));
      out.push({ ...at, span: interval.span, messageId: 'transitGatewayInterval', key: 'interval', data: { flowLog: name, property: intervalProperty, target, value: String(seconds) }, related });
    }
  } else if (fallback !== undefined && fallback !== 60) {
    out.push({ ...at, messageId: 'transitGatewayDefaultInterval', key: 'interval', data: { flowLog: name, property: intervalProperty, target } });
  }
  const traffic = flowLog.attrs['trafficType'];
  if (traffic && sendsTransitGatewayTrafficType(flowLog) && knownString(traffic) !== undefined && knownString(traffic) !== '') {
    const property = spelled(flowLog, 'TrafficType', 'traffic_type');
    out.push({ ...at, span: traffic.span, messageId: 'transitGatewayTrafficType', key: 'traffic-type', data: { flowLog: name, property, target } });
  }
  return out;
}

/** What `LogDestination` must be the ARN of, by destination type (EC2 `CreateFlowLogs`). */
function destinationSpec(flowLog: ResourceNode, type: string | undefined): ArnProperty {
  const property = spelled(flowLog, 'LogDestination', 'log_destination');
  if (type === 'cloud-watch-logs') {
    // aws_flow_log's log_group_name is deprecated in favour of log_destination: not offered there.
    const byName = spelled(flowLog, 'LogGroupName', '', 'log_group_name');
    const spec: ArnProperty = { attr: 'destination', property, kinds: ['log-group'], what: 'its log group', form: 'arn:aws:logs:REGION:ACCOUNT:log-group:NAME' };
    return byName ? { ...spec, alternative: `or give the log group's name as ${byName} instead` } : spec;
  }
  if (type === 's3') return { attr: 'destination', property, kinds: ['s3-bucket'], what: 'its bucket', form: 'arn:aws:s3:::NAME' };
  if (type === 'kinesis-data-firehose') return { attr: 'destination', property, kinds: ['firehose-stream'], what: 'its delivery stream', form: 'arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME' };
  return { attr: 'destination', property, kinds: ['log-group', 's3-bucket', 'firehose-stream'], what: 'its destination', form: 'the ARN of the log group, bucket or delivery stream' };
}

function roleSpec(flowLog: ResourceNode): ArnProperty {
  const property = spelled(flowLog, 'DeliverLogsPermissionArn', 'iam_role_arn', 'deliver_logs_permission_arn');
  return { attr: 'deliveryRole', property, kinds: ['iam-role'], what: 'its delivery role', form: 'arn:aws:iam::ACCOUNT:role/NAME' };
}

/**
 * Kinesis Data Firehose in another account: `DeliverCrossAccountRole` names the destination
 * account's role, and EC2 `CreateFlowLogs` requires `DeliverLogsPermissionArn` as well ("required
 * if … the destination type is kinesis-data-firehose and the delivery stream and the resources to
 * monitor are in different accounts"). Both must be ARNs. A cross-account role whose value is not
 * known (a parameter without a default) may be left out at deploy time: nothing is said of it.
 */
function checkCrossAccount(graph: ResourceGraph, flowLog: ResourceNode): RuleFinding[] {
  const crossAccount = given(flowLog.attrs['crossAccountRole']);
  if (!crossAccount || crossAccount.t === 'unknown') return [];
  const out: RuleFinding[] = [];
  const crossProperty = spelled(flowLog, 'DeliverCrossAccountRole', 'deliver_cross_account_role');
  const crossName = nameWhereArnIsNeeded(graph, flowLog, crossAccount, { attr: 'crossAccountRole', property: crossProperty, kinds: ['iam-role'], what: "the destination account's role", form: 'arn:aws:iam::ACCOUNT:role/NAME' });
  if (crossName) out.push(crossName);
  const roleValue = flowLog.attrs['deliveryRole'];
  const role = roleSpec(flowLog);
  if (roleValue === undefined || emptyValue(roleValue)) {
    const related = [{ span: crossAccount.span, message: `${crossProperty} makes the delivery cross-account` }, ...(roleValue ? emptyValue(roleValue)!.related : [])];
    out.push({ ...subject(flowLog), span: roleValue?.span ?? flowLog.span, messageId: 'crossAccountNoRole', key: 'role', data: { flowLog: named(flowLog), crossProperty, property: role.property }, related });
    return out;
  }
  const roleName = nameWhereArnIsNeeded(graph, flowLog, roleValue, role);
  if (roleName) out.push(roleName);
  return out;
}

/**
 * A delivery role on an S3 flow log: EC2's CreateFlowLogs answers "DeliverLogsPermissionArn is not
 * applicable for s3 delivery" (400, InvalidRequest), so the stack rolls back or the apply fails. It
 * happens when a CloudWatch Logs flow log is moved to S3 and keeps its role (Terraform provider
 * issue 23521, aws-secure-environment-accelerator issue 1111). Said only when the role is surely
 * set: an ARN, or a role of the run that exists; `""` and null send none, and an unknown value
 * (a variable without a default) may be either.
 */
function roleForS3(graph: ResourceGraph, flowLog: ResourceNode): RuleFinding[] {
  const sent = roleSentForS3(graph, flowLog);
  if (!sent) return [];
  const { value, role } = sent;
  const property = spelled(flowLog, 'DeliverLogsPermissionArn', 'iam_role_arn', 'deliver_logs_permission_arn');
  const related = role ? [relatedResource(role, `role ${quote(role.id)}, not used for S3 delivery`)] : [];
  return [{ ...subject(flowLog), span: value.span, messageId: 'roleForS3', key: 'role', data: { flowLog: named(flowLog), property }, related }];
}

/**
 * A target or role that is `""` or null: what it is, and where that value is set when elsewhere
 * (a parameter or variable default), as related locations.
 */
function emptyValue(value: RValue): { what: string; related: RelatedSpan[] } | undefined {
  if (value.t !== 'scalar' || !isEmptyValue(value)) return undefined;
  const what = value.value === null ? 'null' : 'the empty string';
  return { what, related: (value.origin ?? []).map((span) => ({ span, message: `${what} is set here` })) };
}

/** The delivery role of a CloudWatch Logs flow log: an ARN, and granted what delivery takes. */
function checkRole(graph: ResourceGraph, flowLog: ResourceNode, roles: Roles): RuleFinding[] {
  const roleValue = given(flowLog.attrs['deliveryRole']);
  // Said beside what the role lacks: once written as an ARN, the same role must still grant it.
  const asName = roleValue && nameWhereArnIsNeeded(graph, flowLog, roleValue, roleSpec(flowLog));
  return asName ? [asName, ...roleGrants(graph, flowLog, roles)] : roleGrants(graph, flowLog, roles);
}

function roleGrants(graph: ResourceGraph, flowLog: ResourceNode, roles: Roles): RuleFinding[] {
  const name = named(flowLog);
  const roleValue = flowLog.attrs['deliveryRole'];
  const property = spelled(flowLog, 'DeliverLogsPermissionArn', 'iam_role_arn', 'deliver_logs_permission_arn');
  if (!roleValue) return [{ ...subject(flowLog), span: flowLog.span, messageId: 'noRole', key: 'role', data: { flowLog: name, property } }];
  // A parameter or variable whose default "" means "must be given" (linted on its own): no role with the
  // defaults, as for an empty target. The finding sits on the property; the default is a related location.
  const empty = emptyValue(roleValue);
  if (empty) return [{ ...subject(flowLog), span: roleValue.span, messageId: 'emptyRole', key: 'role', data: { flowLog: name, property, what: empty.what }, related: empty.related }];
  const link = linkOf(graph, roleValue, ['iam-role']);
  if (link.state !== 'node') return [];
  const role = link.node;
  const related = [relatedResource(role, `delivery role ${quote(role.id)}`)];
  if (!isDeployed(role)) return [{ ...subject(flowLog), span: roleValue.span, messageId: 'absentRole', key: 'role', data: { flowLog: name, role: named(role), absence: absence(role), why: absentWhy(role) }, related }];
  const gap = deliveryGap(graph, flowLog, role, roles);
  if (!gap) return [];
  const { missing, elsewhere, conditioned } = gap;
  const actions = elsewhere ? `${elsewhere.actions.join(', ')} on log group ${elsewhere.logGroup}` : missing.join(', ');
  const data = { flowLog: name, role: named(role), actions };
  // A grant the service's requests never meet is what the user sees in the policy: point at it.
  const conditions = conditioned.map(({ statement, when, actions: granted }) => ({ span: statement.span, message: `grants ${granted.join(', ')} only ${when}` }));
  // A module or stack the run cannot see may attach the policy it lacks: unknown, so a note (SPEC §2).
  const unseen = roles.handedTo(role);
  if (unseen) {
    return [{ ...subject(flowLog), span: roleValue.span, messageId: 'unverifiedActions', key: 'role', level: 'note', unverified: true, data: withData(data, { why: unseen.why }), related: [...related, relatedResource(unseen.stack, unseen.related)] }];
  }
  if (!elsewhere) {
    const when = conditioned[0]?.when;
    // Every lacking action granted, but only under a condition the service never meets: say that, not "not granted".
    if (when !== undefined && conditioned.every((c) => c.when === when) && missing.every((action) => conditioned.some((c) => c.actions.includes(action)))) {
      return [{ ...subject(flowLog), span: roleValue.span, messageId: 'actionsOnlyWithoutServiceRole', key: 'role', data: withData(data, { when }), related: [...related, ...conditions] }];
    }
    return [{ ...subject(flowLog), span: roleValue.span, messageId: 'missingActions', key: 'role', data, related: [...related, ...conditions, ...absentGrants(roles.attachments, role, missing)] }];
  }
  const grants = elsewhere.patterns.map(({ pattern, actions: granted }) => ({ span: pattern.span, message: `grants ${granted.join(', ')} only on this resource` }));
  const elsewhereData = withData(data, { actions: elsewhere.actions.join(', '), logGroup: elsewhere.logGroup, resources: elsewhere.resources });
  return [{ ...subject(flowLog), span: roleValue.span, messageId: 'actionsElsewhere', key: 'role', data: elsewhereData, related: [...related, ...grants] }];
}

/**
 * What the role lacks to deliver this flow log's records: delivery actions no policy grants, or else
 * stream actions granted only on other log groups; undefined when it lacks nothing, or that cannot be told.
 */
function deliveryGap(graph: ResourceGraph, flowLog: ResourceNode, role: ResourceNode, roles: Roles): { missing: string[]; elsewhere?: GrantedElsewhere; conditioned: ConditionedGrant[] } | undefined {
  if (!roles.grants.has(role.uid)) {
    const all = roleStatements(graph, role, roles.attachments);
    // The service calls CloudWatch Logs as the role: an Allow it never meets grants it nothing.
    const statements = all?.filter((statement) => onlyWithoutServiceRole(statement) === undefined);
    const missing = statements && missingActions(statements);
    roles.grants.set(role.uid, all && statements && missing ? { statements, missing, conditioned: conditionedGrants(all, missing) } : undefined);
  }
  const grants = roles.grants.get(role.uid);
  if (!grants) return undefined;
  if (grants.missing.length > 0) return { missing: grants.missing, conditioned: grants.conditioned };
  const group = destinationGroup(graph, flowLog);
  if (group === undefined) return undefined;
  const key = `${role.uid}\u0000${group.name ?? ''}\u0000${group.label}`;
  if (!roles.elsewhere.has(key)) roles.elsewhere.set(key, grantedElsewhere(graph, grants.statements, group));
  const elsewhere = roles.elsewhere.get(key);
  return elsewhere ? { missing: [], elsewhere, conditioned: [] } : undefined;
}

/** The delivery actions no policy grants; undefined when an unknown effect or action leaves one open. */
function missingActions(statements: Statement[]): string[] | undefined {
  const allowed = DELIVERY_ACTIONS.map((action) => allowsAction(statements, action.toLowerCase()));
  // An action the policies may or may not grant (an unknown effect or action) is no definite gap.
  if (allowed.includes(undefined)) return undefined;
  return DELIVERY_ACTIONS.filter((_, i) => !allowed[i]);
}

/** The statements of every policy the role has; undefined when one cannot be read (it may grant anything). */
function roleStatements(graph: ResourceGraph, role: ResourceNode, attachments: Attachments): Statement[] | undefined {
  const documents: RValue[] = [];
  const inline = role.attrs['inlinePolicies'];
  if (inline?.t === 'array') documents.push(...inline.items);
  else if (inline) return undefined;
  const managed = role.attrs['managedPolicies'];
  for (const item of managed?.t === 'array' ? managed.items : managed ? [managed] : []) {
    const link = linkOf(graph, item, ['iam-managed-policy']);
    // An AWS-managed or external policy may grant anything: we cannot say the role lacks an action.
    if (link.state !== 'node') return undefined;
    if (link.node.attrs['document']) documents.push(link.node.attrs['document']);
  }
  // A policy whose roles were cut short by a limit may be attached to this role too.
  if (attachments.toAnyRole) return undefined;
  for (const policy of attachments.byRole.get(role.uid) ?? []) {
    const found = policy.attrs['document'] ? [policy.attrs['document']] : attachedDocuments(graph, policy);
    if (!found) return undefined;
    for (const document of found) if (!documents.includes(document)) documents.push(document);
  }
  const readings = documents.map(readPolicy);
  if (readings.some((r) => r.state !== 'known')) return undefined;
  return readings.flatMap((r) => (r.state === 'known' ? r.statements : []));
}

/** The documents of the managed policies an attachment attaches (one, or a list); undefined when one is not in the run. */
function attachedDocuments(graph: ResourceGraph, attachment: ResourceNode): RValue[] | undefined {
  const attached = attachment.attrs['attachedPolicy'];
  if (!attached) return undefined;
  const documents: RValue[] = [];
  for (const item of members(attached)) {
    const link = linkOf(graph, item, ['iam-managed-policy']);
    const document = link.state === 'node' ? link.node.attrs['document'] : undefined;
    // An AWS-managed or external policy may grant anything.
    if (!document) return undefined;
    documents.push(document);
  }
  return documents;
}

/** Deployed policies attached to each role, by role uid; `toAnyRole`: a policy's roles were cut short by a limit. */
interface Attachments {
  byRole: Map<string, ResourceNode[]>;
  /** Policies attached to the role that do not exist by default or are refused as written: the grant it was meant to have. */
  absentByRole: Map<string, ResourceNode[]>;
  toAnyRole: boolean;
}

/**
 * The policies attached to the role that would grant some of the lacking actions but are not there (a
 * condition false by default, properties written beside `Properties`): the likeliest fix, shown beside
 * "not granted". One whose document cannot be read is shown too: it may be the one.
 */
function absentGrants(attachments: Attachments, role: ResourceNode, missing: readonly string[]): RelatedSpan[] {
  return (attachments.absentByRole.get(role.uid) ?? []).flatMap((policy) => {
    const document = policy.attrs['document'];
    const reading = document ? readPolicy(document) : undefined;
    const grants = reading?.state === 'known' ? missing.filter((action) => allowsAction(reading.statements, action.toLowerCase()) === true) : [...missing];
    if (grants.length === 0) return [];
    return [relatedResource(policy, `policy ${quote(policy.id)} would grant ${grants.join(', ')}, but ${absence(policy)}: ${absentWhy(policy)}`)];
  });
}

/** Resolves every policy's roles once, so checking a role does not scan every policy of the run. */
function policiesByRole(graph: ResourceGraph): Attachments {
  const index: Attachments = { byRole: new Map(), absentByRole: new Map(), toAnyRole: false };
  for (const policy of [...graph.ofKind('iam-policy'), ...graph.ofKind('iam-managed-policy')]) {
    const roles = policy.attrs['roles'];
    if (!roles) continue;
    const deployed = isDeployed(policy);
    const byRole = deployed ? index.byRole : index.absentByRole;
    for (const item of members(roles)) {
      const link = linkOf(graph, item, ['iam-role']);
      if (deployed && link.state === 'unknown' && link.anything) index.toAnyRole = true;
      if (link.state !== 'node') continue;
      const list = byRole.get(link.node.uid) ?? [];
      if (!list.includes(policy)) list.push(policy);
      byRole.set(link.node.uid, list);
    }
  }
  return index;
}

function absentTarget(graph: ResourceGraph, value: RValue, kinds: Parameters<typeof linkOf>[2]): ResourceNode | undefined {
  const link = linkOf(graph, value, kinds);
  return link.state === 'node' && link.node.existence.state === 'absent' ? link.node : undefined;
}

function refused(node: ResourceNode): boolean {
  return node.existence.state === 'absent' && node.existence.refused === true;
}

/** A resource the provider refuses as written is not there in any deployment, not only in the default one. */
function absence(node: ResourceNode): string {
  return refused(node) ? 'is never created' : 'does not exist by default';
}

function absentWhy(node: ResourceNode): string {
  return node.existence.state === 'absent' ? node.existence.why : 'it may not exist';
}


