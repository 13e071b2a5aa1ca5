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
  switch (format) {
    case 'text': {
      const { formatText } = await import('./text.js');
      return formatText(result, { color: options.color ?? false, cwd: options.cwd, root: options.root });
    }
    case 'sarif': {
      const { formatSarif } = await import('./sarif.js');
      return formatSarif(result, { version: options.toolVersion ?? VERSION });
    }
    case 'json': {
      const { formatJson } = await import('./json.js');
      return formatJson(result);
    }
    case 'compact': {
      const { formatCompact } = await import('./compact.js');
      return formatCompact(result);
    }
    case 'github': {
      const { formatGithub } = await import('./github.js');
      return formatGithub(result);
    }
    default: {
      // Reached only from untyped callers (JavaScript, a config file): say which formats exist.
      const unknown: never = format;
      throw new Error(`unknown report format "${String(unknown)}" (expected ${REPORT_FORMATS.join(', ')})`);
    }
  }
}
