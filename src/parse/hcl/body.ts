/** Bodies: arguments (`name = expr`) and blocks (`type "label" … { body }`), one per line. */
import type { Attribute, Block, Body, Ranged } from './ast.js';
import { parseExpression } from './expressions.js';
import { Tok, type TokKind } from './lexer.js';
import type { Parser } from './parser.js';
import { parseQuotedTemplate } from './templates.js';
import { lineOf } from '../problem.js';

/** The whole file: a body that ends at end of file. */
export function parseFileBody(p: Parser): Body {
  p.lx.next();
  const body: Body = { start: 0, end: p.text.length, attributes: [], blocks: [] };
  parseItems(p, body, Tok.EOF, undefined);
  return body;
}

function parseItems(p: Parser, body: Body, closer: TokKind, open: Ranged | undefined): void {
  const lx = p.lx;
  let seen: Map<string, Attribute> | undefined;
  for (;;) {
    p.skipNewlines();
    if (lx.kind === closer) return;
    if (lx.kind === Tok.EOF && open) {
      p.fail(`unclosed '{' opened at line ${lineOf(p.text, open.start)}`, open.start, open.end);
    }
    if (lx.kind === Tok.RBRACE) p.fail("unexpected '}': no block is open here", lx.start, lx.end);
    if (lx.kind !== Tok.IDENT) p.unexpected('expected an argument name or a block type');
    const name = lx.value;
    const nameRange = p.take();
    if (p.peek() === Tok.EQUAL) {
      const attribute = parseAttribute(p, name, nameRange);
      seen ??= new Map();
      const first = seen.get(name);
      if (first === undefined) {
        seen.set(name, attribute);
        body.attributes.push(attribute);
      } else if (writtenAsBlocks(attribute) && writtenAsBlocks(first)) {
        // HCL 1 (Terraform 0.11) read `principals = { … }` as a nested block, twice as two blocks;
        // HCL 2 refuses the repeat. Kept for the graph, which knows where 0.11's reading applies.
        (body.repeated ??= []).push(attribute);
        p.repeated.push({ attribute, first: first.nameRange.start, body });
      } else {
        p.fail(`argument \`${name}\` is set twice (first at line ${lineOf(p.text, first.nameRange.start)})`, nameRange.start, nameRange.end);
      }
    } else {
      body.blocks.push(parseBlock(p, name, nameRange));
    }
    endOfItem(p, closer, name);
  }
}

/** `name = { … }` or `name = [{ … }, …]`: an argument written as HCL 1 wrote nested blocks. */
function writtenAsBlocks(attribute: Attribute): boolean {
  const expr = attribute.expr;
  if (expr.k === 'object') return true;
  return expr.k === 'tuple' && expr.items.length > 0 && expr.items.every((item) => item.k === 'object');
}

function parseAttribute(p: Parser, name: string, nameRange: Ranged): Attribute {
  p.take(); // =
  const expr = parseExpression(p);
  return { start: nameRange.start, end: expr.end, name, nameRange, expr };
}

function parseBlock(p: Parser, type: string, typeRange: Ranged): Block {
  const lx = p.lx;
  const labels: string[] = [];
  const labelRanges: Ranged[] = [];
  for (;;) {
    const kind = p.peek();
    if (kind === Tok.IDENT) {
      labels.push(lx.value);
      labelRanges.push(p.take());
    } else if (kind === Tok.OQUOTE) {
      const label = parseQuotedTemplate(p);
      if (label.k !== 'literal') p.fail('a block label must be a plain string, without `${…}` or `%{…}`', label.start, label.end);
      labels.push(String(label.value));
      labelRanges.push({ start: label.start, end: label.end });
    } else break;
  }
  if (lx.kind !== Tok.LBRACE) {
    const header = [type, ...labels.map((label, i) => (p.text[labelRanges[i]!.start] === '"' ? JSON.stringify(label) : label))].join(' ');
    const expected = labels.length === 0 ? `expected '=' or a block after \`${header}\`` : `expected '{' to open the block after \`${header}\``;
    p.unexpected(lx.kind === Tok.NEWLINE && labels.length > 0 ? `${expected} (on the same line)` : expected);
  }
  const open = p.take();
  p.enter(open.start);
  const body: Body = { start: open.start, end: open.end, attributes: [], blocks: [] };
  parseItems(p, body, Tok.RBRACE, open);
  body.end = p.take().end;
  p.leave();
  return { start: typeRange.start, end: body.end, type, typeRange, labels, labelRanges, body };
}

/** Each argument and block ends its line (or is the last thing before the enclosing `}`). */
function endOfItem(p: Parser, closer: TokKind, name: string): void {
  const kind = p.lx.kind;
  if (kind === Tok.NEWLINE || kind === Tok.EOF || kind === closer) return;
  if (kind === Tok.COMMA) {
    p.fail(`unexpected ',' after \`${name}\`: put each argument on its own line (commas separate items only in lists and objects)`, p.lx.start, p.lx.end);
  }
  p.unexpected(`expected a line break after \`${name}\``);
}
