/**
 * The memo tables of module instances (variables, locals, outputs, expansions, resource arguments): a
 * value is computed once per instance, and a name met again while it is computed is a cycle. A value
 * that came out of a cut (reference depth, time budget) is remembered as such, so that each later use
 * counts as meeting the cut again and marks the node that uses it (see graph/limits.ts).
 */
import type { Span } from '../../core/source.js';
import { unknown } from '../values.js';
import { PENDING } from './context.js';
import type { Evaluator } from './evaluate.js';
import type { V } from './values.js';

/** The memoised value of `key`, computed the first time; `cycle` is the value of a key met again while computed. */
export function memoOf<K, T extends object>(ev: Evaluator, memo: Map<K, T | typeof PENDING>, key: K, cycle: () => T, compute: () => T): T {
  const known = memo.get(key);
  if (known === PENDING) return cycle();
  if (known !== undefined) {
    ev.ledger.reuse(known);
    return known;
  }
  memo.set(key, PENDING);
  const mark = ev.ledger.mark();
  let value: T;
  try {
    value = compute();
  } finally {
    memo.delete(key);
  }
  memo.set(key, value);
  ev.ledger.remember(value, mark);
  return value;
}

/**
 * A named value read through a reference (a variable, local, output or resource argument). Computing
 * it follows one more link of the reference chain; a link beyond `maxReferenceDepth` is not taken (nor
 * memoised: a shorter chain may reach the same name later).
 */
export function memoised(ev: Evaluator, memo: Map<string, V | typeof PENDING>, name: string, span: Span, compute: () => V): V {
  const cycle = (): V => unknown('reference cycle', span);
  if (memo.has(name)) return memoOf(ev, memo, name, cycle, compute);
  return ev.link(span, () => memoOf(ev, memo, name, cycle, compute));
}
