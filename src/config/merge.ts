/**
 * Precedence of rule settings: the rule's defaults, then the configuration file, then the command
 * line. Per field: `--rule x=warning` keeps the file's options for `x`, `--min-retention-days` keeps
 * the file's level. No YAML here: a run without a configuration file loads only this.
 */
import type { RuleSetting } from '../engine/options.js';

export type RuleSettings = Record<string, RuleSetting>;

export function mergeRuleSettings(...layers: (RuleSettings | undefined)[]): RuleSettings {
  const merged: RuleSettings = {};
  for (const layer of layers) {
    for (const [id, setting] of Object.entries(layer ?? {})) {
      const into: RuleSetting = { ...merged[id] };
      if (setting.level !== undefined) into.level = setting.level;
      if (setting.options !== undefined) into.options = { ...into.options, ...setting.options };
      merged[id] = into;
    }
  }
  return merged;
}
