/**
 * The execution role SAM generates for an `AWS::Serverless::Function` that names no `Role`: it is
 * created at deploy time as `<FunctionId>Role`, trusting what the function's own
 * `AssumeRolePolicyDocument` says (lambda.amazonaws.com when there is none). When the document is
 * written it is the user's trust policy, as much as an `AWS::IAM::Role`'s, so the role becomes a node
 * of its own and the function's `role` links to it: role-trust-principal then reads it like any role.
 * Without a written document SAM's default trust is right, and there is nothing to check.
 */
import { pathStep } from '../../parse/document.js';
import { ATTRIBUTES, type ResourceNode } from '../model.js';
import { policyDocument } from '../policy-json.js';
import type { Resolver } from './resolve.js';
import { propertiesOf, spanAt, uidOf, type TemplateContext } from './template.js';
import { hasOwn, ref } from '../values.js';

const DOCUMENT = 'AssumeRolePolicyDocument';

/** The generated role of `fn` (already built) when SAM would create one with a written trust policy; links `fn` to it. */
export function samGeneratedRole(r: Resolver, ctx: TemplateContext, fn: ResourceNode): ResourceNode | undefined {
  if (fn.type !== 'AWS::Serverless::Function' || hasOwn(fn.attrs, ATTRIBUTES['lambda-function'].role)) return undefined;
  const props = propertiesOf(ctx.resources[fn.id]);
  if (!hasOwn(props, DOCUMENT)) return undefined;
  const roleId = `${fn.id}Role`;
  // A resource of that name already in the template would clash with SAM's: the deployment fails, and that is not ours to guess.
  if (hasOwn(ctx.resources, roleId)) return undefined;
  const at = pathStep(['Resources', fn.id, 'Properties'], DOCUMENT);
  const trust = r.top(ctx, at, () => r.resolve(ctx, props[DOCUMENT], at, 0));
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
