/** Tags on YAML nodes: CloudFormation short forms become long form; standard tags are honoured. */
import { SCALAR_STYLE, YAMLException, type ScalarEvent } from './js-yaml.js';
import type { ParseProblem } from './document.js';
import { ProblemError, lineOf, quoteForMessage } from './problem.js';
import { scanRemembered } from './yaml-scan-memo.js';
import { markerInQuoted, unclosedOpener } from './yaml-unclosed.js';
import type { SpanStore } from './yaml-document.js';
import { CLOUDFORMATION_TAGS, SUPPORTED_TAGS_HINT, normaliseTag, resolveExplicit, standardTag, type YamlSchema } from './yaml-scalars.js';

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
export function standardScalar(tag: string, raw: string, e: ScalarEvent, schema: YamlSchema): unknown {
  const standard = standardTag(tag);
  if (standard === undefined) throw unknownTag(tag, e.tagStart, e.tagEnd);
  if (standard === 'map' || standard === 'seq') throw tagMismatch(tag, 'a scalar', e.tagStart, e.tagEnd);
  if (standard === '!') return raw;
  const value = resolveExplicit(standard, raw, schema);
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

/**
 * js-yaml's own errors, without its source snippet (the engine shows the position itself). `reparse`
 * runs js-yaml again on an edited text (with the options of the first run), to confirm an unclosed
 * quote or bracket before blaming it.
 */
/**
 * Go, Helm and Jinja placeholders (`{{ .Values.cidr }}`, `{% if … %}`) on the line of a YAML error,
 * or the line before: the file is a template another tool renders, and the raw YAML parser's
 * message alone ("bad indentation of a mapping entry") would not say so. CloudFormation's own
 * `{{resolve:…}}` dynamic references are not such placeholders.
 */
export function templateHint(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', Math.max(offset - 1, 0));
  const previousStart = lineStart <= 0 ? 0 : text.lastIndexOf('\n', lineStart - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const lines = text.slice(previousStart, lineEnd === -1 ? text.length : lineEnd);
  return /\{\{(?!\s*resolve:)[^{}\n]*\}\}|\{%[^%\n]*%\}/.test(lines)
    ? '; the file holds template placeholders ({{ … }} or {% … %}): it is rendered by another tool (Helm, Go templates, Jinja) before CloudFormation reads it, so lint the rendered output'
    : '';
}

export function describeException(error: unknown, text: string, maxDepth: number, reparse: (text: string) => unknown): ParseProblem {
  if (error instanceof YAMLException) {
    const start = Math.min(Math.max(error.mark?.position ?? 0, 0), text.length);
    const end = Math.min(start + 1, text.length);
    if (/maxDepth/.test(error.reason)) {
      return { message: `nesting deeper than ${maxDepth} levels (raise it with --max-depth)`, start, end, limit: 'maxDepth' };
    }
    // An unclosed quote or bracket shows up lines later, as "deficient indentation" or an end of the
    // stream: point at it instead. (A stray closing bracket is js-yaml's to word: "missed comma".)
    const stopOf = (edited: string) => {
      try {
        reparse(edited);
        return undefined;
      } catch (thrown) {
        return thrown instanceof YAMLException ? (thrown.mark?.position ?? 0) : 0;
      }
    };
    // A `---` at column 1 inside a quoted string is no text of it: it ends the document there.
    // One scan for both questions below (a scan of the text up to the stop).
    const open = scanRemembered(text, start).open;
    const marker = open && markerInQuoted(text, start, open);
    // Blamed only if, indented, the line lets the parser go further (the scan is a heuristic).
    const indented = marker && stopOf(`${text.slice(0, marker.marker)} ${text.slice(marker.marker)}`);
    if (marker && (indented === undefined || indented > start + 1)) {
      const written = text.slice(marker.marker, marker.marker + 3);
      const message = `the line \`${written}\` at column 1 (line ${lineOf(text, marker.marker)}) ends the YAML document inside the ${marker.open.what} opened at line ${lineOf(text, marker.open.offset)}: YAML allows no document marker (\`---\`, \`...\`) at the start of a line of a quoted string ("found unexpected document separator"); indent that line (a continuation line's leading spaces are not part of the string)`;
      return { message, start: marker.marker, end: marker.marker + 3 };
    }
    const blamed = open && RAN_ON.test(error.reason) ? unclosedOpener(text, start, stopOf, open) : undefined;
    if (blamed) {
      return { message: `this ${blamed.what} is never closed (the YAML parser stopped at line ${lineOf(text, start)}: ${error.reason})`, start: blamed.offset, end: blamed.offset + 1 };
    }
    return { message: error.reason + templateHint(text, start), start, end };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { message: `YAML parser failed: ${reason}`, start: 0, end: 0 };
}
