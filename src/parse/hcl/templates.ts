/**
 * Templates: quoted strings (`"a ${b} c"`), and the parts shared with heredocs and `.tf.json` strings:
 * interpolations `${…}`, directives `%{if}`/`%{for}`, the escapes `$${` and `%%{`, strip markers `~`.
 * A template without any interpolation or directive becomes a plain string literal.
 *
 * Directives are read as a flat sequence of marks first (as HCL does), so that strip markers apply to
 * the text on either side of each mark; `finish` then nests the marks into `templateIf` and
 * `templateFor` expressions.
 */
import type { Expr, TemplatePart } from './ast.js';
import { STRIP_AFTER, STRIP_BEFORE, TemplateParts, type DirectiveMark } from './template-parts.js';
import { parseExpression } from './expressions.js';
import { Tok } from './lexer.js';
import type { Parser } from './parser.js';
import { lineOf } from '../problem.js';

/** A finished template, or a plain string literal when nothing in it is evaluated. */
export function templateExpr(parts: TemplatePart[], heredoc: boolean, start: number, end: number): Expr {
  if (parts.length === 0) return { k: 'literal', value: '', start, end };
  if (parts.length === 1 && typeof parts[0] === 'string') return { k: 'literal', value: parts[0], start, end };
  return { k: 'template', parts, heredoc, start, end };
}

/** At `"`. Leaves the lexer on the token after the closing quote. */
export function parseQuotedTemplate(p: Parser): Expr {
  const text = p.text;
  const limit = p.lx.limit;
  const open = p.lx.start;
  // Most strings are plain text (names, CIDR blocks, ARNs without `${}`): they need none of the
  // template machinery below, and a parse of many `.tf` files makes tens of thousands of them.
  const close = plainStringEnd(text, open + 1, limit);
  if (close !== -1) {
    p.lx.seek(close + 1);
    return { k: 'literal', value: text.slice(open + 1, close), start: open, end: close + 1 };
  }
  const parts = new TemplateParts();
  let chunk = open + 1;
  let i = chunk;
  for (;;) {
    const c = i < limit ? text.charCodeAt(i) : -1;
    if (c === 0x22) break;
    if (c === -1 || c === 0x0a) {
      const lineEnd = c === 0x0a && text.charCodeAt(i - 1) === 0x0d ? i - 1 : i;
      const hint = c === -1 ? '' : ' (a quoted string must close on its line; use a heredoc for text over several lines)';
      p.fail(`unterminated string${hint}`, open, Math.max(open + 1, lineEnd));
    }
    if (c === 0x5c) {
      if (i > chunk) parts.raw.push(text.slice(chunk, i));
      const [value, length] = escape(p, i);
      parts.raw.push(value);
      i += length;
      chunk = i;
    } else {
      const next = interpolationAt(p, i, chunk, parts);
      if (next < 0) i++;
      else chunk = i = next;
    }
  }
  if (i > chunk) parts.raw.push(text.slice(chunk, i));
  const expr = templateExpr(parts.finish(p), false, open, i + 1);
  p.lx.seek(i + 1);
  return expr;
}

/**
 * Where a quoted string that holds nothing but plain text closes (its `"`), or -1 when it holds an
 * escape, a `$` or `%` (perhaps an interpolation or directive), or does not close on its line: the
 * full parse handles those, and says what is wrong.
 */
function plainStringEnd(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i;
    if (c === 0x5c || c === 0x24 || c === 0x25 || c === 0x0a) return -1;
  }
  return -1;
}

/** A `.tf.json` string's text `[start, end)`: a template with no quoting of its own. */
export function parseBareTemplate(p: Parser, start: number, end: number): Expr {
  const text = p.text;
  const parts = new TemplateParts();
  let chunk = start;
  let i = start;
  while (i < end) {
    const next = interpolationAt(p, i, chunk, parts);
    if (next < 0) i++;
    else chunk = i = next;
  }
  if (end > chunk) parts.raw.push(text.slice(chunk, end));
  return templateExpr(parts.finish(p), false, start, end);
}

/**
 * At `${` or `%{` (offset `at`): parses through the closing `}` and returns the offset after it, where
 * template text resumes. The lexer is left there unread: the caller scans text, not tokens.
 */
export function parseSequence(p: Parser, at: number, parts: TemplateParts): number {
  const lx = p.lx;
  const directive = p.text.charCodeAt(at) === 0x25;
  let from = at + 2;
  if (p.text.charCodeAt(from) === 0x7e) {
    parts.raw.push(STRIP_BEFORE);
    from++;
  }
  const saved = p.newlines;
  p.newlines = false;
  lx.seek(from);
  let mark: DirectiveMark | undefined;
  let expr: Expr | undefined;
  if (directive) mark = parseDirectiveHead(p, at);
  else expr = parseExpression(p);
  const kind = p.peek();
  if (kind !== Tok.RBRACE && kind !== Tok.STRIP_RBRACE) {
    const opener = directive ? '%{' : '${';
    if (kind === Tok.EOF) p.fail(`unclosed '${opener}' opened at line ${lineOf(p.text, at)}`, at, at + 2);
    p.unexpected(`expected '}' to close the '${opener}' opened at line ${lineOf(p.text, at)}`);
  }
  const close = lx.end;
  if (mark) parts.directive(p, { ...mark, end: close });
  else parts.raw.push(expr!);
  if (kind === Tok.STRIP_RBRACE) parts.raw.push(STRIP_AFTER);
  p.newlines = saved;
  return close;
}

/** `if cond`, `else`, `endif`, `for k, v in coll`, `endfor`: the directive's mark (its end is set by the caller). */
function parseDirectiveHead(p: Parser, start: number): DirectiveMark {
  const lx = p.lx;
  const word = p.peek() === Tok.IDENT ? lx.value : '';
  switch (word) {
    case 'if':
      p.take();
      return { mark: 'if', start, end: start, condition: parseExpression(p) };
    case 'for': {
      p.take();
      if (p.peek() !== Tok.IDENT) p.unexpected("expected a variable name after '%{for'");
      let valueVar = lx.value;
      let keyVar: string | undefined;
      p.take();
      if (p.peek() === Tok.COMMA) {
        p.take();
        if (p.peek() !== Tok.IDENT) p.unexpected("expected a variable name after ','");
        keyVar = valueVar;
        valueVar = lx.value;
        p.take();
      }
      if (p.peek() !== Tok.IDENT || lx.value !== 'in') p.unexpected("expected 'in' in a '%{for}' directive");
      p.take();
      const mark: DirectiveMark = { mark: 'for', start, end: start, valueVar, collection: parseExpression(p) };
      if (keyVar !== undefined) mark.keyVar = keyVar;
      return mark;
    }
    case 'else':
    case 'endif':
    case 'endfor':
      p.take();
      return { mark: word, start, end: start };
    default:
      return p.unexpected("expected 'if', 'else', 'endif', 'for' or 'endfor' after '%{'");
  }
}

/** A backslash escape in a quoted string: its value and length. */
function escape(p: Parser, at: number): [string, number] {
  const text = p.text;
  const c = text[at + 1];
  switch (c) {
    case 'n':
      return ['\n', 2];
    case 'r':
      return ['\r', 2];
    case 't':
      return ['\t', 2];
    case '"':
      return ['"', 2];
    case '\\':
      return ['\\', 2];
    case 'u':
    case 'U': {
      const digits = c === 'u' ? 4 : 8;
      const hex = text.slice(at + 2, at + 2 + digits);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits ? parseInt(hex, 16) : -1;
      if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        p.fail(`invalid escape \\${c}: expected ${digits} hex digits of a Unicode scalar value`, at, at + 2 + hex.length);
      }
      return [String.fromCodePoint(code), 2 + digits];
    }
    default: {
      const shown = c === undefined || c === '\n' || c === '\r' ? '' : ` \`\\${c}\``;
      return p.fail(`invalid escape sequence${shown} in a string (write \`\\\\\` for a backslash)`, at, at + (c === undefined ? 1 : 2));
    }
  }
}

/**
 * At `i`: an interpolation or directive (`${`, `%{`) is parsed into `parts`; an escaped one (`$${`,
 * `%%{`, the literal `${` / `%{`) is kept as text. Returns where scanning goes on, or -1 when `i`
 * starts neither. Text since `chunk` is flushed first.
 */
export function interpolationAt(p: Parser, i: number, chunk: number, parts: TemplateParts): number {
  const text = p.text;
  const c = text.charCodeAt(i);
  if (c !== 0x24 && c !== 0x25) return -1;
  if (text.charCodeAt(i + 1) === 0x7b) {
    if (i > chunk) parts.raw.push(text.slice(chunk, i));
    return parseSequence(p, i, parts);
  }
  if (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 0x7b) {
    parts.raw.push(text.slice(chunk, i + 1));
    return i + 2;
  }
  return -1;
}
