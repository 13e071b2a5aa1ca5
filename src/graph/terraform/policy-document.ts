/**
 * `data "aws_iam_policy_document"` → the IAM JSON document its `json` attribute renders, as a tree:
 * `{ Version, Statement: [{ Sid, Effect, Action, Resource, Principal: { Service: [...] },
 * Condition: { StringEquals: { "aws:SourceAccount": [...] } } }] }`. As the provider does, the
 * statements of `source_policy_documents`, then the document's own, then `override_policy_documents`
 * are merged in that order: a statement with a `Sid` replaces the earlier one with the same `Sid`.
 * Statements from a `dynamic` block whose `for_each` is not known are unknown entries.
 */
import type { Span } from '../../core/source.js';
import type { Body } from '../../parse/hcl/ast.js';
import { policyDocument } from '../policy-json.js';
import { scalar, unknown } from '../values.js';
import { blocksOrArgumentsOf } from './blocks.js';
import { scopeFor, spanOf, type ResourceInstance, type Scope } from './context.js';
import type { Evaluator } from './evaluate.js';
import { memoOf } from './memo.js';
import { describeProblem } from './problems.js';
import { entry, isNull, knownString, objectOf, varray, type V, type VJson } from './values.js';
import { toRValue } from './walks.js';

const STATEMENT_ATTRIBUTES: [string, string][] = [
  ['sid', 'Sid'],
  ['effect', 'Effect'],
  ['actions', 'Action'],
  ['not_actions', 'NotAction'],
  ['resources', 'Resource'],
  ['not_resources', 'NotResource'],
];

export function policyDocumentJson(ev: Evaluator, res: ResourceInstance, span: Span): V {
  return memoOf(ev, res.attrs, 'json', () => unknown('reference cycle', span), () => ev.nested(span, () => buildDocument(ev, res.decl.block.body, res.scope, spanOf(res.scope.file, res.decl.block))));
}

function buildDocument(ev: Evaluator, body: Body, scope: Scope, span: Span): VJson {
  const statements: V[] = [];
  mergeStatements(statements, documentStatements(ev, body, 'source_policy_documents', scope, true));
  mergeStatements(statements, documentStatements(ev, body, 'source_json', scope, false));
  const own = blocksOrArgumentsOf(ev, body, 'statement', scope).map((block) =>
    // The Sid is read apart: a statement that is unknown for its condition still replaces by its Sid.
    'unknown' in block ? block.unknown : withSid(statement(ev, block.body, block.scope, block.span), optional(ev, block.body, 'sid', block.scope)),
  );
  mergeStatements(statements, own);
  mergeStatements(statements, documentStatements(ev, body, 'override_policy_documents', scope, true));
  mergeStatements(statements, documentStatements(ev, body, 'override_json', scope, false));
  const version = optional(ev, body, 'version', scope) ?? scalar('2012-10-17', span);
  const pairs: [string, V][] = [['Version', version]];
  const id = optional(ev, body, 'policy_id', scope);
  if (id) pairs.push(['Id', id]);
  pairs.push(['Statement', varray(statements, span)]);
  return { t: 'json', value: objectOf(pairs, span), span };
}

/** A statement's Sid, kept beside an unknown statement (the statement itself may be unknown for its condition). */
const SIDS = new WeakMap<V, V>();

function withSid(statement: V, sid: V | undefined): V {
  if (sid && statement.t === 'unknown') SIDS.set(statement, sid);
  return statement;
}

/** A statement's Sid: a string (blank for none), or undefined when it is not known statically. */
function sidOf(statement: V): string | undefined {
  const sid = statement.t === 'object' ? entry(statement, 'Sid') : SIDS.get(statement);
  if (sid === undefined || isNull(sid)) return statement.t === 'object' || SIDS.has(statement) ? '' : undefined;
  return knownString(sid) ?? (sid.t === 'scalar' ? String(sid.value) : undefined);
}

/**
 * The provider's merge (`IAMPolicyDoc.Merge`): a statement with a Sid replaces, in place, the earlier
 * statement with the same Sid; any other is appended. One whose Sid cannot be known may replace any
 * earlier statement that has a Sid, so those become unknown.
 */
function mergeStatements(into: V[], statements: V[]): void {
  for (const next of statements) {
    const sid = sidOf(next);
    if (sid === undefined) {
      for (let i = 0; i < into.length; i++) {
        const earlier = into[i]!;
        if (sidOf(earlier) !== '') into[i] = unknown('a statement that may be replaced by one whose Sid is not known statically', earlier.span);
      }
    }
    const same = sid ? into.findIndex((earlier) => sidOf(earlier) === sid) : -1;
    if (same === -1) into.push(next);
    else into[same] = next;
  }
}

/** An argument's value, or undefined when it is not written or null. */
function optional(ev: Evaluator, body: Body, name: string, scope: Scope): V | undefined {
  const attribute = body.attributes.find((a) => a.name === name);
  if (!attribute) return undefined;
  const value = ev.eval(attribute.expr, scopeFor(scope, attribute));
  return isNull(value) ? undefined : value;
}

/** The statements of other documents (`source_policy_documents = [data.x.json]`). */
function documentStatements(ev: Evaluator, body: Body, name: string, scope: Scope, isList: boolean): V[] {
  const value = optional(ev, body, name, scope);
  if (!value) return [];
  if (value.t === 'unknown' || value.t === 'error') return [unknown(`${name}: ${describeProblem(value)}`, value.span)];
  const documents = isList ? (value.t === 'array' ? value.items : [unknown(`${name} is not a list`, value.span)]) : [value];
  return documents.flatMap((document): V[] => {
    if (isNull(document)) return [];
    const tree = document.t === 'json' ? document.value : policyDocument(toRValue(document));
    if (tree.t !== 'object') return [tree.t === 'unknown' ? tree : unknown(`a document of ${name} is not an object`, document.span)];
    const inner = entry(tree, 'Statement');
    if (!inner) return [];
    return inner.t === 'array' ? inner.items : [inner];
  });
}

function statement(ev: Evaluator, body: Body, scope: Scope, span: Span): V {
  const pairs: [string, V][] = [];
  for (const [argument, key] of STATEMENT_ATTRIBUTES) {
    const value = optional(ev, body, argument, scope);
    if (value) pairs.push([key, value.t === 'error' ? unknown(value.why, value.span) : value]);
  }
  if (!pairs.some(([key]) => key === 'Effect')) pairs.splice(pairs[0]?.[0] === 'Sid' ? 1 : 0, 0, ['Effect', scalar('Allow', span)]);
  for (const [type, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
    const principal = principals(ev, body, type, scope);
    if (principal) pairs.push([key, principal]);
  }
  const condition = conditions(ev, body, scope);
  // A condition we cannot read could be the one that pins the caller: the statement is then unknown.
  if (condition?.t === 'unknown') return unknown(`a condition of the statement: ${condition.why}`, span);
  if (condition) pairs.push(['Condition', condition]);
  return objectOf(pairs, span);
}

/** `principals { type, identifiers }` blocks (or Terraform 0.11's `principals = { … }`) → `{ Service: [...], AWS: [...] }`, or `"*"`. */
function principals(ev: Evaluator, body: Body, type: string, scope: Scope): V | undefined {
  const blocks = blocksOrArgumentsOf(ev, body, type, scope);
  if (blocks.length === 0) return undefined;
  const byType = new Map<string, V[]>();
  let span: Span | undefined;
  for (const block of blocks) {
    if ('unknown' in block) return block.unknown;
    span ??= block.span;
    const kind = evaluated(ev, block.body, 'type', block.scope);
    const identifiers = evaluated(ev, block.body, 'identifiers', block.scope);
    const name = kind ? knownString(kind) : undefined;
    if (name === undefined) return unknown('a principal type that is not known statically', block.span);
    if (!identifiers) continue;
    if (name === '*') return scalar('*', identifiers.span);
    const list = identifiers.t === 'array' ? identifiers.items : [identifiers];
    byType.set(name, [...(byType.get(name) ?? []), ...list]);
  }
  return objectOf([...byType].map(([k, items]): [string, V] => [k, varray(items, items[0]?.span ?? span!)]), span!);
}

/** `condition { test, variable, values }` blocks → `{ <test>: { <variable>: values } }`. */
function conditions(ev: Evaluator, body: Body, scope: Scope): V | undefined {
  const blocks = blocksOrArgumentsOf(ev, body, 'condition', scope);
  if (blocks.length === 0) return undefined;
  const tests = new Map<string, [string, V][]>();
  let span: Span | undefined;
  for (const block of blocks) {
    if ('unknown' in block) return block.unknown;
    span ??= block.span;
    const test = knownString(evaluated(ev, block.body, 'test', block.scope) ?? scalar(null, block.span));
    const variable = knownString(evaluated(ev, block.body, 'variable', block.scope) ?? scalar(null, block.span));
    if (test === undefined || variable === undefined) return unknown('a condition whose test or variable is not known statically', block.span);
    const values = evaluated(ev, block.body, 'values', block.scope) ?? varray([], block.span);
    // Pushed, not copied: a statement of 100,000 conditions (Terraform 0.11's repeated `condition = { … }`) copied 5 billion pairs.
    const pairs = tests.get(test);
    if (pairs) pairs.push([variable, values]);
    else tests.set(test, [[variable, values]]);
  }
  return objectOf([...tests].map(([test, pairs]): [string, V] => [test, objectOf(pairs, span!)]), span!);
}

function evaluated(ev: Evaluator, body: Body, name: string, scope: Scope): V | undefined {
  const attribute = body.attributes.find((a) => a.name === name);
  if (!attribute) return undefined;
  const value = ev.eval(attribute.expr, scopeFor(scope, attribute));
  return value.t === 'error' ? unknown(value.why, value.span) : value;
}

