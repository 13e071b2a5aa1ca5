/** docs/limits.md: each limit is a parse-error naming the flag that raises it, and the flag works. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './helpers.js';

const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 400\n";

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-limits-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('limits', () => {
  beforeAll(() => ensureBuilt());

  it('--max-depth: deep nesting is a parse-error naming the flag; raising it lets the file through', () => {
    const dir = scratch({ 'deep.yaml': `${HEADER}Metadata:\n  Deep: ${'['.repeat(40)}${']'.repeat(40)}\n` });
    const limited = runCli(['--format', 'compact', '--max-depth', '20', 'deep.yaml'], { cwd: dir });
    expect(limited.status).toBe(1);
    expect(limited.stdout).toMatch(/^deep\.yaml:8:\d+: error: nesting deeper than 20 levels \(raise it with --max-depth\) \[parse-error\]$/m);
    const raised = runCli(['--format', 'compact', '--max-depth', '64', 'deep.yaml'], { cwd: dir });
    expect(raised.stdout).toBe('');
    expect(raised.status).toBe(0);
  });

  it('--max-aliases: too many aliases is a parse-error naming the flag', () => {
    const aliases = Array.from({ length: 5 }, (_, i) => `  A${i}: *days`).join('\n');
    const dir = scratch({ 'aliases.yaml': `${HEADER}Metadata:\n  Days: &days 400\n${aliases}\n` });
    const limited = runCli(['--format', 'compact', '--max-aliases', '3', 'aliases.yaml'], { cwd: dir });
    expect(limited.stdout).toMatch(/more than 3 YAML aliases \(raise it with --max-aliases\) \[parse-error\]/);
    expect(runCli(['--format', 'compact', '--max-aliases', '10', 'aliases.yaml'], { cwd: dir }).status).toBe(0);
  });

  it.each(['--max-depth', '--max-aliases', '--max-file-size'])('%s rejects a value that is not a positive whole number', (flag) => {
    const run = runCli([flag, '0', '.'], { cwd: scratch({ 't.yaml': HEADER }) });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(flag);
  });
});
