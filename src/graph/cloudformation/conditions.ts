/**
 * Conditions evaluated on default parameter values (or the values a parent stack passes), in
 * three-valued logic: true, false, or unknown with the reason. They decide `Fn::If` branches and
 * whether a resource exists in the default deployment.
 */
import type { Span } from '../../core/source.js';
import { pathStep } from '../../parse/document.js';
import { PRESENT, type Existence, type RValue } from '../model.js';
import type { Path, Resolver } from './resolve.js';
import { spanAt, type TemplateContext, type Truth } from './template.js';
import { hasOwn, isObject, own, toPlain, unknown, whyNotKnown, withMayBe } from '../values.js';
import { withOneOf } from '../one-of.js';

/** The value of a named condition of the template. */
export function conditionTruth(r: Resolver, ctx: TemplateContext, name: string, depth: number): Truth {
  return r.named(
    ctx,
    ctx.memo.conditions,
    'condition',
    name,
    () => {
      if (!hasOwn(ctx.conditions, name)) {
        // Conditions made by a loop (`Fn::ForEach::…` under `Conditions`) are not expanded: say so rather than "no such condition".
        const loops = Object.keys(ctx.conditions).filter((key) => key.startsWith('Fn::ForEach::'));
        return { unknown: loops.length > 0 ? `it may be made by ${loops.join(', ')} in Conditions, which flowguard does not expand` : `no condition named ${name}` };
      }
      return evaluate(r, ctx, ctx.conditions[name], ['Conditions', name], depth + 1);
    },
    (why) => ({ unknown: why }),
  );
}

function evaluate(r: Resolver, ctx: TemplateContext, raw: unknown, at: Path, depth: number): Truth {
  const keys = isObject(raw) ? Object.keys(raw) : [];
  const fn = keys[0];
  if (keys.length !== 1 || fn === undefined) return { unknown: 'malformed condition' };
  const arg = (raw as Record<string, unknown>)[fn];
  const argAt = pathStep(at, fn);
  switch (fn) {
    case 'Condition':
      return typeof arg === 'string' ? conditionTruth(r, ctx, arg, depth) : { unknown: 'Condition needs a condition name' };
    case 'Fn::Equals':
      return equals(r, ctx, arg, argAt, depth);
    case 'Fn::Not': {
      const inner = Array.isArray(arg) && arg.length === 1 ? evaluate(r, ctx, arg[0], pathStep(argAt, 0), depth + 1) : { unknown: 'Fn::Not needs one condition' };
      return typeof inner === 'boolean' ? !inner : inner;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg) || arg.length === 0) return { unknown: `${fn} needs a list of conditions` };
      const decisive = fn === 'Fn::Or';
      let firstUnknown: Truth | undefined;
      for (let i = 0; i < arg.length; i++) {
        const value = evaluate(r, ctx, arg[i], pathStep(argAt, i), depth + 1);
        if (value === decisive) return decisive;
        if (typeof value !== 'boolean') firstUnknown ??= value;
      }
      return firstUnknown ?? !decisive;
    }
    default:
      return { unknown: `${fn} is not a condition function` };
  }
}

function equals(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, depth: number): Truth {
  if (!Array.isArray(arg) || arg.length !== 2) return { unknown: 'Fn::Equals needs two values' };
  const [a, b] = [0, 1].map((i) => r.resolve(ctx, arg[i], pathStep(at, i), depth + 1));
  if (!a || !b) return { unknown: 'Fn::Equals compares AWS::NoValue' };
  const plainA = comparable(a);
  const plainB = comparable(b);
  if (plainA === undefined) return { unknown: whyNotKnown(a) };
  if (plainB === undefined) return { unknown: whyNotKnown(b) };
  return plainA === plainB;
}

/** CloudFormation compares strings: `!Equals [!Ref Count, 0]` is true for a default of "0". */
function comparable(value: RValue): string | undefined {
  const plain = toPlain(value);
  if (plain === undefined) return undefined;
  return typeof plain === 'object' && plain !== null ? JSON.stringify(plain) : String(plain);
}

/** `Fn::If [condition, whenTrue, whenFalse]`. */
export function conditionIf(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue | undefined {
  if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
    return unknown('Fn::If needs a condition name and two values', span);
  }
  const truth = conditionTruth(r, ctx, arg[0], depth);
  if (typeof truth !== 'boolean') {
    // Either branch may be deployed: a reference in either is a possible link.
    const resolved = [1, 2].map((i) => r.resolve(ctx, arg[i], pathStep(at, i), depth + 1));
    const branches = resolved.flatMap((v) => v ?? []);
    const value = withMayBe(unknown(`condition ${arg[0]} cannot be evaluated: ${truth.unknown}`, span), branches);
    // A branch of `AWS::NoValue` leaves the property unset: then the value is no choice of two.
    return branches.length === 2 ? withOneOf(value, branches) : value;
  }
  const branch = truth ? 1 : 2;
  const value = r.resolve(ctx, arg[branch], pathStep(at, branch), depth + 1);
  if (value?.t !== 'scalar') return value;
  // The parameter defaults that chose this branch decided the value too: a finding on it names them.
  const decided = decidingOrigins(r, ctx, ctx.conditions[arg[0]], ['Conditions', arg[0]], truth, depth);
  return decided.length === 0 ? value : { ...value, decidedBy: [...(value.decidedBy ?? []), ...decided] };
}

/** Why an output does not exist (its condition is false), or undefined. */
export function outputAbsence(r: Resolver, ctx: TemplateContext, name: string, depth: number): string | undefined {
  const condition = own(ctx.outputs[name], 'Condition');
  if (typeof condition !== 'string') return undefined;
  return conditionTruth(r, ctx, condition, depth) === false ? `output ${name} does not exist: ${falseWhy(r, ctx, condition, depth)}` : undefined;
}

function falseWhy(r: Resolver, ctx: TemplateContext, condition: string, depth: number): string {
  const why = `condition ${condition} is false with default parameter values`;
  const surprise = booleanWordSurprise(r, ctx, ctx.conditions[condition], ['Conditions', condition], depth);
  return surprise === undefined ? why : `${why} (${surprise})`;
}

/**
 * Says so when an `Fn::Equals` of the condition decides it because an unquoted `yes`, `no`, `on` or
 * `off` was read as a boolean (yaml-scalars.ts): `Default: yes` against `!Equals [!Ref P, "yes"]` is a
 * trap that reads as true, and "condition … is false" alone would look like our mistake. Only when
 * quoting the word would make that `Fn::Equals` true: `Default: no` against `"yes"` is false either
 * way. An `Fn::Equals` that is true because of the word (`Default: no` against `"false"`, under
 * `Fn::Not`) compares with the boolean's own text: that reads as meant, so no hint. `makesFalse`:
 * the value of this part that would make the condition false (`Fn::Not` turns it over).
 * Looks at the condition's own `Fn::Equals`, `Fn::Not`, `Fn::And` and `Fn::Or`, not at conditions it names.
 */
function booleanWordSurprise(r: Resolver, ctx: TemplateContext, raw: unknown, at: Path, depth: number, makesFalse = false, nesting = 0): string | undefined {
  const keys = isObject(raw) ? Object.keys(raw) : [];
  const fn = keys[0];
  if (keys.length !== 1 || fn === undefined || nesting > MAX_SURPRISE_NESTING) return undefined;
  const arg = (raw as Record<string, unknown>)[fn];
  if (!Array.isArray(arg)) return undefined;
  const argAt = pathStep(at, fn);
  if (fn === 'Fn::Not' || fn === 'Fn::And' || fn === 'Fn::Or') {
    for (let i = 0; i < arg.length; i++) {
      const found = booleanWordSurprise(r, ctx, arg[i], pathStep(argAt, i), depth, fn === 'Fn::Not' ? !makesFalse : makesFalse, nesting + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (fn !== 'Fn::Equals' || arg.length !== 2) return undefined;
  const sides = [0, 1].map((i) => r.resolve(ctx, arg[i], pathStep(argAt, i), depth + 1));
  const plain = sides.map((side) => (side ? comparable(side) : undefined));
  if (makesFalse || plain[0] === undefined || plain[1] === undefined || plain[0] === plain[1]) return undefined;
  for (let i = 0; i < 2; i++) {
    const side = sides[i];
    const word = side && (plain[i] === 'true' || plain[i] === 'false') ? booleanWord(ctx, side) : undefined;
    // Quoted, the word would be compared as written: is that the other side's text?
    if (word !== undefined && word === plain[1 - i]) {
      return `CloudFormation reads the unquoted ${word} as ${plain[i]}, so Fn::Equals compares "${plain[0]}" with "${plain[1]}"; quote ${word} to compare the text`;
    }
  }
  return undefined;
}

/**
 * The unquoted boolean word a value was written as: at the value itself, or at the default
 * (`origin`) a `Ref` took it from. A String parameter's default is already the string "true".
 */
function booleanWord(ctx: TemplateContext, side: RValue): string | undefined {
  for (const span of [side.span, ...(side.origin ?? [])]) {
    const written = writtenAt(ctx, span);
    if (isYaml11BooleanWord(written)) return written;
  }
  return undefined;
}

/**
 * The YAML text at a span of this template or of a stack that includes it (a parent passes the
 * parameter the word came from); '' for JSON or another file.
 */
function writtenAt(ctx: TemplateContext, span: Span): string {
  for (let at: TemplateContext | undefined = ctx; at; at = at.parent?.ctx) {
    if (at.doc.file.path === span.file) return at.doc.syntax === 'yaml' ? at.doc.file.text.slice(span.start, span.end) : '';
  }
  return '';
}

/**
 * The words `resolvePlain` (parse/yaml-scalars.ts) reads as booleans in templates where YAML 1.2
 * reads strings. Spelled out here so that a JSON-only run does not load the YAML modules.
 */
function isYaml11BooleanWord(text: string): boolean {
  return /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/.test(text);
}

/** `Condition: On` names no condition: CloudFormation reads the word as a boolean. Says so, or nothing. */
function wordRead(ctx: TemplateContext, span: Span, value: unknown): string {
  const written = typeof value === 'boolean' ? writtenAt(ctx, span) : '';
  return isYaml11BooleanWord(written) ? ` (CloudFormation reads the unquoted ${written} as ${String(value)}; quote it)` : '';
}

/** How deep booleanWordSurprise looks into Fn::Not/And/Or; real conditions nest two or three deep. */
const MAX_SURPRISE_NESTING = 32;

/**
 * Whether a resource exists in the default deployment: its own `Condition`, and for a resource of a
 * nested stack, the existence of the stack resource that includes its template.
 */
export function existenceOf(r: Resolver, ctx: TemplateContext, id: string, depth: number): Existence {
  const at = ['Resources', id];
  return r.named(
    ctx,
    ctx.memo.existence,
    'existence',
    id,
    () => combine(ownExistence(r, ctx, id, depth), ctx.parent && stackExistence(r, ctx.parent.ctx, ctx.parent.stackId, depth)),
    (why) => ({ state: 'unknown', why, span: spanAt(ctx, at, 'key') }),
  );
}

function ownExistence(r: Resolver, ctx: TemplateContext, id: string, depth: number): Existence {
  const resource = ctx.resources[id];
  const loop = ctx.unknownLoops.get(id);
  if (loop !== undefined) return { state: 'unknown', why: loop, span: spanAt(ctx, ['Resources', id], 'key') };
  if (!hasOwn(resource, 'Condition')) return PRESENT;
  const span = spanAt(ctx, ['Resources', id, 'Condition']);
  const name = own(resource, 'Condition');
  if (typeof name !== 'string') return { state: 'unknown', why: `Condition must name a condition${wordRead(ctx, span, name)}`, span };
  const truth = conditionTruth(r, ctx, name, depth);
  if (truth === true) return PRESENT;
  if (truth === false) {
    const origin = decidingOrigins(r, ctx, ctx.conditions[name], ['Conditions', name], false, depth);
    return origin.length > 0 ? { state: 'absent', why: falseWhy(r, ctx, name, depth), span, origin } : { state: 'absent', why: falseWhy(r, ctx, name, depth), span };
  }
  return { state: 'unknown', why: `condition ${name} cannot be evaluated: ${truth.unknown}`, span, decidedBy: `${ctx.doc.file.path}#Condition:${name}` };
}

/**
 * Where the values are written that make a condition come out `wanted` (a parameter's default, the
 * value a parent stack passes): the places to change. Only the parts that decide it: the first false
 * operand of a false `Fn::And`, every operand of a false `Fn::Or`, and conditions named on the way.
 */
function decidingOrigins(r: Resolver, ctx: TemplateContext, raw: unknown, at: Path, wanted: boolean, depth: number, nesting = 0): Span[] {
  const keys = isObject(raw) ? Object.keys(raw) : [];
  const fn = keys[0];
  if (keys.length !== 1 || fn === undefined || nesting > MAX_SURPRISE_NESTING) return [];
  const arg = (raw as Record<string, unknown>)[fn];
  const argAt = pathStep(at, fn);
  if (fn === 'Condition') return typeof arg === 'string' && hasOwn(ctx.conditions, arg) ? decidingOrigins(r, ctx, ctx.conditions[arg], ['Conditions', arg], wanted, depth, nesting + 1) : [];
  if (!Array.isArray(arg)) return [];
  if (fn === 'Fn::Not') return arg.length === 1 ? decidingOrigins(r, ctx, arg[0], pathStep(argAt, 0), !wanted, depth, nesting + 1) : [];
  if (fn === 'Fn::Equals') {
    if (arg.length !== 2) return [];
    return [0, 1].flatMap((i) => r.resolve(ctx, arg[i], pathStep(argAt, i), depth + 1)?.origin ?? []);
  }
  if (fn !== 'Fn::And' && fn !== 'Fn::Or') return [];
  // An And is false by one false operand, an Or true by one true operand: name that one alone.
  const byOne = (fn === 'Fn::And') !== wanted;
  const deciding = arg.map((operand, i) => ({ operand, at: pathStep(argAt, i) })).filter(({ operand, at: operandAt }) => evaluate(r, ctx, operand, operandAt, depth + 1) === wanted);
  const chosen = byOne ? deciding.slice(0, 1) : deciding;
  const spans = chosen.flatMap(({ operand, at: operandAt }) => decidingOrigins(r, ctx, operand, operandAt, wanted, depth, nesting + 1));
  return spans.filter((span, i) => spans.findIndex((other) => other.file === span.file && other.start === span.start && other.end === span.end) === i);
}

/** The nested stack resource's existence, restated for the resources of its child template. */
function stackExistence(r: Resolver, ctx: TemplateContext, stackId: string, depth: number): Existence {
  const existence = existenceOf(r, ctx, stackId, depth + 1);
  if (existence.state === 'present') return existence;
  const span = existence.span ?? spanAt(ctx, ['Resources', stackId], 'key');
  const what = `nested stack ${stackId} (${ctx.doc.file.path})`;
  return existence.state === 'absent'
    ? { state: 'absent', why: `${what} does not exist: ${existence.why}`, span }
    : { state: 'unknown', why: `${what} may not exist: ${existence.why}`, span, ...(existence.decidedBy ? { decidedBy: existence.decidedBy } : {}) };
}

function combine(own: Existence, parent: Existence | undefined): Existence {
  if (own.state === 'absent' || !parent) return own;
  if (parent.state === 'absent') return parent;
  return own.state === 'unknown' ? own : parent;
}
