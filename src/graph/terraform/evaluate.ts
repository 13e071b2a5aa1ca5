/**
 * Terraform expressions → values (`V`), as far as they can be known statically. References are
 * resolved in `references.ts`, functions in `functions.ts`; this file holds operators, templates,
 * collections, conditionals and `for` expressions.
 *
 * Safety: every evaluation counts against a work budget proportional to the input and against the
 * root module's time budget, reference chains (variables, locals, outputs, resource arguments read
 * through references) are capped by `maxReferenceDepth`, and nesting is capped; all end in an unknown
 * value, never in an exception or a hang. Cuts by a configured limit are reported by the `CutLedger`.
 */
import type { Deadline } from '../../core/deadline.js';
import type { Span } from '../../core/source.js';
import type { Expr } from '../../parse/hcl/ast.js';
import { scalar, unknown } from '../values.js';
import type { CutLedger } from '../limits.js';
import type { InputProblem, RUnknown } from '../model.js';
import { IterationSymbols, spanOf, withSymbols, type Scope } from './context.js';
import { callFunction } from './functions.js';
import { moduleObject } from './instances.js';
import type { ModuleHost, ModuleLoader } from './modules.js';
import { applySteps, traverse } from './references.js';
import { evalTemplate, iterationPairs } from './templates.js';
import { isProblem, knownBool, knownNumber, knownString, objectOf, varray, verror, type V } from './values.js';
import { describeProblem, problemOf } from './problems.js';
import { equalValues, withMayBe } from './walks.js';
import { withOneOf } from '../one-of.js';
import type { RemoteStates } from './remote-state.js';

/**
 * Deepest nesting of expression evaluation, beyond the two levels each reference hop takes (the
 * reference and the expression it leads to): a guard for the call stack, not a limit of real code.
 */
const MAX_DEPTH = 200;
/** Most elements a `for` expression produces. */
export const MAX_ELEMENTS = 10_000;

/** `value` without the mark of a written tuple or object (see `conditional`). */
function unwritten(value: V): V {
  if ((value.t !== 'array' && value.t !== 'object') || !value.written) return value;
  const { written: _written, ...rest } = value;
  return rest as V;
}

export class Evaluator {
  private depth = 0;
  private readonly maxDepth: number;
  /** References being followed right now (the length of the current chain). */
  private hops = 0;
  /** Module instances created so far, against `MAX_MODULE_INSTANCES`. */
  moduleInstances = 0;
  /** The logical files of the root module being evaluated: the resources a looked-up id may be. */
  reach: ReadonlySet<string> = new Set();
  /** Where the run's roots keep their states: `data.terraform_remote_state` reads another root's outputs. */
  remoteStates: RemoteStates | undefined;

  constructor(
    readonly loader: ModuleLoader,
    readonly host: ModuleHost,
    /** Evaluation steps left for the whole run. */
    private budget: number,
    /** Counts and reports the cuts of the configured limits (reference depth, time). */
    readonly ledger: CutLedger,
    /** The root module's time budget. */
    private readonly deadline: Deadline,
    /** Out of time: reports the root module's problem (where, and in whose words, is the caller's business). */
    private readonly onTimeUp: (deadline: Deadline) => void,
    /** A value Terraform refuses (an invalid `count`): a problem of the input, reported once per place and message. */
    readonly report: (problem: InputProblem) => void = () => {},
  ) {
    this.maxDepth = MAX_DEPTH + 2 * ledger.maxLinks;
  }

  eval(expr: Expr, scope: Scope): V {
    const span = spanOf(scope.file, expr);
    const spent = this.step(span);
    if (spent) return spent;
    if (this.depth >= this.maxDepth) return unknown('expression nested too deeply to evaluate', span);
    this.depth++;
    try {
      return this.dispatch(expr, scope, span);
    } finally {
      this.depth--;
    }
  }

  /**
   * Charges one unit of work (an expression, an iteration of a template's `%{for}`) against the step
   * budget and the time budget: an unknown when either is spent.
   */
  step(span: Span): RUnknown | undefined {
    if (--this.budget < 0) return unknown('too much to evaluate statically', span);
    if (this.deadline.tick()) {
      this.onTimeUp(this.deadline);
      return unknown('not evaluated: the per-file time budget ran out', span);
    }
    return undefined;
  }

  /** Runs `compute` one level deeper (a variable, local or output read through a reference). */
  nested(span: Span, compute: () => V): V {
    if (this.depth >= this.maxDepth) {
      // A chain of references nested in deep expressions: as cut short as a chain too long.
      this.ledger.depth();
      return unknown('references nested too deeply to evaluate', span);
    }
    this.depth++;
    try {
      return compute();
    } finally {
      this.depth--;
    }
  }

  /**
   * Computes a value one link further down a reference chain (a variable, local, output or resource
   * argument that is not memoised yet); a chain longer than `maxReferenceDepth` ends unknown.
   */
  link(span: Span, compute: () => V): V {
    const max = this.ledger.maxLinks;
    if (this.hops >= max) {
      this.ledger.depth();
      return unknown(`reference chain longer than ${max} links`, span);
    }
    this.hops++;
    try {
      return compute();
    } finally {
      this.hops--;
    }
  }

  get exhausted(): boolean {
    return this.budget < 0;
  }

  private dispatch(expr: Expr, scope: Scope, span: Span): V {
    switch (expr.k) {
      case 'literal':
        return scalar(expr.value, span);
      case 'template':
        return evalTemplate(this, expr.parts, scope, span);
      case 'templateIf':
      case 'templateFor':
        return evalTemplate(this, [expr], scope, span, false);
      case 'traversal':
        return traverse(this, expr, scope, span);
      case 'relative':
        return applySteps(this, this.eval(expr.source, scope), expr.steps, scope, span);
      case 'call':
        return callFunction(this, expr, scope, span);
      case 'tuple':
        return this.tuple(expr.items, scope, span);
      case 'object':
        return this.object(expr.items, scope, span);
      case 'conditional':
        return this.conditional(expr, scope, span);
      case 'binary':
        return this.binary(expr.op, expr.left, expr.right, scope, span);
      case 'unary':
        return this.unary(expr.op, this.eval(expr.operand, scope), span);
      case 'for':
        return this.forExpression(expr, scope, span);
      case 'parens':
        return this.eval(expr.expr, scope);
    }
  }

  private tuple(items: Expr[], scope: Scope, span: Span): V {
    // `[…]` is a tuple, which a `list(…)` value never equals (see equalValues).
    const values: V[] = [];
    for (const item of items) {
      const value = this.eval(item, scope);
      if (value.t === 'error') return value;
      values.push(value);
    }
    return { t: 'array', items: values, span, written: true };
  }

  private object(items: { key: Expr; value: Expr }[], scope: Scope, span: Span): V {
    const pairs: [string, V][] = [];
    for (const item of items) {
      const keyValue = this.eval(item.key, scope);
      if (keyValue.t === 'error') return keyValue;
      const key = knownString(keyValue);
      // `{ (data.aws_vpc.one.id) = … }`: whatever the key and its value may be, the object may hold.
      if (key === undefined) return withMayBe(unknown(`object key ${describeProblem(keyValue)}`, span), [keyValue, this.eval(item.value, scope)]);
      const value = this.eval(item.value, scope);
      if (value.t === 'error') return value;
      pairs.push([key, value]);
    }
    // `{…}` is an object value, which a `map(…)` value never equals (see equalValues).
    return { ...objectOf(pairs, span), written: true };
  }

  private conditional(expr: Extract<Expr, { k: 'conditional' }>, scope: Scope, span: Span): V {
    const condition = this.eval(expr.condition, scope);
    if (condition.t === 'error') return condition;
    const chosen = knownBool(condition);
    // The result has the type both branches unify to (two tuples of different types make a list), so
    // the branch taken is no longer known to be a tuple or an object value.
    if (chosen !== undefined) return unwritten(this.eval(chosen ? expr.then : expr.otherwise, scope));
    if (condition.t === 'scalar') return verror('the condition is not a bool', span);
    const whenTrue = this.eval(expr.then, scope);
    const whenFalse = this.eval(expr.otherwise, scope);
    if (equalValues(whenTrue, whenFalse) === true) return whenTrue;
    const why = `the condition cannot be known statically: ${describeProblem(condition)}`;
    const value = withMayBe(unknown(why, span), [whenTrue, whenFalse].filter((v) => v.t !== 'error'));
    return withOneOf(value, [whenTrue, whenFalse]);
  }

  private binary(op: string, leftExpr: Expr, rightExpr: Expr, scope: Scope, span: Span): V {
    const left = this.eval(leftExpr, scope);
    if (op === '&&' || op === '||') {
      const l = knownBool(left);
      // Static evaluation may short-circuit: `false && anything` is false whatever anything is.
      if (l === (op === '||')) return scalar(l, span);
      const right = this.eval(rightExpr, scope);
      const r = knownBool(right);
      if (r === (op === '||')) return scalar(r, span);
      if (l !== undefined && r !== undefined) return scalar(op === '&&' ? l && r : l || r, span);
      return problemOf([left, right], span, 'a bool');
    }
    const right = this.eval(rightExpr, scope);
    if (op === '==' || op === '!=') {
      if (left.t === 'error') return left;
      if (right.t === 'error') return right;
      const equal = equalValues(left, right);
      if (equal === undefined && !isProblem(left) && !isProblem(right)) {
        // Both known, their types not: a list (from a function, a conditional) never equals a tuple.
        return unknown(`${op} of collections whose types are not known statically (a list is never equal to a tuple)`, span);
      }
      if (equal === undefined) return problemOf([left, right], span, 'a comparable value');
      return scalar(op === '==' ? equal : !equal, span);
    }
    const a = knownNumber(left);
    const b = knownNumber(right);
    if (a === undefined || b === undefined) return problemOf([left, right], span, 'a number');
    switch (op) {
      case '+':
        return scalar(a + b, span);
      case '-':
        return scalar(a - b, span);
      case '*':
        return scalar(a * b, span);
      case '/':
        return b === 0 ? verror('division by zero', span) : scalar(a / b, span);
      case '%':
        return b === 0 ? verror('division by zero', span) : scalar(a % b, span);
      case '<':
        return scalar(a < b, span);
      case '<=':
        return scalar(a <= b, span);
      case '>':
        return scalar(a > b, span);
      case '>=':
        return scalar(a >= b, span);
      default:
        return unknown(`operator ${op} is not evaluated`, span);
    }
  }

  private unary(op: '!' | '-', operand: V, span: Span): V {
    if (op === '!') {
      const b = knownBool(operand);
      return b === undefined ? problemOf([operand], span, 'a bool') : scalar(!b, span);
    }
    const n = knownNumber(operand);
    return n === undefined ? problemOf([operand], span, 'a number') : scalar(-n, span);
  }

  private forExpression(expr: Extract<Expr, { k: 'for' }>, scope: Scope, span: Span): V {
    const collection = this.eval(expr.collection, scope);
    // A module iterates as the object of its outputs.
    const pairs = iterationPairs(collection.t === 'module' ? moduleObject(this, collection, collection.span) : collection, span, 'a for expression');
    if (!Array.isArray(pairs)) return pairs;
    const items: V[] = [];
    const entries: [string, V][] = [];
    const groups = new Map<string, V[]>();
    for (const [key, value] of pairs) {
      const inner = withSymbols(scope, new IterationSymbols(scope.symbols, expr.valueVar, value, expr.keyVar, key));
      if (expr.condition) {
        const keep = this.eval(expr.condition, inner);
        const b = knownBool(keep);
        if (b === undefined) return this.unknownFilter(expr, keep, pairs, scope, span);
        if (!b) continue;
      }
      const result = this.eval(expr.value, inner);
      if (result.t === 'error') return result;
      if (!expr.object || !expr.key) {
        items.push(result);
        continue;
      }
      const keyResult = this.eval(expr.key, inner);
      const name = knownString(keyResult);
      if (name === undefined) return problemOf([keyResult], span, 'a string key');
      if (expr.group) groups.set(name, [...(groups.get(name) ?? []), result]);
      else entries.push([name, result]);
    }
    if (!expr.object) return varray(items, span);
    if (expr.group) return objectOf([...groups].map(([k, vs]): [string, V] => [k, varray(vs, span)]), span);
    return objectOf(entries, span);
  }

  /**
   * A `for` whose `if` is not known statically keeps an unknown subset of its elements: any of them
   * (`[for k, v in local.vpcs : v if k == var.name][0]` may be any VPC of the map), so the unknown
   * notes what each element may name, as a conditional's notes both branches.
   */
  private unknownFilter(expr: Extract<Expr, { k: 'for' }>, keep: V, pairs: readonly (readonly [V, V])[], scope: Scope, span: Span): V {
    const problem = problemOf([keep], span, 'a bool');
    if (problem.t !== 'unknown') return problem;
    const elements = pairs.map(([key, value]) => this.eval(expr.value, withSymbols(scope, new IterationSymbols(scope.symbols, expr.valueVar, value, expr.keyVar, key))));
    return withMayBe(problem, elements);
  }
}
