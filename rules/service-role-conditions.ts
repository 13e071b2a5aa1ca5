/**
 * Conditions that a request made with a service role never meets. The flow-logs service assumes the
 * delivery role and calls CloudWatch Logs as that role, so an `Allow` whose `Condition` its requests
 * cannot meet grants the delivery nothing:
 * - `aws:ViaAWSService` or `aws:PrincipalIsAWSService` tested `true` (`Bool`): IAM documents the first
 *   as "false if the service uses a service role or service-linked role to make a call on the
 *   principal's behalf", and the second as "also set to false if the service uses a service role"
 *   (appvia's terraform-aws-vpc-flow-logs wrote `aws:ViaAWSService = true` on its delivery grants);
 * - any `sts:` key (`sts:ExternalId`, `sts:RoleSessionName`) matched by an operator that needs the key:
 *   STS keys are in AssumeRole requests only, never in a CloudWatch Logs request. CDK's
 *   `PolicyStatement.addAccountCondition()` writes `StringEquals: {sts:ExternalId: account}`, meant
 *   for trust policies; on the delivery policy it leaves the flow log in "Access error".
 */
import { coversAction, type ConditionTest, type Statement } from '../src/graph/iam.js';

const FALSE_FOR_SERVICE_ROLES = new Map([
  ['aws:viaawsservice', 'aws:ViaAWSService'],
  ['aws:principalisawsservice', 'aws:PrincipalIsAWSService'],
]);

/**
 * Operators that hold only when the key is in the request: not negated (`StringNotEquals` holds for a
 * missing key), not `…IfExists`, not `ForAllValues:` (which holds for none), not `Null`.
 */
const NEEDS_KEY = /^(?:foranyvalue:)?(?:string(?:equals|equalsignorecase|like)|arn(?:equals|like)|numeric(?:equals|lessthan|lessthanequals|greaterthan|greaterthanequals)|date(?:equals|lessthan|lessthanequals|greaterthan|greaterthanequals)|bool|ipaddress|binaryequals)$/;

/**
 * Why an `Allow` statement never applies to a request made with a service role, as the end of
 * "granted … only {when}"; undefined when it may apply, also when its `Condition` is known only at
 * deploy time. `Bool` of `aws:ViaAWSService` counts only when every value is known and `true`:
 * `BoolIfExists` holds where a service leaves the key out.
 */
export function onlyWithoutServiceRole(statement: Statement): string | undefined {
  if (statement.effect !== 'Allow' || statement.conditionUnknown) return undefined;
  for (const test of statement.conditions) {
    const when = unmet(test);
    if (when !== undefined) return when;
  }
  return undefined;
}

function unmet(test: ConditionTest): string | undefined {
  const serviceKey = FALSE_FOR_SERVICE_ROLES.get(test.key);
  if (serviceKey !== undefined) {
    if (test.operator !== 'bool' || test.values.length === 0) return undefined;
    if (!test.values.every((value) => value !== undefined && value.toLowerCase() === 'true')) return undefined;
    return `when ${serviceKey} is true, which it never is when the flow-logs service uses its delivery role`;
  }
  if (test.key.startsWith('sts:') && NEEDS_KEY.test(test.operator)) {
    return `when ${test.written ?? test.key} matches, a key only sts:AssumeRole requests carry, never the flow-logs service's CloudWatch Logs requests`;
  }
  return undefined;
}

/** An `Allow` of some of the lacking delivery actions that the service's requests never meet. */
export interface ConditionedGrant {
  statement: Statement;
  /** Why it never applies: the end of "granted … only {when}". */
  when: string;
  actions: string[];
}

export function conditionedGrants(statements: Statement[], missing: string[]): ConditionedGrant[] {
  const out: ConditionedGrant[] = [];
  for (const statement of statements) {
    const when = onlyWithoutServiceRole(statement);
    const actions = when === undefined ? [] : missing.filter((action) => coversAction(statement, action.toLowerCase()) === true);
    if (when !== undefined && actions.length > 0) out.push({ statement, when, actions });
  }
  return out;
}
