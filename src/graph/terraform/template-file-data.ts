/**
 * `data "template_file"` (the archived `hashicorp/template` provider, still in much Terraform written
 * before `templatefile()` existed): its `rendered` attribute is `template` rendered as a template
 * whose only names are the keys of `vars`, as `templatefile()` renders a file. Often the trust policy
 * or the permissions of a role (`template = file("assume_role_policy.json")`), so it is read, not
 * left unknown. The result is shown where `rendered` is used, as a `templatefile()` call's is.
 */
import type { Span } from '../../core/source.js';
import { unknown } from '../values.js';
import { attributeOf, fileFor, scopeFor, spanOf, type ResourceInstance } from './context.js';
import type { Evaluator } from './evaluate.js';
import { renderTemplate } from './functions-files.js';
import { memoOf } from './memo.js';
import { isProblem, knownString, relocate, type V } from './values.js';

export function renderedTemplate(ev: Evaluator, res: ResourceInstance, span: Span): V {
  const value = memoOf(ev, res.attrs, 'rendered', () => unknown('reference cycle', span), () => ev.nested(span, () => render(ev, res, span)));
  return shownAt(value, span);
}

function render(ev: Evaluator, res: ResourceInstance, span: Span): V {
  const { decl, scope } = res;
  const what = `data.template_file.${decl.name}.rendered`;
  const templateArgument = attributeOf(decl.block, 'template');
  // `filename` (deprecated before the provider was archived) and a template not known statically: unknown.
  if (!templateArgument) return unknown(`${what} has no template argument that can be read statically`, span);
  const template = ev.eval(templateArgument.expr, scopeFor(scope, templateArgument));
  const text = knownString(template);
  if (text === undefined) return isProblem(template) ? relocate(template, span) : unknown(`${what}: its template is not known statically`, span);
  const varsArgument = attributeOf(decl.block, 'vars');
  const symbols = new Map<string, V>();
  if (varsArgument) {
    const vars = ev.eval(varsArgument.expr, scopeFor(scope, varsArgument));
    if (vars.t !== 'object') return unknown(`${what}: its vars are not known statically`, span);
    for (const [key, value] of Object.entries(vars.entries)) symbols.set(key, value);
  }
  // Terraform 0.11 wrote `vars { name = "…" }` as a block.
  for (const block of decl.block.body.blocks.filter((b) => b.type === 'vars')) {
    for (const attribute of block.body.attributes) symbols.set(attribute.name, ev.eval(attribute.expr, scopeFor(scope, attribute)));
  }
  // Positions inside the rendered text are not positions of any file the run read: every part is
  // shown where `rendered` is used.
  const rendered = renderTemplate(ev, scope.inst, { ...scope.file.file, text }, symbols);
  if ('problem' in rendered) return unknown(`${what}: its template does not parse (${rendered.problem})`, span);
  const value = rendered.value;
  // The place that decides the text: the `template` argument.
  const origin = [spanOf(fileFor(scope.file, templateArgument), templateArgument)];
  if (value.t === 'template' || value.t === 'scalar' || value.t === 'unknown' || value.t === 'error') return shownAt({ ...value, origin }, span);
  return unknown(`${what} is not a string`, span);
}

/** The rendered text where `rendered` is used: the value and every part of it. */
function shownAt(value: V, span: Span): V {
  if (value.t === 'template') return { ...value, span, parts: value.parts.map((part) => (typeof part === 'string' ? part : { ...part, span })) };
  return { ...value, span };
}
