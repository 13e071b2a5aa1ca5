/**
 * log-group-retention's advice and its "never expire" cases beyond the fixtures: a minimum CloudWatch
 * cannot store (above 3653 days), a plan whose 0 is the provider's default rather than written, and
 * CloudFormation's empty property, which is not Terraform's 0.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const retention = (minimumDays: number, requireExplicit = false) => ({ rules: { 'log-group-retention': { options: { minimumDays, requireExplicit } } } });
const messages = (result: Awaited<ReturnType<typeof lint>>) => result.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => `${f.file}:${f.region.startLine}:${f.region.startColumn} ${f.message}`);

describe('a minimum above the longest retention CloudWatch keeps (3653 days)', () => {
  const tf = 'resource "aws_cloudwatch_log_group" "audit" {\n  name              = "/audit"\n  retention_in_days = 3653\n}\n\nresource "aws_cloudwatch_log_group" "forever" {\n  name              = "/forever"\n  retention_in_days = 0\n}\n';

  it('asks to remove the retention of a group that sets one, and accepts never expire even under requireExplicit', async () => {
    const result = await lint({ documents: [{ path: 'main.tf', text: tf }] }, retention(4000, true));
    expect(messages(result)).toEqual([
      'main.tf:3:23 Log group `aws_cloudwatch_log_group.audit` keeps events for 3653 days; remove retention_in_days, so that events never expire (CloudWatch keeps them at most 3653 days, less than 4000)',
    ]);
  });
});

describe('requireExplicit on a plan beside its source', () => {
  it('reports a 0 the source does not write (the provider default) as unset, at the declaration', async () => {
    const dir = tempDir('flowguard-retention-plan-');
    dirs.push(dir);
    const group = { address: 'aws_cloudwatch_log_group.app', mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'app', values: { name: '/app', retention_in_days: 0 } };
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [group] } },
      configuration: { root_module: { resources: [{ address: 'aws_cloudwatch_log_group.app', mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'app', expressions: { name: { constant_value: '/app' } } }] } },
    };
    writeTree(dir, { 'main.tf': 'resource "aws_cloudwatch_log_group" "app" {\n  name = "/app"\n}\n', 'plan.json': JSON.stringify(plan, null, 2) });
    const result = await lint(['plan.json'], { cwd: dir, ...retention(365, true) });
    expect(messages(result)).toEqual(['main.tf:1:1 Log group `aws_cloudwatch_log_group.app` sets no retention (events never expire); set retention_in_days explicitly (requireExplicit)']);
  });
});

describe('requireExplicit on CloudFormation', () => {
  it('calls an empty RetentionInDays unset, not a 0 that means never expire', async () => {
    const template = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /app\n      RetentionInDays:\n";
    const result = await lint({ documents: [{ path: 'logs.yaml', text: template }] }, retention(365, true));
    expect(messages(result)).toEqual(['logs.yaml:3:3 Log group `Logs` sets no retention (events never expire); set RetentionInDays explicitly (requireExplicit)']);
  });
});

describe('0 in the two Terraform providers', () => {
  it('is never expire for aws_cloudwatch_log_group, and a refused value for awscc_logs_log_group (CloudFormation values)', async () => {
    const tf = 'resource "aws_cloudwatch_log_group" "aws" {\n  name              = "/aws"\n  retention_in_days = 0\n}\n\nresource "awscc_logs_log_group" "cloud_control" {\n  log_group_name    = "/awscc"\n  retention_in_days = 0\n}\n';
    const result = await lint({ documents: [{ path: 'main.tf', text: tf }] }, retention(365));
    expect(messages(result)).toEqual([
      'main.tf:8:23 Log group `awscc_logs_log_group.cloud_control` has retention 0, which CloudWatch Logs does not accept (deployment fails); use 365, the shortest it accepts of at least 365 days, or another of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ]);
  });
});
