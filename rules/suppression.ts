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
      'One written in a shape flowguard does not read, or attached to no resource, suppresses nothing and is reported too, ' +
      'as is a tfsec or trivy comment whose exp: date has passed (or is no date) on a finding it would otherwise suppress.',
    defaultLevel: 'note',
    securitySeverity: '1.0',
    tags: ['security', 'maintainability'],
    messages: {
      noReason: 'Suppression of {rule} on {resource} gives no reason; say why the finding is safe to ignore',
      unused: 'Suppression of {rule} on {resource} matches no finding; remove it',
      unknownRule: 'Suppression of {rule} on {resource} names no flowguard rule{hint}, so it suppresses nothing; correct the rule id',
      malformed: 'Suppression on {resource} suppresses nothing: {problem}',
      expired:
        'Suppression `{directive}` on {resource} expired on {date}, so {rule} is reported there again, as trivy and tfsec do; fix the finding, or set a later date if the exception still holds',
      notADate:
        'Suppression `{directive}` on {resource} expires on `{date}`, which is no date of the form YYYY-MM-DD; trivy and tfsec treat it as expired, so it does not suppress {rule}; write a real date as YYYY-MM-DD',
      detached:
        'Suppression `{directive}` is attached to no resource or module block, so it suppresses nothing; put it on the line right above the `resource` or `module` block (no blank line between), or inside it',
    },
    options: {},
  },
  // Computed by the engine from the suppressions it applied (src/engine/suppress.ts).
  check: () => [],
};

