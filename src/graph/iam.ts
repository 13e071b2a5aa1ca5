/**
 * IAM policy documents normalised for rules: statements with effect, principals, actions and the
 * condition keys present. Both CloudFormation (objects) and Terraform (jsonencode / policy documents)
 * arrive here as `RValue` trees, so one reading serves both.
 */
import type { Span } from '../core/source.js';
import type { RValue } from './model.js';

export interface Principal {
  /** `Service`, `AWS`, `Federated`, `CanonicalUser`, or `*` for `Principal: "*"`. */
  type: string;
  /** The principal (`vpc-flow-logs.amazonaws.com`, `*`, an account ARN), or undefined when unknown. */
  value: string | undefined;
  span: Span;
}

export interface Statement {
  effect: 'Allow' | 'Deny' | 'unknown';
  principals: Principal[];
  /** Lower-cased action patterns; `undefined` entries are actions that cannot be known. */
  actions: (string | undefined)[];
  /** True when the statement uses `NotAction` (we then cannot say what it grants). */
  notAction: boolean;
  /** Condition keys (lower-cased, e.g. `aws:sourceaccount`) used by any operator of the statement. */
  conditionKeys: string[];
  span: Span;
}

export type PolicyReading = { state: 'known'; statements: Statement[] } | { state: 'unknown'; why: string };

export function readPolicy(doc: RValue | undefined): PolicyReading {
  if (!doc) return { state: 'unknown', why: 'no policy document' };
  if (doc.t === 'unknown') return { state: 'unknown', why: doc.why };
  if (doc.t !== 'object') return { state: 'unknown', why: 'the policy document is not an object' };
  const raw = doc.entries['Statement'];
  if (!raw) return { state: 'known', statements: [] };
  if (raw.t === 'unknown') return { state: 'unknown', why: raw.why };
  const items = raw.t === 'array' ? raw.items : [raw];
  const statements: Statement[] = [];
  for (const item of items) {
    if (item.t === 'unknown') return { state: 'unknown', why: item.why };
    if (item.t === 'object') statements.push(readStatement(item));
  }
  return { state: 'known', statements };
}

function readStatement(statement: Extract<RValue, { t: 'object' }>): Statement {
  const e = statement.entries;
  const effect = e['Effect']?.t === 'scalar' ? (e['Effect'].value === 'Deny' ? 'Deny' : e['Effect'].value === 'Allow' ? 'Allow' : 'unknown') : 'unknown';
  const actionValue = e['Action'] ?? e['NotAction'];
  return {
    effect,
    principals: readPrincipals(e['Principal']),
    actions: actionValue ? strings(actionValue).map((a) => a?.toLowerCase()) : [],
    notAction: e['NotAction'] !== undefined,
    conditionKeys: readConditionKeys(e['Condition']),
    span: statement.span,
  };
}

function readPrincipals(value: RValue | undefined): Principal[] {
  if (!value) return [];
  if (value.t === 'scalar' || value.t === 'unknown' || value.t === 'template' || value.t === 'ref') {
    return [{ type: '*', value: value.t === 'scalar' ? String(value.value) : undefined, span: value.span }];
  }
  if (value.t !== 'object') return [];
  const principals: Principal[] = [];
  for (const [type, members] of Object.entries(value.entries)) {
    const items = members.t === 'array' ? members.items : [members];
    for (const item of items) {
      principals.push({ type, value: item.t === 'scalar' && typeof item.value === 'string' ? item.value : undefined, span: item.span });
    }
  }
  return principals;
}

function readConditionKeys(value: RValue | undefined): string[] {
  if (!value || value.t !== 'object') return [];
  const keys: string[] = [];
  for (const block of Object.values(value.entries)) {
    if (block.t === 'object') keys.push(...Object.keys(block.entries).map((k) => k.toLowerCase()));
  }
  return keys;
}

/** A string or list of strings; unknown members become `undefined`. */
export function strings(value: RValue): (string | undefined)[] {
  const items = value.t === 'array' ? value.items : [value];
  return items.map((item) => (item.t === 'scalar' && typeof item.value === 'string' ? item.value : undefined));
}

/** Does an action pattern (`logs:*`, `logs:Put*`, `*`) grant `action`? Both compared lower-case. */
export function actionMatches(pattern: string, action: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === action;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(action);
}

/** Whether a statement allows assuming the role (sts:AssumeRole or a wildcard covering it). */
export function allowsAssumeRole(statement: Statement): boolean {
  if (statement.effect !== 'Allow' || statement.notAction) return false;
  return statement.actions.some((a) => a === undefined || actionMatches(a, 'sts:assumerole'));
}

/** Do the statements allow `action` (lower-case)? An explicit Deny of it wins, as in IAM. */
export function allowsAction(statements: Statement[], action: string): boolean {
  const matches = (s: Statement) => s.actions.some((a) => a !== undefined && actionMatches(a, action));
  if (statements.some((s) => s.effect === 'Deny' && !s.notAction && matches(s))) return false;
  return statements.some((s) => s.effect === 'Allow' && !s.notAction && matches(s));
}
