/**
 * `Fn::ToJsonString` and `Fn::Length`, the two functions of the `AWS::LanguageExtensions` transform
 * (its `Fn::ForEach` is foreach.ts, its `Fn::FindInMap` `DefaultValue` intrinsics.ts). The transform
 * evaluates them before CloudFormation reads the template, so they are as static as the values they
 * are given: known arguments give known results, unknown ones keep the result unknown.
 */
import type { Span } from '../../core/source.js';
import { pathStep } from '../../parse/document.js';
import type { RTemplate, RValue } from '../model.js';
import type { Path, Resolver } from './resolve.js';
import type { TemplateContext } from './template.js';
import { isObject, makeString, scalar, unknown } from '../values.js';

type Part = RTemplate['parts'][number];

/**
 * `Fn::ToJsonString: Object | Array` → the JSON text of the object or list, compact as the transform
 * writes it (`{"key1":"value1"}`). A part known only at deploy time (a `Ref` of a resource, a pseudo
 * parameter) stays a placeholder inside its quotes, as the transform leaves it to an `Fn::Sub`. The
 * text keeps the object or list it was made from (`json`): a policy document given so is read from
 * that tree, so that its findings point at the lines of the template that write each part.
 */
export function resolveToJsonString(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
  if (!isObject(arg) && !Array.isArray(arg)) return unknown('Fn::ToJsonString needs an object or a list', span);
  const inner = r.resolve(ctx, arg, at, depth + 1);
  if (!inner) return unknown('Fn::ToJsonString of AWS::NoValue', span);
  if (inner.t === 'unknown') return unknown(inner.why, span);
  if (inner.t !== 'object' && inner.t !== 'array') return unknown(`Fn::ToJsonString needs an object or a list, not ${whyNotObject(inner)}`, span);
  const parts: Part[] = [];
  writeJson(inner, parts);
  const text = makeString(parts, span);
  return text.t === 'scalar' || text.t === 'template' ? { ...text, json: inner } : text;
}

function whyNotObject(value: RValue): string {
  return value.t === 'scalar' ? `the ${typeof value.value} ${JSON.stringify(value.value)}` : 'a string';
}

/** Appends the JSON text of `value`; a value not known statically is a placeholder inside quotes. */
function writeJson(value: RValue, out: Part[]): void {
  switch (value.t) {
    case 'scalar':
      out.push(JSON.stringify(value.value));
      return;
    case 'template':
      out.push('"');
      for (const part of value.parts) out.push(typeof part === 'string' ? escaped(part) : part);
      out.push('"');
      return;
    case 'ref':
    case 'unknown':
      out.push('"', value, '"');
      return;
    case 'array':
      out.push('[');
      value.items.forEach((item, i) => {
        if (i > 0) out.push(',');
        writeJson(item, out);
      });
      out.push(']');
      return;
    case 'object':
      out.push('{');
      Object.entries(value.entries).forEach(([key, item], i) => {
        out.push(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`);
        writeJson(item, out);
      });
      out.push('}');
  }
}

/** A piece of a JSON string's text, escaped as inside the quotes. */
function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * `Fn::Length: Array | IntrinsicFunction` → the number of items. An item of a written list that is an
 * `Fn::If` whose condition cannot be evaluated may be `AWS::NoValue` (no item): then the length is
 * not known. An empty `CommaDelimitedList` default is one empty item, as CloudFormation reads it, so its
 * length is 1 (parameters.ts).
 */
export function resolveLength(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
  if (Array.isArray(arg)) {
    let count = 0;
    for (let i = 0; i < arg.length; i++) {
      const item = r.resolve(ctx, arg[i], pathStep(at, i), depth + 1);
      if (!item) continue;
      if (item.t === 'unknown' && isObject(arg[i]) && Object.keys(arg[i] as object).join() === 'Fn::If') {
        return unknown(`an item of the list may be AWS::NoValue: ${item.why}`, span);
      }
      count++;
    }
    return scalar(count, span);
  }
  const list = r.resolve(ctx, arg, at, depth + 1);
  if (list?.t === 'array') return scalar(list.items.length, span);
  if (list?.t === 'unknown') return unknown(list.why, span);
  return unknown('Fn::Length needs a list', span);
}
