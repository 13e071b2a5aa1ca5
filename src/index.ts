/**
 * The library API: `lint(paths, options)` → a `LintResult` with findings; `toSarif(result)` → a SARIF
 * 2.1.0 log object; `formatReport(format, result)` → the bytes any CLI format prints.
 */
import type { LintResult } from './core/result.js';
import { VERSION } from './version.js';

export { lint, type LintInput, type InputDocument } from './engine/lint.js';
export type { LintOptions, RuleSetting, InputLimits } from './engine/options.js';
export type { LintResult } from './core/result.js';
export type { Finding, Level, RelatedLocation, Suppression, ToolNotification } from './core/finding.js';
export type { Region } from './core/source.js';
export type { RuleMeta } from './core/rule.js';
export { RULES } from '../rules/index.js';
export { formatReport, type ReportFormat } from './report/index.js';
export { VERSION };

/** The SARIF 2.1.0 log of a run, as an object (serialise with `JSON.stringify`). */
export async function toSarif(result: LintResult): Promise<object> {
  const { toSarif: build } = await import('./report/sarif.js');
  return build(result, { version: VERSION });
}
