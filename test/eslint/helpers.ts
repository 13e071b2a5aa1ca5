import { resolve } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import flowguard from '../../src/eslint/index.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const FIXTURES = resolve(REPO, 'fixtures/eslint');

/** What a test compares of an ESLint message. */
export interface Message {
  ruleId: string | null;
  severity: number;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  fatal?: boolean;
}

/** An ESLint instance with only the recommended config (and `extra` after it), as a user would set up. */
export function eslintWith(cwd: string, ...extra: Linter.Config[]): ESLint {
  const recommended: Linter.Config[] = [...flowguard.configs.recommended];
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [...recommended, ...extra] });
}

export function messagesOf(result: ESLint.LintResult): Message[] {
  return result.messages.map((m) => ({
    ruleId: m.ruleId,
    severity: m.severity,
    line: m.line,
    column: m.column,
    ...(m.endLine !== undefined ? { endLine: m.endLine } : {}),
    ...(m.endColumn !== undefined ? { endColumn: m.endColumn } : {}),
    message: m.message,
    ...(m.fatal ? { fatal: true } : {}),
  }));
}

/** The text a message's range covers (1-based lines and columns, end exclusive, as ESLint reports). */
export function rangeText(text: string, m: Message): string {
  const lines = text.split('\n');
  if (m.endLine !== m.line || m.endColumn === undefined) throw new Error('single-line ranges only');
  return lines[m.line - 1]!.slice(m.column - 1, m.endColumn - 1);
}
