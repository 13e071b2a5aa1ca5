/**
 * The names a node can be found by (`ResourceNode.names`), so that an ARN or name written elsewhere
 * (a flow log's `DeliverLogsPermissionArn`, `LogDestination`, `LogGroupName`) can be matched to it
 * (`linkOf` in graph/lookup.ts). Per kind, in this order:
 *
 * - iam-role: [name, `arn:*:iam::*:role<Path><name>`]
 * - log-group: [name, `arn:*:logs:*:*:log-group:<name>`, the same + `:*` (the form `GetAtt Arn` returns)]
 * - s3-bucket: [name, `arn:*:s3:::<name>`, `arn:*:s3:::<name>/*` (flow logs may deliver to a prefix)]
 * - firehose-stream: [name, `arn:*:firehose:*:*:deliverystream/<name>`]
 * - iam-managed-policy: [name, `arn:*:iam::*:policy<Path><name>`]
 * - every other kind: []
 *
 * `<name>` is the resolved name property: a scalar, or a template when partly known. Each `*` is an
 * `RUnknown` part with `pattern: '*'` (partition, region, account: known only at deploy time), so a
 * fully known ARN is still a template. Without a name property (CloudFormation generates the name),
 * or with a name that has no known part at all, `names` is empty: a glob `…:role/*` would match every
 * role. Such resources are found through references (`RRef`, also inside a `!Sub`-built ARN).
 */
import { pathStep } from '../../parse/document.js';
import type { ResourceKind, RTemplate, RValue } from '../model.js';
import type { Resolver } from './resolve.js';
import { propertiesOf, type TemplateContext } from './template.js';
import { hasOwn, makeString, scalar, stringParts, unknown } from '../values.js';

type Part = RTemplate['parts'][number];

const NAME_PROPERTY: Partial<Record<ResourceKind, string>> = {
  'iam-role': 'RoleName',
  'log-group': 'LogGroupName',
  's3-bucket': 'BucketName',
  'firehose-stream': 'DeliveryStreamName',
  'iam-managed-policy': 'ManagedPolicyName',
};

export function namesOf(r: Resolver, ctx: TemplateContext, id: string, kind: ResourceKind): RValue[] {
  const property = NAME_PROPERTY[kind];
  const props = propertiesOf(ctx.resources[id]);
  if (!property || !hasOwn(props, property)) return [];
  const at = ['Resources', id, 'Properties'];
  const nameAt = pathStep(at, property);
  const name = r.top(ctx, nameAt, () => r.resolve(ctx, props[property], nameAt, 0));
  if (!name) return [];
  const nameParts = stringParts(name);
  if (!nameParts.some((part) => typeof part === 'string' && part !== '')) return [name];
  const span = name.span;
  const any = (): Part => unknown('only known at deploy time', span, '*');
  const arn = (...parts: Part[]): RValue => makeString(parts, span);
  switch (kind) {
    case 'iam-role':
    case 'iam-managed-policy': {
      const pathAt = pathStep(at, 'Path');
      const path = hasOwn(props, 'Path') ? r.top(ctx, pathAt, () => r.resolve(ctx, props['Path'], pathAt, 0)) : undefined;
      const pathParts = stringParts(path ?? scalar('/', span));
      const resource = kind === 'iam-role' ? ':role' : ':policy';
      return [name, arn('arn:', any(), ':iam::', any(), resource, ...pathParts, ...nameParts)];
    }
    case 'log-group': {
      const logGroupArn: Part[] = ['arn:', any(), ':logs:', any(), ':', any(), ':log-group:', ...nameParts];
      return [name, arn(...logGroupArn), arn(...logGroupArn, ':*')];
    }
    case 's3-bucket': {
      const bucketArn: Part[] = ['arn:', any(), ':s3:::', ...nameParts];
      return [name, arn(...bucketArn), arn(...bucketArn, '/', any())];
    }
    default:
      return [name, arn('arn:', any(), ':firehose:', any(), ':', any(), ':deliverystream/', ...nameParts)];
  }
}
