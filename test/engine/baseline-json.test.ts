/**
 * The shaped JSON reader of baselines (src/engine/baseline-json.ts): on bytes it gives what
 * `JSON.parse` of their text gives, less the members its shape leaves out, and nothing (so the caller
 * runs `JSON.parse`) where `JSON.parse` would fail.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonShaped, type JsonShape } from '../../src/engine/baseline-json.js';
import { parseBaseline } from '../../src/engine/baseline.js';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** What `JSON.parse` makes of the bytes' text: `{ value }`, or undefined when it throws. */
function parsed(bytes: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}

/** JSON-ish text: mostly valid pieces, in any order, so that both outcomes are common. */
const jsonish = fc
  .array(fc.constantFrom('{', '}', '[', ']', ',', ':', ' ', '\n', '\t', '"a"', '"\\u00e9"', '"\\x"', '"\\"', '"\u0001"', '"é"', '1', '-0.5e+3', '01', '1.', '.5', '-', 'true', 'nul', 'null', 'false', '"__proto__"', '\u00a0'), { maxLength: 30 })
  .map((parts) => parts.join(''));

describe('readJsonShaped', () => {
  it("reads any JSON value whole with the shape 'all', as JSON.parse does", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, 2), (value, space) => {
        const bytes = utf8(JSON.stringify(value, null, space));
        expect(readJsonShaped(bytes, 'all')).toEqual(parsed(bytes));
      }),
    );
  });

  it('refuses exactly the text JSON.parse refuses, and reads the rest as it does', () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        const bytes = utf8(text);
        expect(readJsonShaped(bytes, 'all')).toEqual(parsed(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('builds only the members a shape names, and keeps array places', () => {
    const shape: JsonShape = { members: { keep: { items: { members: { id: 'all' } } } } };
    const text = JSON.stringify({ skip: { deep: [1, 'x'] }, keep: [{ id: { a: [1] }, message: 'long' }, 7, [1]], last: null });
    expect(readJsonShaped(utf8(text), shape)).toEqual({ value: { keep: [{ id: { a: [1] } }, 7, [undefined]] } });
  });

  it('checks what it skips: a bad escape or a raw control character in a skipped member is no JSON', () => {
    const shape: JsonShape = { members: {} };
    expect(readJsonShaped(utf8('{"skip": "a\\qb"}'), shape)).toBeUndefined();
    expect(readJsonShaped(utf8('{"skip": "a\u0007b"}'), shape)).toBeUndefined();
    expect(readJsonShaped(utf8('{"skip": [1,]}'), shape)).toBeUndefined();
    expect(readJsonShaped(utf8('{"skip": "ok \\u00e9 \\" \\\\"}'), shape)).toEqual({ value: {} });
  });

  it('makes `__proto__` an own member, as JSON.parse does, and a later duplicate wins', () => {
    const read = readJsonShaped(utf8('{"__proto__": {"polluted": true}, "a": 1, "a": 2}'), 'all');
    expect(read).toBeDefined();
    const value = read!.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(value['a']).toBe(2);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('decodes malformed UTF-8 in a kept string as the whole text decodes it', () => {
    const bytes = Buffer.concat([utf8('{"a": "x'), Buffer.from([0xe2, 0x82]), utf8('", "b": "'), Buffer.from([0xff]), utf8('"}')]);
    expect(readJsonShaped(bytes, 'all')).toEqual(parsed(bytes));
    // Outside a string, such a byte is no JSON.
    expect(readJsonShaped(Buffer.concat([utf8('['), Buffer.from([0xff]), utf8(']')]), 'all')).toBeUndefined();
  });

  it('gives up on nesting deeper than it recurses, and parseBaseline then reads the file with JSON.parse', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(readJsonShaped(utf8(deep), 'all')).toBeUndefined();
    const log = `{"version": "2.1.0", "deep": ${deep}, "runs": [{"tool": {"driver": {"name": "flowguard"}}, "results": [{"partialFingerprints": {"flowguard/v1": "f"}}]}]}`;
    const baseline = parseBaseline(log, 'deep.sarif');
    expect(baseline.ok && [...baseline.baseline.fingerprints]).toEqual(['f']);
  });
});
