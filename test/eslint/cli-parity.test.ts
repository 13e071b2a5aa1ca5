/**
 * Cases where the plugin once showed something other than the command line for the same files (found
 * by running ESLint and `flowguard --format compact` side by side over the fixtures and the corpus).
 * Each folder is a repository of its own, linted whole both ways.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { eslintWith, messagesOf, REPO } from './helpers.js';

let root: string | undefined;

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A git work tree holding `files` (text or bytes). */
function repository(files: Record<string, string | Buffer>): string {
  root = mkdtempSync(join(tmpdir(), 'flowguard-eslint-'));
  mkdirSync(join(root, '.git'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** The command line's parse errors, as ESLint shows them: fatal, at the start of the problem. */
async function cliParseErrors(dir: string, file: string) {
  const { findings } = await lint([], { cwd: dir });
  return findings
    .filter((f) => f.ruleId === 'parse-error' && f.file === file)
    .map((f) => ({ ruleId: null, severity: 2, line: f.region.startLine, column: f.region.startColumn, message: `Parsing error: ${f.message}`, fatal: true }));
}

describe('problems found while building the graph are parse errors, as on the command line', () => {
  it('a template whose Resources is a list', async () => {
    const dir = repository({ 'stack.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources: []\n' });
    const [result] = await eslintWith(dir).lintFiles(['stack.yaml']);
    const expected = await cliParseErrors(dir, 'stack.yaml');
    expect(expected).toEqual([expect.objectContaining({ line: 2, column: 1, message: expect.stringContaining('Resources must be a mapping') })]);
    expect(messagesOf(result!)).toEqual(expected);
  });

  it('a resource declared in two files of one Terraform module', async () => {
    const vpc = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n';
    const dir = repository({ 'net/main.tf': vpc, 'net/copy.tf': `# the same again\n${vpc}` });
    const results = await eslintWith(dir).lintFiles(['net']);
    const expected = await cliParseErrors(dir, 'net/main.tf');
    expect(expected).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('duplicate resource aws_vpc.main: already declared in net/copy.tf') })]);
    expect(results.map((r) => [r.filePath, messagesOf(r)])).toEqual([
      [join(dir, 'net/copy.tf'), expect.arrayContaining([expect.objectContaining({ ruleId: 'flowguard/vpc-flow-logs' })])],
      [join(dir, 'net/main.tf'), expected],
    ]);
  });
});

describe('a file that is not valid UTF-8', () => {
  // ESLint hands the plugin the file decoded with U+FFFD for the bad byte: the engine must still see it.
  const latin1 = Buffer.concat([Buffer.from('Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: { Tags: [{ Key: team, Value: "r'), Buffer.from([0xe9]), Buffer.from('seau" }] }\n')]);

  it('is a parsing error at the bad byte, as on the command line', async () => {
    const dir = repository({ 'latin1.yaml': latin1 });
    const [result] = await eslintWith(dir).lintFiles(['latin1.yaml']);
    const expected = await cliParseErrors(dir, 'latin1.yaml');
    expect(expected).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('invalid UTF-8 (byte 0xE9') })]);
    expect(messagesOf(result!)).toEqual(expected);
  });

  it('is linted as text once the editor has changed it (the buffer is no longer the file)', async () => {
    const dir = repository({ 'latin1.yaml': latin1 });
    const edited = `${latin1.toString('utf8')}# edited\n`;
    const [result] = await eslintWith(dir).lintText(edited, { filePath: join(dir, 'latin1.yaml') });
    expect(messagesOf(result!).map((m) => m.ruleId)).toEqual(['flowguard/vpc-flow-logs']);
  });
});

describe('the configurations docs/editor.md gives', () => {
  const PLUGIN = pathToFileURL(join(REPO, 'dist/src/eslint/index.js')).href;
  const ESLINT_CONFIG = pathToFileURL(join(REPO, 'node_modules/eslint/lib/config-api.js')).href;
  const blocks = [...readFileSync(join(REPO, 'docs/editor.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((code) => code.includes('export default'));

  it('are there to check', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  // The folders the recommended config ignores (.terraform/, cdk.out/asset.*) are there in most
  // projects: a config object for all `*.json` would give their files ESLint's JavaScript language.
  it.each(blocks.map((code, i) => [i + 1, code]))('#%i lints a project with .terraform/ and cdk.out/ as the command line does', async (_, code) => {
    const imports = code.includes("from 'flowguard/eslint'") ? '' : "import flowguard from 'flowguard/eslint';\n";
    const config = `${imports}${code}`.replaceAll("'flowguard/eslint'", `'${PLUGIN}'`).replaceAll("'eslint/config'", `'${ESLINT_CONFIG}'`);
    const vpc = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n';
    const dir = repository({
      'eslint.config.mjs': config,
      'infra/main.tf': vpc,
      'infra/.terraform/modules/modules.json': '{"Modules":[]}\n',
      'cdk.out/asset.0123/package.json': '{"name":"bundled"}\n',
    });
    const results = await new ESLint({ cwd: dir }).lintFiles(['.']);
    const { findings } = await lint([], { cwd: dir });
    const shown = results.flatMap((r) => r.messages.map((m) => [relative(dir, r.filePath), m.line, m.ruleId]));
    expect(shown).toEqual(findings.map((f) => [f.file, f.region.startLine, `flowguard/${f.ruleId}`]));
  });
});
