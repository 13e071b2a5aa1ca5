/**
 * String, number and encoding functions (file functions: `functions-files.ts`). Strings assembled
 * around references (`format`, `join`) stay templates, so an ARN built from a role's name still names
 * the role.
 */
import * as path from 'node:path';
import type { Span } from '../../core/source.js';
import { scalar, unknown } from '../values.js';
import { policyDocument } from '../policy-json.js';
import type { RTemplate } from '../model.js';
import type { Scope } from './context.js';
import type { Evaluator } from './evaluate.js';
import { isNull, isProblem, knownBool, knownNumber, knownString, varray, verror, type V } from './values.js';
import { firstProblem, fromPlain, joinParts, stringParts } from './walks.js';
import { nameTable } from '../../core/name-table.js';
import { FILE_FUNCTIONS, fileOfText } from './functions-files.js';

export interface FunctionContext {
  ev: Evaluator;
  scope: Scope;
}

type Part = RTemplate['parts'][number];
export type TextFunction = (args: V[], span: Span, ctx: FunctionContext) => V;

/** A function of known strings only. */
function strings(count: number, body: (texts: string[], span: Span) => V): TextFunction {
  return (args, span) => {
    if (args.length < count) return verror('missing argument', span);
    const texts = args.slice(0, count).map(knownString);
    if (texts.every((t): t is string => t !== undefined)) return body(texts, span);
    return firstProblem(args, span) ?? unknown('a string function of a value not known statically', span);
  };
}

/** A function of known numbers only. */
function numbers(body: (values: number[], span: Span) => V): TextFunction {
  return (args, span) => {
    const values = args.map(knownNumber);
    if (values.every((n): n is number => n !== undefined) && values.length > 0) return body(values, span);
    return firstProblem(args, span) ?? verror('expected numbers', span);
  };
}

function format(args: V[], span: Span): V {
  const [fmt, ...rest] = args;
  const text = fmt ? knownString(fmt) : undefined;
  if (text === undefined) return fmt && isProblem(fmt) ? fmt : unknown('format() with a format not known statically', span);
  const parts: Part[] = [];
  let next = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '%') {
      parts.push(c);
      continue;
    }
    const verb = text[++i];
    if (verb === '%') {
      parts.push('%');
      continue;
    }
    const arg = rest[next++];
    if (!arg) return verror('format() has too few arguments', span);
    if (verb === 's' || verb === 'v' || verb === 'd') {
      const pieces = stringParts(arg);
      if (!Array.isArray(pieces)) return pieces;
      parts.push(...pieces);
    } else if (verb === 'q') {
      const value = knownString(arg);
      parts.push(value === undefined ? unknown('format() %q of a value not known statically', span) : JSON.stringify(value));
    } else {
      return unknown(`format() verb %${verb ?? ''} is not evaluated`, span);
    }
  }
  return joinParts(parts, span);
}

function formatlist(args: V[], span: Span): V {
  const problem = firstProblem(args, span);
  if (problem) return problem;
  const lengths = args.slice(1).flatMap((a) => (a.t === 'array' ? [a.items.length] : []));
  if (lengths.some((n) => n !== lengths[0])) return verror('formatlist() lists of different lengths', span);
  const n = lengths[0] ?? 1;
  const out: V[] = [];
  for (let i = 0; i < n; i++) out.push(format([args[0]!, ...args.slice(1).map((a) => (a.t === 'array' ? a.items[i]! : a))], span));
  return varray(out, span);
}

function join(args: V[], span: Span): V {
  const [separator, ...lists] = args;
  const sep = separator ? knownString(separator) : undefined;
  if (sep === undefined) return firstProblem(args, span) ?? verror('join() needs a separator', span);
  const parts: Part[] = [];
  let first = true;
  for (const list of lists) {
    if (list.t !== 'array') return isProblem(list) ? list : verror('join() expects lists', span);
    for (const item of list.items) {
      const pieces = stringParts(item);
      if (!Array.isArray(pieces)) return pieces;
      if (!first) parts.push(sep);
      parts.push(...pieces);
      first = false;
    }
  }
  return joinParts(parts, span);
}

function jsondecode([value]: V[], span: Span): V {
  if (!value) return verror('jsondecode() takes one argument', span);
  if (value.t === 'json') return value.value;
  if (value.t === 'scalar' && typeof value.value === 'string') {
    try {
      return fromPlain(JSON.parse(value.value), span);
    } catch {
      return verror('jsondecode() of a string that is not JSON', span);
    }
  }
  if (value.t === 'template') return policyDocument(value);
  return isProblem(value) ? value : verror('jsondecode() expects a string', span);
}

/**
 * `yamldecode()`, by the decoder the engine loads for runs whose source calls it (yaml-decode.ts). A
 * string `file()` read decodes to values placed in that file.
 */
function yamldecode([value]: V[], span: Span, ctx: FunctionContext): V {
  if (!value) return verror('yamldecode() takes one argument', span);
  if (isNull(value)) return verror('yamldecode() of null', span);
  if (isProblem(value)) return value;
  // A number or bool is converted to a string first, as Terraform converts an argument.
  const text = value.t === 'scalar' && value.value !== null ? String(value.value) : undefined;
  if (text === undefined) return unknown('yamldecode() of a string not known statically', span);
  const decoded = ctx.ev.host.decodeYaml?.(text, fileOfText(ctx.ev, text), span);
  return decoded ?? unknown('yamldecode() in a module outside the run is not evaluated (the run loads its YAML decoder only for source that calls it)', span);
}

function allOrAny(all: boolean): TextFunction {
  return ([value], span) => {
    if (!value || value.t !== 'array') return value && isProblem(value) ? value : verror('expects a list of bools', span);
    const results = value.items.map(knownBool);
    if (all ? results.includes(false) : results.includes(true)) return scalar(!all, span);
    return results.includes(undefined) ? unknown('a list of bools not known statically', span) : scalar(all, span);
  };
}

export const TEXT_FUNCTIONS: Readonly<Record<string, TextFunction>> = nameTable({
  format,
  formatlist,
  join,
  jsondecode,
  yamldecode,
  ...FILE_FUNCTIONS,
  alltrue: allOrAny(true),
  anytrue: allOrAny(false),
  tostring: ([value], span) => {
    if (!value) return verror('tostring() takes one argument', span);
    // A conversion keeps where the value was decided (`origin`): the finding points there too.
    if (value.t === 'scalar') return value.value === null ? value : { ...value, value: String(value.value), span };
    if (value.t === 'ref' || value.t === 'template' || isProblem(value)) return value;
    if (value.t === 'json') {
      const parts = stringParts(value);
      return Array.isArray(parts) ? joinParts(parts, span) : parts;
    }
    return verror('tostring() of a list or object', span);
  },
  tonumber: ([value], span) => {
    if (!value || isNull(value)) return value ?? verror('tonumber() takes one argument', span);
    const n = knownNumber(value);
    if (n !== undefined) return value.t === 'scalar' ? { ...value, value: n, span } : scalar(n, span);
    return isProblem(value) ? value : unknown('tonumber() of a value not known statically', span);
  },
  tobool: ([value], span) => {
    if (!value || isNull(value)) return value ?? verror('tobool() takes one argument', span);
    const b = knownBool(value);
    return b !== undefined ? scalar(b, span) : isProblem(value) ? value : verror('tobool() of a value that is not a bool', span);
  },
  split: strings(2, ([sep, text], span) => varray(text!.split(sep!).map((s) => scalar(s, span)), span)),
  replace: strings(3, ([text, search, replacement], span) => {
    // Regular-expression replacements are not run: a pattern from an input could take exponential time.
    if (search!.length > 1 && search!.startsWith('/') && search!.endsWith('/')) return unknown('replace() with a regular expression is not evaluated', span);
    return scalar(text!.split(search!).join(replacement!), span);
  }),
  lower: strings(1, ([text], span) => scalar(text!.toLowerCase(), span)),
  upper: strings(1, ([text], span) => scalar(text!.toUpperCase(), span)),
  title: strings(1, ([text], span) => scalar(text!.replace(/\b\w/g, (c) => c.toUpperCase()), span)),
  trimspace: strings(1, ([text], span) => scalar(text!.trim(), span)),
  trimprefix: strings(2, ([text, p], span) => scalar(text!.startsWith(p!) ? text!.slice(p!.length) : text!, span)),
  trimsuffix: strings(2, ([text, s], span) => scalar(s !== '' && text!.endsWith(s!) ? text!.slice(0, -s!.length) : text!, span)),
  startswith: strings(2, ([text, p], span) => scalar(text!.startsWith(p!), span)),
  endswith: strings(2, ([text, s], span) => scalar(text!.endsWith(s!), span)),
  strrev: strings(1, ([text], span) => scalar([...text!].reverse().join(''), span)),
  substr: (args, span) => {
    const [text, offset, length] = [args[0] ? knownString(args[0]) : undefined, args[1] ? knownNumber(args[1]) : undefined, args[2] ? knownNumber(args[2]) : undefined];
    if (text === undefined || offset === undefined || length === undefined) return firstProblem(args, span) ?? verror('substr() needs a string and two numbers', span);
    const chars = [...text];
    const start = offset < 0 ? Math.max(0, chars.length + offset) : offset;
    return scalar(chars.slice(start, length < 0 ? undefined : start + length).join(''), span);
  },
  basename: strings(1, ([text], span) => scalar(path.posix.basename(text!), span)),
  dirname: strings(1, ([text], span) => scalar(path.posix.dirname(text!), span)),
  max: numbers((values, span) => scalar(Math.max(...values), span)),
  min: numbers((values, span) => scalar(Math.min(...values), span)),
  abs: numbers(([n], span) => scalar(Math.abs(n!), span)),
  ceil: numbers(([n], span) => scalar(Math.ceil(n!), span)),
  floor: numbers(([n], span) => scalar(Math.floor(n!), span)),
  signum: numbers(([n], span) => scalar(Math.sign(n!), span)),
  sum: ([value], span) => {
    if (!value || value.t !== 'array') return value && isProblem(value) ? value : verror('sum() expects a list of numbers', span);
    const values = value.items.map(knownNumber);
    return values.every((n): n is number => n !== undefined) ? scalar(values.reduce((a, b) => a + b, 0), span) : unknown('sum() of values not known statically', span);
  },
});
