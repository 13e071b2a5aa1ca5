import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

async function run(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-suppress-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return await lint([], { cwd: dir });
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
