/**
 * Templates evaluated: literal text, interpolations, and the directives `%{if}` (HCL's conditional
 * over two sub-templates) and `%{for}` (the body once per element, joined), strip markers already
 * applied by the parser. A directive whose condition or collection cannot be known leaves one unknown
 * part in the string (the rest of it stays known, so an ARN around it still matches by its known
 * parts), noting the resources either branch or the collection may name.
 *
 * Bounds: every iteration of a `%{for}` costs an evaluation step, a loop takes at most `MAX_ELEMENTS`
 * elements, the string at most `MAX_STRING` characters and `MAX_PARTS` parts, and directives nest at
 * most `MAX_NESTING` deep: nested loops over large collections end unknown, never in a hang.
 */
import type { Span } from '../../core/source.js';
import type { Expr, TemplatePart } from '../../parse/hcl/ast.js';
import type { RTemplate, RUnknown } from '../model.js';
import { MAX_PARTS, MAX_STRING, scalar, unknown } from '../values.js';
import { IterationSymbols, spanOf, withSymbols, type Scope } from './context.js';
import { MAX_ELEMENTS, type Evaluator } from './evaluate.js';
import { describeProblem } from './problems.js';
import { isProblem, knownBool, sortedKeys, verror, type V, type VError } from './values.js';
import { equalValues, joinParts, stringParts, withMayBe } from './walks.js';

type Part = RTemplate['parts'][number];

/** Directives inside directives, at most (the parser's depth limit stops real templates long before). */
const MAX_NESTING = 256;

/** `wrap`: a template written on its own (`"${x}"` is then x itself, whatever its type); a directive's branch or body is always a string. */
export function evalTemplate(ev: Evaluator, parts: readonly TemplatePart[], scope: Scope, span: Span, wrap = true): V {
  const [only] = parts;
  if (wrap && parts.length === 1 && only !== undefined && typeof only !== 'string' && !isDirective(only)) return ev.eval(only, scope);
  const text = new TemplateText();
  const stop = append(ev, parts, scope, text, 0);
  if (stop) return stop;
  if (text.tooLong) return unknown('string too long to resolve', span);
  return joinParts(text.parts, span);
}

function isDirective(expr: Expr): boolean {
  return expr.k === 'templateIf' || expr.k === 'templateFor';
}

/** The string being built, and whether it outgrew the limits of a string value. */
class TemplateText {
  readonly parts: Part[] = [];
  private length = 0;

  add(pieces: readonly Part[]): void {
    for (const piece of pieces) {
      this.length += typeof piece === 'string' ? piece.length : 1;
      const last = this.parts.length - 1;
      if (typeof piece === 'string' && typeof this.parts[last] === 'string') this.parts[last] += piece;
      else this.parts.push(piece);
    }
  }

  get tooLong(): boolean {
    return this.length > MAX_STRING || this.parts.length > MAX_PARTS;
  }
}

/** Appends what `parts` produce to `text`; returns the value of the whole template when it stops (an error, a cut). */
function append(ev: Evaluator, parts: readonly TemplatePart[], scope: Scope, text: TemplateText, nesting: number): V | undefined {
  for (const part of parts) {
    if (text.tooLong) return undefined;
    if (typeof part === 'string') {
      text.add([part]);
      continue;
    }
    let stop: V | undefined;
    if (part.k === 'templateIf') stop = appendIf(ev, part, scope, text, nesting + 1);
    else if (part.k === 'templateFor') stop = appendFor(ev, part, scope, text, nesting + 1);
    else {
      const pieces = stringParts(ev.eval(part, scope));
      if (!Array.isArray(pieces)) return pieces;
      text.add(pieces);
    }
    if (stop) return stop;
  }
  return undefined;
}

function appendIf(ev: Evaluator, directive: Extract<Expr, { k: 'templateIf' }>, scope: Scope, text: TemplateText, nesting: number): V | undefined {
  const span = spanOf(scope.file, directive);
  if (nesting > MAX_NESTING) return unknown('template directives nested too deeply to evaluate', span);
  const condition = ev.eval(directive.condition, scope);
  if (condition.t === 'error') return condition;
  const chosen = knownBool(condition);
  if (chosen !== undefined) return append(ev, chosen ? directive.then : directive.otherwise, scope, text, nesting);
  if (condition.t === 'scalar') return verror('the condition of a %{if} directive is not a bool', span);
  // Either branch may be the string: an unknown part, unless both branches say the same.
  const whenTrue = evalTemplate(ev, directive.then, scope, span, false);
  const whenFalse = evalTemplate(ev, directive.otherwise, scope, span, false);
  if (equalValues(whenTrue, whenFalse) === true) {
    const pieces = stringParts(whenTrue);
    if (!Array.isArray(pieces)) return pieces;
    text.add(pieces);
    return undefined;
  }
  const why = `the condition of a %{if} directive cannot be known statically: ${describeProblem(condition)}`;
  text.add([withMayBe(unknown(why, span), [whenTrue, whenFalse].filter((v) => v.t !== 'error'))]);
  return undefined;
}

function appendFor(ev: Evaluator, directive: Extract<Expr, { k: 'templateFor' }>, scope: Scope, text: TemplateText, nesting: number): V | undefined {
  const span = spanOf(scope.file, directive);
  if (nesting > MAX_NESTING) return unknown('template directives nested too deeply to evaluate', span);
  const collection = ev.eval(directive.collection, scope);
  const pairs = iterationPairs(collection, span, 'a %{for} directive');
  if (!Array.isArray(pairs)) {
    if (pairs.t === 'error') return pairs;
    text.add([pairs]);
    return undefined;
  }
  for (const [key, value] of pairs) {
    const spent = ev.step(span);
    if (spent) return spent;
    const symbols = new IterationSymbols(scope.symbols, directive.valueVar, value, directive.keyVar, key);
    const stop = append(ev, directive.body, withSymbols(scope, symbols), text, nesting);
    if (stop) return stop;
    if (text.tooLong) return undefined;
  }
  return undefined;
}

/**
 * The (key, value) pairs a `for` iterates: a list's indexes and items, an object's keys in lexical
 * order and their values. Else an error (null) or an unknown (noting what the collection may name).
 */
export function iterationPairs(collection: V, span: Span, what: string): Pairs | VError | RUnknown {
  if (isProblem(collection)) return collection.t === 'error' ? collection : withMayBe({ ...collection, span }, [collection]);
  if (collection.t !== 'array' && collection.t !== 'object') {
    if (collection.t === 'scalar' && collection.value === null) return verror(`${what} cannot iterate over null`, span);
    return unknown(`${what} over a value that is not a known collection`, span);
  }
  // Values are never changed once made, so their pairs are made once: 2,000 flow logs that each
  // pick their VPC from one map of 2,000 (`[for k, v in local.vpcs : v if k == "a"][0]`) sorted it
  // 2,000 times. By the items or entries, which the copies of a value used elsewhere share (`relocate`).
  const made = pairsOf.get(collection.t === 'array' ? collection.items : collection.entries);
  const keySpans = collection.t === 'object' ? collection.keySpans : undefined;
  if (made && made.keySpans === keySpans && (made.span === undefined || made.span === collection.span)) return made.pairs;
  let pairs: Pairs;
  let fallback: Span | undefined;
  if (collection.t === 'array') pairs = collection.items.map((item, i) => [scalar(i, item.span), item] as const);
  else {
    pairs = sortedKeys(collection).map((k) => {
      const at = collection.keySpans[k];
      if (at === undefined) fallback = collection.span;
      return [scalar(k, at ?? collection.span), collection.entries[k]!] as const;
    });
  }
  if (pairs.length > MAX_ELEMENTS) return unknown('collection too large to evaluate statically', span);
  // A key written nowhere is placed at the object: those pairs are the object's own.
  pairsOf.set(collection.t === 'array' ? collection.items : collection.entries, { pairs, keySpans, span: fallback });
  return pairs;
}

/** Shared between the `for`s over one value: never changed (an array only so that `Array.isArray` tells it apart). */
type Pairs = (readonly [V, V])[];

const pairsOf = new WeakMap<object, { pairs: Pairs; keySpans?: object; span: Span | undefined }>();
