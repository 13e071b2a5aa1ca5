/**
 * Rule settings shared by every command: the configuration file (`.flowguard.yaml`, `--config`,
 * `--no-config`) and the command-line flags that override it (`--rule`, `--min-retention-days`,
 * `--require-explicit-retention`). The YAML parser is loaded only when there is a file to read.
 */
import { relative, resolve } from 'node:path';
import type { ConfiguredLevel } from '../core/finding.js';
import type { RuleMeta } from '../core/rule.js';
import type { InputLimits } from '../engine/options.js';
import { findConfigFile } from '../config/find.js';
import { mergeRuleSettings, type RuleSettings } from '../config/merge.js';
import { CONFIG_FILE_NAME, CONFIG_LEVELS, type FlowguardConfig } from '../config/types.js';
import type { Flags, OptionTable } from './args.js';
import { OPTIONS_HINT, UsageError } from './errors.js';
import { didYouMean } from '../core/suggest.js';

/** The setting flags, shared by every command. `config` is a file, false with `--no-config`, or undefined (look for `.flowguard.yaml`). */
export const SETTING_OPTIONS = {
  config: {
    long: 'config',
    value: '<file>',
    help: `read this configuration file instead of looking for ${CONFIG_FILE_NAME} up to the repository root`,
    negation: `use no configuration file, not even ${CONFIG_FILE_NAME}`,
  },
  rule: { long: 'rule', value: '<id=level>', repeatable: true, help: 'set a rule level: error, warning, note or off (repeatable; overrides the configuration file)' },
  minRetentionDays: { long: 'min-retention-days', value: '<days>', help: 'log-group-retention: fewest days accepted (default 365)' },
  requireExplicitRetention: {
    long: 'require-explicit-retention',
    help: 'log-group-retention: report log groups that never expire',
    negation: 'log-group-retention: accept log groups that never expire (overrides the configuration file)',
  },
} as const satisfies OptionTable;

export type SettingFlags = Flags<typeof SETTING_OPTIONS>;

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
  /** `LintOptions.limits` from the file; a command's limit flags override them (`limitsOf`). */
  limits: Partial<InputLimits>;
}

export async function resolveSettings(flags: SettingFlags, cwd: string): Promise<Settings> {
  const { RULES } = await import('../../rules/index.js');
  const rules = RULES.map((rule) => rule.meta);
  const cli = cliRuleSettings(flags, rules.map((meta) => meta.id));
  const config = await readConfig(flags.config, cwd, rules);
  return { rules, config, cli, merged: mergeRuleSettings(config?.rules, cli), ignore: config?.ignore ?? [], limits: config?.limits ?? {} };
}

async function readConfig(flag: string | false | undefined, cwd: string, rules: readonly RuleMeta[]): Promise<FlowguardConfig | undefined> {
  if (flag === false) return undefined;
  const path = typeof flag === 'string' ? resolve(cwd, flag) : findConfigFile(cwd);
  if (path === undefined) return undefined;
  const display = typeof flag === 'string' ? flag : relative(cwd, path) || CONFIG_FILE_NAME;
  const { loadConfig } = await import('../config/load.js');
  return loadConfig(path, display, rules, typeof flag === 'string');
}

function cliRuleSettings(flags: SettingFlags, known: readonly string[]): RuleSettings {
  const settings: RuleSettings = {};
  for (const entry of flags.rule) {
    const match = /^([a-z0-9-]+)=(error|warning|note|off)$/.exec(entry);
    if (!match) {
      // `vpc-flow-logs=warn`: suggest the level as the configuration file's validation does.
      const level = /^[a-z0-9-]+=(.*)$/.exec(entry)?.[1];
      const hint = level === undefined ? '' : didYouMean(level, CONFIG_LEVELS);
      throw new UsageError(`--rule expects <rule-id>=<error|warning|note|off>, got "${entry}"${hint}`, OPTIONS_HINT);
    }
    // A misspelt id would otherwise be ignored silently and the rule would keep its default level.
    if (!known.includes(match[1]!)) throw new UsageError(`--rule: unknown rule "${match[1]}"${didYouMean(match[1]!, known)}; rules: ${known.join(', ')}`, OPTIONS_HINT);
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
  // All digits yet past 2^53 - 1: a whole number, only too large to hold exactly; say so.
  if (Number.isFinite(value) && !Number.isSafeInteger(value)) {
    throw new UsageError(`${flag} expects a positive whole number of at most ${Number.MAX_SAFE_INTEGER}, got "${text}", too large to hold exactly`, OPTIONS_HINT);
  }
  if (!Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${flag} expects a positive whole number, got "${text}"`, OPTIONS_HINT);
  return value;
}

/** Seconds and the like: decimals allowed (`0.5`), still no exponent, sign or hexadecimal. */
export function positiveNumber(flag: string, text: string, unit: string): number {
  const value = /^(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} expects a positive number of ${unit} (such as 30 or 0.5), got "${text}"`, OPTIONS_HINT);
  return value;
}
