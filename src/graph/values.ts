/**
 * Small constructors and helpers for `RValue`s, shared by every format adapter (CloudFormation and
 * Terraform) and the attribute mappings.
 * Raw template values come from untrusted files, so every lookup goes through `own` (never the
 * prototype chain: a parameter may be called `constructor` or `__proto__`).
 */
import type { Span } from '../core/source.js';
import type { RArray, RObject, RRef, RScalar, RTemplate, RUnknown, RValue, Undeclared } from './model.js';
import { keepOneOf } from './one-of.js';

export type Raw = unknown;
export type RawObject = Record<string, unknown>;

export function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of a raw object, or undefined. */
export function own(object: unknown, key: string): unknown {
  return isObject(object) && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

export function hasOwn(object: unknown, key: string): boolean {
  return isObject(object) && Object.prototype.hasOwnProperty.call(object, key);
}

/** An object section of a template (`Parameters`, …); anything else counts as empty. */
export function section(object: unknown, key: string): RawObject {
  const value = own(object, key);
  return isObject(value) ? value : {};
}

/** Sets a key without ever invoking the `__proto__` setter. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function scalar(value: RScalar['value'], span: Span, origin?: Span[]): RScalar {
  return origin ? { t: 'scalar', value, span, origin } : { t: 'scalar', value, span };
}

export function unknown(why: string, span: Span, pattern?: string): RUnknown {
  return pattern === undefined ? { t: 'unknown', why, span } : { t: 'unknown', why, span, pattern };
}

export function ref(target: string, attribute: string, span: Span): RRef {
  return { t: 'ref', target, attribute, span };
}

/** A list's items, or the value itself: where IAM and the providers take one value or a list of them. */
export function members(value: RValue): readonly RValue[] {
  return value.t === 'array' ? value.items : [value];
}

export function array(items: RValue[], span: Span): RArray {
  return { t: 'array', items, span };
}

export function object(entries: Record<string, RValue>, keySpans: Record<string, Span>, span: Span): RObject {
  return { t: 'object', entries, keySpans, span };
}

/**
 * The first value among a resource's attributes that names something its template or module does not
 * declare (`RUnknown.undeclared`), depth first, its `target` first: what makes CloudFormation or
 * Terraform refuse it.
 */
export function firstUndeclared(attrs: Record<string, RValue>): (RUnknown & { undeclared: Undeclared }) | undefined {
  // The target first: for a flow log, the misspelt VPC is what its VPC's finding names too.
  const target = attrs['target'];
  const stack = Object.values(attrs).filter((value) => value !== target).reverse();
  if (target) stack.push(target);
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (value.t === 'unknown' && value.undeclared) return value as RUnknown & { undeclared: Undeclared };
    if (value.t === 'array') for (let i = value.items.length - 1; i >= 0; i--) stack.push(value.items[i]!);
    else if (value.t === 'object') stack.push(...Object.values(value.entries).reverse());
    else if (value.t === 'template') for (let i = value.parts.length - 1; i >= 0; i--) pushPart(stack, value.parts[i]!);
  }
  return undefined;
}

function pushPart(stack: RValue[], part: RTemplate['parts'][number]): void {
  if (typeof part !== 'string') stack.push(part);
}

/**
 * The value as used somewhere else: a parameter, mapping entry, nested-stack output or export is
 * reported where it is used, and the place that decided it becomes an origin.
 */
export function relocate(value: RValue, span: Span): RValue {
  if (value.span === span) return value;
  const moved = { ...value, span, origin: [value.span, ...(value.origin ?? [])] };
  // The same value, used elsewhere: still one of the same choices.
  return moved.t === 'unknown' && value.t === 'unknown' ? keepOneOf(moved, value.oneOf) : moved;
}

type Part = RTemplate['parts'][number];

/**
 * Longest string and most parts built by `Fn::Sub`/`Fn::Join`. Nested substitutions can double a
 * string at each level; beyond these sizes a value is no name or ARN a rule could use.
 */
export const MAX_STRING = 100_000;
export const MAX_PARTS = 1_000;

/** The parts a value contributes to a string (`Fn::Sub`, `Fn::Join`). */
export function stringParts(value: RValue): Part[] {
  switch (value.t) {
    case 'scalar':
      return [value.value === null ? '' : String(value.value)];
    case 'template':
      return value.parts;
    case 'ref':
    case 'unknown':
      return [value];
    default:
      return [unknown('a list or object cannot be used inside a string', value.span)];
  }
}

/** Joins parts into a scalar when they are all known strings, else into a template. */
export function makeString(parts: Part[], span: Span): RScalar | RTemplate | RRef | RUnknown {
  const merged: Part[] = [];
  let length = 0;
  for (const part of parts) {
    length += typeof part === 'string' ? part.length : 1;
    if (length > MAX_STRING || merged.length > MAX_PARTS) return unknown('string too long to resolve', span);
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else if (part !== '') merged.push(part);
  }
  const [only] = merged;
  if (only === undefined) return scalar('', span);
  if (merged.length === 1) {
    // `!Sub '${Role.Arn}'` is the reference itself, not a string around it.
    if (typeof only === 'string') return scalar(only, span);
    return only.t === 'unknown' ? keepOneOf({ ...only, span }, only.oneOf) : { ...only, span };
  }
  return { t: 'template', parts: merged, span };
}

/**
 * The unknown, noting the nodes it may turn out to be: every resource that one of the `candidates`
 * refers to (directly, or as one of its own possibilities).
 */
export function withMayBe(value: RUnknown, candidates: readonly RValue[]): RUnknown {
  const uids = new Set<string>();
  for (const candidate of candidates) {
    if (candidate.t === 'ref') uids.add(candidate.target);
    else if (candidate.t === 'unknown') for (const uid of candidate.mayBe ?? []) uids.add(uid);
  }
  return uids.size === 0 ? value : keepOneOf({ ...value, mayBe: [...uids].sort() }, value.oneOf);
}

/** A glob that the string value would match: `*` for each part that is not known. */
export function toPattern(value: RValue): string {
  switch (value.t) {
    case 'scalar':
      return value.value === null ? '' : String(value.value);
    case 'unknown':
      return value.pattern ?? '*';
    case 'template':
      return value.parts.map((p) => (typeof p === 'string' ? p : p.t === 'unknown' ? (p.pattern ?? '*') : '*')).join('').replace(/\*+/g, '*');
    default:
      return '*';
  }
}

/** A plain JSON-like copy of a fully known value, or undefined if any part is not known. */
export function toPlain(value: RValue): unknown {
  switch (value.t) {
    case 'scalar':
      return value.value;
    case 'array': {
      const items = value.items.map(toPlain);
      return items.includes(undefined) ? undefined : items;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value.entries)) {
        const plain = toPlain(item);
        if (plain === undefined) return undefined;
        setOwn(out, key, plain);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** Why a value is not fully known, for messages (`condition X cannot be evaluated: …`). */
export function whyNotKnown(value: RValue): string {
  switch (value.t) {
    case 'unknown':
      return value.why;
    case 'ref': {
      const id = value.target.slice(value.target.lastIndexOf('#') + 1);
      return `${value.attribute === 'Ref' ? `Ref ${id}` : `${id}.${value.attribute}`} is only known at deploy time`;
    }
    case 'template': {
      const part = value.parts.find((p) => typeof p !== 'string');
      return part && typeof part !== 'string' ? whyNotKnown(part) : 'value not known';
    }
    case 'array':
    case 'object': {
      const items = value.t === 'array' ? value.items : Object.values(value.entries);
      const part = items.find((item) => toPlain(item) === undefined);
      return part ? whyNotKnown(part) : 'value not known';
    }
    default:
      return 'value not known';
  }
}
