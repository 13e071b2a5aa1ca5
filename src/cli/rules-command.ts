/**
 * `flowguard rules`: every rule with its default level, the level in effect (after the configuration
 * file and the command line), its options with their defaults and descriptions, and its help page.
 */
import type { EffectiveConfig, EffectiveRule, SettingSource } from '../config/effective.js';
import { parseCommand, type CommandSpec, type OptionTable } from './args.js';
import { UsageError } from './errors.js';
import { resolveSettings, SETTING_OPTIONS } from './settings.js';
import { standardOutput } from './stdio.js';

const FORMATS = ['text', 'json'] as const;

const RULES_OPTIONS = {
  format: { long: 'format', short: 'f', value: '<format>', choices: FORMATS, default: 'text', help: 'output format' },
  ...SETTING_OPTIONS,
} as const satisfies OptionTable;

const RULES_COMMAND: CommandSpec<typeof RULES_OPTIONS> = {
  name: 'flowguard rules',
  description: 'List the rules: default and effective level (after .flowguard.yaml and the flags below), options, help links.',
  options: RULES_OPTIONS,
};

export async function runRulesCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(RULES_COMMAND, args);
  if (typeof parsed === 'number') return parsed;
  const { flags, positionals } = parsed;
  // Parsed, not rejected by the parser: a file named "rules" deserves the hint.
  if (positionals.length > 0) throw new UsageError(`flowguard rules takes no paths (got ${positionals.join(' ')}); to lint a file named "rules", write ./rules`);
  const settings = await resolveSettings(flags, process.cwd());
  const { effectiveConfig } = await import('../config/effective.js');
  const effective = effectiveConfig(settings.rules, { configFile: settings.config?.displayPath, file: settings.config?.rules, cli: settings.cli, ignore: settings.ignore });
  const { helpUriOf } = await import('../report/sarif.js');
  standardOutput.write(flags.format === 'json' ? formatRulesJson(effective, helpUriOf) : formatRulesText(effective, helpUriOf));
  return 0;
}

export function formatRulesJson(config: EffectiveConfig, helpUri: (id: string) => string): string {
  const rules = config.rules.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.name,
    level: rule.level,
    defaultLevel: rule.defaultLevel,
    levelSource: rule.levelSource,
    shortDescription: rule.meta.shortDescription,
    fullDescription: rule.meta.fullDescription,
    securitySeverity: rule.meta.securitySeverity,
    tags: rule.meta.tags,
    helpUri: helpUri(rule.meta.id),
    options: rule.options.map((o) => ({ name: o.name, type: o.type, value: o.value, default: o.default, source: o.source, description: o.description })),
  }));
  return `${JSON.stringify({ configFile: config.configFile ?? null, rules }, null, 2)}\n`;
}

export function formatRulesText(config: EffectiveConfig, helpUri: (id: string) => string): string {
  const width = Math.max(...config.rules.map((rule) => rule.meta.id.length));
  const blocks = config.rules.map((rule) => ruleBlock(rule, width, config.configFile, helpUri));
  const footer = config.configFile === undefined ? 'configuration: none (defaults); see docs/integrations.md for .flowguard.yaml' : `configuration: ${config.configFile}`;
  return `${blocks.join('\n\n')}\n\n${footer}\n`;
}

function ruleBlock(rule: EffectiveRule, width: number, configFile: string | undefined, helpUri: (id: string) => string): string {
  const changed = rule.levelSource === 'default' ? '' : `  (default ${rule.defaultLevel}, ${origin(rule.levelSource, configFile)})`;
  const lines = [`${rule.meta.id.padEnd(width)}  ${rule.level}${changed}`, `  ${rule.meta.shortDescription}`];
  if (rule.options.length) {
    lines.push('  options:');
    for (const option of rule.options) {
      const from = option.source === 'default' ? '' : `, ${origin(option.source, configFile)}`;
      lines.push(`    ${option.name} = ${String(option.value)}  (${option.type}, default ${String(option.default)}${from})`, `      ${option.description}`);
    }
  }
  lines.push(`  help: ${helpUri(rule.meta.id)}`);
  return lines.join('\n');
}

function origin(source: SettingSource, configFile: string | undefined): string {
  return source === 'config' ? `set in ${configFile ?? 'the configuration file'}` : source === 'command line' ? 'set on the command line' : 'default';
}
