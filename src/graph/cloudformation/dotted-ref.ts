/**
 * `Ref: Role.Arn` — a `Ref` to a name with a dot, written for `Fn::GetAtt`. A logical id and a
 * parameter name are alphanumeric, so the name is none of them: CloudFormation refuses the template
 * ("Unresolved resource dependencies [Role.Arn] in the Resources block of the template"). Except a
 * resource of a module: `Ref: Network.Vpc` names the resource `Vpc` of module `Network` (modules.ts).
 */
import type { Span } from '../../core/source.js';
import { pathStep, type SpanPath } from '../../parse/document.js';
import { hasOwn, isObject, own } from '../values.js';
import { LANGUAGE_EXTENSIONS, transformNames } from './language-transform.js';
import { isModule } from './modules.js';
import { spanAt, type TemplateContext } from './template.js';

/**
 * The first `Ref` to a dotted name among a resource's properties: why CloudFormation refuses it, and
 * where. Undefined when there is none, or when a transform that reads dotted `Ref`s may rewrite it
 * first (SAM's `Ref: Function.Alias`, `Ref: Api.Stage`; an account's macro may do anything).
 */
export function dottedRef(ctx: TemplateContext, at: SpanPath, props: Record<string, unknown>): { why: string; span: Span } | undefined {
  if (rewritesRefs(ctx)) return undefined;
  const found = firstDottedRef(props, at);
  if (!found) return undefined;
  const [head] = found.name.split('.');
  if (head !== undefined && isModule(own(ctx.resources, head))) return undefined;
  // `Ref: Role.Arn` with a resource `Role`: the attribute was meant; say how to write it.
  const hint = head !== undefined && hasOwn(ctx.resources, head) ? `; write Fn::GetAtt ${found.name}` : '';
  return { why: `CloudFormation refuses the template: Ref ${found.name} names no parameter or resource (a logical id has no dot)${hint}`, span: spanAt(ctx, found.at, 'value') };
}

/** Transforms other than `AWS::LanguageExtensions`, which leaves `Ref`s as written. */
function rewritesRefs(ctx: TemplateContext): boolean {
  return transformNames(ctx.doc).some((name) => name !== LANGUAGE_EXTENSIONS);
}

/** Depth-first, in the order the properties are written; an explicit stack, not recursion. */
function firstDottedRef(value: unknown, at: SpanPath): { name: string; at: SpanPath } | undefined {
  const stack: Array<{ value: unknown; at: SpanPath }> = [{ value, at }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (Array.isArray(next.value)) {
      for (let i = next.value.length - 1; i >= 0; i--) stack.push({ value: next.value[i], at: pathStep(next.at, i) });
    } else if (isObject(next.value)) {
      const keys = Object.keys(next.value);
      const ref = keys.length === 1 && keys[0] === 'Ref' ? next.value['Ref'] : undefined;
      if (typeof ref === 'string' && ref.includes('.')) return { name: ref, at: pathStep(next.at, 'Ref') };
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: next.value[keys[i]!], at: pathStep(next.at, keys[i]!) });
    }
  }
  return undefined;
}
