/**
 * The HCL syntax tree flowguard evaluates: Terraform `.tf` (and `.tf.json`, converted to the same
 * shape) with a source range on every block, attribute and expression. Offsets are UTF-16 code units
 * into the file's text, half-open `[start, end)`.
 */
import type { SourceFile } from '../../core/source.js';

export interface Ranged {
  start: number;
  end: number;
}

export interface HclFile {
  file: SourceFile;
  body: Body;
  /** Every comment (`#`, `//`, `/* *\/`) with its range: suppressions (`# flowguard:ignore …`) live here. */
  comments: Comment[];
  /**
   * Arguments set again in a body, each written as HCL 1's nested block (`principals = { … }`):
   * whether Terraform 0.11's reading (one block each) applies is the graph's to say; absent when none.
   */
  repeated?: RepeatedArgument[];
}

/** An argument set a second time in `body`, after the one starting at `first`; kept in `body.repeated`. */
export interface RepeatedArgument {
  attribute: Attribute;
  first: number;
  body: Body;
}

export interface Comment extends Ranged {
  /** The comment text without its markers, trimmed. */
  text: string;
}

export interface Body extends Ranged {
  /** Each argument once: a repeated one (`repeated`) is the first as written. */
  attributes: Attribute[];
  blocks: Block[];
  /** The later arguments of a name set again, each an object or a list of objects (HCL 1's blocks as arguments). */
  repeated?: Attribute[];
}

export interface Attribute extends Ranged {
  name: string;
  nameRange: Ranged;
  expr: Expr;
}

export interface Block extends Ranged {
  /** `resource`, `data`, `module`, `variable`, `locals`, `output`, `dynamic`, nested block names, … */
  type: string;
  typeRange: Ranged;
  labels: string[];
  labelRanges: Ranged[];
  body: Body;
}

/**
 * A splat: `[*]` applies every step after it to each element; the attribute-only `.*` applies only
 * the `.name` / `.0` steps right after it (`each` of them), and the steps after those to the list it
 * makes, so `aws_vpc.a.*.id[0]` is the first id, where `aws_vpc.a[*].id[0]` indexes each id.
 */
export type SplatStep = { k: 'splat'; each?: number };

export type TraversalStep = ({ k: 'attr'; name: string } | { k: 'index'; key: Expr } | SplatStep) & Ranged;

/** A piece of a template: literal text, or an expression (an interpolation or a directive). */
export type TemplatePart = string | Expr;

export type Expr = (
  | { k: 'literal'; value: string | number | boolean | null }
  /** A quoted or heredoc template: literal strings, interpolated expressions and directives (`templateIf`, `templateFor`). */
  | { k: 'template'; parts: TemplatePart[]; heredoc: boolean }
  /** `%{if cond}…%{else}…%{endif}` inside a template: the parts of one branch or the other (strip markers applied). */
  | { k: 'templateIf'; condition: Expr; then: TemplatePart[]; otherwise: TemplatePart[] }
  /** `%{for k, v in coll}…%{endfor}` inside a template: the body's parts once per element, joined. */
  | { k: 'templateFor'; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[] }
  /** `aws_vpc.main.id`, `var.x`, `local.y`, `module.m.out`, `each.key`, `count.index`, `data.t.n.json`, `path.module`. */
  | { k: 'traversal'; root: string; steps: TraversalStep[] }
  /** A traversal applied to a non-name expression: `(x).a`, `f(x)[0]`, `[…][*].id`. */
  | { k: 'relative'; source: Expr; steps: TraversalStep[] }
  | { k: 'call'; name: string; args: Expr[]; expandFinal: boolean }
  | { k: 'tuple'; items: Expr[] }
  /** Object constructor; a bare identifier key arrives as a literal string. */
  | { k: 'object'; items: { key: Expr; value: Expr }[] }
  | { k: 'conditional'; condition: Expr; then: Expr; otherwise: Expr }
  | { k: 'binary'; op: string; left: Expr; right: Expr }
  | { k: 'unary'; op: '!' | '-'; operand: Expr }
  | { k: 'for'; keyVar?: string; valueVar: string; collection: Expr; key?: Expr; value: Expr; condition?: Expr; group: boolean; object: boolean }
  | { k: 'parens'; expr: Expr }
) &
  Ranged;
