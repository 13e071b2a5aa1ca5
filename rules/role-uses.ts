/**
 * Who assumes a role, as far as the graph shows: the service each use needs the role to trust.
 * Shared by role-trust-principal (does the trust fit the use?) and flow-log-delivery.
 */
import { linkOf } from '../src/graph/lookup.js';
import type { ResourceGraph, ResourceKind, ResourceNode } from '../src/graph/model.js';
import { isDeployed, knownString, named } from './support.js';

export interface RoleUse {
  role: ResourceNode;
  user: ResourceNode;
  /** The service principal the use requires, e.g. `vpc-flow-logs.amazonaws.com`. */
  service: string;
  /** What the user does with the role, for messages: "the delivery role of flow log `X`". */
  describe: string;
  /** True when the role serves only this purpose, so any other principal is one too many. */
  dedicated: boolean;
}

interface UseSource {
  kind: ResourceKind;
  attr: string;
  service: (user: ResourceNode) => string | undefined;
  describe: (user: ResourceNode) => string;
  dedicated: boolean;
}

const SOURCES: UseSource[] = [
  {
    kind: 'flow-log',
    attr: 'deliveryRole',
    service: deliveryService,
    describe: (flowLog) => `the delivery role of flow log ${named(flowLog)}`,
    dedicated: true,
  },
  // No use for `crossAccountRole`: that role lives in the destination account and trusts the source
  // account's delivery role (an `AWS` principal), not a service, so there is no service to check.
  { kind: 'lambda-function', attr: 'role', service: () => 'lambda.amazonaws.com', describe: (f) => `the execution role of Lambda function ${named(f)}`, dedicated: false },
  { kind: 'ecs-task-definition', attr: 'taskRole', service: () => 'ecs-tasks.amazonaws.com', describe: (t) => `the task role of ECS task definition ${named(t)}`, dedicated: false },
  { kind: 'ecs-task-definition', attr: 'executionRole', service: () => 'ecs-tasks.amazonaws.com', describe: (t) => `the execution role of ECS task definition ${named(t)}`, dedicated: false },
];

/**
 * The service that assumes a flow log's delivery role (`DeliverLogsPermissionArn` / `iam_role_arn`):
 * the flow-logs service for CloudWatch Logs, and the log-delivery service for Firehose in another
 * account (the delivery role is then the source account's role, and `DeliverCrossAccountRole` names
 * the destination account's). S3 and same-account Firehose delivery use no role.
 */
function deliveryService(flowLog: ResourceNode): string | undefined {
  const destination = destinationOf(flowLog);
  if (destination === 'cloud-watch-logs') return 'vpc-flow-logs.amazonaws.com';
  if (destination === 'kinesis-data-firehose' && flowLog.attrs['crossAccountRole'] !== undefined) return 'delivery.logs.amazonaws.com';
  return undefined;
}

/** 'cloud-watch-logs' | 's3' | 'kinesis-data-firehose' | undefined (unknown). Absent means CloudWatch Logs. */
export function destinationOf(flowLog: ResourceNode): string | undefined {
  const value = flowLog.attrs['destinationType'];
  if (value === undefined) return 'cloud-watch-logs';
  return knownString(value)?.toLowerCase();
}

/** Every use of every role in the graph, grouped by role uid. */
export function roleUses(graph: ResourceGraph): Map<string, RoleUse[]> {
  const uses = new Map<string, RoleUse[]>();
  for (const source of SOURCES) {
    for (const user of graph.ofKind(source.kind)) {
      const value = user.attrs[source.attr];
      if (!value || !isDeployed(user)) continue;
      const link = linkOf(graph, value, ['iam-role']);
      const service = source.service(user);
      if (link.state !== 'node' || !service) continue;
      const use: RoleUse = { role: link.node, user, service, describe: source.describe(user), dedicated: source.dedicated };
      const list = uses.get(link.node.uid);
      if (list) list.push(use);
      else uses.set(link.node.uid, [use]);
    }
  }
  return uses;
}

/**
 * Whether some user's role was cut short by a limit (`--max-reference-depth`, the time budget): it
 * may be any role, so no role can be said to serve only the uses the graph shows.
 */
export function mayUseAnyRole(graph: ResourceGraph): boolean {
  return SOURCES.some((source) =>
    graph.ofKind(source.kind).some((user) => {
      const value = user.attrs[source.attr];
      if (!value || !isDeployed(user)) return false;
      const link = linkOf(graph, value, ['iam-role']);
      return link.state === 'unknown' && link.anything === true;
    }),
  );
}
