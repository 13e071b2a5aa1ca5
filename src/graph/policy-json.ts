/**
 * IAM policy documents may be written as JSON strings (often via `!Sub` to put the account id in).
 * Rules want one shape, so strings are parsed into object trees here; placeholders of a `!Sub`-built
 * string survive as template parts of the string values they sit in.
 */
import type { Span } from '../core/source.js';
import type { RTemplate, RValue } from './model.js';
import { array, makeString, object, scalar, setOwn, unknown } from './values.js';
import { WrittenString, type WrittenAt } from './written-string.js';

/** Deepest JSON nesting converted; real policies are a handful of levels deep. */
const MAX_DEPTH = 64;
/** Private-use delimiters: valid inside JSON strings, never in real policies. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

type Part = RTemplate['parts'][number];

/**
 * The policy document as an object tree; a string that is not JSON becomes unknown. `written`: where
 * the string is written, when a caller knows it, so that spans inside the document point at the
 * lines of its JSON (written-string.ts) rather than at the whole string.
 */
export function policyDocument(value: RValue, written?: WrittenAt): RValue {
  // The text of an object written in the template (`Fn::ToJsonString`): that object, where it is written.
  if ((value.t === 'scalar' || value.t === 'template') && value.json) return value.json;
  if (value.t === 'scalar' && typeof value.value === 'string') return fromJson(value.value, [], value.span, written);
  if (value.t !== 'template') return value;
  const holes: Part[] = [];
  const text = value.parts.map((part) => (typeof part === 'string' ? part : `${OPEN}${holes.push(part) - 1}${CLOSE}`)).join('');
  return fromJson(text, holes, value.span, written);
}

function fromJson(text: string, holes: Part[], span: Span, written: WrittenAt | undefined): RValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return unknown('policy document is a string that is not valid JSON', span);
  }
  // A string passed in from elsewhere (a variable's default) has its span where it is used: its lines
  // are not found there, and its spans stay that place.
  const inner = written ? new WrittenString(written, text) : undefined;
  // Without a place to map to, every span is the string's, and no JSON paths are made.
  const spans: Spans = inner ? (path, part) => inner.spanOf(path ?? [], part) : () => span;
  return convert(parsed, holes, spans, inner ? [] : undefined, 0);
}

/** The span of the value (or key) at a JSON path inside the document. */
type Spans = (path: JsonPath | undefined, part?: 'key' | 'value') => Span;
type JsonPath = readonly (string | number)[];

function convert(value: unknown, holes: Part[], spans: Spans, path: JsonPath | undefined, depth: number): RValue {
  const span = spans(path);
  if (depth > MAX_DEPTH) return unknown('policy document nested too deeply', span);
  if (typeof value === 'string') return holes.length === 0 ? scalar(value, span) : withHoles(value, holes, span);
  if (Array.isArray(value)) return array(value.map((item, index) => convert(item, holes, spans, path && [...path, index], depth + 1)), span);
  if (typeof value === 'object' && value !== null) {
    const entries: Record<string, RValue> = {};
    const keySpans: Record<string, Span> = {};
    for (const [key, item] of Object.entries(value)) {
      const at = path && [...path, key];
      setOwn(entries, key, convert(item, holes, spans, at, depth + 1));
      setOwn(keySpans, key, spans(at, 'key'));
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
