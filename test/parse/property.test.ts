/** Property tests: round trips through both syntaxes, and no input makes a parser throw or point outside the text. */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/parse/decode.js';
import { DEFAULT_PARSE_LIMITS, type DataDocument, type ParseResult, type PathSegment } from '../../src/parse/document.js';
import { parseData } from '../../src/parse/index.js';
import { parseJson } from '../../src/parse/json.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { fixtureBytes, fixtureText, sourceFile } from './helpers.js';

const json = fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'grapheme' }));
/** What survives JSON (no -0): the value both syntaxes must reproduce. */
const normalised = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function expectSane(result: ParseResult, text: string): void {
  if (!result.ok) {
    const { start, end, message } = result.problem;
    expect(message.length).toBeGreaterThan(0);
    expect(0 <= start && start <= end && end <= text.length).toBe(true);
  }
}

function expectLocatable(document: DataDocument, path: PathSegment[]): void {
  for (const part of ['key', 'value'] as const) {
    const { start, end } = document.locate(path, part);
    expect(0 <= start && start <= end && end <= document.file.text.length).toBe(true);
  }
}

describe('round trips', () => {
  it('JSON text parses to what JSON.parse gives, whatever the keys contain', () => {
    fc.assert(
      fc.property(json, fc.constantFrom(0, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const result = parseJson(sourceFile(text, 'v.json'), DEFAULT_PARSE_LIMITS);
        expect(result.ok && result.document.value).toEqual(normalised(value));
      }),
      { numRuns: 500 },
    );
  });

  it('the same value dumped as YAML parses back to the same value', () => {
    const style = fc.record({
      flowLevel: fc.constantFrom(-1, 0, 1, 2),
      indent: fc.constantFrom(2, 4),
      forceQuotes: fc.boolean(),
      quoteStyle: fc.constantFrom('single' as const, 'double' as const),
    });
    fc.assert(
      fc.property(json, style, (value, options) => {
        const expected = normalised(value);
        const text = dump(expected, options);
        const result = parseYaml(sourceFile(text), DEFAULT_PARSE_LIMITS);
        if (!result.ok) expect.fail(`${result.problem.message} in:\n${text}`);
        expect(result.document.value).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('every path that exists in the value is locatable, in both syntaxes', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const expected = normalised(value);
        for (const text of [JSON.stringify(expected, null, 1), dump(expected)]) {
          const result = parseData(sourceFile(text));
          if (!result.ok) continue; // a top-level scalar such as `""` is an empty YAML file
          for (const path of pathsOf(expected)) expectLocatable(result.document, path);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('mutated templates never crash a parser', () => {
  const templates = [fixtureText('vpc-flow-logs.yaml'), fixtureText('vpc-flow-logs.json'), fixtureText('billion-laughs.yaml')];
  const significant = [...'{}[]:,"\'!&*-|>#%@`?\\\n\t \r', '\uFEFF', '\u0000', 'é', '😀', '!Ref ', '&a ', '*a', '---\n', '<<: ', '- '];
  const edit = fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 8 }),
    insert: fc.oneof(fc.constantFrom(...significant), fc.string({ maxLength: 4 })),
  });

  it('text edits yield a document or a problem inside the text', () => {
    fc.assert(
      fc.property(fc.nat({ max: templates.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        let text = templates[which]!;
        for (const { at, remove, insert } of edits) {
          const position = at % (text.length + 1);
          text = text.slice(0, position) + insert + text.slice(position + remove);
        }
        const result = parseData(sourceFile(text));
        expectSane(result, text);
        if (result.ok) {
          expectLocatable(result.document, ['Resources', 'FlowLog', 'Properties', 'TrafficType']);
          expectLocatable(result.document, ['Resources', 'SubnetA', 'Properties', 'AvailabilityZone', 'Fn::Select', 1]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('byte edits yield text, a document, or a problem inside the text', () => {
    const original = fixtureBytes('vpc-flow-logs.yaml');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 10 }), (edits) => {
        const bytes = original.slice();
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        const decoded = decodeText(bytes);
        if (!decoded.ok) {
          const lenient = new TextDecoder().decode(bytes);
          expect(decoded.problem.end).toBeLessThanOrEqual(lenient.length);
          return;
        }
        expectSane(parseData(sourceFile(decoded.text)), decoded.text);
      }),
      { numRuns: 400 },
    );
  });
});

/** Every path to a node of a value (object keys and array indexes), root first. */
function pathsOf(value: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  }
  return out;
}
