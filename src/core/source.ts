/**
 * Source positions. Parsers record UTF-16 offsets (cheap, and what JavaScript strings index by);
 * the engine turns them into 1-based line/column regions only for the findings it reports.
 */

/** A half-open range `[start, end)` of UTF-16 code units in one input file. */
export interface Span {
  /** The file's path relative to the repository root, with forward slashes (the SARIF artifact URI). */
  file: string;
  start: number;
  end: number;
}

/** A SARIF-style region: 1-based lines and columns, `endColumn` one past the last character. */
export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** An input file as the run sees it. The text is kept so every finding can point at its source. */
export interface SourceFile {
  /** Absolute path on disk (or a synthetic name for in-memory documents). */
  absolutePath: string;
  /** Repository-relative path with forward slashes: what findings and SARIF URIs use. */
  path: string;
  text: string;
}

/** Maps offsets to lines and columns; built once per file, only when a finding needs it. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    // A lone CR (classic Mac line endings) ends a line too, for YAML and for editors; CRLF is one break.
    if (text.includes('\r')) this.lineStarts = withLoneCarriageReturns(text, starts);
    else this.lineStarts = starts;
  }

  /** 1-based line and column of an offset (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - this.lineStarts[low]! + 1 };
  }

  region(start: number, end: number): Region {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
  }
}

function withLoneCarriageReturns(text: string, lineFeedStarts: number[]): number[] {
  const lone: number[] = [];
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 0x0a) lone.push(i + 1);
  if (lone.length === 0) return lineFeedStarts;
  return [...lineFeedStarts, ...lone].sort((a, b) => a - b);
}
