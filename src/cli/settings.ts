/**
 * Rule settings shared by every command: the configuration file (`.flowguard.yaml`, `--config`,
 * `--no-config`) and the command-line flags that override it (`--rule`, `--min-retention-days`,
 * `--require-explicit-retention`). The YAML parser is loaded only when there is a file to read.
 */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ConfiguredLevel } from '../core/finding.js';
import type { RuleMeta } from '../core/rule.js';
import { findConfigFile } from '../config/find.js';
import { mergeRuleSettings, type RuleSettings } from '../config/merge.js';
import { CONFIG_FILE_NAME, type FlowguardConfig } from '../config/types.js';
import { UsageError } from './errors.js';

export interface SettingFlags {
  /** A file from `--config`, false with `--no-config`, undefined to look for `.flowguard.yaml`. */
  config?: string | false;
  rule: string[];
  minRetentionDays?: string;
  requireExplicitRetention?: boolean;
}

export function addSettingFlags(command: Command): Command {
  return command
    .option('--config <file>', `read this configuration file instead of looking for ${CONFIG_FILE_NAME} up to the repository root`)
    .option('--no-config', `use no configuration file, not even ${CONFIG_FILE_NAME}`)
    .option('--rule <id=level>', 'set a rule level: error, warning, note or off (repeatable; overrides the configuration file)', collect, [])
    .option('--min-retention-days <days>', 'log-group-retention: fewest days accepted (default 365)')
    .option('--require-explicit-retention', 'log-group-retention: report log groups that never expire')
    .option('--no-require-explicit-retention', 'log-group-retention: accept log groups that never expire (overrides the configuration file)');
}

export interface Settings {
  /** Every rule's metadata, in registry order. */
  rules: readonly RuleMeta[];
  /** The configuration file that was read, if any. */
  config: FlowguardConfig | undefined;
  /** The command line's rule settings alone. */
  cli: RuleSettings;
  /** What the engine gets (`LintOptions.rules`): the file's settings, then the command line's. */
  merged: RuleSettings;
  /** `LintOptions.ignore`, from the file. */
  ignore: string[];
}

export async function resolveSettings(flags: SettingFlags, cwd: string): Promise<Settings> {
  const { RULES } = await import('../../rules/index.js');
  const rules = RULES.map((rule) => rule.meta);
  const cli = cliRuleSettings(flags, rules.map((meta) => meta.id));
  const config = await readConfig(flags.config, cwd, rules);
  return { rules, config, cli, merged: mergeRuleSettings(config?.rules, cli), ignore: config?.ignore ?? [] };
}

async function readConfig(flag: string | false | undefined, cwd: string, rules: readonly RuleMeta[]): Promise<FlowguardConfig | undefined> {
  if (flag === false) return undefined;
  const path = typeof flag === 'string' ? resolve(cwd, flag) : findConfigFile(cwd);
  if (path === undefined) return undefined;
  const display = typeof flag === 'string' ? flag : relative(cwd, path) || CONFIG_FILE_NAME;
  const { loadConfig } = await import('../config/load.js');
  return loadConfig(path, display, rules);
}

function cliRuleSettings(flags: SettingFlags, known: readonly string[]): RuleSettings {
  const settings: RuleSettings = {};
  for (const entry of flags.rule) {
    const match = /^([a-z0-9-]+)=(error|warning|note|off)$/.exec(entry);
    if (!match) throw new UsageError(`--rule expects <rule-id>=<error|warning|note|off>, got "${entry}"`);
    // A misspelt id would otherwise be ignored silently and the rule would keep its default level.
    if (!known.includes(match[1]!)) throw new UsageError(`--rule: unknown rule "${match[1]}" (rules: ${known.join(', ')})`);
    settings[match[1]!] = { level: match[2] as ConfiguredLevel };
  }
  const retention: Record<string, number | boolean> = {};
  if (flags.minRetentionDays !== undefined) retention['minimumDays'] = positiveInteger('--min-retention-days', flags.minRetentionDays);
  if (flags.requireExplicitRetention !== undefined) retention['requireExplicit'] = flags.requireExplicitRetention;
  if (Object.keys(retention).length) settings['log-group-retention'] = { ...settings['log-group-retention'], options: retention };
  return settings;
}

export function positiveInteger(flag: string, text: string): number {
  // Digits only: Number() would also take "0x10", "1e3", " 7" and "".
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${flag} expects a positive whole number, got "${text}"`);
  return value;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
