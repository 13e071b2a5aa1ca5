/**
 * The parallel driver's transfer form (src/engine/parallel/transfer.ts and the `toTransfer` /
 * `fromTransfer` hooks of the parsers): a parsed file sent through a structured clone, as
 * `postMessage` sends it, and rebuilt must be the same file: the same value, the same problem, and a
 * `locate()` that answers every path exactly as the original does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../src/core/source.js';
import { fromTransfer, toTransfer, type TransferredFile } from '../../src/engine/parallel/transfer.js';
import { parseFile, type ParsedFile } from '../../src/engine/parse-inputs.js';
import { DEFAULT_LIMITS } from '../../src/engine/options.js';
import type { EngineModules, ReadFile } from '../../src/engine/pipeline.js';
import type { DataDocument, PathSegment } from '../../src/parse/document.js';
import { parseHcl } from '../../src/parse/hcl/index.js';
import { parseTfJson } from '../../src/parse/hcl/tfjson.js';
import { acceptedJson, parseJson } from '../../src/parse/json.js';
import { YamlDocument } from '../../src/parse/yaml-document.js';
import { parseYaml } from '../../src/parse/yaml.js';

const REPO = resolve(import.meta.dirname, '../..');
const MODULES: Partial<EngineModules> = { parseJson, parseYaml, parseHcl, parseTfJson };
const REBUILDERS = { acceptedJson, yamlFromTransfer: YamlDocument.fromTransfer };

const file = (path: string, text: string): SourceFile => ({ absolutePath: `/repo/${path}`, path, text });

/** What a worker posts and the main thread receives: a structured clone, the span buffers transferred. */
function sendAndRebuild(parsed: ParsedFile): ParsedFile {
  const { file: message, transfer } = toTransfer(parsed);
  const received = structuredClone(message, { transfer }) as TransferredFile;
  return fromTransfer(received, REBUILDERS);
}

/** Every path of a value (keys and indices), and for each a path that does not exist below it. */
function pathsOf(value: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
    out.push([...prefix, value.length], [...prefix, 'missing']);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
    out.push([...prefix, 'no such key'], [...prefix, 0]);
  }
  return out;
}

function expectSameDocument(rebuilt: DataDocument, original: DataDocument): void {
  expect(rebuilt.syntax).toBe(original.syntax);
  expect(rebuilt.file).toEqual(original.file);
  expect(rebuilt.value).toStrictEqual(original.value);
  const paths = pathsOf(original.value);
  expect(paths.map((p) => [rebuilt.locate(p), rebuilt.locate(p, 'key')])).toEqual(paths.map((p) => [original.locate(p), original.locate(p, 'key')]));
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

describe('YAML documents through a structured clone', () => {
  it('keep their value, aliases, irregular keys and every position', () => {
    const text = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Mappings:',
      '  Shared: &shared {a: 1, "b\\tc": 2, ~: null, 80: port}',
      'Resources:',
      '  Vpc:',
      '    Type: AWS::EC2::VPC',
      '    Properties:',
      '      Tags: [*shared, *shared]',
      '      Cidr: !Select [0, !GetAZs ""]',
      '      Name: !Sub "${AWS::StackName}-vpc"',
      "      'quoted key': .nan",
      '      Inf: -.inf',
      '      __proto__: {polluted: true}',
      '  Big:',
      '    Type: AWS::Logs::LogGroup',
      '    Properties:',
      ...Array.from({ length: 40 }, (_, i) => `      Key${i}: !Ref Param${i}`),
      '',
    ].join('\n');
    const parsed = parseYaml(file('t.yaml', text));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const rebuilt = sendAndRebuild({ kind: 'cloudformation', document: parsed.document, resources: 2 });
    expect(rebuilt.kind).toBe('cloudformation');
    if (rebuilt.kind !== 'cloudformation') return;
    expectSameDocument(rebuilt.document, parsed.document);
    const tags = (rebuilt.document.value as { Resources: { Vpc: { Properties: { Tags: unknown[] } } } }).Resources.Vpc.Properties.Tags;
    expect(tags[0]).toBe(tags[1]); // an alias stays one shared object, as the parser built it
    const props = (rebuilt.document.value as { Resources: { Vpc: { Properties: object } } }).Resources.Vpc.Properties;
    expect(Object.hasOwn(props, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
  });

  it('transfer the span store as an exact, detachable buffer', () => {
    const parsed = parseYaml(file('t.yaml', 'Resources:\n  A: {Type: AWS::EC2::VPC}\n'));
    if (!parsed.ok) throw new Error('did not parse');
    const sent = (parsed.document as YamlDocument).toTransfer();
    expect(sent.spans.data.length).toBe(sent.spans.size * 8);
    expect(sent.spans.data.byteOffset).toBe(0);
    expect(sent.spans.data.buffer.byteLength).toBe(sent.spans.data.byteLength);
  });

  it.each(filesUnder(resolve(REPO, 'fixtures'), /\.ya?ml$/).map((p) => [relative(REPO, p), p]))('%s', (_name, path) => {
    const parsed = parseYaml(file(path, readFileSync(path, 'utf8')));
    if (!parsed.ok) return; // the hostile fixtures: their problems are covered below
    expectSameDocument((sendAndRebuild({ kind: 'cloudformation', document: parsed.document, resources: 2 }) as { document: DataDocument }).document, parsed.document);
  });
});

describe('JSON documents travel as their text', () => {
  it.each(filesUnder(resolve(REPO, 'fixtures'), /\.json$/).filter((p) => !p.endsWith('.tf.json')).map((p) => [relative(REPO, p), p]))('%s', (_name, path) => {
    const parsed = parseJson(file(path, readFileSync(path, 'utf8')));
    if (!parsed.ok) return;
    const { file: message } = toTransfer({ kind: 'terraformJson', document: parsed.document, resources: 2 });
    expect(message).toEqual({ kind: 'terraformJson', file: parsed.document.file, resources: 2, syntax: 'json' });
    expectSameDocument((sendAndRebuild({ kind: 'terraformJson', document: parsed.document, resources: 2 }) as { document: DataDocument }).document, parsed.document);
  });

  it('keeps `__proto__` an own key, as JSON.parse makes it', () => {
    const parsed = parseJson(file('p.json', '{"Resources": {"__proto__": {"Type": "AWS::EC2::VPC"}}}'));
    if (!parsed.ok) throw new Error('did not parse');
    expectSameDocument((sendAndRebuild({ kind: 'cloudformation', document: parsed.document, resources: 2 }) as { document: DataDocument }).document, parsed.document);
  });
});

describe('every outcome of phase 3 survives the trip', () => {
  const read = (path: string, text: string, parser: 'parseJson' | 'parseYaml' | 'parseHcl' | 'parseTfJson', explicit = true): ReadFile => ({ file: file(path, text), parser, explicit });
  const cases: [string, ReadFile][] = [
    ['a CloudFormation YAML template', read('a.yaml', 'Resources:\n  L:\n    Type: AWS::Logs::LogGroup\n', 'parseYaml')],
    ['a CloudFormation JSON template', read('a.json', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}', 'parseJson')],
    ['a Terraform plan', read('plan.json', '{"format_version": "1.2", "planned_values": {"root_module": {}}}', 'parseJson')],
    ['a YAML syntax error', read('bad.yaml', 'Resources: [unclosed\n', 'parseYaml')],
    ['a JSON duplicate key', read('dup.json', '{"Resources": {}, "Resources": {}}', 'parseJson')],
    ['a walked file that is no template', read('x.yaml', 'name: chart\n', 'parseYaml', false)],
    ['a named file that is no template', read('x.yaml', 'name: chart\n', 'parseYaml', true)],
    ['a .tf file', read('main.tf', 'resource "aws_flow_log" "f" {\n  # flowguard:ignore vpc-flow-logs\n  vpc_id = aws_vpc.main.id\n  tags = { for k, v in var.tags : k => "${v}-x" }\n}\n', 'parseHcl')],
    ['a .tf syntax error', read('bad.tf', 'resource "x" {\n', 'parseHcl')],
    ['a .tf.json file', read('main.tf.json', '{"resource": {"aws_vpc": {"main": {"cidr_block": "10.0.0.0/16"}}}}', 'parseTfJson')],
    ['a file too large to read', { file: file('big.yaml', ''), problem: { message: 'file is 9 MB, larger than the limit', start: 0, end: 0, limit: 'maxFileSize' } }],
    ['a skipped file', { file: file('package.json', ''), skipped: true }],
  ];

  it.each(cases)('%s', (_name, readFile) => {
    const parsed = parseFile(readFile, MODULES, DEFAULT_LIMITS);
    const rebuilt = sendAndRebuild(parsed);
    expect(rebuilt.kind).toBe(parsed.kind);
    if ('document' in parsed && 'document' in rebuilt) expectSameDocument(rebuilt.document, parsed.document);
    else expect(rebuilt).toStrictEqual(parsed);
  });

  it('refuses what is not a parsed file, so the main thread parses the file itself', () => {
    expect(() => fromTransfer({ kind: 'unknown' } as unknown as TransferredFile, REBUILDERS)).toThrow();
    expect(() => fromTransfer(null as unknown as TransferredFile, REBUILDERS)).toThrow();
    const parsed = parseYaml(file('a.yaml', 'Resources: {}\n'));
    if (!parsed.ok) throw new Error('did not parse');
    const { file: message } = toTransfer({ kind: 'cloudformation', document: parsed.document, resources: 2 });
    expect(() => fromTransfer(message, {})).toThrow(/not loaded/);
    // The run's resource total (maxTotalResources) needs the count: a file without one is parsed again.
    expect(sendAndRebuild({ kind: 'cloudformation', document: parsed.document, resources: 0 })).toMatchObject({ resources: 0 });
    const { resources: _dropped, ...withoutCount } = message as TransferredFile & { resources: number };
    expect(() => fromTransfer(withoutCount as TransferredFile, REBUILDERS)).toThrow(/resource count/);
  });
});
