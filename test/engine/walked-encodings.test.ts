/**
 * SPEC §1: a file found by walking that fails to parse is reported when it is evidently one of our
 * formats (any `.tf` file, a template or plan by its text), and skipped silently otherwise. Bytes that
 * are not UTF-8 are a failure to parse like any other.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const latin1 = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('walked files that are not valid UTF-8', () => {
  it('reports a .tf file and a template, and skips what is evidently not ours', async () => {
    const dir = tempDir('flowguard-walk-encodings-');
    dirs.push(dir);
    writeTree(dir, {
      // A Latin-1 é in a comment: `terraform` itself refuses the file.
      'net/main.tf': latin1('# Caf', [0xe9], ' network\nresource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'),
      'stacks/logs.yaml': latin1("AWSTemplateFormatVersion: '2010-09-09'\nDescription: caf", [0xe9], '\nResources: {}\n'),
      // Not ours at all: a Latin-1 YAML file of another tool, and a binary file with a .json name.
      'charts/values.yaml': latin1('title: caf', [0xe9], '\n'),
      'assets/blob.json': latin1([0xff, 0xfe, 0x00, 0x01]),
      'ok.tf': 'resource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = 7\n}\n',
    });
    const result = await lint(['.'], { cwd: dir });
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => [f.file, f.region.startLine, f.message.replace(/ \(.*$/, '')]);
    expect(errors).toEqual([
      ['net/main.tf', 1, 'invalid UTF-8'],
      ['stacks/logs.yaml', 2, 'invalid UTF-8'],
    ]);
    expect(result.notifications.map((n) => n.file).sort()).toEqual(['net/main.tf', 'stacks/logs.yaml']);
    expect(result.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => f.file)).toEqual(['ok.tf']);
  });
});

describe('walked files in UTF-16 (Windows PowerShell redirects write it)', () => {
  const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

  it('reports a template and a plan asking for UTF-8, and still skips what is not ours', async () => {
    const dir = tempDir('flowguard-walk-utf16-');
    dirs.push(dir);
    writeTree(dir, {
      'stacks/network.yaml': utf16le("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n"),
      'plans/plan.json': utf16be(JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [] } } })),
      'charts/values.yaml': utf16le('title: not a template\n'),
      'ok.tf': 'resource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = 7\n}\n',
    });
    const result = await lint(['.'], { cwd: dir });
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => [f.file, f.message]).sort();
    expect(errors).toEqual([
      ['plans/plan.json', 'file is UTF-16 (big-endian) encoded; save it as UTF-8'],
      ['stacks/network.yaml', 'file is UTF-16 (little-endian) encoded; save it as UTF-8'],
    ]);
    expect(result.notifications.map((n) => n.file).sort()).toEqual(['plans/plan.json', 'stacks/network.yaml']);
  });
});

describe('a saved `terraform plan -json` log (taken for a plan)', () => {
  it('is a parse-error that says how to get the plan, walked or named; the other files are linted', async () => {
    const dir = tempDir('flowguard-walk-ui-log-');
    dirs.push(dir);
    const log = [
      '{"@level":"info","@message":"Terraform 1.9.0","@module":"terraform.ui","@timestamp":"2024-07-24T07:34:59.755192+01:00","terraform":"1.9.0","type":"version","ui":"1.2"}',
      '{"@level":"info","@message":"aws_vpc.main: Plan to create","@module":"terraform.ui","change":{"resource":{"addr":"aws_vpc.main","resource_type":"aws_vpc"},"action":"create"},"type":"planned_change"}',
      '{"@level":"info","@message":"Plan: 1 to add, 0 to change, 0 to destroy.","@module":"terraform.ui","changes":{"add":1,"change":0,"remove":0,"operation":"plan"},"type":"change_summary"}',
    ].join('\n');
    const testLog = [
      '{"@level":"info","@message":"Terraform 1.9.0","@module":"terraform.ui","terraform":"1.9.0","type":"version","ui":"1.2"}',
      '{"@level":"info","@message":"Found 1 file and 1 run block","@module":"terraform.ui","test_abstract":{"main.tftest.hcl":["plan"]},"type":"test_abstract"}',
    ].join('\n');
    // A CI artifact of `terraform test -json`: another tool's output, skipped when walked.
    writeTree(dir, { 'plans/tfplan.json': `${log}\n`, 'reports/test-results.json': `${testLog}\n`, 'ok.tf': 'resource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = 7\n}\n' });
    for (const paths of [['.'], ['plans/tfplan.json', 'ok.tf']]) {
      const result = await lint(paths, { cwd: dir });
      const errors = result.findings.filter((f) => f.ruleId === 'parse-error');
      expect(errors.map((f) => [f.file, f.region.startLine, f.region.startColumn])).toEqual([['plans/tfplan.json', 1, 1]]);
      expect(errors[0]!.message).toMatch(/^this is the log of `terraform plan -json` \(one message a line\), not a plan: .* lint the output of `terraform show -json plan\.out`$/);
      expect(result.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => f.file)).toEqual(['ok.tf']);
    }
  });
});

describe('a saved log of another terraform command', () => {
  it('is skipped when walked, and named, says it is a Terraform log rather than a template', async () => {
    const dir = tempDir('flowguard-walk-ui-log-');
    dirs.push(dir);
    const testLog = '{"@level":"info","@message":"Terraform 1.9.0","@module":"terraform.ui","terraform":"1.9.0","type":"version","ui":"1.2"}\n{"@level":"info","@message":"Success! 1 passed, 0 failed.","@module":"terraform.ui","test_summary":{"status":"pass"},"type":"test_summary"}\n';
    // An apply log that mentions a CloudFormation stack it created: still a log, skipped, not a broken template.
    const applyLog = '{"@level":"info","@message":"Terraform 1.9.0","@module":"terraform.ui","terraform":"1.9.0","type":"version","ui":"1.2"}\n{"@level":"info","@message":"aws_cloudformation_stack.net: Creating...","@module":"terraform.ui","hook":{"resource":{"addr":"aws_cloudformation_stack.net"},"action":"create"},"type":"apply_start","template_body":"AWSTemplateFormatVersion: 2010-09-09"}\n';
    writeTree(dir, { 'test-results.json': testLog, 'logs/apply.json': applyLog, 'ok.tf': 'resource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = 400\n}\n' });
    const walked = await lint(['.'], { cwd: dir });
    expect(walked.findings).toEqual([]);
    const named = await lint(['test-results.json'], { cwd: dir });
    expect(named.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['parse-error', 'this is the log of a `terraform … -json` command (one message a line), not a plan or state: lint the output of `terraform show -json plan.out` (a plan) or `terraform show -json` (the state)'],
    ]);
  });
});
