/**
 * IAM policy documents may be written as JSON strings (often via `!Sub` to put the account id in).
 * Rules want one shape, so strings are parsed into object trees here; placeholders of a `!Sub`-built
 * string survive as template parts of the string values they sit in.
 */
import type { Span } from '../core/source.js';
import type { RTemplate, RValue } from './model.js';
import { array, makeString, object, scalar, setOwn, unknown } from './values.js';

/** Deepest JSON nesting converted; real policies are a handful of levels deep. */
const MAX_DEPTH = 64;
/** Private-use delimiters: valid inside JSON strings, never in real policies. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

type Part = RTemplate['parts'][number];

/** The policy document as an object tree; a string that is not JSON becomes unknown. */
export function policyDocument(value: RValue): RValue {
  if (value.t === 'scalar' && typeof value.value === 'string') return fromJson(value.value, [], value.span);
  if (value.t !== 'template') return value;
  const holes: Part[] = [];
  const text = value.parts.map((part) => (typeof part === 'string' ? part : `${OPEN}${holes.push(part) - 1}${CLOSE}`)).join('');
  return fromJson(text, holes, value.span);
}

function fromJson(text: string, holes: Part[], span: Span): RValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return unknown('policy document is a string that is not valid JSON', span);
  }
  return convert(parsed, holes, span, 0);
}

function convert(value: unknown, holes: Part[], span: Span, depth: number): RValue {
  if (depth > MAX_DEPTH) return unknown('policy document nested too deeply', span);
  if (typeof value === 'string') return holes.length === 0 ? scalar(value, span) : withHoles(value, holes, span);
  if (Array.isArray(value)) return array(value.map((item) => convert(item, holes, span, depth + 1)), span);
  if (typeof value === 'object' && value !== null) {
    const entries: Record<string, RValue> = {};
    const keySpans: Record<string, Span> = {};
    for (const [key, item] of Object.entries(value)) {
      setOwn(entries, key, convert(item, holes, span, depth + 1));
      setOwn(keySpans, key, span);
    }
    return object(entries, keySpans, span);
  }
  return scalar(value as number | boolean | null, span);
}

function withHoles(text: string, holes: Part[], span: Span): RValue {
  const parts: Part[] = [];
  const pattern = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.slice(last, match.index));
    parts.push(holes[Number(match[1])] ?? '');
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return makeString(parts, span);
}
