/**
 * Expansion of one block by its `count`, `for_each` or OpenTofu's `lifecycle { enabled }` into
 * instances with keys and existence. Generic over what an instance is (`make` builds a resource or a
 * module call instance): this part knows only the meta-arguments and what their values mean, and
 * instances.ts knows what each kind of instance holds.
 */
import type { Span } from '../../core/source.js';
import type { Attribute, Block } from '../../parse/hcl/ast.js';
import { scalar, unknown } from '../values.js';
import type { Existence, RRef, RUnknown } from '../model.js';
import { attributeOf, scopeFor, spanOf, type Expansion, type Scope } from './context.js';
import type { Evaluator } from './evaluate.js';
import { describeProblem } from './problems.js';
import { explainValue } from './explain.js';
import { knownBool, knownNumber, knownString, sortedKeys, type V } from './values.js';
import { terraformTypeName } from './types.js';
import { withMayBe } from './walks.js';

/** Most instances one `count` / `for_each` expands to; beyond, the instances are unknown. */
const MAX_INSTANCES = 1_000;

export const PRESENT: Existence = { state: 'present' };

/** Absent wins over unknown, unknown over present: a module's count decides for everything inside. */
export function combineExistence(outer: Existence, inner: Existence): Existence {
  if (outer.state === 'absent') return outer;
  if (inner.state === 'absent') return inner;
  if (outer.state !== 'unknown') return inner;
  if (inner.state !== 'unknown') return outer;
  // Unknown twice: both decide, so both are told (the block's own first: a resource beside it in the
  // module shares the module's), and what decides is the pair.
  const told: Existence = { state: 'unknown', why: `${inner.why}, and ${outer.why}`, ...(inner.span ? { span: inner.span } : outer.span ? { span: outer.span } : {}) };
  return outer.decidedBy !== undefined && inner.decidedBy !== undefined ? { ...told, decidedBy: `${outer.decidedBy}&${inner.decidedBy}` } : told;
}

/**
 * An existence that cannot be known statically, with what decides it: the meta-argument's expression
 * as written, in its module instance. Blocks of one module instance whose `count` (or `for_each`, or
 * `enabled`) reads the same expression exist together, whichever way it goes, and so does everything
 * inside a module call whose count is unknown: a VPC and the flow log beside it (rules/vpc-flow-logs.ts).
 */
function undecided(why: string, span: Span, scope: Scope, argument: string): Existence {
  const text = scope.file.file.text.slice(span.start, span.end);
  return { state: 'unknown', why, span, decidedBy: `${scope.inst.root.def.dir}|${scope.inst.address}|${argument}=${text}` };
}

export type Make<T> = (key: string | number | undefined, extra: Pick<Scope, 'count' | 'each'>, existence: Existence) => T;

/** Expands a block by its `count` or `for_each` (evaluated in `scope`). */
export function expand<T>(ev: Evaluator, block: Block, scope: Scope, what: string, make: Make<T>, subject?: string): Expansion<T> {
  const count = attributeOf(block, 'count');
  const forEach = attributeOf(block, 'for_each');
  const the = (arg: string) => (subject ? `the ${arg} of ${subject}` : arg);
  if (count) return expandCount(ev, count, scope, what, make, the('count'));
  if (forEach) return expandForEach(ev, forEach, scope, what, make, the('for_each'));
  const enabled = enabledOf(block);
  if (enabled) return expandEnabled(ev, enabled, scope, what, make, the('lifecycle enabled'));
  return { mode: 'single', only: make(undefined, {}, PRESENT) };
}

/** OpenTofu's `lifecycle { enabled = … }` (v1.11): one instance, without an index, or none. */
function enabledOf(block: Block): Attribute | undefined {
  const lifecycle = block.body.blocks.find((b) => b.type === 'lifecycle');
  return lifecycle && attributeOf(lifecycle, 'enabled');
}

function expandEnabled<T>(ev: Evaluator, attribute: Attribute, outer: Scope, what: string, make: Make<T>, label: string): Expansion<T> {
  const scope = scopeFor(outer, attribute);
  const span = spanOf(scope.file, attribute.expr);
  const value = ev.eval(attribute.expr, scope);
  const enabled = knownBool(value);
  if (enabled === true) return { mode: 'single', only: make(undefined, {}, PRESENT) };
  if (enabled === undefined) {
    // Still the one instance its references name, but it may not exist.
    const why = `${label} cannot be known statically (${describeProblem(value)})`;
    return { mode: 'single', only: make(undefined, {}, undecided(why, span, scope, 'enabled')) };
  }
  const explained = explainValue(ev, attribute.expr, scope);
  const why = `${label} is false${explained.text}`;
  // A disabled resource or module call evaluates to null.
  return { mode: 'absent', phantom: make(undefined, {}, absent(why, span, explained.spans)), why, span, list: 'null' };
}

function expandCount<T>(ev: Evaluator, attribute: Attribute, outer: Scope, what: string, make: Make<T>, label: string): Expansion<T> {
  const scope = scopeFor(outer, attribute);
  const span = spanOf(scope.file, attribute.expr);
  const value = ev.eval(attribute.expr, scope);
  const n = knownNumber(value);
  const phantomIndex = { count: unknown(`${what} has no instances to index`, span) };
  const invalid = invalidCount(value, n);
  if (invalid) return refused(ev, span, 'count', invalid, label, (existence) => make(undefined, phantomIndex, existence), true);
  if (n === undefined || !Number.isFinite(n)) {
    const why = `${label} cannot be known statically (${describeProblem(value)})`;
    return { mode: 'unknown', phantom: make(undefined, phantomIndex, undecided(why, span, scope, 'count')), why, span, list: true };
  }
  const total = Math.floor(n);
  if (total <= 0) {
    const explained = explainValue(ev, attribute.expr, scope);
    const why = `${label} is ${total}${explained.text}`;
    return { mode: 'absent', phantom: make(undefined, phantomIndex, absent(why, span, explained.spans)), why, span, list: true };
  }
  if (total > MAX_INSTANCES) {
    const why = `${label} (${total}) is too large to expand`;
    return { mode: 'unknown', phantom: make(undefined, phantomIndex, { state: 'unknown', why, span }), why, span, list: true };
  }
  const items: T[] = [];
  for (let i = 0; i < total; i++) items.push(make(i, { count: scalar(i, span) }, PRESENT));
  return { mode: 'list', items };
}

function expandForEach<T>(ev: Evaluator, attribute: Attribute, outer: Scope, what: string, make: Make<T>, label: string): Expansion<T> {
  const scope = scopeFor(outer, attribute);
  const span = spanOf(scope.file, attribute.expr);
  const value = ev.eval(attribute.expr, scope);
  const phantomEach = { each: { key: unknown(`${what} has no instances`, span), value: unknown(`${what} has no instances`, span) } };
  // A collection that cannot be known may hold any of the values it was made from: `each.value` of
  // `toset(data.aws_vpcs.all.ids)` may be any VPC of the root, never none of them.
  // For a set, `each.key` is `each.value` (and `vpc_id = each.key` is the common spelling); for a map the
  // same "may be" key names no more than it may: no definite failure either way.
  if (value.t === 'unknown') {
    const { mayBe, mayBeAnyIn } = value;
    phantomEach.each.value = { ...unknown(`each.value of ${label}: ${value.why}`, span), ...(mayBe ? { mayBe } : {}), ...(mayBeAnyIn ? { mayBeAnyIn } : {}) };
    phantomEach.each.key = phantomEach.each.value;
  }
  const invalid = invalidForEach(value);
  if (invalid) return refused(ev, span, 'for_each', invalid, label, (existence) => make(undefined, phantomEach, existence), false);
  let pairs: [string, V][] | undefined;
  if (value.t === 'object') pairs = sortedKeys(value).map((k) => [k, value.entries[k]!]);
  else if (value.t === 'array') {
    const keys = value.items.map(knownString);
    if (keys.every((k): k is string => k !== undefined)) pairs = [...new Set(keys)].sort().map((k) => [k, scalar(k, span)]);
    // Keys known only after apply (`toset([aws_vpc.a.id, aws_vpc.b.id])`): `each.value` is still one of
    // the elements, so what they refer to is a possible target, never none of them. Only the elements
    // themselves: in `toset([var.vpc_ids])` the element is a list, which Terraform refuses as a key.
    else phantomEach.each.key = phantomEach.each.value = eachOfElements(value.items, unknown(`each.value of ${label}: its elements are known only after apply`, span));
  }
  if (!pairs || pairs.length > MAX_INSTANCES) {
    const why = pairs ? `${label} has too many elements to expand` : `${label} cannot be known statically (${describeProblem(value)})`;
    // Too many to expand: which instances stand is not told, so nothing is said to exist with them.
    const existence: Existence = pairs ? { state: 'unknown', why, span } : undecided(why, span, scope, 'for_each');
    return { mode: 'unknown', phantom: make(undefined, phantomEach, existence), why, span, list: false };
  }
  if (pairs.length === 0) {
    const explained = explainValue(ev, attribute.expr, scope);
    const why = `${label} is empty${explained.text}`;
    return { mode: 'absent', phantom: make(undefined, phantomEach, absent(why, span, explained.spans)), why, span, list: false };
  }
  const items: [string, T][] = pairs.map(([key, item]) => [key, make(key, { each: { key: scalar(key, span), value: item } }, PRESENT)]);
  return { mode: 'map', items };
}

/** `each.value` over elements known only after apply: any element, so any resource one of them may be. */
function eachOfElements(items: readonly V[], value: RUnknown): RUnknown {
  return withMayBe(value, items.filter((i): i is RRef | RUnknown => i.t === 'ref' || i.t === 'unknown'));
}

function absent(why: string, span: Span, origin: Span[]): Existence {
  return origin.length > 0 ? { state: 'absent', why, span, origin } : { state: 'absent', why, span };
}

/**
 * A known `count` or `for_each` Terraform refuses ("Invalid count argument", "Invalid for_each
 * argument"): the plan stops there, so the block has no instance, and the value is a problem of the
 * input (a `parse-error` where it is written, as a duplicate declaration is). Not unknown: the value
 * is known, and so is Terraform's answer; not a rule finding: no resource is wrong, the input is.
 */
interface Invalid {
  /** Terraform's words for it (the detail of its diagnostic). */
  detail: string;
  /** The value, for the reason the block does not exist (`"abc"`, `-1`). */
  shown: string;
}

function invalidCount(value: V, n: number | undefined): Invalid | undefined {
  if (value.t === 'scalar') {
    if (value.value === null) return { detail: 'the given "count" argument value is null; an integer is required', shown: 'null' };
    const shown = JSON.stringify(value.value);
    if (n === undefined) return { detail: `the given "count" argument value is unsuitable: a number is required, not the ${terraformTypeName(value.value)} ${shown}`, shown };
    // Too large to be a number here (1e400): left to the instance limit, as before.
    if (!Number.isFinite(n)) return undefined;
    if (!Number.isInteger(n)) return { detail: `the given "count" argument value is unsuitable: value must be a whole number, not ${shown}`, shown };
    if (n < 0) return { detail: `the given "count" argument value is unsuitable: must be greater than or equal to zero, not ${shown}`, shown };
    return undefined;
  }
  if (value.t === 'array' || value.t === 'object') return { detail: `the given "count" argument value is unsuitable: a number is required, not ${value.t === 'array' ? 'a list' : 'an object'}`, shown: value.t === 'array' ? 'a list' : 'an object' };
  return undefined;
}

function invalidForEach(value: V): Invalid | undefined {
  if (value.t === 'scalar') {
    if (value.value === null) return { detail: 'the given "for_each" argument value is null; a map, or set of strings is allowed', shown: 'null' };
    const type = terraformTypeName(value.value);
    return { detail: `the "for_each" argument must be a map, or set of strings, and you have provided a value of type ${type} (${JSON.stringify(value.value)})`, shown: JSON.stringify(value.value) };
  }
  // A tuple as written (`["a", "b"]`) or a value converted to a list: Terraform takes a set, not a
  // sequence (toset() makes one). Lists made by functions are not told apart from sets here: left alone.
  if (value.t === 'array' && (value.written || value.typed === 'list')) {
    const type = value.typed === 'list' ? 'list' : 'tuple';
    return { detail: `the "for_each" argument must be a map, or set of strings, and you have provided a value of type ${type}; convert it with toset()`, shown: `a ${type}` };
  }
  return undefined;
}

function refused<T>(ev: Evaluator, span: Span, argument: 'count' | 'for_each', invalid: Invalid, label: string, phantom: (existence: Existence) => T, list: boolean): Expansion<T> {
  ev.report({ span, message: `Invalid ${argument} argument: ${invalid.detail} (Terraform refuses the plan)` });
  const why = `${label} is ${invalid.shown}, which Terraform refuses (Invalid ${argument} argument)`;
  return { mode: 'absent', phantom: phantom({ state: 'absent', why, span }), why, span, list };
}
