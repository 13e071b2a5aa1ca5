/** Tuple `[…]` and object `{…}` constructors, and the `for` expressions written inside them. */
import type { Expr, Ranged } from './ast.js';
import { parseExpression } from './expressions.js';
import { Tok } from './lexer.js';
import type { Parser } from './parser.js';

/** At `[` or `{`. */
export function parseCollection(p: Parser): Expr {
  const object = p.lx.kind === Tok.LBRACE;
  const open = p.take();
  const saved = p.newlines;
  // Items of a tuple may span lines freely; an object's items are separated by commas or line breaks.
  p.newlines = object;
  p.skipNewlines();
  const result = isFor(p) ? parseFor(p, open, object) : object ? parseObject(p, open) : parseTuple(p, open);
  p.newlines = saved;
  return result;
}

/** `for` followed by a name: `{ for = 1 }` stays an object with the key `for`. */
function isFor(p: Parser): boolean {
  return isKeyword(p, 'for') && p.lx.lookahead() === Tok.IDENT;
}

function isKeyword(p: Parser, word: string): boolean {
  return p.peek() === Tok.IDENT && p.lx.value === word;
}

function parseTuple(p: Parser, open: Ranged): Expr {
  const items: Expr[] = [];
  while (p.peek() !== Tok.RBRACK) {
    items.push(parseExpression(p));
    if (p.peek() !== Tok.COMMA) break;
    p.take();
  }
  const close = p.close(Tok.RBRACK, open, "',' between items");
  return { k: 'tuple', items, start: open.start, end: close.end };
}

function parseObject(p: Parser, open: Ranged): Expr {
  const lx = p.lx;
  const items: { key: Expr; value: Expr }[] = [];
  for (;;) {
    p.skipNewlines();
    if (lx.kind === Tok.RBRACE || lx.kind === Tok.EOF) break;
    const key = objectKey(parseExpression(p), p.text);
    const kind = p.peek();
    if (kind !== Tok.EQUAL && kind !== Tok.COLON) p.unexpected("expected '=' or ':' after the object key");
    p.take();
    items.push({ key, value: parseExpression(p) });
    if (lx.kind === Tok.COMMA) p.take();
    else if (lx.kind !== Tok.NEWLINE) break;
  }
  const close = p.close(Tok.RBRACE, open, "',' or a line break between items");
  return { k: 'object', items, start: open.start, end: close.end };
}

/** A bare name as a key (`{ Name = … }`, even `{ null = … }`) is that string, as in HCL; anything else is evaluated. */
function objectKey(key: Expr, text: string): Expr {
  if (key.k === 'traversal' && key.steps.length === 0) return { k: 'literal', value: key.root, start: key.start, end: key.end };
  if (key.k === 'literal' && typeof key.value !== 'string' && !isNumberStart(text.charCodeAt(key.start))) {
    return { k: 'literal', value: text.slice(key.start, key.end), start: key.start, end: key.end };
  }
  return key;
}

function isNumberStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

/** `[for k, v in coll : value if cond]` and `{for k, v in coll : key => value... if cond}`. */
function parseFor(p: Parser, open: Ranged, object: boolean): Expr {
  p.newlines = false;
  p.take(); // for
  const first = identifier(p, "after 'for'");
  let keyVar: string | undefined;
  let valueVar = first;
  if (p.peek() === Tok.COMMA) {
    p.take();
    keyVar = first;
    valueVar = identifier(p, "after ',' in a 'for' expression");
  }
  if (!isKeyword(p, 'in')) p.unexpected(`expected 'in' after the ${keyVar === undefined ? 'variable' : 'variables'} of a 'for' expression`);
  p.take();
  const collection = parseExpression(p);
  p.expect(Tok.COLON, "after the collection of a 'for' expression");
  let key: Expr | undefined;
  if (object) {
    key = parseExpression(p);
    p.expect(Tok.ARROW, "between the key and the value of a 'for' expression that builds an object");
  }
  const value = parseExpression(p);
  let group = false;
  if (object && p.peek() === Tok.ELLIPSIS) {
    p.take();
    group = true;
  }
  let condition: Expr | undefined;
  if (isKeyword(p, 'if')) {
    p.take();
    condition = parseExpression(p);
  }
  const close = p.close(object ? Tok.RBRACE : Tok.RBRACK, open, "'if'");
  const result: Extract<Expr, { k: 'for' }> = { k: 'for', valueVar, collection, value, group, object, start: open.start, end: close.end };
  if (keyVar !== undefined) result.keyVar = keyVar;
  if (key !== undefined) result.key = key;
  if (condition !== undefined) result.condition = condition;
  return result;
}

function identifier(p: Parser, context: string): string {
  if (p.peek() !== Tok.IDENT) p.unexpected(`expected a variable name ${context}`);
  const name = p.lx.value;
  p.take();
  return name;
}
