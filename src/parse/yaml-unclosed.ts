/**
 * The quote or bracket a YAML syntax error really comes from. An unclosed `'…`, `"…` or `[…` runs on
 * over the lines after it, and js-yaml reports where it gave up: "deficient indentation" at the next
 * key, lines below the real mistake. When a string or flow collection opened before that position is
 * still open there, the problem is reported at its opening character instead, in words a user knows.
 *
 * A light scan, not a parser: it knows where a scalar may start (after `key: `, `- `, `[`, `{`, `,`, a
 * tag or an anchor, or at the start of a line), quotes and their escapes, comments, flow brackets and
 * block scalars (`|`, `>`), which is enough to tell an open quote from an apostrophe in plain text.
 */

export interface Unclosed {
  /** Offset of the opening character. */
  offset: number;
  /** What is open, for messages: `single-quoted string`, `flow sequence [`. */
  what: string;
}

const WHAT: Record<string, string> = {
  "'": 'single-quoted string',
  '"': 'double-quoted string',
  '[': 'flow sequence [',
  '{': 'flow mapping {',
};

const CLOSER: Record<string, string> = { "'": "'", '"': '"', '[': ']', '{': '}' };

/**
 * The quote or bracket that made the parser stop at `stoppedAt`, or undefined. `stopOf` parses an
 * edited text and says where it stops (undefined: it parses). The scan is a heuristic (a quote inside
 * multi-line plain text looks like an opening one), so an opener is blamed only if, closed at the end
 * of its line (or, for a bracket whose entries run over lines, after the last line before the stop),
 * the text parses or parses further.
 */
export function unclosedOpener(text: string, stoppedAt: number, stopOf: (edited: string) => number | undefined, open = unclosedBefore(text, stoppedAt)): Unclosed | undefined {
  if (!open) return undefined;
  const closer = CLOSER[text[open.offset]!]!;
  const places = new Set([beforeBreak(text, open.offset)]);
  if (closer === ']' || closer === '}') places.add(beforeBreak(text, lastContentBefore(text, open.offset, stoppedAt)));
  for (const at of places) {
    const stop = stopOf(`${text.slice(0, at)}${closer}${text.slice(at)}`);
    if (stop === undefined || stop > stoppedAt + 1) return open;
  }
  return undefined;
}

/**
 * A document marker (`---` or `...` at column 1, then a blank or the end of the line) on a line of a
 * quoted string still open at `stoppedAt`, from its second line up to the line where the parser
 * stopped: YAML forbids one there (it ends the document, so the string runs into it), PyYAML and
 * cfn-lint say "found unexpected document separator", js-yaml "deficient indentation". Undefined when
 * there is none. Linear: one pass to the stop, one over the string's lines.
 */
export function markerInQuoted(text: string, stoppedAt: number, open = unclosedBefore(text, stoppedAt)): { marker: number; open: Unclosed } | undefined {
  if (!open || (text[open.offset] !== '"' && text[open.offset] !== "'")) return undefined;
  const last = lineEnd(text, stoppedAt);
  for (let lineStart = lineEnd(text, open.offset) + 1; lineStart <= last && lineStart < text.length; lineStart = lineEnd(text, lineStart) + 1) {
    if (isDocumentMarker(text, lineStart)) return { marker: lineStart, open };
  }
  return undefined;
}

function isDocumentMarker(text: string, lineStart: number): boolean {
  const marker = text.slice(lineStart, lineStart + 3);
  if (marker !== '---' && marker !== '...') return false;
  const after = text[lineStart + 3];
  return after === undefined || after === ' ' || after === '\t' || after === '\r' || after === '\n';
}

/** The end of the line holding `offset`, before its line break (LF or CRLF). */
function beforeBreak(text: string, offset: number): number {
  const eol = lineEnd(text, offset);
  return text[eol - 1] === '\r' ? eol - 1 : eol;
}

/** The last non-blank character after `from` on a line that ends before the line of `stoppedAt`. */
function lastContentBefore(text: string, from: number, stoppedAt: number): number {
  const lineStart = text.lastIndexOf('\n', Math.max(stoppedAt - 1, 0));
  let i = lineStart <= from ? from : lineStart - 1;
  while (i > from && /\s/.test(text[i]!)) i--;
  return i;
}

/**
 * The quote or flow bracket still open at `before`, or undefined when nothing is. `onQuoted` hears of
 * every quoted scalar closed on the way (offsets of its two quotes).
 */
export function unclosedBefore(text: string, before: number, onQuoted?: (open: number, close: number) => void): Unclosed | undefined {
  return scanUnclosed(text, before, onQuoted).open;
}

/**
 * Where the scan may start again on a copy of the text that agrees with it up to `offset`: outside
 * any quote and block scalar, at the start of the character at `offset`, with these flow brackets open.
 */
export interface ScanPoint {
  offset: number;
  lineStart: number;
  flows: readonly { char: string; offset: number }[];
}

/** Points a scan reports (`scanUnclosed`'s `points`) are at least this far apart. */
const POINT_EVERY = 4096;

/**
 * `unclosedBefore`, from `from` (default: the start of the text), and, when a quote is open at
 * `before`, the point just before that quote, from which a copy edited only past it (its lines
 * joined, a later scalar's) can be scanned without scanning the text before it again.
 */
export function scanUnclosed(
  text: string,
  before: number,
  onQuoted?: (open: number, close: number) => void,
  from?: ScanPoint,
  /** Gets line starts passed outside any quote and block scalar, `POINT_EVERY` characters apart at least (yaml-scan-memo.ts). */
  points?: ScanPoint[],
): { open: Unclosed | undefined; quoteAt: ScanPoint | undefined } {
  const end = Math.min(before, text.length);
  let lastPoint = from ? from.offset : 0;
  let quote: { char: string; offset: number; lineStart: number } | undefined;
  const flows: { char: string; offset: number }[] = from ? [...from.flows] : [];
  let lineStart = from ? from.lineStart : 0;
  for (let i = from ? from.offset : 0; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (quote.char === "'" && c === "'") {
        if (text[i + 1] === "'") i++;
        else {
          onQuoted?.(quote.offset, i);
          quote = undefined;
        }
      } else if (quote.char === '"') {
        if (c === '\\') i++;
        else if (c === '"') {
          onQuoted?.(quote.offset, i);
          quote = undefined;
        }
      }
      if (c === '\n') lineStart = i + 1;
      continue;
    }
    if (c === '\n') {
      lineStart = i + 1;
      if (points !== undefined && lineStart - lastPoint >= POINT_EVERY) {
        points.push({ offset: lineStart, lineStart, flows: [...flows] });
        lastPoint = lineStart;
      }
      continue;
    }
    if (c === '#' && (i === lineStart || /\s/.test(text[i - 1]!))) {
      i = lineEnd(text, i) - 1;
      continue;
    }
    if ((c === ']' || c === '}') && flows.length > 0) {
      flows.pop();
      continue;
    }
    // Only these characters can open something; the look-back below runs for them alone (linear).
    if (c !== "'" && c !== '"' && c !== '[' && c !== '{' && c !== '|' && c !== '>') continue;
    const starts = flows.length > 0 ? startsFlowScalar(text, lineStart, i) : startsScalar(text, lineStart, i);
    if (!starts) continue;
    if (c === "'" || c === '"') quote = { char: c, offset: i, lineStart };
    else if (c === '[' || c === '{') flows.push({ char: c, offset: i });
    else if (flows.length === 0) {
      // A block scalar: its lines are content (quotes in them are text), up to a line indented no deeper than this one's.
      const indent = indentOf(text, lineStart);
      let next = lineEnd(text, i) + 1;
      while (next < end) {
        const lineEndAt = lineEnd(text, next);
        if (text.slice(next, lineEndAt).trim() !== '' && indentOf(text, next) <= indent) break;
        next = lineEndAt + 1;
      }
      i = next - 1;
      lineStart = next;
    }
  }
  const open = quote ?? flows[flows.length - 1];
  // Flows do not change inside a quote: those open now were open when it opened.
  const quoteAt = quote && { offset: quote.offset, lineStart: quote.lineStart, flows };
  return { open: open && { offset: open.offset, what: WHAT[open.char]! }, quoteAt };
}

/** Whether a scalar may start at `i` in block context: only white space, or an indicator, a tag or an anchor before it on the line. */
function startsScalar(text: string, lineStart: number, i: number): boolean {
  const j = skipBlanksBack(text, lineStart, i);
  if (j < lineStart) return true;
  // `key: 'x'`, `- 'x'`, `? 'x'`, `!Sub 'x'`, `&anchor 'x'`; without the space it is plain text (`it's`).
  if (j === i - 1) return false;
  const c = text[j]!;
  return c === ':' || c === '-' || c === '?' || isTagOrAnchor(text, lineStart, j);
}

/** Inside `[…]` / `{…}`: after an opening bracket, a comma or a colon, or a tag or an anchor. */
function startsFlowScalar(text: string, lineStart: number, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j--;
  if (j < 0) return true;
  const c = text[j]!;
  return c === '[' || c === '{' || c === ',' || c === ':' || (j < i - 1 && isTagOrAnchor(text, Math.min(lineStart, j), j));
}

/** The last non-blank offset before `i` on the line, or `lineStart - 1`. */
function skipBlanksBack(text: string, lineStart: number, i: number): number {
  let j = i - 1;
  while (j >= lineStart && (text[j] === ' ' || text[j] === '\t')) j--;
  return j;
}

/** Whether the word that ends at `j` is a tag (`!Sub`) or an anchor (`&a`). Reads back over that word only. */
function isTagOrAnchor(text: string, lineStart: number, j: number): boolean {
  let k = j;
  while (k > lineStart && !/\s/.test(text[k - 1]!)) k--;
  return text[k] === '!' || text[k] === '&';
}

function lineEnd(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at === -1 ? text.length : at;
}

function indentOf(text: string, lineStart: number): number {
  let n = 0;
  while (text[lineStart + n] === ' ') n++;
  return n;
}
