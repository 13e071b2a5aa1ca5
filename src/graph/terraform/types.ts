/**
 * Variable type constraints, as far as they change values: `optional(type, default)` attributes of
 * `object({...})` types are filled in (so `var.flow_logs.traffic_type` reads its default `"ALL"` when
 * the caller leaves it out), undeclared attributes are dropped, and primitive conversions
 * (`"5"` → 5 for a `number`) applied. Anything not known passes through unchanged.
 */
import type { Expr } from '../../parse/hcl/ast.js';
import { scalar, setOwn } from '../values.js';
import type { Scope } from './context.js';
import type { Evaluator } from './evaluate.js';
import { has, knownBool, knownNumber, objectOf, type V } from './values.js';
import { allowance, type Allowance } from './walks.js';

type TypeSpec =
  | { k: 'any' }
  | { k: 'string' | 'number' | 'bool' }
  | { k: 'list' | 'set' | 'map'; of: TypeSpec }
  | { k: 'object'; attributes: Map<string, { type: TypeSpec; optional: boolean; default?: Expr }> }
  | { k: 'tuple'; items: TypeSpec[] };

const ANY: TypeSpec = { k: 'any' };
const MAX_DEPTH = 32;
const parsed = new WeakMap<Expr, TypeSpec>();

export function convertToType(ev: Evaluator, value: V, typeExpr: Expr, scope: Scope): V {
  let spec = parsed.get(typeExpr);
  if (!spec) {
    spec = parseType(typeExpr, 0);
    parsed.set(typeExpr, spec);
  }
  return convert(ev, value, spec, scope, 0, allowance());
}

/**
 * Why Terraform refuses `value` for a variable of this type ("Invalid value for input variable"),
 * in its words, or undefined when it converts it, or when that cannot be told (unknown, any, null,
 * the elements of a collection: only the value's own kind is compared).
 */
export function typeMismatch(value: V, typeExpr: Expr): string | undefined {
  let spec = parsed.get(typeExpr);
  if (!spec) {
    spec = parseType(typeExpr, 0);
    parsed.set(typeExpr, spec);
  }
  if (value.t === 'scalar' && value.value === null) return undefined;
  const scalarValue = value.t === 'scalar' ? value : undefined;
  const collection = value.t === 'array' ? 'tuple' : value.t === 'object' ? 'object' : undefined;
  if (!scalarValue && !collection) return undefined;
  const given = scalarValue ? `${terraformTypeName(scalarValue.value)} ${JSON.stringify(scalarValue.value)}` : `${collection}`;
  switch (spec.k) {
    case 'string':
      return collection ? `string required, not a ${given}` : undefined;
    case 'number':
      return knownNumber(value) === undefined ? `a number is required, not the ${scalarValue ? given : `${given} value`}` : undefined;
    case 'bool':
      return knownBool(value) === undefined ? `a bool is required, not the ${scalarValue ? given : `${given} value`}` : undefined;
    case 'list':
    case 'set':
    case 'tuple':
      return value.t === 'array' ? undefined : `${spec.k} required, not the ${scalarValue ? given : 'object value'}`;
    case 'map':
    case 'object':
      return value.t === 'object' ? undefined : `${spec.k === 'map' ? 'map' : 'object'} required, not the ${scalarValue ? given : 'tuple value'}`;
    default:
      return undefined;
  }
}

/** Terraform's name for the type of a known scalar (`bool`, not JavaScript's `boolean`). */
export function terraformTypeName(value: string | number | boolean | null): string {
  return value === null ? 'null' : typeof value === 'boolean' ? 'bool' : typeof value;
}

function parseType(expr: Expr, depth: number): TypeSpec {
  if (depth > MAX_DEPTH) return ANY;
  if (expr.k === 'parens') return parseType(expr.expr, depth + 1);
  if (expr.k === 'traversal' && expr.steps.length === 0) {
    return expr.root === 'string' || expr.root === 'number' || expr.root === 'bool' ? { k: expr.root } : ANY;
  }
  if (expr.k !== 'call') return ANY;
  const [arg] = expr.args;
  switch (expr.name) {
    case 'list':
    case 'set':
    case 'map':
      return { k: expr.name, of: arg ? parseType(arg, depth + 1) : ANY };
    case 'tuple':
      return arg?.k === 'tuple' ? { k: 'tuple', items: arg.items.map((item) => parseType(item, depth + 1)) } : ANY;
    case 'object': {
      if (arg?.k !== 'object') return ANY;
      const attributes = new Map<string, { type: TypeSpec; optional: boolean; default?: Expr }>();
      for (const item of arg.items) {
        const name = keyName(item.key);
        if (name === undefined) continue;
        const value = item.value;
        if (value.k === 'call' && value.name === 'optional') {
          const [inner, fallback] = value.args;
          attributes.set(name, { type: inner ? parseType(inner, depth + 1) : ANY, optional: true, ...(fallback ? { default: fallback } : {}) });
        } else {
          attributes.set(name, { type: parseType(value, depth + 1), optional: false });
        }
      }
      return { k: 'object', attributes };
    }
    default:
      return ANY;
  }
}

/** A set's elements as Terraform orders them: strings sorted, duplicates gone (others left as they are). */
function asSet(items: V[]): V[] {
  if (!items.every((item) => item.t === 'scalar' && typeof item.value === 'string')) return items;
  const seen = new Map<string, V>();
  for (const item of items) if (item.t === 'scalar' && !seen.has(String(item.value))) seen.set(String(item.value), item);
  return [...seen.keys()].sort().map((key) => seen.get(key)!);
}

/** An object key written as a bare name or a quoted string (`{ vpc_cidr = … }`, `{ "vpc_cidr" = … }`). */
export function keyName(expr: Expr): string | undefined {
  if (expr.k === 'literal' && typeof expr.value === 'string') return expr.value;
  if (expr.k === 'traversal' && expr.steps.length === 0) return expr.root;
  if (expr.k === 'template' && expr.parts.length === 1 && typeof expr.parts[0] === 'string') return expr.parts[0];
  return undefined;
}

function convert(ev: Evaluator, value: V, spec: TypeSpec, scope: Scope, depth: number, budget: Allowance): V {
  if (depth > MAX_DEPTH || spec.k === 'any' || (value.t === 'scalar' && value.value === null) || --budget.left < 0) return value;
  switch (spec.k) {
    case 'string':
      return value.t === 'scalar' && typeof value.value !== 'string' ? { ...value, value: String(value.value) } : value;
    case 'number': {
      const n = knownNumber(value);
      return n !== undefined && value.t === 'scalar' && typeof value.value === 'string' ? { ...value, value: n } : value;
    }
    case 'bool': {
      const b = knownBool(value);
      return b !== undefined && value.t === 'scalar' && typeof value.value === 'string' ? { ...value, value: b } : value;
    }
    case 'list':
    case 'set': {
      if (value.t !== 'array') return value;
      const items = value.items.map((item) => convert(ev, item, spec.of, scope, depth + 1, budget));
      // Converted, the value is a list or set, no longer the tuple written (`default = ["a", "b"]`):
      // a set(string) variable is a for_each Terraform takes.
      const { written: _written, ...converted } = value;
      return { ...converted, items: spec.k === 'set' ? asSet(items) : items, typed: spec.k };
    }
    case 'map':
      if (value.t !== 'object') return value;
      return { ...objectOf(Object.entries(value.entries).map(([k, v]): [string, V] => [k, convert(ev, v, spec.of, scope, depth + 1, budget)]), value.span), keySpans: value.keySpans, typed: 'map' };
    case 'tuple':
      return value.t === 'array' ? { ...value, items: value.items.map((item, i) => convert(ev, item, spec.items[i] ?? ANY, scope, depth + 1, budget)) } : value;
    case 'object': {
      if (value.t !== 'object') return value;
      const pairs: [string, V][] = [];
      for (const [name, attribute] of spec.attributes) {
        const given = has(value, name) ? value.entries[name]! : undefined;
        // An optional attribute set to null takes its default, as if left out (Terraform's typeexpr Defaults).
        const isNull = given?.t === 'scalar' && given.value === null;
        if (given && !(isNull && attribute.default)) pairs.push([name, convert(ev, given, attribute.type, scope, depth + 1, budget)]);
        else if (attribute.optional) {
          const fallback = attribute.default ? ev.eval(attribute.default, scope) : scalar(null, value.span);
          pairs.push([name, convert(ev, fallback, attribute.type, scope, depth + 1, budget)]);
        }
      }
      const converted = objectOf(pairs, value.span);
      for (const [name] of pairs) if (Object.prototype.hasOwnProperty.call(value.keySpans, name)) setOwn(converted.keySpans, name, value.keySpans[name]!);
      return value.origin ? { ...converted, origin: value.origin } : converted;
    }
  }
}
