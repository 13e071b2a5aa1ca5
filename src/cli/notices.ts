/**
 * What a run tells the user on stderr besides its report: tool notifications that the report has no
 * place for, and named paths that the configuration's `ignore` excluded. One line each, starting with
 * `flowguard:` like every other message of the command line.
 */
import type { ToolNotification } from '../core/finding.js';
import type { LintResult } from '../core/result.js';
import { standardError } from './stdio.js';

/** `flowguard: error: cannot read x.yaml: …`: the level and message the text and compact formats show. */
export function printNotifications(notifications: readonly ToolNotification[]): void {
  for (const n of notifications) standardError.write(`flowguard: ${n.level}: ${n.message}\n`);
}

/**
 * ESLint's behaviour for a file it is given that its configuration ignores: a warning, and the run
 * goes on with the other paths. `configFile` names the file whose `ignore` list matched.
 */
export function warnIgnoredPaths(result: LintResult, configFile: string | undefined): void {
  const source = configFile === undefined ? 'the configuration' : configFile;
  for (const path of result.ignoredPaths ?? []) {
    standardError.write(`flowguard: warning: ${path} not linted: ${source}'s "ignore" excludes it\n`);
  }
}
