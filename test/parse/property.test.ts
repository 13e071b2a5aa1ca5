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

describe('quoted scalars whose later lines sit no deeper than their key', () => {
  // PyYAML reads them (yaml-quoted-indent.ts); each must read as the copy whose lines are indented
  // deeper, which YAML 1.2 accepts, with every key after it where it is written.
  const piece = (quote: string) =>
    fc.constantFrom('a', 'b c', ' ', '\t', '#', ' # x', '{', '}', '[', ']', ',', ': ', '-', '&a', '*a', '!Ref', '|', '>', quote === "'" ? "it''s" : 'say \\"hi\\"', quote === "'" ? '\\' : '\\\\');
  const scalar = fc.constantFrom("'", '"').chain((quote) =>
    fc.record({
      quote: fc.constant(quote),
      lines: fc.array(fc.array(piece(quote), { maxLength: 5 }).map((p) => p.join('')), { minLength: 2, maxLength: 4 }),
      // The key sits at 2: a continuation line at 1 or 2 is too shallow for YAML 1.2.
      indents: fc.array(fc.constantFrom(1, 2), { minLength: 3, maxLength: 3 }),
    }),
  );

  it('read as the copy indented deeper, with the same positions after them', () => {
    fc.assert(
      fc.property(fc.array(scalar, { minLength: 1, maxLength: 3 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), (scalars, eol, flow) => {
        const write = (deeper: number) =>
          `R:${eol}` +
          scalars
            .map(({ quote, lines, indents }, i) => {
              const body = lines.map((line, j) => (j === 0 ? line : `${' '.repeat(indents[j - 1]! + deeper)}${line}`)).join(eol);
              return flow ? `  P${i}: [${quote}${body}${quote}, v]${eol}` : `  P${i}: ${quote}${body}${quote}${eol}`;
            })
            .join('') +
          `  Next: v${eol}`;
        const [shallow, fixed] = [write(0), write(4)];
        const read = parseYaml(sourceFile(shallow));
        const expected = parseYaml(sourceFile(fixed));
        expect(expected.ok).toBe(true);
        expect(read.ok && read.document.value).toEqual(expected.ok && expected.document.value);
        if (!read.ok || !expected.ok) return;
        const at = (document: DataDocument, path: PathSegment[]) => {
          const { start } = document.locate(path, 'value');
          const before = document.file.text.slice(0, start).split(/\r\n?|\n/);
          return `${before.length}:${before.at(-1)!.length + 1}`;
        };
        expect(at(read.document, ['R', 'Next'])).toBe(at(expected.document, ['R', 'Next']));
        scalars.forEach((_, i) => expect(at(read.document, ['R', `P${i}`])).toBe(at(expected.document, ['R', `P${i}`])));
      }),
      { numRuns: 300 },
    );
  });
});
