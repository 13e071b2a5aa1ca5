/**
 * JSON positions come from `JsonPositions`, a flat index built by one scan. They must be exactly the
 * positions the jsonc-parser tree gave before: every key and value range of every path of realistic
 * documents, the fallback for missing paths, and a property against `parseTree` + `findNodeAtLocation`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/parse/decode.js';
import { DEFAULT_PARSE_LIMITS, type DataDocument, type OffsetRange, type PathSegment } from '../../src/parse/document.js';
import { parseJson } from '../../src/parse/json.js';
import { JsonPositions } from '../../src/parse/json-positions.js';
import { documentOf, fixtureBytes, fixtureText, located, sourceFile } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const parse = (text: string) => documentOf(parseJson(sourceFile(text, 'doc.json'), DEFAULT_PARSE_LIMITS));

/** The previous implementation of `locate`, on a jsonc-parser tree: the reference. */
function referenceLocate(tree: Node, path: readonly PathSegment[], part: 'key' | 'value' = 'value'): OffsetRange {
  const range = (n: Node) => ({ start: n.offset, end: n.offset + n.length });
  let node = tree;
  let key: Node | undefined;
  for (const segment of path) {
    const property =
      node.type === 'object' ? node.children?.findLast((p) => p.children?.[0]?.value === String(segment)) : undefined;
    const next =
      property?.children?.[1] ?? (node.type === 'array' && typeof segment === 'number' ? node.children?.[segment] : undefined);
    if (next === undefined) return range(key ?? node);
    key = property?.children?.[0];
    node = next;
  }
  return range(part === 'key' && key ? key : node);
}

function treeOf(text: string): Node {
  const tree = parseTree(text, [], { disallowComments: true });
  if (!tree) expect.fail('jsonc-parser found no value');
  return tree;
}

/** Every path to a value of `value` (the root included), in document order. */
function pathsOf(value: unknown, limit = Infinity): PathSegment[][] {
  const paths: PathSegment[][] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value, path: [] }];
  while (stack.length > 0 && paths.length < limit) {
    const { value: v, path } = stack.pop()!;
    paths.push(path);
    if (v === null || typeof v !== 'object') continue;
    const children: [PathSegment, unknown][] = Array.isArray(v) ? v.map((item, i) => [i, item]) : Object.entries(v);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i]![1], path: [...path, children[i]![0]] });
  }
  return paths;
}

/** `items` in an order drawn from `seed` (Fisher–Yates with a small LCG). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Paths that do not exist below `path`: a missing key, an index out of range, a segment of the wrong kind. */
function missingBelow(path: PathSegment[]): PathSegment[][] {
  return [
    [...path, 'NoSuchKey'],
    [...path, 987_654],
    [...path, '0'],
    [...path, 0],
    [...path, -1],
    [...path, 1.5],
    [...path, 'NoSuchKey', 'Deeper', 3],
  ];
}

/** Checks every path of the document (and missing paths below each) against the reference; returns how many. */
function expectSameAsReference(text: string, options: { missing?: boolean; limit?: number } = {}): number {
  const document = parse(text);
  const tree = treeOf(text);
  let checked = 0;
  for (const path of pathsOf(document.value, options.limit)) {
    const candidates = options.missing === false ? [path] : [path, ...missingBelow(path)];
    for (const candidate of candidates) {
      for (const part of ['value', 'key'] as const) {
        const actual = document.locate(candidate, part);
        const expected = referenceLocate(tree, candidate, part);
        if (actual.start !== expected.start || actual.end !== expected.end) {
          expect.fail(`${JSON.stringify(candidate)} (${part}): got ${JSON.stringify(actual)}, jsonc-parser ${JSON.stringify(expected)}`);
        }
        checked++;
      }
    }
  }
  return checked;
}

const realistic: [string, string][] = [
  ['the CloudFormation parse fixture', 'fixtures/parse/vpc-flow-logs.json'],
  ['a CDK-synthesised template', 'fixtures/cloudformation/vpc-flow-logs/cdk-synthesised/NetworkStack.template.json'],
  ['an example template', 'examples/cloudformation/secure-network.json'],
  ['a Terraform plan with modules', 'fixtures/graph/terraform-plan/modules.json'],
  ['a Terraform plan with flow logs', 'fixtures/graph/terraform-plan/flow-logs.json'],
  ['a Terraform plan with IAM policies', 'fixtures/graph/terraform-plan/iam.json'],
  ['a Terraform state', 'fixtures/graph/terraform-plan/state.json'],
  ['Terraform JSON syntax', 'fixtures/parse/hcl/main.tf.json'],
  ['the SARIF schema (large objects)', 'test/schemas/sarif-2.1.0.json'],
];

describe('JSON positions: same as jsonc-parser on realistic documents', () => {
  it.each(realistic)('%s: every key and value, and missing paths below each', (_, file) => {
    const text = readFileSync(resolve(ROOT, file), 'utf8');
    expect(expectSameAsReference(text)).toBeGreaterThan(100);
  });

  it.each(realistic)('%s: compact (no whitespace at all)', (_, file) => {
    const text = JSON.stringify(JSON.parse(readFileSync(resolve(ROOT, file), 'utf8')));
    expectSameAsReference(text, { missing: false });
  });

  it.each(realistic)('%s: CRLF line endings and tab indentation', (_, file) => {
    const text = JSON.stringify(JSON.parse(readFileSync(resolve(ROOT, file), 'utf8')), null, '\t').replace(/\n/g, '\r\n');
    expectSameAsReference(text, { missing: false });
  });

  it('a plan-shaped document with a large array of large objects, looked up out of order', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: Array.from({ length: 300 }, (_, i) => ({
        address: `module.net_${i}.aws_vpc.this`,
        change: {
          actions: ['create'],
          after: Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`attribute_${k}`, k % 3 === 0 ? null : `value-${i}-${k}`])),
          after_unknown: { id: true, arn: true, tags_all: {} },
        },
      })),
    };
    const text = JSON.stringify(plan, null, 1);
    const document = parse(text);
    const tree = treeOf(text);
    // Reverse order: the first lookups land beyond the indexing threshold, later ones below it.
    const paths = pathsOf(document.value).reverse();
    for (const path of paths) {
      expect(document.locate(path)).toEqual(referenceLocate(tree, path));
      expect(document.locate(path, 'key')).toEqual(referenceLocate(tree, path, 'key'));
    }
    expect(paths.length).toBeGreaterThan(300 * 45);
  });
});

describe('JSON positions: a lazy scan', () => {
  // A plan as `terraform show -json` writes it: findings sit in `planned_values`, the first third.
  const plan = {
    format_version: '1.2',
    planned_values: { root_module: { child_modules: Array.from({ length: 40 }, (_, m) => ({ address: `module.net_${m}`, resources: [{ address: `module.net_${m}.aws_vpc.this`, values: { cidr_block: '10.0.0.0/16', tags: {} } }] })) } },
    resource_changes: Array.from({ length: 40 }, (_, m) => ({ address: `module.net_${m}.aws_vpc.this`, change: { actions: ['create'], after: { cidr_block: '10.0.0.0/16' } } })),
    configuration: { root_module: { module_calls: { net: { source: './modules/network', expressions: { cidr: { constant_value: '10.0.0.0/16' } } } } } },
  };
  const text = JSON.stringify(plan);
  const changesStart = text.indexOf('"resource_changes"');

  it('reads no further than the lookups need, and resumes where it stopped', () => {
    const positions = JsonPositions.build(text);
    const tree = treeOf(text);
    const vpc = ['planned_values', 'root_module', 'child_modules', 3, 'resources', 0, 'values', 'cidr_block'];
    expect(positions.locate(vpc)).toEqual(referenceLocate(tree, vpc));
    // child_modules has over 16 children, so its table was built: the scan reached the end of planned_values, no further.
    expect(positions.scanned).toBeLessThan(changesStart);
    const afterPlanned = positions.scanned;
    const call = ['configuration', 'root_module', 'module_calls', 'net', 'expressions', 'cidr'];
    expect(positions.locate(call, 'key')).toEqual(referenceLocate(tree, call, 'key'));
    expect(positions.scanned).toBeGreaterThan(afterPlanned);
    // Back to the start: answered from what was scanned, still exact.
    expect(positions.locate(['planned_values', 'root_module', 'child_modules', 39, 'address'])).toEqual(referenceLocate(tree, ['planned_values', 'root_module', 'child_modules', 39, 'address']));
    expect(positions.locate(['resource_changes', 17, 'change', 'actions', 0])).toEqual(referenceLocate(tree, ['resource_changes', 17, 'change', 'actions', 0]));
  });

  it('scans to the end for the root itself, and for a missing top-level key', () => {
    for (const path of [[], ['no_such_key'], ['format_version', 'below_a_scalar']] as PathSegment[][]) {
      const positions = JsonPositions.build(` ${text} `);
      expect(positions.locate(path)).toEqual(path.length === 2 ? { start: 2, end: 18 } : { start: 1, end: text.length + 1 });
    }
  });
});

describe('JSON positions: text details', () => {
  it('decodes keys written with escapes, compares the others in place', () => {
    const text = String.raw`{"a\"b": 1, "\u0041": 2, "\\": 3, "\/x": 4, "\ud83d\ude00": 5, "tab\there": 6, "a\\\"": 7, "\\n": 8, "\n": 9, "plain": {"\u0070lain": 10}}`;
    const document = parse(text);
    const expected: [string, string][] = [
      ['a"b', '"a\\"b"'],
      ['A', '"\\u0041"'],
      ['\\', '"\\\\"'],
      ['/x', '"\\/x"'],
      ['😀', '"\\ud83d\\ude00"'],
      ['tab\there', '"tab\\there"'],
      ['a\\"', '"a\\\\\\""'],
      ['\\n', '"\\\\n"'],
      ['\n', '"\\n"'],
    ];
    for (const [name, written] of expected) expect(located(document, [name], 'key').text).toBe(written);
    expect(located(document, ['plain', 'plain']).text).toBe('10');
    expect(located(document, ['a\\"b'], 'key').text).toBe(text); // not a key: falls back to the root
    expectSameAsReference(text);
  });

  it('finds escaped keys through the index of a large object', () => {
    const entries = Array.from({ length: 40 }, (_, i) => `"k\\u00${(0x41 + (i % 26)).toString(16)}${i}": ${i}`);
    const text = `{${entries.join(', ')}}`;
    const document = parse(text);
    expect(located(document, ['kZ25']).text).toBe('25');
    expect(located(document, ['kZ25'], 'key').text).toBe('"k\\u005a25"');
    expect(located(document, ['kA0'], 'key').text).toBe('"k\\u00410"');
    expectSameAsReference(text);
  });

  it('counts UTF-16 offsets through non-ASCII keys and values', () => {
    const text = '{"名前": "値", "emoji 😀": ["🚀", {"ключ": "значение"}], "é": "e\u0301", "\u2028": "sep"}';
    const document = parse(text);
    expect(located(document, ['emoji 😀', 1, 'ключ']).text).toBe('"значение"');
    expect(located(document, ['\u2028'], 'key').text).toBe('"\u2028"');
    expectSameAsReference(text);
  });

  it('counts offsets from after a byte order mark', () => {
    const decoded = decodeText(fixtureBytes('bom.json'));
    if (!decoded.ok) expect.fail(decoded.problem.message);
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(located(parse(decoded.text), ['Resources', 'Vpc', 'Type'])).toEqual({ at: '3:22', text: '"AWS::EC2::VPC"' });
    expectSameAsReference(decoded.text);
  });

  it('handles CRLF and every JSON whitespace character between tokens', () => {
    const text = '\r\n\t {\r\n\t"a" \t:\r\n [ 1 ,\t2\r\n,{ } , [\t] ] ,\n"b"\r:\r"x"\t\r\n}\r\n \t';
    const document = parse(text);
    expect(located(document, [])).toEqual({ at: '2:3', text: text.trim() });
    expect(located(document, ['a', 1]).text).toBe('2');
    expect(located(document, ['b'], 'key').text).toBe('"b"');
    expect(located(document, ['b']).text).toBe('"x"');
    expectSameAsReference(text);
  });

  it('locates numbers and literals by their whole token', () => {
    const text = '[-0, 1e5, -1.5E+10, 0.0e-0, 123456789012345678901234567890, true, false, null, "", -7]';
    const document = parse(text);
    expect([0, 2, 4, 5, 6, 7, 8, 9].map((i) => located(document, [i]).text)).toEqual([
      '-0',
      '-1.5E+10',
      '123456789012345678901234567890',
      'true',
      'false',
      'null',
      '""',
      '-7',
    ]);
    expectSameAsReference(text);
  });

  it.each(['"text"', '42', ' \n true \n', 'null', '-1.5e3'])('locates a scalar root %j, and falls back to it', (text) => {
    const document = parse(text);
    expect(located(document, []).text).toBe(text.trim());
    expect(located(document, ['a', 0]).text).toBe(text.trim());
    expect(located(document, [0], 'key').text).toBe(text.trim());
    expectSameAsReference(text);
  });

  it('locates empty objects and arrays, and falls back to them (or their key) below', () => {
    const text = '{"a": {}, "b": [], "c": [{}, [], [[]], {"d": {}}], "e": {"f": []}}';
    const document = parse(text);
    expect(located(document, ['a']).text).toBe('{}');
    expect(located(document, ['c', 2, 0]).text).toBe('[]');
    expect(located(document, ['a', 'x']).text).toBe('"a"');
    expect(located(document, ['c', 1, 0]).text).toBe('[]'); // an item has no key: the item itself
    expect(located(document, ['e', 'f', 0], 'key').text).toBe('"f"');
    expectSameAsReference(text);
    for (const empty of ['{}', '[]', ' { } ', '[\n]']) expectSameAsReference(empty);
  });

  it('reads a numeric segment on an object as a key, and a string segment on an array as missing', () => {
    const document = parse('{"0": "zero", "list": ["a", "b"]}');
    expect(located(document, [0]).text).toBe('"zero"');
    expect(located(document, ['list', '1']).text).toBe('"list"');
    expect(located(document, ['list', 1]).text).toBe('"b"');
  });

  it('follows nesting up to the default depth limit', () => {
    let text = '"bottom"';
    for (let level = 0; level < DEFAULT_PARSE_LIMITS.maxDepth; level++) text = level % 2 === 0 ? `{"k${level}": ${text}}` : `[0, ${text}]`;
    const document = parse(text);
    const paths = pathsOf(document.value);
    const deepest = paths.reduce((a, b) => (b.length > a.length ? b : a));
    expect(deepest.length).toBe(DEFAULT_PARSE_LIMITS.maxDepth);
    expect(located(document, deepest).text).toBe('"bottom"');
    expectSameAsReference(text);
  });

  it('scans nesting far beyond any stack without recursion', () => {
    const depth = 200_000;
    const text = `${'[{"a":'.repeat(depth)}1${'}]'.repeat(depth)}`;
    const positions = JsonPositions.build(text);
    // Containers only: the scalar at the bottom is found by reading its object.
    expect(positions.size).toBe(2 * depth);
    const path = Array.from({ length: depth }, () => [0, 'a']).flat();
    expect(positions.locate(path)).toEqual({ start: depth * 6, end: depth * 6 + 1 });
    expect(positions.locate(path, 'key')).toEqual({ start: depth * 6 - 4, end: depth * 6 - 1 });
    // One step further than the text goes: the nearest ancestor, by its key.
    expect(positions.locate([...path, 0])).toEqual({ start: depth * 6 - 4, end: depth * 6 - 1 });
  });

  it('records values past many chunks of entries and stays exact', () => {
    const text = JSON.stringify(Array.from({ length: 150_000 }, (_, i) => (i % 2 ? { i } : [i])));
    const document = parse(text);
    expect(located(document, [149_999, 'i'])).toEqual({ at: `1:${text.length - 7}`, text: '149999' });
    expect(located(document, [131_072, 0]).text).toBe('131072');
    expect(located(document, [65_535, 'i'], 'key').text).toBe('"i"');
  });

  it('finds scalars of long arrays and of small containers without recording them', () => {
    const count = 100_000;
    const text = `[${'0,'.repeat(count - 1)}0]`;
    const positions = JsonPositions.build(text);
    expect(positions.size).toBe(1);
    for (const i of [0, 1, 15, 16, 8191, 8192, 65_535, 65_536, count - 1]) expect(positions.locate([i])).toEqual({ start: 1 + 2 * i, end: 2 + 2 * i });
    expect(positions.locate([count])).toEqual({ start: 0, end: text.length });
    const small = ' {"a": [ 1 , {"b" :"x"}, [] ], "c": {}, "d": true } ';
    const index = JsonPositions.build(small);
    expect(index.size).toBe(5);
    const at = (path: PathSegment[], part?: 'key' | 'value') => {
      const { start, end } = index.locate(path, part);
      return small.slice(start, end);
    };
    expect([at(['a', 0]), at(['a', 1, 'b']), at(['a', 1, 'b'], 'key'), at(['a', 2]), at(['c']), at(['d']), at(['d'], 'key')]).toEqual(['1', '"x"', '"b"', '[]', '{}', 'true', '"d"']);
    expect([at(['a', 3]), at(['a', 'b']), at(['c', 'x']), at(['d', 0]), at(['e'])]).toEqual(['"a"', '"a"', '"c"', '"d"', small.trim()]);
  });

  it('answers a scalar root, and a path into it with the root', () => {
    for (const text of ['  42 ', '"text"', 'null']) {
      const positions = JsonPositions.build(text);
      const root = { start: text.indexOf(text.trim()), end: text.indexOf(text.trim()) + text.trim().length };
      expect([positions.locate([]), positions.locate(['a']), positions.locate([0], 'key')]).toEqual([root, root, root]);
    }
  });
});

describe('JSON positions: the document API', () => {
  it('keeps the fixture positions the parser tests pin', () => {
    const document = parse(fixtureText('vpc-flow-logs.json'));
    expect(located(document, ['Resources', 'FlowLog', 'Properties', 'TrafficType'], 'key')).toEqual({
      at: '188:9',
      text: '"TrafficType"',
    });
  });

  it('returns fresh ranges a caller may keep', () => {
    const document: DataDocument = parse('{"a": [1, 2]}');
    const first = document.locate(['a', 0]);
    expect(document.locate(['a', 0])).toEqual(first);
    expect(document.locate(['a', 0])).not.toBe(first);
  });
});

/** JSON text for `value` with random whitespace between tokens and random (valid) escapes in strings. */
function writeJson(value: unknown, noise: { spaces: string[]; escapes: boolean[] }): string {
  let w = 0;
  let e = 0;
  const space = () => noise.spaces[w++ % noise.spaces.length]!;
  const escape = () => noise.escapes[e++ % noise.escapes.length]!;
  const string = (s: string) => {
    let out = '"';
    for (const ch of s) {
      const code = ch.codePointAt(0)!;
      if (ch === '"' || ch === '\\' || code < 0x20) out += JSON.stringify(ch).slice(1, -1);
      else if (ch === '/' && escape()) out += '\\/';
      else if (escape()) for (let k = 0; k < ch.length; k++) out += `\\u${ch.charCodeAt(k).toString(16).padStart(4, '0')}`;
      else out += ch;
    }
    return `${out}"`;
  };
  const write = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return typeof v === 'string' ? string(v) : JSON.stringify(v);
    if (Array.isArray(v)) return `[${space()}${v.map((item) => `${write(item)}${space()}`).join(`,${space()}`)}]`;
    const members = Object.entries(v).map(([k, item]) => `${string(k)}${space()}:${space()}${write(item)}${space()}`);
    return `{${space()}${members.join(`,${space()}`)}}`;
  };
  return `${space()}${write(value)}${space()}`;
}

/** Offsets of the jsonc-parser node at `path`, or of the nearest existing ancestor (its key when it has one). */
function jsoncExpected(tree: Node, path: PathSegment[], part: 'key' | 'value'): OffsetRange {
  const range = (n: Node) => ({ start: n.offset, end: n.offset + n.length });
  const keyOf = (n: Node) => (n.parent?.type === 'property' ? n.parent.children?.[0] : undefined);
  const node = findNodeAtLocation(tree, path);
  if (node) return range((part === 'key' && keyOf(node)) || node);
  let prefix = path.length - 1;
  while (prefix > 0 && !findNodeAtLocation(tree, path.slice(0, prefix))) prefix--;
  const ancestor = findNodeAtLocation(tree, path.slice(0, prefix))!;
  return range(keyOf(ancestor) ?? ancestor);
}

describe('JSON positions: robustness', () => {
  it('stays inside truncated text', () => {
    // `{"":` ends where its value should start: the value is empty and ends at the end of the text.
    const positions = JsonPositions.build('{"":');
    expect([positions.locate(['']), positions.locate([''], 'key'), positions.locate(['', 0])]).toEqual([
      { start: 4, end: 4 },
      { start: 1, end: 3 },
      { start: 1, end: 3 },
    ]);
  });

  it('terminates inside the text on anything, even text JSON.parse would refuse', () => {
    const junk = fc.string({ unit: fc.constantFrom(...'{}[],:"\\ \n0a-'.split('')), maxLength: 60 });
    const segments = fc.array(fc.constantFrom<PathSegment>(0, 1, 2, 17, 'a', '\\', ''), { maxLength: 6 });
    fc.assert(
      fc.property(junk, fc.array(segments, { minLength: 1, maxLength: 8 }), (text, paths) => {
        const positions = JsonPositions.build(text);
        for (const path of paths) {
          for (const part of ['key', 'value'] as const) {
            const { start, end } = positions.locate(path, part);
            expect(0 <= start && start <= end && end <= text.length).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('JSON positions: property against jsonc-parser', () => {
  const noise = fc.record({
    spaces: fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '\t', '  \n    ', ' \r'), { minLength: 1, maxLength: 8 }),
    escapes: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  });
  const values = fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }));

  it('every value and key range, and the fallback for a missing step, matches parseTree + findNodeAtLocation', () => {
    fc.assert(
      fc.property(values, noise, fc.nat(), (value, spacing, pick) => {
        const text = writeJson(value, spacing);
        const document = parse(text);
        expect(document.value).toEqual(JSON.parse(text));
        const tree = treeOf(text);
        // In a random order: the scan is lazy, so lookups land before, at and beyond where it stopped.
        const paths = shuffled(pathsOf(document.value, 200), pick);
        for (const path of paths) {
          for (const part of ['value', 'key'] as const) expect(document.locate(path, part)).toEqual(jsoncExpected(tree, path, part));
        }
        const below = paths[pick % paths.length]!;
        for (const missing of [
          [...below, '\u0000missing'],
          [...below, 1_000_000],
        ]) {
          expect(document.locate(missing)).toEqual(jsoncExpected(tree, missing, 'value'));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('matches in containers wide enough to get a table of their children', () => {
    // Over 16 children: looked up through a table (and a key map) instead of reading the members.
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constant([]), fc.constant({}));
    const wideOf = (child: fc.Arbitrary<unknown>) =>
      fc.oneof(fc.array(child, { minLength: 14, maxLength: 40 }), fc.dictionary(fc.string({ maxLength: 3 }), child, { minKeys: 14, maxKeys: 40 }));
    // Two levels: wide containers of leaves and of wide containers.
    const wide = wideOf(fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: wideOf(leaf) }));
    fc.assert(
      fc.property(wide, noise, (value, spacing) => {
        const text = writeJson(value, spacing);
        const document = parse(text);
        const tree = treeOf(text);
        for (const path of pathsOf(document.value, 400)) {
          for (const part of ['value', 'key'] as const) expect(document.locate(path, part)).toEqual(jsoncExpected(tree, path, part));
          // An index past the end of a list (keys have at most 3 characters here, so no key matches it).
          expect(document.locate([...path, 1_000_000])).toEqual(jsoncExpected(tree, [...path, 1_000_000], 'value'));
        }
      }),
      { numRuns: 100 },
    );
  });
});
