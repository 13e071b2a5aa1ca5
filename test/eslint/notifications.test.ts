/**
 * `flowguard/notifications`: what the command line reports beside its findings (tool notifications)
 * reaches the editor, as warnings, on the file it concerns: a limit that cut the file's values or
 * resources short, at the place it names. Through ESLint's Node API, as a user runs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { notificationsOf } from '../../src/eslint/notifications.js';
import { eslintWith, FIXTURES, messagesOf, rangeText, type Message } from './helpers.js';

async function lintFile(path: string, ...extra: Linter.Config[]): Promise<Message[]> {
  const [result] = await eslintWith(FIXTURES, ...extra).lintFiles([path]);
  return messagesOf(result!);
}

const notification = (fields: Partial<Message>) => ({ ruleId: 'flowguard/notifications', severity: 1, ...fields });

describe('a notification about the linted file', () => {
  it('shows an Fn::ForEach expansion cut at its limit on the loop, as a warning: the template stays free of errors', async () => {
    const path = join(FIXTURES, 'foreach-limit/template.yaml');
    const messages = await lintFile(path);
    expect(messages).toEqual([
      notification({ line: 22, column: 7, endLine: 22, endColumn: 32, message: expect.stringMatching(/^Fn::ForEach::Applications was expanded only in part: it makes more than 5000 resources/) }),
    ]);
    expect(rangeText(readFileSync(path, 'utf8'), messages[0]!)).toBe('Fn::ForEach::Applications');
  });

  it('shows a reference chain cut by its depth limit on the resource being resolved, beside the note it explains', async () => {
    const main = join(FIXTURES, 'reference-depth/main.tf');
    expect(await lintFile(main)).toEqual([
      expect.objectContaining({ ruleId: 'flowguard/notes', severity: 1, line: 1, message: expect.stringContaining('could not be verified') }),
      notification({ line: 5, column: 1, endLine: 5, endColumn: 31, message: 'reference chain longer than 64 links while resolving aws_flow_log.main; treated as unknown (raise it with --max-reference-depth)' }),
    ]);
    // The chain runs through locals.tf, but the notification is about main.tf: the other file shows nothing.
    expect(await lintFile(join(FIXTURES, 'reference-depth/locals.tf'))).toEqual([]);
  });

  it('is turned off, or made an error, as any rule', async () => {
    const path = join(FIXTURES, 'foreach-limit/template.yaml');
    expect(await lintFile(path, { rules: { 'flowguard/notifications': 'off' } })).toEqual([]);
    expect(await lintFile(path, { rules: { 'flowguard/notifications': 'error' } })).toEqual([expect.objectContaining({ ruleId: 'flowguard/notifications', severity: 2 })]);
  });

  it('is shown at line 1 when it names no place in the file', () => {
    const shown = notificationsOf([{ level: 'warning', message: 'net/main.tf: something about the whole file', file: 'net/main.tf' }], 'net/main.tf');
    expect(shown).toEqual([{ message: 'something about the whole file' }]);
  });
});
