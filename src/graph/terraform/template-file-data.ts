/**
 * `data "template_file"` (the archived `hashicorp/template` provider, still in much Terraform written
 * before `templatefile()` existed): its `rendered` attribute is `template` rendered as a template
 * whose only names are the keys of `vars`, as `templatefile()` renders a file. Often the trust policy
 * or the permissions of a role (`template = file("assume_role_policy.json")`), so it is read, not
 * left unknown. The result is shown where `rendered` is used, as a `templatefile()` call's is.
 */
import type { Span } from '../../core/source.js';
import { DEFAULT_PARSE_LIMITS } from '../../parse/document.js';
import type { HclFile } from '../../parse/hcl/ast.js';
import { parseTemplateFile } from '../../parse/hcl/template-file.js';
import { unknown } from '../values.js';
import { attributeOf, fileFor, PENDING, scopeFor, spanOf, type ResourceInstance } from './context.js';
import type { Evaluator } from './evaluate.js';
import { isProblem, knownString, relocate, type V } from './values.js';

export function renderedTemplate(ev: Evaluator, res: ResourceInstance, span: Span): V {
  const memo = res.attrs.get('rendered');
  if (memo === PENDING) return unknown('reference cycle', span);
  if (memo) return shownAt(memo, span);
  res.attrs.set('rendered', PENDING);
  let value: V;
  try {
    value = ev.nested(span, () => render(ev, res, span));
  } finally {
    res.attrs.delete('rendered');
  }
  res.attrs.set('rendered', value);
  return value;
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
  const parsed = parseTemplateFile(text, DEFAULT_PARSE_LIMITS.maxDepth);
  if (!parsed.ok) return unknown(`${what}: its template does not parse (${parsed.problem.message})`, span);
  // Positions inside the rendered text are not positions of any file the run read: every part is
  // shown where `rendered` is used.
  const file: HclFile = { file: { ...scope.file.file, text }, body: { attributes: [], blocks: [], start: 0, end: 0 }, comments: [] };
  const value = ev.eval(parsed.expr, { inst: scope.inst, file, symbols, template: true });
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
