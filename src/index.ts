/**
 * The library API: `lint(paths, options)` → a `LintResult` with findings; `toSarif(result)` (or
 * `toSarif(result.findings)`) → a SARIF 2.1.0 log object; `formatReport(format, result)` → the bytes
 * any CLI format prints (`reportPieces`: the same bytes in pieces, for reports too large for one string).
 */
import type { Finding } from './core/finding.js';
import type { LintResult } from './core/result.js';
import { RULES } from '../rules/index.js';
import { VERSION } from './version.js';
import type { SarifLog } from './report/sarif-types.js';

export { lint, type LintInput, type InputDocument } from './engine/lint.js';
export { FlowguardOptionsError } from './engine/validate-options.js';
export type { SarifLog } from './report/sarif-types.js';
export type { LintOptions, RuleSetting, InputLimits } from './engine/options.js';
export type { LintResult } from './core/result.js';
export type { Finding, Level, RelatedLocation, Suppression, ToolNotification } from './core/finding.js';
export type { Region } from './core/source.js';
export type { RuleMeta } from './core/rule.js';
export { RULES };
export { formatReport, reportPieces, type ReportFormat } from './report/index.js';
export { VERSION };

/**
 * The SARIF 2.1.0 log of a run, as an object (serialise with `JSON.stringify`). Given only findings
 * (say, `result.findings` filtered), the log describes the rules they name, lists the files they are
 * in, and has no tool notifications: those come with the whole `LintResult`. Anything else (`null`,
 * objects that only look like findings) is a `TypeError` that names what is wrong and what was expected.
 */
export async function toSarif(input: LintResult | readonly Finding[]): Promise<SarifLog> {
  const [{ toSarif: build }, { checkSarifInput }] = await Promise.all([import('./report/sarif.js'), import('./report/sarif-input.js')]);
  checkSarifInput(input);
  return build(isFindings(input) ? resultOf(input) : input, { version: VERSION });
}

function isFindings(input: LintResult | readonly Finding[]): input is readonly Finding[] {
  return Array.isArray(input);
}

function resultOf(findings: readonly Finding[]): LintResult {
  const named = new Set(findings.map((finding) => finding.ruleId));
  return {
    findings: [...findings],
    notifications: [],
    rules: RULES.filter((rule) => named.has(rule.meta.id)).map((rule) => rule.meta),
    files: [...new Set(findings.map((finding) => finding.file))].sort(),
    executionSuccessful: true,
  };
}
