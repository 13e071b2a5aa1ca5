/**
 * Conditions that a request made with a service role never meets. The flow-logs service assumes the
 * delivery role and calls CloudWatch Logs as that role: IAM documents `aws:ViaAWSService` as "false if
 * the service uses a service role or service-linked role to make a call on the principal's behalf",
 * and `aws:PrincipalIsAWSService` as "also set to false if the service uses a service role". An
 * `Allow` that holds only when one of them is true grants the delivery nothing (appvia's
 * terraform-aws-vpc-flow-logs wrote `aws:ViaAWSService = true` on its delivery grants, so its flow
 * logs stay in "Access error").
 */
import { coversAction, type Statement } from '../src/graph/iam.js';

const FALSE_FOR_SERVICE_ROLES = new Map([
  ['aws:viaawsservice', 'aws:ViaAWSService'],
  ['aws:principalisawsservice', 'aws:PrincipalIsAWSService'],
]);

/**
 * The key, as IAM spells it, of a test that keeps an `Allow` statement from ever applying to a
 * request made with a service role: `Bool` (not `BoolIfExists`, which holds where a service leaves
 * the key out) of one of the keys above, whose every value is known and `true`. Undefined otherwise,
 * also when the `Condition` is known only at deploy time.
 */
export function onlyWithoutServiceRole(statement: Statement): string | undefined {
  if (statement.effect !== 'Allow' || statement.conditionUnknown) return undefined;
  for (const test of statement.conditions) {
    const key = FALSE_FOR_SERVICE_ROLES.get(test.key);
    if (key === undefined || test.operator !== 'bool' || test.values.length === 0) continue;
    if (test.values.every((value) => value !== undefined && value.toLowerCase() === 'true')) return key;
  }
  return undefined;
}

/** An `Allow` of some of the lacking delivery actions that the service's requests never meet. */
export interface ConditionedGrant {
  statement: Statement;
  /** The condition key that keeps it from applying, as IAM spells it. */
  key: string;
  actions: string[];
}

export function conditionedGrants(statements: Statement[], missing: string[]): ConditionedGrant[] {
  const out: ConditionedGrant[] = [];
  for (const statement of statements) {
    const key = onlyWithoutServiceRole(statement);
    const actions = key === undefined ? [] : missing.filter((action) => coversAction(statement, action.toLowerCase()) === true);
    if (key !== undefined && actions.length > 0) out.push({ statement, key, actions });
  }
  return out;
}
