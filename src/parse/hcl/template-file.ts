/**
 * A template file, as `templatefile()` reads it: the whole text is a template (`${…}` interpolations,
 * `%{if}` / `%{for}` directives, `$${` and `%%{` escapes), with no quoting of its own.
 */
import type { ParseProblem } from '../document.js';
import type { Expr } from './ast.js';
import { Parser, problemFrom } from './parser.js';
import { parseBareTemplate } from './templates.js';

export function parseTemplateFile(text: string, maxDepth: number): { ok: true; expr: Expr } | { ok: false; problem: ParseProblem } {
  const p = new Parser(text, maxDepth);
  try {
    return { ok: true, expr: parseBareTemplate(p, 0, text.length) };
  } catch (error) {
    return { ok: false, problem: problemFrom(error, p) };
  }
}
