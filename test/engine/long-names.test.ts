import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { shortenQuoted } from '../../src/engine/finalize.js';

/** A network stack whose flow log refers to a role by a name nobody declared: a 50,000-character one. */
function template(roleName: string): string {
  return JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        FlowLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 400 } },
        VpcFlowLog: {
          Type: 'AWS::EC2::FlowLog',
          Properties: {
            ResourceId: { Ref: 'Vpc' },
            ResourceType: 'VPC',
            TrafficType: 'ALL',
            LogGroupName: { Ref: 'FlowLogGroup' },
            DeliverLogsPermissionArn: { 'Fn::GetAtt': [roleName, 'Arn'] },
          },
        },
      },
    },
    null,
    2,
  );
}

describe('names of absurd length in messages', () => {
  it('keeps the start and end of a long quoted name, and its length, in every message that quotes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowguard-long-names-'));
    try {
      mkdirSync(join(dir, 'stacks'));
      const name = `FlowLogRole${'x'.repeat(50_000)}End`;
      writeFileSync(join(dir, 'stacks', 'network.json'), template(name));
      const result = await lint([], { cwd: dir });
      const quoting = result.findings.filter((f) => f.message.includes('FlowLogRolexxx') || f.related.some((r) => r.message.includes('FlowLogRolexxx')));
      expect(quoting.length).toBeGreaterThan(0);
      for (const finding of quoting) {
        for (const message of [finding.message, ...finding.related.map((r) => r.message)]) {
          expect(message.length).toBeLessThan(2_000);
          if (message.includes('FlowLogRolexxx')) expect(message).toContain('xxxEnd` (50,014 characters)');
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves messages of usual length, and short names in long messages, as they are', () => {
    const usual = 'Flow log `VpcFlowLog` is never created: it declares no resource `FlowLogRole`';
    expect(shortenQuoted(usual)).toBe(usual);
    const long = `${'a'.repeat(2_100)} \`Short\` and \`${'b'.repeat(201)}\``;
    expect(shortenQuoted(long)).toBe(`${'a'.repeat(2_100)} \`Short\` and \`${'b'.repeat(120)}…${'b'.repeat(40)}\` (201 characters)`);
  });
});
