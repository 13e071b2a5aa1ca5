/**
 * CloudFormation properties → the shared attribute vocabulary (`ATTRIBUTES` in ../vocabulary.ts). Only
 * properties that are present (and not `AWS::NoValue`) become attributes; defaults are the rules' job.
 */
import type { Span } from '../../core/source.js';
import { pathStep, type SpanPath } from '../../parse/document.js';
import { type ResourceKind, type ResourceNode, type RValue } from '../model.js';
import { ATTRIBUTES } from '../vocabulary.js';
import { policyDocument } from '../policy-json.js';
import type { WrittenAt } from '../written-string.js';
import type { Resolver } from './resolve.js';
import { addCustomResourceInputs } from './custom-resources.js';
import { dottedRef } from './dotted-ref.js';
import { refusedFor } from './undeclared.js';
import { isCustomResource } from './kinds.js';
import { isModuleType } from './modules.js';
import { misplacedProperty } from './misplaced-properties.js';
import { localTemplatePath, nestedStackOf, propertiesOf, spanAt, uidOf, type TemplateContext } from './template.js';
import { array, firstUndeclared, hasOwn, isObject, own, scalar, unknown } from '../values.js';

const FLOW_LOG = ATTRIBUTES['flow-log'];
const ROLE = ATTRIBUTES['iam-role'];
const POLICY = ATTRIBUTES['iam-policy'];

/** Property name → attribute name, per kind. */
const PROPERTY_ATTRIBUTES: Partial<Record<ResourceKind, Record<string, string>>> = {
  'flow-log': {
    ResourceType: FLOW_LOG.targetType,
    ResourceId: FLOW_LOG.target,
    TrafficType: FLOW_LOG.trafficType,
    LogDestinationType: FLOW_LOG.destinationType,
    LogDestination: FLOW_LOG.destination,
    LogGroupName: FLOW_LOG.logGroupName,
    DeliverLogsPermissionArn: FLOW_LOG.deliveryRole,
    DeliverCrossAccountRole: FLOW_LOG.crossAccountRole,
    MaxAggregationInterval: FLOW_LOG.maxAggregationInterval,
  },
  'log-group': { RetentionInDays: ATTRIBUTES['log-group'].retentionDays, LogGroupClass: ATTRIBUTES['log-group'].logGroupClass },
  subnet: { VpcId: ATTRIBUTES.subnet.vpc },
  'transit-gateway-attachment': { VpcId: ATTRIBUTES['transit-gateway-attachment'].vpc },
  'iam-role': { AssumeRolePolicyDocument: ROLE.trustPolicy, Policies: ROLE.inlinePolicies, ManagedPolicyArns: ROLE.managedPolicies },
  'iam-policy': { PolicyDocument: POLICY.document, Roles: POLICY.roles, RoleName: POLICY.roles },
  'iam-managed-policy': { PolicyDocument: ATTRIBUTES['iam-managed-policy'].document, Roles: ATTRIBUTES['iam-managed-policy'].roles },
  'lambda-function': { Role: ATTRIBUTES['lambda-function'].role },
  'instance-profile': { Roles: ATTRIBUTES['instance-profile'].roles },
  'ecs-task-definition': {
    TaskRoleArn: ATTRIBUTES['ecs-task-definition'].taskRole,
    ExecutionRoleArn: ATTRIBUTES['ecs-task-definition'].executionRole,
  },
  stack: { Parameters: ATTRIBUTES.stack.inputs },
};

/** Attributes whose value is a policy document (JSON strings are parsed). */
const POLICY_DOCUMENTS = new Set<string>([ROLE.trustPolicy, POLICY.document]);

export interface Attributes {
  attrs: Record<string, RValue>;
  attrKeySpans: Record<string, Span>;
  /** Why CloudFormation would refuse the resource as written, and where: it never exists. */
  refused?: { why: string; span: Span };
}

export function attributesOf(r: Resolver, ctx: TemplateContext, id: string, kind: ResourceKind): Attributes {
  const attrs: Record<string, RValue> = {};
  const attrKeySpans: Record<string, Span> = {};
  const table = PROPERTY_ATTRIBUTES[kind];
  const props = propertiesOf(ctx.resources[id]);
  const at = ['Resources', id, 'Properties'];
  // A resource whose properties sit beside `Properties` is refused, but read as written, so that what
  // uses it (the VPC a flow log was meant for, the flow log a role was meant for) names it as the near
  // miss it is.
  const misplaced = readsProperties(ctx, id, kind) ? misplacedProperty(ctx, ['Resources', id], id) : undefined;
  const beside = misplaced ? ctx.resources[id] as Record<string, unknown> : {};
  for (const [property, attr] of Object.entries(table ?? {})) {
    const written = hasOwn(props, property) ? props : hasOwn(beside, property) ? beside : undefined;
    if (!written) continue;
    const propertyAt = pathStep(written === props ? at : ['Resources', id], property);
    const value = r.top(ctx, propertyAt, () => r.resolve(ctx, written[property], propertyAt, 0));
    if (!value) continue;
    attrs[attr] = POLICY_DOCUMENTS.has(attr) ? policyDocument(value, writtenString(ctx, written[property], value)) : attr === ROLE.inlinePolicies ? inlinePolicies(value) : value;
    attrKeySpans[attr] = spanAt(ctx, propertyAt, 'key');
  }
  if (hasOwn(props, 'Fn::Transform')) addIncluded(ctx, pathStep(at, 'Fn::Transform'), table ?? {}, attrs, attrKeySpans);
  // Beside `Type` (AWS::Include may be used anywhere but in Parameters), the snippet may hold `Properties` whole.
  else if (hasOwn(ctx.resources[id], 'Fn::Transform')) addIncluded(ctx, ['Resources', id, 'Fn::Transform'], table ?? {}, attrs, attrKeySpans);
  const type = String(own(ctx.resources[id], 'Type'));
  if (kind === 'stack' && isCustomResource(type)) addCustomResourceInputs(r, ctx, id, attrs, attrKeySpans, 'its function runs at deploy time, outside this run');
  else if (kind === 'stack' && isModuleType(type)) addCustomResourceInputs(r, ctx, id, attrs, attrKeySpans, 'its resources are the registered module\'s, outside this run');
  else if (kind === 'stack') addStackResolved(r, ctx, id, attrs, attrKeySpans);
  const refused =
    misplaced ??
    (kind === 'flow-log' ? apiTarget(r, ctx, at, props, attrs, attrKeySpans) ?? dottedRef(ctx, at, props) ?? undeclaredUse(attrs) : undefined) ??
    (type === 'AWS::CloudFormation::Stack' ? stackWithoutTemplate(ctx, id, props) : undefined);
  return refused ? { attrs, attrKeySpans, refused } : { attrs, attrKeySpans };
}

/**
 * A nested stack with no `TemplateURL`, or one that `!Ref AWS::NoValue` removes: CloudFormation
 * requires it, and refuses the template ("Required property TemplateURL"). Whatever the stack was
 * handed (a VPC to log) goes nowhere. An `Fn::If` that removes it only by default is said where the
 * VPC is (`unreadLocation`): another deployment may give it one.
 */
function stackWithoutTemplate(ctx: TemplateContext, id: string, props: unknown): { why: string; span: Span } | undefined {
  const written = own(props, 'TemplateURL');
  if (written === undefined && !hasOwn(props, 'TemplateURL')) {
    return { why: 'CloudFormation refuses the template: an AWS::CloudFormation::Stack requires a TemplateURL, and this one has none', span: spanAt(ctx, ['Resources', id], 'key') };
  }
  if (own(written, 'Ref') === 'AWS::NoValue') {
    return { why: 'CloudFormation refuses the template: its TemplateURL is `!Ref AWS::NoValue`, which removes it, and an AWS::CloudFormation::Stack requires one', span: spanAt(ctx, ['Resources', id, 'Properties', 'TemplateURL']) };
  }
  return undefined;
}

/**
 * Kinds whose properties the graph reads (here, in names.ts and sam.ts): one of them written beside
 * `Properties` would otherwise read as a resource without it (a log group that never expires, a role
 * that trusts nobody), a silent false negative. A registered module's keys are its own business.
 */
const READS_PROPERTIES: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  ...(Object.keys(PROPERTY_ATTRIBUTES) as ResourceKind[]),
  's3-bucket',
  'firehose-stream',
]);

function readsProperties(ctx: TemplateContext, id: string, kind: ResourceKind): boolean {
  return READS_PROPERTIES.has(kind) && !isModuleType(String(own(ctx.resources[id], 'Type')));
}

/** A flow log whose properties name something the template does not declare is never created (undeclared.ts). */
function undeclaredUse(attrs: Record<string, RValue>): Attributes['refused'] {
  const found = firstUndeclared(attrs);
  return found && { why: refusedFor(found), span: found.span };
}

/**
 * `ResourceIds: [!Ref Vpc]`, the EC2 API's name for a flow log's targets (`CreateFlowLogs`), which
 * CloudFormation's `AWS::EC2::FlowLog` does not have (it takes one `ResourceId`): common in public
 * templates, and refused at deployment. The flow log never exists; its first id is kept as its
 * target, so the VPC's finding names it and why, rather than "no flow log".
 */
function apiTarget(r: Resolver, ctx: TemplateContext, at: SpanPath, props: Record<string, unknown>, attrs: Record<string, RValue>, keySpans: Record<string, Span>): Attributes['refused'] {
  if (!hasOwn(props, 'ResourceIds') || hasOwn(props, 'ResourceId')) return undefined;
  const propertyAt = pathStep(at, 'ResourceIds');
  const span = spanAt(ctx, propertyAt, 'key');
  const value = r.top(ctx, propertyAt, () => r.resolve(ctx, props['ResourceIds'], propertyAt, 0));
  const first = value?.t === 'array' ? value.items[0] : undefined;
  if (first && !hasOwn(attrs, FLOW_LOG.target)) {
    attrs[FLOW_LOG.target] = first;
    keySpans[FLOW_LOG.target] = span;
  }
  return { why: 'CloudFormation refuses it: AWS::EC2::FlowLog has no property ResourceIds (the EC2 API\'s name); write ResourceId, with one id', span };
}

/**
 * `Fn::Transform` among the properties (an `AWS::Include` snippet) adds properties at deploy time:
 * each one not written here is unknown, and one that names a resource may name any of this template.
 */
function addIncluded(ctx: TemplateContext, at: SpanPath, table: Record<string, string>, attrs: Record<string, RValue>, keySpans: Record<string, Span>, by = 'Fn::Transform'): void {
  const span = spanAt(ctx, at, 'key');
  for (const attr of Object.values(table)) {
    if (hasOwn(attrs, attr)) continue;
    attrs[attr] = { ...unknown(`it may be added at deploy time by ${by}`, span), mayBeAnyIn: new Set([ctx.doc.file.path]) };
    keySpans[attr] = span;
  }
}

/**
 * `Fn::Transform` directly under `Resources` (an `AWS::Include` of a snippet of resources) adds
 * resources the run cannot see, a flow log of any VPC of the template among them: a placeholder flow
 * log whose every attribute is unknown stands for what it may add. Undefined when there is none.
 */
export function includedFlowLog(ctx: TemplateContext): ResourceNode | undefined {
  if (!hasOwn(ctx.resources, 'Fn::Transform')) return undefined;
  return placeholderFlowLog(ctx, ['Resources', 'Fn::Transform'], 'Fn::Transform', 'Fn::Transform');
}

/**
 * A template-level `Transform` that may add resources at deploy time: a macro of the account (any
 * name outside AWS's own `AWS::` transforms) hands the whole template to a Lambda function the run
 * cannot see, and `{ Name: AWS::Include, Parameters: { Location } }` inserts a snippet from S3. As
 * for `Fn::Transform` under `Resources`, a placeholder flow log stands for what they may add. SAM,
 * `AWS::LanguageExtensions` and AWS's other transforms add no flow log. Undefined when there is none.
 */
export function macroFlowLog(ctx: TemplateContext): ResourceNode | undefined {
  const written = own(ctx.doc.value, 'Transform');
  const adders = (Array.isArray(written) ? written : [written]).flatMap((entry) => {
    const name = isObject(entry) ? own(entry, 'Name') : entry;
    if (typeof name !== 'string' || name === '') return [];
    if (name === 'AWS::Include') return isObject(entry) ? ['AWS::Include'] : [];
    return name.startsWith('AWS::') ? [] : [name];
  });
  if (adders.length === 0) return undefined;
  const names = adders.join(', ');
  const by = adders.map((name) => (name === 'AWS::Include' ? name : `macro ${name}`)).join(', ');
  // A logical id has no space: the placeholder never takes the id (nor the uid) of a resource.
  return placeholderFlowLog(ctx, ['Transform'], `Transform ${names}`, by);
}

function placeholderFlowLog(ctx: TemplateContext, at: SpanPath, id: string, by: string): ResourceNode {
  const span = spanAt(ctx, at, 'key');
  const existence: ResourceNode['existence'] = { state: 'unknown', why: `it stands for what ${by} may add at deploy time`, span };
  const node: ResourceNode = { uid: uidOf(ctx, id), id, kind: 'flow-log', type: by === 'Fn::Transform' ? 'Fn::Transform' : 'Transform', file: ctx.doc.file.path, span, existence, attrs: {}, attrKeySpans: {}, names: [] };
  addIncluded(ctx, at, PROPERTY_ATTRIBUTES['flow-log'] ?? {}, node.attrs, node.attrKeySpans, by);
  return node;
}

/**
 * A policy written as a string (a YAML block scalar, or the string of an `Fn::Sub`, the usual way to
 * put the account id in): findings inside its JSON point at its lines (lines with a `${…}` stay on the
 * whole value; see written-string.ts).
 */
function writtenString(ctx: TemplateContext, raw: unknown, value: RValue): WrittenAt | undefined {
  const sub = own(raw, 'Fn::Sub');
  const written = typeof raw === 'string' || typeof sub === 'string' || (Array.isArray(sub) && typeof sub[0] === 'string');
  if (!written) return undefined;
  // A string in a JSON template is a quoted literal with escapes, as is a double-quoted YAML scalar.
  const quoted = typeof raw === 'string' && ctx.doc.file.text[value.span.start] === '"';
  return { span: value.span, sourceText: () => ctx.doc.file.text, ...(quoted ? { quoted } : {}) };
}

/** `Policies: [{ PolicyName, PolicyDocument }]` → an array of policy documents. */
function inlinePolicies(value: RValue): RValue {
  if (value.t === 'unknown') return value;
  if (value.t !== 'array') return unknown('Policies must be a list', value.span);
  const items = value.items.map((item) => {
    if (item.t === 'unknown') return item;
    if (item.t !== 'object') return unknown('each entry of Policies must be an object', item.span);
    const document = hasOwn(item.entries, 'PolicyDocument') ? item.entries['PolicyDocument'] : undefined;
    return document ? policyDocument(document) : unknown('policy without a PolicyDocument', item.span);
  });
  return array(items, value.span);
}

/** Whether the run has the nested stack's template with its parameters (its resources are then in the graph), and if not, why. */
function addStackResolved(r: Resolver, ctx: TemplateContext, id: string, attrs: Record<string, RValue>, keySpans: Record<string, Span>): void {
  const resource = ctx.resources[id];
  const property = own(resource, 'Type') === 'AWS::Serverless::Application' ? 'Location' : 'TemplateURL';
  const at = ['Resources', id, 'Properties', property];
  const written = hasOwn(propertiesOf(resource), property);
  const nested = nestedStackOf(ctx, id);
  const span = written ? spanAt(ctx, at) : spanAt(ctx, ['Resources', id], 'key');
  attrs[ATTRIBUTES.stack.resolved] = scalar('child' in nested, span);
  // The rules' own words cover a local template that is not in the run; a shared one, and a location
  // that names no file, need saying.
  const why = 'opaque' in nested && (ctx.children.has(id) || ctx.unparsedChildren.has(id)) ? nested.opaque : unreadLocation(r, ctx, at, resource, property);
  if (why !== undefined) attrs[ATTRIBUTES.stack.opaque] = scalar(why, span);
  if (written) keySpans[ATTRIBUTES.stack.resolved] = spanAt(ctx, at, 'key');
}

/**
 * Why a nested stack's template cannot be in the run when its location names no file: a URL
 * (`https://…`, `s3://…`), also one joined from literals or taken from a parameter's default (then
 * "by default"), an application of the Serverless Application Repository (SAM's `Location:
 * { ApplicationId, SemanticVersion }`), or a value made at deploy time (`!Sub ${TemplateBucket}/flow-logs.yml`),
 * where "not part of this run" would send the user looking for a file that is there.
 */
function unreadLocation(r: Resolver, ctx: TemplateContext, at: SpanPath, resource: unknown, property: string): string | undefined {
  const location = own(propertiesOf(resource), property);
  if (location === undefined || localTemplatePath(resource) !== undefined) return undefined;
  if (location === '') return `its ${property} is empty, so it names no template`;
  if (typeof location === 'string') return `its ${property} is a URL (${shortened(location)}), and flowguard reads templates from disk only`;
  const [fn] = isObject(location) ? Object.keys(location) : [];
  const intrinsic = fn !== undefined && (fn === 'Ref' || fn.startsWith('Fn::'));
  if (!intrinsic && !(isObject(location) && hasOwn(location, 'ApplicationId'))) {
    // A number, a list, `null`, a mapping of no function: written as is, not made at deploy time.
    return `its ${property} is ${shortened(JSON.stringify(location))}, neither a path nor a URL, so it names no template`;
  }
  if (isObject(location) && hasOwn(location, 'ApplicationId')) {
    const app = knownText(r, ctx, pathStep(at, 'ApplicationId'), location['ApplicationId']);
    const version = knownText(r, ctx, pathStep(at, 'SemanticVersion'), location['SemanticVersion']);
    const which = app === undefined ? '' : ` (${app}${version === undefined ? '' : `, version ${version}`})`;
    return `its ${property} is an application of the AWS Serverless Application Repository${which}, and flowguard reads templates from disk only`;
  }
  const value = r.top(ctx, at, () => r.resolve(ctx, location, at, 0));
  // `AWS::NoValue` removes the property: no location at all, not one made at deploy time.
  if (value === undefined) return noLocation(location, property, fn);
  const resolved = textOf(value);
  if (resolved !== undefined && URL_SCHEME.test(resolved)) {
    // Joined from literals it is that URL; through a parameter, only unless the deployment overrides its default.
    const byDefault = value?.origin?.length || takesParameter(location) ? ', by default,' : '';
    return `its ${property}${byDefault} is a URL (${shortened(resolved)}), and flowguard reads templates from disk only`;
  }
  // `!Sub https://${TemplateBucket}.s3.amazonaws.com/x.yaml`, the bucket without a default: a URL still,
  // whatever the deployment fills in; "made when the stack is deployed" would hide that it is one.
  const partly = value?.t === 'template' ? templateText(value) : undefined;
  if (partly !== undefined && URL_SCHEME.test(partly)) {
    return `its ${property} is a URL (${shortened(partly)}, completed when the stack is deployed), and flowguard reads templates from disk only`;
  }
  return `its ${property} is made when the stack is deployed (${fn}), so which template it names is not known here`;
}

/**
 * `TemplateURL: !Ref AWS::NoValue` (or an `Fn::If` whose branch by default is): the property is
 * removed, so the stack has none, and CloudFormation refuses a stack without its template.
 */
function noLocation(location: unknown, property: string, fn: string | undefined): string {
  if (own(location, 'Ref') === 'AWS::NoValue') {
    return `its ${property} is \`!Ref AWS::NoValue\`, which removes the property: the stack has no ${property}, and CloudFormation refuses a stack without one`;
  }
  return `its ${property} is, by default, AWS::NoValue (${fn ?? 'Fn::If'}), which removes the property: the stack then has no ${property}, and CloudFormation refuses a stack without one`;
}

/** The text of a value known statically (literals, parameter defaults), else undefined. */
function knownText(r: Resolver, ctx: TemplateContext, at: SpanPath, raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  return raw === undefined ? undefined : textOf(r.top(ctx, at, () => r.resolve(ctx, raw, at, 0)));
}

/**
 * Whether a value is made with a parameter (`Ref`, `${Name}` in `Fn::Sub`, or `Fn::If`, whose
 * condition is evaluated on parameter defaults), whose default a deployment may override.
 */
function takesParameter(raw: unknown): boolean {
  if (Array.isArray(raw)) return raw.some(takesParameter);
  if (!isObject(raw)) return false;
  if (hasOwn(raw, 'Fn::If')) return true;
  const ref = raw['Ref'];
  if (typeof ref === 'string' && !ref.startsWith('AWS::')) return true;
  const sub = raw['Fn::Sub'];
  const text = Array.isArray(sub) ? sub[0] : sub;
  if (typeof text === 'string' && /\$\{(?!AWS::|!)/.test(text)) return true;
  return Object.values(raw).some(takesParameter);
}

/** A scheme and `//`: `https://…`, `s3://…`. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A partly known string as written: `${Name}` for a parameter or pseudo parameter, `${Res.Attr}` for a resource's, `${…}` for anything else. */
function templateText(value: Extract<RValue, { t: 'template' }>): string {
  return value.parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if (part.t === 'unknown') return `\${${part.symbol ?? '…'}}`;
      const id = part.target.slice(part.target.lastIndexOf('#') + 1);
      return `\${${part.attribute === 'Ref' ? id : `${id}.${part.attribute}`}}`;
    })
    .join('');
}

function textOf(value: RValue | undefined): string | undefined {
  return value?.t === 'scalar' && (typeof value.value === 'string' || typeof value.value === 'number') && value.value !== '' ? String(value.value) : undefined;
}

function shortened(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

