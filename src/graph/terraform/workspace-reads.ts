/**
 * Whether `terraform.workspace` decides a value: read directly, through locals of its module, or
 * through a variable that the module's caller sets from an expression that does (up the chain of
 * calls). We lint one workspace; a definite finding decided by it names that assumption, because the
 * same code deployed to another workspace (`terraform.workspace == "prod" ? 365 : 7`) may pass.
 *
 * Read by the part that is used: `local.app.retention` looks at the `retention` of an object written
 * `{ name = "orders-${terraform.workspace}", retention = 7 }`, not at its name, so a value that is the
 * same in every workspace is not said to assume one.
 *
 * Asked for every known argument of every resource instance, so each answer is worked out once per
 * module instance and local or variable (and the part of it read): a local is walked once, however
 * many instances read it.
 */
import type { Expr, TemplatePart, TraversalStep } from '../../parse/hcl/ast.js';
import type { ModuleInstance } from './context.js';

/** Locals and module arguments followed from one expression; past this the answer is "no" (a message, not a verdict). */
const MAX_HOPS = 64;

export function readsWorkspace(inst: ModuleInstance, expr: Expr): boolean {
  return reads(inst, expr, [], 0);
}

type Answers = Map<string, boolean>;
const localAnswers = new WeakMap<ModuleInstance, Answers>();
const variableAnswers = new WeakMap<ModuleInstance, Answers>();

/** `path`: the attribute names and static keys read from the value of `expr` (`retention` of `local.app.retention`). */
function reads(inst: ModuleInstance, expr: Expr, path: readonly string[], hops: number): boolean {
  const any = (exprs: readonly Expr[]): boolean => exprs.some((e) => reads(inst, e, [], hops));
  switch (expr.k) {
    case 'literal':
      return false;
    case 'traversal':
      return traversalReads(inst, expr, path, hops);
    case 'relative':
      return reads(inst, expr.source, [], hops) || stepsRead(inst, expr.steps, hops);
    case 'template':
      return parts(inst, expr.parts, hops);
    case 'templateIf':
      return reads(inst, expr.condition, [], hops) || parts(inst, expr.then, hops) || parts(inst, expr.otherwise, hops);
    case 'templateFor':
      return reads(inst, expr.collection, [], hops) || parts(inst, expr.body, hops);
    case 'call':
      return any(expr.args);
    case 'tuple': {
      const index = path.length > 0 && /^\d+$/.test(path[0]!) ? Number(path[0]) : undefined;
      const item = index === undefined ? undefined : expr.items[index];
      return item !== undefined ? reads(inst, item, path.slice(1), hops) : any(expr.items);
    }
    case 'object': {
      const item = path.length > 0 ? memberOf(expr, path[0]!) : undefined;
      return item !== undefined ? reads(inst, item, path.slice(1), hops) : expr.items.some((i) => reads(inst, i.key, [], hops) || reads(inst, i.value, [], hops));
    }
    case 'conditional':
      return reads(inst, expr.condition, [], hops) || reads(inst, expr.then, path, hops) || reads(inst, expr.otherwise, path, hops);
    case 'binary':
      return any([expr.left, expr.right]);
    case 'unary':
      return reads(inst, expr.operand, [], hops);
    case 'for':
      return any([expr.collection, ...(expr.key ? [expr.key] : []), expr.value, ...(expr.condition ? [expr.condition] : [])]);
    case 'parens':
      return reads(inst, expr.expr, path, hops);
    default:
      return false;
  }
}

function parts(inst: ModuleInstance, list: readonly TemplatePart[], hops: number): boolean {
  return list.some((part) => typeof part !== 'string' && reads(inst, part, [], hops));
}

function stepsRead(inst: ModuleInstance, steps: readonly TraversalStep[], hops: number): boolean {
  return steps.some((step) => step.k === 'index' && reads(inst, step.key, [], hops));
}

function traversalReads(inst: ModuleInstance, expr: Extract<Expr, { k: 'traversal' }>, path: readonly string[], hops: number): boolean {
  if (stepsRead(inst, expr.steps, hops)) return true;
  const first = expr.steps[0];
  const name = first?.k === 'attr' ? first.name : undefined;
  if (name === undefined) return false;
  if (expr.root === 'terraform') return name === 'workspace';
  if (expr.root !== 'local' && expr.root !== 'var') return false;
  if (hops >= MAX_HOPS) return false;
  const { keys, complete } = staticPath(expr.steps.slice(1));
  const read = complete ? [...keys, ...path] : keys;
  const answers = expr.root === 'local' ? localAnswers : variableAnswers;
  let known = answers.get(inst);
  if (!known) answers.set(inst, (known = new Map()));
  const key = [name, ...read].join('\u0000');
  let answer = known.get(key);
  if (answer === undefined) {
    // A local that reads itself (Terraform refuses the cycle) ends here: false while it is worked out.
    known.set(key, false);
    answer = expr.root === 'local' ? localReads(inst, name, read, hops + 1) : variableReads(inst, name, read, hops + 1);
    known.set(key, answer);
  }
  return answer;
}

function localReads(inst: ModuleInstance, name: string, path: readonly string[], hops: number): boolean {
  const local = inst.def.locals.get(name);
  return local !== undefined && reads(inst, local.node.expr, path, hops);
}

/** A variable's default and `.tfvars` value cannot read the workspace; its caller's argument can. */
function variableReads(inst: ModuleInstance, name: string, path: readonly string[], hops: number): boolean {
  const argument = inst.caller?.args.get(name);
  return argument !== undefined && reads(inst.caller!.scope.inst, argument.expr, path, hops);
}

/** The attribute names and literal keys of `steps`, up to the first that is neither; `complete` when all are. */
function staticPath(steps: readonly TraversalStep[]): { keys: string[]; complete: boolean } {
  const keys: string[] = [];
  for (const step of steps) {
    if (step.k === 'attr') keys.push(step.name);
    else if (step.k === 'index' && step.key.k === 'literal' && (typeof step.key.value === 'string' || typeof step.key.value === 'number')) keys.push(String(step.key.value));
    else return { keys, complete: false };
  }
  return { keys, complete: true };
}

/** Object constructors whose keys are all literal, by key: the value a static key reads. */
const members = new WeakMap<Expr, Map<string, Expr> | null>();

function memberOf(expr: Extract<Expr, { k: 'object' }>, key: string): Expr | undefined {
  let byKey = members.get(expr);
  if (byKey === undefined) {
    const literal = expr.items.every((item) => item.key.k === 'literal');
    // Later items win, as in Terraform's object constructor.
    byKey = literal ? new Map(expr.items.map((item) => [String((item.key as { value: unknown }).value), item.value])) : null;
    members.set(expr, byKey);
  }
  return byKey?.get(key);
}
