/** The rule registry: every rule flowguard runs, in the order SARIF `rules[]` lists them. */
import type { Rule } from '../src/core/rule.js';
import { flowLogDelivery } from './flow-log-delivery.js';
import { logGroupRetention } from './log-group-retention.js';
import { parseError } from './parse-error.js';
import { roleTrustPrincipal } from './role-trust-principal.js';
import { suppression } from './suppression.js';
import { vpcFlowLogs } from './vpc-flow-logs.js';

export const RULES: readonly Rule[] = [vpcFlowLogs, logGroupRetention, roleTrustPrincipal, flowLogDelivery, parseError, suppression];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
