/**
 * The HCL native-syntax scanner, driven on demand by the parser. HCL is context-sensitive (a `"`
 * switches into template text, `}` may close an interpolation), so the parser asks for one token at a
 * time and scans template and heredoc text itself from `end` of the token that opened it.
 * The current token lives in plain fields, not objects: no allocation per token.
 */
import { Deadline } from '../../core/deadline.js';
import type { Comment } from './ast.js';
import { overBudget, ProblemError } from '../problem.js';
import { tooManyNodes } from '../node-count.js';

export const Tok = {
  EOF: 0,
  /** One or more line breaks, with any blank lines and comments between them. */
  NEWLINE: 1,
  IDENT: 2,
  NUMBER: 3,
  /** `"`: the parser scans the quoted template from `end`. */
  OQUOTE: 4,
  /** `<<EOT` / `<<-EOT` and its line break: `heredocMarker` and `heredocFlush` say which. */
  HEREDOC: 5,
  LBRACE: 6,
  RBRACE: 7,
  LBRACK: 8,
  RBRACK: 9,
  LPAREN: 10,
  RPAREN: 11,
  COMMA: 12,
  DOT: 13,
  ELLIPSIS: 14,
  EQUAL: 15,
  COLON: 16,
  DCOLON: 17,
  QUESTION: 18,
  ARROW: 19,
  STAR: 20,
  SLASH: 21,
  PERCENT: 22,
  PLUS: 23,
  MINUS: 24,
  BANG: 25,
  EQEQ: 26,
  NOTEQ: 27,
  LT: 28,
  GT: 29,
  LTE: 30,
  GTE: 31,
  AND: 32,
  OR: 33,
  /** `~}`: closes an interpolation or directive and strips the whitespace after it. */
  STRIP_RBRACE: 34,
  /** A character that starts no token, or a malformed heredoc opener. */
  INVALID: 35,
} as const;

export type TokKind = (typeof Tok)[keyof typeof Tok];

const ONE_CHAR: Record<string, TokKind> = {
  '{': Tok.LBRACE,
  '}': Tok.RBRACE,
  '[': Tok.LBRACK,
  ']': Tok.RBRACK,
  '(': Tok.LPAREN,
  ')': Tok.RPAREN,
  ',': Tok.COMMA,
  '?': Tok.QUESTION,
  '*': Tok.STAR,
  '/': Tok.SLASH,
  '%': Tok.PERCENT,
  '+': Tok.PLUS,
  '-': Tok.MINUS,
};

const ID_START = /[\p{ID_Start}_]/uy;
const ID_CONTINUE = /[\p{ID_Continue}-]/uy;

export class Lexer {
  /** Where the next token scan starts. */
  pos: number;
  kind: TokKind = Tok.EOF;
  start = 0;
  end = 0;
  heredocMarker = '';
  heredocFlush = false;
  readonly comments: Comment[] = [];
  private commentsEnd = -1;

  constructor(
    readonly text: string,
    from = 0,
    /** Scanning stops here (a `.tf.json` string's closing quote); the rest of the text is never read. */
    readonly limit = text.length,
    /** The file's time budget, counted per token: the parser does bounded work per token. */
    private readonly deadline = Deadline.none(),
    /** `--max-nodes`: the parser builds a bounded number of nodes per token, so tokens bound its memory. */
    private readonly maxTokens = Infinity,
    /**
     * Tokens the file's earlier lexers read: a `.tf.json` file has one per string, and the tokens of
     * all its strings count against the one limit.
     */
    tokensBefore = 0,
  ) {
    this.pos = from;
    this.tokens = tokensBefore;
  }

  /** Tokens read so far (by this lexer and the file's earlier ones), a token looked ahead at not included. */
  private tokens: number;

  get tokensRead(): number {
    return this.tokens;
  }

  /** The current token's source text. */
  get value(): string {
    return this.text.slice(this.start, this.end);
  }

  /** Restarts scanning at `offset` and reads the token there. */
  seek(offset: number): void {
    this.pos = offset;
    this.next();
  }

  /** After `.` in a traversal: a legacy index `.0` is digits only, so `a.0.1` is two steps, not `0.1`. */
  nextAfterDot(): void {
    const text = this.text;
    let i = this.pos;
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39 && i < this.limit) {
      while (i < this.limit && isDigit(text.charCodeAt(i))) i++;
      this.set(Tok.NUMBER, this.pos, i);
      return;
    }
    this.next();
  }

  /** The kind of the token after the current one (line breaks skipped), consuming nothing. */
  lookahead(): TokKind {
    const { pos, kind, start, end, heredocMarker, heredocFlush, tokens } = this;
    this.next();
    while (this.kind === Tok.NEWLINE) this.next();
    const next = this.kind;
    Object.assign(this, { pos, kind, start, end, heredocMarker, heredocFlush, tokens });
    return next;
  }

  next(): void {
    if (this.deadline.tick()) throw new ProblemError(overBudget(this.deadline, Math.min(this.pos, this.limit)));
    if (++this.tokens > this.maxTokens) throw new ProblemError(tooManyNodes(this.maxTokens, 'hcl', Math.min(this.pos, this.limit)).problem);
    const text = this.text;
    const limit = this.limit;
    let i = this.pos;
    // Horizontal space, block comments and (at the start) a BOM separate tokens without ending a line.
    for (;;) {
      if (i >= limit) return this.set(Tok.EOF, limit, limit);
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0xfeff) i++;
      else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) i = this.blockComment(i);
      else break;
    }
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x23 || (c === 0x2f && text.charCodeAt(i + 1) === 0x2f)) return this.newline(i);
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < limit && isIdentPart(text.charCodeAt(j))) j++;
      if (j < limit && text.charCodeAt(j) >= 0x80) j = this.unicodeIdent(j);
      return this.set(Tok.IDENT, i, j);
    }
    if (isDigit(c)) return this.set(Tok.NUMBER, i, this.number(i));
    const d = i + 1 < limit ? text.charCodeAt(i + 1) : 0;
    switch (c) {
      case 0x22: // "
        return this.set(Tok.OQUOTE, i, i + 1);
      case 0x3d: // =
        if (d === 0x3d) return this.set(Tok.EQEQ, i, i + 2);
        return d === 0x3e ? this.set(Tok.ARROW, i, i + 2) : this.set(Tok.EQUAL, i, i + 1);
      case 0x2e: // .
        return text.startsWith('...', i) && i + 3 <= limit ? this.set(Tok.ELLIPSIS, i, i + 3) : this.set(Tok.DOT, i, i + 1);
      case 0x3a: // :
        return d === 0x3a ? this.set(Tok.DCOLON, i, i + 2) : this.set(Tok.COLON, i, i + 1);
      case 0x21: // !
        return d === 0x3d ? this.set(Tok.NOTEQ, i, i + 2) : this.set(Tok.BANG, i, i + 1);
      case 0x3c: // <
        if (d === 0x3c) return this.heredoc(i);
        return d === 0x3d ? this.set(Tok.LTE, i, i + 2) : this.set(Tok.LT, i, i + 1);
      case 0x3e: // >
        return d === 0x3d ? this.set(Tok.GTE, i, i + 2) : this.set(Tok.GT, i, i + 1);
      case 0x26: // &
        return d === 0x26 ? this.set(Tok.AND, i, i + 2) : this.set(Tok.INVALID, i, i + 1);
      case 0x7c: // |
        return d === 0x7c ? this.set(Tok.OR, i, i + 2) : this.set(Tok.INVALID, i, i + 1);
      case 0x7e: // ~
        return d === 0x7d ? this.set(Tok.STRIP_RBRACE, i, i + 2) : this.set(Tok.INVALID, i, i + 1);
    }
    const single = ONE_CHAR[text[i]!];
    if (single !== undefined) return this.set(single, i, i + 1);
    if (c >= 0x80 && this.matches(ID_START, i)) return this.set(Tok.IDENT, i, this.unicodeIdent(i + 1));
    const cp = text.codePointAt(i) ?? c;
    return this.set(Tok.INVALID, i, i + (cp > 0xffff ? 2 : 1));
  }

  private set(kind: TokKind, start: number, end: number): void {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.pos = end;
  }

  /** Line breaks, blank lines and line comments fold into one NEWLINE token starting at the first. */
  private newline(first: number): void {
    const text = this.text;
    const limit = this.limit;
    let i = first;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || c === 0x20 || c === 0x09 || c === 0x0d || c === 0xfeff) i++;
      else if (c === 0x23) i = this.lineComment(i, i + 1);
      else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) i = this.lineComment(i, i + 2);
      else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) i = this.blockComment(i);
      else break;
    }
    // A comment that ends the file without a line break still ends the line.
    this.set(Tok.NEWLINE, first, first + 1);
    this.pos = i;
  }

  private lineComment(start: number, body: number): number {
    let end = this.text.indexOf('\n', body);
    if (end === -1 || end > this.limit) end = this.limit;
    let close = end;
    if (this.text.charCodeAt(close - 1) === 0x0d) close--;
    this.addComment(start, close, body, close);
    return end;
  }

  private blockComment(start: number): number {
    const close = this.text.indexOf('*/', start + 2);
    if (close === -1 || close + 2 > this.limit) {
      throw new ProblemError({ message: 'unterminated comment: `/*` has no closing `*/`', start, end: start + 2 });
    }
    this.addComment(start, close + 2, start + 2, close);
    return close + 2;
  }

  private addComment(start: number, end: number, bodyStart: number, bodyEnd: number): void {
    // The parser never rescans text, but a guard keeps the list ordered and free of repeats regardless.
    if (start <= this.commentsEnd) return;
    this.commentsEnd = start;
    this.comments.push({ start, end, text: this.text.slice(bodyStart, bodyEnd).trim() });
  }

  private number(i: number): number {
    const text = this.text;
    const limit = this.limit;
    while (i < limit && isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 0x2e && i + 1 < limit && isDigit(text.charCodeAt(i + 1))) {
      i += 2;
      while (i < limit && isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if ((e === 0x65 || e === 0x45) && i + 1 < limit) {
      let j = i + 1;
      const sign = text.charCodeAt(j);
      if ((sign === 0x2b || sign === 0x2d) && j + 1 < limit) j++;
      if (isDigit(text.charCodeAt(j))) {
        while (j < limit && isDigit(text.charCodeAt(j))) j++;
        i = j;
      }
    }
    return i;
  }

  /** `<<EOT` or `<<-EOT`, then a line break. The token ends after the line break, where the body starts. */
  private heredoc(i: number): void {
    const text = this.text;
    let j = i + 2;
    const flush = text.charCodeAt(j) === 0x2d;
    if (flush) j++;
    const nameStart = j;
    if (j < this.limit && isIdentStart(text.charCodeAt(j))) {
      j++;
      while (j < this.limit && isIdentPart(text.charCodeAt(j))) j++;
    }
    const name = text.slice(nameStart, j);
    if (text.charCodeAt(j) === 0x0d) j++;
    if (name === '' || text.charCodeAt(j) !== 0x0a || j >= this.limit) return this.set(Tok.INVALID, i, Math.max(nameStart, j));
    this.heredocMarker = name;
    this.heredocFlush = flush;
    this.set(Tok.HEREDOC, i, j + 1);
  }

  private unicodeIdent(j: number): number {
    while (j < this.limit) {
      const c = this.text.charCodeAt(j);
      if (isIdentPart(c)) j++;
      else if (c >= 0x80 && this.matches(ID_CONTINUE, j)) j += (this.text.codePointAt(j) ?? 0) > 0xffff ? 2 : 1;
      else break;
    }
    return j;
  }

  private matches(pattern: RegExp, at: number): boolean {
    pattern.lastIndex = at;
    return pattern.test(this.text);
  }
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isIdentStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isIdentPart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x2d || (c >= 0x30 && c <= 0x39);
}
