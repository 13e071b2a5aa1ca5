/**
 * Nested blocks of one type, with `dynamic "<type>"` blocks expanded: each generated block is the
 * `content` body evaluated with the iterator (`<type>.key`, `<type>.value`, or the `iterator` name).
 * A `dynamic` block whose `for_each` is not known yields one unknown entry.
 */
import type { Span } from '../../core/source.js';
import type { Body } from '../../parse/hcl/ast.js';
import { scalar, unknown } from '../values.js';
import type { RUnknown } from '../model.js';
import { attributeOf, scopeFor, spanOf, type Scope } from './context.js';
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
      const symbols = new Map(scope.symbols ?? []);
      symbols.set(name, objectOf([['key', key], ['value', value]], span));
      out.push({ body: content.body, scope: { ...scope, symbols }, span: spanOf(scope.file, content) });
    }
  }
  return out;
}
