/**
 * One entry point for the CLI: pick a format, get the bytes. Each formatter is imported on demand so a
 * run loads only the one it prints (SPEC §8: startup close to bare `node`); hence `formatReport` is async.
 */
import { VERSION } from '../version.js';
import type { LintResult } from '../core/result.js';

export type ReportFormat = 'text' | 'sarif' | 'json' | 'compact' | 'github';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'sarif', 'json', 'compact', 'github'];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export interface ReportOptions {
  /** flowguard's version, for SARIF `tool.driver.version` (default: this package's). */
  toolVersion: string;
  /** Text format: ANSI colour (the CLI passes `process.stdout.isTTY && !NO_COLOR`). */
  color?: boolean;
  /** Text format: print paths relative to this directory (see `TextOptions.cwd`). */
  cwd?: string;
  /** Text format: absolute repository root, when `cwd` is absolute. */
  root?: string;
}

export async function formatReport(format: ReportFormat, result: LintResult, options: Partial<ReportOptions> = {}): Promise<string> {
  return [...(await reportPieces(format, result, options))].join('');
}

/**
 * The report in pieces that join to `formatReport`'s string, made as they are read: the CLI writes
 * them as they come, so a report of a million findings is never one string, which V8 could not hold
 * (see json-pieces.ts). A library caller with such a run can do the same.
 */
export async function reportPieces(format: ReportFormat, result: LintResult, options: Partial<ReportOptions> = {}): Promise<Iterable<string>> {
  switch (format) {
    case 'text': {
      const { textPieces } = await import('./text.js');
      return textPieces(result, { color: options.color ?? false, cwd: options.cwd, root: options.root });
    }
    case 'sarif': {
      const { sarifPieces } = await import('./sarif.js');
      return sarifPieces(result, { version: options.toolVersion ?? VERSION });
    }
    case 'json': {
      const { jsonPieces } = await import('./json.js');
      return jsonPieces(result);
    }
    case 'compact': {
      const { compactPieces } = await import('./compact.js');
      return compactPieces(result);
    }
    case 'github': {
      const { githubPieces } = await import('./github.js');
      return githubPieces(result);
    }
    default: {
      // Reached only from untyped callers (JavaScript, a config file): say which formats exist.
      const unknown: never = format;
      throw new Error(`unknown report format "${String(unknown)}" (expected ${REPORT_FORMATS.join(', ')})`);
    }
  }
}
