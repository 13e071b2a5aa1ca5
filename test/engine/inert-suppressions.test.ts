/**
 * Suppressions that can suppress nothing are reported by the `suppression` rule, with what to write
 * instead, rather than left to do nothing in silence: CloudFormation `Metadata.flowguard` in a shape
 * flowguard does not read, and Terraform suppression comments attached to no resource or module block.
 * A bare rule id as an `ignore` entry is read, as a suppression without a reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { lint } from '../../src/engine/lint.js';
import { writeTree } from '../cli/helpers.js';
import { removeScratch, scratch } from '../cli/scratch.js';

afterEach(removeScratch);

async function lintFiles(files: Record<string, string>) {
  const dir = scratch('flowguard-inert-suppressions-');
  writeTree(dir, files);
  return (await lint([], { cwd: dir })).findings;
}

const notes = (findings: Finding[]): string[] => findings.filter((f) => f.ruleId === 'suppression').map((f) => `${f.file}:${f.region.startLine}:${f.region.startColumn} ${f.message}`);
const suppressedRules = (findings: Finding[]): string[] => findings.filter((f) => f.suppressions?.length).map((f) => `${f.ruleId}@${f.resourceId}`);

/** A log group kept 7 days (a `log-group-retention` finding) with this `Metadata` (indented under the resource). */
const logGroup = (metadata: string): string =>
  `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  AppLogs:\n    Type: AWS::Logs::LogGroup\n    Metadata:\n${metadata}    Properties:\n      RetentionInDays: 7\n`;

describe('CloudFormation Metadata.flowguard', () => {
  it('reads a bare rule id as an ignore entry: the finding is suppressed, and the missing reason noted', async () => {
    const findings = await lintFiles({ 'logs.yaml': logGroup('      flowguard:\n        ignore:\n          - log-group-retention\n') });
    expect(suppressedRules(findings)).toEqual(['log-group-retention@AppLogs']);
    expect(notes(findings)).toEqual(['logs.yaml:8:13 Suppression of log-group-retention on `AppLogs` gives no reason; say why the finding is safe to ignore']);
  });

  it.each([
    [
      'ignore is a string',
      '      flowguard:\n        ignore: log-group-retention\n',
      '7:17 Suppression on `AppLogs` suppresses nothing: `ignore` must be a list of `{ rule, reason }` entries, found the string "log-group-retention"; write `ignore: [{ rule: log-group-retention, reason: <why> }]`',
    ],
    ['flowguard is a string', '      flowguard: ignore\n', '6:18 Suppression on `AppLogs` suppresses nothing: `Metadata.flowguard` must be a mapping with an `ignore` list, found the string "ignore"'],
    [
      'a misspelt key',
      '      flowguard:\n        ignores:\n          - rule: log-group-retention\n            reason: archived elsewhere\n',
      '7:9 Suppression on `AppLogs` suppresses nothing: `Metadata.flowguard` has no key `ignores`; write `ignore: [{ rule, reason }]`',
    ],
    [
      'an entry with `id` for `rule`',
      '      flowguard:\n        ignore:\n          - id: log-group-retention\n            reason: archived elsewhere\n',
      '8:13 Suppression on `AppLogs` suppresses nothing: an `ignore` entry must name its rule as `rule: <rule id>`, and this one has `id`, `reason`',
    ],
    [
      'several rules in one entry',
      '      flowguard:\n        ignore:\n          - rule: [log-group-retention, vpc-flow-logs]\n            reason: archived elsewhere\n',
      '8:13 Suppression on `AppLogs` suppresses nothing: `rule` must be one rule id, found a list; write one entry per rule',
    ],
    ['a number as an entry', '      flowguard:\n        ignore:\n          - 365\n', '8:13 Suppression on `AppLogs` suppresses nothing: each `ignore` entry must be `{ rule: <rule id>, reason: <why> }` or a rule id, found the number 365'],
    ['an empty ignore', '      flowguard:\n        ignore:\n', '7:9 Suppression on `AppLogs` suppresses nothing: `ignore` must be a list of `{ rule, reason }` entries, found no value; write `ignore: [{ rule: <rule id>, reason: <why> }]`'],
  ])('reports a suppression in a shape it does not read (%s) at that value, and suppresses nothing', async (_shape, metadata, note) => {
    const findings = await lintFiles({ 'logs.yaml': logGroup(metadata) });
    expect(suppressedRules(findings)).toEqual([]);
    expect(findings.find((f) => f.ruleId === 'log-group-retention')?.suppressions).toBeUndefined();
    expect(notes(findings)).toEqual([`logs.yaml:${note}`]);
  });

  it('reports a malformed entry beside well-formed ones, which still apply', async () => {
    const findings = await lintFiles({ 'logs.yaml': logGroup('      flowguard:\n        ignore:\n          - rule: log-group-retention\n            reason: archived to S3 by a subscription\n          - 7\n') });
    expect(suppressedRules(findings)).toEqual(['log-group-retention@AppLogs']);
    expect(notes(findings)).toEqual(['logs.yaml:10:13 Suppression on `AppLogs` suppresses nothing: each `ignore` entry must be `{ rule: <rule id>, reason: <why> }` or a rule id, found the number 7']);
  });

  it('leaves the shapes of the peers’ metadata to the peers', async () => {
    const findings = await lintFiles({ 'logs.yaml': logGroup('      checkov: skip-everything\n      cfn_nag:\n        rules_to_suppress: W86\n') });
    expect(notes(findings)).toEqual([]);
  });

  it('reports a malformed suppression in a Fn::ForEach template once, not once per copy', async () => {
    const template = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Transform: AWS::LanguageExtensions',
      'Resources:',
      '  Fn::ForEach::Logs:',
      '    - Service',
      '    - [Api, Worker]',
      '    - ${Service}Logs:',
      '        Type: AWS::Logs::LogGroup',
      '        Metadata:',
      '          flowguard:',
      '            ignore: log-group-retention',
      '        Properties:',
      '          RetentionInDays: 7',
      '',
    ].join('\n');
    const findings = await lintFiles({ 'logs.yaml': template });
    expect(notes(findings)).toEqual([expect.stringMatching(/^logs\.yaml:11:21 Suppression on `(Api|Worker)Logs` suppresses nothing: `ignore` must be a list/)]);
  });
});

describe('Terraform suppression comments on no block', () => {
  const VPC = 'resource "aws_vpc" "legacy" {\n  cidr_block = "10.0.0.0/16"\n}\n';
  const DETACHED = 'is attached to no resource or module block, so it suppresses nothing; put it on the line right above the `resource` or `module` block (no blank line between), or inside it';

  it.each([
    ['cut off from its block by a blank line', `# flowguard:ignore vpc-flow-logs Logged by the network account.\n\n${VPC}`, 1, 'flowguard:ignore vpc-flow-logs'],
    ['at the end of the file', `${VPC}\n# flowguard:ignore vpc-flow-logs Logged by the network account.\n`, 5, 'flowguard:ignore vpc-flow-logs'],
    ['on a variable block', `# flowguard:ignore log-group-retention Archived to S3.\nvariable "days" {\n  default = 7\n}\n${VPC}`, 1, 'flowguard:ignore log-group-retention'],
    ['in checkov syntax', `# checkov:skip=CKV2_AWS_11:Logged by the network account.\n\n${VPC}`, 1, 'checkov:skip=CKV2_AWS_11'],
    ['in tfsec syntax', `${VPC}\n# tfsec:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs\n`, 5, 'tfsec:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs'],
    ['in trivy syntax', `# trivy:ignore:AVD-AWS-0178\n\n${VPC}`, 1, 'trivy:ignore:AVD-AWS-0178'],
  ])('is reported when %s, and the finding stays', async (_where, text, line, directive) => {
    const findings = await lintFiles({ 'main.tf': text });
    expect(suppressedRules(findings)).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'vpc-flow-logs')).toHaveLength(1);
    expect(notes(findings)).toEqual([`main.tf:${line}:1 Suppression \`${directive}\` ${DETACHED}`]);
    const note = findings.find((f) => f.ruleId === 'suppression')!;
    expect(note.resourceId).toBeUndefined();
  });

  it('is not reported where it applies: above the block, in a run of comments, inside it, on a module call', async () => {
    const findings = await lintFiles({
      'main.tf': [
        '# flowguard:ignore vpc-flow-logs Logged by the network account.',
        '# The legacy VPC, kept for the batch jobs.',
        'resource "aws_vpc" "legacy" {',
        '  cidr_block = "10.0.0.0/16"',
        '}',
        '',
        'resource "aws_vpc" "batch" {',
        '  # flowguard:ignore vpc-flow-logs Logged by the network account.',
        '  cidr_block = "10.1.0.0/16"',
        '}',
        '',
        '# flowguard:ignore log-group-retention Archived to S3 by a subscription.',
        'module "logs" {',
        '  source = "./logs"',
        '}',
        '',
      ].join('\n'),
      'logs/main.tf': 'resource "aws_cloudwatch_log_group" "app" {\n  retention_in_days = 7\n}\n',
    });
    expect(suppressedRules(findings)).toEqual(['log-group-retention@module.logs.aws_cloudwatch_log_group.app', 'vpc-flow-logs@aws_vpc.legacy', 'vpc-flow-logs@aws_vpc.batch']);
    expect(notes(findings)).toEqual([]);
  });

  it('ignores comments that are no suppression, and peer ids flowguard does not honour', async () => {
    const findings = await lintFiles({ 'main.tf': `# Network for the batch jobs.\n\n# checkov:skip=CKV_AWS_130:public subnets by design\n\n${VPC}` });
    expect(notes(findings)).toEqual([]);
  });

  it('gives two identical detached comments of one file their own fingerprints', async () => {
    const comment = '# flowguard:ignore vpc-flow-logs Logged by the network account.\n\n';
    const findings = await lintFiles({ 'main.tf': `${comment}${VPC}\n${comment}` });
    const fingerprints = findings.filter((f) => f.ruleId === 'suppression').map((f) => f.fingerprint);
    expect(fingerprints).toHaveLength(2);
    expect(new Set(fingerprints).size).toBe(2);
  });
});

describe('a Terraform suppression comment naming several rules', () => {
  it('suppresses each rule it names, comma-separated, with the one reason; a rule that matches nothing is noted', async () => {
    const findings = await lintFiles({
      'main.tf': [
        '# flowguard:ignore vpc-flow-logs,log-group-retention Sandbox account, torn down every night.',
        'resource "aws_vpc" "sandbox" {',
        '  cidr_block = "10.9.0.0/16"',
        '}',
        '',
        '# flowguard:ignore log-group-retention,vpc-flow-logs Debug output, kept a day on purpose.',
        'resource "aws_cloudwatch_log_group" "debug" {',
        '  name              = "/sandbox/debug"',
        '  retention_in_days = 1',
        '}',
        '',
      ].join('\n'),
    });
    expect(suppressedRules(findings)).toEqual(['vpc-flow-logs@aws_vpc.sandbox', 'log-group-retention@aws_cloudwatch_log_group.debug']);
    expect(findings.find((f) => f.resourceId === 'aws_vpc.sandbox' && f.suppressions?.length)?.suppressions?.[0]?.justification).toBe('Sandbox account, torn down every night.');
    expect(notes(findings)).toEqual([
      'main.tf:1:1 Suppression of log-group-retention on `aws_vpc.sandbox` matches no finding; remove it',
      'main.tf:6:1 Suppression of vpc-flow-logs on `aws_cloudwatch_log_group.debug` matches no finding; remove it',
    ]);
  });
});
