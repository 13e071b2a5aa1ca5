/**
 * `flowguard/notifications`: what the command line reports beside its findings (tool notifications)
 * reaches the editor, as warnings, on the file it concerns: a limit that cut the file's values or
 * resources short, at the place it names; a problem of a child template or module file the file
 * names, on the `TemplateURL` / `source` that names it. Through ESLint's Node API, as a user runs it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Linter } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import type { Include } from '../../src/engine/includes.js';
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
    const shown = notificationsOf([{ level: 'warning', message: 'net/main.tf: something about the whole file', file: 'net/main.tf' }], 'net/main.tf', []);
    expect(shown).toEqual([{ message: 'something about the whole file' }]);
  });
});

describe("a problem of a file the linted file names (a nested stack's template, a module's file)", () => {
  it("shows the child template's parse error on the parent's TemplateURL, as a warning, and the error itself in the child", async () => {
    const parent = join(FIXTURES, 'nested-stack-broken/network.yaml');
    const messages = await lintFile(parent);
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: 'flowguard/notes', line: 6, message: expect.stringContaining('VPC `AppVpc` could not be verified') }),
      notification({
        line: 13,
        column: 20,
        endLine: 13,
        endColumn: 42,
        message: 'Parsing error in `fixtures/eslint/nested-stack-broken/stacks/flow-log.yaml` (15:3), the template of nested stack `FlowLogStack`: duplicate key "FlowLog" (first at line 7)',
      }),
    ]);
    expect(rangeText(readFileSync(parent, 'utf8'), messages[1]!)).toBe('./stacks/flow-log.yaml');
    expect(await lintFile(join(FIXTURES, 'nested-stack-broken/stacks/flow-log.yaml'))).toEqual([
      { ruleId: null, severity: 2, line: 15, column: 3, message: 'Parsing error: duplicate key "FlowLog" (first at line 7)', fatal: true },
    ]);
  });

  it("shows the parse error of a local module's file on the caller's source", async () => {
    const main = join(FIXTURES, 'terraform-module-broken/main.tf');
    const messages = await lintFile(main);
    expect(messages).toEqual([
      expect.objectContaining({ ruleId: 'flowguard/notes', line: 2, message: expect.stringContaining('`aws_vpc.main` could not be verified') }),
      notification({
        line: 7,
        column: 12,
        endLine: 7,
        endColumn: 32,
        message: "Parsing error in `fixtures/eslint/terraform-module-broken/modules/flow-log/main.tf` (1:32), in the source of `module.flow_log`: unclosed '{' opened at line 1",
      }),
    ]);
    expect(rangeText(readFileSync(main, 'utf8'), messages[1]!)).toBe('"./modules/flow-log"');
    // The module's own files: the broken one is a parsing error, the other names nothing.
    expect(await lintFile(join(FIXTURES, 'terraform-module-broken/modules/flow-log/variables.tf'))).toEqual([]);
  });

  it('shows it with the context "none" too: the child is read because the parent names it', async () => {
    for (const parent of ['nested-stack-broken/network.yaml', 'terraform-module-broken/main.tf']) {
      const none = await lintFile(join(FIXTURES, parent), { languageOptions: { context: 'none' } });
      expect(none).toEqual([
        expect.objectContaining({ ruleId: 'flowguard/notes', message: expect.stringContaining('could not be verified') }),
        expect.objectContaining({ ruleId: 'flowguard/notifications', message: expect.stringMatching(/^Parsing error in `.*\/(stacks|modules)\//) }),
      ]);
    }
  });
});

describe('nested stacks past the 1,000 templates a run reads', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  it('shows the child that was not read on the TemplateURL that names it', async () => {
    root = mkdtempSync(join(tmpdir(), 'flowguard-eslint-'));
    mkdirSync(join(root, '.git'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root!, path)), { recursive: true });
      writeFileSync(join(root!, path), text);
    };
    // Stack i's TemplateURL is on line 2 + 4 i + 4 (after the two header lines).
    const stacks: string[] = [];
    for (let i = 0; i <= 1000; i++) {
      const n = String(i).padStart(4, '0');
      write(`templates/queue-${n}.yaml`, "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n");
      stacks.push(`  Queue${n}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../templates/queue-${n}.yaml`);
    }
    write('infra/queues.yaml', `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${stacks.join('\n')}\n`);
    const { notifications } = await lint(['infra/queues.yaml'], { cwd: root });
    expect(notifications).toEqual([expect.objectContaining({ level: 'warning', file: 'templates/queue-1000.yaml', message: expect.stringContaining('not read: the run already read 1000 templates') })]);

    const [result] = await eslintWith(root).lintFiles(['infra/queues.yaml']);
    const messages = messagesOf(result!);
    expect(messages).toEqual([
      notification({
        line: 2 + 4 * 1000 + 4,
        column: 20,
        endLine: 2 + 4 * 1000 + 4,
        endColumn: 48,
        message: '`templates/queue-1000.yaml`, the template of nested stack `Queue1000`: not read: the run already read 1000 templates that nested stacks name, and reads no more; what the stacks that name this one create is unknown',
      }),
    ]);
  });
});

describe('includes', () => {
  it('match a folder only for the files directly in it', async () => {
    const include: Include = { path: 'modules/flow', folder: true, by: 'module.flow', region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 9 } };
    const shown = notificationsOf(
      [
        { level: 'error', message: 'modules/flow/main.tf: oops', file: 'modules/flow/main.tf', region: { startLine: 1, startColumn: 2, endLine: 1, endColumn: 3 } },
        { level: 'error', message: 'modules/flow/inner/main.tf: deeper', file: 'modules/flow/inner/main.tf' },
        { level: 'error', message: 'modules/flowing/main.tf: beside', file: 'modules/flowing/main.tf' },
      ],
      'main.tf',
      [include],
    );
    expect(shown).toEqual([{ message: 'Parsing error in `modules/flow/main.tf` (1:2), in the source of `module.flow`: oops', region: include.region }]);
  });
});
