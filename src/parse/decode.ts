import type { ParseProblem } from './document.js';
import { firstContentIndex } from './problem.js';

export type DecodeResult = { ok: true; text: string } | { ok: false; problem: ParseProblem };

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** How far to look for a NUL byte: the same heuristic as git and grep use to call a file binary. */
const BINARY_SNIFF_BYTES = 8192;

/**
 * Turns a file's bytes into text. Problem offsets are UTF-16 offsets into the text a lenient
 * (replacement-character) decoder would produce after the BOM, so the engine can still show a line.
 */
export function decodeText(bytes: Uint8Array): DecodeResult {
  const wideBom = describeWideBom(bytes);
  if (wideBom !== undefined) {
    return fail(`file is ${wideBom} encoded; save it as UTF-8`, 0);
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bom === 0 ? bytes : bytes.subarray(bom);
  const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nul !== -1) {
    // At the NUL itself: in a text file that holds a stray one (an editor's or a paste's), its line is what to fix.
    const offset = lenientDecoder.decode(body.subarray(0, nul - bom)).length;
    return fail(`binary file (NUL byte at byte offset ${nul})`, offset, offset + 1);
  }
  try {
    return { ok: true, text: fatalDecoder.decode(body) };
  } catch {
    // Only now pay for finding where: the fast path above is a single native call.
    const bad = firstInvalidUtf8(body);
    const offset = lenientDecoder.decode(body.subarray(0, bad)).length;
    const hex = (body[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    const line = countLines(body, bad);
    return fail(`invalid UTF-8 (byte 0x${hex} at byte offset ${bad + bom}, line ${line}); save the file as UTF-8`, offset, offset + 1);
  }
}

/** Whether text should be parsed as JSON: its first significant character opens an object or array. */
export function looksLikeJson(text: string): boolean {
  const i = firstContentIndex(text);
  if (i === -1) return false;
  const c = text.charCodeAt(i);
  return c === 0x7b || c === 0x5b; // { or [
}

function fail(message: string, start: number, end = start): { ok: false; problem: ParseProblem } {
  return { ok: false, problem: { message, start, end } };
}

function describeWideBom(b: Uint8Array): string | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return b[2] === 0 && b[3] === 0 ? 'UTF-32 (little-endian)' : 'UTF-16 (little-endian)';
  if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 (big-endian)';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32 (big-endian)';
  return undefined;
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

/**
 * Byte offset of the first ill-formed sequence, by the WHATWG decoder's rules (no overlongs,
 * no surrogates, nothing above U+10FFFF): where the broken sequence starts. `bytes.length` if none.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      else if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      else if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < low || c > high) return i;
      low = 0x80;
      high = 0xbf;
    }
    i += need + 1;
  }
  return n;
}
