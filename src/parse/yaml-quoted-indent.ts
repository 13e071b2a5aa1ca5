/**
 * A continuation line of a quoted scalar indented no deeper than the key that holds it, as in a JSON
 * policy written inline:
 *
 *     PolicyDocument: '{
 *         "Statement": [ … ]
 *       }'
 *
 * YAML 1.2 asks every continuation line of a flow scalar to be indented past its parent, and js-yaml
 * refuses the closing line ("deficient indentation"). PyYAML, the parser of cfn-lint and the AWS CLI,
 * does not look at indentation inside quotes, and templates written so are published as deploying
 * (CloudFormation's own parser is not documented), so we read them too.
 *
 * js-yaml runs again on a copy of the text in which the line breaks of such scalars are spaces (of
 * every quoted scalar from the first that js-yaml stops in; failing that, of one at a time). The
 * copy has the same length, so every offset js-yaml reports is one of the original text, and the
 * builder decodes each quoted value from the original text, where the break still is (folding drops
 * the indentation of continuation lines, so the value is the one PyYAML reads).
 */
import { EVENT_ID, SCALAR_STYLE, YAMLException, type Event } from './js-yaml.js';
import { scanRemembered } from './yaml-scan-memo.js';
import type { scanUnclosed, ScanPoint } from './yaml-unclosed.js';

/**
 * Quoted scalars joined one at a time, when joining all of them at once does not read: each costs one
 * more run of js-yaml over the whole text, so a file with many of them stays linear; past this it is
 * reported as before.
 */
const MAX_SCALARS = 8;

/** A document start or end marker at the start of a line: `---` or `...`, then white space. */
const DOCUMENT_MARKER = /[\r\n](?:---|\.\.\.)(?=[ \t\r\n])/;

/** Whether js-yaml stopped where `parseReadingShallowQuotedLines` tries its repair: an under-indented line. */
export function stopsInShallowQuotedLine(error: unknown): boolean {
  return deficientAt(error) >= 0;
}

/** Where js-yaml stopped at an under-indented line, or -1. */
function deficientAt(error: unknown): number {
  if (!(error instanceof YAMLException) || error.reason !== 'deficient indentation') return -1;
  return error.mark?.position ?? -1;
}

/** The offset of the quote that closes the one opened at `open` (same escapes as YAML), or -1. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') i++;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/**
 * The quoted scalar that js-yaml was reading when it stopped at `at`, with every line break inside it
 * made a space (`\n`, `\r\n` or `\r`); undefined when `at` is not inside one.
 */
function joinedScalar(text: string, at: number, scanned: Scanned): { text: string; joints: number[]; close: number } | undefined {
  const open = scanned.open;
  if (open === undefined || !isQuote(text[open.offset])) return undefined;
  const close = closingQuote(text, open.offset);
  if (close < at || !joinable(text, open.offset, close)) return undefined;
  const joints: number[] = [];
  const inside = breaksAsSpaces(text, open.offset, close, joints);
  return { text: text.slice(0, open.offset) + inside + text.slice(close), joints, close };
}

type Scanned = ReturnType<typeof scanUnclosed>;

/**
 * What is open at `at` in `text`, scanned from `from` (where the last scalar joined opened: the copy
 * agrees with the one scanned before up to there) when that lies before `at`. Each scalar joined
 * used to cost a scan of the text from its start, 8 scans of 10 MB at most.
 */
function scanFrom(text: string, at: number, from: ScanPoint | undefined): Scanned {
  return scanRemembered(text, at, from !== undefined && from.offset < at ? from : undefined);
}

/**
 * The text with every quoted scalar that runs over several lines, from the one js-yaml stopped in
 * (at `at`) to the end, joined: one run of js-yaml then reads a file with any number of them.
 */
function everyScalarJoined(text: string, scanned: Scanned): { text: string; joints: number[] } | undefined {
  const first = scanned.open;
  if (first === undefined || !isQuote(text[first.offset])) return undefined;
  const pieces: string[] = [];
  const joints: number[] = [];
  let copied = 0;
  // From that scalar on: the text before it was scanned already.
  scanRemembered(text, text.length, scanned.quoteAt, (open, close) => {
    if (open < first.offset || !joinable(text, open, close)) return;
    pieces.push(text.slice(copied, open), breaksAsSpaces(text, open, close, joints));
    copied = close;
  });
  if (joints.length === 0) return undefined;
  pieces.push(text.slice(copied));
  return { text: pieces.join(''), joints };
}

function isQuote(c: string | undefined): boolean {
  return c === "'" || c === '"';
}

/**
 * Whether the quoted scalar from `open` to `close` may be joined: it has a line break, and neither is
 * it a key nor does a line of it start `---` or `...` (which ends the document, in PyYAML too).
 */
function joinable(text: string, open: number, close: number): boolean {
  const inside = text.slice(open, close);
  return /[\r\n]/.test(inside) && !isKey(text, close) && !DOCUMENT_MARKER.test(inside);
}

/** The scalar's text with each line break (`\n`, `\r\n`, a lone `\r` as js-yaml and PyYAML read it) made spaces; `joints` gets their offsets. */
function breaksAsSpaces(text: string, open: number, close: number, joints: number[]): string {
  return text.slice(open, close).replace(/\r\n?|\n/g, (line, offset: number) => {
    joints.push(open + offset);
    return ' '.repeat(line.length);
  });
}

/**
 * Whether the scalar that closes at `close` is a mapping key (`"a` … `b": c`): a key must fit on one
 * line (YAML's implicit keys; PyYAML refuses it too), and joined it would.
 */
function isKey(text: string, close: number): boolean {
  let i = close + 1;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text[i] === ':';
}

/**
 * Whether every offset of `joints` lies inside a single- or double-quoted scalar among `events`. One
 * sweep over both, sorted: a scalar of 20,000 lines in a template of 170,000 events, tested joint by
 * joint against every event, took 36 s.
 */
function allInsideQuoted(events: readonly Event[], joints: readonly number[]): boolean {
  const ranges: [number, number][] = [];
  for (const e of events) {
    if (e.type === EVENT_ID.SCALAR && (e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED)) ranges.push([e.valueStart, e.valueEnd]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const sorted = [...joints].sort((a, b) => a - b);
  let r = 0;
  for (const at of sorted) {
    while (r < ranges.length && ranges[r]![1] <= at) r++;
    if (r === ranges.length || at < ranges[r]![0]) return false;
  }
  return true;
}

/**
 * `parse` on the text, and, where it stops at an under-indented line of a quoted scalar, on the text
 * with the lines of that scalar joined. The joins are kept only if each lands inside a quoted scalar
 * of the final parse: any other deficient indentation (a block mapping, a flow collection) is still
 * the error js-yaml reported on the original text. But when js-yaml, past every joined scalar, stops
 * at a mistake that is no such scalar, that mistake is the file's: the scalars before it are read, so
 * reporting the first of them ("this single-quoted string is never closed") would blame a string
 * that is closed, and the user who fixed it would meet the later mistake anyway.
 */
export function parseReadingShallowQuotedLines(text: string, parse: (text: string) => Event[]): Event[] {
  let firstError: unknown;
  try {
    return parse(text);
  } catch (error) {
    if (deficientAt(error) < 0) throw error;
    firstError = error;
  }
  const firstScan = scanRemembered(text, deficientAt(firstError));
  // Every such scalar at once: one more run of js-yaml, however many the file has.
  const all = everyScalarJoined(text, firstScan);
  if (all !== undefined) {
    try {
      const events = parse(all.text);
      if (allInsideQuoted(events, all.joints)) return events;
    } catch {
      // One at a time, below, tells which mistake is the file's.
    }
  }
  let edited = text;
  const joints: number[] = [];
  let lastClose = -1;
  let error: unknown = firstError;
  let scanned = firstScan;
  for (let scalars = 0; scalars < MAX_SCALARS; scalars++) {
    if (scalars > 0) scanned = scanFrom(edited, deficientAt(error), scanned.quoteAt);
    const joined = joinedScalar(edited, deficientAt(error), scanned);
    if (joined === undefined) {
      if (error !== firstError && positionOf(error) > lastClose) throw error;
      break;
    }
    edited = joined.text;
    joints.push(...joined.joints);
    lastClose = joined.close;
    try {
      const events = parse(edited);
      if (allInsideQuoted(events, joints)) return events;
      break;
    } catch (next) {
      error = next;
      if (deficientAt(next) >= 0) continue;
      if (positionOf(next) > lastClose) throw next;
      break;
    }
  }
  throw firstError;
}

function positionOf(error: unknown): number {
  return error instanceof YAMLException ? (error.mark?.position ?? -1) : -1;
}
