/**
 * A retention CloudWatch Logs refuses names the fix most authors mean: the shortest accepted value at
 * least as long as the one written and as `minimumDays` (seven years written as 2555 days is 2557).
 * Past 3653, the longest CloudWatch keeps, there is none: the message lists the accepted values.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine/lint.js';
import { logGroupRetention } from '../../rules/log-group-retention.js';

const yaml = (days: string) =>
  [
    'Resources:',
    '  AuditTrailLogGroup:',
    '    Type: AWS::Logs::LogGroup',
    '    Properties:',
    '      LogGroupName: /aws/cloudtrail/organization-trail',
    `      RetentionInDays: ${days}`,
    '',
  ].join('\n');

async function refusal(days: string, minimumDays = 365) {
  const { graph } = await analyze({ documents: [{ path: 'trail.yaml', text: yaml(days) }] }, { rules: {} });
  const findings = logGroupRetention.check(graph, { minimumDays });
  expect(findings).toHaveLength(1);
  const [finding] = findings;
  return { messageId: finding!.messageId, nearest: finding!.data?.['nearest'], atLeast: finding!.data?.['atLeast'] };
}

describe('a retention CloudWatch refuses, and the value to use instead', () => {
  it.each([
    ['2555', 365, 2557, 2555],
    ['2555.5', 365, 2557, 2556],
    ['45', 365, 365, 365],
    ['45', 30, 60, 45],
    ['366', 365, 400, 366],
    ['0', 365, 365, 365],
    ['-7', 14, 14, 14],
    ['3000', 3500, 3653, 3500],
  ])('%s days with minimumDays %i: use %i (at least %i)', async (days, minimumDays, nearest, atLeast) => {
    expect(await refusal(days, minimumDays)).toEqual({ messageId: 'invalidNearest', nearest, atLeast });
  });

  it.each([['4000'], ['1e400']])('%s days: no longer value to name, so the list', async (days) => {
    expect(await refusal(days)).toEqual({ messageId: 'invalid', nearest: undefined, atLeast: undefined });
  });

  it('says so in the message', async () => {
    const { graph } = await analyze({ documents: [{ path: 'trail.yaml', text: yaml('2555') }] }, { rules: {} });
    const [finding] = logGroupRetention.check(graph, { minimumDays: 365 });
    const template = logGroupRetention.meta.messages[finding!.messageId]!;
    const message = template.replace(/\{(\w+)\}/g, (_, key: string) => String(finding!.data?.[key] ?? ''));
    expect(message).toContain('has retention 2555, which CloudWatch Logs does not accept (deployment fails); use 2557, the shortest it accepts of at least 2555 days, or another of 1, 3, 5');
  });
});
