/**
 * Parameter values: what a nested stack's parent passes in, else the `Default`. The value keeps the
 * span of where it was decided (the default, or the parent's `Parameters` entry); `Ref` relocates it
 * to the place of use, so findings point at both.
 */
import { pathStep } from '../../parse/document.js';
import type { RValue } from '../model.js';
import type { Resolver } from './resolve.js';
import { propertiesOf, spanAt, type TemplateContext } from './template.js';
import { array, hasOwn, isObject, own, scalar, unknown } from '../values.js';
import { resolveSsmParameter } from './ssm-parameters.js';

const SSM_TYPE = 'AWS::SSM::Parameter::Value<';

export function parameterValue(r: Resolver, ctx: TemplateContext, name: string, depth: number): RValue {
  const at = ['Parameters', name];
  return r.named(
    ctx,
    ctx.memo.parameters,
    'parameter',
    name,
    () => {
      const given = passedValue(r, ctx, name, depth) ?? defaultValue(ctx, name);
      return parameterType(ctx, name).startsWith(SSM_TYPE) ? readFromSsm(r, ctx, name, given, depth) : given;
    },
    (why) => unknown(why, spanAt(ctx, at)),
  );
}

/** The value the parent stack passes for this parameter, shaped by the child's declared type. */
function passedValue(r: Resolver, ctx: TemplateContext, name: string, depth: number): RValue | undefined {
  if (!ctx.parent) return undefined;
  const { ctx: parent, stackId } = ctx.parent;
  const resource = parent.resources[stackId];
  const passed = own(propertiesOf(resource), 'Parameters');
  if (!hasOwn(passed, name)) return undefined;
  const path = ['Resources', stackId, 'Properties', 'Parameters', name];
  const value = r.resolve(parent, own(passed, name), path, depth + 1);
  if (!value || value.t !== 'scalar') return value;
  return shapeByType(parameterType(ctx, name), value.value, value.span);
}

function parameterType(ctx: TemplateContext, name: string): string {
  const type = own(ctx.parameters[name], 'Type');
  return typeof type === 'string' ? type : 'String';
}

function defaultValue(ctx: TemplateContext, name: string): RValue {
  const decl = ctx.parameters[name];
  const at = ['Parameters', name];
  if (!isObject(decl)) return unknown(`parameter ${name} is malformed`, spanAt(ctx, at));
  const type = parameterType(ctx, name);
  if (!hasOwn(decl, 'Default')) return { ...unknown(`parameter ${name} has no default`, spanAt(ctx, at)), symbol: name };
  const span = spanAt(ctx, pathStep(at, 'Default'));
  const raw = decl['Default'];
  if (Array.isArray(raw)) {
    const items = raw.map((item, i) => (isPlainScalar(item) ? scalar(item, spanAt(ctx, pathStep(pathStep(at, 'Default'), i))) : unknown('malformed default', span)));
    return array(items, span);
  }
  if (!isPlainScalar(raw)) return unknown(`parameter ${name} has a default that is not a string or number`, span);
  return shapeByType(type, raw, span);
}

/**
 * A parameter of type `AWS::SSM::Parameter::Value<…>` is given the *name* of an SSM parameter; its value
 * is what that parameter holds at deploy time: the value of the run's `AWS::SSM::Parameter` of that
 * name, if there is one (ssm-parameters.ts).
 */
function readFromSsm(r: Resolver, ctx: TemplateContext, name: string, given: RValue, depth: number): RValue {
  if (given.t === 'scalar' && typeof given.value === 'string') {
    const value = resolveSsmParameter(r, given.value, given.span, depth, `parameter ${name} is read from SSM parameter ${given.value} at deploy time`);
    // `AWS::SSM::Parameter::Value<List<…>>` reads a `StringList` parameter: "a,b" is the list [a, b].
    const inner = parameterType(ctx, name).slice(SSM_TYPE.length, -1);
    return value.t === 'scalar' && value.value !== null ? shapeByType(inner, value.value, value.span) : value;
  }
  return unknown(`parameter ${name} is read from SSM Parameter Store at deploy time`, spanAt(ctx, ['Parameters', name]));
}

function isPlainScalar(value: unknown): value is string | number | boolean | null {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null;
}

/** `List<…>` and `CommaDelimitedList` values are comma-separated strings (members space-trimmed). */
function shapeByType(type: string, value: string | number | boolean | null, span: RValue['span']): RValue {
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
  const numeric = type === 'Number' || type === 'List<Number>';
  const convert = (text: string | number | boolean | null): string | number | boolean | null => {
    if (!numeric || typeof text !== 'string' || text.trim() === '') return text;
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  };
  if (!isList) return scalar(convert(value), span);
  const text = value === null ? '' : String(value);
  return array(text.split(',').map((item) => scalar(convert(item.trim()), span)), span);
}
