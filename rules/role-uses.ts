/**
 * Who assumes a role, as far as the graph shows: the service each use needs the role to trust.
 * Shared by role-trust-principal (does the trust fit the use?) and flow-log-delivery.
 */
import { linkOf } from '../src/graph/lookup.js';
import { members } from '../src/graph/values.js';
import type { ResourceGraph, ResourceKind, ResourceNode } from '../src/graph/model.js';
import { isDeployed, isEmptyValue, knownString, named } from './support.js';

export interface RoleUse {
  role: ResourceNode;
  user: ResourceNode;
  /** The service principal the use requires, e.g. `vpc-flow-logs.amazonaws.com`. */
  service: string;
  /** What the user does with the role, for messages: "the delivery role of flow log `X`". */
  describe: string;
  /** True when the role serves only this purpose, so any other principal is one too many. */
  dedicated: boolean;
  /** Not a use of a flow-log delivery role (`usesThatCount`). */
  yieldsToDelivery?: boolean;
}

/** The services a flow log's delivery role is for: a role that trusts one is a delivery role. */
const DELIVERY_SERVICES = new Set(['vpc-flow-logs.amazonaws.com', 'delivery.logs.amazonaws.com']);

interface UseSource {
  kind: ResourceKind;
  attr: string;
  service: (user: ResourceNode) => string | undefined;
  describe: (user: ResourceNode) => string;
  dedicated: boolean;
  yieldsToDelivery?: boolean;
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
  // An instance profile exists only to hand its role to EC2 instances, whichever instance uses it. But
  // a flow log's delivery role put in a profile (thinegan/cloudformation-vpc exports one "to allow EC2
  // VPC logs to CloudWatch") stays a delivery role (`usesThatCount`).
  {
    kind: 'instance-profile',
    attr: 'roles',
    service: () => 'ec2.amazonaws.com',
    describe: (p) => `the role of instance profile ${named(p)}`,
    dedicated: false,
    yieldsToDelivery: true,
  },
];

/**
 * The service that assumes a flow log's delivery role (`DeliverLogsPermissionArn` / `iam_role_arn`):
 * the flow-logs service for CloudWatch Logs, and the log-delivery service for Firehose in another
 * account (the delivery role is then the source account's role, and `DeliverCrossAccountRole` names
 * the destination account's). S3 and same-account Firehose delivery use no role. A cross-account
 * role that is `""` or null is not given, as flow-log-delivery reads it: the delivery stays in the
 * account, and the role asks nothing of its trust.
 */
function deliveryService(flowLog: ResourceNode): string | undefined {
  const destination = destinationOf(flowLog);
  if (destination === 'cloud-watch-logs') return 'vpc-flow-logs.amazonaws.com';
  const crossAccountRole = flowLog.attrs['crossAccountRole'];
  if (destination === 'kinesis-data-firehose' && crossAccountRole !== undefined && !isEmptyValue(crossAccountRole)) return 'delivery.logs.amazonaws.com';
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
      const service = source.service(user);
      if (!service) continue;
      // A list of roles (an instance profile's `Roles`) is a use of each.
      for (const item of members(value)) {
        const link = linkOf(graph, item, ['iam-role']);
        if (link.state !== 'node') continue;
        const use: RoleUse = { role: link.node, user, service, describe: source.describe(user), dedicated: source.dedicated };
        if (source.yieldsToDelivery) use.yieldsToDelivery = true;
        const list = uses.get(link.node.uid);
        if (list) list.push(use);
        else uses.set(link.node.uid, [use]);
      }
    }
  }
  return uses;
}

/**
 * A role's uses less those that give way to its being a flow log's delivery role, by a use or by a
 * trust (`trusts`) of the delivery services: asking such a role to trust EC2 too would repeat the
 * CIS mistake. The profile that holds it is the slip, and it hands EC2 nothing either way.
 */
export function usesThatCount(uses: readonly RoleUse[], trusts: (service: string) => boolean): RoleUse[] {
  if (!uses.some((use) => use.yieldsToDelivery)) return [...uses];
  const delivery = uses.some((use) => DELIVERY_SERVICES.has(use.service)) || [...DELIVERY_SERVICES].some(trusts);
  return delivery ? uses.filter((use) => !use.yieldsToDelivery) : [...uses];
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
      return members(value).some((item) => {
        const link = linkOf(graph, item, ['iam-role']);
        return link.state === 'unknown' && link.anything === true;
      });
    }),
  );
}
