/**
 * Positions inside a string that holds JSON (a trust policy in a Terraform heredoc, or in a YAML block
 * scalar): a finding on its `Principal` should point at the `Principal` line, not at the `<<EOF` or
 * `|` that opens the string. The string's value and the text it is written as differ only line by line
 * (the indentation a heredoc `<<-` or a block scalar strips), so line i of the value is the end of
 * line i of the written text, counted from the line its first line is on. A line written otherwise
 * (with escapes, or with an interpolation the value has in its place) maps nowhere, and its spans
 * stay the whole string's; a folded (`>`) scalar, whose lines are joined, maps nowhere at all.
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
  toSource(offset: number): number | undefined;
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
    const start = lines.toSource(node.offset);
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

/** Value offsets → file offsets, for the lines of the value found in the written text. */
class LineMap implements OffsetMap {
  private constructor(
    /** Offset in the value where each of its lines starts. */
    private readonly valueStarts: number[],
    /** Offset in the file where each value line is written, or -1. */
    private readonly sourceStarts: number[],
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
    const sourceStarts = valueLines.map((line, i) => (first !== -1 && writes(first + i, content(i)) ? sourceLines[first + i]!.end - (line.end - line.start) : -1));
    return new LineMap(
      valueLines.map((l) => l.start),
      sourceStarts,
    );
  }

  toSourceEnd(offset: number): number | undefined {
    const start = this.toSource(offset);
    return start === undefined ? undefined : start + 1;
  }

  toSource(offset: number): number | undefined {
    let line = 0;
    while (line + 1 < this.valueStarts.length && this.valueStarts[line + 1]! <= offset) line++;
    const start = this.sourceStarts[line];
    return start === undefined || start < 0 ? undefined : start + (offset - this.valueStarts[line]!);
  }
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
