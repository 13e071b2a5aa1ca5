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

/**
 * JSON-ish bytes, not text: what a file holds and a generator of strings never makes. Malformed UTF-8
 * (cut, overlong, surrogate and past-U+10FFFF sequences), byte-order marks (UTF-8, UTF-16 both ways)
 * and NUL, inside strings and out; escapes of lone surrogates; numbers at the edges of a double
 * (`-0`, `1e400`, 30 digits). The reader must decode a kept string exactly as the whole text decodes
 * it, and refuse exactly what JSON.parse refuses.
 */
const RAW_BYTES = [[0xff], [0xe2, 0x82], [0xc0, 0xa2], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x00], [0x7f], [0xc2, 0x85]];
const jsonishBytes = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('{', '}', '[', ']', ',', ':', ' ', '\r', '\n', '"', '"a"', '"\\ud800"', '"\\udc00\\ud800x"', '"\\u0000"', '"\\/"', '-0', '-0.0e-0', '1e400', '-1e-400', '123456789012345678901234567890', '1E+2', 'true', 'null', '"__proto__"', '"constructor"', '"\u2028"').map((s) => Buffer.from(s, 'utf8')) },
      { weight: 2, arbitrary: fc.constantFrom(...RAW_BYTES).map((b) => Buffer.from(b)) },
    ),
    { maxLength: 24 },
  )
  .map((parts) => Buffer.concat(parts));

/** A value as a shape keeps it (the reader's contract), from what JSON.parse made of the whole. */
function project(value: unknown, shape: JsonShape | undefined): unknown {
  if (shape === undefined) return undefined;
  if (shape === 'all' || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => project(item, shape.items));
  const kept: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const memberShape = shape.members !== undefined && Object.hasOwn(shape.members, key) ? shape.members[key] : undefined;
    if (memberShape !== undefined) Object.defineProperty(kept, key, { value: project(member, memberShape), writable: true, enumerable: true, configurable: true });
  }
  return kept;
}

/** The shape parseBaseline reads a SARIF log with (baseline.ts). */
const SARIF_SHAPE: JsonShape = {
  members: { version: 'all', runs: { items: { members: { tool: 'all', results: { items: { members: { partialFingerprints: 'all', suppressions: 'all' } } } } } } },
};

/** SARIF-like logs: the members the shape keeps and skips, any JSON in any of them, keys escaped or duplicated. */
const sarifish = fc
  .letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), tie('log')),
    key: fc.constantFrom('version', 'runs', 'tool', 'driver', 'name', 'results', 'partialFingerprints', 'flowguard/v1', 'suppressions', 'kind', 'message', '__proto__', 'x'),
    log: fc.array(fc.tuple(tie('key') as fc.Arbitrary<string>, tie('value')), { maxLength: 5 }).map((members) => Object.fromEntries(members)),
  }))
  .log.map((log) => JSON.stringify(log))
  .chain((text) => fc.constantFrom(text, text.replace(/"runs"/g, '"r\\u0075ns"'), text.replace(/\{"/, '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"flowguard"}},"results":[]}],"'), `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}"runs":7}`));

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

  it('reads raw bytes (malformed UTF-8, byte-order marks, NUL) as JSON.parse reads their decoded text', () => {
    fc.assert(
      fc.property(jsonishBytes, (bytes) => {
        expect(readJsonShaped(bytes, 'all')).toEqual(parsed(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps what JSON.parse makes of a SARIF-like log, less the members the baseline shape leaves out', () => {
    fc.assert(
      fc.property(sarifish, (text) => {
        const whole = parsed(utf8(text));
        const read = readJsonShaped(utf8(text), SARIF_SHAPE);
        expect(read).toEqual(whole && { value: project(whole.value, SARIF_SHAPE) });
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a file that is empty, a byte-order mark alone or UTF-16 with the message JSON.parse of its text gives', () => {
    // What parseBaseline did before it read bytes: JSON.parse of the decoded text, less a leading U+FEFF.
    const legacy = (bytes: Buffer): string => {
      const text = bytes.toString('utf8');
      try {
        JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        return 'parsed';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const utf16 = (bom: number[], text: string, le: boolean): Buffer => Buffer.concat([Buffer.from(bom), le ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'utf16le').swap16()]);
    const files = [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xef, 0xbb]), Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x7b, 0x7d]), utf16([0xff, 0xfe], '{"version": "2.1.0", "runs": []}', true), utf16([0xfe, 0xff], '{"version": "2.1.0", "runs": []}', false)];
    for (const bytes of files) {
      const read = parseBaseline(bytes, 'b.sarif');
      expect(read.ok).toBe(false);
      expect(!read.ok && read.message).toBe(`baseline b.sarif is not a SARIF file: not valid JSON (${legacy(bytes)})`);
    }
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
