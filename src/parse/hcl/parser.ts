/**
 * Parser state shared by the body, expression and template parsers: the token stream, whether line
 * breaks are significant here, the nesting depth, and problem reporting. Problems are thrown as
 * `ProblemError` and caught once at the entry points.
 */
import type { Deadline } from '../../core/deadline.js';
import type { Ranged, RepeatedArgument } from './ast.js';
import type { ParseProblem } from '../document.js';
import { Lexer, Tok, type TokKind } from './lexer.js';
import { ProblemError, lineOf, quoteForMessage, stackExhausted } from '../problem.js';

const SYMBOLS: Partial<Record<TokKind, string>> = {
  [Tok.LBRACE]: '{',
  [Tok.RBRACE]: '}',
  [Tok.LBRACK]: '[',
  [Tok.RBRACK]: ']',
  [Tok.LPAREN]: '(',
  [Tok.RPAREN]: ')',
  [Tok.COMMA]: ',',
  [Tok.DOT]: '.',
  [Tok.ELLIPSIS]: '...',
  [Tok.EQUAL]: '=',
  [Tok.COLON]: ':',
  [Tok.DCOLON]: '::',
  [Tok.QUESTION]: '?',
  [Tok.ARROW]: '=>',
  [Tok.STRIP_RBRACE]: '~}',
};

export class Parser {
  readonly lx: Lexer;
  /**
   * Whether a line break ends the current construct (bodies, object constructors) or is plain space
   * (inside parentheses, brackets, interpolations and `for` expressions), as in HCL.
   */
  newlines = true;
  /** Arguments set again as HCL 1's blocks (`HclFile.repeated`), in the order written. */
  readonly repeated: RepeatedArgument[] = [];
  private depth = 0;

  constructor(
    readonly text: string,
    readonly maxDepth: number,
    from = 0,
    limit = text.length,
    deadline?: Deadline,
    maxTokens?: number,
    tokensBefore?: number,
  ) {
    this.lx = new Lexer(text, from, limit, deadline, maxTokens, tokensBefore);
  }

  /** The kind of the next significant token (line breaks are skipped where they are not significant). */
  peek(): TokKind {
    const lx = this.lx;
    if (!this.newlines) while (lx.kind === Tok.NEWLINE) lx.next();
    return lx.kind;
  }

  /** Consumes the current token and returns its range. */
  take(): Ranged {
    const range = { start: this.lx.start, end: this.lx.end };
    this.lx.next();
    return range;
  }

  skipNewlines(): void {
    while (this.lx.kind === Tok.NEWLINE) this.lx.next();
  }

  /** Consumes a token of `kind`, or fails saying what was expected `context`. */
  expect(kind: TokKind, context: string): Ranged {
    if (this.peek() !== kind) this.unexpected(`expected '${SYMBOLS[kind] ?? '?'}' ${context}`);
    return this.take();
  }

  /** Consumes the closer of a bracket pair, or fails naming the opener (and, at end of file, its line). */
  close(kind: TokKind, open: Ranged, what: string): Ranged {
    if (this.peek() === kind) return this.take();
    const opener = this.text.slice(open.start, open.start + 1);
    if (this.lx.kind === Tok.EOF) {
      this.fail(`unclosed '${opener}' opened at line ${lineOf(this.text, open.start)}`, open.start, open.start + 1);
    }
    this.unexpected(`expected ${what} or '${SYMBOLS[kind] ?? '?'}' to close the '${opener}' opened at line ${lineOf(this.text, open.start)}`);
  }

  /** Fails at the current token: `<expectation>, found <token>`. */
  unexpected(expectation: string): never {
    const lx = this.lx;
    if (lx.kind === Tok.INVALID) this.invalidToken();
    this.fail(`${expectation}, found ${this.describe()}`, lx.start, lx.end);
  }

  /** The current token in words, for messages. */
  describe(): string {
    const lx = this.lx;
    switch (lx.kind) {
      case Tok.EOF:
        return 'end of file';
      case Tok.NEWLINE:
        return 'a line break';
      case Tok.IDENT:
        return `\`${lx.value}\``;
      case Tok.NUMBER:
        return `number ${lx.value}`;
      case Tok.OQUOTE:
        return 'a string';
      case Tok.HEREDOC:
        return 'a heredoc';
      default:
        return `'${SYMBOLS[lx.kind] ?? lx.value}'`;
    }
  }

  enter(at: number): void {
    if (++this.depth > this.maxDepth) {
      this.fail(`nesting deeper than ${this.maxDepth} levels (raise it with --max-depth)`, at, Math.min(at + 1, this.text.length), 'maxDepth');
    }
  }

  leave(): void {
    this.depth--;
  }

  fail(message: string, start: number, end: number, limit?: string): never {
    const bounded = Math.min(Math.max(start, 0), this.text.length);
    const problem = { message, start: bounded, end: Math.min(Math.max(end, bounded), this.text.length), ...(limit ? { limit } : {}) };
    throw new ProblemError(problem);
  }

  private invalidToken(): never {
    const lx = this.lx;
    const value = lx.value;
    if (value.startsWith('<<')) {
      this.fail('invalid heredoc: write `<<EOT` or `<<-EOT` (any identifier) and start the text on the next line', lx.start, lx.end);
    }
    if (value === '&' || value === '|') this.fail(`unexpected '${value}': HCL writes the operator as '${value}${value}'`, lx.start, lx.end);
    if (value === "'") this.fail("unexpected \"'\": HCL strings use double quotes", lx.start, lx.end);
    this.fail(`unexpected character ${quoteForMessage(value)}`, lx.start, lx.end);
  }
}

/** What a parser entry point returns for anything thrown: never lets an exception out. */
export function problemFrom(error: unknown, p: Parser): ParseProblem {
  if (error instanceof ProblemError) return error.problem;
  const at = Math.min(p.lx.start, p.text.length);
  if (error instanceof RangeError) {
    // The explicit depth count stops real nesting long before this; only a huge maxDepth gets here.
    return { message: stackExhausted(p.maxDepth), start: at, end: at, limit: 'maxDepth' };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { message: `internal error while parsing HCL: ${detail}`, start: at, end: at };
}
