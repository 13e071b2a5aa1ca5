/**
 * `--format json`: the findings as a flat array for scripts (`jq`), one object per finding with the
 * region spelled out. Every key is always present (null / [] when empty) so consumers need no guards.
 */
import type { Finding, Level, Suppression } from '../core/finding.js';
import type { LintResult } from '../core/result.js';
import { prettyJsonPieces, StreamedArray } from './json-pieces.js';
import { cleanPath, isSuppressed, normalizeRegion, sortFindings } from './shared.js';

export interface JsonRelated {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  message: string;
  resourceId: string | null;
}

export interface JsonFinding {
  ruleId: string;
  level: Level;
  message: string;
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  resourceId: string | null;
  related: JsonRelated[];
  fingerprint: string;
  suppressed: boolean;
  suppressions: Suppression[];
}

export function toJson(result: LintResult): JsonFinding[] {
  return sortFindings(result.findings).map(jsonFinding);
}

export function formatJson(result: LintResult): string {
  return [...jsonPieces(result)].join('');
}

/** `formatJson` in pieces, each finding made only when it is printed (see json-pieces.ts). */
export function* jsonPieces(result: LintResult): Generator<string> {
  const findings = sortFindings(result.findings);
  yield* prettyJsonPieces(new StreamedArray(mapped(findings)));
  yield '\n';
}

function* mapped(findings: readonly Finding[]): Generator<JsonFinding> {
  for (const finding of findings) yield jsonFinding(finding);
}

function jsonFinding(finding: Finding): JsonFinding {
  return {
    ruleId: finding.ruleId,
    level: finding.level,
    message: finding.message,
    file: cleanPath(finding.file),
    ...normalizeRegion(finding.region),
    resourceId: finding.resourceId ?? null,
    related: finding.related.map((related) => ({
      file: cleanPath(related.file),
      ...normalizeRegion(related.region),
      message: related.message,
      resourceId: related.resourceId ?? null,
    })),
    fingerprint: finding.fingerprint,
    suppressed: isSuppressed(finding),
    suppressions: (finding.suppressions ?? []).map((s) => ({ kind: s.kind, justification: s.justification })),
  };
}
