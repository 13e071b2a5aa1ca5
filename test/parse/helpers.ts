import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { LineIndex, type SourceFile } from '../../src/core/source.js';
import type { DataDocument, ParseProblem, ParseResult, PathSegment } from '../../src/parse/document.js';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures/parse');

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(FIXTURES, name)));
}

export function fixtureText(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

export function sourceFile(text: string, path = 'template.yaml'): SourceFile {
  return { absolutePath: `/repo/${path}`, path, text };
}

export function documentOf(result: ParseResult): DataDocument {
  if (!result.ok) expect.fail(`expected a document, got problem: ${result.problem.message} at ${result.problem.start}`);
  return result.document;
}

export function problemOf(result: ParseResult): ParseProblem {
  if (result.ok) expect.fail('expected a parse problem, got a document');
  const { problem } = result;
  expect(problem.start).toBeGreaterThanOrEqual(0);
  expect(problem.end).toBeGreaterThanOrEqual(problem.start);
  return problem;
}

/** `line:column` (1-based) of an offset in a text. */
export function lineColumn(text: string, offset: number): string {
  const { line, column } = new LineIndex(text).position(offset);
  return `${line}:${column}`;
}

/** Where a path is written, as `line:column` of its start and the source text it covers. */
export function located(
  document: DataDocument,
  path: readonly PathSegment[],
  part: 'key' | 'value' = 'value',
): { at: string; text: string } {
  const { start, end } = document.locate(path, part);
  const text = document.file.text;
  expect(0 <= start && start <= end && end <= text.length).toBe(true);
  return { at: lineColumn(text, start), text: text.slice(start, end) };
}
