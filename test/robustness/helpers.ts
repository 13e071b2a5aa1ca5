/**
 * Shared by the robustness tests: run the library the way an editor or script does (in-memory
 * documents) or the way the CLI does (paths on disk), and check what every run must give whatever
 * the input: a result, SARIF that validates against the OASIS 2.1.0 schema, and findings whose
 * positions and rule ids make sense.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { Finding } from '../../src/core/finding.js';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import type { LintOptions } from '../../src/engine/options.js';
import { toSarif } from '../../src/report/sarif.js';
import { validateSarif } from '../helpers/sarif-schema.js';

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.meta.id));

/** A fresh temporary folder (not inside a git work tree, so it is its own repository root). */
export function tempDir(prefix = 'flowguard-robustness-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** Lints in-memory documents: no file system access for the inputs themselves. */
export function lintDocuments(files: Record<string, string>, cwd: string, options: LintOptions = {}): Promise<LintResult> {
  return lint({ documents: Object.entries(files).map(([path, text]) => ({ path, text })) }, { ...options, cwd });
}

/**
 * What every run must satisfy: SARIF validates, every finding names a known rule and sits at a
 * 1-based position inside its file, every parse error is mirrored by a tool notification.
 */
export function expectWellFormed(result: LintResult): void {
  const errors = validateSarif(toSarif(result, { version: 'test' }));
  expect(errors, errors.slice(0, 5).join('\n')).toEqual([]);
  for (const finding of result.findings) {
    expect(RULE_IDS.has(finding.ruleId), finding.ruleId).toBe(true);
    expect(finding.region.startLine, describeFinding(finding)).toBeGreaterThanOrEqual(1);
    expect(finding.region.startColumn, describeFinding(finding)).toBeGreaterThanOrEqual(1);
    expect(finding.message.length).toBeGreaterThan(0);
    expect(finding.message).not.toMatch(/internal error|TypeError|RangeError|Maximum call stack/);
    if (finding.ruleId === 'parse-error') expect(result.notifications.map((n) => n.file)).toContain(finding.file);
  }
}

/** `rule@resource` (or `rule@file` for findings about a whole file), `(level)` when not an error. */
export function describeFinding(finding: Finding, withPosition = false): string {
  const where = withPosition ? ` ${finding.region.startLine}:${finding.region.startColumn}` : '';
  const level = finding.level === 'error' ? '' : `(${finding.level})`;
  return `${finding.ruleId}@${finding.resourceId ?? finding.file}${level}${where}`;
}
