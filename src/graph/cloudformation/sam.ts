/**
 * The execution role SAM generates for an `AWS::Serverless::Function` that names no `Role`: it is
 * created at deploy time as `<FunctionId>Role`, trusting what the function's `AssumeRolePolicyDocument`
 * says (lambda.amazonaws.com when there is none). The document may be written on the function, in
 * `Globals.Function`, or both: SAM then merges the function's into the global one (see `merged`).
 * When the document is written it is the user's trust policy, as much as an `AWS::IAM::Role`'s, so the
 * role becomes a node of its own and the function's `role` links to it: role-trust-principal then
 * reads it like any role. Without a written document SAM's default trust is right, and there is
 * nothing to check.
 */
import type { Span } from '../../core/source.js';
import { pathStep, type SpanPath } from '../../parse/document.js';
import { type ResourceNode, type RValue } from '../model.js';
import { ATTRIBUTES } from '../vocabulary.js';
import { policyDocument } from '../policy-json.js';
import type { Resolver } from './resolve.js';
import { propertiesOf, spanAt, uidOf, type TemplateContext } from './template.js';
import { array, hasOwn, isObject, object, own, ref, setOwn } from '../values.js';

const DOCUMENT = 'AssumeRolePolicyDocument';
const GLOBAL_DOCUMENT = ['Globals', 'Function', DOCUMENT];

/** A value as written, and where. */
interface Written {
  raw: unknown;
  at: SpanPath;
}

/** The generated role of `fn` (already built) when SAM would create one with a written trust policy; links `fn` to it. */
export function samGeneratedRole(r: Resolver, ctx: TemplateContext, fn: ResourceNode): ResourceNode | undefined {
  if (fn.type !== 'AWS::Serverless::Function' || hasOwn(fn.attrs, ATTRIBUTES['lambda-function'].role)) return undefined;
  const props = propertiesOf(ctx.resources[fn.id]);
  const globals = own(own(ctx.doc.value, 'Globals'), 'Function');
  const local: Written | undefined = hasOwn(props, DOCUMENT) ? { raw: props[DOCUMENT], at: pathStep(['Resources', fn.id, 'Properties'], DOCUMENT) } : undefined;
  const global: Written | undefined = isObject(globals) && hasOwn(globals, DOCUMENT) ? { raw: globals[DOCUMENT], at: GLOBAL_DOCUMENT } : undefined;
  const written = local ?? global;
  if (!written) return undefined;
  const roleId = `${fn.id}Role`;
  // A resource of that name already in the template would clash with SAM's: the deployment fails, and that is not ours to guess.
  if (hasOwn(ctx.resources, roleId)) return undefined;
  const at = written.at;
  const trust = r.top(ctx, at, () => (local && global ? merged(r, ctx, global, local) : r.resolve(ctx, written.raw, at, 0)));
  if (!trust) return undefined; // AWS::NoValue: SAM's default trust
  const keySpan = spanAt(ctx, at, 'key');
  const role: ResourceNode = {
    uid: uidOf(ctx, roleId),
    id: roleId,
    kind: 'iam-role',
    type: 'AWS::IAM::Role',
    file: fn.file,
    span: keySpan,
    // The role exists exactly when its function does (the function's Condition).
    existence: fn.existence,
    attrs: { [ATTRIBUTES['iam-role'].trustPolicy]: policyDocument(trust) },
    attrKeySpans: { [ATTRIBUTES['iam-role'].trustPolicy]: keySpan },
    names: [],
  };
  // Written on the function, a suppression is the only way to reach the role SAM makes for it.
  if (fn.suppressions) role.suppressions = fn.suppressions;
  fn.attrs[ATTRIBUTES['lambda-function'].role] = ref(role.uid, 'Arn', keySpan);
  return role;
}

/**
 * A function's value merged into `Globals.Function`'s, as SAM merges them before CloudFormation sees
 * the template: objects key by key, lists concatenated (global items first), and anything else,
 * including an intrinsic function or two values of different shapes, is the function's own.
 * Undefined when what decides is `AWS::NoValue`.
 */
function merged(r: Resolver, ctx: TemplateContext, global: Written, local: Written, depth = 0): RValue | undefined {
  const shape = shapeOf(global.raw);
  if (shape !== shapeOf(local.raw) || shape === 'primitive') return r.resolve(ctx, local.raw, local.at, depth);
  const span = spanAt(ctx, local.at);
  if (shape === 'list') {
    const items = [...itemsOf(r, ctx, global, depth), ...itemsOf(r, ctx, local, depth)];
    return array(items, span);
  }
  const globalEntries = global.raw as Record<string, unknown>;
  const localEntries = local.raw as Record<string, unknown>;
  const entries: Record<string, RValue> = {};
  const keySpans: Record<string, Span> = {};
  for (const key of new Set([...Object.keys(globalEntries), ...Object.keys(localEntries)])) {
    const g: Written | undefined = hasOwn(globalEntries, key) ? { raw: globalEntries[key], at: pathStep(global.at, key) } : undefined;
    const l: Written | undefined = hasOwn(localEntries, key) ? { raw: localEntries[key], at: pathStep(local.at, key) } : undefined;
    const from = (l ?? g)!;
    const value = g && l ? merged(r, ctx, g, l, depth + 1) : r.resolve(ctx, from.raw, from.at, depth + 1);
    if (!value) continue;
    setOwn(entries, key, value);
    setOwn(keySpans, key, spanAt(ctx, from.at, 'key'));
  }
  return object(entries, keySpans, span);
}

function itemsOf(r: Resolver, ctx: TemplateContext, list: Written, depth: number): RValue[] {
  return (list.raw as unknown[]).flatMap((item, i) => r.resolve(ctx, item, pathStep(list.at, i), depth + 1) ?? []);
}

/** SAM's kinds of value for merging Globals: an intrinsic function is a primitive (it resolves to one). */
function shapeOf(raw: unknown): 'list' | 'dict' | 'primitive' {
  if (Array.isArray(raw)) return 'list';
  if (!isObject(raw)) return 'primitive';
  const keys = Object.keys(raw);
  const fn = keys[0];
  const intrinsic = keys.length === 1 && fn !== undefined && (fn === 'Ref' || fn === 'Condition' || fn.startsWith('Fn::'));
  return intrinsic ? 'primitive' : 'dict';
}
