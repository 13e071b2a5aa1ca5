/**
 * Hostile inputs through the library, each with the outcome a user needs (SPEC §6): a `parse-error`
 * that names the problem, the limit option when a limit is hit, and the position of the problem; or,
 * for input that parses, the definite findings the rest of the input deserves and none invented from
 * what cannot be known. Every run must end (per-test timeout) and give schema-valid SARIF.
 *
 * Inputs are generated here; nothing large is committed. Text inputs go in as in-memory documents;
 * inputs that a JavaScript string cannot carry (invalid UTF-8, raw BOM bytes) and size limits (which
 * apply to files read from disk) go through paths in a temporary folder, as the CLI passes them.
 *
 * Not repeated here: symlink loops, unreadable (chmod 000) files and named FIFOs need the file system
 * and a spawned CLI — see `test/cli/hostile.test.ts` ("file system oddities"). Parser-level details
 * (every js-yaml error, alias counting, the exact level where nesting is refused) are in
 * `test/parse/yaml-hostile.test.ts`, `test/parse/hcl-errors.test.ts`; graph-level cycles and shapes in
 * `test/graph/*-hostile.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import type { LintOptions } from '../../src/engine/options.js';
import { describeFinding, expectWellFormed, lintDocuments, removeDir, tempDir, writeTree } from './helpers.js';

const REPO = new URL('../../', import.meta.url);
const DEPTH = 200_000;
const HEADER = "AWSTemplateFormatVersion: '2010-09-09'";
const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);
/** Generous: the slowest row takes well under a second; a hang fails its row, not the suite. */
const ROW_TIMEOUT_MS = 20_000;

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

interface Expected {
  /**
   * The `parse-error` expected (in `file`, default: the row's first file), its message; a list for a
   * file that parsed but has several unusable sections (one each, in order).
   */
  parseError?: RegExp | RegExp[];
  file?: string;
  /** 1-based line and column of the parse error; the column may be an inclusive range. */
  at?: [number, number | [number, number]];
  /**
   * Every error- and warning-level finding other than parse errors, as `rule@resource`, sorted as the
   * engine sorts (file, line, column). Append ` line:col` to also pin a finding's position.
   */
  findings?: string[];
  /** When given, the note-level findings too (`rule@resource(note)`); otherwise notes are not checked. */
  notes?: string[];
}

interface Row {
  name: string;
  files: () => Record<string, string | Uint8Array>;
  options?: LintOptions;
  /** Go through paths on disk even if every file is text. */
  disk?: boolean;
  expected: Expected;
}

const lines = (...text: string[]): string => `${text.join('\n')}\n`;
const bytes = (...parts: Array<string | Uint8Array | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Line and column (1-based, UTF-16) of `offset` in `text`. */
function lineCol(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return [line, offset - (before.lastIndexOf('\n') + 1) + 1];
}

/** Where `text` first opens its `level`-th nested `{` or `[` (strings in these inputs hold no brackets). */
function openerOfLevel(text: string, level: number): [number, number] {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      if (++depth === level) return lineCol(text, i);
    } else if (c === '}' || c === ']') depth--;
  }
  throw new Error(`no level ${level} in text`);
}

const deepJsonTemplate = `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"X":{"Type":"AWS::Logs::LogGroup","Properties":{"Deep":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}}}`;
const deepPlan = `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","name":"a","values":{"tags":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}]}}}`;
const deepTfJson = `{"resource":{"aws_cloudwatch_log_group":{"g":{"tags":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}}}`;
const yamlWith = (properties: string): string => lines(HEADER, 'Resources:', '  X:', '    Type: AWS::Logs::LogGroup', '    Properties:', properties);

/** A log group kept 30 days: the sibling whose finding shows the rest of the input is still linted. */
const SHORT = lines(HEADER, 'Resources:', '  Logs:', '    Type: AWS::Logs::LogGroup', '    Properties:', '      RetentionInDays: 30');
const SHORT_JSON = JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }, null, 2);
const SHORT_TF = lines('resource "aws_cloudwatch_log_group" "g" {', '  name              = "app"', '  retention_in_days = 30', '}');

function billionLaughs(): string {
  const out = [HEADER, 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) out.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
  out.push('Resources:', '  Logs:', '    Type: AWS::Logs::LogGroup', '    Properties:', '      Tags: *i');
  return lines(...out);
}

const planFixture = (): string => readFileSync(new URL('fixtures/graph/terraform-plan/flow-logs.json', REPO), 'utf8');

const rows: Row[] = [
  // ── resource exhaustion ────────────────────────────────────────────────────────────────────────
  {
    name: 'YAML alias bomb (billion laughs)',
    files: () => ({ 'bomb.yaml': billionLaughs(), 'good.yaml': SHORT }),
    // `g` (line 8) is the first level past a million nodes (9^7), at its first alias `*f`.
    expected: { parseError: /^YAML aliases expand to more than 1000000 nodes \(alias bomb\?\) \(raise it with --max-aliases\)$/, at: [8, 8], findings: ['log-group-retention@Logs'] },
  },
  {
    // 16 MB, well under the file size limit: js-yaml made an event of ~200 bytes for every two bytes
    // (60 MB of this exhausted a 1.7 GB heap: a fatal V8 error). Now refused before js-yaml runs.
    name: 'YAML flow list of 8 million one-letter scalars',
    files: () => ({ 'wide.yaml': yamlWith(`      Tags: [${'a,'.repeat(8_100_000)}a]`), 'good.yaml': SHORT }),
    expected: { parseError: /^may hold more than 16,000,000 YAML nodes by here \(.*; raise it with --max-nodes\)$/, at: [6, [14, 16_200_014]], findings: ['log-group-retention@Logs'] },
  },
  {
    // A CR alone is a line break to js-yaml: `a\r...\r` is one more document every 6 characters, and
    // 60 MB of it (no LF, no other counted character) took 3.4 GB, past a 1.7 GB heap: a fatal V8 error.
    name: 'YAML documents ended on CR line breaks, limit lowered to 100,000 nodes',
    files: () => ({ 'docs.yaml': `Resources: {}\r...\r${'a\r...\r'.repeat(100_000)}`, 'good.yaml': SHORT }),
    options: { limits: { maxNodes: 100_000 } },
    expected: { parseError: /^may hold more than 100,000 YAML nodes by here \(counting two for each line break, .*; raise it with --max-nodes\)$/, findings: ['log-group-retention@Logs'] },
  },
  {
    // 48 MB of empty objects: 2.7 GB once JSON.parse had built them. Counted before JSON.parse.
    name: 'JSON list of 16 million empty objects',
    files: () => ({ 'wide.json': `{"Resources":{"X":{"Type":"AWS::EC2::VPC","Properties":{"Tags":[${'{},'.repeat(16_000_000)}{}]}}}}`, 'good.yaml': SHORT }),
    expected: { parseError: /^more than 16,000,000 values \(raise it with --max-nodes\)$/, at: [1, [60, 48_000_060]], findings: ['log-group-retention@Logs'] },
  },
  {
    // 20 MB of this took 1 GB; a lower limit through the library shows the same refusal cheaply.
    name: '.tf list of 200,000 numbers, limit lowered to 100,000 nodes',
    files: () => ({ 'wide/main.tf': lines('resource "aws_vpc" "v" {', `  tags = { list = [${'0,'.repeat(200_000)}0] }`, '}'), 'main.tf': SHORT_TF }),
    options: { limits: { maxNodes: 100_000 } },
    expected: { parseError: /^more than 100,000 tokens \(raise it with --max-nodes\)$/, at: [2, [19, 400_019]], findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    // 72 MB of `[{"a":0},…]` in a `.tf.json` file (16 million values, one node each) exhausted a 4 GB
    // heap: jsonc-parser's tree and the syntax tree take some 600 bytes a value. Ten nodes each now.
    name: '.tf.json list of 20,000 one-member objects, limit lowered to 100,000 nodes',
    files: () => ({ 'wide/main.tf.json': `{"locals": {"x": [${'{"a":0},'.repeat(20_000)}{}]}}`, 'main.tf': SHORT_TF }),
    options: { limits: { maxNodes: 100_000 } },
    // Twenty nodes for each `{"a":0}` (the object and its 0): the 5,000th object crosses the limit.
    expected: { parseError: /^more than 100,000 nodes by here \(counting ten for each JSON value and one for each token of the expressions and templates in its strings; raise it with --max-nodes\)$/, at: [1, 18 + 4_998 * 8 + 1], findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    // The tokens of a `.tf.json` file's strings count too (40 MB of `"${[a,a,…]}"`, one value, built
    // 2.4 GB of syntax tree), all of them, on from its values. The second string (its `\n` escape
    // takes the path that maps offsets back) crosses the limit.
    name: '.tf.json strings of 60,000 tokens each, limit lowered to 100,000 nodes',
    files: () => ({ 'wide/main.tf.json': `{"locals": {"a": "\${[${'a,'.repeat(30_000)}a]}", "b": "\\n\${[${'b,'.repeat(30_000)}b]}"}}`, 'main.tf': SHORT_TF }),
    options: { limits: { maxNodes: 100_000 } },
    expected: { parseError: /^more than 100,000 nodes by here \(counting ten for each JSON value and one for each token of the expressions and templates in its strings; raise it with --max-nodes\)$/, at: [1, 99_994], findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  // 1 million bare VPCs (35 MB, within the node limit) took 2.36 GB; twice that exhausted the heap.
  // A lowered limit shows each format's refusal cheaply; the rest of the run is still linted.
  {
    name: 'a template with more resources than --max-resources',
    files: () => ({ 'vpcs.json': JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`Vpc${i}`, { Type: 'AWS::EC2::VPC' }])) }), 'good.yaml': SHORT }),
    options: { limits: { maxResources: 20 } },
    expected: { parseError: /^more than 20 resources \(raise it with --max-resources\)$/, at: [1, 42], findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'a plan with more resource instances than --max-resources',
    files: () => ({
      'tfplan.json': JSON.stringify({
        format_version: '1.2',
        planned_values: { root_module: { resources: [], child_modules: [{ resources: Array.from({ length: 30 }, (_, i) => ({ address: `module.m.aws_vpc.v${i}`, mode: 'managed', type: 'aws_vpc', name: `v${i}`, values: {} })) }] } },
      }),
      'good.yaml': SHORT,
    }),
    options: { limits: { maxResources: 20 } },
    expected: { parseError: /^more than 20 resource instances \(raise it with --max-resources\)$/, at: [1, 25], findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'a .tf file with more resource blocks than --max-resources',
    files: () => ({ 'tf/main.tf': Array.from({ length: 30 }, (_, i) => `resource "aws_vpc" "v${i}" {\n  cidr_block = "10.${i}.0.0/16"\n}\n`).join(''), 'main.tf': SHORT_TF }),
    options: { limits: { maxResources: 20 } },
    expected: { parseError: /^more than 20 `resource` and `data` blocks \(raise it with --max-resources\)$/, at: [61, 1], findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    // Files within --max-resources each can still exhaust memory together (five templates of 199,000
    // bare VPCs made 2.2 GB, ten 3.7 GB). Files count in path order: the first to pass the total is
    // refused, the rest still count (the smaller `d-logs.tf` fits after it).
    name: 'files whose resources together pass --max-total-resources',
    files: () => ({
      'a-vpcs.json': JSON.stringify({ Resources: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`Vpc${i}`, { Type: 'AWS::EC2::VPC' }])) }),
      'b-logs.yaml': SHORT,
      'c-vpcs.yaml': lines('Resources:', ...Array.from({ length: 10 }, (_, i) => `  Net${i}: {Type: AWS::EC2::VPC}`)),
      'd-logs.tf': SHORT_TF,
    }),
    disk: true,
    options: { limits: { maxTotalResources: 20 } },
    expected: {
      file: 'c-vpcs.yaml',
      parseError: /^not checked: with its 10 resources the files of this run would declare 23, more than 20 together \(raise it with --max-total-resources\)$/,
      at: [1, 1],
      findings: [...Array.from({ length: 12 }, (_, i) => `vpc-flow-logs@Vpc${i}`), 'log-group-retention@Logs', 'log-group-retention@aws_cloudwatch_log_group.g'],
    },
  },
  {
    name: 'a file of one resource past --max-total-resources',
    files: () => ({
      'a-vpcs.json': JSON.stringify({ Resources: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`Vpc${i}`, { Type: 'AWS::EC2::VPC' }])) }),
      'b-vpc.yaml': lines('Resources:', '  Net: {Type: AWS::EC2::VPC}'),
    }),
    options: { limits: { maxTotalResources: 20 } },
    expected: {
      file: 'b-vpc.yaml',
      parseError: /^not checked: with its 1 resource the files of this run would declare 21, more than 20 together \(raise it with --max-total-resources\)$/,
      at: [1, 1],
      findings: Array.from({ length: 20 }, (_, i) => `vpc-flow-logs@Vpc${i}`),
    },
  },
  {
    name: 'the first file alone past --max-total-resources',
    files: () => ({
      'a-vpcs.json': JSON.stringify({ Resources: Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`Vpc${i}`, { Type: 'AWS::EC2::VPC' }])) }),
      'b-logs.yaml': SHORT,
    }),
    options: { limits: { maxTotalResources: 20 } },
    expected: {
      parseError: /^not checked: it declares 25 resources, more than the 20 all the files of this run may declare together \(raise it with --max-total-resources\)$/,
      at: [1, 1],
      findings: ['log-group-retention@Logs'],
    },
  },
  {
    name: 'files whose resources together make exactly --max-total-resources',
    files: () => ({
      'a-vpcs.json': JSON.stringify({ Resources: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`Vpc${i}`, { Type: 'AWS::EC2::VPC' }])) }),
      'c-vpcs.yaml': lines('Resources:', ...Array.from({ length: 8 }, (_, i) => `  Net${i}: {Type: AWS::EC2::VPC}`)),
    }),
    options: { limits: { maxTotalResources: 20 } },
    expected: { findings: [...Array.from({ length: 12 }, (_, i) => `vpc-flow-logs@Vpc${i}`), ...Array.from({ length: 8 }, (_, i) => `vpc-flow-logs@Net${i}`)] },
  },
  {
    // `count` multiplies blocks past what the per-file block count sees: 1,000 blocks of `count = 1000`
    // are a 60 KB file and 1 million instances (2.3 GB). The root is counted as it expands, through its
    // module calls, and dropped whole: none of its resources is judged without the rest.
    name: 'a root module whose count makes more instances than --max-resources',
    files: () => ({
      'net/main.tf': lines('module "zones" {', '  source = "./zones"', '  count  = 3', '}', 'resource "aws_vpc" "hub" {', '  count      = 10', '  cidr_block = "10.0.0.0/16"', '}'),
      'net/zones/main.tf': lines('resource "aws_vpc" "zone" {', '  count      = 5', '  cidr_block = "10.1.0.0/16"', '}'),
      'main.tf': SHORT_TF,
    }),
    options: { limits: { maxResources: 24 } },
    expected: {
      parseError: /^this root module makes more than 24 resource instances, count and for_each included; none of its resources was checked \(raise it with --max-resources\)$/,
      at: [1, 1],
      findings: ['log-group-retention@aws_cloudwatch_log_group.g'],
    },
  },
  {
    name: 'a root module whose count makes exactly --max-resources instances',
    files: () => ({
      'net/main.tf': lines('module "zones" {', '  source = "./zones"', '  count  = 3', '}', 'resource "aws_vpc" "hub" {', '  count      = 10', '  cidr_block = "10.0.0.0/16"', '}'),
      'net/zones/main.tf': lines('resource "aws_vpc" "zone" {', '  count      = 5', '  cidr_block = "10.1.0.0/16"', '}'),
    }),
    options: { limits: { maxResources: 25 } },
    expected: {
      findings: [
        ...Array.from({ length: 10 }, (_, i) => `vpc-flow-logs@aws_vpc.hub[${i}]`),
        ...[0, 1, 2].flatMap((m) => Array.from({ length: 5 }, (_, i) => `vpc-flow-logs@module.zones[${m}].aws_vpc.zone[${i}]`)),
      ],
    },
  },
  {
    // One scan per string: each `{{resolve:` with no `}}` after it used to rescan the rest (quadratic).
    name: '2 MB of unterminated CloudFormation dynamic references in one string',
    files: () => ({ 'refs.json': JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '{{resolve:ssm:'.repeat(150_000), RetentionInDays: 30 } } } }) }),
    expected: { findings: ['log-group-retention@Logs'] },
  },
  {
    name: `${DEPTH}-deep nesting in a JSON template`,
    files: () => ({ 'deep.json': deepJsonTemplate, 'good.yaml': SHORT }),
    expected: { parseError: /^nesting deeper than 256 levels \(raise it with --max-depth\)$/, at: openerOfLevel(deepJsonTemplate, 257), findings: ['log-group-retention@Logs'] },
  },
  {
    name: `${DEPTH}-deep nesting in YAML flow sequences`,
    files: () => ({ 'deep.yaml': yamlWith(`      Deep: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`), 'good.yaml': SHORT }),
    // Four mappings enclose the brackets, so the 253rd crosses 256; js-yaml's own depth check may stop
    // the parse a few levels later (see test/parse/yaml-hostile.test.ts): the same line, a few columns on.
    expected: { parseError: /^nesting deeper than 256 levels \(raise it with --max-depth\)$/, at: [6, [12 + 253, 12 + 253 + 20]], findings: ['log-group-retention@Logs'] },
  },
  {
    name: `${DEPTH}-deep nesting in YAML flow mappings`,
    files: () => ({ 'deep.yaml': yamlWith(`      Deep: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`), 'good.yaml': SHORT }),
    expected: { parseError: /^nesting deeper than 256 levels \(raise it with --max-depth\)$/, at: [6, [12 + 252 * 4 + 1, 12 + (252 + 20) * 4]], findings: ['log-group-retention@Logs'] },
  },
  {
    name: `${DEPTH}-deep nesting in YAML block sequences`,
    files: () => ({ 'deep.yaml': yamlWith(`      Deep:\n        ${'- '.repeat(DEPTH)}x`), 'good.yaml': SHORT }),
    expected: { parseError: /^nesting deeper than 256 levels \(raise it with --max-depth\)$/, findings: ['log-group-retention@Logs'] },
  },
  {
    name: `${DEPTH}-deep nesting in an HCL expression (x = [[[…)`,
    files: () => ({ 'main.tf': lines('resource "aws_cloudwatch_log_group" "x" {', `  tags = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`, '}'), 'good.tf': SHORT_TF }),
    // The block body is one level: the 256th bracket (column 9 + 256) is level 257.
    expected: { parseError: /^nesting deeper than 256 levels \(raise it with --max-depth\)$/, at: [2, 9 + 256], findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    name: `${DEPTH}-deep parentheses and templates in HCL`,
    files: () => ({ 'main.tf': lines('locals {', `  a = ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)}`, `  b = ${'"${'.repeat(DEPTH)}1${'}"'.repeat(DEPTH)}`, '}'), 'good.tf': SHORT_TF }),
    expected: { parseError: /^nesting deeper than 256 levels \(raise it with --max-depth\)$/, at: [2, 6 + 256], findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    name: `${DEPTH}-deep nesting in a Terraform plan`,
    files: () => ({ 'plan.json': deepPlan, 'good.yaml': SHORT }),
    expected: { parseError: /^nesting deeper than 256 levels \(raise it with --max-depth\)$/, at: openerOfLevel(deepPlan, 257), findings: ['log-group-retention@Logs'] },
  },
  {
    name: `${DEPTH}-deep nesting in a .tf.json file`,
    files: () => ({ 'main.tf.json': deepTfJson, 'good.tf': SHORT_TF }),
    expected: { parseError: /^nesting deeper than 256 levels \(raise it with --max-depth\)$/, at: openerOfLevel(deepTfJson, 257), findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    name: 'a 200,000-term HCL sum (long, not deep) ends as an unknown, not a stack overflow',
    files: () => ({ 'main.tf': lines('resource "aws_cloudwatch_log_group" "sum" {', `  retention_in_days = ${'1 + '.repeat(DEPTH)}1`, '}'), 'good.tf': SHORT_TF }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    name: 'a file over maxFileSize, read from disk',
    files: () => ({ 'big.yaml': `${SHORT}Description: ${'x'.repeat(2000)}\n`, 'good.yaml': SHORT }),
    disk: true,
    options: { limits: { maxFileSize: 1000 } },
    expected: { parseError: /larger than the limit of 1000 bytes.*--max-file-size/, at: [1, 1], findings: ['log-group-retention@Logs'] },
  },
  {
    // The limit bounds work on untrusted input (SPEC §6): an editor or script passing text must not
    // be able to bypass it. `maxFileSize` is documented as the largest file linted, not only read.
    name: 'an in-memory document over maxFileSize',
    files: () => ({ 'big.yaml': `${SHORT}Description: ${'x'.repeat(2000)}\n`, 'good.yaml': SHORT }),
    options: { limits: { maxFileSize: 1000 } },
    expected: { parseError: /larger than the limit of 1000 bytes.*(--max-file-size|maxFileSize)/, at: [1, 1], findings: ['log-group-retention@Logs'] },
  },

  // ── encodings and bytes ────────────────────────────────────────────────────────────────────────
  {
    name: 'a binary file named template.yaml',
    files: () => ({ 'template.yaml': new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256), 'good.yaml': SHORT }),
    // The first NUL is byte 61 (i * 7919 + 13 ≡ 0 mod 256), after one line break (a CR); the column
    // counts the replacement characters of the invalid UTF-8 before it, as the line is shown.
    expected: { parseError: /^binary file \(NUL byte at byte offset 61\)$/, at: [2, 57], findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'a binary .tf file',
    files: () => ({ 'main.tf': bytes('resource "aws_vpc" "v" {}\n', [0, 1, 2, 0xff]), 'good.yaml': SHORT }),
    expected: { parseError: /^binary file \(NUL byte at byte offset 26\)$/, at: [2, 1], findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'invalid UTF-8 in YAML (Latin-1 é)',
    files: () => ({ 'latin1.yaml': bytes(`${HEADER}\nDescription: caf`, [0xe9, 0x20, 0xff], '\nResources: {}\n'), 'good.yaml': SHORT }),
    expected: { parseError: /^invalid UTF-8 \(byte 0xE9 at byte offset 55, line 2\); save the file as UTF-8$/, at: [2, 17], findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'invalid UTF-8 in a .tf file',
    files: () => ({ 'main.tf': bytes('locals {\n  a = 1\n  b = "', [0xc0, 0xaf], '"\n}\n'), 'good.yaml': SHORT }),
    expected: { parseError: /^invalid UTF-8 \(byte 0xC0 .*line 3\)/, at: [3, 8], findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'UTF-8 BOM in JSON: positions unshifted',
    files: () => ({ 'bom.json': bytes(BOM, SHORT_JSON) }),
    expected: { findings: ['log-group-retention@Logs 6:28'] },
  },
  {
    name: 'UTF-8 BOM in YAML: positions unshifted',
    files: () => ({ 'bom.yaml': bytes(BOM, SHORT) }),
    expected: { findings: ['log-group-retention@Logs 6:24'] },
  },
  {
    name: 'UTF-8 BOM in .tf: positions unshifted',
    files: () => ({ 'main.tf': bytes(BOM, SHORT_TF) }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.g 3:23'] },
  },
  {
    name: 'a BOM in an in-memory document is not a character of line 1',
    files: () => ({ 'bom.json': `\uFEFF${SHORT_JSON}`, 'bom.tf': `\uFEFF${SHORT_TF}` }),
    expected: { findings: ['log-group-retention@Logs 6:28', 'log-group-retention@aws_cloudwatch_log_group.g 3:23'] },
  },
  {
    name: 'CRLF in YAML: same positions as LF',
    files: () => ({ 'crlf.yaml': SHORT.replace(/\n/g, '\r\n') }),
    expected: { findings: ['log-group-retention@Logs 6:24'] },
  },
  {
    name: 'CR-only (classic Mac) line endings in YAML: same positions as LF',
    files: () => ({ 'cr.yaml': SHORT.replace(/\n/g, '\r') }),
    expected: { findings: ['log-group-retention@Logs 6:24'] },
  },
  {
    name: 'CR-only line endings in JSON: same positions as LF',
    files: () => ({ 'cr.json': SHORT_JSON.replace(/\n/g, '\r') }),
    expected: { findings: ['log-group-retention@Logs 6:28'] },
  },
  {
    name: 'CRLF in .tf: same positions as LF',
    files: () => ({ 'main.tf': SHORT_TF.replace(/\n/g, '\r\n') }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.g 3:23'] },
  },
  {
    name: 'CRLF in YAML: a parse error on line 4 is reported on line 4',
    files: () => ({ 'crlf.yaml': lines(HEADER, 'Resources:', '  X:', '    Type: !Foo AWS::Logs::LogGroup').replace(/\n/g, '\r\n') }),
    expected: { parseError: /^unknown tag !Foo/, at: [4, 11] },
  },
  {
    name: 'CRLF with a BOM in .tf: a parse error is reported where it is',
    files: () => ({ 'main.tf': bytes(BOM, lines('locals {', '  a = 1', '  b = [1,', '}').replace(/\n/g, '\r\n')) }),
    expected: { parseError: /^expected an expression, found '}'$/, at: [4, 1] },
  },
  {
    name: 'an empty .yaml file named explicitly',
    files: () => ({ 'empty.yaml': '', 'good.yaml': SHORT }),
    expected: { parseError: /empty/, at: [1, 1], findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'an empty .json file named explicitly',
    files: () => ({ 'empty.json': '', 'good.yaml': SHORT }),
    expected: { parseError: /empty/, at: [1, 1], findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'a whitespace-only .yaml file named explicitly',
    files: () => ({ 'blank.yaml': '\n   \n\t\n', 'good.yaml': SHORT }),
    expected: { parseError: /empty/, findings: ['log-group-retention@Logs'] },
  },
  {
    // An empty `.tf` file is valid Terraform (`terraform validate` accepts it): nothing to report.
    name: 'an empty .tf file named explicitly',
    files: () => ({ 'empty.tf': '', 'good.yaml': SHORT }),
    expected: { findings: ['log-group-retention@Logs'] },
  },

  // ── invalid syntax ─────────────────────────────────────────────────────────────────────────────
  {
    name: 'duplicate key in JSON',
    files: () => ({ 'dup.json': '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "X": { "Type": "AWS::Logs::LogGroup" },\n    "X": { "Type": "AWS::Logs::LogGroup" }\n  }\n}\n' }),
    expected: { parseError: /^duplicate key "X" \(first at line 4\)$/, at: [5, 5] },
  },
  {
    name: 'duplicate key in YAML',
    files: () => ({ 'dup.yaml': lines(HEADER, 'Resources:', '  X:', '    Type: AWS::Logs::LogGroup', '  X:', '    Type: AWS::Logs::LogGroup') }),
    expected: { parseError: /^duplicate key "X" \(first at line 3\)$/, at: [5, 3] },
  },
  {
    name: 'duplicate key in a Terraform plan',
    files: () => ({ 'plan.json': '{\n  "format_version": "1.2",\n  "planned_values": {},\n  "planned_values": {}\n}\n' }),
    expected: { parseError: /^duplicate key "planned_values" \(first at line 3\)$/, at: [4, 3] },
  },
  {
    name: 'duplicate HCL argument',
    files: () => ({ 'main.tf': lines('resource "aws_cloudwatch_log_group" "g" {', '  retention_in_days = 400', '  retention_in_days = 30', '}') }),
    expected: { parseError: /^argument `retention_in_days` is set twice \(first at line 2\)$/, at: [3, 3] },
  },
  {
    // Terraform refuses both ("Duplicate resource configuration", "Duplicate local value definition"),
    // like a duplicate key: today the first declaration wins silently, hiding the second one's finding.
    name: 'duplicate resource block (same type and name) in .tf',
    files: () => ({ 'main.tf': lines('resource "aws_cloudwatch_log_group" "g" {', '  retention_in_days = 400', '}', 'resource "aws_cloudwatch_log_group" "g" {', '  retention_in_days = 30', '}') }),
    expected: { parseError: /aws_cloudwatch_log_group\.g.*(declared|defined) (twice|more than once|again)|duplicate.*aws_cloudwatch_log_group\.g/i, at: [4, 1] },
  },
  {
    name: 'duplicate local value across two locals blocks',
    files: () => ({ 'main.tf': lines('locals {', '  days = 400', '}', 'locals {', '  days = 30', '}', 'resource "aws_cloudwatch_log_group" "g" {', '  retention_in_days = local.days', '}') }),
    expected: { parseError: /local.*days.*(defined|declared|set) (twice|more than once|again)|duplicate.*local.*days/i, at: [5, 3] },
  },
  {
    name: 'duplicate argument in a .tf.json body',
    files: () => ({ 'main.tf.json': '{\n  "resource": {\n    "aws_cloudwatch_log_group": {\n      "g": {\n        "retention_in_days": 400,\n        "retention_in_days": 30\n      }\n    }\n  }\n}\n' }),
    expected: { parseError: /^argument `retention_in_days` is set twice/, at: [6, 9] },
  },
  {
    // Valid YAML (and what `yq -o yaml -I0` or a hand-written one-liner produces): a `.yaml` file whose
    // first character is `{` must still be read as YAML, short-form tags included, not as broken JSON.
    name: 'a YAML template written as one flow mapping, with a short-form tag',
    files: () => ({ 'flow.yaml': "{AWSTemplateFormatVersion: '2010-09-09', Parameters: {Days: {Type: Number, Default: 30}}, Resources: {Logs: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: !Ref Days}}}}\n" }),
    expected: { findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'unknown YAML tag',
    files: () => ({ 'tag.yaml': yamlWith('      LogGroupName: !Foo bar') }),
    expected: { parseError: /^unknown tag !Foo \(CloudFormation supports !Ref, /, at: [6, 21] },
  },

  // ── reference cycles ───────────────────────────────────────────────────────────────────────────
  {
    // A cycle through Ref, a parameter, Outputs and ImportValue across two templates ends in an
    // unknown: no definite finding on the log group whose retention is in the cycle; its sibling is linted.
    name: 'CloudFormation Ref cycle through Outputs and ImportValue',
    files: () => ({
      'a.yaml': lines(
        HEADER,
        'Resources:',
        '  Cyclic:',
        '    Type: AWS::Logs::LogGroup',
        '    Properties:',
        '      RetentionInDays: !ImportValue days-b',
        '  Logs:',
        '    Type: AWS::Logs::LogGroup',
        '    Properties:',
        '      RetentionInDays: 30',
        'Outputs:',
        '  DaysA:',
        '    Value: !ImportValue days-b',
        '    Export: {Name: days-a}',
      ),
      'b.yaml': lines(
        HEADER,
        'Parameters:',
        '  Days:',
        '    Type: Number',
        '    Default: !ImportValue days-a',
        'Resources:',
        '  Topic:',
        '    Type: AWS::SNS::Topic',
        'Outputs:',
        '  DaysB:',
        '    Value: !Ref Days',
        '    Export: {Name: days-b}',
      ),
    }),
    expected: { findings: ['log-group-retention@Logs'] },
  },
  {
    // The parent passes the child a parameter built by Fn::Sub from the child's own output: the flow
    // log's destination and role (child outputs) are unknown, so nothing definite is reported on them.
    name: 'Fn::Sub of a nested stack parameter that references back through its output',
    files: () => ({
      'parent.yaml': lines(
        HEADER,
        'Resources:',
        '  Child:',
        '    Type: AWS::CloudFormation::Stack',
        '    Properties:',
        '      TemplateURL: ./child.yaml',
        '      Parameters:',
        "        Prefix: !Sub '${Child.Outputs.Name}-x'",
        '  Vpc:',
        '    Type: AWS::EC2::VPC',
        '  FlowLog:',
        '    Type: AWS::EC2::FlowLog',
        '    Properties:',
        '      ResourceType: VPC',
        '      ResourceId: !Ref Vpc',
        '      TrafficType: ALL',
        '      LogGroupName: !GetAtt Child.Outputs.Name',
        '      DeliverLogsPermissionArn: !GetAtt Child.Outputs.RoleArn',
      ),
      'child.yaml': lines(
        HEADER,
        'Parameters:',
        '  Prefix:',
        '    Type: String',
        '    Default: app',
        'Resources:',
        '  Group:',
        '    Type: AWS::Logs::LogGroup',
        '    Properties:',
        "      LogGroupName: !Sub '${Prefix}-logs'",
        '      RetentionInDays: 365',
        'Outputs:',
        '  Name:',
        "    Value: !Sub '${Prefix}-logs'",
        '  RoleArn:',
        "    Value: !Sub 'arn:aws:iam::123456789012:role/${Prefix}'",
      ),
    }),
    expected: { findings: [] },
  },
  {
    name: 'Fn::GetAtt of nested stack outputs in a cycle (A gets B’s output, B gets A’s)',
    files: () => {
      const child = lines(HEADER, 'Parameters:', '  Days:', '    Type: Number', '    Default: 30', 'Resources:', '  Group:', '    Type: AWS::Logs::LogGroup', '    Properties:', '      RetentionInDays: !Ref Days', 'Outputs:', '  Days:', '    Value: !Ref Days');
      return {
        'parent.yaml': lines(
          HEADER,
          'Resources:',
          '  A:',
          '    Type: AWS::CloudFormation::Stack',
          '    Properties:',
          '      TemplateURL: ./child-a.yaml',
          '      Parameters:',
          '        Days: !GetAtt B.Outputs.Days',
          '  B:',
          '    Type: AWS::CloudFormation::Stack',
          '    Properties:',
          '      TemplateURL: ./child-b.yaml',
          '      Parameters:',
          '        Days: !GetAtt A.Outputs.Days',
          '  Logs:',
          '    Type: AWS::Logs::LogGroup',
          '    Properties:',
          '      RetentionInDays: 30',
        ),
        'child-a.yaml': child,
        'child-b.yaml': child,
      };
    },
    expected: { findings: ['log-group-retention@Logs'] },
  },
  {
    // A ↔ B: the flow log's existence and traffic type are unknown, so the VPC cannot be verified
    // (a note says why), and the retention chosen by the cyclic condition is not reported.
    name: 'Condition cycle',
    files: () => ({
      'cond.yaml': lines(
        HEADER,
        'Conditions:',
        '  A: !Condition B',
        '  B: !Not [!Condition A]',
        'Resources:',
        '  Vpc:',
        '    Type: AWS::EC2::VPC',
        '  FlowLog:',
        '    Type: AWS::EC2::FlowLog',
        '    Condition: A',
        '    Properties:',
        '      ResourceType: VPC',
        '      ResourceId: !Ref Vpc',
        '      TrafficType: !If [B, ALL, REJECT]',
        '      LogDestinationType: s3',
        '      LogDestination: arn:aws:s3:::central-flow-logs',
        '  Group:',
        '    Type: AWS::Logs::LogGroup',
        '    Properties:',
        '      RetentionInDays: !If [A, 30, 400]',
      ),
    }),
    expected: { findings: [], notes: ['vpc-flow-logs@Vpc(note)'] },
  },
  {
    name: 'Terraform locals cycle (a = local.b, b = local.a)',
    files: () => ({
      'main.tf': lines('locals {', '  a = local.b', '  b = local.a', '}', 'resource "aws_cloudwatch_log_group" "cyclic" {', '  retention_in_days = local.a', '}'),
      'good.tf': SHORT_TF,
    }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    // A module that calls itself is invalid: `terraform init` never completes it (hashicorp/terraform
    // #31557, #22648). flowguard must not expand it into copies of the module's resources
    // (module.again.module.again.…, 24 deep; with count = 2, 5,000 of them), each a duplicate finding at
    // the same line: the root's resources are linted once (a note may say the call is not followed).
    name: 'a module that calls itself (source = "./")',
    files: () => ({ 'main.tf': lines('module "again" {', '  source = "./"', '}', ...SHORT_TF.trimEnd().split('\n')) }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    name: 'a module that calls itself twice over (count = 2)',
    files: () => ({ 'main.tf': lines('module "again" {', '  source = "./"', '  count  = 2', '}', ...SHORT_TF.trimEnd().split('\n')) }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    // No directory is a root (each is called by the other): both used to be silently left unlinted.
    name: 'two modules that only call each other, with no root module to call them',
    files: () => ({
      'a/main.tf': lines('module "b" {', '  source = "../b"', '}', ...SHORT_TF.trimEnd().split('\n')),
      'b/main.tf': lines('module "a" {', '  source = "../a"', '}', ...SHORT_TF.trimEnd().split('\n')),
    }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.g', 'log-group-retention@module.b.aws_cloudwatch_log_group.g'] },
  },

  // ── suppressions written twice ─────────────────────────────────────────────────────────────────
  {
    // The finding stays in the output, suppressed. SARIF requires `suppressions` to hold unique items,
    // so the same ignore written twice must not make the log invalid (code scanning rejects it).
    name: 'the same CloudFormation suppression written twice',
    files: () => ({
      't.yaml': lines(HEADER, 'Resources:', '  Logs:', '    Type: AWS::Logs::LogGroup', '    Metadata:', '      flowguard:', '        ignore:', '          - {rule: log-group-retention, reason: short-lived test logs}', '          - {rule: log-group-retention, reason: short-lived test logs}', '    Properties:', '      RetentionInDays: 30'),
    }),
    expected: { findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'the same Terraform suppression comment written twice',
    files: () => ({ 'main.tf': `# flowguard:ignore log-group-retention short-lived test logs\n# flowguard:ignore log-group-retention short-lived test logs\n${SHORT_TF}` }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },

  // ── valid syntax, wrong shapes ─────────────────────────────────────────────────────────────────
  {
    // The file is evidently a template (AWSTemplateFormatVersion) but nothing in it can be checked:
    // a clean result would tell the user it passed. CloudFormation rejects it ("Resources" must be
    // a map of logical ids), and the user must hear that the file was not linted.
    name: 'Resources as a list',
    files: () => ({ 'list.yaml': lines(HEADER, 'Resources:', '  - Type: AWS::Logs::LogGroup', '    Properties: {RetentionInDays: 1}'), 'good.yaml': SHORT }),
    expected: { parseError: /Resources.*\b(list|sequence|array)\b/i, findings: ['log-group-retention@Logs'] },
  },
  {
    // Per-resource shapes CloudFormation would reject: the broken resource yields nothing invented,
    // and every other resource of the template is still linted.
    name: 'Properties as a list',
    files: () => ({ 't.yaml': lines(HEADER, 'Resources:', '  Broken:', '    Type: AWS::Logs::LogGroup', '    Properties: [RetentionInDays, 1]', '  Logs:', '    Type: AWS::Logs::LogGroup', '    Properties: {RetentionInDays: 30}') }),
    expected: { findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'Type as a list',
    files: () => ({ 't.yaml': lines(HEADER, 'Resources:', '  Broken:', '    Type: [AWS::Logs::LogGroup]', '    Properties: {RetentionInDays: 1}', '  Logs:', '    Type: AWS::Logs::LogGroup', '    Properties: {RetentionInDays: 30}') }),
    expected: { findings: ['log-group-retention@Logs'] },
  },
  {
    name: 'missing Type',
    files: () => ({ 't.yaml': lines(HEADER, 'Resources:', '  Broken:', '    Properties: {RetentionInDays: 1}', '  Logs:', '    Type: AWS::Logs::LogGroup', '    Properties: {RetentionInDays: 30}') }),
    expected: { findings: ['log-group-retention@Logs'] },
  },
  {
    // The broken section is named (nothing in it was checked), and the resources are still linted.
    name: 'Parameters as a string',
    files: () => ({ 't.yaml': lines(HEADER, 'Parameters: oops', 'Resources:', '  Logs:', '    Type: AWS::Logs::LogGroup', '    Properties:', '      RetentionInDays: 30') }),
    expected: { parseError: /^Parameters must be a mapping \(name: definition\), found a string/, at: [2, 1], findings: ['log-group-retention@Logs'] },
  },
  {
    // Each unusable section is its own parse-error: fixing one must not reveal the next only then.
    name: 'Parameters as a string and Outputs as a list',
    files: () => ({ 't.yaml': lines(HEADER, 'Parameters: oops', 'Resources:', '  Logs:', '    Type: AWS::Logs::LogGroup', '    Properties:', '      RetentionInDays: 30', 'Outputs: [LogsArn]') }),
    expected: { parseError: [/^Parameters must be a mapping \(name: definition\), found a string/, /^Outputs must be a mapping \(name: definition\), found a list/], at: [2, 1], findings: ['log-group-retention@Logs'] },
  },
  {
    // `ResourceId` must be a string: this flow log covers nothing, so the VPC is uncovered.
    name: 'a flow log whose ResourceId is a list',
    files: () => ({
      't.yaml': lines(
        HEADER,
        'Resources:',
        '  Vpc:',
        '    Type: AWS::EC2::VPC',
        '  FlowLog:',
        '    Type: AWS::EC2::FlowLog',
        '    Properties:',
        '      ResourceType: VPC',
        '      ResourceId: [!Ref Vpc]',
        '      TrafficType: ALL',
        '      LogDestinationType: s3',
        '      LogDestination: arn:aws:s3:::central-flow-logs',
      ),
    }),
    expected: { findings: ['vpc-flow-logs@Vpc'] },
  },
  {
    name: 'a Terraform plan truncated at 50%',
    files: () => {
      const plan = planFixture();
      return { 'plan.json': plan.slice(0, Math.floor(plan.length / 2)), 'good.yaml': SHORT };
    },
    expected: { parseError: /\b(unterminated|unexpected end|end of (the )?file)\b/i, findings: ['log-group-retention@Logs'] },
  },
  {
    // Detected as a plan (format_version + planned_values), but there is nothing in it to check:
    // like `.tf.json` of the wrong shape, the user must hear it was not linted rather than get a pass.
    name: 'a Terraform plan whose planned_values is a string',
    files: () => ({ 'plan.json': '{\n  "format_version": "1.2",\n  "planned_values": "oops"\n}\n', 'good.yaml': SHORT }),
    expected: { parseError: /planned_values/, findings: ['log-group-retention@Logs'] },
  },
  {
    // A map of changes by address instead of a list: the message said "found a object".
    name: 'a Terraform plan whose resource_changes is an object',
    files: () => ({
      'plan.json': '{\n  "format_version": "1.2",\n  "resource_changes": {"aws_vpc.a": {"address": "aws_vpc.a", "change": {"actions": ["create"]}}}\n}\n',
      'good.yaml': SHORT,
    }),
    expected: { parseError: /^resource_changes must be a list, found an object: not the output of `terraform show -json`\? Nothing in it was checked$/, at: [3, 3], findings: ['log-group-retention@Logs'] },
  },
  {
    // A list is allowed there (several objects of blocks), so the first item is what is wrong.
    name: 'a .tf.json file whose resource section is a list of numbers',
    files: () => ({ 'main.tf.json': '{"resource": [1, 2], "locals": "x"}', 'good.tf': SHORT_TF }),
    expected: { parseError: /^expected an object of `resource` blocks by label, found a number$/, at: [1, 15], findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    name: 'a .tf.json file whose resource body is a number',
    files: () => ({ 'main.tf.json': '{"resource": {"aws_cloudwatch_log_group": {"g": [{"retention_in_days": 30}, 7]}}}', 'good.yaml': SHORT }),
    expected: { parseError: /^expected an object: the body of a `resource` block, found a number/, at: [1, 77], findings: ['log-group-retention@Logs'] },
  },

  // ── names of Object.prototype members (found by fuzzing `.tf.json` with random seeds) ─────────────
  {
    // Block types, nested blocks, arguments and labels named like `Object.prototype` members are
    // ordinary names: nothing in them is a function, and the real log group is still checked.
    name: 'a .tf.json file whose names are valueOf, constructor, toString and __proto__',
    files: () => ({
      'main.tf.json': JSON.stringify({
        resource: {
          constructor: { valueOf: { ['__proto__']: { a: 1 }, toString: null, lifecycle: { constructor: true } } },
          aws_cloudwatch_log_group: { g: { retention_in_days: 7, lifecycle: { valueOf: 1 }, dynamic: { toString: { content: {} } } } },
        },
        valueOf: {},
        locals: { constructor: 1 },
        variable: { hasOwnProperty: { default: { valueOf: 2 }, validation: { toString: 1 } } },
      }),
    }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.g'] },
  },
  {
    // `valueOf(7)` is no Terraform function: the retention is unknown, not the result of calling
    // `Object.prototype.valueOf`. A resource type named `constructor` is simply a type we do not read.
    name: 'Terraform functions and resource types named like Object.prototype members',
    files: () => ({
      'main.tf': [
        'resource "constructor" "toString" {',
        '  name = hasOwnProperty("x")',
        '}',
        'resource "aws_cloudwatch_log_group" "unknown" {',
        '  name              = constructor("x")',
        '  retention_in_days = valueOf(7)',
        '}',
        'resource "aws_cloudwatch_log_group" "known" {',
        '  retention_in_days = max(7, 1)',
        '}',
      ].join('\n'),
    }),
    expected: { findings: ['log-group-retention@aws_cloudwatch_log_group.known'] },
  },
];

/** Lints the row's files, in memory or from a temporary folder, and checks what every run must give. */
async function run(row: Row): Promise<LintResult> {
  const files = row.files();
  const named = Object.keys(files);
  const dir = tempDir();
  dirs.push(dir);
  const onDisk = row.disk || Object.values(files).some((content) => typeof content !== 'string');
  let result: LintResult;
  if (onDisk) {
    writeTree(dir, files);
    result = await lint(named, { ...row.options, cwd: dir });
  } else {
    const texts = Object.fromEntries(named.map((name) => [name, files[name] as string]));
    result = await lintDocuments(texts, dir, row.options);
  }
  expectWellFormed(result);
  return result;
}

function expectOutcome(result: LintResult, row: Row): void {
  const { expected } = row;
  // Shown when an expectation fails: what the run actually reported (the first 12 findings).
  const got = `${result.findings.length} finding(s):\n${result.findings.slice(0, 12).map((f) => `  ${describeFinding(f, true)} ${f.file}: ${f.message}`).join('\n')}`;
  const parseErrors = result.findings.filter((f) => f.ruleId === 'parse-error');
  if (expected.parseError) {
    const file = expected.file ?? Object.keys(row.files())[0]!;
    const messages = Array.isArray(expected.parseError) ? expected.parseError : [expected.parseError];
    expect(parseErrors.map((f) => [f.file, f.message]), got).toEqual(messages.map((message) => [file, expect.stringMatching(message)]));
    expect(parseErrors[0]!.level).toBe('error');
    expect(result.notifications.some((n) => n.level === 'error' && n.file === file)).toBe(true);
    if (expected.at) {
      const [line, column] = expected.at;
      const { startLine, startColumn } = parseErrors[0]!.region;
      const [min, max] = typeof column === 'number' ? [column, column] : column;
      expect([startLine, startColumn >= min && startColumn <= max ? column : startColumn]).toEqual([line, column]);
    }
  } else {
    expect(parseErrors.map((f) => `${f.file}: ${f.message}`), got).toEqual([]);
  }
  const others = result.findings.filter((f) => f.ruleId !== 'parse-error');
  const shown = (list: typeof others, want: string[]) => list.map((f, i) => describeFinding(f, want[i]?.includes(' ') ?? false));
  const definite = others.filter((f) => f.level !== 'note');
  const wanted = expected.findings ?? [];
  expect(shown(definite, wanted), got).toEqual(wanted);
  if (expected.notes) {
    const notes = others.filter((f) => f.level === 'note');
    expect(shown(notes, expected.notes), got).toEqual(expected.notes);
  }
}

describe('hostile inputs through the library', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    expectOutcome(await run(row), row);
  }, ROW_TIMEOUT_MS);
});

// Terraform suppression comments were matched to blocks in quadratic time: each block filtered every
// comment of the file, and the run of comments above a block was built with unshift(). 300,000
// directive lines above one block took over a minute, 60,000 blocks each holding one took 49 s;
// both take a few seconds now (the timeout only stops the quadratic version).
describe('many Terraform suppression comments', () => {
  const SUPPRESSION = '# flowguard:ignore log-group-retention kept short on purpose';
  const TIMEOUT_MS = 20_000;
  const suppressedCount = (result: LintResult): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const f of result.findings) counts[`${f.ruleId}:${f.suppressions?.length ? 'suppressed' : 'open'}`] = (counts[`${f.ruleId}:${f.suppressions?.length ? 'suppressed' : 'open'}`] ?? 0) + 1;
    return counts;
  };

  it('300,000 directive lines above one block: its finding is suppressed', async () => {
    const text = `${`${SUPPRESSION}\n`.repeat(300_000)}${SHORT_TF}`;
    const dir = tempDir();
    dirs.push(dir);
    const result = await lintDocuments({ 'main.tf': text }, dir);
    expectWellFormed(result);
    expect(suppressedCount(result)).toEqual({ 'log-group-retention:suppressed': 1 });
  }, TIMEOUT_MS);

  it('60,000 blocks that each hold a directive: every finding is suppressed', async () => {
    const blocks = Array.from({ length: 60_000 }, (_, i) => `resource "aws_cloudwatch_log_group" "g${i}" {\n  ${SUPPRESSION}\n  retention_in_days = 30\n}\n`);
    const dir = tempDir();
    dirs.push(dir);
    const result = await lintDocuments({ 'main.tf': blocks.join('') }, dir);
    expect(suppressedCount(result)).toEqual({ 'log-group-retention:suppressed': 60_000 });
  }, TIMEOUT_MS);
});

// A policy document's conditions were gathered by copying the list gathered so far for each one
// (quadratic): a statement of 100,000 conditions, written as Terraform 0.11's repeated `condition =
// { … }` arguments, ran into the 60 s time budget and left the role's trust unknown; it takes 1 s now
// (the timeout only stops the quadratic version).
describe('a policy statement of many conditions', () => {
  it('100,000 repeated condition arguments: the trust is read, pinned by them', async () => {
    const conditions = Array.from(
      { length: 100_000 },
      (_, i) => `    condition = {\n      test     = "StringEquals"\n      variable = "aws:SourceAccount"\n      values   = ["${100_000_000_000 + i}"]\n    }\n`,
    ).join('');
    const text = `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals = {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
${conditions}  }
}

resource "aws_iam_role" "flow_logs" {
  name               = "flow-logs"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;
    const dir = tempDir();
    dirs.push(dir);
    const result = await lintDocuments({ 'main.tf': text }, dir);
    expectWellFormed(result);
    expect(result.findings.map((f) => describeFinding(f))).toEqual([]);
  }, 20_000);
});

// One argument repeated in a block was one parse-error finding for each repeat, as Terraform reports
// each: 100,000 `tags = { … }` in one resource made 99,999 findings, 142 MB of SARIF and 790 MB of
// memory. Each argument repeated in a block is one mistake and one finding, at its first repeat,
// with the count; another argument, or the same one in another block, is another.
describe('an argument repeated many times', () => {
  it('is one finding for each argument and block, naming how many times it is set', async () => {
    const tags = (n: number): string => Array.from({ length: n }, (_, i) => `  tags = { k${i} = "v" }\n`).join('');
    const text = `resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n${tags(20_000)}}\n\nresource "aws_vpc" "b" {\n  cidr_block = "10.1.0.0/16"\n${tags(2)}  labels = { a = "b" }\n  labels = { c = "d" }\n  labels = { e = "f" }\n}\n`;
    const dir = tempDir();
    dirs.push(dir);
    const result = await lintDocuments({ 'main.tf': text }, dir);
    expectWellFormed(result);
    const parseErrors = result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => `${f.region.startLine}: ${f.message}`);
    expect(parseErrors).toEqual([
      '4: argument `tags` is set 20,000 times (first at line 3)',
      '20008: argument `tags` is set twice (first at line 20007)',
      '20010: argument `labels` is set 3 times (first at line 20009)',
    ]);
  }, 20_000);
});
