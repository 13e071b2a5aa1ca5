/** Tags on YAML nodes: CloudFormation short forms become long form; standard tags are honoured. */
import { SCALAR_STYLE, YAMLException, parseEvents, type ScalarEvent } from 'js-yaml';
import type { ParseProblem } from './document.js';
import { ProblemError, quoteForMessage } from './problem.js';
import { unclosedBefore } from './yaml-unclosed.js';
import type { SpanStore } from './yaml-document.js';
import { CLOUDFORMATION_TAGS, SUPPORTED_TAGS_HINT, normaliseTag, resolveExplicit, standardTag } from './yaml-scalars.js';

export function tagOf(text: string, tagStart: number, tagEnd: number): string {
  return normaliseTag(text.slice(tagStart, tagEnd));
}

/**
 * `!Ref x` → `{ Ref: 'x' }`, `!GetAtt a.b.c` → `{ 'Fn::GetAtt': ['a', 'b.c'] }` (split at the first dot:
 * the attribute itself may contain dots). Records where the long-form parts are written: the
 * wrapper's entry is the last one added to `store`. `undefined` when the tag is not a CloudFormation one.
 */
export function cloudFormationScalar(
  tag: string,
  raw: string,
  e: ScalarEvent,
  valueStart: number,
  valueEnd: number,
  store: SpanStore,
): Record<string, unknown> | undefined {
  const fn = CLOUDFORMATION_TAGS.get(tag);
  if (fn === undefined) return undefined;
  if (fn !== 'Fn::GetAtt') {
    store.add(fn, e.tagStart, e.tagEnd, valueStart, valueEnd, -1, -1, 0);
    return { [fn]: raw };
  }
  const dot = raw.indexOf('.');
  const parts = dot === -1 ? [raw] : [raw.slice(0, dot), raw.slice(dot + 1)];
  // When the scalar is written exactly as its value (no escapes, no folding), each part has its own range.
  let last = -1;
  if (dot !== -1 && e.fast && e.valueStart >= 0) {
    const at = e.valueStart + dot;
    const resource = store.add(undefined, -1, -1, e.valueStart, at, -1, -1, 0);
    last = store.add(undefined, -1, -1, at + 1, e.valueEnd, resource, -1, 1);
  } else {
    for (let i = 0; i < parts.length; i++) last = store.add(undefined, -1, -1, valueStart, valueEnd, last, -1, i);
  }
  store.add(fn, e.tagStart, e.tagEnd, valueStart, valueEnd, -1, last, 0);
  return { [fn]: parts };
}

/** A scalar with a standard tag (`!!int 8`), or a problem for a tag we do not know or a value that does not fit. */
export function standardScalar(tag: string, raw: string, e: ScalarEvent): unknown {
  const standard = standardTag(tag);
  if (standard === undefined) throw unknownTag(tag, e.tagStart, e.tagEnd);
  if (standard === 'map' || standard === 'seq') throw tagMismatch(tag, 'a scalar', e.tagStart, e.tagEnd);
  if (standard === '!') return raw;
  const value = resolveExplicit(standard, raw);
  if (value === undefined) {
    const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const end = e.valueStart < 0 ? e.tagEnd : e.valueEnd + (quoted ? 1 : 0);
    throw new ProblemError({ message: `${quoteForMessage(raw)} is not a valid ${tag} value`, start: e.tagStart, end });
  }
  return value;
}

/** The long-form key for a tagged collection (`!If [...]` → 'Fn::If'), `undefined` for `!!map`/`!!seq`/`!`. */
export function collectionFunction(tag: string, isMap: boolean, tagStart: number, tagEnd: number): string | undefined {
  const fn = CLOUDFORMATION_TAGS.get(tag);
  if (fn !== undefined) return fn;
  const standard = standardTag(tag);
  if (standard === '!' || standard === (isMap ? 'map' : 'seq')) return undefined;
  if (standard !== undefined) throw tagMismatch(tag, isMap ? 'a mapping' : 'a sequence', tagStart, tagEnd);
  throw unknownTag(tag, tagStart, tagEnd);
}

function unknownTag(tag: string, start: number, end: number): ProblemError {
  const message = tag.startsWith('!!')
    ? `unsupported YAML tag ${tag} (CloudFormation templates use plain mappings, sequences and scalars)`
    : `unknown tag ${tag} (CloudFormation supports ${SUPPORTED_TAGS_HINT})`;
  return new ProblemError({ message, start, end });
}

function tagMismatch(tag: string, what: string, start: number, end: number): ProblemError {
  return new ProblemError({ message: `tag ${tag} cannot be applied to ${what}`, start, end });
}

/** js-yaml's words for a scalar or flow collection that ran on past where it should have ended. */
const RAN_ON = /deficient indentation|unexpected end of the stream within|end of the stream or a document separator is expected|bad indentation of a mapping entry|can not read a block mapping entry/;

/** js-yaml's own errors, without its source snippet (the engine shows the position itself). */
export function describeException(error: unknown, text: string, maxDepth: number): ParseProblem {
  if (error instanceof YAMLException) {
    const start = Math.min(Math.max(error.mark?.position ?? 0, 0), text.length);
    const end = Math.min(start + 1, text.length);
    if (/maxDepth/.test(error.reason)) {
      return { message: `nesting deeper than ${maxDepth} levels (raise it with --max-depth)`, start, end, limit: 'maxDepth' };
    }
    // An unclosed quote or bracket shows up lines later, as "deficient indentation" or an end of the
    // stream: point at it instead. (A stray closing bracket is js-yaml's to word: "missed comma".)
    const open = RAN_ON.test(error.reason) ? unclosedBefore(text, start) : undefined;
    if (open && explains(text, open.offset, start, maxDepth)) {
      const line = lineNumberAt(text, start);
      return { message: `this ${open.what} is never closed (the YAML parser stopped at line ${line}: ${error.reason})`, start: open.offset, end: open.offset + 1 };
    }
    return { message: error.reason, start, end };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { message: `YAML parser failed: ${reason}`, start: 0, end: 0 };
}

function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const CLOSER: Record<string, string> = { "'": "'", '"': '"', '[': ']', '{': '}' };

/**
 * Whether the quote or bracket at `opener` is what stopped the parser at `stoppedAt`: closed at the
 * end of its line, the text parses, or parses further. The scan that found it is a heuristic (a quote
 * inside multi-line plain text looks like an opening one); this check keeps it from blaming the wrong line.
 */
function explains(text: string, opener: number, stoppedAt: number, maxDepth: number): boolean {
  const closer = CLOSER[text[opener]!] ?? '';
  // A bracket may hold lines of entries: it is also tried closed after the last line before the stop.
  const places = closer === ']' || closer === '}' ? [lineEndAt(text, opener), lineEndAt(text, lastContentBefore(text, opener, stoppedAt))] : [lineEndAt(text, opener)];
  return [...new Set(places)].some((at) => {
    try {
      parseEvents(`${text.slice(0, at)}${closer}${text.slice(at)}`, { maxDepth: maxDepth + 16 });
      return true;
    } catch (error) {
      return error instanceof YAMLException && (error.mark?.position ?? 0) > stoppedAt + 1;
    }
  });
}

/** The end of the line holding `offset`, before its line break. */
function lineEndAt(text: string, offset: number): number {
  let eol = text.indexOf('\n', offset);
  if (eol === -1) eol = text.length;
  return text[eol - 1] === '\r' ? eol - 1 : eol;
}

/** The last non-blank character after `from` on a line that ends before the line of `stoppedAt`. */
function lastContentBefore(text: string, from: number, stoppedAt: number): number {
  const lineStart = text.lastIndexOf('\n', Math.max(stoppedAt - 1, 0));
  let i = lineStart <= from ? from : lineStart - 1;
  while (i > from && /\s/.test(text[i]!)) i--;
  return i;
}
