/**
 * `--format compact`: `path:line:col: level: message [rule]`, one a line, the shape editor problem
 * matchers (VS Code's `$eslint-compact`-style regexes, Vim's errorformat) parse. Suppressed findings
 * are omitted: an editor has nothing to show for them.
 */
import type { LintResult } from '../core/result.js';
import { cleanPath, isSuppressed, normalizeRegion, notificationMessage, printable, rootLabel, sortFindings, unmirroredNotifications } from './shared.js';

export function formatCompact(result: LintResult): string {
  return [...compactPieces(result)].join('');
}

/** `formatCompact` line by line, each with its line break, for a writer (see json-pieces.ts). */
export function* compactPieces(result: LintResult): Generator<string> {
  for (const finding of sortFindings(result.findings)) {
    if (isSuppressed(finding)) continue;
    const { startLine, startColumn } = normalizeRegion(finding.region);
    yield `${printable(cleanPath(finding.file))}:${startLine}:${startColumn}: ${finding.level}: ${printable(finding.message + rootLabel(finding))} [${finding.ruleId}]\n`;
  }
  // A notification that no parse-error finding mirrors still belongs in the problems list; one
  // without a file has no place a matcher could put it.
  for (const n of unmirroredNotifications(result)) {
    if (n.file === undefined) continue;
    const { startLine, startColumn } = normalizeRegion(n.region ?? { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 });
    yield `${printable(cleanPath(n.file))}:${startLine}:${startColumn}: ${n.level}: ${printable(notificationMessage(n))} [flowguard]\n`;
  }
}
