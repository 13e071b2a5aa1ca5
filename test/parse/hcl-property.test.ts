/**
 * Property tests: mutated and random input never makes the `.tf`/`.tf.json` parsers throw, hang or
 * point outside the text; generated well-formed expressions parse to the structure they were built from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS } from '../../src/parse/document.js';
import { parseHcl, type HclResult } from '../../src/parse/hcl/index.js';
import { parseTfJson } from '../../src/parse/hcl/tfjson.js';
import { sourceFile } from './helpers.js';
import { expression, hclFixture, ranges, show } from './hcl-helpers.js';

function expectSane(result: HclResult, text: string, nested: boolean): void {
  if (!result.ok) {
    const { start, end, message } = result.problem;
    expect(message.length).toBeGreaterThan(0);
    expect(message).not.toMatch(/^internal error/);
    expect(0 <= start && start <= end && end <= text.length, `${start}-${end} in ${text.length}: ${message}`).toBe(true);
    return;
  }
  for (const { range, parent } of ranges(result.hcl.body)) {
    expect(0 <= range.start && range.start <= range.end && range.end <= text.length).toBe(true);
    if (nested && parent) expect(parent.start <= range.start && range.end <= parent.end).toBe(true);
  }
  for (const comment of result.hcl.comments) expect(0 <= comment.start && comment.end <= text.length).toBe(true);
}

/** Characters and fragments that matter to the HCL scanner. */
const PIECES = [
  '{', '}', '[', ']', '(', ')', '"', '\\', '$', '${', '%{', '$${', '~', '~}', '}', '<<EOT\n', '<<-EOT\n', 'EOT', '\nEOT\n',
  '#', '//', '/*', '*/', '\n', '\r\n', ' ', '=', '==', '=>', ':', '::', '?', ',', '.', '...', '*', '-', '!', '&&', '||',
  'for', 'in', 'if', 'endif', 'endfor', 'else', 'x', '0', '1.5e', '\u00e9', '\uFEFF', '\uD800', 'resource "a" "b" {', '= [',
];

type Mutation = { at: number; remove: number; insert: string };
const mutation = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 }), fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join(''))),
});

function mutate(text: string, mutations: Mutation[]): string {
  let out = text;
  for (const { at, remove, insert } of mutations) {
    const i = at % (out.length + 1);
    out = out.slice(0, i) + insert + out.slice(i + remove);
  }
  return out;
}

describe('no input breaks the HCL parser', () => {
  const tf = hclFixture('main.tf');
  const tfJson = hclFixture('main.tf.json');

  it('mutations of a realistic .tf file give a tree or a problem inside the text', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => {
        const text = mutate(tf, mutations);
        expectSane(parseHcl(sourceFile(text, 'main.tf'), DEFAULT_PARSE_LIMITS), text, true);
      }),
      { numRuns: 1500 },
    );
  });

  it('random token soup gives a tree or a problem inside the text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        expectSane(parseHcl(sourceFile(text, 'main.tf'), DEFAULT_PARSE_LIMITS), text, true);
        const assigned = `a = ${text}`;
        expectSane(parseHcl(sourceFile(assigned, 'main.tf'), DEFAULT_PARSE_LIMITS), assigned, true);
      }),
      { numRuns: 1500 },
    );
  });

  it('mutations of a realistic .tf.json file give a tree or a problem inside the text', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const text = mutate(tfJson, mutations);
        expectSane(parseTfJson(sourceFile(text, 'main.tf.json'), DEFAULT_PARSE_LIMITS), text, false);
      }),
      { numRuns: 500 },
    );
  });

  it('any JSON value, in any block shape, gives a tree or a problem inside the text', () => {
    const json = fc.oneof(fc.jsonValue(), fc.jsonValue().map((v) => ({ resource: { t: { n: v } } })), fc.jsonValue().map((v) => ({ locals: { a: v } })));
    const templated = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((p) => ({ locals: { a: p.join('') }, variable: { v: { type: p.join('') } } }));
    fc.assert(
      fc.property(fc.oneof(json, templated), (value) => {
        const text = JSON.stringify(value);
        expectSane(parseTfJson(sourceFile(text, 'main.tf.json'), DEFAULT_PARSE_LIMITS), text, false);
      }),
      { numRuns: 500 },
    );
  });
});

/** A generated expression: its source, and what `show` must print for it. */
interface Sample {
  src: string;
  shown: string;
}

const name = fc.constantFrom('a', 'var', 'local', 'aws_vpc', 'each', 'count', 'x_1', 'my-name');
const sample = fc.letrec<{ expr: Sample }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.nat({ max: 1000 }).map((n) => ({ src: String(n), shown: String(n) })),
    fc.constantFrom('true', 'false', 'null').map((w) => ({ src: w, shown: w })),
    fc.string({ unit: fc.constantFrom('a', ' ', '-', 'é', '}', '{', ':') }).map((s) => ({ src: JSON.stringify(s), shown: JSON.stringify(s) })),
    fc.tuple(name, fc.array(name, { maxLength: 3 })).map(([root, attrs]) => {
      const path = [root, ...attrs].join('.');
      return { src: path, shown: path };
    }),
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||'), tie('expr')).map(([l, op, r]) => ({
      src: `(${l.src}) ${op} (${r.src})`,
      shown: `(paren(${l.shown}) ${op} paren(${r.shown}))`,
    })),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, t, e]) => ({
      src: `(${c.src}) ? (${t.src}) : (${e.src})`,
      shown: `(paren(${c.shown}) ? paren(${t.shown}) : paren(${e.shown}))`,
    })),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => ({ src: `[${items.map((i) => i.src).join(', ')}]`, shown: `[${items.map((i) => i.shown).join(', ')}]` })),
    fc.array(tie('expr'), { maxLength: 3 }).map((args) => ({ src: `f(${args.map((i) => i.src).join(',\n')})`, shown: `f(${args.map((i) => i.shown).join(', ')})` })),
    fc.array(fc.tuple(name, tie('expr')), { maxLength: 3 }).map((items) => ({
      src: `{\n${items.map(([k, v]) => `${k} = ${v.src}`).join('\n')}\n}`,
      shown: `{${items.map(([k, v]) => `${JSON.stringify(k)} = ${v.shown}`).join(', ')}}`,
    })),
    tie('expr').map((e) => ({ src: `"<\${${e.src}}>"`, shown: `tpl("<" ${e.shown} ">")` })),
    fc.tuple(name, tie('expr')).map(([v, e]) => ({ src: `[for ${v} in xs : ${e.src}]`, shown: `[for ${v} in xs : ${e.shown}]` })),
  ),
})).expr;

describe('generated expressions', () => {
  it('parse to the structure they were written with', () => {
    fc.assert(
      fc.property(sample, ({ src, shown }) => {
        expect(show(expression(src))).toBe(shown);
      }),
      { numRuns: 1000 },
    );
  });
});
