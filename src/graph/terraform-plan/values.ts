/**
 * Plan values → `RValue`s. A plan writes known values in `planned_values` / `change.after` and marks
 * the rest in parallel trees: `after_unknown` (true where the value is known only after apply) and
 * `sensitive_values` / `after_sensitive` (true where it is sensitive). Both become unknowns; an
 * unknown is handed to `onUnknown`, which may still link it through the configuration's references.
 */
import type { Span } from '../../core/source.js';
import { lazySpan, pathStep, type DataDocument, type SpanPath } from '../../parse/document.js';
import type { RValue } from '../model.js';
import { array, hasOwn, isObject, object, own, scalar, setOwn, unknown } from '../values.js';

export const UNKNOWN_AFTER_APPLY = 'known only after apply';
export const SENSITIVE = 'sensitive';

/** Deepest value nesting converted; provider values are a handful of levels deep. */
const MAX_DEPTH = 64;

/** Where one reading of a resource's values comes from: `planned_values`, `change.after`, a state. */
export interface ValueSource {
  values: Record<string, unknown>;
  /** Path of `values` in the document. */
  readonly at: SpanPath;
  /** `after_unknown` (plans only) and its path. */
  unknown?: unknown;
  readonly unknownAt?: SpanPath;
  /** `sensitive_values` / `after_sensitive`. */
  sensitive?: unknown;
}

/** Called for a value known only after apply: `span` is where the plan marks it. */
export type OnUnknown = (span: Span) => RValue;

export interface Converter {
  doc: DataDocument;
  onUnknown: OnUnknown;
  /** The plan's time budget: the value to use instead once it is spent (see `PlanContext.outOfTime`). */
  outOfTime?: (span: Span) => RValue | undefined;
}

export function spanOf(doc: DataDocument, at: SpanPath, part?: 'key' | 'value'): Span {
  return lazySpan(doc, at, part);
}

/**
 * `value` with every span in it (nested values, object keys, template parts) replaced by `span`: a
 * plan value shown where the `.tf` source writes it. Origins stay: they say where a value was decided.
 */
export function atSource(value: RValue, span: Span): RValue {
  switch (value.t) {
    case 'array':
      return { ...value, span, items: value.items.map((item) => atSource(item, span)) };
    case 'object': {
      const entries: Record<string, RValue> = {};
      const keySpans: Record<string, Span> = {};
      for (const key of Object.keys(value.entries)) {
        setOwn(entries, key, atSource(value.entries[key]!, span));
        setOwn(keySpans, key, span);
      }
      return { ...value, span, entries, keySpans };
    }
    case 'template':
      return { ...value, span, parts: value.parts.map((part) => (typeof part === 'string' ? part : { ...part, span })) };
    default:
      return { ...value, span };
  }
}

/** A raw JSON value with its unknown and sensitive masks, as an `RValue`. */
export function convert(c: Converter, raw: unknown, at: SpanPath, unknownMask: unknown, sensitiveMask: unknown, depth = 0): RValue {
  const span = spanOf(c.doc, at);
  const cut = c.outOfTime?.(span);
  if (cut) return cut;
  if (sensitiveMask === true) return unknown(SENSITIVE, span);
  if (unknownMask === true) return c.onUnknown(span);
  if (depth > MAX_DEPTH) return unknown('value nested too deeply', span);
  if (Array.isArray(raw)) {
    const items: RValue[] = [];
    // Indexed, not `map`: a hole in a sparse array (never from a parser, possible from an API caller) is a value too.
    for (let i = 0; i < raw.length; i++) items.push(convert(c, raw[i], pathStep(at, i), maskAt(unknownMask, i), maskAt(sensitiveMask, i), depth + 1));
    // An unknown element beyond the known ones (a list whose length is known only after apply).
    if (Array.isArray(unknownMask)) for (let i = raw.length; i < unknownMask.length; i++) if (unknownMask[i] === true) items.push(c.onUnknown(span));
    return array(items, span);
  }
  if (isObject(raw)) {
    const entries: Record<string, RValue> = {};
    const keySpans: Record<string, Span> = {};
    for (const key of Object.keys(raw)) {
      const keyAt = pathStep(at, key);
      setOwn(entries, key, convert(c, raw[key], keyAt, own(unknownMask, key), own(sensitiveMask, key), depth + 1));
      setOwn(keySpans, key, spanOf(c.doc, keyAt, 'key'));
    }
    if (isObject(unknownMask)) {
      for (const key of Object.keys(unknownMask)) {
        if (!hasOwn(raw, key) && unknownMask[key] === true) setOwn(entries, key, c.onUnknown(span));
      }
    }
    return object(entries, keySpans, span);
  }
  if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return scalar(raw, span);
  return unknown('value of an unexpected type', span);
}

function maskAt(mask: unknown, i: number): unknown {
  return Array.isArray(mask) ? mask[i] : undefined;
}

/** The first mask of the sources at `key` that says anything (`true` or a nested tree). */
function firstMask(sources: readonly ValueSource[], pick: (s: ValueSource) => unknown, key: string): unknown {
  for (const source of sources) {
    const mask = own(pick(source), key);
    if (mask !== undefined && mask !== false) return mask;
  }
  return undefined;
}

/**
 * One top-level argument of a resource: the first source that has a non-null value wins; without
 * one, an argument marked unknown is unknown; else the argument is not set (undefined).
 */
export function readArgument(c: Converter, sources: readonly ValueSource[], key: string): RValue | undefined {
  const unknownMask = firstMask(sources, (s) => s.unknown, key);
  const sensitiveMask = firstMask(sources, (s) => s.sensitive, key);
  for (const source of sources) {
    const raw = own(source.values, key);
    if (raw === undefined || raw === null) continue;
    return convert(c, raw, pathStep(source.at, key), unknownMask, sensitiveMask);
  }
  const marked = sources.find((s) => own(s.unknown, key) === true);
  if (unknownMask === true) return c.onUnknown(spanOf(c.doc, pathStep(marked?.unknownAt ?? marked?.at ?? [], key)));
  if (sensitiveMask === true) return unknown(SENSITIVE, spanOf(c.doc, pathStep(sources[0]?.at ?? [], key)));
  return undefined;
}

/** A known string at a top-level key of the sources (ids, ARNs and names for value matching). */
export function knownString(sources: readonly ValueSource[], key: string): string | undefined {
  for (const source of sources) {
    if (own(source.sensitive, key) === true) return undefined;
    const raw = own(source.values, key);
    if (typeof raw === 'string' && raw !== '') return raw;
  }
  return undefined;
}

/**
 * Picks a nested argument out of a block value: `inline_policy.policy` of `inline_policy: [{ policy }]`
 * is the list of every block's `policy`. Unknowns stay unknown; a missing member is dropped.
 */
export function selectPath(value: RValue, path: readonly string[]): RValue | undefined {
  if (path.length === 0) return value;
  const [head, ...tail] = path as [string, ...string[]];
  switch (value.t) {
    case 'array': {
      const items = value.items.flatMap((item) => {
        const picked = selectPath(item, path);
        return picked === undefined ? [] : [picked];
      });
      return array(items, value.span);
    }
    case 'object': {
      const member = hasOwn(value.entries, head) ? value.entries[head] : undefined;
      if (member === undefined || (member.t === 'scalar' && member.value === null)) return undefined;
      return selectPath(member, tail);
    }
    case 'unknown':
      return value;
    default:
      return undefined;
  }
}

/** `["a", "b"]` of a raw expression's `references`, or nothing. */
export function referencesOf(expression: unknown): string[] {
  const refs = own(expression, 'references');
  return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string') : [];
}

/** The references written for an argument path, through nested block expressions (`[{ policy: {…} }]`). */
export function expressionReferences(expressions: unknown, path: readonly string[], depth = 0): string[] {
  if (depth > MAX_DEPTH) return [];
  if (path.length === 0) return Array.isArray(expressions) ? expressions.flatMap((e) => referencesOf(e)) : referencesOf(expressions);
  if (Array.isArray(expressions)) return expressions.flatMap((item) => expressionReferences(item, path, depth + 1));
  // An object-typed argument written as one expression: its references cover every member.
  if (Array.isArray(own(expressions, 'references'))) return referencesOf(expressions);
  const [head, ...tail] = path as [string, ...string[]];
  return expressionReferences(own(expressions, head), tail, depth + 1);
}
