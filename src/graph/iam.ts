/**
 * IAM policy documents normalised for rules: statements with effect, principals, actions and the
 * condition keys present. Both CloudFormation (objects) and Terraform (jsonencode / policy documents)
 * arrive here as `RValue` trees, so one reading serves both.
 */
import type { Span } from '../core/source.js';
import { resourcePatterns, type ResourcePattern } from './iam-resources.js';
import { DNS_SUFFIX, type RUnknown, type RValue } from './model.js';
import { members } from './values.js';

export interface Principal {
  /** `Service`, `AWS`, `Federated`, `CanonicalUser`, or `*` for `Principal: "*"`. */
  type: string;
  /** The principal (`vpc-flow-logs.amazonaws.com`, `*`, an account ARN), or undefined when unknown. */
  value: string | undefined;
  /** Unknown, and perhaps not there at all in the deployment (a branch of an `Fn::If` may be `AWS::NoValue`). */
  mayBeAbsent?: true;
  /** Unknown because flowguard does not evaluate the function it is written with (`RUnknown.unevaluated`): why, for a note. */
  unevaluated?: string;
  span: Span;
  /**
   * Where the principal's value is set when not where the policy uses it: a wrapper module's
   * `Principal = { Service = var.service }` takes it from `service = "ec2.amazonaws.com"` in the caller.
   */
  origin?: Span[];
}

export interface Statement {
  effect: 'Allow' | 'Deny' | 'unknown';
  principals: Principal[];
  /** Where `NotPrincipal` is written, if it is: with `Allow`, it lets in everyone but the principals it names. */
  notPrincipal?: Span;
  /** Lower-cased action patterns; `undefined` entries are actions that cannot be known. */
  actions: (string | undefined)[];
  /** True when the statement uses `NotAction`: it covers every action but those of `actions`. */
  notAction: boolean;
  /** Each test of the `Condition` block: operator and key (lower-cased, `aws:sourceaccount`), and the values (undefined: unknown). */
  conditions: ConditionTest[];
  /** Whether the statement has a `Condition` at all (it may then not apply to a given request). */
  conditional: boolean;
  /** The `Condition`, or an operator's block in it, is known only at deploy time: `conditions` may miss tests. */
  conditionUnknown?: true;
  /** Whether it applies to every resource: `Resource: "*"` (no `NotResource`). */
  everyResource: boolean;
  /** The `Resource` entries; absent with `NotResource` or without `Resource` (then it may cover anything). */
  resources?: ResourcePattern[];
  span: Span;
}

export interface ConditionTest {
  operator: string;
  key: string;
  /** The key as the policy writes it (`sts:ExternalId`), for messages. */
  written?: string;
  values: (string | undefined)[];
}

/** `unevaluated`: the document cannot be read because flowguard does not evaluate a function it is written with. */
export type PolicyReading = { state: 'known'; statements: Statement[] } | { state: 'unknown'; why: string; unevaluated?: true };

export function readPolicy(doc: RValue | undefined): PolicyReading {
  if (!doc) return { state: 'unknown', why: 'no policy document' };
  if (doc.t === 'unknown') return unreadable(doc);
  if (doc.t !== 'object') return { state: 'unknown', why: 'the policy document is not an object' };
  const raw = doc.entries['Statement'];
  if (!raw) return { state: 'known', statements: [] };
  if (raw.t === 'unknown') return unreadable(raw);
  const items = members(raw);
  const statements: Statement[] = [];
  for (const item of items) {
    if (item.t === 'unknown') return unreadable(item);
    if (item.t === 'object') statements.push(readStatement(item));
  }
  return { state: 'known', statements };
}

function unreadable(value: RUnknown): PolicyReading {
  return value.unevaluated === undefined ? { state: 'unknown', why: value.why } : { state: 'unknown', why: value.why, unevaluated: true };
}

function readStatement(statement: Extract<RValue, { t: 'object' }>): Statement {
  const e = statement.entries;
  const effect = e['Effect']?.t === 'scalar' ? (e['Effect'].value === 'Deny' ? 'Deny' : e['Effect'].value === 'Allow' ? 'Allow' : 'unknown') : 'unknown';
  const actionValue = e['Action'] ?? e['NotAction'];
  const notPrincipal = e['NotPrincipal'];
  const condition = e['Condition'];
  const resources = e['NotResource'] === undefined && e['Resource'] !== undefined ? resourcePatterns(e['Resource']) : undefined;
  return {
    effect,
    principals: readPrincipals(e['Principal']),
    ...(notPrincipal ? { notPrincipal: notPrincipal.span } : {}),
    actions: actionValue ? strings(actionValue).map((a) => a?.toLowerCase()) : [],
    notAction: e['NotAction'] !== undefined,
    conditions: readConditions(condition),
    conditional: condition !== undefined,
    ...(isUnknownCondition(condition) ? { conditionUnknown: true as const } : {}),
    everyResource: resources?.some((pattern) => pattern.whole && pattern.text === '*') ?? false,
    ...(resources ? { resources } : {}),
    span: statement.span,
  };
}

function readPrincipals(value: RValue | undefined): Principal[] {
  if (!value) return [];
  if (value.t === 'scalar' || value.t === 'unknown' || value.t === 'template' || value.t === 'ref') {
    return [{ type: '*', value: value.t === 'scalar' ? String(value.value) : undefined, span: value.span, ...unevaluatedWhy(value) }];
  }
  if (value.t !== 'object') return [];
  const principals: Principal[] = [];
  for (const [type, listed] of Object.entries(value.entries)) {
    const items = members(listed);
    // An unknown item may be `AWS::NoValue` in some deployment (`!If [Cond, arn, !Ref AWS::NoValue]`);
    // a template (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`) is there in every one.
    for (const item of items) principals.push({ type, value: principalText(item), span: item.span, ...(item.t === 'unknown' ? { mayBeAbsent: true } : {}), ...(item.origin?.length ? { origin: item.origin } : {}), ...unevaluatedWhy(item) });
  }
  return principals;
}

function unevaluatedWhy(value: RValue): { unevaluated: string } | Record<string, never> {
  return value.t === 'unknown' && value.unevaluated !== undefined ? { unevaluated: value.why } : {};
}

/**
 * A principal's text, when known. A service written with the partition's DNS suffix
 * (`ec2.${AWS::URLSuffix}`, `"ec2.${data.aws_partition.current.dns_suffix}"`) is that service
 * whatever the suffix: it is read as `ec2.amazonaws.com`, the name the rules compare.
 */
function principalText(item: RValue): string | undefined {
  if (item.t === 'scalar') return typeof item.value === 'string' ? item.value : undefined;
  if (item.t !== 'template' || item.parts.length !== 2) return undefined;
  const [service, suffix] = item.parts;
  const isSuffix = typeof suffix !== 'string' && suffix?.t === 'unknown' && suffix.symbol === DNS_SUFFIX;
  return typeof service === 'string' && /^[a-z0-9-]+(\.[a-z0-9-]+)*\.$/.test(service) && isSuffix ? `${service}amazonaws.com` : undefined;
}

/**
 * The service a `Service` principal names, as the rules compare it. In the China regions services
 * are also written with the partition's own suffix (`ec2.amazonaws.com.cn`, as the EKS node group
 * templates map it for `aws-cn`); which partition a template is deployed to is not known here, so
 * that is the same service as `ec2.amazonaws.com`.
 */
export function serviceOf(principal: Principal): string | undefined {
  if (principal.type !== 'Service' || principal.value === undefined) return undefined;
  return principal.value.endsWith('.amazonaws.com.cn') ? principal.value.slice(0, -'.cn'.length) : principal.value;
}

function readConditions(value: RValue | undefined): ConditionTest[] {
  if (!value || value.t !== 'object') return [];
  const tests: ConditionTest[] = [];
  for (const [operator, block] of Object.entries(value.entries)) {
    if (block.t !== 'object') continue;
    for (const [key, values] of Object.entries(block.entries)) tests.push({ operator: operator.toLowerCase(), key: key.toLowerCase(), written: key, values: conditionValues(values) });
  }
  return tests;
}

/**
 * A condition's values as IAM compares them, as text: a YAML or `jsonencode` `true` (`Bool:
 * {aws:SecureTransport: true}`) or a number is the same test as its quoted form. Unknown members
 * become `undefined`.
 */
function conditionValues(value: RValue): (string | undefined)[] {
  const items = members(value);
  return items.map((item) => (item.t === 'scalar' && (typeof item.value === 'string' || typeof item.value === 'boolean' || typeof item.value === 'number') ? String(item.value) : undefined));
}

function isUnknownCondition(value: RValue | undefined): boolean {
  if (!value) return false;
  return value.t === 'unknown' || (value.t === 'object' && Object.values(value.entries).some((block) => block.t === 'unknown'));
}

/** Operators that hold only when the key has one of the values (or matches one of the patterns). */
const MATCHING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

/**
 * Whether a condition test pins `key` to fixed values: a matching operator (not negated, not
 * `…IfExists`, which holds when the key is missing, not `ForAllValues:`, which holds for none), with
 * values that are not wildcards for everything. In an ARN, the account must be fixed. An unknown
 * value (`!Ref AWS::AccountId`) is taken to be a fixed one: a rule never fails on what it cannot know.
 */
export function pinsKey(test: ConditionTest, key: string): boolean {
  if (test.key !== key || test.values.length === 0) return false;
  const operator = test.operator.replace(/^foranyvalue:/, '');
  if (!MATCHING_OPERATORS.has(operator)) return false;
  return test.values.every((value) => value === undefined || isFixed(value, key));
}

const EXCLUDING_OPERATORS = new Set(['stringnotequals', 'stringnotequalsignorecase', 'stringnotlike', 'arnnotequals', 'arnnotlike']);

/**
 * Whether a condition test holds for every value of `key` but fixed ones: a negated operator, also
 * `…IfExists` (which holds, too, when the key is missing), with values that are not wildcards for
 * everything. In a `Deny`, such a test turns away everyone outside those values.
 */
export function excludesAllButKey(test: ConditionTest, key: string): boolean {
  if (test.key !== key || test.values.length === 0) return false;
  if (!EXCLUDING_OPERATORS.has(test.operator.replace(/ifexists$/, ''))) return false;
  return test.values.every((value) => value === undefined || isFixed(value, key));
}

function isFixed(value: string, key: string): boolean {
  if (/^[*?]*$/.test(value)) return false;
  if (!key.endsWith('arn')) return true;
  const account = value.split(':')[4];
  return account === undefined || !/[*?]/.test(account);
}

/** A string or list of strings; unknown members become `undefined`. */
export function strings(value: RValue): (string | undefined)[] {
  const items = members(value);
  return items.map((item) => (item.t === 'scalar' && typeof item.value === 'string' ? item.value : undefined));
}

/** Does an action pattern (`logs:*`, `logs:Put*`, `*`) grant `action`? Both compared lower-case. */
export function actionMatches(pattern: string, action: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === action;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(action);
}

/**
 * Whether a statement's `Action` (or `NotAction`) covers `action` (lower-case): true, false, or
 * undefined when an unknown entry decides it.
 */
export function coversAction(statement: Statement, action: string): boolean | undefined {
  if (statement.actions.some((a) => a !== undefined && actionMatches(a, action))) return !statement.notAction;
  if (statement.actions.some((a) => a === undefined)) return undefined;
  return statement.notAction;
}

/** Whether a statement may allow assuming the role (sts:AssumeRole, a wildcard, or an unknown action covering it). */
export function allowsAssumeRole(statement: Statement): boolean {
  return statement.effect === 'Allow' && coversAction(statement, 'sts:assumerole') !== false;
}

/**
 * Do the statements allow `action` (lower-case)? True, false, or undefined when it cannot be told
 * statically (an unknown `Effect` or action). A `Deny` of the action wins, as in IAM, when it applies
 * to every request: one limited to some resources or by a condition may not be the one that matters.
 */
export function allowsAction(statements: Statement[], action: string): boolean | undefined {
  let unsure = false;
  for (const s of statements) {
    if (s.effect === 'Allow') continue;
    const covered = coversAction(s, action);
    if (covered === false) continue;
    if (s.effect === 'Deny' && covered === true && s.everyResource && !s.conditional) return false;
    // An unknown effect or action leaves the answer open; a scoped or conditional Deny does not count.
    if (s.effect === 'unknown' || covered === undefined) unsure = true;
  }
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    const covered = coversAction(s, action);
    if (covered === true) return unsure ? undefined : true;
    if (covered === undefined) unsure = true;
  }
  return unsure ? undefined : false;
}
