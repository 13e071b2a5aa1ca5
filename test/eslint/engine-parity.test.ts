/**
 * ESLint shows what the engine finds. Every rule fixture (`fixtures/<format>/<rule>/<case>/`) and
 * every other fixture folder (graphs, CLI cases, hostile inputs of fixtures/parse) is linted through ESLint, with the case folder as context (as the CLI
 * runs it), and the messages must be the engine's unsuppressed findings of each file: same rule,
 * range and text (a rule's notes below its own level come from `flowguard/notes`). Parse errors become fatal parsing errors. A finding may sit in a file outside the
 * folder (a module the case calls from elsewhere): that file is linted too. Findings in files the
 * recommended config does not lint (inside `.terraform/`) are the one thing ESLint cannot show.
 * The engine's notifications come from `flowguard/notifications`: those about a linted file at their
 * place in it (line 1 when they name none), those about a file it names (a nested stack's template, a
 * module folder's file) on the `TemplateURL` / `source` that names that file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import type { Finding, ToolNotification } from '../../src/core/finding.js';
import { lint } from '../../src/engine/lint.js';
import type { RuleSetting } from '../../src/engine/options.js';
import { isSuppressed } from '../../src/report/shared.js';
import { ruleById } from '../../rules/index.js';
import { eslintWith, REPO } from './helpers.js';

interface Row {
  file: string;
  ruleId: string | null;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
}

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory());
}

function caseDirs(): string[] {
  const rules = ['cloudformation', 'terraform'].flatMap((format) => subdirs(join(REPO, 'fixtures', format)).flatMap(subdirs));
  const groups = ['graph/terraform-source', 'cli', 'config', 'graph-view', 'engine/plan-and-source'].flatMap((group) => subdirs(join(REPO, 'fixtures', group)));
  // The folders with a .flowguard.yaml are left out: `lint()` reads no configuration file, the CLI
  // and the plugin do (plugin.test.ts compares them).
  const eslint = subdirs(join(REPO, 'fixtures/eslint')).filter((dir) => !existsSync(join(dir, '.flowguard.yaml')));
  const folders = ['graph/terraform-plan', 'graph/cloudformation', 'parse'].map((folder) => join(REPO, 'fixtures', folder));
  return [...rules, ...groups, ...eslint, ...folders];
}

function eslintRules(settings: Record<string, RuleSetting> = {}): Linter.RulesRecord {
  const rules: Linter.RulesRecord = {};
  for (const [id, { level, options }] of Object.entries(settings)) {
    const severity = level === 'off' ? 'off' : level === 'error' || level === undefined ? 'error' : 'warn';
    rules[`flowguard/${id}`] = options ? [severity, options] : severity;
  }
  return rules;
}

function expectedRow(finding: Finding): Row {
  const { startLine, startColumn, endLine, endColumn } = finding.region;
  const file = resolve(REPO, finding.file);
  if (finding.ruleId === 'parse-error') return { file, ruleId: null, line: startLine, column: startColumn, message: `Parsing error: ${finding.message}` };
  // A note below its rule's own level is flowguard/notes', marked with the rule it belongs to.
  if (finding.level === 'note' && ruleById(finding.ruleId)?.meta.defaultLevel !== 'note') {
    return { file, ruleId: 'flowguard/notes', line: startLine, column: startColumn, endLine, endColumn, message: `${finding.message} (${finding.ruleId})` };
  }
  return { file, ruleId: `flowguard/${finding.ruleId}`, line: startLine, column: startColumn, endLine, endColumn, message: finding.message };
}

/** A notification about a linted file, where ESLint shows it: at its region, without the path it starts with. */
function notificationRow(n: ToolNotification & { file: string }): Row {
  const file = resolve(REPO, n.file);
  const message = n.message.startsWith(`${n.file}: `) ? n.message.slice(n.file.length + 2) : n.message;
  if (!n.region) return { file, ruleId: 'flowguard/notifications', line: 1, column: 1, message };
  const { startLine, startColumn, endLine, endColumn } = n.region;
  return { file, ruleId: 'flowguard/notifications', line: startLine, column: startColumn, endLine, endColumn, message };
}

/**
 * A notification shown on a line that names another file: the text it underlines is a relative path
 * (the `TemplateURL`, the module `source`) to that file or to its folder, and the message names it.
 */
function namesNotifiedFile(row: Row, notified: ReadonlySet<string>): boolean {
  const lines = readFileSync(row.file, 'utf8').split(/\r?\n/);
  if (row.endLine !== row.line || row.endColumn === undefined) return false;
  const written = lines[row.line - 1]!.slice(row.column - 1, row.endColumn - 1).replace(/^["']|["']$/g, '');
  const named = resolve(dirname(row.file), written);
  const file = /`([^`]+)`/.exec(row.message)?.[1];
  if (file === undefined || !notified.has(file)) return false;
  const path = resolve(REPO, file);
  return path === named || dirname(path) === named;
}

const byPosition = (a: Row, b: Row) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '') || a.message.localeCompare(b.message);

const dirs = caseDirs();

it('has rule fixtures to compare', () => {
  expect(dirs.length).toBeGreaterThan(50);
});

describe('ESLint messages equal engine findings', () => {
  for (const dir of dirs) {
    it(relative(join(REPO, 'fixtures'), dir), async () => {
      const configPath = join(dir, 'case.json');
      const settings = existsSync(configPath) ? (JSON.parse(readFileSync(configPath, 'utf8')) as { rules?: Record<string, RuleSetting> }).rules : undefined;
      const engine = await lint([], { cwd: dir, rules: settings });
      const eslint = eslintWith(REPO, { languageOptions: { context: [relative(REPO, dir)] }, rules: eslintRules(settings) });
      const shown = engine.findings.filter((f) => !isSuppressed(f)).map(expectedRow);
      const elsewhere = [...new Set(shown.map((row) => row.file).filter((file) => !file.startsWith(`${dir}/`)))];
      const linted = await Promise.all(shown.map(async (row) => !(await eslint.isPathIgnored(row.file))));
      // A file with a parse error shows only that in ESLint, as a parsing error (docs/editor.md).
      const unparsed = new Set(shown.filter((row) => row.ruleId === null).map((row) => row.file));
      const expected = shown.filter((row, i) => linted[i] && (row.ruleId === null || !unparsed.has(row.file))).sort(byPosition);

      const results = await eslint.lintFiles([dir, ...elsewhere]);
      const lintedFiles = new Set(results.map((r) => r.filePath));
      const about = engine.notifications.filter((n): n is ToolNotification & { file: string } => n.file !== undefined);
      const own = about.map(notificationRow).filter((row) => lintedFiles.has(row.file) && !unparsed.has(row.file));
      const notified = new Set(about.map((n) => n.file));
      const all = results
        .flatMap((r) =>
          r.messages.map((m): Row => ({
            file: r.filePath,
            ruleId: m.ruleId,
            line: m.line,
            column: m.column,
            ...(m.fatal ? {} : { endLine: m.endLine, endColumn: m.endColumn }),
            message: m.message,
          })),
        )
        .sort(byPosition);
      const ownKeys = new Set(own.map((row) => JSON.stringify(row)));
      const elsewhereNotified = all.filter((row) => row.ruleId === 'flowguard/notifications' && !ownKeys.has(JSON.stringify(row)));
      for (const row of elsewhereNotified) expect(namesNotifiedFile(row, notified), JSON.stringify(row)).toBe(true);
      const actual = all.filter((row) => !elsewhereNotified.includes(row));
      expect(actual).toEqual([...expected, ...own].sort(byPosition));
    });
  }
});
