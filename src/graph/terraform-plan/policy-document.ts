/**
 * `data "aws_iam_policy_document"` as a policy document. Its `json` is known when the data source
 * could be read while planning; when it could not (a statement mentions an ARN known only after
 * apply), the `statement` blocks usually still are, and are turned into the IAM JSON shape here so
 * the rules can read principals and actions with only the unknown parts left unknown.
 */
import type { Span } from '../../core/source.js';
import type { RObject, RValue } from '../model.js';
import { array, hasOwn, object, scalar, setOwn, unknown } from '../values.js';
import type { Instance } from './instances.js';
import { readArgument, type Converter } from './values.js';

/** Arguments that merge other documents in; their effect is not modelled, so the result is unknown. */
const MERGED = ['source_json', 'override_json', 'source_policy_documents', 'override_policy_documents'];

export function dataPolicyDocument(c: Converter, instance: Instance): RValue | undefined {
  if (instance.type !== 'aws_iam_policy_document') return undefined;
  const json = readArgument(c, instance.sources, 'json');
  if (json && json.t === 'scalar' && typeof json.value === 'string' && json.value !== '') return json;
  for (const name of MERGED) {
    const merged = readArgument(c, instance.sources, name);
    if (merged && !(merged.t === 'array' && merged.items.length === 0)) return unknown(`policy document merges ${name}`, merged.span);
  }
  const statements = readArgument(c, instance.sources, 'statement');
  if (!statements) return json;
  if (statements.t !== 'array') return statements.t === 'unknown' ? statements : json;
  const span = statements.span;
  const version = readArgument(c, instance.sources, 'version');
  const document: Record<string, RValue> = { Version: version?.t === 'scalar' ? version : scalar('2012-10-17', span) };
  document['Statement'] = array(statements.items.map(toStatement), span);
  return object(document, keySpansOf(document, span), span);
}

function toStatement(block: RValue): RValue {
  if (block.t !== 'object') return block;
  const e = block.entries;
  const out: Record<string, RValue> = {};
  const put = (key: string, value: RValue | undefined) => {
    if (value && !isEmpty(value)) setOwn(out, key, value);
  };
  put('Sid', member(e, 'sid'));
  put('Effect', member(e, 'effect') ?? scalar('Allow', block.span));
  put('Action', member(e, 'actions'));
  put('NotAction', member(e, 'not_actions'));
  put('Resource', member(e, 'resources'));
  put('NotResource', member(e, 'not_resources'));
  put('Principal', principals(member(e, 'principals'), block.span));
  put('NotPrincipal', principals(member(e, 'not_principals'), block.span));
  put('Condition', conditions(member(e, 'condition'), block.span));
  return object(out, keySpansOf(out, block.span), block.span);
}

/** `[{ type: "Service", identifiers: [...] }]` → `{ Service: [...] }`; type `*` with `*` → `"*"`. */
function principals(value: RValue | undefined, span: Span): RValue | undefined {
  if (!value || value.t !== 'array') return value;
  const byType: Record<string, RValue[]> = {};
  for (const item of value.items) {
    if (item.t !== 'object') return unknown('principal block cannot be read', item.span);
    const type = member(item.entries, 'type');
    const identifiers = member(item.entries, 'identifiers');
    if (type?.t !== 'scalar' || typeof type.value !== 'string') return unknown('principal type is not known', item.span);
    if (type.value === '*') return scalar('*', item.span);
    const list = identifiers?.t === 'array' ? identifiers.items : identifiers ? [identifiers] : [];
    setOwn(byType, type.value, [...(hasOwn(byType, type.value) ? byType[type.value]! : []), ...list]);
  }
  const entries: Record<string, RValue> = {};
  for (const type of Object.keys(byType)) setOwn(entries, type, array(byType[type]!, span));
  return object(entries, keySpansOf(entries, span), span);
}

/** `[{ test, variable, values }]` → `{ <test>: { <variable>: values } }`. */
function conditions(value: RValue | undefined, span: Span): RValue | undefined {
  if (!value || value.t !== 'array') return value;
  const tests: Record<string, RObject> = {};
  for (const item of value.items) {
    if (item.t !== 'object') return unknown('condition block cannot be read', item.span);
    const test = member(item.entries, 'test');
    const variable = member(item.entries, 'variable');
    if (test?.t !== 'scalar' || variable?.t !== 'scalar') return unknown('condition is not known', item.span);
    const testName = String(test.value);
    const block = hasOwn(tests, testName) ? tests[testName]! : object({}, {}, item.span);
    setOwn(block.entries, String(variable.value), member(item.entries, 'values') ?? array([], item.span));
    setOwn(block.keySpans, String(variable.value), variable.span);
    setOwn(tests, testName, block);
  }
  return object(tests, keySpansOf(tests, span), span);
}

function member(entries: Record<string, RValue>, key: string): RValue | undefined {
  const value = hasOwn(entries, key) ? entries[key] : undefined;
  return value && !(value.t === 'scalar' && value.value === null) ? value : undefined;
}

/** Terraform writes unset list arguments as `[]` and unset strings as `""`; IAM JSON omits them. */
function isEmpty(value: RValue): boolean {
  return (value.t === 'array' && value.items.length === 0) || (value.t === 'scalar' && value.value === '') || (value.t === 'object' && Object.keys(value.entries).length === 0);
}

function keySpansOf(entries: Record<string, unknown>, span: Span): Record<string, Span> {
  const spans: Record<string, Span> = {};
  for (const key of Object.keys(entries)) setOwn(spans, key, span);
  return spans;
}
