import type { Finding, ToolNotification } from './finding.js';
import type { RuleMeta } from './rule.js';

/** Everything a reporter needs about one run. Findings are sorted (file, line, column, rule, resource). */
export interface LintResult {
  findings: Finding[];
  /** Files that could not be read or parsed, limits hit, and other run-level messages. */
  notifications: ToolNotification[];
  /** Metadata of every rule that was enabled, in a stable order (SARIF `rules[]`, `ruleIndex`). */
  rules: RuleMeta[];
  /** Repository-relative paths of the files that were linted, sorted. */
  files: string[];
  /** False when the run itself could not do its job (SARIF `invocations[0].executionSuccessful`). */
  executionSuccessful: boolean;
}
