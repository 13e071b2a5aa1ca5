/** The configuration file's model: what `.flowguard.yaml` may say once it has been validated. */
import type { ConfiguredLevel } from '../core/finding.js';
import type { RuleOptions } from '../core/rule.js';
import type { InputLimits } from '../engine/options.js';

export const CONFIG_FILE_NAME = '.flowguard.yaml';
/** The names looked for in each folder, in order: the first found wins. */
export const CONFIG_FILE_NAMES = [CONFIG_FILE_NAME, '.flowguard.yml'] as const;

/** The levels a rule can be set to, in the order messages list them. */
export const CONFIG_LEVELS: readonly ConfiguredLevel[] = ['error', 'warning', 'note', 'off'];

/** The top-level keys of a configuration file. */
export const CONFIG_KEYS = ['rules', 'ignore', 'limits'] as const;

/** One rule's entry: `rule-id: off`, or `rule-id: { level, options }` (either part may be left out). */
export interface RuleConfig {
  level?: ConfiguredLevel;
  options?: RuleOptions;
}

export interface FlowguardConfig {
  /** Absolute path of the file. */
  path: string;
  /** The file as messages name it: relative to the working directory, or as given to `--config`. */
  displayPath: string;
  rules: Record<string, RuleConfig>;
  /** gitignore-style patterns, relative to the repository root (`LintOptions.ignore`). */
  ignore: string[];
  /** Input limits (`LintOptions.limits`, docs/limits.md); flags such as `--max-file-size` override them. */
  limits: Partial<InputLimits>;
}
