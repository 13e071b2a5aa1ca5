/**
 * Exit codes (SPEC §6): 0 clean, 1 a finding at or above --fail-level, 2 the run itself failed (bad
 * options, a missing path, nothing to lint). Each case spawns the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, copyFixture, ensureBuilt, expectOrderlyExit, FIXTURES, removeDir, runCli, tempDir, writeTree } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const dirs: string[] = [];
const fixture = (name: string): string => {
  const dir = copyFixture(name);
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach(removeDir));

describe('exit 0 and 1', () => {
  it('exits 0 on a clean template, with a clean summary', () => {
    const run = runCli([], { cwd: fixture('clean') });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('✔ no problems in 1 file\n');
    expect(run.stderr).toBe('');
  });

  it('exits 1 when there is an error finding', () => {
    const run = runCli(['--format', 'compact'], { cwd: fixture('findings') });
    expectOrderlyExit(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/: error: .*\[vpc-flow-logs\]$/m);
  });

  it('exits 0 on a warning-only run by default, 1 with --fail-level warning or note', () => {
    const cwd = fixture('warning-only');
    const byDefault = runCli(['--format', 'compact'], { cwd });
    expectOrderlyExit(byDefault);
    expect(byDefault.stdout).toMatch(/: warning: .*\[flow-log-delivery\]$/m);
    expect(byDefault.stdout).not.toMatch(/: error: /);
    expect(byDefault.status).toBe(0);
    expect(runCli(['--fail-level', 'warning'], { cwd }).status).toBe(1);
    expect(runCli(['--fail-level', 'note'], { cwd }).status).toBe(1);
    expect(runCli(['--fail-level', 'error'], { cwd }).status).toBe(0);
  });

  it('exits 0 with --fail-level none even with errors, and still prints them', () => {
    const run = runCli(['--fail-level', 'none', '--format', 'compact'], { cwd: fixture('findings') });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/: error: /);
  });

  it('counts a rule lowered to warning by --rule against --fail-level', () => {
    const cwd = fixture('findings');
    const lowered = ['--rule', 'vpc-flow-logs=warning', '--rule', 'log-group-retention=warning'];
    expect(runCli(lowered, { cwd }).status).toBe(0);
    expect(runCli([...lowered, '--fail-level', 'warning'], { cwd }).status).toBe(1);
  });

  it('prints --version and --help and exits 0', () => {
    const version = runCli(['--version'], { cwd: FIXTURES });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = runCli(['--help'], { cwd: FIXTURES });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--fail-level');
  });
});

describe('exit 2: the run itself failed', () => {
  it.each([
    ['an unknown option', ['--bogus'], /^flowguard: unknown option '--bogus'\nrun 'flowguard --help' for the options\n$/],
    ['a bad --format choice', ['--format', 'xml'], /^flowguard: option '--format <format>' does not accept 'xml'; use one of text, sarif, json, compact, github\n/],
    ['a missing --format value', ['--format'], /^flowguard: option '--format <format>' needs a value: text, sarif, json, compact, github\n/],
    ['a bad --fail-level choice', ['--fail-level', 'fatal'], /^flowguard: option '--fail-level <level>' does not accept 'fatal'; use one of error, warning, note, none\n/],
    ['a bad --rule level', ['--rule', 'x=loud'], /--rule expects <rule-id>=<error\|warning\|note\|off>, got "x=loud"/],
    ['a --rule without a level', ['--rule', 'vpc-flow-logs'], /--rule expects/],
    ['an unknown --rule id', ['--rule', 'log-group-retnetion=off'], /unknown rule "log-group-retnetion" \(did you mean "log-group-retention"\?\); rules: vpc-flow-logs, /],
    ['a --rule level spelt short', ['--rule', 'vpc-flow-logs=warn'], /got "vpc-flow-logs=warn" \(did you mean "warning"\?\)\n/],
    ['a non-numeric --min-retention-days', ['--min-retention-days', 'abc'], /--min-retention-days expects a positive whole number, got "abc"/],
    ['a zero --min-retention-days', ['--min-retention-days', '0'], /positive whole number/],
    ['a fractional --min-retention-days', ['--min-retention-days', '7.5'], /positive whole number/],
    ['a hexadecimal --min-retention-days', ['--min-retention-days', '0x10'], /positive whole number/],
    ['an exponent --max-file-size', ['--max-file-size', '1e3'], /--max-file-size expects a positive whole number/],
    ['a negative --max-file-size', ['--max-file-size', '-5'], /./],
  ])('%s', (_name, args, message) => {
    const run = runCli(['.', ...args], { cwd: fixture('findings') });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('exits 2 for a path that does not exist, naming it', () => {
    const run = runCli(['no-such-template.yaml'], { cwd: fixture('clean') });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot read no-such-template.yaml: no such file or directory');
  });

  it('exits 2 when a missing path sits beside a clean one', () => {
    const run = runCli(['template.yaml', 'missing.yaml'], { cwd: fixture('clean') });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
  });

  it('exits 2 for a directory with no templates', () => {
    const dir = tempDir();
    dirs.push(dir);
    writeTree(dir, { 'README.md': '# nothing here\n', 'config/app.yaml': 'name: app\nreplicas: 2\n', 'package.json': '{"name":"x"}\n' });
    const run = runCli([], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no CloudFormation template, Terraform file or plan found in the current directory');
    const named = runCli(['config'], { cwd: dir });
    expect(named.status).toBe(2);
    expect(named.stderr).toContain('no CloudFormation template, Terraform file or plan found in config');
  });

  it('exits 2 in a CDK project whose .gitignore excludes cdk.out, and says how to lint it', () => {
    const dir = tempDir();
    dirs.push(dir);
    spawnSync('git', ['init', '-q', dir], { timeout: 20_000 });
    const template = JSON.stringify({ Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }, null, 1);
    writeTree(dir, {
      '.gitignore': '*.js\n!jest.config.js\n*.d.ts\nnode_modules\n\n# CDK asset staging directory\n.cdk.staging\ncdk.out\n',
      'cdk.json': '{ "app": "npx ts-node --prefer-ts-exts bin/app.ts" }\n',
      'package.json': '{"name":"app"}\n',
      'bin/app.ts': 'new App();\n',
      'cdk.out/cdk.out': '{"version":"48.0.0"}\n',
      'cdk.out/manifest.json': '{"version":"48.0.0","artifacts":{}}\n',
      'cdk.out/AppStack.template.json': template,
      'infra/cdk.out/cdk.out': '{"version":"48.0.0"}\n',
      'infra/cdk.out/AppStack.template.json': template,
    });
    const run = runCli([], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'flowguard: no CloudFormation template, Terraform file or plan found in the current directory\n' +
        'flowguard: .gitignore excludes the CDK cloud assemblies cdk.out, infra/cdk.out: name them to lint the synthesised templates (flowguard cdk.out infra/cdk.out)\n',
    );
    const named = runCli(['--format', 'compact', 'cdk.out'], { cwd: dir });
    expect(named.status).toBe(1);
    expect(named.stdout).toContain('cdk.out/AppStack.template.json:');
  });

  it('exits 2 for an empty directory', () => {
    const dir = tempDir();
    dirs.push(dir);
    const run = runCli(['.'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no CloudFormation template, Terraform file or plan found');
  });

  it('exits 2 with a clear message when --output cannot be written', () => {
    const cwd = fixture('clean');
    writeTree(cwd, { 'reports/run.sarif/README.md': 'A folder, not a file.\n' });
    const run = runCli(['--output', 'reports/run.sarif', '--format', 'sarif'], { cwd });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('flowguard: cannot write reports/run.sarif: is a directory\n');
  });

  describe('a named file that cannot be parsed, with the parse-error rule off', () => {
    const BROKEN = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: [\n";

    it('alone: exit 2, showing the parse problem and saying that the file could not be parsed, not that none was found', () => {
      const cwd = fixture('clean');
      writeTree(cwd, { 'broken.yaml': BROKEN });
      const run = runCli(['--rule', 'parse-error=off', 'broken.yaml'], { cwd });
      expectOrderlyExit(run);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      const [problem, verdict, ...rest] = run.stderr.split('\n');
      expect(problem).toMatch(/^flowguard: error: broken\.yaml: this flow sequence \[ is never closed/);
      expect(verdict).toBe('flowguard: nothing linted: broken.yaml could not be read or parsed (the parse-error rule is off, so this is not reported as a finding)');
      expect(rest).toEqual(['']);
    });

    it('beside a template that parses: not a finding, still shown, and the other file is linted (exit 0)', () => {
      const cwd = fixture('clean');
      writeTree(cwd, { 'broken.yaml': BROKEN });
      const run = runCli(['--rule', 'parse-error=off', '--format', 'compact', 'broken.yaml', 'template.yaml'], { cwd });
      expectOrderlyExit(run);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^broken\.yaml:5:\d+: error: this flow sequence \[ is never closed.* \[flowguard\]\n$/);
    });
  });
});
