/**
 * `flowguard rules` (and the subcommand dispatch): every rule with its default and effective level,
 * options with defaults and descriptions, help links; `--format json`; configuration and flags applied.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, expectOrderlyExit, runCli, SHORT_RETENTION, writeTree } from './helpers.js';
import { removeScratch, scratch } from './scratch.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);
afterAll(removeScratch);

interface JsonRule {
  id: string;
  level: string;
  defaultLevel: string;
  levelSource: string;
  helpUri: string;
  shortDescription: string;
  options: { name: string; type: string; value: unknown; default: unknown; source: string; description: string }[];
}

function rulesJson(cwd: string, ...args: string[]): { configFile: string | null; rules: JsonRule[] } {
  const run = runCli(['rules', '--format', 'json', ...args], { cwd });
  expectOrderlyExit(run);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as { configFile: string | null; rules: JsonRule[] };
}

describe('flowguard rules', () => {
  it('lists every rule with its level, description, options and help link', () => {
    const run = runCli(['rules'], { cwd: scratch() });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    for (const { meta } of RULES) {
      expect(run.stdout).toMatch(new RegExp(`^${meta.id} +${meta.defaultLevel}$`, 'm'));
      expect(run.stdout).toContain(`  ${meta.shortDescription}\n`);
      expect(run.stdout).toContain(`  help: https://github.com/flowguard/flowguard/blob/main/rules/${meta.id}.md\n`);
    }
    expect(run.stdout).toContain('  options:\n    minimumDays = 365  (number, default 365)\n      Fewest days of retention accepted.\n');
    expect(run.stdout).toContain('    requireExplicit = false  (boolean, default false)\n');
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('configuration: none (defaults); see docs/integrations.md for .flowguard.yaml');
  });

  it('shows the effective level and options after .flowguard.yaml and flags, and where they come from', () => {
    const dir = scratch();
    writeTree(dir, { '.flowguard.yaml': 'rules:\n  vpc-flow-logs: warning\n  log-group-retention:\n    options: { minimumDays: 90 }\n' });
    const run = runCli(['rules', '--rule', 'suppression=off', '--require-explicit-retention'], { cwd: dir });
    expect(run.stdout).toMatch(/^vpc-flow-logs +warning {2}\(default error, set in \.flowguard\.yaml\)$/m);
    expect(run.stdout).toMatch(/^suppression +off {2}\(default note, set on the command line\)$/m);
    expect(run.stdout).toContain('    minimumDays = 90  (number, default 365, set in .flowguard.yaml)\n');
    expect(run.stdout).toContain('    requireExplicit = true  (boolean, default false, set on the command line)\n');
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('configuration: .flowguard.yaml');
  });

  it('--format json gives the same as data', () => {
    const dir = scratch();
    writeTree(dir, { 'ci.yaml': 'rules:\n  log-group-retention: { level: note, options: { requireExplicit: true } }\n' });
    const { configFile, rules } = rulesJson(dir, '--config', 'ci.yaml');
    expect(configFile).toBe('ci.yaml');
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    const retention = rules.find((r) => r.id === 'log-group-retention')!;
    expect(retention).toMatchObject({ level: 'note', defaultLevel: 'error', levelSource: 'config', helpUri: 'https://github.com/flowguard/flowguard/blob/main/rules/log-group-retention.md' });
    expect(retention.options).toEqual([
      { name: 'minimumDays', type: 'number', value: 365, default: 365, source: 'default', description: 'Fewest days of retention accepted.' },
      { name: 'requireExplicit', type: 'boolean', value: true, default: false, source: 'config', description: 'Report log groups that set no retention (never expire).' },
    ]);
    expect(rules.find((r) => r.id === 'vpc-flow-logs')).toMatchObject({ level: 'error', levelSource: 'default', options: [] });
    expect(rulesJson(dir).configFile).toBeNull();
  });

  it('fails like a lint run on a bad configuration or flag (exit 2)', () => {
    const dir = scratch();
    writeTree(dir, { '.flowguard.yaml': 'rules:\n  vpc-flow-log: off\n' });
    const bad = runCli(['rules'], { cwd: dir });
    expectOrderlyExit(bad);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^\.flowguard\.yaml:2:3: unknown rule "vpc-flow-log" \(did you mean "vpc-flow-logs"\?\)/);
    expect(runCli(['rules', '--no-config', '--rule', 'nope=off'], { cwd: dir }).stderr).toContain('--rule: unknown rule "nope"');
    expect(runCli(['rules', '--format', 'sarif'], { cwd: dir }).status).toBe(2);
  });

  it('takes no paths, and says how to lint a file named rules', () => {
    const run = runCli(['rules', 'templates/'], { cwd: scratch() });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('flowguard: flowguard rules takes no paths (got templates/); to lint a file named "rules", write ./rules\n');
  });

  it('has its own --help', () => {
    const run = runCli(['rules', '--help'], { cwd: scratch() });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: flowguard rules \[options\]/);
    expect(run.stdout).toContain('--format <format>');
    expect(run.stdout).toContain('--config <file>');
  });
});

describe('subcommand dispatch', () => {
  it('a file named rules is linted as ./rules', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'rules'), SHORT_RETENTION);
    const run = runCli(['./rules', '--format', 'compact'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^rules:6:24: error: .*\[log-group-retention\]\n$/);
  });

  it('the lint command’s --help lists the subcommands and the new options', () => {
    const run = runCli(['--help'], { cwd: scratch() });
    expect(run.status).toBe(0);
    for (const text of ['flowguard rules', 'flowguard graph', '--config <file>', '--no-config', '--baseline <file.sarif>', '--context <path>', '--print-config']) {
      expect(run.stdout).toContain(text);
    }
  });
});
