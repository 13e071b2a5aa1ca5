/**
 * A baseline's JSON read for the few members a baseline uses (baseline.ts), without building the rest.
 * `JSON.parse` of a SARIF log needs the file as one string (as large as the file, beside its bytes)
 * and builds every result's message, locations and regions: for a baseline of 100,000 findings
 * (100 MB) that was some 350 MB of heap, all of it dropped a moment later for 100,000 fingerprints,
 * and the heap V8 had grown for it stayed for the whole run (issue 5). This reader walks the file's
 * UTF-8 bytes once, checks them exactly as `JSON.parse` checks their text, and builds only the
 * members a shape names; the bytes live outside the heap and go as soon as the reader is done.
 *
 * It gives the value `JSON.parse` gives with every member the shape does not name left out, or
 * `undefined` where it cannot: bytes that are not JSON, or nesting deeper than its recursion goes.
 * The caller then runs `JSON.parse` of the decoded text itself, for its error message or its value,
 * so no input reads differently from before. Only ASCII bytes mean anything to JSON outside its
 * strings; inside them any byte from 0x20 up is taken as it is, as its decoded character would be
 * (malformed UTF-8 decodes to U+FFFD, which a string may hold; it never swallows the ASCII quote or
 * backslash after it, so a string ends where it ends in the text).
 */

/**
 * Which parts of a value to build. `'all'`: the whole value, as `JSON.parse` makes it. An object
 * keeps only `members` (each read with its own shape) and is otherwise empty; an array's elements
 * are read with `items` (absent: `undefined`, their place kept). A scalar is itself whatever the shape.
 */
export type JsonShape = 'all' | { members?: Readonly<Record<string, JsonShape>>; items?: JsonShape };

/** Thrown inside the reader only; never leaves it. */
class NotJson extends Error {}

const NOT_JSON = new NotJson();

/** Number grammar of RFC 8259, for a whole token. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** `bytes` from `start` (past a byte-order mark) to their end. */
export function readJsonShaped(bytes: Uint8Array, shape: JsonShape, start = 0): { value: unknown } | undefined {
  const reader = new ShapedReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), start);
  try {
    const value = reader.value(shape);
    reader.space();
    return reader.atEnd() ? { value } : undefined;
  } catch (error) {
    // Not JSON, or a RangeError from nesting too deep for recursion: JSON.parse decides.
    if (error instanceof NotJson || error instanceof RangeError) return undefined;
    throw error;
  }
}

class ShapedReader {
  /** Whether the string `skipString` passed last holds an escape. */
  private escaped = false;

  constructor(
    private readonly bytes: Buffer,
    private at: number,
  ) {}

  atEnd(): boolean {
    return this.at === this.bytes.length;
  }

  space(): void {
    const bytes = this.bytes;
    let at = this.at;
    for (;;) {
      const c = bytes[at];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      at++;
    }
    this.at = at;
  }

  /** A value with its leading space; `undefined` for what the shape skips (skip: `shape` undefined). */
  value(shape: JsonShape | undefined): unknown {
    this.space();
    const c = this.bytes[this.at];
    switch (c) {
      case 0x7b: // {
        return this.object(shape);
      case 0x5b: // [
        return this.array(shape);
      case 0x22: // "
        return this.string(shape !== undefined);
      // A skipped literal is `undefined` too: an array whose items the shape skips keeps their places only.
      case 0x74: // t
        return this.literal('true', shape === undefined ? undefined : true);
      case 0x66: // f
        return this.literal('false', shape === undefined ? undefined : false);
      case 0x6e: // n
        return this.literal('null', shape === undefined ? undefined : null);
      default:
        return this.number(shape !== undefined);
    }
  }

  private object(shape: JsonShape | undefined): Record<string, unknown> | undefined {
    this.at++;
    const all = shape === 'all';
    const members = shape === undefined || all ? undefined : shape.members;
    const built: Record<string, unknown> | undefined = shape === undefined ? undefined : {};
    this.space();
    if (this.bytes[this.at] === 0x7d) {
      this.at++;
      return built;
    }
    for (;;) {
      this.space();
      if (this.bytes[this.at] !== 0x22) throw NOT_JSON;
      const keyStart = this.at;
      this.skipString();
      let key: string | undefined;
      let memberShape: JsonShape | undefined;
      if (all) {
        key = this.decoded(keyStart);
        memberShape = 'all';
      } else if (members !== undefined) {
        // Most keys are plain: compared as they are written, decoded only when they hold an escape.
        key = this.escaped ? this.decoded(keyStart) : this.bytes.toString('utf8', keyStart + 1, this.at - 1);
        memberShape = Object.hasOwn(members, key) ? members[key] : undefined;
      }
      this.space();
      if (this.bytes[this.at] !== 0x3a) throw NOT_JSON;
      this.at++;
      const value = this.value(memberShape);
      if (built !== undefined && memberShape !== undefined) {
        // `JSON.parse` makes `__proto__` an own member like any other; an assignment would set the prototype.
        if (key === '__proto__') Object.defineProperty(built, key, { value, writable: true, enumerable: true, configurable: true });
        else built[key!] = value;
      }
      this.space();
      const next = this.bytes[this.at++];
      if (next === 0x7d) return built;
      if (next !== 0x2c) throw NOT_JSON;
    }
  }

  private array(shape: JsonShape | undefined): unknown[] | undefined {
    this.at++;
    const items = shape === undefined ? undefined : shape === 'all' ? 'all' : shape.items;
    const built: unknown[] | undefined = shape === undefined ? undefined : [];
    this.space();
    if (this.bytes[this.at] === 0x5d) {
      this.at++;
      return built;
    }
    for (;;) {
      const value = this.value(items);
      built?.push(value);
      this.space();
      const next = this.bytes[this.at++];
      if (next === 0x5d) return built;
      if (next !== 0x2c) throw NOT_JSON;
    }
  }

  /** A string, checked character by character; built only when kept. */
  private string(keep: boolean): string | undefined {
    const start = this.at;
    this.skipString();
    return keep ? this.decoded(start) : undefined;
  }

  /**
   * The string that starts at `start` and ends where the reader stands, decoded by `JSON.parse` of its
   * own text: its escapes read exactly as they would in the whole text.
   */
  private decoded(start: number): string {
    return JSON.parse(this.bytes.toString('utf8', start, this.at)) as string;
  }

  /** Past the string that starts where the reader stands, checked as `JSON.parse` checks it. */
  private skipString(): void {
    const bytes = this.bytes;
    let at = this.at + 1;
    let escaped = false;
    for (;;) {
      const c = bytes[at];
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        at = this.escape(at + 1);
        continue;
      }
      // A raw control character, or the end of the bytes (undefined).
      if (c === undefined || c < 0x20) throw NOT_JSON;
      at++;
    }
    this.at = at + 1;
    this.escaped = escaped;
  }

  /** The position after the escape whose letter is at `at`. */
  private escape(at: number): number {
    const c = this.bytes[at];
    // " \ / b f n r t
    if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) return at + 1;
    if (c !== 0x75) throw NOT_JSON;
    for (let i = 1; i <= 4; i++) {
      const h = this.bytes[at + i] ?? 0;
      const hex = (h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66);
      if (!hex) throw NOT_JSON;
    }
    return at + 5;
  }

  private literal<T>(word: string, value: T): T {
    for (let i = 0; i < word.length; i++) if (this.bytes[this.at + i] !== word.charCodeAt(i)) throw NOT_JSON;
    this.at += word.length;
    return value;
  }

  /**
   * A number: the longest run of the characters numbers are written with, which must be one number
   * whole (any of them after a number's end is no JSON either: `1.2.3`, `1-2`).
   */
  private number(keep: boolean): number | undefined {
    const bytes = this.bytes;
    const start = this.at;
    let at = start;
    for (;;) {
      const c = bytes[at];
      // 0-9 + - . e E
      if (c === undefined || !((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x65 || c === 0x45)) break;
      at++;
    }
    const token = bytes.toString('latin1', start, at);
    if (!NUMBER.test(token)) throw NOT_JSON;
    this.at = at;
    return keep ? Number(token) : undefined;
  }
}
