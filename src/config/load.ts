/**
 * Reads and validates a configuration file. Parsed with our own YAML parser (the one templates go
 * through: positions for every key and value, duplicate keys and alias bombs refused), so every problem
 * is reported at its line and column. Imported only when there is a file to read.
 */
import type { RuleMeta } from '../core/rule.js';
import { LineIndex } from '../core/source.js';
import { readRegularText } from '../discover/read-regular.js';
import { describeFsError } from '../discover/walk.js';
import { parseYaml } from '../parse/yaml.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import type { FlowguardConfig } from './types.js';
import { validateConfig, type ConfigSource, type PlacedProblem } from './validate.js';

/**
 * Reads `path`; throws `ConfigError` (exit 2) when it cannot be read, parsed or validated. `named`: the
 * user typed the path (`--config`), which may then be a pipe; a `.flowguard.yaml` found in a folder may not.
 */
export function loadConfig(path: string, displayPath: string, rules: readonly RuleMeta[], named = false): FlowguardConfig {
  let text: string;
  try {
    text = readRegularText(path, { pipe: named });
  } catch (error) {
    throw new ConfigError([{ file: displayPath, message: `cannot read the configuration file: ${describeFsError(error)}` }]);
  }
  return { path, displayPath, ...parseConfig(text, displayPath, rules) };
}

/** Parses and validates configuration text; `displayPath` names the file in messages. */
export function parseConfig(text: string, displayPath: string, rules: readonly RuleMeta[]): Pick<FlowguardConfig, 'rules' | 'ignore' | 'limits'> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(body);
  const place = (problem: PlacedProblem): ConfigProblem => {
    const { line, column } = lines.position(problem.start);
    return { file: displayPath, line, column, message: problem.message };
  };
  let source: ConfigSource | undefined;
  if (!isBlank(body)) {
    const parsed = parseYaml({ absolutePath: displayPath, path: displayPath, text: body }, undefined, 'core');
    if (!parsed.ok) throw new ConfigError([place({ ...parsed.problem, message: `not valid YAML: ${parsed.problem.message}` })]);
    // Only the first document is read: rules set after a `---` would be ignored without a word.
    const later = parsed.document.laterDocumentAt;
    if (later !== undefined) throw new ConfigError([place({ start: later, end: later + 1, message: 'a second YAML document starts here; the configuration is one document (remove the `---` line and merge the two)' })]);
    source = parsed.document;
  }
  const { config, problems } = validateConfig(source, rules);
  if (problems.length > 0) throw new ConfigError(problems.map(place));
  return config;
}

/** Nothing but blank lines, comments and document markers: a valid, empty configuration. */
function isBlank(text: string): boolean {
  return text.split(/\r\n|\r|\n/).every((line) => /^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)\s*(#.*)?$/.test(line));
}
