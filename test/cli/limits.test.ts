/** docs/limits.md: each limit is a parse-error naming the flag that raises it, and the flag works. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitsFrom } from '../../src/cli/limits.js';
import { OPTIONS_HINT, UsageError } from '../../src/cli/errors.js';
import { ensureBuilt, expectOrderlyExit, runCli } from './helpers.js';

const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 400\n";

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-limits-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('limits', () => {
  beforeAll(() => ensureBuilt());

  it('--max-depth: deep nesting is a parse-error naming the flag; raising it lets the file through', () => {
    const dir = scratch({ 'deep.yaml': `${HEADER}Metadata:\n  Deep: ${'['.repeat(40)}${']'.repeat(40)}\n` });
    const limited = runCli(['--format', 'compact', '--max-depth', '20', 'deep.yaml'], { cwd: dir });
    expect(limited.status).toBe(1);
    expect(limited.stdout).toMatch(/^deep\.yaml:8:\d+: error: nesting deeper than 20 levels \(raise it with --max-depth\) \[parse-error\]$/m);
    const raised = runCli(['--format', 'compact', '--max-depth', '64', 'deep.yaml'], { cwd: dir });
    expect(raised.stdout).toBe('');
    expect(raised.status).toBe(0);
  });

  it('--max-aliases: too many aliases is a parse-error naming the flag', () => {
    const aliases = Array.from({ length: 5 }, (_, i) => `  A${i}: *days`).join('\n');
    const dir = scratch({ 'aliases.yaml': `${HEADER}Metadata:\n  Days: &days 400\n${aliases}\n` });
    const limited = runCli(['--format', 'compact', '--max-aliases', '3', 'aliases.yaml'], { cwd: dir });
    expect(limited.stdout).toMatch(/more than 3 YAML aliases \(raise it with --max-aliases\) \[parse-error\]/);
    expect(runCli(['--format', 'compact', '--max-aliases', '10', 'aliases.yaml'], { cwd: dir }).status).toBe(0);
  });

  it('--max-nodes: a file holding more values is a parse-error naming the flag; its siblings are still linted', () => {
    const tags = Array.from({ length: 20 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    const vpc = { AWSTemplateFormatVersion: '2010-09-09', Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16', Tags: tags } } } };
    const dir = scratch({ 'vpc.json': JSON.stringify(vpc, null, 2), 'logs.yaml': HEADER.replace('400', '30') });
    const limited = runCli(['--format', 'compact', '--max-nodes', '40', '.'], { cwd: dir });
    expect(limited.status).toBe(1);
    expect(limited.stdout).toMatch(/^vpc\.json:\d+:\d+: error: more than 40 values \(raise it with --max-nodes\) \[parse-error\]$/m);
    expect(limited.stdout).toMatch(/^logs\.yaml:6:24: error: .*\[log-group-retention\]$/m);
    const raised = runCli(['--format', 'compact', '--max-nodes', '100', '.'], { cwd: dir });
    expect(raised.stdout).not.toContain('parse-error');
    expect(raised.stdout).toMatch(/VPC `Vpc` has no flow log/);
  });

  it('--max-resources: a template declaring more resources is a parse-error naming the flag', () => {
    const vpcs = Array.from({ length: 4 }, (_, i) => `  Vpc${i}:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.${i}.0.0/16\n`).join('');
    const dir = scratch({ 'vpcs.yaml': `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${vpcs}` });
    const limited = runCli(['--format', 'compact', '--max-resources', '3', 'vpcs.yaml'], { cwd: dir });
    expect(limited.stdout).toBe('vpcs.yaml:2:1: error: more than 3 resources (raise it with --max-resources) [parse-error]\n');
    expect(runCli(['--format', 'compact', '--max-resources', '4', 'vpcs.yaml'], { cwd: dir }).stdout.match(/\[vpc-flow-logs\]/g)).toHaveLength(4);
  });

  it.each(['--max-depth', '--max-aliases', '--max-nodes', '--max-resources', '--max-file-size', '--max-reference-depth'])('%s rejects a value that is not a positive whole number', (flag) => {
    const run = runCli([flag, '0', '.'], { cwd: scratch({ 't.yaml': HEADER }) });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(flag);
  });
});

describe('--max-reference-depth and --file-time-budget (the flags; their effect is tested with the engine)', () => {
  beforeAll(() => ensureBuilt());

  it('map to limits.maxReferenceDepth and limits.fileTimeBudget', () => {
    expect(limitsFrom({ maxReferenceDepth: '8', fileTimeBudget: '0.5' })).toEqual({ maxReferenceDepth: 8, fileTimeBudget: 0.5 });
    expect(limitsFrom({ fileTimeBudget: '30' })).toEqual({ fileTimeBudget: 30 });
    expect(limitsFrom({ fileTimeBudget: '.25' })).toEqual({ fileTimeBudget: 0.25 });
    expect(limitsFrom({})).toEqual({});
  });

  it.each(['0', '-3', '2.5', '1e2', '0x10', 'deep', ''])('--max-reference-depth rejects "%s"', (value) => {
    expect(() => limitsFrom({ maxReferenceDepth: value })).toThrow(new UsageError(`--max-reference-depth expects a positive whole number, got "${value}"`, OPTIONS_HINT));
  });

  it('--max-reference-depth says of a whole number too large to hold that it is too large', () => {
    const value = '99999999999999999999';
    expect(() => limitsFrom({ maxReferenceDepth: value })).toThrow(
      new UsageError(`--max-reference-depth expects a positive whole number of at most 9007199254740991, got "${value}", too large to hold exactly`, OPTIONS_HINT),
    );
  });

  it.each(['0', '0.0', '-1', '-0.5', 'abc', '1e3', 'Infinity', '', ' 5', '5s', '1..2'])('--file-time-budget rejects "%s"', (value) => {
    expect(() => limitsFrom({ fileTimeBudget: value })).toThrow(new UsageError(`--file-time-budget expects a positive number of seconds (such as 30 or 0.5), got "${value}"`, OPTIONS_HINT));
  });

  it.each([
    [['--file-time-budget', '0'], `flowguard: --file-time-budget expects a positive number of seconds (such as 30 or 0.5), got "0"\nrun 'flowguard --help' for the options\n`],
    [['--file-time-budget', '-1'], `flowguard: --file-time-budget expects a positive number of seconds (such as 30 or 0.5), got "-1"\nrun 'flowguard --help' for the options\n`],
    [['--file-time-budget=soon'], `flowguard: --file-time-budget expects a positive number of seconds (such as 30 or 0.5), got "soon"\nrun 'flowguard --help' for the options\n`],
    [['--file-time-budget'], "flowguard: option '--file-time-budget <seconds>' needs a value\nrun 'flowguard --help' for the options\n"],
    [['--max-reference-depth', '0'], `flowguard: --max-reference-depth expects a positive whole number, got "0"\nrun 'flowguard --help' for the options\n`],
    [['--max-reference-depth', '1.5'], `flowguard: --max-reference-depth expects a positive whole number, got "1.5"\nrun 'flowguard --help' for the options\n`],
    [['--max-reference-depth'], "flowguard: option '--max-reference-depth <n>' needs a value\nrun 'flowguard --help' for the options\n"],
  ])('the CLI rejects %j with exit 2', (args, stderr) => {
    const run = runCli(['.', ...args], { cwd: scratch({ 't.yaml': HEADER }) });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(stderr);
    expect(run.stdout).toBe('');
  });

  it.each(['lint', 'graph'])('the %s command takes valid values (decimals for the budget)', (command) => {
    const args = ['--max-reference-depth', '8', '--file-time-budget', '0.5', '.'];
    const run = runCli(command === 'lint' ? args : ['graph', '--format', 'json', ...args], { cwd: scratch({ 't.yaml': HEADER }) });
    expectOrderlyExit(run);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
