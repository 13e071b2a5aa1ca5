/**
 * `Fn::ForEach` loops under `Resources` (the `AWS::LanguageExtensions` transform): each loop
 * `Fn::ForEach::Name: [Identifier, Collection, { 'Key${Identifier}': resource }]` makes one resource
 * per element of the collection, as CloudFormation does before it deploys. The collection is a list
 * written in the template, a parameter's default (`!Ref Environments`, a CommaDelimitedList), the
 * list a parent stack passes to that parameter of a nested template, or a list in the template's
 * `Mappings` (`!FindInMap [Buckets, Properties, Identifiers]`, the form AWS's own examples use).
 * In each copy `${Identifier}` and `&{Identifier}` (the element without its non-alphanumeric
 * characters) are replaced in the logical id and in `Fn::Sub` strings, and `!Ref Identifier` becomes
 * the element; a `Fn::Sub` left with nothing to substitute becomes its string, so that
 * `!Ref { Fn::Sub: 'Vpc${Env}' }` and `!GetAtt [!Sub 'Role${Env}', Arn]` name the copy.
 *
 * Every copy keeps the path of the template it came from, so that its findings point at the loop.
 * A loop whose collection cannot be known still makes its resources, once, with their ids as
 * written (`Vpc${Env}`): they may or may not exist (`unknownLoops`). Its identifier stays a
 * placeholder: `!Ref Env` is unknown, and a logical id built from it names the copy of the same
 * element, so the loop's flow log still targets the loop's VPC.
 */
import type { PathSegment } from '../../parse/document.js';
import { hasOwn, isObject, own, setOwn, type RawObject } from '../values.js';

const LOOP = 'Fn::ForEach::';
/** More copies than CloudFormation's 500 resources per template could ever need; stops absurd nesting. */
const MAX_COPIES = 5000;
/**
 * Objects and lists copied in all: a hostile loop over thousands of elements with a large body stops
 * here (500 resources of 500 objects each fit), and memory stays a small multiple of the template's.
 */
const MAX_NODES = 250_000;

interface Budget {
  copies: number;
  nodes: number;
}

export interface ExpandedResources {
  /** Every resource by logical id, loops expanded. */
  resources: RawObject;
  /** For each resource a loop made: the document path of the template it was copied from. */
  origins: Map<string, readonly PathSegment[]>;
  /** Resources of loops whose collection is not known statically, and why. */
  unknownLoops: Map<string, string>;
  /** Set when a limit stopped the expansion: the loop, and which limit. */
  cut?: { loop: readonly PathSegment[]; why: string };
  /**
   * Logical ids made a second time (two loops, a loop and a resource written beside it, a collection
   * that repeats an element): CloudFormation refuses such a template. `at`: the document path of the
   * second; `first`: of the one kept. Ids of loops whose collection is not known are placeholders
   * (`Vpc${Env}`) and never count.
   */
  repeated: { id: string; at: readonly PathSegment[]; first: readonly PathSegment[] }[];
}

/**
 * Where a loop's `!Ref Param` collection comes from: the template's parameters (their defaults), and
 * for a nested stack's template, what the stack resource passes (`Parameters` of `AWS::CloudFormation::Stack`).
 */
export interface ParameterValues {
  parameters: RawObject;
  /** The template's `Mappings`, for a `!FindInMap` collection. */
  mappings: RawObject;
  passed?: { stack: string; values: RawObject };
}

export function expandResources(section: RawObject, parameters: RawObject, passed?: ParameterValues['passed'], mappings: RawObject = {}): ExpandedResources {
  const values: ParameterValues = passed ? { parameters, mappings, passed } : { parameters, mappings };
  const out: ExpandedResources = { resources: {}, origins: new Map(), unknownLoops: new Map(), repeated: [] };
  if (!hasLoops(section)) {
    out.resources = section;
    return out;
  }
  const budget: Budget = { copies: MAX_COPIES, nodes: MAX_NODES };
  for (const [key, value] of Object.entries(section)) {
    if (key.startsWith(LOOP)) expandLoop(value, {}, ['Resources', key], values, out, budget);
    else if (!hasOwn(out.resources, key)) setOwn(out.resources, key, value);
    else noteRepeat(out, key, ['Resources', key]);
  }
  return out;
}

/** Records `id`, written again at `at`, unless the one kept is a placeholder of a loop not known. */
function noteRepeat(out: ExpandedResources, id: string, at: readonly PathSegment[]): void {
  if (out.unknownLoops.has(id)) return;
  out.repeated.push({ id, at, first: out.origins.get(id) ?? ['Resources', id] });
}

/** Whether a `Resources` section has a `Fn::ForEach` loop. */
export function hasLoops(section: RawObject): boolean {
  return Object.keys(section).some((key) => key.startsWith(LOOP));
}

/** The element each loop identifier stands for; `undefined` for one whose collection is not known. */
type Bindings = Readonly<Record<string, string | undefined>>;

/**
 * `unknown`: why an enclosing loop's elements are not known, when they are not; every copy made inside
 * such a loop may not exist, however known its own loop's collection is.
 */
function expandLoop(loop: unknown, bindings: Bindings, at: readonly PathSegment[], parameters: ParameterValues, out: ExpandedResources, budget: Budget, unknown?: string): void {
  if (!Array.isArray(loop) || loop.length !== 3 || typeof loop[0] !== 'string' || !isObject(loop[2])) return;
  const [identifier, written, template] = loop as [string, unknown, RawObject];
  const templateAt = [...at, 2];
  const collection = collectionOf(substitute(written, bindings, budget), parameters);
  const why = unknown ?? (typeof collection === 'string' ? `it is made by ${at[at.length - 1]} for each element of a collection that ${collection}` : undefined);
  const elements = typeof collection === 'string' ? [undefined] : collection;
  for (const element of elements) {
    const inner: Bindings = { ...bindings, [identifier]: element };
    for (const [key, value] of Object.entries(template)) {
      if (--budget.copies < 0 || budget.nodes < 0) {
        out.cut ??= { loop: at, why: budget.copies < 0 ? `it makes more than ${MAX_COPIES} resources` : `its copies hold more than ${MAX_NODES} objects and lists` };
        return;
      }
      if (key.startsWith(LOOP)) {
        expandLoop(value, inner, [...templateAt, key], parameters, out, budget, why);
        continue;
      }
      const id = substituteText(key, inner);
      // Two copies of one name fail the deployment; the first is the one checked.
      if (hasOwn(out.resources, id)) {
        if (why === undefined) noteRepeat(out, id, [...templateAt, key]);
        continue;
      }
      const copy = substitute(value, inner, budget);
      // A copy the budget ran out in is half substituted: it is not made.
      if (budget.nodes < 0) {
        out.cut ??= { loop: at, why: `its copies hold more than ${MAX_NODES} objects and lists` };
        return;
      }
      setOwn(out.resources, id, copy);
      out.origins.set(id, [...templateAt, key]);
      if (why !== undefined) out.unknownLoops.set(id, why);
    }
  }
}

/** The loop's elements, or why they cannot be known. */
function collectionOf(written: unknown, { parameters, mappings, passed }: ParameterValues): string[] | string {
  if (Array.isArray(written)) return written.every((e): e is string => typeof e === 'string') ? written : 'is not a list of strings known statically';
  const lookup = own(written, 'Fn::FindInMap');
  if (lookup !== undefined && Object.keys(written as RawObject).length === 1) return mappedCollection(lookup, mappings);
  const name = own(written, 'Ref');
  if (typeof name !== 'string' || Object.keys(written as RawObject).length !== 1) return 'is not known statically';
  if (passed && hasOwn(passed.values, name)) {
    // What the parent stack passes, when written as a list (a string or a list of strings) there.
    const value = passed.values[name];
    if (typeof value === 'string') return value === '' ? [] : value.split(',').map((e) => e.trim());
    if (Array.isArray(value) && value.every((e): e is string => typeof e === 'string')) return value;
    return `comes from parameter ${name}, which nested stack ${passed.stack} passes as a value not known statically`;
  }
  const declared = own(parameters, name);
  if (declared === undefined) return `comes from ${name}, which is not a parameter of the template`;
  // The default of an SSM parameter type names the SSM parameter; its value is read at deploy time.
  const type = own(declared, 'Type');
  if (typeof type === 'string' && type.startsWith('AWS::SSM::Parameter::Value')) return `comes from parameter ${name}, whose value is read from SSM at deploy time`;
  const fallback = own(declared, 'Default');
  if (Array.isArray(fallback)) return fallback.map(String);
  if (typeof fallback === 'string') return fallback === '' ? [] : fallback.split(',').map((e) => e.trim());
  return `comes from parameter ${name}, which has no default`;
}

/**
 * `!FindInMap [Map, TopKey, SecondKey]` (an optional fourth `{ DefaultValue: [...] }` when the keys are
 * absent) whose keys are written out: the list the mapping holds there. A key from a parameter or a
 * pseudo parameter (`!Ref AWS::Region`) is left unknown.
 */
function mappedCollection(lookup: unknown, mappings: RawObject): string[] | string {
  if (!Array.isArray(lookup) || lookup.length < 3 || lookup.length > 4) return 'is not known statically';
  const [mapName, top, second] = lookup as unknown[];
  if (typeof mapName !== 'string' || typeof top !== 'string' || typeof second !== 'string') return 'comes from Fn::FindInMap with keys not known statically';
  const row = own(own(mappings, mapName), top);
  const value = hasOwn(row, second) ? own(row, second) : own(lookup[3], 'DefaultValue');
  if (value === undefined) return `comes from Fn::FindInMap [${mapName}, ${top}, ${second}], which is not in the template's Mappings`;
  if (Array.isArray(value) && value.every((e): e is string => typeof e === 'string')) return value;
  return `comes from Fn::FindInMap [${mapName}, ${top}, ${second}], which is not a list of strings`;
}

/** A deep copy of `value` with the loop identifiers replaced where CloudFormation replaces them. */
function substitute(value: unknown, bindings: Bindings, budget: Budget): unknown {
  if (typeof value !== 'object' || value === null || --budget.nodes < 0) return value;
  if (Array.isArray(value)) return value.map((item) => substitute(item, bindings, budget));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const argument = value[key];
    if (key === 'Ref' && typeof argument === 'string' && bindings[argument] !== undefined) return bindings[argument];
    // A logical id built with Fn::Sub: its text, placeholders of unknown loops included, is the id.
    if (key === 'Ref') return { Ref: logicalId(argument, bindings, budget) };
    if (key === 'Fn::GetAtt' && Array.isArray(argument)) return { 'Fn::GetAtt': [logicalId(argument[0], bindings, budget), ...argument.slice(1).map((item) => substitute(item, bindings, budget))] };
    if (key === 'Fn::Sub') return substituteSub(argument, bindings, budget);
  }
  const copy: RawObject = {};
  for (const key of keys) copy[key] = substitute(value[key], bindings, budget);
  return copy;
}

/** The logical id a `Ref` or `GetAtt` names: a `Fn::Sub` of loop identifiers only becomes its text. */
function logicalId(argument: unknown, bindings: Bindings, budget: Budget): unknown {
  const sub = own(argument, 'Fn::Sub');
  if (typeof sub !== 'string' || Object.keys(argument as RawObject).length !== 1) return substitute(argument, bindings, budget);
  const text = substituteText(sub, bindings);
  const rest = [...text.matchAll(/\$\{([^}]*)\}/g)].filter(([, name]) => !hasOwn(bindings, name!));
  return rest.length === 0 ? text : { 'Fn::Sub': text };
}

function substituteSub(argument: unknown, bindings: Bindings, budget: Budget): unknown {
  if (typeof argument === 'string') {
    const text = substituteText(argument, bindings);
    return text.includes('${') ? { 'Fn::Sub': text } : text;
  }
  if (Array.isArray(argument) && typeof argument[0] === 'string') {
    // Variables of the Sub's own map shadow the loop's.
    const subVariables = isObject(argument[1]) ? argument[1] : {};
    const visible = Object.fromEntries(Object.entries(bindings).filter(([name]) => !hasOwn(subVariables, name)));
    return { 'Fn::Sub': [substituteText(argument[0], visible), ...argument.slice(1).map((item) => substitute(item, bindings, budget))] };
  }
  return { 'Fn::Sub': substitute(argument, bindings, budget) };
}

/** `${Identifier}` → the element, `&{Identifier}` → the element without non-alphanumeric characters. */
function substituteText(text: string, bindings: Bindings): string {
  if (!text.includes('{')) return text;
  return text.replace(/([$&])\{([^{}]+)\}/g, (whole, sign: string, name: string) => {
    const element = bindings[name];
    // An identifier of a loop whose elements are unknown stays a placeholder (`${Env}`).
    if (element === undefined) return hasOwn(bindings, name) ? `\${${name}}` : whole;
    return sign === '$' ? element : element.replace(/[^A-Za-z0-9]/g, '');
  });
}
