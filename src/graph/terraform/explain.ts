/**
 * Why a `count` is 0 or a `for_each` is empty, in words a user can act on: the variables the
 * expression depends on (through locals too) and where their values come from —
 * `count is 0: var.enable_flow_log defaults to false`.
 */
import * as path from 'node:path';
import type { Expr, HclFile, Ranged } from '../../parse/hcl/ast.js';
import type { Span } from '../../core/source.js';
import { attributeOf, fileFor, spanOf, type ModuleInstance, type RootModule, type Scope } from './context.js';
import type { Evaluator } from './evaluate.js';
import { variableSource, varValue } from './instances.js';
import { keyName } from './types.js';
import { plainOf } from './walks.js';
import { readsWorkspace } from './workspace-reads.js';

const MAX_VARIABLES = 3;
const MAX_LOCAL_HOPS = 6;
/** Module calls followed up from a variable its caller sets: past this, the caller's argument is the last place named. */
const MAX_CALL_HOPS = 8;
const MAX_TEXT = 60;

/**
 * What a value decided by `terraform.workspace` assumes (see `readsWorkspace`, workspace-reads.ts): the workspace is
 * chosen when Terraform runs, and we lint one, the default unless the run names another.
 */
export function workspaceAssumption(root: RootModule): string {
  return root.workspace === 'default' ? 'terraform.workspace is taken as "default"' : `terraform.workspace is "${root.workspace}"`;
}

/**
 * Why `expr` has its value, in words (`: var.enable_flow_log defaults to false`, or '' when no
 * variable decides it), and where the deciding values are written (the default, the `.tfvars` line,
 * the caller's argument): a finding names them as related locations, so a change there (a staged
 * `variables.tf`) is seen to cause it.
 */
export function explainValue(ev: Evaluator, expr: Expr, scope: Scope): { text: string; spans: Span[] } {
  const facts = variableFacts(ev, expr, scope.inst, 0);
  if (readsWorkspace(scope.inst, expr)) facts.push({ text: workspaceAssumption(scope.inst.root), decisive: true, at: [] });
  const chosen = choose(facts);
  const text = chosen.length === 0 ? '' : `: ${chosen.map((f) => f.text).join(', ')}`;
  return { text, spans: chosen.flatMap((f) => f.at) };
}

interface Fact {
  text: string;
  decisive: boolean;
  /** Where the value is written: the default, the `.tfvars` line, or the caller's argument and where its own value is written. */
  at: Span[];
}

/** The facts worth saying: those that decide the value (false, 0, empty) when there are any, else all; a few at most. */
function choose(facts: Fact[]): Fact[] {
  const decisive = facts.filter((f) => f.decisive);
  return (decisive.length > 0 ? decisive : facts).slice(0, MAX_VARIABLES);
}

/** A fact about each variable `expr` reads in `inst` (through its locals too). */
function variableFacts(ev: Evaluator, expr: Expr, inst: ModuleInstance, callHops: number): Fact[] {
  const variables: string[] = [];
  const switchedOff: string[] = [];
  const attributes = new Map<string, string[]>();
  collectVariables(inst, expr, variables, new Set(), 0, switchedOff, attributes);
  // A local written as `false` (or 0, null, empty) decides as a variable default would: in
  // `var.enabled && local.create_flow_log`, naming only `var.enabled defaults to true` would send the
  // reader to the one input that does not leave the flow log out.
  const facts: Fact[] = switchedOff.map((name) => {
    const local = inst.def.locals.get(name)!;
    const written = local.file.file.text.slice(local.node.expr.start, local.node.expr.end);
    return { text: `local.${name} is ${short(written.replace(/\s+/g, ' ').trim())}`, decisive: true, at: [spanOf(local.file, local.node.expr)] };
  });
  for (const name of variables) {
    const fact = describeVariable(ev, inst, name, callHops, attributes.get(name));
    if (fact) facts.push(fact);
  }
  return facts;
}

/**
 * Variables an expression reads (in order), directly or through locals of the same module; in
 * `switchedOff`, the locals it reads that are written as a false, zero, null or empty literal; and in
 * `attributes`, the attribute path each object variable is first read with (`var.network.flow_logs`).
 */
function collectVariables(inst: ModuleInstance, expr: Expr, out: string[], seenLocals: Set<string>, hops: number, switchedOff: string[], attributes: Map<string, string[]>): void {
  const visit = (e: Expr): void => {
    switch (e.k) {
      case 'traversal': {
        const first = e.steps[0];
        const name = first?.k === 'attr' ? first.name : undefined;
        if (name === undefined) return;
        if (e.root === 'var' && !out.includes(name)) out.push(name);
        if (e.root === 'var' && !attributes.has(name)) {
          const path = attributePath(e.steps.slice(1));
          if (path.length > 0) attributes.set(name, path);
        }
        if (e.root === 'local' && !seenLocals.has(name) && hops < MAX_LOCAL_HOPS) {
          seenLocals.add(name);
          const local = inst.def.locals.get(name);
          if (local && isOffLiteral(local.node.expr)) switchedOff.push(name);
          else if (local) collectVariables(inst, local.node.expr, out, seenLocals, hops + 1, switchedOff, attributes);
        }
        for (const step of e.steps) if (step.k === 'index') visit(step.key);
        return;
      }
      case 'template':
        for (const part of e.parts) if (typeof part !== 'string') visit(part);
        return;
      case 'templateIf':
        visit(e.condition);
        for (const part of [...e.then, ...e.otherwise]) if (typeof part !== 'string') visit(part);
        return;
      case 'templateFor':
        visit(e.collection);
        return;
      case 'relative':
        visit(e.source);
        return;
      case 'call':
        e.args.forEach(visit);
        return;
      case 'tuple':
        e.items.forEach(visit);
        return;
      case 'object':
        for (const item of e.items) {
          visit(item.key);
          visit(item.value);
        }
        return;
      case 'conditional':
        visit(e.condition);
        visit(e.then);
        visit(e.otherwise);
        return;
      case 'binary':
        visit(e.left);
        visit(e.right);
        return;
      case 'unary':
        visit(e.operand);
        return;
      case 'for':
        visit(e.collection);
        if (e.condition) visit(e.condition);
        return;
      case 'parens':
        visit(e.expr);
        return;
      default:
        return;
    }
  };
  visit(expr);
}

function describeVariable(ev: Evaluator, inst: ModuleInstance, name: string, callHops: number, path: string[] | undefined): Fact | undefined {
  const source = variableSource(inst, name);
  if (source === 'none') return undefined;
  const value = varValue(ev, inst, name);
  const plain = plainOf(value);
  if (plain === undefined) return undefined;
  const decisive = isOff(plain);
  const written = writtenAt(inst, name, source);
  const shown = typeof plain === 'object' && plain !== null && written ? short(written.file.file.text.slice(written.range.start, written.range.end).replace(/\s+/g, ' ').trim()) : short(JSON.stringify(plain));
  const at = written ? [spanOf(written.file, written.range)] : [];
  const whole = ((): Fact => {
    switch (source) {
      case 'default':
        return { text: `var.${name} defaults to ${shown}`, decisive, at };
      case 'caller': {
        // The argument is often just the caller's own variable (`enable_flow_log = var.enable_flow_log`):
        // where that one's value is written (its default, a `.tfvars` line) is the place to change, so
        // it is named too, up the chain of calls, as a retention's origin is.
        const upstream = callerFacts(ev, inst, name, callHops);
        const via = upstream.length === 0 ? '' : `: ${upstream.map((f) => f.text).join(', ')}`;
        return { text: `var.${name} is ${shown} (set by the call of module ${inst.caller?.name ?? '?'}${via})`, decisive, at: [...at, ...upstream.flatMap((f) => f.at)] };
      }
      default:
        return { text: `var.${name} is ${shown} (from ${tfvarsFileOf(inst, name)})`, decisive, at };
    }
  })();
  return (path && attributeFact(inst, name, path, plain, written, whole)) ?? whole;
}

/**
 * The attribute an object variable is read at (`var.network.flowlogs_retention_in_days < 1`), named
 * with its value: the object as written (`{ vpc_cidr = "10.0.0.0/16" }`) does not show it when the
 * attribute takes the default of an `optional(number, -1)` in the variable's type, nor when it is cut
 * short. That default is where the value is written, so it is named as a place too.
 */
function attributeFact(inst: ModuleInstance, name: string, path: string[], plain: unknown, written: { file: HclFile; range: Ranged } | undefined, whole: Fact): Fact | undefined {
  let leaf: unknown = plain;
  for (const key of path) {
    if (typeof leaf !== 'object' || leaf === null || Array.isArray(leaf) || !Object.prototype.hasOwnProperty.call(leaf, key)) return undefined;
    leaf = (leaf as Record<string, unknown>)[key];
  }
  if (typeof leaf === 'object' && leaf !== null) return undefined;
  const label = `var.${name}.${path.join('.')} is ${short(JSON.stringify(leaf))}`;
  const expr = written && 'k' in written.range ? (written.range as Expr) : undefined;
  // Terraform gives an optional() attribute its default when it is left out or written as `null`.
  const typeDefault = expr?.k === 'object' && !expr.items.some((item) => keyName(item.key) === path[0] && !isNullLiteral(item.value)) ? optionalDefault(inst, name, path[0]!) : undefined;
  if (!typeDefault) return { text: `${label}, as ${whole.text}`, decisive: isOff(leaf), at: whole.at };
  return { text: `${label}, the default of its optional() attribute, as ${whole.text}`, decisive: isOff(leaf), at: [typeDefault, ...whole.at] };
}

/** Where `optional(type, default)` writes the default of attribute `key` in variable `name`'s object type. */
function optionalDefault(inst: ModuleInstance, name: string, key: string): Span | undefined {
  const decl = inst.def.variables.get(name);
  const type = decl ? attributeOf(decl.node, 'type') : undefined;
  if (!decl || !type || type.expr.k !== 'call' || type.expr.name !== 'object') return undefined;
  const fields = type.expr.args[0];
  if (fields?.k !== 'object') return undefined;
  const field = fields.items.find((item) => keyName(item.key) === key)?.value;
  if (field?.k !== 'call' || field.name !== 'optional' || field.args.length < 2) return undefined;
  return spanOf(fileFor(decl.file, type), field.args[1]!);
}

function isNullLiteral(expr: Expr): boolean {
  return expr.k === 'literal' && expr.value === null;
}

/** The steps `.a.b` read after a variable's name, up to the first index or splat. */
function attributePath(steps: readonly { k: string; name?: string }[]): string[] {
  const path: string[] = [];
  for (const step of steps) {
    if (step.k !== 'attr' || step.name === undefined) break;
    path.push(step.name);
  }
  return path;
}

/** A value that switches something off: false, 0, null, an empty string or collection. */
function isOff(plain: unknown): boolean {
  return plain === false || plain === 0 || plain === null || plain === '' || (typeof plain === 'object' && plain !== null && Object.keys(plain).length === 0);
}

/**
 * What decides the caller's argument for variable `name` of `inst`, in the caller's module instance:
 * only the caller's variables that are themselves false, 0, null or empty. In
 * `each.value.flow_logs && var.global_flow_logs` a `true` default decides nothing, and naming it as the
 * value that leaves the flow log out would send the reader to the wrong place.
 */
function callerFacts(ev: Evaluator, inst: ModuleInstance, name: string, callHops: number): Fact[] {
  const argument = inst.caller?.args.get(name);
  if (!inst.caller || !argument || callHops >= MAX_CALL_HOPS) return [];
  return variableFacts(ev, argument.expr, inst.caller.scope.inst, callHops + 1)
    .filter((f) => f.decisive)
    .slice(0, MAX_VARIABLES);
}

/** The name of the variable file whose value a root variable takes (`terraform.tfvars`, `prod.auto.tfvars`). */
function tfvarsFileOf(inst: ModuleInstance, name: string): string {
  const entry = inst.root.tfvars.get(name);
  const file = entry === undefined ? undefined : 'file' in entry ? entry.file.file.path : entry.value.span.file;
  return file === undefined ? 'a .tfvars file' : path.posix.basename(file);
}

/** Where the value the variable takes is written: its default, the caller's argument, the `.tfvars` line. */
function writtenAt(inst: ModuleInstance, name: string, source: string): { file: HclFile; range: Ranged } | undefined {
  if (source === 'default') {
    const decl = inst.def.variables.get(name);
    const attribute = decl ? attributeOf(decl.node, 'default') : undefined;
    return decl && attribute ? { file: fileFor(decl.file, attribute), range: attribute.expr } : undefined;
  }
  if (source === 'caller' && inst.caller) {
    const attribute = inst.caller.args.get(name);
    return attribute ? { file: fileFor(inst.caller.decl.file, attribute), range: attribute.expr } : undefined;
  }
  const entry = inst.root.tfvars.get(name);
  return entry && 'file' in entry ? { file: entry.file, range: entry.node.expr } : undefined;
}

/** `false`, `0`, `null`, `""`, `[]`, `{}` as written. */
function isOffLiteral(e: Expr): boolean {
  if (e.k === 'parens') return isOffLiteral(e.expr);
  if (e.k === 'literal') return e.value === false || e.value === 0 || e.value === null || e.value === '';
  if (e.k === 'template') return e.parts.every((part) => part === '');
  return (e.k === 'tuple' || e.k === 'object') && e.items.length === 0;
}

function short(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 3)}...` : text;
}

