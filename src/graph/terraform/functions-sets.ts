/**
 * Terraform's set functions, evaluated statically: `setunion`, `setintersection`, `setsubtract` (of
 * known strings), and `setproduct`, which modules use to make one resource per combination
 * (`for pair in setproduct(keys(var.vpcs), var.traffic_types)`).
 */
import type { Span } from '../../core/source.js';
import { scalar, unknown } from '../values.js';
import { MAX_ELEMENTS } from './evaluate.js';
import type { EagerFunction } from './functions.js';
import { knownString, varray, verror, type V } from './values.js';
import { firstProblem } from './walks.js';

/** Known strings of a list, or undefined. */
export function knownStrings(items: V[]): string[] | undefined {
  const out = items.map(knownString);
  return out.every((s): s is string => s !== undefined) ? out : undefined;
}

function setOperation(args: V[], span: Span, keep: (inFirst: boolean, inAll: boolean, inOthers: boolean) => boolean, name: string): V {
  const problem = firstProblem(args, span);
  if (problem) return problem;
  const maybeSets = args.map((a) => (a.t === 'array' ? knownStrings(a.items) : undefined));
  if (maybeSets.some((s) => s === undefined) || maybeSets.length === 0) return unknown(`${name}() of values that are not known lists of strings`, span);
  const sets = maybeSets as string[][];
  const [first, ...others] = sets;
  const all = [...new Set(sets.flat())].sort();
  const result = all.filter((s) => keep(first!.includes(s), sets.every((set) => set.includes(s)), others.some((set) => set.includes(s))));
  return varray(result.map((s) => scalar(s, span)), span);
}

/**
 * `setproduct(a, b, …)`: every combination of one element of each argument, as a list per
 * combination, the first argument varying slowest (the order the Terraform documentation shows; a
 * list argument keeps its order). An empty argument makes the product empty. Elements keep their
 * values, whatever their type: `pair[0]` of a product of `keys(map)` is the key, still naming its line.
 */
function setproduct(args: V[], span: Span): V {
  if (args.length < 2) return verror('setproduct() needs at least two arguments', span);
  const problem = firstProblem(args, span);
  if (problem) return problem;
  const lists: V[][] = [];
  for (const arg of args) {
    if (arg.t !== 'array') return verror('setproduct() expects sets or lists', arg.span);
    lists.push(arg.items);
  }
  const size = lists.reduce((product, items) => product * items.length, 1);
  if (size === 0) return varray([], span);
  if (size > MAX_ELEMENTS) return unknown('setproduct() too large to evaluate statically', span);
  let combinations: V[][] = [[]];
  for (const items of lists) combinations = combinations.flatMap((prefix) => items.map((item) => [...prefix, item]));
  return varray(
    combinations.map((combination) => varray(combination, span)),
    span,
  );
}

export const SET_FUNCTIONS: Readonly<Record<string, EagerFunction>> = {
  setsubtract: (args, span) => setOperation(args, span, (first, _all, others) => first && !others, 'setsubtract'),
  setunion: (args, span) => setOperation(args, span, () => true, 'setunion'),
  setintersection: (args, span) => setOperation(args, span, (_first, all) => all, 'setintersection'),
  setproduct,
};
