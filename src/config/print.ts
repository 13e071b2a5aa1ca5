/**
 * `flowguard --print-config`: the configuration in effect, as a configuration file. The YAML is itself a
 * valid `.flowguard.yaml` (and the JSON a valid `--config` file), so it can be saved and edited.
 */
import type { EffectiveConfig } from './effective.js';

/** The configuration-file shape of the effective configuration: every rule, every option. */
export function configDocument(config: EffectiveConfig): {
  rules: Record<string, { level: string; options?: Record<string, number | boolean> }>;
  ignore: string[];
  limits?: Record<string, number>;
} {
  const rules: Record<string, { level: string; options?: Record<string, number | boolean> }> = {};
  for (const rule of config.rules) {
    rules[rule.meta.id] = rule.options.length
      ? { level: rule.level, options: Object.fromEntries(rule.options.map((o) => [o.name, o.value])) }
      : { level: rule.level };
  }
  const document = { rules, ignore: [...config.ignore] };
  return config.limits ? { ...document, limits: Object.fromEntries(config.limits.map((limit) => [limit.name, limit.value])) } : document;
}

export function formatConfigJson(config: EffectiveConfig): string {
  return `${JSON.stringify(configDocument(config), null, 2)}\n`;
}

export function formatConfigYaml(config: EffectiveConfig): string {
  // A comment is one line: a file name with a line break must not end it.
  const from = config.configFile === undefined ? 'no configuration file' : config.configFile.replace(/[\r\n\u2028\u2029]+/g, ' ');
  const lines = [`# flowguard configuration in effect: defaults, then ${from}, then the command line`, 'rules:'];
  for (const rule of config.rules) {
    const changed = rule.levelSource === 'default' ? '' : `  # ${rule.levelSource}; default ${rule.defaultLevel}`;
    lines.push(`  ${rule.meta.id}:`, `    level: ${rule.level}${changed}`);
    if (rule.options.length) {
      lines.push('    options:');
      for (const option of rule.options) {
        const note = option.source === 'default' ? '' : `  # ${option.source}; default ${String(option.default)}`;
        lines.push(`      ${option.name}: ${String(option.value)}${note}`);
      }
    }
  }
  // JSON strings are YAML double-quoted scalars: any pattern (`*`, `#`, `!`, quotes) stays literal.
  if (config.ignore.length) lines.push('ignore:', ...config.ignore.map((pattern) => `  - ${JSON.stringify(pattern)}`));
  else lines.push('ignore: []');
  if (config.limits) {
    lines.push('limits:');
    for (const limit of config.limits) lines.push(`  ${limit.name}: ${limit.value}${limit.source === 'default' ? '' : `  # ${limit.source}; default ${limit.default}`}`);
  }
  return `${lines.join('\n')}\n`;
}
