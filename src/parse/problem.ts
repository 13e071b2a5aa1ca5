import { Deadline } from '../core/deadline.js';
import type { ParseLimits, ParseProblem } from './document.js';

/** A failed parse, shaped as the `ParseResult` failure arm. */
export function failure(
  message: string,
  start: number,
  end: number,
  limit?: string,
): { ok: false; problem: ParseProblem } {
  const problem: ParseProblem = { message, start, end: Math.max(start, end) };
  if (limit !== undefined) problem.limit = limit;
  return { ok: false, problem };
}

/** The time budget of parsing one file (`limits.fileTimeBudget`), started now. */
export function parseDeadline(limits: ParseLimits): Deadline {
  return new Deadline(limits.fileTimeBudget ?? Infinity);
}

/** A file whose parsing ran out of its time budget, at the offset where parsing stopped. */
export function overBudget(deadline: Deadline, at: number): ParseProblem {
  const message = `parsing took longer than the per-file time budget of ${deadline.seconds} s (raise it with --file-time-budget)`;
  return { message, start: at, end: at, limit: 'fileTimeBudget' };
}

/**
 * Nesting that exhausted the parser's stack before the explicit depth count stopped it: only a
 * `--max-depth` set far above the default gets here, and raising it further cannot help.
 */
export function stackExhausted(maxDepth: number): string {
  return `nesting too deep for the parser's stack, though within --max-depth ${maxDepth}; a lower --max-depth reports where it is too deep`;
}

/**
 * 1-based line of an offset. Used only to word problems ("first at line 12"); building a full
 * `LineIndex` for one lookup on an error path would cost more than this scan.
 */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Index of the first character that is not JSON/YAML insignificant whitespace, or -1. */
export function firstContentIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // space, tab, LF, CR, and a stray BOM (decodeText strips it, but a caller may not have)
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0xfeff) return i;
  }
  return -1;
}

/** A value quoted for a message: JSON-escaped (so single-line) and cut to about 60 characters. */
export function quoteForMessage(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(short);
}

/** Thrown deep inside a parser to leave its loop with a problem; always caught at the parser's boundary. */
export class ProblemError extends Error {
  constructor(readonly problem: ParseProblem) {
    super(problem.message);
  }
}
