/**
 * The node limit (`--max-nodes`, parse/node-count.ts): counted before the parser builds anything, exact
 * for JSON values, an upper bound for YAML nodes (never below the real count, so a file is refused
 * only when it may exceed the limit), HCL tokens as the lexer reads them.
 */
import fc from 'fast-check';
import { dump, EVENT_ALIAS, EVENT_MAPPING, EVENT_SCALAR, EVENT_SEQUENCE, parseEvents } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../../src/parse/document.js';
import { parseHcl } from '../../src/parse/hcl/index.js';
import { parseJson } from '../../src/parse/json.js';
import { parseTfJson } from '../../src/parse/hcl/tfjson.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { documentOf, fixtureText, lineColumn, problemOf, sourceFile } from './helpers.js';

const limit = (maxNodes: number): ParseLimits => ({ ...DEFAULT_PARSE_LIMITS, maxNodes });

/** Values of a parsed JSON text: the root, every array element and every object member's value. */
function jsonValues(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  return 1 + Object.values(value).reduce<number>((sum, child) => sum + jsonValues(child), 0);
}

/** Nodes js-yaml reads in a YAML text (scalars, aliases, sequences, mappings). */
function yamlNodes(text: string): number {
  const nodes = new Set<number>([EVENT_SCALAR, EVENT_ALIAS, EVENT_SEQUENCE, EVENT_MAPPING]);
  return parseEvents(text, { maxDepth: 1000 }).filter((event) => nodes.has(event.type)).length;
}

describe('JSON: values counted exactly, before JSON.parse', () => {
  it('counts the root, each element and each member value; empty containers hold nothing', () => {
    const text = '{"a": [], "b": {}, "c": [1, {"d": null}], "e": "x,{["}';
    expect(jsonValues(JSON.parse(text))).toBe(8);
    documentOf(parseJson(sourceFile(text, 't.json'), limit(8)));
    const problem = problemOf(parseJson(sourceFile(text, 't.json'), limit(7)));
    expect(problem).toMatchObject({ message: 'more than 7 values (raise it with --max-nodes)', limit: 'maxNodes' });
    // The eighth value is `"e"`'s, after the last comma outside a string.
    expect(problem.start).toBe(text.lastIndexOf(', "e"'));
  });

  it('agrees with the parsed value on any JSON, however it is laid out', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const values = jsonValues(JSON.parse(text));
        expect(parseJson(sourceFile(text, 't.json'), limit(values)).ok).toBe(true);
        if (values > 1) expect(problemOf(parseJson(sourceFile(text, 't.json'), limit(values - 1))).limit).toBe('maxNodes');
      }),
      { numRuns: 300 },
    );
  });

  it('a limit of 0 (the library allows it) refuses even the root value', () => {
    expect(problemOf(parseJson(sourceFile('  {}', 't.json'), limit(0)))).toMatchObject({ start: 2, limit: 'maxNodes' });
    expect(problemOf(parseYaml(sourceFile('a: 1\n'), limit(0))).limit).toBe('maxNodes');
    expect(parseHcl(sourceFile('a = 1\n', 'main.tf'), limit(0)).ok).toBe(false);
  });

  it('counts ten nodes for each value of a .tf.json file, exactly', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.constantFrom(undefined, 0, 2), (locals, indent) => {
        const value = { locals };
        const text = JSON.stringify(value, null, indent);
        // Strings that hold `${` or `%{` are templates, whose tokens count too: left out here.
        fc.pre(!text.includes('${') && !text.includes('%{'));
        const nodes = 10 * jsonValues(value);
        const file = sourceFile(text, 'main.tf.json');
        expect(parseTfJson(file, limit(nodes)).ok).toBe(true);
        const refused = parseTfJson(file, limit(nodes - 1));
        expect(refused.ok ? undefined : refused.problem).toMatchObject({ limit: 'maxNodes', message: expect.stringContaining('counting ten for each JSON value') });
      }),
      { numRuns: 200 },
    );
  });

  it('still finds a duplicate key (the same pass counts keys)', () => {
    expect(problemOf(parseJson(sourceFile('{"a": 1, "b": {"a": 2}, "a": 3}', 't.json'))).message).toBe('duplicate key "a" (first at line 1)');
  });
});

describe('YAML: an upper bound on nodes, before js-yaml runs', () => {
  const refusedBelowItsCount = (text: string): void => {
    const nodes = yamlNodes(text);
    const problem = problemOf(parseYaml(sourceFile(text), limit(nodes - 1)));
    expect(problem.limit).toBe('maxNodes');
    expect(problem.message).toBe(`may hold more than ${(nodes - 1).toLocaleString('en')} YAML nodes by here (counting two for each line break, '-', ':', '?', ',', '[' and '{'; raise it with --max-nodes)`);
  };

  it.each([
    ['nested block sequences on one line', '- - - a\n  - b\n'],
    ['a block mapping inside a sequence', '- a: 1\n  b: 2\n- c:\n'],
    ['explicit keys', '? a\n: b\n? [c, d]\n'],
    ['flow mappings with empty values', '{a, b: , c: d}\n'],
    ['nulls in a block sequence', 'a:\n  -\n  -\n  - x\n'],
    ['tags, anchors and aliases', 'V: !Ref Vpc\nA: &a [1, 2]\nB: *a\nC: !GetAtt [R, Arn]\n'],
    ['two documents', 'a: 1\n---\nb: [2, 3]\n'],
    // A CR alone is a line break (js-yaml's too): without a `-`, an LF or any other counted character.
    ['documents ended on CR line breaks', 'a\r...\rb\r...\rc\r...\r'],
    // Each `k: v` in a flow sequence is a mapping of its own: three nodes after one ',' and one ':'.
    ['single-pair mappings in a flow sequence', '[a: b, c: d, e: f]\n'],
  ])('is never below the real count: %s', (_name, text) => refusedBelowItsCount(text));

  it('is never below the real count of a real template', () => refusedBelowItsCount(fixtureText('vpc-flow-logs.yaml')));

  it('is never below the real count of any value dumped in block or flow style', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(-1, 0, 1, 2), (value, flowLevel) => {
        const text = dump(value, { flowLevel });
        if (yamlNodes(text) > 1) refusedBelowItsCount(text);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a flow list of one-letter scalars at the limit, without running js-yaml', () => {
    const head = 'Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      Tags: [';
    const text = `${head}${'a,'.repeat(5_000)}a]\n`;
    const problem = problemOf(parseYaml(sourceFile(text), limit(2_000)));
    // 2 for the start and 2 for each of the 14 separators before the list (the colons of
    // `AWS::EC2::VPC` too: a bound, not a parse), then 2 a comma: the 986th comma crosses 2,000.
    expect(lineColumn(text, problem.start)).toBe(`5:${'      Tags: ['.length + 986 * 2}`);
    expect(parseYaml(sourceFile(text), limit(30_000)).ok).toBe(true);
  });
});

describe('HCL: tokens counted as the lexer reads them', () => {
  const text = 'resource "aws_vpc" "v" {\n  tags = { list = [1, 2, 3, 4] }\n}\n';

  it('refuses a file past the limit at the token that crosses it', () => {
    const result = parseHcl(sourceFile(text, 'main.tf'), limit(12));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject({ message: 'more than 12 tokens (raise it with --max-nodes)', limit: 'maxNodes' });
    // resource "aws_vpc" "v" { ⏎ tags = { list = [ 1 , — the 13th token is the comma after `1`.
    expect(lineColumn(text, result.problem.start)).toBe('2:21');
  });

  it('parses the same file under a limit that holds its tokens', () => {
    expect(parseHcl(sourceFile(text, 'main.tf'), limit(30)).ok).toBe(true);
  });
});
