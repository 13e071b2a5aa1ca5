import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyJsonPieces, StreamedArray } from '../../src/report/json-pieces.js';

const joined = (value: unknown, expandDepth?: number): string => [...prettyJsonPieces(value, expandDepth)].join('');

/** The same value with every array turned into a `StreamedArray` of its elements (made lazily). */
function streamed(value: unknown): unknown {
  if (Array.isArray(value)) return new StreamedArray(lazily(value, streamed));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, streamed(v)]));
  return value;
}

function* lazily<T>(items: readonly T[], map: (item: T) => unknown): Generator<unknown> {
  for (const item of items) yield map(item);
}

/** JSON values plus what JSON.stringify prints specially: undefined entries, functions, objects with toJSON. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    fc.constant(undefined),
    fc.constant(() => 1),
    fc.constant(new Date(0)),
    // A toJSON that reads its key, and drops the entry (undefined) under a long one.
    fc.constant({ toJSON: (key: string) => (key.length > 2 ? undefined : `key ${key}`) }),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('prettyJsonPieces', () => {
  it('joins to exactly what JSON.stringify(value, null, 2) prints, at every expansion depth', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(value), fc.dictionary(fc.string(), value)), fc.integer({ min: 0, max: 6 }), (input, depth) => {
        expect(joined(input, depth)).toBe(JSON.stringify(input, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it('prints a StreamedArray as JSON.stringify prints the array, at any depth', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(value), fc.dictionary(fc.string(), value)), fc.integer({ min: 0, max: 6 }), (input, depth) => {
        expect(joined(streamed(input), depth)).toBe(JSON.stringify(input, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the awkward cases of JSON.stringify', () => {
    const input = { a: undefined, b: [undefined, () => 0, Symbol('s')], c: {}, d: [], e: new Date(0), f: 'line\nbreak', g: [[]] };
    for (const depth of [0, 1, 2, 5]) expect(joined(input, depth)).toBe(JSON.stringify(input, null, 2));
    expect(joined({ s: new StreamedArray([]) })).toBe('{\n  "s": []\n}');
  });

  it('makes each streamed element only when its turn comes, and never prints the array as one piece', () => {
    const made: number[] = [];
    function* items(): Generator<{ n: number }> {
      for (let n = 0; n < 1000; n++) {
        made.push(n);
        yield { n };
      }
    }
    const pieces = prettyJsonPieces({ results: new StreamedArray(items()) });
    let seen = 0;
    let longest = 0;
    for (const piece of pieces) {
      seen++;
      longest = Math.max(longest, piece.length);
      // Lazily: by the time a piece is read, at most the element it prints has been made.
      if (seen === 3) expect(made).toEqual([0]);
    }
    expect(made).toHaveLength(1000);
    expect(seen).toBeGreaterThan(1000);
    expect(longest).toBeLessThan(40);
  });
});
