/**
 * Heredocs: `<<EOT` … `EOT` and the indented form `<<-EOT`, whose common leading whitespace is
 * removed as HCL does it (blank lines do not count, and a line that starts with an interpolation or a
 * directive has none, so then nothing is removed; see `flushIndentation` in templates.ts). The text is a template: `${…}` and `%{…}` work, backslashes are literal.
 */
import type { Expr } from './ast.js';
import type { Parser } from './parser.js';
import { TemplateParts } from './template-parts.js';
import { interpolationAt, templateExpr } from './templates.js';
import { lineOf } from '../problem.js';

/** At a HEREDOC token. Leaves the lexer on the token after the closing marker. */
export function parseHeredoc(p: Parser): Expr {
  const lx = p.lx;
  const text = p.text;
  const limit = lx.limit;
  const marker = lx.heredocMarker;
  const flush = lx.heredocFlush;
  const open = lx.start;
  const openEnd = lx.end;
  const parts = new TemplateParts(true);
  let i = openEnd;
  let atLineStart = true;
  let chunk = i;
  for (;;) {
    if (atLineStart) {
      const end = closingMarker(text, i, limit, marker);
      if (end !== -1) {
        if (i > chunk) parts.raw.push(text.slice(chunk, i));
        const expr = templateExpr(parts.finish(p, flush), true, open, end);
        lx.seek(end);
        return expr;
      }
      atLineStart = false;
    }
    if (i >= limit) {
      p.fail(`unterminated heredoc: no line \`${marker}\` closes the \`<<${flush ? '-' : ''}${marker}\` opened at line ${lineOf(text, open)}`, open, openEnd - 1);
    }
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      i++;
      // Each line is its own piece, so `<<-` can strip it.
      parts.raw.push(text.slice(chunk, i));
      chunk = i;
      atLineStart = true;
    } else {
      const next = interpolationAt(p, i, chunk, parts);
      if (next < 0) i++;
      else chunk = i = next;
    }
  }
}

/** End offset of the closing marker when the line at `i` is just the marker (indentation allowed), else -1. */
function closingMarker(text: string, i: number, limit: number, marker: string): number {
  let j = i;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if (c !== 0x20 && c !== 0x09) break;
    j++;
  }
  if (!text.startsWith(marker, j)) return -1;
  const end = j + marker.length;
  if (end > limit) return -1;
  if (end === limit) return end;
  const after = text.charCodeAt(end);
  if (after === 0x0a || (after === 0x0d && text.charCodeAt(end + 1) === 0x0a)) return end;
  return -1;
}
