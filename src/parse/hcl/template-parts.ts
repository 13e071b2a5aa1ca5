/**
 * A template's parts as they are read: literals, interpolations, directive marks (`%{if}`, `%{for}`,
 * …) and strip markers (`~`), in one flat sequence as HCL scans them. `finish` applies the strip
 * markers and a `<<-` heredoc's indentation to the literals next to them, then nests the marks into
 * `templateIf` and `templateFor` expressions (templates.ts reads the text into these parts).
 */
import type { Expr, TemplatePart } from './ast.js';
import type { Parser } from './parser.js';

/** `${~`: strip the whitespace before. */
export const STRIP_BEFORE = 0;
/** `~}`: strip the whitespace after. */
export const STRIP_AFTER = 1;

/** One `%{…}` as written: its keyword, and what an `if` or `for` holds. */
export interface DirectiveMark {
  mark: 'if' | 'else' | 'endif' | 'for' | 'endfor';
  start: number;
  end: number;
  condition?: Expr;
  keyVar?: string;
  valueVar?: string;
  collection?: Expr;
}

export type RawPart = string | Expr | DirectiveMark | typeof STRIP_BEFORE | typeof STRIP_AFTER;

type FlatPart = string | Expr | DirectiveMark;

interface OpenDirective {
  kind: 'if' | 'for';
  start: number;
  end: number;
  sawElse: boolean;
}

/** Collects a template's parts and checks that `%{if}`/`%{for}` directives nest. */
export class TemplateParts {
  readonly raw: RawPart[] = [];
  private readonly open: OpenDirective[] = [];
  /** Most templates have no directive: they skip nesting. */
  private directives = false;

  /** `heredoc`: each line of text is a literal of its own (as HCL scans heredocs), which is what a strip marker trims. */
  constructor(private readonly heredoc = false) {}

  directive(p: Parser, mark: DirectiveMark): void {
    const { mark: word, start, end } = mark;
    this.directives = true;
    const top = this.open[this.open.length - 1];
    if (word === 'if' || word === 'for') {
      // Directives nest like expressions, and count against the same depth limit.
      p.enter(start);
      this.open.push({ kind: word, start, end, sawElse: false });
    } else if (word === 'else') {
      if (top?.kind !== 'if' || top.sawElse) p.fail('`%{else}` without a matching `%{if}`', start, end);
      top.sawElse = true;
    } else {
      const kind = word === 'endif' ? 'if' : 'for';
      if (top?.kind !== kind) p.fail(`\`%{${word}}\` without a matching \`%{${kind}}\``, start, end);
      this.open.pop();
      p.leave();
    }
    this.raw.push(mark);
  }

  /**
   * The template's parts, as HCL makes them: strip markers trim the literal next to them (in a
   * heredoc, just that line's), then `flush` (`<<-`) removes the common indentation of the lines,
   * then neighbouring literals are merged, empty ones dropped, and the directives nested.
   */
  finish(p: Parser, flush = false): TemplatePart[] {
    const unclosed = this.open[this.open.length - 1];
    if (unclosed) {
      p.fail(`\`%{${unclosed.kind}}\` has no \`%{end${unclosed.kind}}\` before the template ends`, unclosed.start, unclosed.end);
    }
    const tokens: FlatPart[] = [];
    let trimNext = false;
    let lineEnded = false;
    for (const part of this.raw) {
      const trim: boolean = trimNext;
      trimNext = false;
      if (part === STRIP_AFTER) trimNext = true;
      else if (part === STRIP_BEFORE) {
        const last = tokens.length - 1;
        if (typeof tokens[last] === 'string') tokens[last] = tokens[last].trimEnd();
      } else if (typeof part === 'string') {
        // An escape (`$${`) splits a literal in pieces; a heredoc's line break ends one.
        const last = tokens.length - 1;
        const joined = typeof tokens[last] === 'string' && !lineEnded;
        const text = joined ? `${tokens[last] as string}${part}` : part;
        const value: string = trim ? text.trimStart() : text;
        if (joined) tokens[last] = value;
        else tokens.push(value);
        lineEnded = this.heredoc && part.endsWith('\n');
        // A strip marker trims all of the literal after it, however many pieces it arrives in.
        trimNext = trim && value === '' && !lineEnded;
      } else {
        lineEnded = false;
        tokens.push(part);
      }
    }
    if (flush) flushIndentation(tokens);
    // A quoted string's literals are merged already; a heredoc's lines are literals of their own until now.
    let merged = tokens;
    if (this.heredoc) {
      merged = [];
      for (const token of tokens) {
        const last = merged.length - 1;
        if (typeof token === 'string' && typeof merged[last] === 'string') merged[last] += token;
        else merged.push(token);
      }
    }
    const parts = merged.filter((part) => part !== '');
    return this.directives ? nest(parts) : (parts as TemplatePart[]);
  }
}

/**
 * `<<-`: the smallest indentation among the lines (a line that is only whitespace does not count) is
 * removed from the literals that start a line, as HCL's `flushHeredocTemplateParts` does. A line that
 * starts with an interpolation or a directive has no indentation, so then nothing is removed. A line
 * starts after a literal that ends with a line break: a line after a strip marker that removed that
 * break is not one.
 */
function flushIndentation(tokens: FlatPart[]): void {
  let min = Infinity;
  const starts: number[] = [];
  let lineStart = true;
  tokens.forEach((token, i) => {
    if (lineStart && typeof token !== 'string') min = 0;
    else if (lineStart && typeof token === 'string') {
      const indent = leadingSpace(token);
      if (!(indent === token.length && token.endsWith('\n'))) {
        starts.push(i);
        min = Math.min(min, indent);
      }
    }
    lineStart = typeof token === 'string' && token.endsWith('\n');
  });
  if (min === Infinity || min === 0) return;
  for (const i of starts) tokens[i] = (tokens[i] as string).slice(min);
}

/** Leading whitespace (the line break of a blank line included). */
function leadingSpace(s: string): number {
  return s.length - s.trimStart().length;
}

function isMark(part: FlatPart): part is DirectiveMark {
  return typeof part !== 'string' && 'mark' in part;
}

/**
 * The flat parts with each `%{if}…%{endif}` and `%{for}…%{endfor}` made one expression. The marks
 * balance (`TemplateParts.directive` checked them), so every opener finds its closer.
 */
function nest(flat: FlatPart[]): TemplatePart[] {
  let i = 0;
  const until = (closers: readonly string[]): TemplatePart[] => {
    const out: TemplatePart[] = [];
    while (i < flat.length) {
      const part = flat[i]!;
      if (!isMark(part)) {
        out.push(part);
        i++;
      } else if (closers.includes(part.mark)) return out;
      else out.push(directiveExpr(part));
    }
    return out;
  };
  const directiveExpr = (open: DirectiveMark): Expr => {
    i++;
    if (open.mark === 'if') {
      const then = until(['else', 'endif']);
      let otherwise: TemplatePart[] = [];
      if (flat[i] !== undefined && isMark(flat[i]!) && (flat[i] as DirectiveMark).mark === 'else') {
        i++;
        otherwise = until(['endif']);
      }
      const close = flat[i++] as DirectiveMark | undefined;
      return { k: 'templateIf', condition: open.condition!, then, otherwise, start: open.start, end: close?.end ?? open.end };
    }
    const body = until(['endfor']);
    const close = flat[i++] as DirectiveMark | undefined;
    const loop: Expr = { k: 'templateFor', valueVar: open.valueVar!, collection: open.collection!, body, start: open.start, end: close?.end ?? open.end };
    if (open.keyVar !== undefined) loop.keyVar = open.keyVar;
    return loop;
  };
  return until([]);
}
