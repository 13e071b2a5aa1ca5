/**
 * Expressions: conditional, binary operators by HCL precedence, unary, terms, and the traversal
 * steps that may follow any term. Every nested construct goes through `parseExpression`, which
 * counts depth, so no input can recurse past `maxDepth`.
 */
import type { Expr, Ranged, SplatStep, TraversalStep } from './ast.js';
import { parseCollection } from './collections.js';
import { parseHeredoc } from './heredoc.js';
import { Tok, type TokKind } from './lexer.js';
import type { Parser } from './parser.js';
import { parseQuotedTemplate } from './templates.js';

/** Binding strength of each binary operator (HCL: `||` < `&&` < equality < comparison < `+ -` < `* / %`). */
const PRECEDENCE: Partial<Record<TokKind, number>> = {
  [Tok.OR]: 1,
  [Tok.AND]: 2,
  [Tok.EQEQ]: 3,
  [Tok.NOTEQ]: 3,
  [Tok.LT]: 4,
  [Tok.GT]: 4,
  [Tok.LTE]: 4,
  [Tok.GTE]: 4,
  [Tok.PLUS]: 5,
  [Tok.MINUS]: 5,
  [Tok.STAR]: 6,
  [Tok.SLASH]: 6,
  [Tok.PERCENT]: 6,
};

export function parseExpression(p: Parser): Expr {
  p.peek();
  p.enter(p.lx.start);
  const condition = parseBinary(p, 1);
  let result = condition;
  if (p.peek() === Tok.QUESTION) {
    p.take();
    p.skipNewlines();
    const then = parseExpression(p);
    p.expect(Tok.COLON, "after the true result of a conditional ('cond ? a : b')");
    p.skipNewlines();
    const otherwise = parseExpression(p);
    result = { k: 'conditional', condition, then, otherwise, start: condition.start, end: otherwise.end };
  }
  p.leave();
  return result;
}

/** Precedence climbing: loops along one level, recurses only to a higher one (at most six deep). */
function parseBinary(p: Parser, minPrecedence: number): Expr {
  let left = parseUnary(p);
  for (;;) {
    const precedence = PRECEDENCE[p.peek()];
    if (precedence === undefined || precedence < minPrecedence) return left;
    const op = p.lx.value;
    p.take();
    // A line break after an operator cannot end the expression, so it is only space.
    p.skipNewlines();
    const right = parseBinary(p, precedence + 1);
    left = { k: 'binary', op, left, right, start: left.start, end: right.end };
  }
}

function parseUnary(p: Parser): Expr {
  const kind = p.peek();
  if (kind !== Tok.MINUS && kind !== Tok.BANG) return parsePostfix(p, parseTerm(p));
  const op = kind === Tok.MINUS ? '-' : '!';
  const { start } = p.take();
  p.enter(start);
  const operand = parseUnary(p);
  p.leave();
  // `-5` is a number, as a reader sees it, rather than an operation on one.
  if (op === '-' && operand.k === 'literal' && typeof operand.value === 'number') {
    return { k: 'literal', value: -operand.value, start, end: operand.end };
  }
  return { k: 'unary', op, operand, start, end: operand.end };
}

function parseTerm(p: Parser): Expr {
  const lx = p.lx;
  switch (p.peek()) {
    case Tok.NUMBER: {
      const { start, end } = lx;
      const value = Number(lx.value);
      lx.next();
      return { k: 'literal', value, start, end };
    }
    case Tok.IDENT:
      return parseNamed(p);
    case Tok.OQUOTE:
      return parseQuotedTemplate(p);
    case Tok.HEREDOC:
      return parseHeredoc(p);
    case Tok.LPAREN: {
      const open = p.take();
      const saved = p.newlines;
      p.newlines = false;
      const expr = parseExpression(p);
      const close = p.close(Tok.RPAREN, open, 'an operator');
      p.newlines = saved;
      return { k: 'parens', expr, start: open.start, end: close.end };
    }
    case Tok.LBRACK:
    case Tok.LBRACE:
      return parseCollection(p);
    default:
      return p.unexpected('expected an expression');
  }
}

/** An identifier: a keyword literal, a function call (`f(…)`, `provider::ns::f(…)`) or a traversal root. */
function parseNamed(p: Parser): Expr {
  const lx = p.lx;
  let name = lx.value;
  const { start, end } = lx;
  lx.next();
  switch (name) {
    case 'true':
      return { k: 'literal', value: true, start, end };
    case 'false':
      return { k: 'literal', value: false, start, end };
    case 'null':
      return { k: 'literal', value: null, start, end };
  }
  let next = p.peek();
  if (next !== Tok.LPAREN && next !== Tok.DCOLON) return { k: 'traversal', root: name, steps: [], start, end };
  while (next === Tok.DCOLON) {
    p.take();
    if (p.peek() !== Tok.IDENT) p.unexpected(`expected a function name after \`${name}::\``);
    name += `::${lx.value}`;
    p.take();
    next = p.peek();
  }
  if (next !== Tok.LPAREN) p.unexpected(`expected '(' to call \`${name}\``);
  return parseCall(p, name, start);
}

function parseCall(p: Parser, name: string, start: number): Expr {
  const open = p.take();
  const saved = p.newlines;
  p.newlines = false;
  const args: Expr[] = [];
  let expandFinal = false;
  while (p.peek() !== Tok.RPAREN) {
    args.push(parseExpression(p));
    if (p.peek() === Tok.ELLIPSIS) {
      p.take();
      expandFinal = true;
      if (p.peek() === Tok.COMMA) p.take();
      break;
    }
    if (p.peek() !== Tok.COMMA) break;
    p.take();
  }
  const close = p.close(Tok.RPAREN, open, expandFinal ? 'nothing after the expanded argument' : "',' between arguments");
  p.newlines = saved;
  return { k: 'call', name, args, expandFinal, start, end: close.end };
}

/** `.name`, `.0`, `.*`, `[key]` and `[*]` after a term. Steps extend a traversal, or make a `relative`. */
function parsePostfix(p: Parser, term: Expr): Expr {
  let steps: TraversalStep[] | undefined;
  // The attribute-only splat (`.*`) whose run of dot steps is still being read.
  let attributeSplat: (SplatStep & Ranged) | undefined;
  for (;;) {
    const kind = p.peek();
    let step: TraversalStep;
    if (kind === Tok.DOT) step = parseDotStep(p);
    else if (kind === Tok.LBRACK) step = parseIndexStep(p);
    else break;
    steps ??= term.k === 'traversal' ? term.steps : [];
    steps.push(step);
    if (step.k === 'splat') attributeSplat = kind === Tok.DOT ? Object.assign(step, { each: 0 }) : undefined;
    else if (attributeSplat && kind === Tok.DOT) attributeSplat.each = (attributeSplat.each ?? 0) + 1;
    else attributeSplat = undefined;
  }
  if (steps === undefined) return term;
  const end = steps[steps.length - 1]!.end;
  if (term.k === 'traversal') {
    term.end = end;
    return term;
  }
  return { k: 'relative', source: term, steps, start: term.start, end };
}

function parseDotStep(p: Parser): TraversalStep {
  const lx = p.lx;
  const { start } = lx;
  lx.nextAfterDot();
  const kind = lx.kind;
  // One literal per step, its range written out: spreading a range object added `start` and `end`
  // as out-of-object properties, a second object per step kept with the tree for the whole run.
  const end = lx.end;
  if (kind === Tok.IDENT) {
    const name = lx.value;
    lx.next();
    return { k: 'attr', name, start, end };
  }
  if (kind === Tok.NUMBER) {
    const key: Expr = { k: 'literal', value: Number(lx.value), start: lx.start, end: lx.end };
    lx.next();
    return { k: 'index', key, start, end };
  }
  if (kind === Tok.STAR) {
    lx.next();
    return { k: 'splat', start, end };
  }
  return p.unexpected("expected an attribute name, an index or '*' after '.'");
}

function parseIndexStep(p: Parser): TraversalStep {
  const open = p.take();
  const saved = p.newlines;
  p.newlines = false;
  let step: TraversalStep;
  if (p.peek() === Tok.STAR) {
    p.take();
    const close = p.close(Tok.RBRACK, open, 'nothing after the splat');
    step = { k: 'splat', start: open.start, end: close.end };
  } else {
    const key = parseExpression(p);
    const close = p.close(Tok.RBRACK, open, 'an operator');
    step = { k: 'index', key, start: open.start, end: close.end };
  }
  p.newlines = saved;
  return step;
}
