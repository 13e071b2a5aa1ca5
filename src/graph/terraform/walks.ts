/**
 * Walks over evaluated values: converting them to plain data and to the graph's `RValue`s, comparing
 * them, turning them into string parts, and noting the resources an unknown may turn out to be. Every
 * walk is bounded (see `MAX_NODES`).
 */
import { keepOneOf } from '../one-of.js';
import type { Span } from '../../core/source.js';
import type { RScalar, RTemplate, RUnknown, RValue } from '../model.js';
import { makeString, scalar, setOwn, unknown } from '../values.js';
import { has, isNull, objectOf, varray, verror, type V, type VArray, type VError, type VObject } from './values.js';

type Part = RTemplate['parts'][number];

/** The first error among the values, else the first unknown (with every possible node noted). */
export function firstProblem(values: readonly V[], span: Span): VError | RUnknown | undefined {
  const error = values.find((v): v is VError => v.t === 'error');
  if (error) return error;
  const unknownValue = values.find((v): v is RUnknown => v.t === 'unknown');
  return unknownValue ? withMayBe({ ...unknownValue, span }, values) : undefined;
}

/**
 * Notes, on an unknown, every resource the candidates refer to: rules treat those as possible links.
 * A candidate that may be any resource of some files (`mayBeAnyIn`: a data source's id, a remote
 * state's output) makes the unknown so too: `var.on ? data.aws_vpc.main.id : null` may be any VPC
 * its root can see, and no rule may fail one of them for lack of it.
 */
export function withMayBe(value: RUnknown, candidates: readonly V[]): RUnknown {
  const uids = new Set<string>(value.mayBe ?? []);
  const anyIn: ReadonlySet<string>[] = value.mayBeAnyIn ? [value.mayBeAnyIn] : [];
  let visits = 1_000;
  const visit = (v: V, depth: number): void => {
    if (depth > 8 || uids.size > 64 || --visits < 0) return;
    switch (v.t) {
      case 'ref':
        uids.add(v.target);
        return;
      case 'resource':
        uids.add(v.res.uid);
        return;
      case 'unknown':
        for (const uid of v.mayBe ?? []) uids.add(uid);
        if (v.mayBeAnyIn) anyIn.push(v.mayBeAnyIn);
        return;
      case 'template':
        for (const p of v.parts) if (typeof p !== 'string') visit(p, depth + 1);
        return;
      case 'array':
        for (const item of v.items) visit(item, depth + 1);
        return;
      case 'object':
        for (const item of Object.values(v.entries)) visit(item, depth + 1);
        return;
      default:
        return;
    }
  };
  for (const candidate of candidates) visit(candidate, 0);
  const files = unionOf(anyIn);
  const linked = files && files !== value.mayBeAnyIn ? { ...value, mayBeAnyIn: files } : value;
  return uids.size === 0 ? linked : keepOneOf({ ...linked, mayBe: [...uids].sort() }, value.oneOf);
}


/**
 * The files of all the sets, as the one set when there is one (most often): a set shared by the
 * values of many roots stays one set (src/graph/lookup.ts `anyOf` finds its nodes once).
 */
function unionOf(sets: readonly ReadonlySet<string>[]): ReadonlySet<string> | undefined {
  const distinct = [...new Set(sets)].filter((set) => set.size > 0);
  if (distinct.length <= 1) return distinct[0];
  return new Set(distinct.flatMap((set) => [...set]));
}

/**
 * Most nodes one walk over a value visits. Values share subtrees (`[local.a, local.a]`, nested), so a
 * small file can describe an exponentially large value; every walk is bounded by this allowance.
 */
export const MAX_NODES = 50_000;

export interface Allowance {
  left: number;
}

export function allowance(): Allowance {
  return { left: MAX_NODES };
}

/** A plain JSON-like copy of a fully known value, or undefined (also when it is too large). */
export function plainOf(value: V, budget: Allowance = allowance(), depth = 0): unknown {
  if (depth > 64 || --budget.left < 0) return undefined;
  switch (value.t) {
    case 'scalar':
      return value.value;
    case 'json':
      return plainOf(value.value, budget, depth + 1);
    case 'array': {
      const items: unknown[] = [];
      for (const item of value.items) {
        const plain = plainOf(item, budget, depth + 1);
        if (plain === undefined) return undefined;
        items.push(plain);
      }
      return items;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value.entries)) {
        const plain = plainOf(item, budget, depth + 1);
        if (plain === undefined) return undefined;
        setOwn(out, key, plain);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** A plain JSON-like value as a value, every part at `span`. */
export function fromPlain(value: unknown, span: Span, depth = 0): V {
  if (depth > 64) return unknown('value nested too deeply', span);
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return scalar(value, span);
  if (Array.isArray(value)) return varray(value.map((item) => fromPlain(item, span, depth + 1)), span);
  if (typeof value === 'object') {
    return objectOf(Object.entries(value as Record<string, unknown>).map(([k, v]): [string, V] => [k, fromPlain(v, span, depth + 1)]), span);
  }
  return unknown('value of an unsupported type', span);
}

/** A scalar as Terraform prints it in a string (`true`, `42`), or undefined for null. */
export function scalarText(value: RScalar): string | undefined {
  return value.value === null ? undefined : String(value.value);
}

/** The parts a value contributes to a string; an error when it cannot be part of one. */
export function stringParts(value: V): Part[] | VError {
  switch (value.t) {
    case 'scalar': {
      const text = scalarText(value);
      return text === undefined ? verror('a null value cannot be used in a string', value.span) : [text];
    }
    case 'template':
      return value.parts;
    case 'ref':
    case 'unknown':
      return [value];
    case 'resource':
      return [{ t: 'ref', target: value.res.uid, attribute: 'id', anyAttribute: true, span: value.span }];
    case 'json': {
      const plain = plainOf(value.value);
      return plain === undefined ? [unknown('jsonencode of a value that is not known statically', value.span)] : [JSON.stringify(plain)];
    }
    case 'error':
      return value;
    case 'module':
      return [unknown(value.why, value.span)];
    default:
      return verror(`a ${value.t === 'array' ? 'list' : 'object'} cannot be used in a string`, value.span);
  }
}

/** Joins parts into a string value (scalar when known, a reference when it is one, else a template). */
export function joinParts(parts: Part[], span: Span): V {
  return makeString(parts, span);
}

/** The finished value in the graph's vocabulary. */
export function toRValue(value: V, budget: Allowance = allowance(), depth = 0): RValue {
  if (depth > 64) return unknown('value nested too deeply', value.span);
  if (--budget.left < 0) return unknown('value too large to evaluate statically', value.span);
  switch (value.t) {
    case 'scalar':
    case 'ref':
    case 'template':
      return value;
    case 'unknown': {
      // An unknown list of instances carries its phantom instance for `[key]`; the graph needs none of it.
      const { phantom: _phantom, ...rest } = value as RUnknown & { phantom?: V };
      return keepOneOf(rest, value.oneOf);
    }
    case 'array':
      return { t: 'array', items: value.items.map((item) => toRValue(item, budget, depth + 1)), span: value.span, ...(value.origin ? { origin: value.origin } : {}) };
    case 'object': {
      const entries: Record<string, RValue> = {};
      for (const [key, item] of Object.entries(value.entries)) setOwn(entries, key, toRValue(item, budget, depth + 1));
      return { t: 'object', entries, keySpans: value.keySpans, span: value.span, ...(value.origin ? { origin: value.origin } : {}) };
    }
    case 'resource':
      return { t: 'ref', target: value.res.uid, attribute: 'id', anyAttribute: true, span: value.span };
    case 'module':
      return unknown(value.inst ? `module ${value.name} as a whole is not a single value` : value.why, value.span);
    case 'json': {
      const plain = plainOf(value.value);
      return plain === undefined ? unknown('jsonencode of a value that is not known statically', value.span) : scalar(JSON.stringify(plain), value.span);
    }
    case 'error':
      // An undeclared name keeps where it is written when used elsewhere (a module argument): see resources.ts.
      return value.undeclared ? { ...unknown(value.why, value.span), ...(value.origin ? { origin: value.origin } : {}), undeclared: value.undeclared } : unknown(value.why, value.span);
  }
}

/** Structural equality of two values: true, false, or undefined when it cannot be known. */
export function equalValues(a: V, b: V, budget: Allowance = allowance()): boolean | undefined {
  if (--budget.left < 0) return undefined;
  if (a === b && a.t !== 'unknown' && a.t !== 'error') return true;
  if (a.t === 'json') return equalValues(a.value, b, budget);
  if (b.t === 'json') return equalValues(a, b.value, budget);
  if (a.t === 'unknown' || b.t === 'unknown' || a.t === 'error' || b.t === 'error') return undefined;
  if (a.t === 'scalar' && b.t === 'scalar') return a.value === b.value;
  // References, templates, resources and module instances are never null.
  if (isNull(a) || isNull(b)) return false;
  if (a.t === 'ref' && b.t === 'ref' && a.target === b.target && a.attribute === b.attribute) return true;
  if (a.t === 'resource' && b.t === 'resource') return a.res.uid === b.res.uid;
  // Terraform compares types too: a `list(string)` variable is never equal to the tuple `[]`, nor a
  // `map` to the object `{}` (the gotcha tflint's terraform_empty_list_check is about). Only a value
  // made by a type conversion is known to be a list or a map; any other is taken as written.
  if ((a.t === 'array' && b.t === 'array') || (a.t === 'object' && b.t === 'object')) {
    const [ta, tb] = [collectionType(a), collectionType(b)];
    // Known and different: never equal. One of them not known (what a function returned): perhaps.
    if (ta !== tb) return ta !== undefined && tb !== undefined ? false : undefined;
  }
  if (a.t === 'array' && b.t === 'array') {
    if (a.items.length !== b.items.length) return false;
    return allEqual(a.items.map((item, i) => equalValues(item, b.items[i]!, budget)));
  }
  if (a.t === 'object' && b.t === 'object') {
    const keys = Object.keys(a.entries);
    if (keys.length !== Object.keys(b.entries).length || keys.some((k) => !has(b, k))) return false;
    return allEqual(keys.map((k) => equalValues(a.entries[k]!, b.entries[k]!, budget)));
  }
  if ((a.t === 'array' || a.t === 'object' || b.t === 'array' || b.t === 'object') && a.t !== b.t) {
    return a.t === 'scalar' || b.t === 'scalar' ? false : undefined;
  }
  return undefined;
}

/**
 * The kind of collection a value is known to be: a list, set or map made by a type conversion, or a
 * tuple or object written as `[…]` or `{…}`; undefined when not known (what a function or a `for`
 * expression returned, a conditional's branch).
 */
function collectionType(v: VArray | VObject): string | undefined {
  if (v.typed !== undefined) return v.typed;
  if (v.written) return v.t === 'array' ? 'tuple' : 'object';
  return undefined;
}

function allEqual(results: (boolean | undefined)[]): boolean | undefined {
  if (results.includes(false)) return false;
  return results.includes(undefined) ? undefined : true;
}
