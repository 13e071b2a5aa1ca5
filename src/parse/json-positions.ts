/**
 * Where every key and value of a JSON text is written, for `JsonDocument.locate`. One iterative
 * charCodeAt pass over text that `JSON.parse` has already accepted records, per value, four integers
 * in flat Int32Array chunks: no token, node or string is allocated per value. A tree of jsonc-parser
 * nodes for a 50 MB Terraform plan cost a gigabyte and seconds of garbage collection; this costs
 * 16 bytes per value, off the JS heap.
 *
 * Entries are numbered in document (pre-)order, the root being entry 0. A container's first child is
 * the entry right after it, and each entry records the entry after its whole subtree (`AFTER`), so a
 * container's children are a chain `first, AFTER(first), …` that ends at the container's own `AFTER`.
 * Keys are not stored: they are compared against the text, and decoded only when written with escapes.
 */
import type { OffsetRange, PathSegment } from './document.js';

// Fields of one entry.
/** Offset of the opening quote of the entry's key, or -1 for an array item and for the root. */
const KEY_START = 0;
/** Offsets `[START, END)` of the value as written. */
const START = 1;
const END = 2;
/** The first entry after this entry's subtree: `entry + 1` for a scalar or an empty container. */
const AFTER = 3;
const WIDTH_BITS = 2;

/** Entries per chunk (2^16 × 16 bytes = 1 MiB). Chunks never move once full: no copy while growing. */
const CHUNK_BITS = 16;
const CHUNK_ENTRIES = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ENTRIES - 1;
/** Containers with this many children get a lazily built index (key → entry, or ordinal → entry). */
const INDEX_THRESHOLD = 16;

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export class JsonPositions {
  /** Key → entry for large objects, ordinal → entry for large arrays, by the container's entry. */
  private readonly objectIndexes = new Map<number, Map<string, number>>();
  private readonly arrayIndexes = new Map<number, Int32Array>();

  private constructor(
    private readonly text: string,
    private readonly chunks: Int32Array[],
    /** Number of entries (values) recorded. */
    readonly size: number,
  ) {}

  /** Scans `text`, which must be valid JSON (as `JSON.parse` accepted it). Iterative: any depth. */
  static build(text: string): JsonPositions {
    const { chunks, size } = scan(text);
    return new JsonPositions(text, chunks, size);
  }

  /** The root value: entry 0. */
  static readonly ROOT = 0;

  /** Offsets of the value of `entry`. */
  value(entry: number): OffsetRange {
    return { start: this.field(entry, START), end: this.field(entry, END) };
  }

  /** Offsets of the key of `entry` (quotes included), or undefined for an array item or the root. */
  key(entry: number): OffsetRange | undefined {
    const start = this.field(entry, KEY_START);
    return start === -1 ? undefined : { start, end: stringEnd(this.text, start) };
  }

  /** The child of container `entry` that `segment` names, or -1 (a missing key or index, or a scalar). */
  child(entry: number, segment: PathSegment): number {
    const kind = this.text.charCodeAt(this.field(entry, START));
    if (kind === OPEN_BRACE) return this.member(entry, String(segment));
    if (kind === OPEN_BRACKET && typeof segment === 'number') return this.item(entry, segment);
    return -1;
  }

  private member(object: number, name: string): number {
    const index = this.objectIndexes.get(object);
    if (index !== undefined) return index.get(name) ?? -1;
    const after = this.field(object, AFTER);
    let seen = 0;
    for (let entry = object + 1; entry < after; entry = this.field(entry, AFTER)) {
      if (++seen > INDEX_THRESHOLD) return this.indexObject(object).get(name) ?? -1;
      if (this.keyEquals(this.field(entry, KEY_START), name)) return entry;
    }
    return -1;
  }

  private indexObject(object: number): Map<string, number> {
    const index = new Map<string, number>();
    const after = this.field(object, AFTER);
    for (let entry = object + 1; entry < after; entry = this.field(entry, AFTER)) {
      const key = this.keyText(this.field(entry, KEY_START));
      if (!index.has(key)) index.set(key, entry);
    }
    this.objectIndexes.set(object, index);
    return index;
  }

  private item(array: number, ordinal: number): number {
    if (!Number.isInteger(ordinal) || ordinal < 0) return -1;
    const after = this.field(array, AFTER);
    if (ordinal < INDEX_THRESHOLD) {
      let entry = array + 1;
      for (let n = 0; n < ordinal && entry < after; n++) entry = this.field(entry, AFTER);
      return entry < after ? entry : -1;
    }
    let index = this.arrayIndexes.get(array);
    if (index === undefined) {
      let count = 0;
      for (let entry = array + 1; entry < after; entry = this.field(entry, AFTER)) count++;
      index = new Int32Array(count);
      count = 0;
      for (let entry = array + 1; entry < after; entry = this.field(entry, AFTER)) index[count++] = entry;
      this.arrayIndexes.set(array, index);
    }
    return ordinal < index.length ? index[ordinal]! : -1;
  }

  /** Whether the key whose opening quote is at `start` decodes to `name`, without allocating in the common case. */
  private keyEquals(start: number, name: string): boolean {
    const text = this.text;
    const close = stringEnd(text, start) - 1;
    const length = close - start - 1;
    // An escape only ever shortens: a key written shorter than `name` cannot decode to it.
    if (length < name.length) return false;
    if (length === name.length && text.startsWith(name, start + 1)) {
      // Written exactly as `name`: equal unless what is written contains an escape.
      return !name.includes('\\') || decodeString(text, start, close + 1) === name;
    }
    return hasBackslash(text, start + 1, close) && decodeString(text, start, close + 1) === name;
  }

  private keyText(start: number): string {
    const text = this.text;
    const end = stringEnd(text, start);
    return hasBackslash(text, start + 1, end - 1) ? decodeString(text, start, end) : text.slice(start + 1, end - 1);
  }

  private field(entry: number, field: number): number {
    return this.chunks[entry >>> CHUNK_BITS]![((entry & CHUNK_MASK) << WIDTH_BITS) | field]!;
  }
}

function decodeString(text: string, start: number, end: number): string {
  const written = text.slice(start, end);
  try {
    return JSON.parse(written) as string;
  } catch {
    return written; // only on text JSON.parse refused as a whole (quotes kept: no real key matches)
  }
}

function hasBackslash(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === BACKSLASH) return true;
  return false;
}

/** The offset just after the closing quote of the string whose opening quote is at `open`. */
function stringEnd(text: string, open: number): number {
  // indexOf finds the next quote natively; a quote is escaped iff an odd run of backslashes precedes it.
  for (let close = text.indexOf('"', open + 1); close !== -1; close = text.indexOf('"', close + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return close + 1;
  }
  return text.length; // unterminated: only on text JSON.parse would have refused
}

function skipWhitespace(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === SPACE || c === LF || c === CR || c === TAB; c = text.charCodeAt(++i));
  return i;
}

/** The end of a number, `true`, `false` or `null` starting at `i`. */
function scalarEnd(text: string, i: number): number {
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === SPACE || c === LF || c === CR || c === TAB) break;
  }
  return i < n ? i : n;
}

/**
 * The single pass. Assumes valid JSON; on anything else it still terminates (closing what is open
 * at the point it stops understanding) rather than loop, and never recurses.
 */
function scan(text: string): { chunks: Int32Array[]; size: number } {
  const chunks: Int32Array[] = [];
  // The first chunk is sized to the text (a 2 KB template must not cost a full chunk) and doubles up to a full chunk.
  let chunk = new Int32Array(Math.min(CHUNK_ENTRIES, Math.max(64, 2 ** Math.ceil(Math.log2(text.length / 16 + 1)))) << WIDTH_BITS);
  chunks.push(chunk);
  let capacity = chunk.length >> WIDTH_BITS;
  let size = 0;

  // Open containers: their entries, and whether each is an object.
  let open = new Int32Array(64);
  let openObject = new Uint8Array(64);
  let depth = 0;
  let keyStart = -1;
  let i = skipWhitespace(text, 0);

  value: for (;;) {
    if (i > text.length) i = text.length; // not JSON: a key without a value at the end
    const c = text.charCodeAt(i);
    if (size === capacity) {
      if (chunk.length < CHUNK_ENTRIES << WIDTH_BITS) {
        // Only the first chunk starts small.
        const grown = new Int32Array(chunk.length * 2);
        grown.set(chunk);
        chunk = grown;
        chunks[0] = chunk;
        capacity *= 2;
      } else {
        chunk = new Int32Array(CHUNK_ENTRIES << WIDTH_BITS);
        chunks.push(chunk);
        capacity += CHUNK_ENTRIES;
      }
    }
    const entry = size++;
    const at = (entry & CHUNK_MASK) << WIDTH_BITS;
    chunk[at + KEY_START] = keyStart;
    chunk[at + START] = i;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === open.length) {
        const grown = new Int32Array(depth * 2);
        grown.set(open);
        open = grown;
        const grownKinds = new Uint8Array(depth * 2);
        grownKinds.set(openObject);
        openObject = grownKinds;
      }
      open[depth] = entry;
      openObject[depth++] = c === OPEN_BRACE ? 1 : 0;
      i = skipWhitespace(text, i + 1);
      const next = text.charCodeAt(i);
      if (next !== CLOSE_BRACE && next !== CLOSE_BRACKET) {
        if (c === OPEN_BRACE) {
          keyStart = i;
          i = skipWhitespace(text, skipWhitespace(text, stringEnd(text, i)) + 1); // past the ':'
        } else keyStart = -1;
        continue value;
      }
      // Empty: closed by the loop below.
    } else {
      i = c === QUOTE ? stringEnd(text, i) : scalarEnd(text, i + 1);
      chunk[at + END] = i;
      chunk[at + AFTER] = entry + 1;
    }

    // After a value: close finished containers, then move to the next member or item.
    while (depth > 0) {
      i = skipWhitespace(text, i);
      const next = text.charCodeAt(i);
      if (next === COMMA) {
        i = skipWhitespace(text, i + 1);
        if (openObject[depth - 1] === 1) {
          keyStart = i;
          i = skipWhitespace(text, skipWhitespace(text, stringEnd(text, i)) + 1);
        } else keyStart = -1;
        continue value;
      }
      const closed = open[--depth]!;
      if (next === CLOSE_BRACE || next === CLOSE_BRACKET) i++;
      else i = text.length; // not JSON: close everything at the end of the text
      const fields = chunks[closed >>> CHUNK_BITS]!;
      const at = (closed & CHUNK_MASK) << WIDTH_BITS;
      fields[at + END] = i;
      fields[at + AFTER] = size;
    }
    break;
  }

  // Drop the unused tail of the last chunk when it is mostly empty.
  const used = (size - ((chunks.length - 1) << CHUNK_BITS)) << WIDTH_BITS;
  if (used * 2 < chunk.length) chunks[chunks.length - 1] = chunk.slice(0, used);
  return { chunks, size };
}
