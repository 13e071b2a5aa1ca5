/**
 * The configuration in effect, setting by setting, with where each value came from: what
 * `flowguard --print-config` prints and what `flowguard rules` lists.
 */
import type { ConfiguredLevel, Level } from '../core/finding.js';
import type { RuleMeta } from '../core/rule.js';
import { DEFAULT_LIMITS, LIMIT_KINDS, type InputLimits } from '../engine/options.js';
import type { RuleSettings } from './merge.js';

export type SettingSource = 'default' | 'config' | 'command line';

export interface EffectiveOption {
  name: string;
  type: 'number' | 'boolean';
  description: string;
  default: number | boolean;
  value: number | boolean;
  source: SettingSource;
}

export interface EffectiveRule {
  meta: RuleMeta;
  defaultLevel: Level;
  level: ConfiguredLevel;
  levelSource: SettingSource;
  options: EffectiveOption[];
}

export interface EffectiveLimit {
  name: keyof InputLimits;
  default: number;
  value: number;
  source: SettingSource;
}

export interface EffectiveConfig {
  /** The configuration file as messages name it; undefined when none was used. */
  configFile: string | undefined;
  rules: EffectiveRule[];
  ignore: string[];
  /** Every input limit; absent when the command runs no lint (`flowguard rules`). */
  limits?: EffectiveLimit[];
}

export interface ConfigLayers {
  configFile?: string;
  /** Rule settings from the configuration file. */
  file?: RuleSettings;
  /** Rule settings from the command line (`--rule`, `--min-retention-days`, …). */
  cli?: RuleSettings;
  ignore?: string[];
  /** Input limits from the configuration file and from the command line's flags. */
  limits?: { file?: Partial<InputLimits>; cli?: Partial<InputLimits> };
}

export function effectiveConfig(rules: readonly RuleMeta[], layers: ConfigLayers): EffectiveConfig {
  return {
    configFile: layers.configFile,
    ignore: [...(layers.ignore ?? [])],
    ...(layers.limits ? { limits: effectiveLimits(layers.limits) } : {}),
    rules: rules.map((meta) => {
      const file = layers.file?.[meta.id];
      const cli = layers.cli?.[meta.id];
      const level: { value: ConfiguredLevel; source: SettingSource } =
        cli?.level !== undefined ? { value: cli.level, source: 'command line' } : file?.level !== undefined ? { value: file.level, source: 'config' } : { value: meta.defaultLevel, source: 'default' };
      const options = Object.entries(meta.options).map(([name, option]): EffectiveOption => {
        const fromCli = cli?.options?.[name];
        const fromFile = file?.options?.[name];
        const [value, source]: [number | boolean, SettingSource] =
          fromCli !== undefined ? [fromCli, 'command line'] : fromFile !== undefined ? [fromFile, 'config'] : [option.default, 'default'];
        return { name, type: option.type, description: option.description, default: option.default, value, source };
      });
      return { meta, defaultLevel: meta.defaultLevel, level: level.value, levelSource: level.source, options };
    }),
  };
}

function effectiveLimits({ file = {}, cli = {} }: NonNullable<ConfigLayers['limits']>): EffectiveLimit[] {
  return (Object.keys(LIMIT_KINDS) as (keyof InputLimits)[]).map((name) => {
    const [value, source]: [number, SettingSource] =
      cli[name] !== undefined ? [cli[name], 'command line'] : file[name] !== undefined ? [file[name], 'config'] : [DEFAULT_LIMITS[name], 'default'];
    return { name, default: DEFAULT_LIMITS[name], value, source };
  });
}
