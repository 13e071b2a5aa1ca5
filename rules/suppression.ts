/**
 * suppression — not a check of the graph: the engine reports, under this id, inline suppressions that
 * give no reason or suppress nothing (a misspelt rule id, an unread shape, a comment on no block), so
 * they can be configured (or turned off) like any rule.
 */
import type { Rule } from '../src/core/rule.js';

export const suppression: Rule = {
  meta: {
    id: 'suppression',
    name: 'SuppressionHygiene',
    shortDescription: 'Suppressions must give a reason and suppress something.',
    fullDescription:
      'An inline suppression (CloudFormation Metadata.flowguard.ignore, Terraform # flowguard:ignore) must say why, ' +
      'and one that no longer matches a finding should be removed so it cannot hide a future problem. ' +
      'One written in a shape flowguard does not read, or attached to no resource, suppresses nothing and is reported too.',
    defaultLevel: 'note',
    securitySeverity: '1.0',
    tags: ['security', 'maintainability'],
    messages: {
      noReason: 'Suppression of {rule} on {resource} gives no reason; say why the finding is safe to ignore',
      unused: 'Suppression of {rule} on {resource} matches no finding; remove it',
      unknownRule: 'Suppression of {rule} on {resource} names no flowguard rule{hint}, so it suppresses nothing; correct the rule id',
      malformed: 'Suppression on {resource} suppresses nothing: {problem}',
      detached:
        'Suppression `{directive}` is attached to no resource or module block, so it suppresses nothing; put it on the line right above the `resource` or `module` block (no blank line between), or inside it',
    },
    options: {},
  },
  // Computed by the engine from the suppressions it applied (src/engine/suppress.ts).
  check: () => [],
};

