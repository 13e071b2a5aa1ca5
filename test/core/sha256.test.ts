/** The fingerprints' SHA-256 (written out to spare every run the loading of node:crypto) is node:crypto's. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256Hex } from '../../src/core/sha256.js';

const reference = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it('gives the standard digests', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('pads every length around a block boundary as node:crypto does', () => {
    for (let n = 0; n <= 200; n++) expect(sha256Hex('x'.repeat(n))).toBe(reference('x'.repeat(n)));
  });

  it('hashes the UTF-8 bytes of any string, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => sha256Hex(text) === reference(text)));
    expect(sha256Hex('\ud800 é 😀 \u0000')).toBe(reference('\ud800 é 😀 \u0000'));
  });
});
