/**
 * Nested blocks of one type, with `dynamic "<type>"` blocks expanded: each generated block is the
 * `content` body evaluated with the iterator (`<type>.key`, `<type>.value`, or the `iterator` name).
 * A `dynamic` block whose `for_each` is not known yields one unknown entry.
 */
import type { Span } from '../../core/source.js';
import type { Attribute, Body, Expr } from '../../parse/hcl/ast.js';
import { scalar, unknown } from '../values.js';
import type { RUnknown } from '../model.js';
import { attributeOf, IterationSymbols, scopeFor, spanOf, withSymbols, type Scope } from './context.js';
import { MAX_ELEMENTS, type Evaluator } from './evaluate.js';
import { describeProblem } from './problems.js';
import { objectOf, sortedKeys, type V } from './values.js';

export type BlockInstance = { body: Body; scope: Scope; span: Span } | { unknown: RUnknown };

export function blocksOf(ev: Evaluator, body: Body, type: string, outer: Scope): BlockInstance[] {
  const out: BlockInstance[] = [];
  for (const block of body.blocks) {
    const scope = scopeFor(outer, block);
    const span = spanOf(scope.file, block);
    if (block.type === type) {
      out.push({ body: block.body, scope, span });
      continue;
    }
    if (block.type !== 'dynamic' || block.labels[0] !== type) continue;
    const forEach = attributeOf(block, 'for_each');
    const content = block.body.blocks.find((b) => b.type === 'content');
    if (!forEach || !content) continue;
    const iterator = attributeOf(block, 'iterator');
    const name = iterator?.expr.k === 'traversal' && iterator.expr.steps.length === 0 ? iterator.expr.root : type;
    const collection = ev.eval(forEach.expr, scope);
    let pairs: [V, V][] | undefined;
    if (collection.t === 'array') pairs = collection.items.map((item, i) => [scalar(i, item.span), item]);
    else if (collection.t === 'object') pairs = sortedKeys(collection).map((k) => [scalar(k, collection.span), collection.entries[k]!]);
    if (!pairs || pairs.length > MAX_ELEMENTS) {
      out.push({ unknown: unknown(`dynamic "${type}" blocks: for_each ${pairs ? 'is too large' : `cannot be known statically (${describeProblem(collection)})`}`, span) });
      continue;
    }
    for (const [key, value] of pairs) {
      const symbols = new IterationSymbols(scope.symbols, name, objectOf([['key', key], ['value', value]], span));
      out.push({ body: content.body, scope: withSymbols(scope, symbols), span: spanOf(scope.file, content) });
    }
  }
  return out;
}

/**
 * Blocks of one type as `blocksOf` reads them, and also those written as an argument of that name:
 * `principals = { type = "Service", identifiers = [...] }` or a list of such objects. Terraform 0.11
 * (HCL 1) read that form as the block itself, and configurations of its day use it; 0.12 refuses it
 * ("did you mean to define a block?"). Read as the block it stands for, not skipped: a skipped
 * `principals` left a trust policy that "does not allow" the service it names. An argument whose value
 * is not written out as objects (`principals = var.p`) is one unknown block.
 */
export function blocksOrArgumentsOf(ev: Evaluator, body: Body, type: string, outer: Scope): BlockInstance[] {
  const out = blocksOf(ev, body, type, outer);
  // A repeat of the argument (`principals = { … }` twice) is one more block each, as 0.11 read it (repeated-blocks.ts).
  for (const attribute of body.repeated ? [...body.attributes, ...body.repeated] : body.attributes) {
    if (attribute.name !== type) continue;
    const scope = scopeFor(outer, attribute);
    const items = attribute.expr.k === 'tuple' ? attribute.expr.items : [attribute.expr];
    const bodies = items.map(bodyOfObject);
    if (bodies.every((b): b is Body => b !== undefined)) {
      for (const b of bodies) out.push({ body: b, scope, span: spanOf(scope.file, b) });
    } else {
      out.push({ unknown: unknown(`\`${type}\` written as an argument whose objects are not written out`, spanOf(scope.file, attribute)) });
    }
  }
  return out;
}

/** An object constructor with literal keys, as the body of the block it stands for; undefined for anything else. */
function bodyOfObject(expr: Expr): Body | undefined {
  const inner = expr.k === 'parens' ? expr.expr : expr;
  if (inner.k !== 'object') return undefined;
  const attributes: Attribute[] = [];
  for (const { key, value } of inner.items) {
    const keyExpr = key.k === 'template' && key.parts.length === 1 && typeof key.parts[0] === 'string' ? { k: 'literal' as const, value: key.parts[0] } : key;
    if (keyExpr.k !== 'literal' || typeof keyExpr.value !== 'string') return undefined;
    attributes.push({ name: keyExpr.value, nameRange: { start: key.start, end: key.end }, expr: value, start: key.start, end: value.end });
  }
  return { start: inner.start, end: inner.end, attributes, blocks: [] };
}
