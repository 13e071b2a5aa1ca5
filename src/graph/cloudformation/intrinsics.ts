/**
 * String and list intrinsics: `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`.
 * Known inputs give known values; strings with unknown or referenced parts become templates, which
 * is what lets an ARN built with `!Sub` be matched against a role or log group of the run.
 */
import type { Span } from '../../core/source.js';
import { pathStep } from '../../parse/document.js';
import type { RTemplate, RValue } from '../model.js';
import { DYNAMIC_REFERENCE_START, withDynamicReferences } from './dynamic-references.js';
import type { Path, Resolver } from './resolve.js';
import type { TemplateContext } from './template.js';
import { withOneOf } from '../one-of.js';
import { array, hasOwn, isObject, makeString, own, relocate, scalar, stringParts, toPlain, unknown, whyNotKnown } from '../values.js';

type Part = RTemplate['parts'][number];

/** Most mapping entries compared when a `Fn::FindInMap` key is not known. */
const MAX_CANDIDATES = 64;

/** `Fn::Sub` pieces: literal text, or a `${Name}` / `${Res.Attr}` placeholder. */
export function parseSub(text: string): Array<{ text: string } | { name: string }> {
  const pieces: Array<{ text: string } | { name: string }> = [];
  let last = 0;
  for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
    const inner = match[1] ?? '';
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    // `${!Literal}` is an escape for a literal `${Literal}`.
    pieces.push(inner.startsWith('!') ? { text: `\${${inner.slice(1)}}` } : { name: inner.trim() });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

export function resolveSub(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
  let text: unknown = arg;
  let vars: unknown = {};
  if (Array.isArray(arg)) {
    if (arg.length !== 2 || !isObject(arg[1])) return unknown('Fn::Sub needs a string and a map of variables', span);
    [text, vars] = arg;
  }
  if (typeof text !== 'string') return unknown('Fn::Sub needs a string', span);
  const resolvedVars = new Map<string, RValue | undefined>();
  const parts: Part[] = [];
  for (const piece of parseSub(text)) {
    if ('text' in piece) {
      if (piece.text.includes(DYNAMIC_REFERENCE_START)) parts.push(...stringParts(withDynamicReferences(r, piece.text, span, depth)));
      else parts.push(piece.text);
      continue;
    }
    const { name } = piece;
    let value: RValue | undefined;
    if (hasOwn(vars, name)) {
      if (!resolvedVars.has(name)) resolvedVars.set(name, r.resolve(ctx, own(vars, name), pathStep(pathStep(at, 1), name), depth + 1));
      value = resolvedVars.get(name);
    } else if (name.includes('.') && !name.startsWith('AWS::')) {
      value = r.getAtt(ctx, name, at, span, depth + 1);
    } else {
      value = r.refName(ctx, name, span, depth + 1);
    }
    if (value) parts.push(...stringParts(value));
  }
  return makeString(parts, span);
}

export function resolveJoin(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
  if (!Array.isArray(arg) || arg.length !== 2) return unknown('Fn::Join needs a delimiter and a list', span);
  const delimiter = r.resolve(ctx, arg[0], pathStep(at, 0), depth + 1);
  if (delimiter?.t !== 'scalar' || typeof delimiter.value !== 'string') return unknown('Fn::Join needs a string delimiter', span);
  const list = r.resolve(ctx, arg[1], pathStep(at, 1), depth + 1);
  if (!list) return unknown('Fn::Join needs a list', span);
  if (list.t !== 'array') return list.t === 'unknown' ? unknown(list.why, span, '*') : unknown('Fn::Join needs a list', span);
  const parts: Part[] = [];
  list.items.forEach((item, i) => {
    if (i > 0) parts.push(delimiter.value as string);
    parts.push(...stringParts(item));
  });
  return makeString(parts, span);
}

export function resolveSelect(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
  if (!Array.isArray(arg) || arg.length !== 2) return unknown('Fn::Select needs an index and a list', span);
  const index = r.resolve(ctx, arg[0], pathStep(at, 0), depth + 1);
  const list = r.resolve(ctx, arg[1], pathStep(at, 1), depth + 1);
  const i = index?.t === 'scalar' ? Number(index.value) : NaN;
  if (!index || !Number.isInteger(i)) return unknown(index && index.t !== 'scalar' ? whyNotKnown(index) : 'Fn::Select needs a whole-number index', span);
  if (list?.t !== 'array') return unknownFrom(list ? (list.t === 'unknown' ? list.why : 'Fn::Select needs a list') : 'Fn::Select needs a list', span, list);
  const item = list.items[i];
  return item ? relocate(item, span) : unknown(`Fn::Select index ${i} is out of range`, span);
}

export function resolveSplit(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
  if (!Array.isArray(arg) || arg.length !== 2) return unknown('Fn::Split needs a delimiter and a string', span);
  const delimiter = r.resolve(ctx, arg[0], pathStep(at, 0), depth + 1);
  const source = r.resolve(ctx, arg[1], pathStep(at, 1), depth + 1);
  if (delimiter?.t !== 'scalar' || typeof delimiter.value !== 'string' || delimiter.value === '') {
    return unknown('Fn::Split needs a non-empty string delimiter', span);
  }
  if (source?.t !== 'scalar' || typeof source.value !== 'string') return unknownFrom(source ? whyNotKnown(source) : 'Fn::Split needs a string', span, source);
  return array(source.value.split(delimiter.value).map((item) => scalar(item, source.span)), span);
}

/**
 * An unknown cut from a value that refers to resources (`!Split [",", !ImportValue net-VpcInfo]`
 * where the export joins `!Ref Vpc` with its CIDR): a piece of it may be any of them (`mayBe`), so a
 * rule must not conclude that it names none.
 */
function unknownFrom(why: string, span: Span, from: RValue | undefined): RValue {
  const value = unknown(why, span);
  if (from?.t === 'unknown' && from.mayBeAnyIn) return { ...value, mayBeAnyIn: from.mayBeAnyIn };
  const mayBe = from ? [...new Set(referencedUids(from))].sort() : [];
  return mayBe.length > 0 ? { ...value, mayBe } : value;
}

function referencedUids(value: RValue): string[] {
  switch (value.t) {
    case 'ref':
      return [value.target];
    case 'unknown':
      return value.mayBe ?? [];
    case 'template':
      return value.parts.flatMap((part) => (typeof part === 'string' ? [] : referencedUids(part)));
    case 'array':
      return value.items.flatMap(referencedUids);
    default:
      return [];
  }
}

/**
 * `Fn::FindInMap [Map, TopKey, SecondKey, {DefaultValue}]`. When a key is not known (typically
 * `!Ref AWS::Region`), the value is still known if every candidate entry holds the same value.
 */
export function resolveFindInMap(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue | undefined {
  if (!Array.isArray(arg) || arg.length < 3 || arg.length > 4) return unknown('Fn::FindInMap needs a map name and two keys', span);
  const keys = [0, 1, 2].map((i) => r.resolve(ctx, arg[i], pathStep(at, i), depth + 1));
  const [mapKey, topKey, secondKey] = keys.map(keyOf) as [string | { why: string }, string | { why: string }, string | { why: string }];
  if (typeof mapKey !== 'string') return unknown(`mapping name is not known: ${mapKey.why}`, span);
  const mapping = own(ctx.mappings, mapKey);
  if (!isObject(mapping)) return unknown(`no mapping named ${mapKey}`, span);
  const hasDefault = arg.length === 4 && hasOwn(arg[3], 'DefaultValue');
  const fallback = (): RValue | undefined => r.resolve(ctx, own(arg[3], 'DefaultValue'), pathStep(pathStep(at, 3), 'DefaultValue'), depth + 1);

  if (typeof topKey === 'string' && typeof secondKey === 'string') {
    const entry = own(own(mapping, topKey), secondKey);
    if (entry === undefined || !hasOwn(own(mapping, topKey), secondKey)) {
      if (!hasDefault) return unknown(`mapping ${mapKey} has no entry ${topKey}/${secondKey}`, span);
      const value = fallback();
      return value && relocate(value, span);
    }
    const value = r.resolve(ctx, entry, ['Mappings', mapKey, topKey, secondKey], depth + 1);
    return value && chosenBy(relocate(value, span), keys);
  }

  // Some key is not known: the value is known only if all candidate entries agree.
  const tops = typeof topKey === 'string' ? [topKey] : Object.keys(mapping);
  const found: RValue[] = [];
  let missing = false;
  let budget = MAX_CANDIDATES;
  for (const top of tops) {
    const row = own(mapping, top);
    const seconds = typeof secondKey === 'string' ? [secondKey] : isObject(row) ? Object.keys(row) : [];
    for (const second of seconds) {
      // Bounded so that a huge mapping used many times stays linear.
      if (--budget < 0) return unknown(`mapping key is not known and ${mapKey} has too many entries to compare`, span);
      if (!hasOwn(row, second)) missing = true;
      else {
        const value = r.resolve(ctx, own(row, second), ['Mappings', mapKey, top, second], depth + 1);
        if (value) found.push(value);
      }
    }
  }
  const defaultValue = missing && hasDefault ? fallback() : undefined;
  if (defaultValue) found.push(defaultValue);
  const why = typeof topKey === 'string' ? (secondKey as { why: string }).why : topKey.why;
  const first = found[0];
  if (!first) return unknown(`mapping key is not known: ${why}`, span);
  const plain = JSON.stringify(toPlain(first) ?? null);
  const agree = toPlain(first) !== undefined && found.every((v) => JSON.stringify(toPlain(v) ?? null) === plain);
  if (!agree) return withOneOf(unknown(`mapping key is not known: ${why}`, span), found);
  return { ...first, span, origin: found.map((v) => v.span) };
}

/**
 * A mapping entry read with keys taken from parameters (`!Ref Environment`): their defaults chose the
 * entry, so a finding on the value names them too (`decidedBy`), besides the entry itself (`origin`).
 */
function chosenBy(value: RValue, keys: (RValue | undefined)[]): RValue {
  const decided = keys.flatMap((key) => key?.origin ?? []);
  return value.t !== 'scalar' || decided.length === 0 ? value : { ...value, decidedBy: [...(value.decidedBy ?? []), ...decided] };
}

function keyOf(value: RValue | undefined): string | { why: string } {
  if (value?.t === 'scalar' && value.value !== null) return String(value.value);
  return { why: value ? whyNotKnown(value) : 'AWS::NoValue used as a key' };
}
