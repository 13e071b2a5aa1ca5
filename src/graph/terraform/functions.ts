/**
 * Terraform functions evaluated statically: `try`/`can` (which catch errors), and the collection
 * functions modules use to assemble ids and policies. String, number and file functions are in
 * `functions-text.ts`. Any other function gives an unknown naming it.
 */
import type { Span } from '../../core/source.js';
import type { Expr } from '../../parse/hcl/ast.js';
import { scalar, unknown } from '../values.js';
import type { Scope } from './context.js';
import { MAX_ELEMENTS, type Evaluator } from './evaluate.js';
import { describeProblem } from './problems.js';
import { moduleObject, outputValue } from './instances.js';
import { isWhole } from './undeclared.js';
import { knownStrings, SET_FUNCTIONS } from './functions-sets.js';
import { TEXT_FUNCTIONS, type FunctionContext } from './functions-text.js';
import { isNull, isProblem, knownNumber, knownString, objectOf, relocate, sortedKeys, varray, verror, type V, type VArray, type VObject } from './values.js';
import { allowance, equalValues, firstProblem, plainOf, withMayBe, type Allowance } from './walks.js';
import { nameTable } from '../../core/name-table.js';

export type EagerFunction = (args: V[], span: Span, ctx: FunctionContext) => V;

export function callFunction(ev: Evaluator, expr: Extract<Expr, { k: 'call' }>, scope: Scope, span: Span): V {
  const name = expr.name;
  if (name === 'try') return tryFunction(ev, expr.args, scope, span);
  if (name === 'can') return canFunction(ev, expr.args, scope, span);
  const implementation = COLLECTION_FUNCTIONS[name] ?? TEXT_FUNCTIONS[name];
  if (!implementation) return unknown(`function ${name}() is not evaluated statically`, span);
  const evaluated = expr.args.map((arg) => ev.eval(arg, scope));
  // A module is an object of its outputs to a function; lookup() reads one output, as `module.x.name` does.
  const args = evaluated.map((arg, i) => (arg.t === 'module' && !(name === 'lookup' && i === 0) ? moduleObject(ev, arg, arg.span) : arg));
  if (expr.expandFinal && args.length > 0) {
    const last = args.pop()!;
    if (last.t !== 'array') return isProblem(last) ? last : verror(`the last argument of ${name}(...) must be a list`, span);
    args.push(...last.items);
  }
  const error = args.find((a) => a.t === 'error');
  if (error) return error;
  const result = implementation(args, span, { ev, scope });
  // A member handed back (`lookup(local.by_env, "dev")`, `element(local.days, 0)`) was written
  // elsewhere: it is used here, where a finding about it belongs, and decided there, as an index is.
  return within(result.span, span) ? result : relocate(result, span);
}

function within(inner: Span, outer: Span): boolean {
  return inner.file === outer.file && inner.start >= outer.start && inner.end <= outer.end;
}

/** `try(a, b, …)`: the first argument that evaluates without an error. An unknown stops the search. */
function tryFunction(ev: Evaluator, args: Expr[], outer: Scope, span: Span): V {
  const scope = caught(outer);
  for (let i = 0; i < args.length; i++) {
    const value = ev.eval(args[i]!, scope);
    if (value.t === 'error') continue;
    if (value.t !== 'unknown') return value;
    // Terraform's try() returns an unknown when the first usable argument is unknown; the later ones
    // are what it may turn out to be.
    const rest = args.slice(i + 1).map((arg) => ev.eval(arg, scope));
    return withMayBe(value, rest.filter((v) => v.t !== 'error'));
  }
  return verror('no argument of try() could be evaluated', span);
}

function canFunction(ev: Evaluator, args: Expr[], scope: Scope, span: Span): V {
  const [arg] = args;
  if (!arg) return verror('can() takes one argument', span);
  const value = ev.eval(arg, caught(scope));
  if (value.t === 'error') return scalar(false, span);
  if (value.t === 'unknown') return { ...value, span };
  return scalar(true, span);
}

/** The scope of what `try()` and `can()` are given (see `Scope.caught`). */
function caught(scope: Scope): Scope {
  return scope.caught ? scope : { ...scope, caught: true };
}

function list(value: V | undefined, span: Span, name: string): VArray | V {
  if (!value) return verror(`${name}() is missing an argument`, span);
  if (value.t === 'array' || isProblem(value)) return value;
  return verror(`${name}() expects a list`, span);
}

/** Runs `body` with the argument as a list, passing errors and unknowns through. */
function withList(value: V | undefined, span: Span, name: string, body: (items: V[], array: VArray) => V): V {
  const l = list(value, span, name);
  if (l.t !== 'array') return l.t === 'unknown' ? { ...l, span } : l;
  return body(l.items, l);
}

function coalesce(args: V[], span: Span): V {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.t === 'unknown') return withMayBe({ ...a, span }, args.slice(i));
    if (isNull(a) || (a.t === 'scalar' && a.value === '')) continue;
    return a;
  }
  return verror('no non-null, non-empty argument to coalesce()', span);
}

function coalescelist(args: V[], span: Span): V {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.t === 'unknown') return withMayBe({ ...a, span }, args.slice(i));
    if (a.t === 'array' && a.items.length > 0) return a;
  }
  return verror('no non-empty list argument to coalescelist()', span);
}

function merge(args: V[], span: Span): V {
  const pairs = new Map<string, V>();
  for (const a of args) {
    if (isNull(a)) continue;
    if (a.t === 'unknown') return withMayBe({ ...a, span }, args);
    if (a.t !== 'object') return verror('merge() expects maps or objects', span);
    for (const [k, v] of Object.entries(a.entries)) pairs.set(k, v);
  }
  return objectOf(pairs, span);
}

function concat(args: V[], span: Span): V {
  const items: V[] = [];
  for (const a of args) {
    if (a.t === 'unknown') return withMayBe({ ...a, span }, args);
    if (a.t !== 'array') return verror('concat() expects lists', span);
    items.push(...a.items);
    if (items.length > MAX_ELEMENTS) return unknown('list too large to evaluate statically', span);
  }
  return varray(items, span);
}

function lookup([map, key, fallback]: V[], span: Span, ctx: FunctionContext): V {
  const { ev } = ctx;
  if (!map || !key) return verror('lookup() takes a map and a key', span);
  const problem = firstProblem([map, key], span);
  if (problem) return problem;
  const name = knownString(key);
  if (map.t === 'module') {
    // An output the module declares, or one a state may still hold, is read as `module.x.name` reads it.
    if (name === undefined || !map.inst) return lookup([moduleObject(ev, map, map.span), key, ...(fallback ? [fallback] : [])], span, ctx);
    if (map.fromState || map.inst.def.outputs.has(name)) return outputValue(ev, map.inst, map.name, name, span, map.fromState);
    // A file of its folder the run does not hold may declare it.
    if (!isWhole(ev.host, map.inst.def)) return unknown(`module ${map.name} may declare an output "${name}" in a file the run does not hold`, span);
    return fallback ?? verror(`module ${map.name} has no output "${name}"`, span);
  }
  if (map.t !== 'object' || name === undefined) return unknown('lookup() on a value that is not a known map', span);
  if (Object.prototype.hasOwnProperty.call(map.entries, name)) return map.entries[name]!;
  return fallback ?? verror(`the map has no key "${name}"`, span);
}

function flattenInto(items: V[], out: V[], depth: number, budget: Allowance): boolean {
  for (const item of items) {
    if (--budget.left < 0) return false;
    if (item.t === 'array' && depth < 32) {
      if (!flattenInto(item.items, out, depth + 1, budget)) return false;
    } else if (item.t === 'unknown') return false;
    else out.push(item);
    if (out.length > MAX_ELEMENTS) return false;
  }
  return true;
}

function distinctItems(items: V[]): V[] {
  const out: V[] = [];
  const seen = new Set<string>();
  const budget = allowance();
  for (const item of items) {
    const plain = plainOf(item, budget);
    if (plain !== undefined) {
      const key = JSON.stringify(plain);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(item);
  }
  return out;
}

const COLLECTION_FUNCTIONS: Readonly<Record<string, EagerFunction>> = nameTable({
  coalesce,
  coalescelist,
  merge,
  concat,
  lookup,
  jsonencode: ([value], span) => (value ? { t: 'json', value, span } : verror('jsonencode() takes one argument', span)),
  length: ([value], span) => {
    if (!value) return verror('length() takes one argument', span);
    if (value.t === 'array') return scalar(value.items.length, span);
    if (value.t === 'object') return scalar(Object.keys(value.entries).length, span);
    const text = knownString(value);
    if (text !== undefined && value.t === 'scalar' && typeof value.value === 'string') return scalar([...text].length, span);
    return isProblem(value) ? { ...value, span } : unknown(`length() of a value not known statically (${describeProblem(value)})`, span);
  },
  element: ([value, at], span) =>
    withList(value, span, 'element', (items) => {
      const n = at ? knownNumber(at) : undefined;
      // An index not known statically may pick any element.
      if (n === undefined) return at?.t === 'unknown' ? withMayBe({ ...at, span }, items) : at && isProblem(at) ? at : verror('element() needs a number', span);
      if (items.length === 0) return verror('element() of an empty list', span);
      return items[((Math.floor(n) % items.length) + items.length) % items.length]!;
    }),
  one: ([value], span) => withList(value, span, 'one', (items) => (items.length === 0 ? scalar(null, span) : items.length === 1 ? items[0]! : verror('one() of a list with more than one element', span))),
  compact: ([value], span) => withList(value, span, 'compact', (items) => varray(items.filter((i) => !(isNull(i) || (i.t === 'scalar' && i.value === ''))), span)),
  flatten: ([value], span) =>
    withList(value, span, 'flatten', (items) => {
      const out: V[] = [];
      return flattenInto(items, out, 0, allowance()) ? varray(out, span) : unknown('flatten() of a list with elements not known statically', span);
    }),
  distinct: ([value], span) => withList(value, span, 'distinct', (items) => varray(distinctItems(items), span)),
  // The conversions make a list, set or map, which equality tells from a tuple or object (equalValues).
  tolist: ([value], span) => withList(value, span, 'tolist', (items) => ({ ...varray(items, span), typed: 'list' })),
  toset: ([value], span) =>
    withList(value, span, 'toset', (items) => {
      const unique = distinctItems(items);
      const texts = knownStrings(unique);
      const sorted = texts ? texts.map((t, i) => ({ ...(unique[i] as V & { t: 'scalar' }), value: t })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)) : unique;
      return { ...varray(sorted, span), typed: 'set' };
    }),
  tomap: ([value], span) => {
    if (value?.t === 'object') return { ...objectOf(Object.entries(value.entries), value.span), keySpans: value.keySpans, typed: 'map' };
    return value && isProblem(value) ? value : verror('tomap() expects a map', span);
  },
  keys: ([value], span) => objectFunction(value, span, 'keys', (o) => varray(sortedKeys(o).map((k) => scalar(k, o.keySpans[k] ?? span)), span)),
  values: ([value], span) => objectFunction(value, span, 'values', (o) => varray(sortedKeys(o).map((k) => o.entries[k]!), span)),
  contains: ([value, needle], span) =>
    withList(value, span, 'contains', (items) => {
      if (!needle) return verror('contains() takes a list and a value', span);
      const budget = allowance();
      const results = items.map((item) => equalValues(item, needle, budget));
      if (results.includes(true)) return scalar(true, span);
      return results.includes(undefined) || isProblem(needle) ? unknown('contains() of values not known statically', span) : scalar(false, span);
    }),
  slice: ([value, from, to], span) =>
    withList(value, span, 'slice', (items) => {
      const a = from ? knownNumber(from) : undefined;
      const b = to ? knownNumber(to) : undefined;
      if (a === undefined || b === undefined) return unknown('slice() with bounds not known statically', span);
      return a < 0 || b > items.length || a > b ? verror('slice() bounds out of range', span) : varray(items.slice(a, b), span);
    }),
  reverse: ([value], span) => withList(value, span, 'reverse', (items) => varray([...items].reverse(), span)),
  sort: ([value], span) =>
    withList(value, span, 'sort', (items) => {
      const texts = knownStrings(items);
      return texts ? varray(texts.sort().map((t) => scalar(t, span)), span) : unknown('sort() of values not known statically', span);
    }),
  ...SET_FUNCTIONS,
  zipmap: ([names, items], span) => {
    const problem = firstProblem([names ?? scalar(null, span), items ?? scalar(null, span)], span);
    if (problem) return problem;
    if (names?.t !== 'array' || items?.t !== 'array') return verror('zipmap() takes two lists', span);
    const keys = knownStrings(names.items);
    if (!keys) return unknown('zipmap() keys not known statically', span);
    return objectOf(keys.map((k, i): [string, V] => [k, items.items[i] ?? scalar(null, span)]), span);
  },
  range: (args, span) => {
    const numbers = args.map(knownNumber);
    if (numbers.some((n) => n === undefined) || numbers.length === 0) return firstProblem(args, span) ?? verror('range() needs numbers', span);
    // One argument is the limit, from 0; the step, when not given, goes the way the limit lies (range(-3) is [0, -1, -2]).
    const [a, b] = numbers.length === 1 ? [0, numbers[0]!] : [numbers[0]!, numbers[1]!];
    const step = numbers[2] ?? (a <= b ? 1 : -1);
    if (step === 0 || Math.abs((b - a) / step) > MAX_ELEMENTS) return unknown('range() too large to evaluate statically', span);
    const out: V[] = [];
    for (let x = a; step > 0 ? x < b : x > b; x += step) out.push(scalar(x, span));
    return varray(out, span);
  },
  sensitive: ([value], span) => value ?? verror('sensitive() takes one argument', span),
  nonsensitive: ([value], span) => value ?? verror('nonsensitive() takes one argument', span),
});

function objectFunction(value: V | undefined, span: Span, name: string, body: (o: VObject) => V): V {
  if (!value) return verror(`${name}() takes one argument`, span);
  if (value.t === 'object') return body(value);
  if (isProblem(value)) return value.t === 'unknown' ? { ...value, span } : value;
  return verror(`${name}() expects a map or object`, span);
}
