/**
 * Terraform JSON syntax (`.tf.json`) into the same tree as `.tf`: `{"resource": {"aws_vpc": {"main":
 * {…}}}}` becomes the block `resource "aws_vpc" "main"`. Strings are templates (`"${var.x}"`), except
 * the few arguments Terraform reads as expressions. Offsets come from jsonc-parser's tree; JSON
 * validity, duplicate keys and nesting are checked first by the data parser.
 */
import { parseTree, type Node } from 'jsonc-parser';
import type { SourceFile } from '../../core/source.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParseProblem } from '../document.js';
import { parseJson } from '../json.js';
import type { Attribute, Block, Body, Comment, Expr, Ranged } from './ast.js';
import { parseExpression } from './expressions.js';
import type { HclResult } from './index.js';
import { Tok } from './lexer.js';
import { Parser, problemFrom } from './parser.js';
import { parseBareTemplate } from './templates.js';
import { TOP_LEVEL_BLOCKS, isExpressionArgument, nestedBlockLabels } from './tfjson-schema.js';
import { lineOf, overBudget, parseDeadline, ProblemError } from '../problem.js';
import { tooManyNodes } from '../node-count.js';
import type { Deadline } from '../../core/deadline.js';

/**
 * Nodes of `--max-nodes` each JSON value of a `.tf.json` file counts for. A value costs far more here
 * than in a template or plan: a node of jsonc-parser's tree (offsets) and one of the syntax tree, some
 * 600 bytes at their peak where `JSON.parse` takes 24, and 1.5 KB for a member of a large object. At
 * one node a value, 72 MB of `[{"a":0},…]` (16 million values) exhausted a 4 GB heap, a fatal error;
 * at ten, 1.6 million members of one object ran under a 1.7 GB heap, as other files at the limit do.
 */
const TF_JSON_VALUE_WEIGHT = 10;

export function parseTfJson(file: SourceFile, limits: ParseLimits = DEFAULT_PARSE_LIMITS): HclResult {
  // One budget for both passes: the JSON checks, then the conversion (and its embedded expressions).
  const deadline = parseDeadline(limits);
  // One node limit too: the values (weighted), then the tokens of the strings, counted on from them.
  const values = { weight: TF_JSON_VALUE_WEIGHT, nodes: 0, repeatedKeys: true };
  const checked = parseJson(file, limits, deadline, values);
  if (!checked.ok) return checked;
  const text = file.text;
  const converter = new Converter(text, limits.maxDepth, deadline, limits.maxNodes, values.nodes);
  try {
    const root = parseTree(text, [], { disallowComments: true });
    if (root?.type !== 'object') return fail('a .tf.json file must hold one JSON object of blocks', root ?? { offset: 0, length: text.length });
    const body: Body = { start: 0, end: text.length, attributes: [], blocks: [] };
    for (const [key, value, property] of properties(root, converter.comments)) {
      const labels = TOP_LEVEL_BLOCKS[key.value as string] ?? 0;
      converter.blocks(key, value, labels, [], body.blocks, property);
    }
    return { ok: true, hcl: { file, body, comments: converter.comments } };
  } catch (error) {
    // The lexer says "tokens"; the count here began with the values.
    if (error instanceof ProblemError && error.problem.limit === 'maxNodes') return tooManyNodes(limits.maxNodes, 'tfjson', error.problem.start);
    if (error instanceof ProblemError) return { ok: false, problem: error.problem };
    return { ok: false, problem: problemFrom(error, new Parser(text, limits.maxDepth)) };
  }
}

function fail(message: string, node: { offset: number; length: number }): { ok: false; problem: ParseProblem } {
  return { ok: false, problem: { message, start: node.offset, end: node.offset + node.length } };
}

/** An object's properties as `[key, value, property]`, minus `"//"` comments (collected instead). */
function* properties(object: Node, comments: Comment[]): Generator<[Node, Node, Node]> {
  for (const property of object.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    if (key.value === '//') {
      if (value.type === 'string') comments.push({ start: property.offset, end: property.offset + property.length, text: String(value.value).trim() });
      continue;
    }
    yield [key, value, property];
  }
}

function range(node: Node): Ranged {
  return { start: node.offset, end: node.offset + node.length };
}

class Converter {
  readonly comments: Comment[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    private readonly deadline: Deadline,
    /**
     * `--max-nodes`, for the tokens of the expressions and templates in all the file's strings too: one
     * string of `${[a,a,…]}` is one JSON value that holds a token every two characters, and 40 MB of it
     * built 2.4 GB of syntax tree.
     */
    private readonly maxTokens: number,
    /** Nodes counted so far: the weighted values (parseJson), then the tokens of the strings read. */
    private tokens: number,
  ) {}

  /** A parser of `text` from `start` to `end` that counts its tokens after those of the strings before. */
  private parser(text: string, start: number, end: number): Parser {
    return new Parser(text, this.maxDepth, start, end, this.deadline, this.maxTokens, this.tokens);
  }

  /**
   * Blocks of `type` from `value`: one label per object level until `labels` are collected, then the
   * body; an array at any level means several blocks there (`"provider": {"aws": [{…}, {…}]}`).
   */
  blocks(typeKey: Node, value: Node, labels: number, found: Node[], out: Block[], owner: Node, context = String(typeKey.value)): void {
    if (value.type === 'array') {
      for (const item of value.children ?? []) this.blocks(typeKey, item, labels, found, out, item, context);
      return;
    }
    if (value.type !== 'object') {
      const what = found.length < labels ? `an object of \`${typeKey.value}\` blocks by label` : `an object: the body of a \`${typeKey.value}\` block`;
      throw new ProblemError({ message: `expected ${what}, found ${value.type === 'null' ? 'null' : `a ${value.type}`}`, ...range(value) });
    }
    if (found.length < labels) {
      for (const [key, inner, property] of properties(value, this.comments)) this.blocks(typeKey, inner, labels, [...found, key], out, property, context);
      return;
    }
    const type = String(typeKey.value);
    const body = this.body(value, type === 'content' ? context : type, type === 'dynamic' ? String(found[0]?.value) : '');
    // The block starts at the key that names it (its last label, or its type) or at its array item.
    const start = owner.type === 'property' ? (owner.children?.[0]?.offset ?? owner.offset) : owner.offset;
    out.push({
      start,
      end: body.end,
      type,
      typeRange: range(typeKey),
      labels: found.map((label) => String(label.value)),
      labelRanges: found.map(range),
      body,
    });
  }

  private body(object: Node, blockType: string, dynamicLabel: string): Body {
    const body: Body = { ...range(object), attributes: [], blocks: [] };
    let seen: Map<string, Node> | undefined;
    for (const [key, value] of properties(object, this.comments)) {
      const name = String(key.value);
      const labels = nestedBlockLabels(blockType, name);
      if (labels !== undefined && (value.type === 'object' || value.type === 'array')) {
        // `dynamic "statement" { content {…} }`: the content has the blocks of what it generates.
        const context = name === 'content' ? dynamicLabel : name;
        this.blocks(key, value, labels, [], body.blocks, key.parent ?? key, context);
        continue;
      }
      // Block types may repeat (their blocks add up); an argument may not, as in `.tf` ("Duplicate argument").
      const first = (seen ??= new Map()).get(name);
      if (first) throw new ProblemError({ message: `argument \`${name}\` is set twice (first at line ${lineOf(this.text, first.offset)})`, start: key.offset, end: key.offset + key.length });
      seen.set(name, key);
      const attribute: Attribute = { ...range(key.parent ?? key), name, nameRange: range(key), expr: this.expr(value, isExpressionArgument(blockType, name)) };
      body.attributes.push(attribute);
    }
    return body;
  }

  private expr(node: Node, expression: boolean): Expr {
    if (this.deadline.tick()) throw new ProblemError(overBudget(this.deadline, node.offset));
    switch (node.type) {
      case 'string':
        return this.string(node, expression);
      case 'number':
      case 'boolean':
      case 'null':
        return { k: 'literal', value: (node.value as number | boolean | null) ?? null, ...range(node) };
      case 'array':
        return { k: 'tuple', items: (node.children ?? []).map((item) => this.expr(item, expression)), ...range(node) };
      default: {
        const items: { key: Expr; value: Expr }[] = [];
        for (const [key, value] of properties(node, this.comments)) items.push({ key: this.string(key, false), value: this.expr(value, expression) });
        return { k: 'object', items, ...range(node) };
      }
    }
  }

  /** A JSON string: a literal, a template when it holds `${` or `%{`, or an expression where Terraform reads one. */
  private string(node: Node, expression: boolean): Expr {
    const value = String(node.value);
    if (!expression && !value.includes('${') && !value.includes('%{')) return { k: 'literal', value, ...range(node) };
    const start = node.offset + 1;
    const end = node.offset + node.length - 1;
    let expr: Expr;
    if (!this.text.slice(start, end).includes('\\')) {
      // The source characters are the value's: parse in place, offsets are exact.
      expr = this.parse(this.parser(this.text, start, end), start, end, expression);
    } else expr = this.parseEscaped(value, start, end, expression);
    // A template is the whole string, quotes included, as a quoted template in `.tf` is.
    return expression ? expr : { ...expr, ...range(node) };
  }

  /** Escapes make source and value differ in length: parse the value, then map offsets back. */
  private parseEscaped(value: string, start: number, end: number, expression: boolean): Expr {
    const map = offsetMap(this.text, start, end);
    try {
      const expr = this.parse(this.parser(value, 0, value.length), 0, value.length, expression);
      remap(expr, map);
      return expr;
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      const problem = { ...error.problem, start: map[error.problem.start] ?? start, end: map[error.problem.end] ?? end };
      throw new ProblemError(problem);
    }
  }

  private parse(p: Parser, start: number, end: number, expression: boolean): Expr {
    const expr = expression ? this.expression(p) : parseBareTemplate(p, start, end);
    this.tokens = p.lx.tokensRead;
    return expr;
  }

  private expression(p: Parser): Expr {
    p.newlines = false;
    p.lx.next();
    const expr = parseExpression(p);
    if (p.peek() !== Tok.EOF) p.unexpected('expected the end of the expression');
    return expr;
  }
}

/** `map[i]` is the source offset of the value's character `i` (and `map[length]` the closing quote). */
function offsetMap(text: string, start: number, end: number): number[] {
  const map: number[] = [];
  for (let i = start; i < end; ) {
    map.push(i);
    if (text.charCodeAt(i) !== 0x5c) i++;
    else i += text[i + 1] === 'u' ? 6 : 2;
  }
  map.push(end);
  return map;
}

/** Rewrites every `start`/`end` in a tree built over an unescaped value to source offsets. */
function remap(node: unknown, map: number[]): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) remap(item, map);
    return;
  }
  const ranged = node as Partial<Ranged> & Record<string, unknown>;
  if (typeof ranged.start === 'number' && typeof ranged.end === 'number') {
    ranged.start = map[ranged.start] ?? ranged.start;
    ranged.end = map[ranged.end] ?? ranged.end;
  }
  for (const key in ranged) if (key !== 'start' && key !== 'end') remap(ranged[key], map);
}
