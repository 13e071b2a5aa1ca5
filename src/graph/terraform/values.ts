/**
 * Values while a Terraform expression is evaluated. A superset of the graph's `RValue`: lists and
 * objects may hold resource instances and module instances (read lazily, attribute by attribute),
 * `jsonencode()` results (an object tree that becomes a string only where a string is needed), and
 * errors (an index out of range, a missing attribute: what `try()` and `can()` catch). `toRValue`
 * (walks.ts) turns a finished value into the graph's vocabulary.
 */
import type { Span } from '../../core/source.js';
import type { RRef, RScalar, RTemplate, RUnknown, Undeclared } from '../model.js';
import { setOwn } from '../values.js';
import { keepOneOf } from '../one-of.js';
import type { ModuleInstance, ResourceInstance } from './context.js';

export interface VObject {
  t: 'object';
  entries: Record<string, V>;
  keySpans: Record<string, Span>;
  span: Span;
  origin?: Span[];
  /** Converted to `map(…)` (a variable's type): no longer an object value, so never equal to one (`{}`). */
  typed?: 'map';
  /** Written as `{…}`: an object value, not a map. */
  written?: true;
}

export interface VArray {
  t: 'array';
  items: V[];
  span: Span;
  origin?: Span[];
  /** Converted to `list(…)` or `set(…)` (a variable's type): no longer a tuple, so never equal to one (`[]`). */
  typed?: 'list' | 'set';
  /** Written as `[…]`: a tuple, not a list. */
  written?: true;
}

/** One instance of a resource or data source (`aws_vpc.this[0]`). */
export interface VResource {
  t: 'resource';
  res: ResourceInstance;
  span: Span;
  origin?: Span[];
}

/** One instance of a module call (`module.vpc`); `inst` is undefined when its source is not in the run. */
export interface VModule {
  t: 'module';
  name: string;
  inst: ModuleInstance | undefined;
  why: string;
  /**
   * The outputs of another root, read from the state it keeps (`data "terraform_remote_state"`): the
   * state holds the outputs of its last apply, so one its source does not declare may be there still.
   */
  fromState?: boolean;
  span: Span;
  origin?: Span[];
}

/** `jsonencode(value)` or a policy document's `json`: the tree, a string where a string is needed. */
export interface VJson {
  t: 'json';
  value: V;
  span: Span;
  origin?: Span[];
}

/** An evaluation error (Terraform would stop); `try()` and `can()` catch it, elsewhere it is unknown. */
export interface VError {
  t: 'error';
  why: string;
  span: Span;
  origin?: Span[];
  /** The error is a reference to a name the module does not declare (undeclared.ts). */
  undeclared?: Undeclared;
}

export type V = RScalar | RRef | RTemplate | RUnknown | VObject | VArray | VResource | VModule | VJson | VError;

export function verror(why: string, span: Span): VError {
  return { t: 'error', why, span };
}

export function varray(items: V[], span: Span): VArray {
  return { t: 'array', items, span };
}

export function vobject(entries: Record<string, V>, span: Span, keySpans: Record<string, Span> = {}): VObject {
  return { t: 'object', entries, keySpans, span };
}

/** An object from ordered pairs; keys never reach the prototype setter. */
export function objectOf(pairs: Iterable<[string, V]>, span: Span): VObject {
  const entries: Record<string, V> = {};
  const keySpans: Record<string, Span> = {};
  for (const [key, value] of pairs) {
    setOwn(entries, key, value);
    setOwn(keySpans, key, value.span);
  }
  return vobject(entries, span, keySpans);
}

export function has(object: VObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object.entries, key);
}

export function entry(object: VObject, key: string): V | undefined {
  return has(object, key) ? object.entries[key] : undefined;
}

export function isNull(value: V): boolean {
  return value.t === 'scalar' && value.value === null;
}

/** Error or unknown: the value that stops an operation that needs a known value. */
export function isProblem(value: V): value is VError | RUnknown {
  return value.t === 'error' || value.t === 'unknown';
}

/** The value as used elsewhere: reported where it is used, with the place that decided it as origin. */
export function relocate<T extends V>(value: T, span: Span): T {
  if (value.span === span || (value.span.file === span.file && value.span.start === span.start && value.span.end === span.end)) return value;
  // Assigned, not spread: values come in many shapes, where a spread takes V8's slow path (a `for`
  // over a map of 2,000 relocates its key 2,000 times in each of 2,000 flow logs).
  const moved: T = Object.assign({}, value);
  moved.span = span;
  moved.origin = originOf(value);
  // The same value, used elsewhere: still one of the same choices (graph/one-of.ts).
  return value.t === 'unknown' ? keepOneOf(moved as RUnknown, value.oneOf) as unknown as T : moved;
}

/**
 * Most places a value's origin keeps: those nearest its use, and the first, where it is written (what
 * the rules point at: `origin.at(-1)`). A chain of 10,000 locals (`a1 = local.a0`, …) gave each value of
 * it every place before it, 50 million spans and 576 MB for a 241 KB file.
 */
export const MAX_ORIGIN = 32;

/** The origin of `value` used elsewhere: its own place, then its origin, the middle of a long one left out. */
function originOf(value: V): Span[] {
  const before = value.origin;
  if (before === undefined) return [value.span];
  if (before.length < MAX_ORIGIN) return [value.span, ...before];
  return [value.span, ...before.slice(0, MAX_ORIGIN - 2), before[before.length - 1]!];
}

/** A known string, or undefined. */
export function knownString(value: V): string | undefined {
  if (value.t !== 'scalar' || value.value === null || typeof value.value === 'object') return undefined;
  return typeof value.value === 'string' ? value.value : String(value.value);
}

/** A known number (numeric strings convert, as Terraform does), or undefined. */
export function knownNumber(value: V): number | undefined {
  if (value.t !== 'scalar') return undefined;
  if (typeof value.value === 'number') return value.value;
  if (typeof value.value === 'string' && value.value.trim() !== '' && Number.isFinite(Number(value.value))) return Number(value.value);
  return undefined;
}

/**
 * A known bool, or undefined. Strings convert as go-cty converts them (`convert`'s string-to-bool):
 * `"true"` and `"1"` are true, `"false"` and `"0"` false, and nothing else (not `"yes"`, not `"True"`).
 */
export function knownBool(value: V): boolean | undefined {
  if (value.t !== 'scalar') return undefined;
  if (typeof value.value === 'boolean') return value.value;
  if (value.value === 'true' || value.value === '1') return true;
  if (value.value === 'false' || value.value === '0') return false;
  return undefined;
}

/** Elements of a list, set or tuple; an object's values (sorted by key) when `objects` is set. */
export function elementsOf(value: V, objects = false): V[] | undefined {
  if (value.t === 'array') return value.items;
  if (objects && value.t === 'object') return sortedKeys(value).map((k) => value.entries[k]!);
  return undefined;
}

/** Terraform iterates maps and objects in lexical key order. */
export function sortedKeys(value: VObject): string[] {
  return Object.keys(value.entries).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
