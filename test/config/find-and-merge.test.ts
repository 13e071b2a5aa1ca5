/**
 * Where the configuration file is found (working directory up to the repository root, never above it),
 * how its settings combine with the command line's, and `--print-config`'s output reading back as the
 * same configuration.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { effectiveConfig } from '../../src/config/effective.js';
import { findConfigFile } from '../../src/config/find.js';
import { parseConfig } from '../../src/config/load.js';
import { mergeRuleSettings } from '../../src/config/merge.js';
import { formatConfigJson, formatConfigYaml } from '../../src/config/print.js';
import { closest } from '../../src/core/suggest.js';

const metas = RULES.map((rule) => rule.meta);
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-config-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('findConfigFile', () => {
  it('finds the file in the working directory, and in a parent up to the git work tree root', () => {
    const dir = tree({ 'repo/.git/HEAD': '', 'repo/.flowguard.yaml': '', 'repo/a/b/x.yaml': '' });
    expect(findConfigFile(join(dir, 'repo'))).toBe(join(dir, 'repo/.flowguard.yaml'));
    expect(findConfigFile(join(dir, 'repo/a/b'))).toBe(join(dir, 'repo/.flowguard.yaml'));
  });

  it('prefers the nearest file', () => {
    const dir = tree({ 'repo/.git': 'gitdir: elsewhere\n', 'repo/.flowguard.yaml': '', 'repo/a/.flowguard.yaml': '', 'repo/a/b/x.yaml': '' });
    expect(findConfigFile(join(dir, 'repo/a/b'))).toBe(join(dir, 'repo/a/.flowguard.yaml'));
  });

  it('reads .flowguard.yml, the other usual spelling, where a folder has no .flowguard.yaml', () => {
    const dir = tree({ 'repo/.git/HEAD': '', 'repo/.flowguard.yml': '', 'repo/a/.flowguard.yml': '', 'repo/a/.flowguard.yaml': '', 'repo/b/x.yaml': '' });
    expect(findConfigFile(join(dir, 'repo/b'))).toBe(join(dir, 'repo/.flowguard.yml'));
    expect(findConfigFile(join(dir, 'repo/a'))).toBe(join(dir, 'repo/a/.flowguard.yaml'));
  });

  it('never looks above the work tree root', () => {
    const dir = tree({ '.flowguard.yaml': '', 'repo/.git/HEAD': '', 'repo/a/x.yaml': '' });
    expect(findConfigFile(join(dir, 'repo/a'))).toBeUndefined();
    expect(findConfigFile(join(dir, 'repo'))).toBeUndefined();
  });

  it('outside a work tree, looks in the working directory only', () => {
    const dir = tree({ '.flowguard.yaml': '', 'a/x.yaml': '' });
    expect(findConfigFile(join(dir, 'a'))).toBeUndefined();
    expect(findConfigFile(dir)).toBe(join(dir, '.flowguard.yaml'));
  });
});

describe('precedence: command line over file over defaults', () => {
  const file = { 'log-group-retention': { level: 'warning' as const, options: { minimumDays: 90, requireExplicit: true } }, 'vpc-flow-logs': { level: 'off' as const } };
  const cli = { 'log-group-retention': { options: { minimumDays: 30 } }, 'role-trust-principal': { level: 'note' as const } };

  it('merges field by field', () => {
    expect(mergeRuleSettings(file, cli)).toEqual({
      'log-group-retention': { level: 'warning', options: { minimumDays: 30, requireExplicit: true } },
      'vpc-flow-logs': { level: 'off' },
      'role-trust-principal': { level: 'note' },
    });
    expect(mergeRuleSettings(undefined, cli)).toEqual(cli);
    expect(mergeRuleSettings(file, { 'log-group-retention': { level: 'error' } })['log-group-retention']).toEqual({ level: 'error', options: { minimumDays: 90, requireExplicit: true } });
  });

  it('says where each effective value comes from', () => {
    const effective = effectiveConfig(metas, { configFile: '.flowguard.yaml', file, cli, ignore: ['vendor/**'] });
    const retention = effective.rules.find((r) => r.meta.id === 'log-group-retention')!;
    expect(retention).toMatchObject({ level: 'warning', levelSource: 'config', defaultLevel: 'error' });
    expect(retention.options.map((o) => [o.name, o.value, o.source, o.default])).toEqual([
      ['minimumDays', 30, 'command line', 365],
      ['requireExplicit', true, 'config', false],
    ]);
    expect(effective.rules.find((r) => r.meta.id === 'role-trust-principal')).toMatchObject({ level: 'note', levelSource: 'command line' });
    expect(effective.rules.find((r) => r.meta.id === 'flow-log-delivery')).toMatchObject({ level: 'warning', levelSource: 'default' });
    expect(effective.rules.map((r) => r.meta.id)).toEqual(metas.map((m) => m.id));
  });
});

describe('--print-config output', () => {
  const effective = effectiveConfig(metas, {
    configFile: '.flowguard.yaml',
    file: { 'vpc-flow-logs': { level: 'off' } },
    cli: { 'log-group-retention': { options: { minimumDays: 90 } } },
    ignore: ['vendor/**', '#not-a-comment', "it's: \"quoted\""],
  });

  it('YAML and JSON both read back as the same configuration', () => {
    for (const text of [formatConfigYaml(effective), formatConfigJson(effective)]) {
      const again = parseConfig(text, 'printed', metas);
      expect(again.ignore).toEqual(['vendor/**', '#not-a-comment', "it's: \"quoted\""]);
      expect(again.rules['vpc-flow-logs']).toEqual({ level: 'off' });
      expect(again.rules['log-group-retention']).toEqual({ level: 'error', options: { minimumDays: 90, requireExplicit: false } });
      expect(Object.keys(again.rules)).toEqual(metas.map((m) => m.id));
    }
  });

  it('YAML notes where a value that is not the default comes from', () => {
    const yaml = formatConfigYaml(effective);
    expect(yaml).toContain('    level: off  # config; default error\n');
    expect(yaml).toContain('      minimumDays: 90  # command line; default 365\n');
    expect(yaml.split('\n')[0]).toBe('# flowguard configuration in effect: defaults, then .flowguard.yaml, then the command line');
    expect(formatConfigYaml(effectiveConfig(metas, {}))).toContain('ignore: []\n');
  });
});

describe('suggestions', () => {
  it.each([
    ['vpc-flowlogs', ['vpc-flow-logs', 'log-group-retention'], 'vpc-flow-logs'],
    ['warn', ['error', 'warning', 'note', 'off'], 'warning'],
    ['minDays', ['minimumDays', 'requireExplicit'], 'minimumDays'],
    ['Rules', ['rules', 'ignore'], 'rules'],
    ['banana', ['rules', 'ignore'], undefined],
    ['x', ['error', 'warning'], undefined],
  ])('%s → %s', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});
