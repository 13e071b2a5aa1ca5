/**
 * A large YAML template is read in pieces (src/parse/yaml-pieces.ts, issue 5): the result must be the
 * one of reading it whole — values, key order, every position, every error and its position. Held
 * here on random templates of the layouts that are cut and on random mutations of them (most of which
 * are not, or break a piece and fall back), with pieces made small so that small texts have many.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { DataDocument, ParseResult, PathSegment } from '../../src/parse/document.js';

/** The length of every text js-yaml was handed, and how many events it gave for it. */
const calls = vi.hoisted(() => [] as { length: number; events: number }[]);

vi.mock('js-yaml', async () => {
  const original = await vi.importActual<typeof import('js-yaml')>('js-yaml');
  return {
    ...original,
    parseEvents: (...args: Parameters<typeof original.parseEvents>) => {
      const events = original.parseEvents(...args);
      calls.push({ length: args[0].length, events: events.length });
      return events;
    },
  };
});

const { DEFAULT_PARSE_LIMITS } = await import('../../src/parse/document.js');
const { parseYaml } = await import('../../src/parse/yaml.js');
const { PIECE_SIZES, yamlPieces } = await import('../../src/parse/yaml-pieces.js');
const { documentOf, sourceFile } = await import('./helpers.js');

const WHOLE = { from: Infinity, length: 0, most: 1 };

function parse(text: string, pieces: { from: number; length: number; most: number }): ParseResult {
  return parseYaml(sourceFile(text), DEFAULT_PARSE_LIMITS, 'cloudformation', pieces);
}

/** Every path of a value, root first. */
function paths(value: unknown, at: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((item, i) => paths(item, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const key of Object.keys(value)) paths((value as Record<string, unknown>)[key], [...at, key], out);
  return out;
}

/** What a document says: its value (key order too), where each path and key is written, where scalars are. */
function described(document: DataDocument): unknown {
  const text = document.file.text;
  return {
    value: JSON.stringify(document.value),
    laterDocumentAt: document.laterDocumentAt,
    spans: paths(document.value).map((path) => [document.locate(path, 'value'), document.locate(path, 'key'), document.locate([...path, 'Missing'])]),
    inScalar: Array.from({ length: text.length + 1 }, (_, i) => document.inScalar?.(i)),
  };
}

/** Whether the text was read in pieces (js-yaml never handed the whole of it), and more than one. */
let inPieces = false;

function expectSameAsWhole(text: string, length: number): void {
  const whole = parse(text, WHOLE);
  calls.length = 0;
  const pieces = parse(text, { from: 0, length, most: Infinity });
  inPieces = calls.length > 1 && calls.every((c) => c.length < text.length);
  expect(pieces.ok).toBe(whole.ok);
  if (!whole.ok || !pieces.ok) expect(pieces).toEqual(whole);
  else expect(described(pieces.document)).toEqual(described(whole.document));
}

const id = fc.constantFrom('Vpc', 'Logs', 'Role', 'A1', 'FlowLog', 'B_2', 'On', 'Yes', 'x');
const scalar = fc.constantFrom(
  'plain',
  '3',
  '"double quoted"',
  "'single ''quoted'''",
  '!Ref Vpc',
  '!GetAtt Role.Arn',
  "!Sub '${AWS::StackName}-logs'",
  '[a, !Ref B, {c: d}]',
  '{Ref: Vpc}',
  '"two\n            lines"',
  '"shallow\n      lines"',
  'plain\n            continued',
  '|\n            block\n              more\n',
  '>-\n            folded\n\n            text\n',
  '|+\n            kept\n\n',
  '',
  '~',
  '&anchor anchored',
  'yes',
  '0x1F',
  'null # comment',
);
const leaves = (max: number) => fc.uniqueArray(fc.tuple(id, scalar), { maxLength: max, selector: ([k]) => k }).map((l) => l.map(([k, v]) => `${k}: ${v}`));
/** An entry of a section: a key and a mapping of properties (some nested, some in a sequence). */
const entry = fc
  .tuple(
    id,
    leaves(4),
    leaves(3),
    fc.array(leaves(2), { maxLength: 2 }),
    fc.boolean(),
  )
  .map(([key, props, nested, items, comment]) => {
    const lines = [`  ${key}:`];
    if (comment) lines.push('    # a comment', '');
    for (const p of props) lines.push(`    ${p}`);
    if (nested.length > 0) lines.push('    Properties:', ...nested.map((p) => `      ${p}`));
    if (items.length > 0) lines.push('    Tags:', ...items.map((item) => `      - ${item.join('\n        ') || '[]'}`));
    if (lines.length === 1 || (lines.length === 3 && comment)) lines.push('    Type: AWS::EC2::VPC');
    return lines.join('\n');
  });
const sectionName = fc.constantFrom('Resources', 'Conditions', 'Outputs', 'Parameters', 'Mappings', 'Resources');
const section = fc.oneof(
  fc.tuple(sectionName, fc.uniqueArray(entry, { minLength: 1, maxLength: 8, selector: (e) => e.slice(0, e.indexOf(':')) })).map(([name, entries]) => `${name}:\n${entries.join('\n')}`),
  fc.constantFrom('AWSTemplateFormatVersion: "2010-09-09"', 'Description: |\n  text\n  more', 'Transform:\n  - AWS::Serverless-2016-10-31', 'Resources: {}', '# comment\n', 'Metadata:\n  Foo: bar'),
);
const template = fc.tuple(fc.uniqueArray(section, { minLength: 2, maxLength: 5, selector: (s) => s.slice(0, s.indexOf(':')) }), fc.boolean()).map(([sections, newline]) => sections.join('\n') + (newline ? '\n' : ''));

/** A template with one edit: a character deleted, one of YAML's inserted, a line repeated. */
const mutated = fc
  .tuple(template, fc.nat(), fc.constantFrom(' ', ':', '"', "'", '[', '{', '\n', '#', '-', '&', '*', '!', '|', '\t', '---\n', '  Vpc: 1\n', 'Vpc: 1\n', 'x', '%YAML 1.2\n'), fc.constantFrom('delete', 'insert', 'repeat'))
  .map(([text, at, insert, how]) => {
    const i = at % (text.length + 1);
    if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
    if (how === 'insert') return text.slice(0, i) + insert + text.slice(i);
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    const lineEnd = text.indexOf('\n', i);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    return `${text.slice(0, lineStart)}${line}\n${text.slice(lineStart)}`;
  });

describe('a YAML template read in pieces', () => {
  it('reads as it does whole: values, key order, positions, errors', () => {
    let read = 0;
    fc.assert(
      fc.property(template, fc.integer({ min: 1, max: 120 }), (text, length) => {
        expectSameAsWhole(text, length);
        if (inPieces) read++;
      }),
      { numRuns: 400 },
    );
    // Many were read in pieces: the property holds of that path, not only of the fallback.
    expect(read).toBeGreaterThan(100);
  });

  it('reads as it does whole after a random edit', () => {
    let read = 0;
    fc.assert(
      fc.property(mutated, fc.integer({ min: 1, max: 120 }), (text, length) => {
        expectSameAsWhole(text, length);
        if (inPieces) read++;
      }),
      { numRuns: 1000 },
    );
    expect(read).toBeGreaterThan(200);
  });

  it('is cut where its layout allows, and js-yaml reads only pieces of it', () => {
    const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
    for (let i = 0; i < 400; i++) lines.push(`  Logs${i}:`, '    Type: AWS::Logs::LogGroup', '    Properties:', `      RetentionInDays: ${i % 2 ? 3 : '!Ref Days'}`);
    const text = `${lines.join('\n')}\n`;
    expect(yamlPieces(text, 2000)?.length).toBeGreaterThan(10);
    calls.length = 0;
    const document = documentOf(parse(text, { from: 0, length: 2000, most: Infinity }));
    expect(Object.keys((document.value as { Resources: object }).Resources)).toHaveLength(400);
    // The memory of the read: no call of js-yaml was handed the whole text, or gave its whole stream.
    expect(calls.length).toBeGreaterThan(10);
    expect(Math.max(...calls.map((c) => c.length))).toBeLessThan(3000);
    expect(Math.max(...calls.map((c) => c.events))).toBeLessThan(1000);
    expectSameAsWhole(text, 2000);
  });

  it('refuses nesting too deep as it does whole (js-yaml counts depth its own way)', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxDepth: 4 };
    for (let depth = 1; depth < 30; depth++) {
      for (const [open, close] of [['- ', ''], ['[', ']'], ['{a: ', '}']] as const) {
        const nested = `${open.repeat(depth)}x${close.repeat(depth)}`;
        const value = open === '- ' ? `\n      ${nested}` : ` ${nested}`;
        const text = `A: 1\nResources:\n  R1:\n    Type: T\n  R2:\n    P:${value}\n  R3:\n    Type: T\n`;
        const whole = parseYaml(sourceFile(text), limits, 'cloudformation', WHOLE);
        expect(parseYaml(sourceFile(text), limits, 'cloudformation', { from: 0, length: 1, most: Infinity })).toEqual(whole);
      }
    }
  });

  it('is not cut in a layout it does not know', () => {
    for (const text of ['Resources:\n\tA: 1\n', '- a\n- b\n', 'A: 1\n---\nB: 2\n', '%YAML 1.2\n---\nA: 1\n', 'A: 1\r\nB: 2\r\n', '"A": 1\nB: 2\n', 'R:\n  A: 1\n B: 2\n']) {
      expect(yamlPieces(text, 1)).toBeUndefined();
    }
    expect(yamlPieces('A: 1\nB: 2\n', 1)).toHaveLength(2);
  });

  it('is read whole below the size where pieces pay', () => {
    expect(PIECE_SIZES.from).toBeGreaterThan(PIECE_SIZES.length);
    expect(PIECE_SIZES.most).toBeGreaterThan(1);
    calls.length = 0;
    parseYaml(sourceFile('A: 1\nB: 2\n'));
    expect(calls).toEqual([{ length: 10, events: 8 }]);
  });
});
