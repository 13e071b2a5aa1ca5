/**
 * Plan values → the shared attribute vocabulary, through `TERRAFORM_SCHEMAS` (the same mapping the
 * `.tf` evaluator uses). Arguments that are null or not set are left out (defaults are the rules'
 * business); JSON policy strings become object trees; a literal id, ARN or name of another resource of
 * the same plan becomes a reference to it.
 */
import type { Span } from '../../core/source.js';
import { type ResourceKind, type RValue } from '../model.js';
import { ATTRIBUTES } from '../vocabulary.js';
import { FLOW_LOG_TARGETS, terraformValue, type TerraformResourceSchema } from '../terraform/schema.js';
import { policyDocument } from '../policy-json.js';
import { array, hasOwn, makeString, ref, scalar, stringParts, unknown } from '../values.js';
import { expressionsOf } from './configuration.js';
import type { Instance } from './instances.js';
import { configResourceOf, converterFor, type PlanContext, type ValueMatch } from './plan.js';
import type { SourceBlock } from './index.js';
import { ArgumentKeySpan } from './key-span.js';
import { atSource, expressionReferences, readArgument, selectPath, spanOf, UNKNOWN_AFTER_APPLY, type Converter, type ValueSource } from './values.js';

const FLOW_LOG = ATTRIBUTES['flow-log'];

/**
 * Attributes that name another resource, and the kinds they name: a literal id, ARN or name in them
 * is matched by value, and a value the plan cannot trace may be any resource of these kinds.
 */
const REFERENCE_KINDS: Record<string, readonly ResourceKind[]> = {
  [FLOW_LOG.destination]: ['log-group', 's3-bucket', 'firehose-stream'],
  [FLOW_LOG.logGroupName]: ['log-group'],
  [FLOW_LOG.deliveryRole]: ['iam-role'],
  [FLOW_LOG.crossAccountRole]: ['iam-role'],
  [ATTRIBUTES['iam-role'].managedPolicies]: ['iam-managed-policy'],
  [ATTRIBUTES['iam-policy'].roles]: ['iam-role'],
  [ATTRIBUTES['iam-policy'].attachedPolicy]: ['iam-managed-policy'],
  // Also `ATTRIBUTES['transit-gateway-attachment'].vpc`: attribute names are shared across kinds.
  [ATTRIBUTES.subnet.vpc]: ['vpc'],
  [ATTRIBUTES['lambda-function'].role]: ['iam-role'],
  [ATTRIBUTES['ecs-task-definition'].taskRole]: ['iam-role'],
  [ATTRIBUTES['ecs-task-definition'].executionRole]: ['iam-role'],
};

/** What each flow-log target argument names (`FLOW_LOG_TARGETS` gives its `targetType`). */
const TARGET_KINDS: Record<string, ResourceKind> = {
  VPC: 'vpc',
  Subnet: 'subnet',
  NetworkInterface: 'network-interface',
  TransitGateway: 'transit-gateway',
  TransitGatewayAttachment: 'transit-gateway-attachment',
};

export interface Attributes {
  attrs: Record<string, RValue>;
  attrKeySpans: Record<string, Span>;
}

/** `source`: the resource's `.tf` declaration, where the values are shown instead of the plan. */
export function attributesOf(plan: PlanContext, instance: Instance, schema: TerraformResourceSchema, source?: SourceBlock): Attributes {
  const out: Attributes = { attrs: {}, attrKeySpans: {} };
  for (const { argument, attr, json } of argumentsOf(schema)) {
    const found = shownAt(source, argument, argumentValue(plan, instance, source, argument, json, REFERENCE_KINDS[attr], schema.keepsEmpty?.includes(argument.name)));
    if (!found) continue;
    out.attrs[attr] = terraformValue(instance.type, attr, found.value);
    out.attrKeySpans[attr] = found.keySpan;
  }
  if (schema.typedTarget) addTypedTarget(plan, instance, schema.typedTarget, out, source);
  else if (schema.kind === 'flow-log') addFlowLogTarget(plan, instance, out, source);
  return out;
}

interface SchemaArgument {
  /** The provider argument, dotted for a nested one (`inline_policy.policy`). */
  argument: ArgumentPath;
  /** The shared attribute it becomes. */
  attr: string;
  /** Whether it holds JSON policy documents. */
  json: boolean;
}

/** A schema's arguments as a list, worked out once per schema rather than once per resource instance. */
const schemaArguments = new WeakMap<TerraformResourceSchema, SchemaArgument[]>();

/** An argument's dotted name, split once: `path` is what the converters and references are asked with. */
interface ArgumentPath {
  name: string;
  path: readonly string[];
  /** `path[0]`: the top-level argument, where the value and its key are written. */
  top: string;
  /** `path` after `top`: the members picked out of a block value. */
  rest: readonly string[];
}

const argumentPaths = new Map<string, ArgumentPath>();

function argumentPath(name: string): ArgumentPath {
  let split = argumentPaths.get(name);
  if (!split) {
    const path = name.split('.');
    argumentPaths.set(name, (split = { name, path, top: path[0]!, rest: path.slice(1) }));
  }
  return split;
}

function argumentsOf(schema: TerraformResourceSchema): SchemaArgument[] {
  let list = schemaArguments.get(schema);
  if (!list) {
    const json = new Set(schema.jsonDocuments ?? []);
    list = Object.entries(schema.attributes).map(([argument, attr]) => ({ argument: argumentPath(argument), attr, json: json.has(argument) }));
    schemaArguments.set(schema, list);
  }
  return list;
}

/**
 * A plan value shown on the `.tf` argument it comes from (`retention_in_days = 7`), or on the
 * declaration when the block does not write it (a provider default). Nested values have no place of
 * their own in the `.tf` text (`jsonencode(…)`, a heredoc): they point at the argument too.
 */
function shownAt(source: SourceBlock | undefined, argument: ArgumentPath, found: Found | undefined): Found | undefined {
  if (!source || !found) return found;
  const written = source.arguments.get(argument.top);
  return { value: atSource(found.value, written?.value ?? source.span), keySpan: written?.key ?? source.span };
}

interface Found {
  value: RValue;
  keySpan: Span;
}

/** The flow-log target arguments in `FLOW_LOG_TARGETS` order, with what each names: listed once, not per flow log. */
const FLOW_LOG_TARGET_ARGUMENTS = Object.entries(FLOW_LOG_TARGETS).map(([argument, targetType]) => {
  const kind = TARGET_KINDS[targetType];
  return { argument: argumentPath(argument), targetType, kinds: kind ? [kind] : [] };
});

const ANY_TARGET_KIND = Object.values(TARGET_KINDS);

/** `target`/`targetType` from whichever of `vpc_id`, `subnet_id`, … is set or referenced. */
function addFlowLogTarget(plan: PlanContext, instance: Instance, out: Attributes, source: SourceBlock | undefined): void {
  for (const { argument, targetType, kinds } of FLOW_LOG_TARGET_ARGUMENTS) {
    const found = shownAt(source, argument, argumentValue(plan, instance, source, argument, false, kinds));
    if (!found) continue;
    out.attrs[FLOW_LOG.target] = found.value;
    out.attrKeySpans[FLOW_LOG.target] = found.keySpan;
    out.attrs[FLOW_LOG.targetType] = scalar(targetType, found.keySpan);
    out.attrKeySpans[FLOW_LOG.targetType] = found.keySpan;
    return;
  }
}

/**
 * `resource_id` and `resource_type` (`awscc_ec2_flow_log`), as CloudFormation's `ResourceId` and
 * `ResourceType`: the id may name any target kind, the type says which.
 */
function addTypedTarget(plan: PlanContext, instance: Instance, names: { id: string; type: string }, out: Attributes, source: SourceBlock | undefined): void {
  const idArgument = argumentPath(names.id);
  const typeArgument = argumentPath(names.type);
  const id = shownAt(source, idArgument, argumentValue(plan, instance, source, idArgument, false, ANY_TARGET_KIND));
  const type = shownAt(source, typeArgument, argumentValue(plan, instance, source, typeArgument, false, undefined));
  for (const [attr, found] of [[FLOW_LOG.target, id], [FLOW_LOG.targetType, type]] as const) {
    if (!found) continue;
    out.attrs[attr] = found.value;
    out.attrKeySpans[attr] = found.keySpan;
  }
}

/**
 * One argument's value; `kinds` is set for arguments that name a resource (see `REFERENCE_KINDS`).
 * `keepEmpty`: a `""` the configuration writes (`iam_role_arn = var.role_arn`, default `""`) is kept,
 * as the `.tf` adapter keeps it (schema `keepsEmpty`).
 */
function argumentValue(plan: PlanContext, instance: Instance, source: SourceBlock | undefined, argument: ArgumentPath, json: boolean, kinds: readonly ResourceKind[] | undefined, keepEmpty = false): Found | undefined {
  const { path, top } = argument;
  // Looked up once here and handed on: the converter and the key's span ask for it too.
  const resource = configResourceOf(plan, instance);
  const converter = converterFor(plan, instance, path, kinds, resource, source?.forEach);
  const expressions = expressionsOf(resource);
  let whole = readArgument(converter, instance.sources, top);
  // Known values are always written; one that is missing but referenced is known only after apply
  // (a plan trimmed of `after_unknown`, or a resource present only in `planned_values`).
  if (!whole && resource && expressionReferences(expressions, path).length > 0) whole = converter.onUnknown(spanOf(plan.doc, [...resource.at, 'expressions', top]));
  if (!whole) return undefined;
  // Computed by the provider and not written in the configuration (e.g. a role's `inline_policy`
  // mirroring attachments made elsewhere): not set, rather than an unknown that hides everything.
  if (resource && !hasOwn(expressions, top) && whole.t === 'unknown' && whole.why === UNKNOWN_AFTER_APPLY) return undefined;
  // The legacy provider SDK stores an unset optional string as "" (`iam_role_arn = ""` in state).
  if (isEmptyString(whole) && !(keepEmpty && resource && hasOwn(expressions, top))) return undefined;
  let value = selectPath(whole, argument.rest);
  if (value && json) value = documents(value);
  if (value && kinds) value = matchKnown(plan, value, instance.uid);
  return value ? { value, keySpan: new ArgumentKeySpan(plan.doc, instance.sources, top, resource, expressions, value.span) } : undefined;
}

/** JSON policy strings (one, or one per block) → object trees; an empty string is no document. */
function documents(value: RValue): RValue | undefined {
  if (value.t === 'array') return array(value.items.flatMap((item) => (isEmptyString(item) ? [] : [policyDocument(item)])), value.span);
  return isEmptyString(value) ? undefined : policyDocument(value);
}

function isEmptyString(value: RValue): boolean {
  return value.t === 'scalar' && value.value === '';
}

/** A literal that is the known id, ARN or name of exactly one other resource of the plan → a reference. */
function matchKnown(plan: PlanContext, value: RValue, self: string): RValue {
  if (value.t === 'array') return array(value.items.map((item) => matchKnown(plan, item, self)), value.span);
  if (value.t !== 'scalar' || typeof value.value !== 'string') return value;
  // Several resources with one name (a role and a log group both called `flow-logs`): the rules'
  // name lookup, which knows the wanted kind, decides.
  const only = otherHolder(plan.byValue.get(value.value), self);
  return only ? ref(only.uid, only.attribute, value.span) : value;
}

/** The one holder of a value other than `self`, if there is exactly one. */
function otherHolder(holders: ValueMatch | ValueMatch[] | undefined, self: string): ValueMatch | undefined {
  if (!holders) return undefined;
  if (!Array.isArray(holders)) return holders.uid === self ? undefined : holders;
  let only: ValueMatch | undefined;
  for (const holder of holders) {
    if (holder.uid === self) continue;
    if (only) return undefined;
    only = holder;
  }
  return only;
}

/**
 * Names the resource can be found by, in the forms `cloudformation/names.ts` documents: the name
 * argument, the ARN (the known one, else the schema's pattern with `*` for partition, region and
 * account), and for log groups the ARN + `:*` (what `arn` attributes of older providers return), for
 * buckets the ARN + `/*` (flow logs may deliver to a prefix). Empty when neither is known.
 */
export function namesOf(converter: Converter, sources: readonly ValueSource[], schema: TerraformResourceSchema): RValue[] {
  const names: RValue[] = [];
  let name: RValue | undefined;
  for (const argument of schema.names ?? []) {
    const value = readArgument(converter, sources, argument);
    if (isNonEmptyString(value)) {
      name = value;
      names.push(value);
      break;
    }
  }
  const known = readArgument(converter, sources, 'arn');
  const arn = isNonEmptyString(known) ? known : name && schema.arn ? arnPattern(schema.arn, name) : undefined;
  if (!arn) return names;
  names.push(arn);
  const any = () => unknown('only known at deploy time', arn.span, '*');
  if (schema.kind === 'log-group' && !(isNonEmptyString(arn) && String(arn.value).endsWith(':*'))) names.push(makeString([...stringParts(arn), ':*'], arn.span));
  if (schema.kind === 's3-bucket') names.push(makeString([...stringParts(arn), '/', any()], arn.span));
  return names;
}

function isNonEmptyString(value: RValue | undefined): value is RValue & { t: 'scalar'; value: string } {
  return value?.t === 'scalar' && typeof value.value === 'string' && value.value !== '';
}

/** Schema ARN patterns split at `*` and `{name}`, once per pattern. */
const patternParts = new Map<string, string[]>();

function arnPattern(pattern: string, name: RValue): RValue {
  let split = patternParts.get(pattern);
  if (!split) patternParts.set(pattern, (split = pattern.split(/(\*|\{name\})/)));
  const parts = split.map((part) => {
    if (part === '*') return unknown('only known at deploy time', name.span, '*');
    return part === '{name}' ? String((name as { value: unknown }).value) : part;
  });
  return makeString(parts, name.span);
}
