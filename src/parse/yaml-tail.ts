/**
 * Re-reading only the end of a text that js-yaml stopped in. Each repair of a YAML error (joining a
 * shallow quoted scalar's lines, yaml-quoted-indent.ts; closing a quote or indenting a document
 * marker to confirm the blame, yaml-unclosed.ts) runs js-yaml again on an edited copy, and a copy
 * differs from the text only near the mistake. js-yaml cannot resume, so each run read the whole
 * text again: a 10 MB template with its mistake at the end took 11 runs, 6.1 s and 930 MB, against
 * 1.9 s and 475 MB for the same template without the mistake.
 *
 * Here a copy is read from a line before its first edit where js-yaml's state is known from the
 * text alone: a key of a block mapping whose ancestors are keys of block mappings, each alone on its
 * line (`Resources:` / `  Vpc:` / `    Properties:`). Those ancestor lines, then the copy from that
 * line on, put js-yaml in the state it had there in the whole text (the same mappings at the same
 * indentation, nothing open), so it stops where it would in the whole copy, for the same reason; the
 * position is mapped back. A copy that reads is read again whole, for its events. Not taken: a line
 * js-yaml did not read past in the text, anything open at it (`unclosedBefore`), a text with
 * directives or other document markers before it, an error that depends on what came before
 * (an alias of an earlier anchor, a declared tag handle), and a line in the first half of the copy
 * (reading from it costs about a whole read, and checking it another): those copies are read whole,
 * as before.
 * The cut is also checked once on the text itself: read from there, it must stop where it stopped.
 *
 * A copy made only to see whether it reads (an unclosed quote closed, to confirm the blame) needs no
 * events: `check` takes a copy that reads from its cut as read, without reading it whole again. js-yaml's
 * event parser keeps no state across the cut that the ancestors' lines do not rebuild (anchors and
 * duplicate keys are the composer's, which the builder replaces), so what reads from the cut reads
 * whole. An unclosed quote at the end of a 10 MB template was read twice; now about once.
 */
import { YAMLException, type Event } from './js-yaml.js';
import { scanRemembered } from './yaml-scan-memo.js';

type Parse = (text: string) => Event[];

/** A line of the text to read from, behind the lines of its ancestors. */
interface Cut {
  /** Offset of the line in the text. */
  at: number;
  /** The ancestors' lines, each with a line break. */
  header: string;
  /** Line breaks before `at` in the text, and in `header` (js-yaml's count: LF, CRLF or a lone CR). */
  linesBefore: number;
  headerLines: number;
}

/** Key lines, and lines, looked at back from an edit for one whose ancestors qualify; past this, a copy is read whole. */
const MAX_CANDIDATES = 16;
const MAX_LINES = 4096;

/** `key:` at the start of a line (after its indentation), followed by a blank or the end of the line. */
const KEY_LINE = /^( *)[A-Za-z0-9_][A-Za-z0-9_.\-/]*:(?=[ \t\r\n]|$)/;
/** A key alone on its line (its value the block below), with at most a comment. */
const PARENT_LINE = /^( *)[A-Za-z0-9_][A-Za-z0-9_.\-/]*:[ \t]*(?:#.*)?\r?$/;
/** What may make a line read differently once the lines before it are gone. */
const CONTEXT = /^(?:%|---[ \t]*[^ \t\r\n#]|\.\.\.)/m;
/** Errors that depend on what came before the cut: an anchor or tag handle declared there. */
const NEEDS_PREFIX = /alias|tag handle|directive/;

/** Copies js-yaml stopped in that are kept to read later copies from: the last few repairs. */
const MAX_STOPPED = 4;

/**
 * A `parse` for `text` and copies of it: `text` itself is read whole; once js-yaml has stopped in
 * it, a copy is read from a line before its first edit when one qualifies (see above). A copy it
 * stopped in serves as well, so that repairs made one after another, each a little further on, are
 * each read from near the last one, not from the first.
 */
export function readingTails(text: string, parse: Parse): Parse & { check: (edited: string) => void } {
  let original: Stopped | undefined;
  let originalError: unknown;
  const stopped: Stopped[] = [];
  // `fresh`: a line start of `copy` where the light scan has nothing open (a cut it was read from).
  const remember = (copy: string, error: YAMLException, fresh = 0): void => {
    stopped.push(new Stopped(copy, error.mark!, error.reason, parse, fresh));
    if (stopped.length > MAX_STOPPED + 1) stopped.splice(1, 1);
  };

  // The last copy js-yaml stopped in and its error: a check followed by a read of the same copy (to
  // repair it) reads it once.
  let last: { copy: string; error: unknown } | undefined;
  const run = (edited: string, events: boolean): Event[] | undefined => {
    if (last !== undefined && last.copy === edited) throw last.error;
    try {
      return runOnce(edited, events);
    } catch (error) {
      last = { copy: edited, error };
      throw error;
    }
  };
  const runOnce = (edited: string, events: boolean): Event[] | undefined => {
    if (edited === text) {
      if (originalError !== undefined) throw originalError;
      try {
        return parse(text);
      } catch (error) {
        if (error instanceof YAMLException && error.mark !== undefined && original === undefined) {
          originalError = error;
          remember(text, error);
          original = stopped[0];
        }
        throw error;
      }
    }
    // The copy that agrees with this one the furthest before js-yaml stopped in it.
    let best: { from: Stopped; bound: number } | undefined;
    for (const from of stopped) {
      const bound = commonPrefix(from.text, edited, from.stop);
      if (best === undefined || bound > best.bound) best = { from, bound };
    }
    // A cut costs a read from it (and, the first time, one of the text it was found in, to check
    // it): one that leaves out less than half of the copy costs more than reading it whole. Repairs
    // near the top of a file (shallow scalars in its first resources) read each copy twice.
    const worth = (at: number): boolean => at * 2 >= edited.length;
    const cut = best !== undefined && best.bound > 0 && worth(best.bound) ? best.from.cutAt(best.bound) : undefined;
    if (cut !== undefined && worth(cut.at)) {
      let reads = true;
      try {
        parse(cut.header + edited.slice(cut.at));
      } catch (error) {
        reads = false;
        const mapped = mapError(error, cut);
        if (mapped !== undefined) {
          remember(edited, mapped, cut.at);
          throw mapped;
        }
      }
      // It reads (or stopped where the lines before matter): read whole, for the events.
      if (reads && !events) return undefined;
    }
    try {
      return parse(edited);
    } catch (error) {
      if (original !== undefined && error instanceof YAMLException && error.mark !== undefined) remember(edited, error);
      throw error;
    }
  };
  return Object.assign((edited: string): Event[] => run(edited, true)!, { check: (edited: string): void => void run(edited, false) });
}

/** A text js-yaml stopped in, read whole up to `stop`, and the lines it may be read from again. */
class Stopped {
  private readonly cuts = new Map<number, Cut | undefined>();
  private readonly parents: ParentFinder;
  readonly stop: number;
  private prefixChecked: number;
  private prefixSafe = true;

  constructor(
    readonly text: string,
    private readonly mark: { position: number; line: number },
    private readonly reason: string,
    private readonly parse: Parse,
    /** A line start before which the text was checked already: nothing open there, no directives before. */
    private readonly fresh: number,
  ) {
    this.parents = new ParentFinder(text);
    this.stop = mark.position;
    this.prefixChecked = fresh;
  }

  /** A line to read a copy from that agrees with this text up to `bound` (at most `stop`). */
  cutAt(bound: number): Cut | undefined {
    if (this.cuts.has(bound)) return this.cuts.get(bound);
    let cut = findCut(this.text, bound, this.parents, this.mark);
    if (cut !== undefined && !this.prefixAllows(cut.at)) cut = undefined;
    if (cut !== undefined && !this.checked(cut)) cut = undefined;
    this.cuts.set(bound, cut);
    return cut;
  }

  /** No directives or document marker with content before `at` (checked once, up to the furthest cut), nothing open at it. */
  private prefixAllows(at: number): boolean {
    if (at > this.prefixChecked) {
      this.prefixSafe = this.prefixSafe && !CONTEXT.test(this.text.slice(this.prefixChecked, at));
      this.prefixChecked = at;
    }
    // From the line this copy was read from, where the scan of the text it was copied from found nothing open.
    const from = this.fresh > 0 && this.fresh <= at ? { offset: this.fresh, lineStart: this.fresh, flows: [] } : undefined;
    return this.prefixSafe && scanRemembered(this.text, at, from).open === undefined;
  }

  /** The text read from the cut must stop where the whole text stopped, for the same reason. */
  private checked(cut: Cut): boolean {
    try {
      this.parse(cut.header + this.text.slice(cut.at));
    } catch (error) {
      const mapped = mapError(error, cut);
      return mapped !== undefined && mapped.mark?.position === this.stop && mapped.reason === this.reason;
    }
    return false;
  }
}

/** The error js-yaml reported on a cut copy, at its position in the whole copy; undefined when it does not map. */
function mapError(error: unknown, cut: Cut): YAMLException | undefined {
  if (!(error instanceof YAMLException) || error.mark === undefined || NEEDS_PREFIX.test(error.reason)) return undefined;
  const { position, line, column } = error.mark;
  if (position < cut.header.length) return undefined;
  return new YAMLException(error.reason, {
    name: error.mark.name ?? null,
    buffer: '',
    position: position - cut.header.length + cut.at,
    line: line - cut.headerLines + cut.linesBefore,
    column,
    snippet: null,
  });
}

/** How far `a` and `b` agree, up to `limit`. Compared in blocks: a copy is often megabytes long. */
function commonPrefix(a: string, b: string, limit: number): number {
  const end = Math.min(a.length, b.length, limit);
  const BLOCK = 65_536;
  let at = 0;
  while (at + BLOCK <= end && a.slice(at, at + BLOCK) === b.slice(at, at + BLOCK)) at += BLOCK;
  while (at < end && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/**
 * The last key line whose key ends before `bound` and whose ancestors are keys alone on their
 * lines, up to the root (or the first line): a state of js-yaml that those lines rebuild.
 */
function findCut(text: string, bound: number, parents: ParentFinder, stop: { position: number; line: number }): Cut | undefined {
  let lineStart = text.lastIndexOf('\n', bound - 1) + 1;
  for (let tried = 0, lines = 0; tried < MAX_CANDIDATES && lines < MAX_LINES; lines++) {
    const key = KEY_LINE.exec(lineOf(text, lineStart));
    // At the first line there is nothing to leave out.
    if (key !== null && lineStart > 0 && lineStart + key[0].length <= bound) {
      tried++;
      const header = ancestors(text, lineStart, key[1]!.length, parents);
      if (header !== undefined) {
        const headerText = header.map((start) => `${lineOf(text, start)}\n`).join('');
        // Counted back from the stop, whose line js-yaml gave: the cut is near it, the start of the text is not.
        return { at: lineStart, header: headerText, linesBefore: stop.line - lineBreaks(text, lineStart, stop.position), headerLines: header.length };
      }
    }
    if (lineStart === 0) return undefined;
    lineStart = previousLine(text, lineStart);
  }
  return undefined;
}

/**
 * The line starts of the ancestors of the key line at `lineStart` (indented `indent`), outermost
 * first, or undefined when one is not a key alone on its line, or the block it opens starts at
 * another indentation than the line below it in the chain.
 */
function ancestors(text: string, lineStart: number, indent: number, parents: ParentFinder): number[] | undefined {
  const chain: number[] = [];
  let child = lineStart;
  let childIndent = indent;
  while (childIndent > 0) {
    // A root mapping indented past column 0 is not one whose first key we know: not taken.
    const parent = parents.before(child, childIndent);
    if (parent === -1) return undefined;
    const line = lineOf(text, parent);
    if (!PARENT_LINE.test(line)) return undefined;
    if (firstChildIndent(text, parent) !== childIndent) return undefined;
    chain.unshift(parent);
    child = parent;
    childIndent = indentOf(line);
  }
  return chain;
}

/**
 * The nearest line before a given line that has content (not blank, not a comment) and is indented
 * less than a given width, or -1. Remembers its last answer per width, so that looking back from
 * successive lines does not walk the same lines again.
 */
class ParentFinder {
  private readonly last = new Map<number, { from: number; found: number }>();

  constructor(private readonly text: string) {}

  before(lineStart: number, indent: number): number {
    const memo = this.last.get(indent);
    let at = lineStart;
    if (memo !== undefined && memo.found < lineStart && lineStart <= memo.from) return memo.found;
    let found = -1;
    while (at > 0) {
      at = previousLine(this.text, at);
      const line = lineOf(this.text, at);
      const width = indentOf(line);
      if (width < indent && hasContent(line, width)) {
        found = at;
        break;
      }
    }
    this.last.set(indent, { from: lineStart, found });
    return found;
  }
}

/** The indentation of the first line with content after the line at `lineStart`. */
function firstChildIndent(text: string, lineStart: number): number {
  let at = text.indexOf('\n', lineStart);
  while (at !== -1) {
    const line = lineOf(text, at + 1);
    const width = indentOf(line);
    if (hasContent(line, width)) return width;
    at = text.indexOf('\n', at + 1);
  }
  return -1;
}

function hasContent(line: string, indent: number): boolean {
  const c = line[indent];
  return c !== undefined && c !== '#' && c !== '\r';
}

/** The start of the line before the one that starts at `lineStart` (> 0). */
function previousLine(text: string, lineStart: number): number {
  return lineStart <= 1 ? 0 : text.lastIndexOf('\n', lineStart - 2) + 1;
}

/** The line that starts at `lineStart`, without its line feed. */
function lineOf(text: string, lineStart: number): string {
  const end = text.indexOf('\n', lineStart);
  return text.slice(lineStart, end === -1 ? text.length : end);
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

/** Line breaks from `from` to `to` as js-yaml counts them (LF, CRLF, a lone CR). */
function lineBreaks(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 13) {
      lines++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return lines;
}
