import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8, looksLikeJson } from '../../src/parse/decode.js';
import { fixtureBytes, lineColumn } from './helpers.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeText', () => {
  it('decodes UTF-8 text as is', () => {
    expect(decodeText(utf8('Resources: {} # café ✓'))).toEqual({ ok: true, text: 'Resources: {} # café ✓' });
  });

  it('strips a UTF-8 byte order mark so offsets count from the first real character', () => {
    const result = decodeText(fixtureBytes('bom.json'));
    expect(result.ok && result.text.startsWith('{\n  "Resources"')).toBe(true);
  });

  it.each([
    ['UTF-16 little-endian', [0xff, 0xfe, 0x52, 0x00], 'file is UTF-16 (little-endian) encoded; save it as UTF-8'],
    ['UTF-16 big-endian', [0xfe, 0xff, 0x00, 0x52], 'file is UTF-16 (big-endian) encoded; save it as UTF-8'],
    ['UTF-32 little-endian', [0xff, 0xfe, 0x00, 0x00], 'file is UTF-32 (little-endian) encoded; save it as UTF-8'],
    ['UTF-32 big-endian', [0x00, 0x00, 0xfe, 0xff], 'file is UTF-32 (big-endian) encoded; save it as UTF-8'],
  ])('names a %s byte order mark', (_, input, message) => {
    expect(decodeText(bytes(...input))).toEqual({ ok: false, problem: { message, start: 0, end: 0 } });
  });

  it('names the UTF-16 fixture', () => {
    const result = decodeText(fixtureBytes('utf16.yaml'));
    expect(!result.ok && result.problem.message).toMatch(/UTF-16/);
  });

  it('calls a file with a NUL byte in its first 8 KB binary', () => {
    const result = decodeText(fixtureBytes('binary.yaml'));
    expect(result).toEqual({ ok: false, problem: { message: 'binary file (NUL byte at byte offset 4)', start: 4, end: 5 } });
  });

  it('points at the NUL byte of a text file, after a BOM and multi-byte characters', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a: é\nb: '), 0, ...new TextEncoder().encode('\n')]);
    expect(decodeText(bytes)).toEqual({ ok: false, problem: { message: 'binary file (NUL byte at byte offset 12)', start: 8, end: 9 } });
  });

  it('does not look for NUL bytes past the first 8 KB', () => {
    const text = `${'#'.repeat(9000)}\u0000`;
    expect(decodeText(utf8(text))).toEqual({ ok: true, text });
  });

  it('reports invalid UTF-8 with its byte offset, line, and text position', () => {
    const result = decodeText(fixtureBytes('invalid-utf8.yaml'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.message).toBe('invalid UTF-8 (byte 0xE9 at byte offset 62, line 4); save the file as UTF-8');
    // The offset indexes the text a lenient decoder produces, so the engine can still show the line.
    const lenient = new TextDecoder().decode(fixtureBytes('invalid-utf8.yaml'));
    expect(lenient[result.problem.start]).toBe('\uFFFD');
    expect(lineColumn(lenient, result.problem.start)).toBe('4:21');
  });

  it('counts a BOM in the byte offset but not in the text offset', () => {
    const result = decodeText(bytes(0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x62, 0xc3));
    expect(result).toEqual({
      ok: false,
      problem: { message: 'invalid UTF-8 (byte 0xC3 at byte offset 6, line 2); save the file as UTF-8', start: 3, end: 4 },
    });
  });

  it('reports the offset in UTF-16 units after multi-byte characters', () => {
    const result = decodeText(new Uint8Array([...utf8('é😀'), 0xff]));
    expect(!result.ok && result.problem.start).toBe(3); // é is 1 unit, 😀 is 2
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong encoding', [0x61, 0xc0, 0x80], 1],
    ['an overlong three-byte encoding', [0xe0, 0x80, 0x80], 0],
    ['a UTF-16 surrogate', [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated final sequence', [0x61, 0xe2, 0x82], 1],
    ['a sequence cut short by ASCII', [0xe2, 0x41, 0x42], 0],
    ['a byte that never occurs in UTF-8', [0x61, 0xff], 1],
  ])('finds %s', (_, input, offset) => {
    expect(firstInvalidUtf8(bytes(...input))).toBe(offset);
  });

  it('agrees with the platform decoder on random bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        let valid = true;
        try {
          decoder.decode(input);
        } catch {
          valid = false;
        }
        const bad = firstInvalidUtf8(input);
        expect(bad === input.length).toBe(valid);
        if (!valid) expect(() => decoder.decode(input.subarray(0, bad))).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('looksLikeJson', () => {
  it.each([
    ['{"a": 1}', true],
    ['  \n\t[1]', true],
    ['\uFEFF{}', true],
    ['a: 1', false],
    ['---\n{}', false],
    ['# {"a": 1}', false],
    ['', false],
    ['   ', false],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeJson(text)).toBe(expected);
  });
});
