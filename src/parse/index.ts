/** Text → data document: JSON when the text opens with `{` or `[`, YAML otherwise. */
import type { SourceFile } from '../core/source.js';
import { looksLikeJson } from './decode.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParseResult } from './document.js';
import { parseJson } from './json.js';
import { parseYaml } from './yaml.js';

export { decodeText, looksLikeJson } from './decode.js';
export { parseJson } from './json.js';
export { parseYaml } from './yaml.js';

/**
 * A file that looks like JSON and fails to parse as JSON is reported as a JSON error, not retried as
 * YAML: YAML would accept it as something else and hide the real mistake.
 */
export function parseData(file: SourceFile, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  return looksLikeJson(file.text) ? parseJson(file, limits) : parseYaml(file, limits);
}
