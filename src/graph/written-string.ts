/**
 * Positions inside a string that holds JSON (a trust policy in a Terraform heredoc, or in a YAML block
 * scalar): a finding on its `Principal` should point at the `Principal` line, not at the `<<EOF` or
 * `|` that opens the string. The string's value and the text it is written as differ only line by line
 * (the indentation a heredoc `<<-` or a block scalar strips), so line i of the value is the end of
 * line i of the written text, counted from the line its first line is on. A line written otherwise
 * (with an interpolation or a template directive the value has in its place, with escapes) maps only
 * when the value has exactly the lines of the written text, one for one: then its text before and
 * after what differs maps as written, and what differs to what is written in its place
 * (`"${p}"` for `"*"`). Else it maps nowhere, and its spans stay the whole string's; a folded (`>`)
 * scalar, whose lines are joined, maps nowhere at all.
 *
 * All of it is lazy: the JSON's own positions (jsonc-parser's tree) and the line map are made when a
 * finding first reads a span inside the string, so a run without such findings pays nothing.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../core/source.js';
import { jsoncParser } from '../parse/jsonc.js';
import { QuotedMap } from './written-quoted.js';

/** Where a string value is written: its span, and the text of that span's file. */
export interface WrittenAt {
  span: Span;
  sourceText(): string | undefined;
  /** The span is a double-quoted literal with JSON escapes (written-quoted.ts), not lines of text. */
  quoted?: boolean;
}

/** Value offsets → file offsets. */
interface OffsetMap {
  /** `side`: whether `offset` is a node's first character or its last (a map may place them differently). */
  toSource(offset: number, side: 'start' | 'last'): number | undefined;
  /** Where the character at `offset` ends in the file. */
  toSourceEnd(offset: number): number | undefined;
}

type JsonPath = readonly (string | number)[];

/** One string's value and where it is written; makes the spans of places inside its JSON. */
export class WrittenString {
  private tree: JsonNode | undefined | null;
  private lines: OffsetMap | undefined | null;

  constructor(
    private readonly at: WrittenAt,
    private readonly value: string,
  ) {}

  /** The span of the JSON value (or its key) at `path`; the whole string's until read. */
  spanOf(path: JsonPath, part: 'key' | 'value' = 'value'): Span {
    return new InnerSpan(this, path, part);
  }

  /** Offsets in the file of the JSON value (or key) at `path`, or undefined where they cannot be mapped. */
  locate(path: JsonPath, part: 'key' | 'value'): { start: number; end: number } | undefined {
    const node = this.nodeAt(path, part);
    const lines = this.lineMap();
    if (!node || !lines) return undefined;
    const start = lines.toSource(node.offset, 'start');
    const end = lines.toSourceEnd(node.offset + Math.max(node.length, 1) - 1);
    return start === undefined || end === undefined || end <= start ? undefined : { start, end };
  }

  get outer(): Span {
    return this.at.span;
  }

  private nodeAt(path: JsonPath, part: 'key' | 'value'): JsonNode | undefined {
    if (this.tree === undefined) this.tree = jsoncParser().parseTree(this.value) ?? null;
    if (this.tree === null) return undefined;
    const node = jsoncParser().findNodeAtLocation(this.tree, [...path]);
    return part === 'key' ? node?.parent?.children?.[0] : node;
  }

  private lineMap(): OffsetMap | undefined {
    if (this.lines === undefined) {
      const text = this.at.sourceText();
      const { start, end } = this.at.span;
      if (text === undefined || end > text.length) this.lines = null;
      else this.lines = this.at.quoted ? (QuotedMap.decode(this.value, text, start, end) ?? null) : LineMap.align(this.value, text, start, end);
    }
    return this.lines ?? undefined;
  }
}

class InnerSpan implements Span {
  private range: { start: number; end: number } | undefined;

  constructor(
    private readonly string: WrittenString,
    private readonly path: JsonPath,
    private readonly part: 'key' | 'value',
  ) {}

  get file(): string {
    return this.string.outer.file;
  }

  get start(): number {
    return this.resolve().start;
  }

  get end(): number {
    return this.resolve().end;
  }

  private resolve(): { start: number; end: number } {
    this.range ??= this.string.locate(this.path, this.part) ?? { start: this.string.outer.start, end: this.string.outer.end };
    return this.range;
  }

  toJSON(): Span {
    return { file: this.file, start: this.start, end: this.end };
  }
}

/**
 * Where one line of the value is written. `exact`: the written line ends with the value's line.
 * Otherwise the two agree on `head` characters after their indentation and on `tail` at their end,
 * and the middle of the value's line (an interpolation's value) is the middle of the written one.
 */
interface WrittenLine {
  exact: boolean;
  /** The written line, in file offsets. */
  start: number;
  end: number;
  /** The value line's length (without its line break). */
  length: number;
  /** Indentation of the value's line and of the written line, and what they agree on after it and at the end. */
  indentValue: number;
  indentWritten: number;
  head: number;
  tail: number;
}

/** Value offsets → file offsets, for the lines of the value found in the written text. */
class LineMap implements OffsetMap {
  private constructor(
    /** Offset in the value where each of its lines starts. */
    private readonly valueStarts: number[],
    /** Where each value line is written, if anywhere. */
    private readonly written: (WrittenLine | undefined)[],
  ) {}

  static align(value: string, text: string, regionStart: number, regionEnd: number): LineMap {
    const valueLines = splitLines(value, 0, value.length);
    const sourceLines = splitLines(text, regionStart, regionEnd);
    const content = (i: number) => value.slice(valueLines[i]!.start, valueLines[i]!.end);
    const writes = (j: number, line: string) => {
      const written = sourceLines[j] && text.slice(sourceLines[j]!.start, sourceLines[j]!.end);
      return written !== undefined && (line === '' ? written.trim() === '' : written.endsWith(line));
    };
    // The value's first line is written on the first line of the region that ends with it (after the
    // `<<EOF` or `|` line); from there, line i of the value is line first + i of the text, or nowhere:
    // a line written otherwise (an interpolation, an escape) must not shift the lines after it.
    let first = -1;
    for (let j = 0; j < sourceLines.length && first === -1; j++) if (content(0) !== '' && writes(j, content(0))) first = j;
    // One written line per value line (the last written line closes the heredoc, or ends the scalar):
    // a line written otherwise is the one in its place, no directive having made or removed lines.
    // A directive (`%{for}`, `%{if}`) may make and remove lines so that the counts still agree by
    // chance: with one, a line written otherwise maps nowhere.
    const oneForOne = first !== -1 && valueLines.length + first === sourceLines.length && !text.slice(regionStart, regionEnd).includes('%{');
    const written = valueLines.map((line, i): WrittenLine | undefined => {
      const source = first === -1 ? undefined : sourceLines[first + i];
      if (!source) return undefined;
      if (writes(first + i, content(i))) {
        const start = source.end - (line.end - line.start);
        return { exact: true, start, end: source.end, length: line.end - line.start, indentValue: 0, indentWritten: 0, head: 0, tail: 0 };
      }
      // Only an interpolation makes a line differ in its place; anything else (an escape) maps nowhere.
      const writtenLine = text.slice(source.start, source.end);
      return oneForOne && writtenLine.includes('${') ? differing(content(i), writtenLine, source.start) : undefined;
    });
    return new LineMap(
      valueLines.map((l) => l.start),
      written,
    );
  }

  toSourceEnd(offset: number): number | undefined {
    const last = this.toSource(offset, 'last');
    return last === undefined ? undefined : last + 1;
  }

  /** `side`: a node's first character (`start`) or last (`last`), for the middle of a line that differs. */
  toSource(offset: number, side: 'start' | 'last'): number | undefined {
    let line = 0;
    while (line + 1 < this.valueStarts.length && this.valueStarts[line + 1]! <= offset) line++;
    const at = this.written[line];
    if (!at) return undefined;
    const k = offset - this.valueStarts[line]!;
    if (at.exact) return at.start + k;
    if (k < at.indentValue) return at.start + at.indentWritten;
    if (k < at.indentValue + at.head) return at.start + at.indentWritten + (k - at.indentValue);
    const fromEnd = at.length - k;
    if (fromEnd <= at.tail) return at.end - fromEnd;
    return side === 'start' ? at.start + at.indentWritten + at.head : at.end - at.tail - 1;
  }
}

/** How a value line and the line written in its place agree: after their indentation, and at their end. */
function differing(line: string, written: string, start: number): WrittenLine {
  const indentValue = line.length - line.trimStart().length;
  const indentWritten = written.length - written.trimStart().length;
  const a = line.slice(indentValue);
  const b = written.slice(indentWritten);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { exact: false, start, end: start + written.length, length: line.length, indentValue, indentWritten, head, tail };
}

function splitLines(text: string, from: number, to: number): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      lines.push({ start, end: i });
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      start = i + 1;
    }
  }
  lines.push({ start, end: to });
  return lines;
}
