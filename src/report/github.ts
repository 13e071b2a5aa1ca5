/**
 * `--format github`: GitHub Actions workflow commands, which the runner turns into annotations on the
 * pull request. Escaping follows `@actions/core` (`toCommandValue` / `escapeData` / `escapeProperty`),
 * so a message or path can never end the command early or inject another one.
 */
import type { Level } from '../core/finding.js';
import type { LintResult } from '../core/result.js';
import type { Region } from '../core/source.js';
import { cleanPath, isSuppressed, normalizeRegion, notificationMessage, rootLabel, sortFindings, unmirroredNotifications } from './shared.js';

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' };

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(result: LintResult): string {
  return [...githubPieces(result)].join('');
}

/** `formatGithub` command by command, each with its line break, for a writer (see json-pieces.ts). */
export function* githubPieces(result: LintResult): Generator<string> {
  for (const finding of sortFindings(result.findings)) {
    if (isSuppressed(finding)) continue;
    const at = { file: cleanPath(finding.file), region: finding.region, title: `flowguard ${finding.ruleId}` };
    yield `${command(finding.level, finding.message + rootLabel(finding), at)}\n`;
  }
  for (const n of unmirroredNotifications(result)) {
    const file = n.file === undefined ? undefined : cleanPath(n.file);
    yield `${command(n.level, notificationMessage(n), { file, region: n.region, title: 'flowguard' })}\n`;
  }
}

function command(level: Level, message: string, at: { file?: string; region?: Region; title: string }): string {
  const properties: [string, string | number][] = [];
  if (at.file !== undefined) {
    properties.push(['file', at.file]);
    if (at.region) {
      const region = normalizeRegion(at.region);
      properties.push(['line', region.startLine]);
      // GitHub rejects col/endColumn on an annotation that spans lines, so they go only on one-liners.
      if (region.endLine === region.startLine) properties.push(['col', region.startColumn]);
      properties.push(['endLine', region.endLine]);
      // SARIF's exclusive end column as is: GitHub's docs leave it open, and its runner only checks endColumn ≥ col.
      if (region.endLine === region.startLine) properties.push(['endColumn', region.endColumn]);
    }
  }
  properties.push(['title', at.title]);
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[level]} ${list}::${escapeData(message)}`;
}
