/**
 * The plugin's memo of parse results (src/eslint/parse-memo.ts): `eslint .` over a folder parses each
 * file once, not once per file linted, and never lints with a stale result (a sibling edited on disk,
 * the linted file's unsaved text). The parsers are wrapped to count what they parse.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceFile } from '../../src/core/source.js';
import { DEFAULT_LIMITS } from '../../src/engine/options.js';
import type { DataParser, HclParser } from '../../src/engine/pipeline.js';
import { ParseMemo } from '../../src/eslint/parse-memo.js';
import { parseYaml as realParseYaml } from '../../src/parse/yaml.js';
import { eslintWith, FIXTURES, messagesOf } from './helpers.js';

/** Absolute paths of the files the engine's YAML and JSON parsers parsed, in order. */
const parsed = vi.hoisted(() => ({ yaml: [] as string[], json: [] as string[] }));

vi.mock('../../src/parse/yaml.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parse/yaml.js')>();
  return { ...real, parseYaml: (file: SourceFile, ...rest: unknown[]) => (parsed.yaml.push(file.absolutePath), (real.parseYaml as (...a: unknown[]) => unknown)(file, ...rest)) };
});
vi.mock('../../src/parse/json.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/parse/json.js')>();
  return { ...real, parseJson: (file: SourceFile, ...rest: unknown[]) => (parsed.json.push(file.absolutePath), (real.parseJson as (...a: unknown[]) => unknown)(file, ...rest)) };
});

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-memo-'));
  folders.push(dir);
  return dir;
}

function logGroupTemplate(days: number): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: ${days}\n`;
}

beforeEach(() => {
  parsed.yaml.length = 0;
  parsed.json.length = 0;
});

describe('ESLint over a folder', () => {
  it('parses each file once, not once per file linted', async () => {
    const dir = folder();
    const n = 6;
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `stack-${i}.yaml`), logGroupTemplate(i === 0 ? 30 : 400));
    const results = await eslintWith(dir).lintFiles(['.']);
    expect(results).toHaveLength(n);
    expect(results.map((r) => messagesOf(r).map((m) => m.ruleId))).toEqual([['flowguard/log-group-retention'], [], [], [], [], []]);
    // Without the memo: each file alone, then with its n siblings, n × (n + 1).
    expect(parsed.yaml.filter((p) => p.startsWith(dir))).toHaveLength(n);
    expect(new Set(parsed.yaml).size).toBe(parsed.yaml.length);
  });

  it('parses a sibling edited on disk again, and links with its new content', async () => {
    const dir = folder();
    cpSync(join(FIXTURES, 'cross-stack'), dir, { recursive: true });
    const network = join(dir, 'network.yaml');
    const flowLogs = join(dir, 'flow-logs.json');
    const eslint = eslintWith(dir);
    expect(messagesOf((await eslint.lintFiles([network]))[0]!)).toEqual([]);
    expect(parsed.json).toEqual([flowLogs]);

    writeFileSync(flowLogs, readFileSync(flowLogs, 'utf8').replace('"TrafficType": "ALL"', '"TrafficType": "ACCEPT"'));
    parsed.yaml.length = 0;
    const [result] = await eslint.lintFiles([network]);
    expect(messagesOf(result!)).toEqual([expect.objectContaining({ ruleId: 'flowguard/vpc-flow-logs', line: 5, message: expect.stringContaining('ACCEPT') })]);
    expect(parsed.json).toEqual([flowLogs, flowLogs]);
    // The files that did not change are not parsed again.
    expect(parsed.yaml).toEqual([]);
  });

  it("lints the file's unsaved text, not its copy on disk, and the disk copy again once the buffer is gone", async () => {
    const dir = folder();
    cpSync(join(FIXTURES, 'cross-stack'), dir, { recursive: true });
    const network = join(dir, 'network.yaml');
    const eslint = eslintWith(dir);
    expect(messagesOf((await eslint.lintFiles([network]))[0]!)).toEqual([]);

    const buffer = readFileSync(network, 'utf8').replace('Name: shared-network-VpcId', 'Name: renamed-VpcId');
    const [edited] = await eslint.lintText(buffer, { filePath: network });
    expect(messagesOf(edited!)).toEqual([expect.objectContaining({ ruleId: 'flowguard/vpc-flow-logs', line: 5, column: 3, endColumn: 12 })]);

    expect(messagesOf((await eslint.lintFiles([network]))[0]!)).toEqual([]);
    // Disk, buffer, disk: the buffer once, the disk copy twice (its result was let go when the buffer's replaced it).
    expect(parsed.yaml.filter((p) => p === network)).toHaveLength(3);
  });
});

describe('ParseMemo', () => {
  const limits = DEFAULT_LIMITS;

  function counting(): { parse: DataParser; files: string[] } {
    const files: string[] = [];
    return { files, parse: (file, l) => (files.push(file.path), realParseYaml(file, l)) };
  }

  const noHcl: HclParser = () => ({ ok: false, problem: { message: 'not in these tests', start: 0, end: 0 } });

  /** The memo's YAML parser over `parse`. */
  function memoYaml(memo: ParseMemo, parse: DataParser): DataParser {
    return memo.modules({ parseYaml: parse, parseJson: parse, parseHcl: noHcl, parseTfJson: noHcl }).parseYaml;
  }

  function file(name: string, text = logGroupTemplate(400), path = name): SourceFile {
    return { absolutePath: `/project/${name}`, path, text };
  }

  it('reuses a result only for the same path, repository path, text and parse limits', () => {
    const memo = new ParseMemo();
    const { parse, files } = counting();
    const parseYaml = memoYaml(memo, parse);
    memo.run(() => {
      const first = parseYaml(file('a.yaml'), limits);
      expect(parseYaml(file('a.yaml'), limits)).toBe(first);
      parseYaml(file('a.yaml', logGroupTemplate(30)), limits);
      parseYaml(file('a.yaml', logGroupTemplate(30), 'sub/a.yaml'), limits);
      parseYaml(file('a.yaml', logGroupTemplate(30), 'sub/a.yaml'), { ...limits, maxDepth: 10 });
      parseYaml(file('a.yaml', logGroupTemplate(30), 'sub/a.yaml'), { ...limits, maxDepth: 10 });
    });
    expect(files).toEqual(['a.yaml', 'a.yaml', 'sub/a.yaml', 'sub/a.yaml']);
  });

  it('keeps no result of a file that ran out of its time budget', () => {
    const memo = new ParseMemo();
    let calls = 0;
    const slow: DataParser = () => (calls++, { ok: false, problem: { message: 'took too long', start: 0, end: 0, limit: 'fileTimeBudget' } });
    const parseYaml = memoYaml(memo, slow);
    memo.run(() => {
      parseYaml(file('a.yaml'), limits);
      parseYaml(file('a.yaml'), limits);
    });
    expect(calls).toBe(2);
    expect(memo.size).toBe(0);
  });

  it('lets the least recently used results go past its budget of text, never those of the run going on', () => {
    const length = logGroupTemplate(400).length;
    const memo = new ParseMemo(3 * length);
    const { parse, files } = counting();
    const parseYaml = memoYaml(memo, parse);
    const read = (...names: string[]) => memo.run(() => names.forEach((name) => parseYaml(file(name), limits)));
    read('a/1.yaml', 'a/2.yaml', 'a/3.yaml');
    read('b/1.yaml');
    expect(memo.size).toBe(3);
    // a/1.yaml went first, and is parsed again; a/2.yaml, read since, outlasts a/3.yaml.
    files.length = 0;
    read('a/2.yaml', 'a/1.yaml');
    expect(files).toEqual(['a/1.yaml']);
    read('c/1.yaml');
    files.length = 0;
    read('a/2.yaml', 'a/1.yaml', 'c/1.yaml');
    expect(files).toEqual([]);
    // A run past the budget keeps all its files (and no other); the next run lets go of the oldest.
    read('d/1.yaml', 'd/2.yaml', 'd/3.yaml', 'd/4.yaml');
    expect(memo.size).toBe(4);
    read();
    expect(memo.size).toBe(3);
  });
});
