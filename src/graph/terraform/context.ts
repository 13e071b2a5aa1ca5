/**
 * The shapes the Terraform evaluator works on: a module *definition* (one directory of `.tf` files,
 * indexed once) and module *instances* (one per root, per module call, per `count`/`for_each` key of
 * a call), each with its own memo of variables, locals, outputs and expansions.
 */
import type { Span } from '../../core/source.js';
import type { Attribute, Block, HclFile, Ranged } from '../../parse/hcl/ast.js';
import type { Existence, NodeContext, SuppressionDirective } from '../model.js';
import type { V } from './values.js';

/** A declaration and the file it is written in. */
export interface Decl<T> {
  node: T;
  file: HclFile;
  /** Blocks of override files merged into this one (see overrides.ts): their comments count as suppressions too. */
  overrides?: Override[];
}

export interface Override {
  file: HclFile;
  block: Block;
}

export interface ResourceDecl {
  mode: 'resource' | 'data';
  type: string;
  name: string;
  block: Block;
  file: HclFile;
  /** Blocks of override files merged into `block` (see overrides.ts). */
  overrides?: Override[];
}

/** One directory of `.tf` files: what it declares, by name. */
export interface ModuleDef {
  /** Absolute directory. */
  dir: string;
  files: HclFile[];
  /**
   * Files of the directory that could not be read or parsed (where their problem is): they may declare
   * anything, so the module is incomplete (see `unparsedNode` in resources.ts).
   */
  unparsed: Span[];
  variables: Map<string, Decl<Block>>;
  locals: Map<string, Decl<Attribute>>;
  outputs: Map<string, Decl<Block>>;
  /** Resources by `type.name`, in declaration order. */
  resources: Map<string, ResourceDecl>;
  /** Data sources by `type.name`. */
  data: Map<string, ResourceDecl>;
  calls: Map<string, Decl<Block>>;
  /**
   * What Terraform rejects in the declarations: second declarations of a name (the first one is the one
   * evaluated), override blocks with nothing to override.
   */
  problems: { file: HclFile; start: number; end: number; message: string }[];
}

/** A root module of the run: where `terraform plan` would run. */
export interface RootModule {
  def: ModuleDef;
  /** The value of `terraform.workspace`: `"default"` unless the run names another. */
  workspace: string;
  /** Variable values from `terraform.tfvars` / `*.auto.tfvars` (later files win), as attributes. */
  tfvars: Map<string, Decl<Attribute> | { value: V }>;
}

/** Where a module instance was called from, and with which arguments. */
export interface CallSite {
  /** The scope the call's arguments are evaluated in (the caller, with the call's count/each). */
  scope: Scope;
  name: string;
  decl: Decl<Block>;
  args: Map<string, Attribute>;
}

export interface ModuleInstance {
  def: ModuleDef;
  root: RootModule;
  /** `''` for a root, else `module.vpc`, `module.vpc[0].module.flow_logs["a"]`. */
  address: string;
  /** Module call names from the root (`vpc.flow_logs`): the key of `.terraform/modules/modules.json`. */
  callPath: string[];
  /** The root file holding the top-level `module` block; undefined for a root (resources use their own file). */
  logicalFile: string | undefined;
  context: NodeContext[];
  /**
   * Suppressions written on the `module` blocks that lead here (outermost first): a comment on a call
   * applies to everything the module creates, as it is the one place a user can write one for a
   * module installed by `terraform init`.
   */
  suppressions: SuppressionDirective[];
  caller: CallSite | undefined;
  /** Absent or unknown when the call (or a call above it) has count 0 / unknown count. */
  existence: Existence;
  depth: number;
  memo: {
    vars: Map<string, V | typeof PENDING>;
    locals: Map<string, V | typeof PENDING>;
    outputs: Map<string, V | typeof PENDING>;
    /** By declaration: one per resource or data block of the module definition. */
    expansions: Map<ResourceDecl, Expansion<ResourceInstance> | typeof PENDING>;
    calls: Map<string, Expansion<CallInstance> | typeof PENDING>;
  };
}

/** One instance of a resource or data source. */
export interface ResourceInstance {
  decl: ResourceDecl;
  inst: ModuleInstance;
  address: string;
  uid: string;
  /** The scope its arguments are evaluated in (with `count.index` / `each`). */
  scope: Scope;
  existence: Existence;
  /** Memo of arguments read through references (`aws_subnet.a.vpc_id`). */
  attrs: Map<string, V | typeof PENDING>;
}

/** One instance of a module call: the module instance, or why its source is not in the run. */
export type CallInstance =
  | { resolved: true; inst: ModuleInstance; address: string }
  | {
      resolved: false;
      why: string;
      /** Why the source is unknown when it is not simply outside the run (its files could not be parsed), as a clause. */
      opaque?: string;
      /** The source's files that could not be parsed, when that is why. */
      unparsed?: Span[];
      address: string;
      scope: Scope;
      name: string;
      decl: Decl<Block>;
      existence: Existence;
    };

/**
 * The instances of a counted or iterated thing. `absent`/`unknown` keep one *phantom* instance
 * (address without key) so that the graph still shows the resource, absent or possibly present.
 */
export type Expansion<T> =
  | { mode: 'single'; only: T }
  | { mode: 'list'; items: T[] }
  | { mode: 'map'; items: [string, T][] }
  /** `list`: what references see: `[]` (count 0), `{}` (for_each empty), or null (lifecycle `enabled` false). */
  | { mode: 'absent'; phantom: T; why: string; span: Span; list: boolean | 'null' }
  | { mode: 'unknown'; phantom: T; why: string; span: Span; list: boolean };

/** The instances of an expansion: its phantom where it has none to list (absent, or not known statically). */
export function expansionInstances<T>(expansion: Expansion<T>): T[] {
  switch (expansion.mode) {
    case 'single':
      return [expansion.only];
    case 'list':
      return expansion.items;
    case 'map':
      return expansion.items.map(([, item]) => item);
    default:
      return [expansion.phantom];
  }
}

/** The instances a deployment may have: none for an absent expansion, else `expansionInstances`. */
export function possibleInstances<T>(expansion: Expansion<T>): T[] {
  return expansion.mode === 'absent' ? [] : expansionInstances(expansion);
}

/** What names in an expression mean: the module instance, the file, and `count`/`each`/iterator symbols. */
export interface Scope {
  inst: ModuleInstance;
  file: HclFile;
  count?: V;
  each?: { key: V; value: V };
  /** `for` variables and `dynamic` iterators. */
  symbols?: Symbols;
  /**
   * A template rendered with its own variables (`templatefile()`, `data "template_file"`): `symbols`
   * are the only names it has; `var.*`, `local.*` and resources are errors in Terraform there.
   */
  template?: true;
  /**
   * Written inside `try()` or `can()`, which catch what Terraform finds only as it evaluates (a module
   * call's output read without its instance key), not what it refuses before (instance-keys.ts).
   */
  caught?: true;
}

/** Names bound in a scope (`for` variables, `dynamic` iterators, a template's variables): what each means. */
export interface Symbols {
  get(name: string): V | undefined;
}

/**
 * The variables of one iteration of a `for` (or of a template's `%{for}`, or a `dynamic` block's
 * iterator) on the names around them. A layer, not a copy of them: a `for` over 2,000 entries, in
 * each of 2,000 flow logs, copied a map 4 million times.
 */
export class IterationSymbols implements Symbols {
  constructor(
    private readonly outer: Symbols | undefined,
    private readonly valueVar: string,
    private readonly value: V,
    private readonly keyVar?: string,
    private readonly key?: V,
  ) {}

  get(name: string): V | undefined {
    // The value variable wins over a key variable of the same name, as it did when it was set last.
    if (name === this.valueVar) return this.value;
    if (this.keyVar !== undefined && name === this.keyVar) return this.key;
    return this.outer?.get(name);
  }
}

/**
 * `scope` with other `symbols`. Written out, not spread: scopes come in many shapes, and a spread of
 * them takes V8's slow path, four times the cost of this one shape; a `for` makes one each iteration.
 */
export function withSymbols(scope: Scope, symbols: Symbols): Scope {
  return { inst: scope.inst, file: scope.file, count: scope.count, each: scope.each, symbols, template: scope.template };
}

/** Memo marker of a value being computed: meeting it again is a reference cycle. */
export const PENDING: unique symbol = Symbol('pending');

export function spanOf(file: HclFile, range: Ranged): Span {
  return { file: file.file.path, start: range.start, end: range.end };
}

/**
 * A block's header: its type and labels (`resource "aws_vpc" "main"`). In `.tf.json` the type and the
 * first labels are keys that many blocks share (`"resource": { "aws_vpc": { "a": …, "b": … } }`), so
 * the header starts where the block does: at the key that names it alone (its last label).
 */
export function headerSpan(file: HclFile, block: Block): Span {
  const last = block.labelRanges[block.labelRanges.length - 1];
  return { file: file.file.path, start: block.start, end: last ? last.end : block.typeRange.end };
}

/**
 * Arguments and nested blocks that an override file merged into a block of another file, and the file
 * they are written in (overrides.ts). Kept here, not on the syntax tree, which knows nothing of merges.
 */
const MERGED_FROM = new WeakMap<Attribute | Block, HclFile>();

/** Records that `node` (a copy made for a merged block) is written in the override file `file`. */
export function mergedFrom<T extends Attribute | Block>(node: T, file: HclFile): T {
  MERGED_FROM.set(node, file);
  return node;
}

/**
 * The scope an argument or nested block is evaluated in: the block's own, or the same with the file an
 * override file merged it in from (spans, `path` and comments are that file's).
 */
export function scopeFor(scope: Scope, node: Attribute | Block): Scope {
  const origin = MERGED_FROM.get(node);
  return origin && origin !== scope.file ? { ...scope, file: origin } : scope;
}

/** The file an argument or nested block of a block written in `file` is written in (see `scopeFor`). */
export function fileFor(file: HclFile, node: Attribute | Block): HclFile {
  return MERGED_FROM.get(node) ?? file;
}

export function attributeOf(block: Block, name: string): Attribute | undefined {
  return block.body.attributes.find((a) => a.name === name);
}

/** `["key"]` or `[0]`, as Terraform prints instance keys. */
export function instanceKey(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}
