/**
 * Properties written beside `Properties` instead of under it: a YAML snippet pasted one level too
 * shallow (`Properties:` followed by `ResourceId:` at the same indentation). `Properties` is then
 * empty, and CloudFormation refuses the template ("Invalid template resource property
 * 'ResourceId'"): the resource is never created. Said so, rather than judged as a resource with no
 * properties, whose every finding ("no target", "no role") would point away from the slip.
 */
import type { Span } from '../../core/source.js';
import { nearestName } from '../../core/suggest.js';
import { pathStep, type SpanPath } from '../../parse/document.js';
import { isObject } from '../values.js';
import { isCustomResource } from './kinds.js';
import { transformNames } from './language-transform.js';
import { spanAt, type TemplateContext } from './template.js';

/**
 * What CloudFormation accepts beside `Type` in a resource: its resource attributes, and
 * `Fn::Transform` (an `AWS::Include` snippet or a macro, processed before the template is validated).
 */
const RESOURCE_KEYS: ReadonlySet<string> = new Set([
  'Fn::Transform',
  'Type',
  'Properties',
  'Condition',
  'DependsOn',
  'Metadata',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'CreationPolicy',
  'UpdatePolicy',
]);

/** A custom resource's `Version` (of its provider's contract), beside the attributes (cfn-lint's resource schema). */
const CUSTOM_RESOURCE_KEYS: ReadonlySet<string> = new Set([...RESOURCE_KEYS, 'Version']);

/**
 * What SAM's transform reads beside the attributes before CloudFormation sees the resource: embedded
 * `Connectors` (on any resource of a SAM template) and `IgnoreGlobals` (on its own resource types).
 */
const SAM_KEYS: readonly string[] = ['Connectors', 'IgnoreGlobals'];

const SAM = 'AWS::Serverless-2016-10-31';

/** Transforms that leave a resource's own keys as written; any other (a macro) may read or remove them. */
const KEEPS_RESOURCE_KEYS: ReadonlySet<string> = new Set(['AWS::LanguageExtensions', SAM]);

/** The first key of resource `id` that CloudFormation does not accept there: why it refuses it, and where. */
export function misplacedProperty(ctx: TemplateContext, at: SpanPath, id: string): { why: string; span: Span } | undefined {
  const resource = ctx.resources[id];
  if (!isObject(resource) || mayRewriteResources(ctx) || isSamResource(ctx, resource['Type'])) return undefined;
  const accepted = acceptedKeys(ctx, resource['Type']);
  const key = Object.keys(resource).find((k) => !accepted.has(k));
  if (key === undefined) return undefined;
  const span = spanAt(ctx, pathStep(at, key), 'key');
  // `Propertes:`, `properties:`, `DependOn:` are a misspelt attribute, not a property to indent.
  const meant = nearestName(key, accepted);
  if (meant !== undefined) return { why: `CloudFormation refuses the template: a resource has no attribute ${key} ("Invalid template resource property '${key}'"); did you mean ${meant}?`, span };
  return { why: `CloudFormation refuses the template: ${key} is written beside Properties, not under it ("Invalid template resource property '${key}'"); indent it under Properties`, span };
}

function acceptedKeys(ctx: TemplateContext, type: unknown): ReadonlySet<string> {
  const base = typeof type === 'string' && isCustomResource(type) ? CUSTOM_RESOURCE_KEYS : RESOURCE_KEYS;
  return transformNames(ctx.doc).includes(SAM) ? new Set([...base, ...SAM_KEYS]) : base;
}

/**
 * A resource of SAM's own types in a SAM template: the transform reads its `Properties` and the
 * attributes it knows, and drops any other key without a word (`Resource.from_dict` in
 * serverless-application-model), so CloudFormation never sees, nor refuses, what is written beside.
 */
function isSamResource(ctx: TemplateContext, type: unknown): boolean {
  return typeof type === 'string' && type.startsWith('AWS::Serverless::') && transformNames(ctx.doc).includes(SAM);
}

function mayRewriteResources(ctx: TemplateContext): boolean {
  return transformNames(ctx.doc).some((name) => typeof name !== 'string' || !KEEPS_RESOURCE_KEYS.has(name));
}
