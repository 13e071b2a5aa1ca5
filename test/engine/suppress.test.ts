import { Buffer } from 'node:buffer';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import type { LintOptions } from '../../src/engine/options.js';

async function run(files: Record<string, string>, options: LintOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-suppress-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return await lint([], { ...options, cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const vpc = (metadata: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  LegacyVpc:
    Type: AWS::EC2::VPC
${metadata}    Properties:
      CidrBlock: 10.0.0.0/16
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 400
`;

describe('in-source suppressions', () => {
  it('keeps a suppressed finding, marked, with its reason', async () => {
    const result = await run({ 'vpc.yaml': vpc('    Metadata:\n      flowguard:\n        ignore:\n          - rule: vpc-flow-logs\n            reason: Logged by the central network account.\n') });
    const finding = result.findings.find((f) => f.ruleId === 'vpc-flow-logs');
    expect(finding?.suppressions).toEqual([{ kind: 'inSource', justification: 'Logged by the central network account.' }]);
    expect(result.findings.filter((f) => f.ruleId === 'suppression')).toEqual([]);
  });

  it('reports a suppression without a reason, and still applies it', async () => {
    const result = await run({ 'vpc.yaml': vpc('    Metadata:\n      flowguard:\n        ignore:\n          - rule: vpc-flow-logs\n') });
    expect(result.findings.find((f) => f.ruleId === 'vpc-flow-logs')?.suppressions).toHaveLength(1);
    const notes = result.findings.filter((f) => f.ruleId === 'suppression');
    expect(notes.map((n) => [n.level, n.region.startLine, n.message])).toEqual([
      ['note', 8, 'Suppression of vpc-flow-logs on `LegacyVpc` gives no reason; say why the finding is safe to ignore'],
    ]);
  });

  it('reports a suppression that matches no finding', async () => {
    const result = await run({ 'vpc.yaml': vpc('    Metadata:\n      flowguard:\n        ignore:\n          - rule: log-group-retention\n            reason: old\n') });
    expect(result.findings.filter((f) => f.ruleId === 'suppression').map((f) => f.message)).toEqual(['Suppression of log-group-retention on `LegacyVpc` matches no finding; remove it']);
  });

  it.each([
    ['checkov', '    Metadata:\n      checkov:\n        skip:\n          - id: CKV2_AWS_11\n            comment: central account\n', 'central account'],
    ['cfn_nag', '    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W60\n            reason: central account\n', 'central account'],
    ['cdk_nag', '    Metadata:\n      cdk_nag:\n        rules_to_suppress:\n          - id: AwsSolutions-VPC7\n', 'suppressed with cdk_nag AwsSolutions-VPC7 (no reason given)'],
  ])("honours %s's suppression of the same check", async (_peer, metadata, justification) => {
    const result = await run({ 'vpc.yaml': vpc(metadata) });
    expect(result.findings.find((f) => f.ruleId === 'vpc-flow-logs')?.suppressions).toEqual([{ kind: 'inSource', justification }]);
    expect(result.findings.filter((f) => f.ruleId === 'suppression')).toEqual([]);
  });

  describe("cdk-nag's stack suppressions (template Metadata, NagSuppressions.addStackSuppressions)", () => {
    // As cdk-nag synthesises `NagSuppressions.addStackSuppressions(stack, [{ id: 'AwsSolutions-VPC7', reason }])`:
    // the list goes in the template's own Metadata, and cdk-nag applies it to every resource of the stack.
    const stack = (metadata: unknown) =>
      JSON.stringify(
        {
          ...(metadata === undefined ? {} : { Metadata: metadata }),
          Resources: {
            Vpc8378EB38: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' }, Metadata: { 'aws:cdk:path': 'VpcStack/Vpc/Resource' } },
            EdgeVpcB3F1D2A0: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' }, Metadata: { 'aws:cdk:path': 'VpcStack/EdgeVpc/Resource' } },
            AppLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 }, Metadata: { 'aws:cdk:path': 'VpcStack/AppLogs/Resource' } },
          },
        },
        null,
        1,
      );
    const vpc7 = { cdk_nag: { rules_to_suppress: [{ reason: 'VPC Flow Logs are not required for this demo', id: 'AwsSolutions-VPC7' }, { reason: 'AWS managed policies are fine here', id: 'AwsSolutions-IAM4' }] } };

    it('suppresses the check on every VPC of the template, with its reason', async () => {
      const result = await run({ 'VpcStack.template.json': stack(vpc7) });
      const vpcs = result.findings.filter((f) => f.ruleId === 'vpc-flow-logs');
      expect(vpcs.map((f) => [f.resourceId, f.suppressions])).toEqual([
        ['Vpc8378EB38', [{ kind: 'inSource', justification: 'VPC Flow Logs are not required for this demo' }]],
        ['EdgeVpcB3F1D2A0', [{ kind: 'inSource', justification: 'VPC Flow Logs are not required for this demo' }]],
      ]);
      // Only the check cdk-nag shares: the log group's short retention is still reported.
      expect(result.findings.find((f) => f.ruleId === 'log-group-retention')?.suppressions).toBeUndefined();
      expect(result.findings.filter((f) => f.ruleId === 'suppression')).toEqual([]);
    });

    it('decodes a reason cdk-nag stored in base64 (is_reason_encoded), as cdk-nag does for text beyond Latin-1', async () => {
      const reason = 'dev 環境のため VPC Flow Logs は省略。本番では Flow Log を有効化すること。';
      const encoded = { cdk_nag: { rules_to_suppress: [{ reason: Buffer.from(reason).toString('base64'), id: 'AwsSolutions-VPC7', is_reason_encoded: true }] } };
      const result = await run({ 'VpcStack.template.json': stack(encoded) });
      expect(result.findings.filter((f) => f.ruleId === 'vpc-flow-logs').map((f) => f.suppressions)).toEqual([
        [{ kind: 'inSource', justification: reason }],
        [{ kind: 'inSource', justification: reason }],
      ]);
    });

    it('does not honour an entry with applies_to: AwsSolutions-VPC7 has no finding ids, so cdk-nag still reports the VPC', async () => {
      const granular = (appliesTo: unknown) => ({ cdk_nag: { rules_to_suppress: [{ reason: 'Flow logs are not required for this demo', id: 'AwsSolutions-VPC7', applies_to: appliesTo }] } });
      for (const appliesTo of [['Resource::*'], []]) {
        const result = await run({ 'VpcStack.template.json': stack(granular(appliesTo)) });
        expect(result.findings.filter((f) => f.ruleId === 'vpc-flow-logs').map((f) => f.suppressions)).toEqual([undefined, undefined]);
      }
    });

    it("reads only cdk-nag's list there: checkov and cfn_nag have no template-wide suppressions", async () => {
      const result = await run({ 'VpcStack.template.json': stack({ checkov: { skip: [{ id: 'CKV2_AWS_11', comment: 'not here' }] }, cfn_nag: { rules_to_suppress: [{ id: 'W60', reason: 'not here' }] } }) });
      expect(result.findings.filter((f) => f.ruleId === 'vpc-flow-logs').map((f) => f.suppressions)).toEqual([undefined, undefined]);
    });
  });

  describe("checkov's skip comments in a YAML template, and its old Metadata name", () => {
    // As in a public disk-forensics stack: checkov reads `#checkov:skip=` on the lines of the resource.
    const logs = (lines: string) => `AWSTemplateFormatVersion: 2010-09-09
Resources:
${lines}  ForensicStepFunctionLogGroup:
    #checkov:skip=CKV_AWS_158: "Ensure that CloudWatch Log Group is encrypted by KMS"
    #checkov:skip=CKV_AWS_66: "Ensure that CloudWatch Log Group specifies retention days"
    Type: 'AWS::Logs::LogGroup'
    Properties:
      LogGroupName: forensic-step-function
  AuditLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 7 # checkov:skip=CKV_AWS_338:audit copies are kept in S3 for 7 years
  OtherLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 7
      LogGroupName: "in a string, # checkov:skip=CKV_AWS_338:is no comment"
      # an apostrophe in a plain scalar opens no string:
      Tags: [{ Key: Owner, Value: it's ours }]
`;

    it('honours a skip comment on the lines of the resource, with its reason, and only there', async () => {
      const result = await run({ 'logs.yaml': logs('') }, { rules: { 'log-group-retention': { options: { requireExplicit: true } } } });
      const retention = result.findings.filter((f) => f.ruleId === 'log-group-retention');
      expect(retention.map((f) => [f.resourceId, f.suppressions?.map((x) => x.justification)])).toEqual([
        ['ForensicStepFunctionLogGroup', ['"Ensure that CloudWatch Log Group specifies retention days"']],
        ['AuditLogs', ['audit copies are kept in S3 for 7 years']],
        ['OtherLogs', undefined],
      ]);
      expect(result.findings.filter((f) => f.ruleId === 'suppression')).toEqual([]);
    });

    it('reads no comment above the logical id (checkov does not either) and none in a JSON template', async () => {
      const above = await run({ 'logs.yaml': logs('  # checkov:skip=CKV_AWS_338:meant for AuditLogs?\n').replace('RetentionInDays: 7 # checkov:skip=CKV_AWS_338:audit copies are kept in S3 for 7 years', 'RetentionInDays: 7') });
      expect(above.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => f.suppressions)).toEqual([undefined, undefined]);
      const json = JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7, LogGroupName: 'x #checkov:skip=CKV_AWS_338:in a string' } } } });
      const inJson = await run({ 'logs.json': json });
      expect(inJson.findings.find((f) => f.ruleId === 'log-group-retention')?.suppressions).toBeUndefined();
    });

    it('reads no skip comment in a block scalar or a quoted string written over several lines (their text, no comment)', async () => {
      const text = `AWSTemplateFormatVersion: 2010-09-09
Resources:
  Runbook:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 7
      Tags:
        - Key: howto
          Value: |
            To silence checkov here one writes:
            # checkov:skip=CKV_AWS_338:not a comment
        - Key: folded
          Value: >-
            # checkov:skip=CKV_AWS_338:nor here
  Quoted:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 7
      LogGroupName: "first line
        # checkov:skip=CKV_AWS_338:inside the string"
  Commented:
    Type: AWS::Logs::LogGroup
    Properties:
      Description: !Sub |
        text \${AWS::StackName}
      # checkov:skip=CKV_AWS_338:a comment after the block scalar ends
      RetentionInDays: 7
`;
      const result = await run({ 'logs.yaml': text });
      expect(result.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => [f.resourceId, f.suppressions?.map((x) => x.justification)])).toEqual([
        ['Runbook', undefined],
        ['Quoted', undefined],
        ['Commented', ['a comment after the block scalar ends']],
      ]);
    });

    it.each([
      ['LF', '\n'],
      ['CRLF', '\r\n'],
      ['lone CR', '\r'],
    ])('keeps a skip comment to its own resource in a file whose lines end with %s', async (_, eol) => {
      const text = [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Resources:',
        '  First:',
        '    Type: AWS::Logs::LogGroup',
        '    Properties:',
        '      RetentionInDays: 7',
        '  Second:',
        '    Type: AWS::Logs::LogGroup',
        '    # checkov:skip=CKV_AWS_338:only the second',
        '    Properties:',
        '      RetentionInDays: 7',
        '',
      ].join(eol);
      const result = await run({ 'logs.yaml': text });
      expect(result.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => [f.resourceId, f.suppressions?.map((x) => x.justification)])).toEqual([
        ['First', undefined],
        ['Second', ['only the second']],
      ]);
    });

    it('honours Metadata.bridgecrew.skip as checkov does (its old name)', async () => {
      const result = await run({ 'vpc.yaml': vpc('    Metadata:\n      bridgecrew:\n        skip:\n          - id: CKV2_AWS_11\n            comment: central account\n') });
      expect(result.findings.find((f) => f.ruleId === 'vpc-flow-logs')?.suppressions).toEqual([{ kind: 'inSource', justification: 'central account' }]);
    });
  });

  it("does not treat cfn_nag's W84 (log group KMS key) as a retention suppression", async () => {
    const text = vpc('').replace('RetentionInDays: 400', 'RetentionInDays: 7').replace("  Logs:\n    Type: AWS::Logs::LogGroup\n", "  Logs:\n    Type: AWS::Logs::LogGroup\n    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W84\n            reason: encrypted by default\n");
    const result = await run({ 'vpc.yaml': text });
    expect(result.findings.find((f) => f.ruleId === 'log-group-retention')?.suppressions).toBeUndefined();
  });

  describe('Terraform comments', () => {
    const tf = (comment: string, inside = '') => `${comment}resource "aws_vpc" "legacy" {
${inside}  cidr_block = "10.0.0.0/16"
}

resource "aws_cloudwatch_log_group" "logs" {
  retention_in_days = 400
}
`;

    it.each([
      ['# flowguard:ignore vpc-flow-logs Logged by the central network account.\n', '', 'Logged by the central network account.'],
      ['// flowguard:ignore vpc-flow-logs Logged centrally\n', '', 'Logged centrally'],
      ['', '  # flowguard:ignore vpc-flow-logs inside the block\n', 'inside the block'],
      ['# checkov:skip=CKV2_AWS_11:central account\n', '', 'central account'],
      ['# checkov:skip= CKV2_AWS_11: central account\n', '', 'central account'],
      ['# bridgecrew:skip=CKV2_AWS_11:central account\n', '', 'central account'],
      ['# Accepted risk. checkov:skip=CKV2_AWS_11:central account\n', '', 'central account'],
      ['# checkov:skip=CKV2_AWS_11 see NET-142\n', '', 'suppressed with checkov CKV2_AWS_11 (no reason given)'],
      ['# tfsec:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs\n', '', 'suppressed with tfsec aws-ec2-require-vpc-flow-logs-for-all-vpcs (no reason given)'],
      ['# trivy:ignore:AVD-AWS-0178\n', '', 'suppressed with trivy AVD-AWS-0178 (no reason given)'],
    ])('%s%s suppresses the VPC finding', async (comment, inside, justification) => {
      const result = await run({ 'main.tf': tf(comment, inside) });
      expect(result.findings.find((f) => f.ruleId === 'vpc-flow-logs')?.suppressions).toEqual([{ kind: 'inSource', justification }]);
    });

    it.each(['# checkov:skip=constructor:not a check id\n', '# trivy:ignore:valueOf\n', '# tfsec:ignore:__proto__\n'])('%s suppresses nothing (a name of Object.prototype is no peer id)', async (comment) => {
      const result = await run({ 'main.tf': tf(comment) });
      expect(result.findings.find((f) => f.ruleId === 'vpc-flow-logs')?.suppressions).toBeUndefined();
      expect(result.findings.map((f) => f.ruleId)).toEqual(['vpc-flow-logs']);
    });

    it('ignores a comment separated from the block by a blank line', async () => {
      const result = await run({ 'main.tf': tf('# flowguard:ignore vpc-flow-logs too far away\n\n') });
      expect(result.findings.find((f) => f.ruleId === 'vpc-flow-logs')?.suppressions).toBeUndefined();
    });

    it('counts a comment over a count block once: used if any instance used it, one note without a reason', async () => {
      const counted = [
        '# flowguard:ignore vpc-flow-logs index 0 is a sandbox',
        'resource "aws_vpc" "v" {',
        '  count      = 2',
        '  cidr_block = "10.${count.index}.0.0/16"',
        '}',
        '',
        'resource "aws_flow_log" "f" {',
        '  vpc_id               = aws_vpc.v[1].id',
        '  traffic_type         = "ALL"',
        '  log_destination_type = "s3"',
        '  log_destination      = "arn:aws:s3:::flow-logs"',
        '}',
        '',
      ].join('\n');
      const used = await run({ 'main.tf': counted });
      expect(used.findings.map((f) => [f.ruleId, f.resourceId, f.suppressions?.length ?? 0])).toEqual([['vpc-flow-logs', 'aws_vpc.v[0]', 1]]);
      const unexplained = await run({ 'main.tf': counted.replace(' index 0 is a sandbox', '') });
      expect(unexplained.findings.filter((f) => f.ruleId === 'suppression').map((f) => f.message)).toEqual([
        'Suppression of vpc-flow-logs on `aws_vpc.v[0]` gives no reason; say why the finding is safe to ignore',
      ]);
    });

    it('reports a comment that names no rule, with the rule it probably means', async () => {
      const result = await run({ 'main.tf': tf('# flowguard:ignore vpc-flowlogs logged centrally\n') });
      expect(result.findings.find((f) => f.ruleId === 'vpc-flow-logs')?.suppressions).toBeUndefined();
      expect(result.findings.filter((f) => f.ruleId === 'suppression').map((f) => [f.region.startLine, f.message])).toEqual([
        [1, 'Suppression of vpc-flowlogs on `aws_vpc.legacy` names no flowguard rule (did you mean "vpc-flow-logs"?), so it suppresses nothing; correct the rule id'],
      ]);
    });

    it('reports a flowguard comment without a reason at the comment', async () => {
      const result = await run({ 'main.tf': tf('# flowguard:ignore vpc-flow-logs\n') });
      const notes = result.findings.filter((f) => f.ruleId === 'suppression');
      expect(notes.map((n) => [n.region.startLine, n.region.startColumn, n.message])).toEqual([[1, 1, 'Suppression of vpc-flow-logs on `aws_vpc.legacy` gives no reason; say why the finding is safe to ignore']]);
    });
  });
});

describe("tfsec's and trivy's comments, read as trivy reads them", () => {
  const tf = (comment: string) => `${comment}
resource "aws_vpc" "legacy" {
  cidr_block = "10.0.0.0/16"
}
`;
  const flowLogFinding = (result: Awaited<ReturnType<typeof run>>) => result.findings.find((f) => f.ruleId === 'vpc-flow-logs');
  const notes = (result: Awaited<ReturnType<typeof run>>) => result.findings.filter((f) => f.ruleId === 'suppression').map((f) => f.message);
  // The run's clock, fixed: 2026-06-15 10:00 UTC.
  const now = new Date(Date.UTC(2026, 5, 15, 10));

  it.each([
    ['free text after the directive', '# trivy:ignore:AVD-AWS-0178 logged by the central network account'],
    ['two directives in one comment', '#tfsec:ignore:aws-s3-enable-bucket-logging tfsec:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs'],
    ["tfsec's prefix with trivy's id", '#tfsec:ignore:AVD-AWS-0178'],
    ["trivy's prefix with tfsec's id", '// trivy:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs'],
    ['the AVD id in lower case', '#trivy:ignore:avd-aws-0178 - flow logs are enabled by the platform team'],
    ["the check's short code", '#trivy:ignore:require-vpc-flow-logs-for-all-vpcs'],
    ['an expiry date still ahead', '#trivy:ignore:AVD-AWS-0178:exp:2026-06-16'],
    ['the workspace of the run', '#trivy:ignore:AVD-AWS-0178:ws:default'],
  ])('suppresses the VPC finding: %s', async (_, comment) => {
    const result = await run({ 'main.tf': tf(comment) }, { now });
    expect(flowLogFinding(result)?.suppressions).toHaveLength(1);
    expect(notes(result)).toEqual([]);
  });

  it("reads checkov's and trivy's directives from one comment, as each tool searches it for its own", async () => {
    const result = await run({ 'main.tf': tf('# checkov:skip=CKV2_AWS_11:logged centrally trivy:ignore:AVD-AWS-0178:exp:2026-06-01') }, { now });
    // checkov's holds (its reason runs to the end of the comment); trivy's expired, and says so.
    expect(flowLogFinding(result)?.suppressions).toEqual([{ kind: 'inSource', justification: 'logged centrally trivy:ignore:AVD-AWS-0178:exp:2026-06-01' }]);
    expect(notes(result)).toEqual([expect.stringContaining('Suppression `trivy:ignore:AVD-AWS-0178:exp:2026-06-01` on `aws_vpc.legacy` expired on 2026-06-01')]);
  });

  it('stops suppressing at the start (UTC) of the expiry day, and says why the finding is back', async () => {
    const result = await run({ 'main.tf': tf('#tfsec:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs:exp:2026-06-15') }, { now });
    expect(flowLogFinding(result)?.suppressions).toBeUndefined();
    expect(notes(result)).toEqual([
      'Suppression `tfsec:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs:exp:2026-06-15` on `aws_vpc.legacy` expired on 2026-06-15, so vpc-flow-logs is reported there again, as trivy and tfsec do; fix the finding, or set a later date if the exception still holds',
    ]);
    expect(result.findings.find((f) => f.ruleId === 'suppression')?.region.startLine).toBe(1);
    // The day before, it still held.
    const before = await run({ 'main.tf': tf('#tfsec:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs:exp:2026-06-15') }, { now: new Date(Date.UTC(2026, 5, 14, 23, 59)) });
    expect(flowLogFinding(before)?.suppressions).toHaveLength(1);
  });

  it.each(['2026-02-30', '2026-6-30', '30/06/2026', '', '2100-02-29', '0001-02-29'])('treats exp:%s, no date, as expired', async (date) => {
    const result = await run({ 'main.tf': tf(`# trivy:ignore:AVD-AWS-0178:exp:${date}`) }, { now });
    expect(flowLogFinding(result)?.suppressions).toBeUndefined();
    expect(notes(result)).toEqual([
      `Suppression \`trivy:ignore:AVD-AWS-0178:exp:${date}\` on \`aws_vpc.legacy\` expires on \`${date}\`, which is no date of the form YYYY-MM-DD; trivy and tfsec treat it as expired, so it does not suppress vpc-flow-logs; write a real date as YYYY-MM-DD`,
    ]);
  });

  it.each(['0000-01-01', '0000-02-29', '0099-12-31'])('reads exp:%s as a date long past (Go reads years 0 to 99 as written), not as no date', async (date) => {
    const result = await run({ 'main.tf': tf(`# trivy:ignore:AVD-AWS-0178:exp:${date}`) }, { now });
    expect(flowLogFinding(result)?.suppressions).toBeUndefined();
    expect(notes(result)).toEqual([
      `Suppression \`trivy:ignore:AVD-AWS-0178:exp:${date}\` on \`aws_vpc.legacy\` expired on ${date}, so vpc-flow-logs is reported there again, as trivy and tfsec do; fix the finding, or set a later date if the exception still holds`,
    ]);
  });

  it.each(['9999-12-31', '2028-02-29'])('reads exp:%s as a date ahead', async (date) => {
    const result = await run({ 'main.tf': tf(`# trivy:ignore:AVD-AWS-0178:exp:${date}`) }, { now });
    expect(flowLogFinding(result)?.suppressions).toHaveLength(1);
    expect(notes(result)).toEqual([]);
  });

  it('applies a ws: directive only in that workspace, with no note elsewhere', async () => {
    const comment = '#trivy:ignore:AVD-AWS-0178:ws:sandbox';
    expect(flowLogFinding(await run({ 'main.tf': tf(comment) }, { now, terraformWorkspace: 'sandbox' }))?.suppressions).toHaveLength(1);
    const elsewhere = await run({ 'main.tf': tf(comment) }, { now });
    expect(flowLogFinding(elsewhere)?.suppressions).toBeUndefined();
    expect(notes(elsewhere)).toEqual([]);
  });

  it.each([
    ['an id with parameters, which flowguard does not evaluate', '#trivy:ignore:AVD-AWS-0178[cidr_block=10.0.0.0/16]'],
    ['another check', '#trivy:ignore:AVD-AWS-0057'],
    ['the AVD id in mixed case, which trivy does not match', '#trivy:ignore:Avd-Aws-0178'],
    ['no ignore section', '#trivy:exp:2099-01-01'],
    ['a prefix inside a word', '# see https://example.com/trivy:ignore:AVD-AWS-0178'],
  ])('does not suppress: %s', async (_, comment) => {
    const result = await run({ 'main.tf': tf(comment) }, { now });
    expect(flowLogFinding(result)?.suppressions).toBeUndefined();
  });

  it('refuses a now that is no date', async () => {
    await expect(run({ 'main.tf': tf('') }, { now: new Date('tomorrow') })).rejects.toThrow(/now must be a valid Date/);
  });
});

describe('suppressions written on a Terraform module call', () => {
  const runTree = async (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'flowguard-suppress-module-'));
    try {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      return await lint(['.'], { cwd: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const MODULE = '# flowguard:ignore log-group-retention\nresource "aws_cloudwatch_log_group" "lg" {\n  name = "x"\n}\nresource "aws_vpc" "v" {}\n';

  it('get their own notes, named after the call, apart from the same rule\'s directive inside the module', async () => {
    const result = await runTree({ 'main.tf': '# flowguard:ignore log-group-retention\nmodule "net" {\n  source = "./modules/net"\n  count  = 2\n}\n', 'modules/net/main.tf': MODULE });
    const notes = result.findings.filter((f) => f.ruleId === 'suppression').map((f) => [f.file, f.region.startLine, f.resourceId, f.message.replace(/;.*/, '')]);
    expect(notes).toEqual([
      ['main.tf', 1, 'module.net', 'Suppression of log-group-retention on `module.net` gives no reason'],
      ['main.tf', 1, 'module.net', 'Suppression of log-group-retention on `module.net` matches no finding'],
      ['modules/net/main.tf', 1, 'module.net[0].aws_cloudwatch_log_group.lg', 'Suppression of log-group-retention on `module.net[0].aws_cloudwatch_log_group.lg` gives no reason'],
      ['modules/net/main.tf', 1, 'module.net[0].aws_cloudwatch_log_group.lg', 'Suppression of log-group-retention on `module.net[0].aws_cloudwatch_log_group.lg` matches no finding'],
    ]);
  });
});
