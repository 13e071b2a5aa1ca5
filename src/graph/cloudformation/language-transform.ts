/**
 * The functions only the `AWS::LanguageExtensions` transform provides (`Fn::ToJsonString`,
 * `Fn::Length`, `Fn::ForEach`, a `Fn::FindInMap` with a `DefaultValue`) in a template that does not
 * declare the transform. CloudFormation refuses such a template ("Template Error: Encountered
 * unsupported function: Fn::ToJsonString"), so nothing of it is deployed; flowguard says so, once per
 * template, where the first one is written, and checks the rest as if the transform were declared:
 * adding it is the evident fix, and the findings are then the ones that will hold.
 */
import { lazySpan, type DataDocument, type PathSegment } from '../../parse/document.js';
import type { InputProblem } from '../model.js';
import { hasOwn, isObject, own } from '../values.js';

export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

/** The sections where the transform's functions are allowed (AWS's transform page). */
const SECTIONS = ['Resources', 'Conditions', 'Outputs'];

/**
 * Text one of which a template must hold for the walk to be worth making (most have none). Not the
 * bare word `Length`: parameters' `MaxLength` and `MinLength` have it.
 */
const HINTS = ['ToJsonString', 'Fn::Length', '!Length', 'ForEach', 'DefaultValue'];

/**
 * The names in the template's `Transform`: a name, a `{ Name, Parameters }` (`AWS::Include`), or a
 * list of them; an entry that names nothing as it is written (a number, a mapping without `Name`).
 */
export function transformNames(doc: DataDocument): unknown[] {
  const written = own(doc.value, 'Transform');
  const entries = Array.isArray(written) ? written : written === undefined ? [] : [written];
  return entries.map((entry) => (isObject(entry) ? own(entry, 'Name') : entry));
}

/** Whether the template's `Transform` (a name or a list of names) declares `AWS::LanguageExtensions`. */
export function declaresLanguageExtensions(doc: DataDocument): boolean {
  return transformNames(doc).includes(LANGUAGE_EXTENSIONS);
}

/** The problem to report for a template that uses the transform's functions without declaring it, if any. */
export function undeclaredLanguageExtensions(doc: DataDocument): InputProblem | undefined {
  if (declaresLanguageExtensions(doc) || !HINTS.some((hint) => doc.file.text.includes(hint))) return undefined;
  const found = firstUse(doc.value);
  if (!found) return undefined;
  // CloudFormation's own words for a function it does not know; a loop's key is refused as a resource name instead.
  const said = found.what === 'Fn::ToJsonString' || found.what === 'Fn::Length' ? ` ("Encountered unsupported function: ${found.what}")` : '';
  const message =
    `${found.what} needs \`Transform: ${LANGUAGE_EXTENSIONS}\`, which this template does not declare: CloudFormation refuses the template${said}; ` +
    'add the transform. The template is checked as if it were declared.';
  return { span: lazySpan(doc, found.at, 'key'), message };
}

/** The first of the transform's functions in the sections that allow them, in document order. */
function firstUse(template: unknown): { what: string; at: PathSegment[] } | undefined {
  // The sections in the order the template writes them (`Conditions` usually before `Resources`).
  const sections = isObject(template) ? Object.keys(template).filter((name) => SECTIONS.includes(name)) : [];
  const stack: Array<{ value: unknown; at: PathSegment[] }> = sections.map((name) => ({ value: own(template, name), at: [name] })).reverse();
  while (stack.length > 0) {
    const { value, at } = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], at: [...at, i] });
      continue;
    }
    if (!isObject(value)) continue;
    const keys = Object.keys(value);
    for (const key of keys) {
      const what = functionOf(key, value[key], keys.length);
      if (what) return { what, at: [...at, key] };
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: value[keys[i]!], at: [...at, keys[i]!] });
  }
  return undefined;
}

function functionOf(key: string, arg: unknown, siblings: number): string | undefined {
  if (key.startsWith('Fn::ForEach::')) return 'Fn::ForEach';
  if (siblings !== 1) return undefined;
  if (key === 'Fn::ToJsonString' || key === 'Fn::Length') return key;
  if (key === 'Fn::FindInMap' && Array.isArray(arg) && arg.length === 4 && hasOwn(arg[3], 'DefaultValue')) return 'Fn::FindInMap with a DefaultValue';
  return undefined;
}
