/**
 * Helpers every reporter shares. Reporters re-sort and re-normalise what they are given: the engine
 * already does so, but byte-identical output must not depend on every caller getting that right.
 */
import { posix, sep } from 'node:path';
import type { Finding, Level, ToolNotification } from '../core/finding.js';
import type { LintResult } from '../core/result.js';
import type { RuleMeta } from '../core/rule.js';
import type { Region } from '../core/source.js';

/** Code-unit order, not `localeCompare`: the output must not depend on the machine's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order on findings (file, position, rule, resource, then everything else as tie-breakers). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(cleanPath(a.file), cleanPath(b.file)) ||
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.resourceId ?? '', b.resourceId ?? '') ||
    a.region.endLine - b.region.endLine ||
    a.region.endColumn - b.region.endColumn ||
    compareStrings(a.level, b.level) ||
    compareStrings(a.message, b.message) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Rules by id, first occurrence wins on duplicates, so `ruleIndex` is stable whatever the input order. */
export function sortRules(rules: readonly RuleMeta[]): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
}

export function compareNotifications(a: ToolNotification, b: ToolNotification): number {
  // Run-level notifications (no file) go last, after the per-file ones.
  if ((a.file === undefined) !== (b.file === undefined)) return a.file === undefined ? 1 : -1;
  return (
    compareStrings(cleanPath(a.file ?? ''), cleanPath(b.file ?? '')) ||
    (a.region?.startLine ?? 0) - (b.region?.startLine ?? 0) ||
    (a.region?.startColumn ?? 0) - (b.region?.startColumn ?? 0) ||
    compareStrings(a.level, b.level) ||
    compareStrings(a.message, b.message)
  );
}

export function sortNotifications(notifications: readonly ToolNotification[]): ToolNotification[] {
  return [...notifications].sort(compareNotifications);
}

/**
 * Notifications that no finding already reports. The engine mirrors each unparsable file as both a
 * `parse-error` finding and an error notification (SARIF wants both); human formats print it once.
 * Warnings are never mirrored: a template that parses may have both a `parse-error` (a logical id
 * made twice) and a warning that its check was partial (a loop expanded in part), which must show.
 */
export function unmirroredNotifications(result: LintResult): ToolNotification[] {
  const parseErrorFiles = new Set(
    result.findings.filter((f) => f.ruleId === PARSE_ERROR_RULE).map((f) => cleanPath(f.file)),
  );
  return sortNotifications(result.notifications).filter(
    (n) => n.file === undefined || n.level !== 'error' || !parseErrorFiles.has(cleanPath(n.file)),
  );
}

/**
 * A notification's message where the line already shows its file: without the `path: ` it starts
 * with, which SARIF and stderr keep (there the message stands alone).
 */
export function notificationMessage(n: ToolNotification): string {
  return n.file !== undefined && n.message.startsWith(`${n.file}: `) ? n.message.slice(n.file.length + 2) : n.message;
}

export const PARSE_ERROR_RULE = 'parse-error';

/**
 * A region every consumer accepts: 1-based, end not before start, and never empty (GitHub and
 * editors draw nothing for an empty range, and SARIF validators flag it), so an empty one is widened
 * by one column.
 */
export function normalizeRegion(region: Region): Region {
  const startLine = positiveInt(region.startLine);
  const startColumn = positiveInt(region.startColumn);
  let endLine = positiveInt(region.endLine);
  let endColumn = positiveInt(region.endColumn);
  if (endLine < startLine) endLine = startLine;
  if (endLine === startLine && endColumn <= startColumn) endColumn = startColumn + 1;
  return { startLine, startColumn, endLine, endColumn };
}

function positiveInt(value: number): number {
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : 1;
}

/**
 * Forward slashes and no leading `./`: the form the spec promises for every reported path. A backslash
 * is a separator only on Windows; elsewhere it is a character of the file's name (`we\\ird.yaml`, which
 * git tracks as such), and turning it into `/` would name a folder that does not exist.
 */
export function cleanPath(file: string): string {
  let path = sep === '\\' ? file.replace(/\\/g, '/') : file;
  while (path.startsWith('./')) path = path.slice(2);
  return path;
}

/**
 * ` (root environments/prod/main.tf)` for a finding on a module resource, else ''. A module called from
 * several roots gives one finding per root, all on the module's line: without the root the one-line
 * formats (compact, github) print them as identical lines.
 */
export function rootLabel(finding: Finding): string {
  const root = shownRoot(finding);
  return root !== undefined ? ` (root ${cleanPath(root)})` : '';
}

/**
 * The root a finding's message is to name, if any: its logical file, except for a resource of a root
 * module whose finding sits in another file of that module (the role in `vpc.tf`, its trust policy
 * written in a `data` block of `data.tf`). That file is the resource's own, not a root that calls a
 * module, and a folder holds one root only, so there is nothing to tell apart.
 */
export function shownRoot(finding: Finding): string | undefined {
  const logical = finding.logicalFile;
  if (logical === undefined) return undefined;
  const ownModule = /\.tf(\.json)?$/i.test(logical) && !finding.resourceId?.startsWith('module.') && posix.dirname(cleanPath(logical)) === posix.dirname(cleanPath(finding.file));
  return ownModule ? undefined : logical;
}

export function isSuppressed(finding: Finding): boolean {
  return (finding.suppressions?.length ?? 0) > 0;
}

/** Line-oriented formats break on embedded newlines (messages may quote multi-line values). */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * One line with control characters shown as `\xNN`: resource ids come from the linted files, and a
 * template must not be able to move the cursor or recolour the user's terminal. Bidirectional
 * formatting characters and line separators are shown as `\uNNNN` too: a right-to-left override in
 * a resource id reorders the rest of the line where it is displayed ("Trojan Source"), so a finding
 * could read as another; and `.` in a JavaScript regular expression (an editor's problem matcher
 * reading the compact format) stops at U+2028 and U+2029, so that finding would not show.
 */
export function printable(text: string): string {
  return (
    oneLine(text)
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
      .replace(/[\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  );
}

export interface LevelCounts {
  error: number;
  warning: number;
  note: number;
  suppressed: number;
}

export function countFindings(findings: readonly Finding[]): LevelCounts {
  const counts: LevelCounts = { error: 0, warning: 0, note: 0, suppressed: 0 };
  for (const finding of findings) {
    if (isSuppressed(finding)) counts.suppressed++;
    else counts[finding.level satisfies Level]++;
  }
  return counts;
}
