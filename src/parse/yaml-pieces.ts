/**
 * A large YAML template read in pieces (issue 5). js-yaml hands over the whole event stream of a text
 * at once: about a million events, 80 MB, for a template of 100,000 resources, all alive beside the
 * values built from them. Most of a template is the entries of a few top-level mappings
 * (`Resources`, `Conditions`, `Outputs`), each written from a line of its own at one indentation; so
 * the text is cut at such lines, js-yaml reads each piece on its own, and the builder reads the
 * pieces' events as one stream: only one piece's events exist at a time.
 *
 * The stream must be the one js-yaml gives for the whole text, event for event (offsets moved by
 * where the piece starts). Only plain layouts are cut: a root block mapping with plain keys at column
 * 0, entries with plain keys at one indentation and nothing written less indented among them. Tabs,
 * carriage returns, a byte order mark, directives, document markers, flow or quoted keys, and any
 * line the scan does not know fall back to the whole text (`undefined`); so does a piece js-yaml
 * refuses (a quote or bracket left open across a cut, a syntax error: the whole text's error and its
 * position are then those reported, repairs included), an alias (its budget counts the whole
 * stream's events), and anything the builder refuses (its message may depend on what follows).
 */
import { COLLECTION_STYLE, EVENT_ID, type Event } from './js-yaml.js';
import type { ParseResult } from './document.js';
import { ProblemError } from './problem.js';
import type { Builder } from './yaml-builder.js';

/** When a text is read in pieces, and how long they are (characters). */
export interface PieceSizes {
  /** Shorter texts are read whole: pieces are for the memory of large ones, and cost a scan. */
  from: number;
  /** About how long a piece is at least. */
  length: number;
  /** How many pieces at most: longer texts have longer pieces. */
  most: number;
}

/**
 * js-yaml slows down for good after about nine calls in a process, to half its speed or less: its
 * functions are all deoptimised at once on a new map of its parser state (`--trace-deopt`: "wrong
 * map"), and the same 1.2 MB text that took 55 ms of CPU nine times took 120–250 ms from then on.
 * So a text is read in at most eight pieces, of 1 MB at least: 8 MB in 1 MB pieces took 430 ms of CPU
 * in js-yaml against 380 whole, and in 64 KB pieces 820; 32 MB in eight pieces 1.43 s against 1.50
 * whole, in 31 pieces 2.6 s. The events of a megabyte are some 10 MB, those of the whole 8 MB 80.
 */
export const PIECE_SIZES: PieceSizes = { from: 2 << 20, length: 1 << 20, most: 8 };

/**
 * A piece of the text, `[start, end)`. `from`: it starts at a top-level key (0) or at an entry of the
 * top-level mapping left open by the piece before (1). `to`: after it, the root mapping alone is open
 * (0), or the last top-level key's mapping too (1, its further entries follow).
 */
export interface Piece {
  start: number;
  end: number;
  from: 0 | 1;
  to: 0 | 1;
}

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;

/** `[A-Za-z0-9_]`: the keys cut at are written plain with these alone (logical ids, section names). */
function isKeyChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/**
 * Whether a plain key `Name:` starts at `at` and ends the line or is followed by a space; returns the
 * offset after the colon, or -1.
 */
function plainKeyEnd(text: string, at: number, lineEnd: number): number {
  let i = at;
  while (i < lineEnd && isKeyChar(text.charCodeAt(i))) i++;
  if (i === at || i >= lineEnd || text.charCodeAt(i) !== COLON) return -1;
  i++;
  return i === lineEnd || text.charCodeAt(i) === SPACE ? i : -1;
}

/** Whether only spaces, or spaces and a comment, follow `at` on its line. */
function restIsEmpty(text: string, at: number, lineEnd: number): boolean {
  for (let i = at; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === HASH) return i > at && text.charCodeAt(i - 1) === SPACE;
    if (c !== SPACE) return false;
  }
  return true;
}

/**
 * Where the text may be cut: the pieces, each about `length` long, or undefined when its layout is not
 * one that is cut (see above) or it makes a single piece.
 */
export function yamlPieces(text: string, length: number): Piece[] | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  const pieces: Piece[] = [];
  let start = 0;
  let from: 0 | 1 = 0;
  /** The current top-level key's value: not yet seen (`open`), entries at `indent` (`split`), or anything else (`plain`). */
  let section: 'none' | 'open' | 'split' | 'plain' = 'none';
  let indent = 0;
  for (let line = 0; line < text.length; ) {
    let lineEnd = text.indexOf('\n', line);
    if (lineEnd === -1) lineEnd = text.length;
    let at = line;
    while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
    const column = at - line;
    if (at < lineEnd && text.charCodeAt(at) !== HASH) {
      if (column === 0) {
        const keyEnd = plainKeyEnd(text, at, lineEnd);
        if (keyEnd === -1) return undefined;
        if (section !== 'none' && (from === 1 || line - start >= length)) {
          pieces.push({ start, end: line, from, to: 0 });
          start = line;
        }
        from = 0;
        section = restIsEmpty(text, keyEnd, lineEnd) ? 'open' : 'plain';
      } else if (section === 'none') return undefined;
      else if (section === 'open') {
        // The first entry stays with its key: a piece of `Resources:` alone would read as null.
        section = plainKeyEnd(text, at, lineEnd) === -1 ? 'plain' : 'split';
        indent = column;
      } else if (section === 'split') {
        if (column < indent) return undefined;
        if (column === indent) {
          if (plainKeyEnd(text, at, lineEnd) === -1) return undefined;
          if (line - start >= length) {
            pieces.push({ start, end: line, from, to: 1 });
            start = line;
            from = 1;
          }
        }
      }
    }
    line = lineEnd + 1;
  }
  if (section === 'none' || pieces.length === 0) return undefined;
  pieces.push({ start, end: text.length, from, to: 0 });
  return pieces;
}

/** js-yaml's events for a piece of text; throws as `parseEvents` does. `nested`: the piece is entries of a top-level key's mapping. */
export type PieceReader = (piece: string, nested: boolean) => Event[];

/** Thrown when the pieces' stream is not known to be the whole text's: read the whole text instead. */
class NotPiecewise extends Error {}

/**
 * The document of `text` read in pieces by `builder` (fresh), or undefined when it must be read whole
 * (the builder is then spent). A time budget spent is thrown as it would be when read whole.
 */
export function readPieces(text: string, builder: Builder, read: PieceReader, length: number): ParseResult | undefined {
  const pieces = yamlPieces(text, length);
  if (pieces === undefined) return undefined;
  try {
    for (const piece of pieces) readPiece(text, piece, builder, read);
    const end: Event[] = [{ type: EVENT_ID.POP }, { type: EVENT_ID.POP }];
    if (builder.read(end, 0, 2) !== 1 || builder.openCollections !== 0) throw new NotPiecewise();
    return builder.finish(undefined);
  } catch (error) {
    if (error instanceof ProblemError && error.problem.limit === 'fileTimeBudget') throw error;
    return undefined;
  }
}

function readPiece(text: string, piece: Piece, builder: Builder, read: PieceReader): void {
  let events: Event[];
  try {
    events = read(text.slice(piece.start, piece.end), piece.from === 1);
  } catch {
    throw new NotPiecewise();
  }
  const n = events.length;
  const root = events[1];
  if (n < 4 || events[0]!.type !== EVENT_ID.DOCUMENT || root?.type !== EVENT_ID.MAPPING || root.style !== COLLECTION_STYLE.BLOCK) throw new NotPiecewise();
  if (root.tagStart >= 0 || root.anchorStart >= 0 || events[n - 1]!.type !== EVENT_ID.POP || events[n - 2]!.type !== EVENT_ID.POP) throw new NotPiecewise();
  // The first piece's root mapping is the document's; every other piece's is a stand-in for the
  // mapping it continues. The last two events close the piece's root mapping and document; a piece
  // that leaves a top-level key's mapping open gives up the event that closes it too.
  const first = piece.start === 0 ? 1 : 2;
  const last = n - (piece.from === 0 && piece.to === 1 ? 3 : 2);
  if (last < first || (piece.from === 0 && piece.to === 1 && events[last]!.type !== EVENT_ID.POP)) throw new NotPiecewise();
  moveEvents(events, first, last, piece.start);
  if (builder.read(events, first, last) !== last) throw new NotPiecewise();
  if (piece.from === 1 && piece.to === 0) builder.read([{ type: EVENT_ID.POP }], 0, 1);
  if (builder.openCollections !== 1 + piece.to) throw new NotPiecewise();
}

/** Moves the offsets of `events[from, to)` by `by` (absent ones, -1, stay); refuses a document or an alias. */
function moveEvents(events: Event[], from: number, to: number, by: number): void {
  for (let i = from; i < to; i++) {
    const e = events[i]!;
    switch (e.type) {
      case EVENT_ID.SCALAR:
        if (e.valueStart >= 0) e.valueStart += by;
        if (e.valueEnd >= 0) e.valueEnd += by;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        if (e.start >= 0) e.start += by;
        break;
      case EVENT_ID.POP:
        continue;
      default:
        throw new NotPiecewise();
    }
    if (e.anchorStart >= 0) e.anchorStart += by;
    if (e.anchorEnd >= 0) e.anchorEnd += by;
    if (e.tagStart >= 0) e.tagStart += by;
    if (e.tagEnd >= 0) e.tagEnd += by;
  }
}
