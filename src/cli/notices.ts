/**
 * What a run tells the user on stderr besides its report: tool notifications that the report has no
 * place for. One line each, starting with `flowguard:` like every other message of the command line.
 */
import type { ToolNotification } from '../core/finding.js';

/** `flowguard: error: cannot read x.yaml: …`: the level and message the text and compact formats show. */
export function printNotifications(notifications: readonly ToolNotification[]): void {
  for (const n of notifications) process.stderr.write(`flowguard: ${n.level}: ${n.message}\n`);
}
