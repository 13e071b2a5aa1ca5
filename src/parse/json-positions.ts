/**
 * Where the keys and values of a JSON text are written, for `JsonDocument.locate`. Built from the
 * container index of one lazy scan (json-scan.ts): no token, node or string is allocated per value. A
 * tree of jsonc-parser nodes for a 50 MB Terraform plan cost a gigabyte and seconds of garbage
 * collection; the index costs 12 bytes per object or array, off the JS heap.
 *
 * A lookup reads the members of each container on its path from the text, skipping nested
 * containers in one step through the index. Keys are not stored: they are compared against the
 * text, and decoded only when written with escapes. Containers with many children get a table of
 * their children (and objects a key map) on first use, so a plan's long `resources` lists stay cheap.
 */
import type { OffsetRange, PathSegment } from './document.js';
import {
  AFTER,
  BACKSLASH,
  CHUNK_BITS,
  CHUNK_MASK,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  ContainerScan,
  type ContainerRecorder,
  END,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  scalarValueEnd,
  skipWhitespace,
  START,
  stringEnd,
  WIDTH,
} from './json-scan.js';

/** Containers with more children than this get a table of them (and objects a key map) on first lookup. */
const INDEX_THRESHOLD = 16;
/** Integers per child in a table: key start (-1 for an item), value start, value end, entry (-1 for a scalar). */
const ROW = 4;

export class JsonPositions {
  /** Children of large containers, `ROW` integers each, by the container's entry. */
  private readonly tables = new Map<number, Int32Array>();
  /** Key → ordinal in the table, for large objects. */
  private readonly keyMaps = new Map<number, Map<string, number>>();

  // The child the last successful `find` reached: fields, not a returned object, so lookups allocate nothing.
  private foundKey = -1;
  private foundStart = 0;
  private foundEnd = 0;
  /** Its entry when it is a container, else -1. */
  private foundEntry = -1;

  private constructor(
    private readonly text: string,
    private readonly scan: ContainerScan,
  ) {}

  /**
   * The positions of `text`, which must be valid JSON (as `JSON.parse` accepted it). Lookups scan it
   * as far as they need, iteratively: any depth. With `recorded` (the containers `parseJson`'s own
   * pass met, json-scan.ts), nothing is scanned.
   */
  static build(text: string, recorded?: ContainerRecorder): JsonPositions {
    return new JsonPositions(text, new ContainerScan(text, recorded));
  }

  /** How far into the text the lookups so far have needed the scan to read. */
  get scanned(): number {
    return this.scan.scanned;
  }

  /** Number of entries: containers, and the root. Scans the whole text (for tests). */
  get size(): number {
    this.scan.finish();
    return this.scan.size;
  }

  /**
   * Where the value at `path` (or, with `part: 'key'`, its key) is written. A path that does not exist
   * gives its nearest existing ancestor, by its key when it has one (what cfn-lint points at).
   */
  locate(path: readonly PathSegment[], part: 'key' | 'value' = 'value'): OffsetRange {
    let entry = 0;
    let keyStart = -1; // the root has no key
    let start = this.field(0, START);
    // The root's end only when the answer is the root: it is known only once the whole text is scanned.
    let end = -1;
    for (const segment of path) {
      if (entry === -1 || !this.find(entry, segment)) return keyStart !== -1 ? this.keyRange(keyStart) : { start, end: end === -1 ? this.field(0, END) : end };
      entry = this.foundEntry;
      keyStart = this.foundKey;
      start = this.foundStart;
      end = this.foundEnd;
    }
    return part === 'key' && keyStart !== -1 ? this.keyRange(keyStart) : { start, end: end === -1 ? this.field(0, END) : end };
  }

  /** Finds the child of container `entry` that `segment` names (sets the `found*` fields); false when missing. */
  private find(entry: number, segment: PathSegment): boolean {
    const kind = this.text.charCodeAt(this.field(entry, START));
    if (kind === OPEN_BRACE) return this.member(entry, String(segment));
    if (kind === OPEN_BRACKET && typeof segment === 'number') return this.item(entry, segment);
    return false;
  }

  private member(object: number, name: string): boolean {
    const keys = this.keyMaps.get(object);
    if (keys !== undefined) return this.fromTable(object, keys.get(name));
    const text = this.text;
    let next = object + 1;
    let seen = 0;
    // Bounded by the text, not the object's end: that end is known only once the scan has passed it.
    for (let pos = skipWhitespace(text, this.field(object, START) + 1); pos < text.length && text.charCodeAt(pos) === QUOTE; ) {
      if (++seen > INDEX_THRESHOLD) return this.fromTable(object, this.keyMap(object).get(name));
      const keyStart = pos;
      pos = skipWhitespace(text, stringEnd(text, pos));
      if (text.charCodeAt(pos) !== COLON) return false; // not JSON
      next = this.readValue(object, skipWhitespace(text, pos + 1), next);
      if (this.keyEquals(keyStart, name)) {
        this.foundKey = keyStart;
        return true;
      }
      pos = this.nextChild(this.foundEnd);
    }
    return false;
  }

  private item(array: number, ordinal: number): boolean {
    if (!Number.isInteger(ordinal) || ordinal < 0) return false;
    if (ordinal >= INDEX_THRESHOLD || this.tables.has(array)) return this.fromTable(array, ordinal);
    const text = this.text;
    let next = array + 1;
    let pos = skipWhitespace(text, this.field(array, START) + 1);
    for (let n = 0; pos < text.length && !isClose(text.charCodeAt(pos)); n++) {
      next = this.readValue(array, pos, next);
      if (n === ordinal) {
        this.foundKey = -1;
        return true;
      }
      pos = this.nextChild(this.foundEnd);
    }
    return false;
  }

  /**
   * Reads the child value of `container` that starts at `pos`, where `next` is the container's next
   * unread nested container: sets `found{Start,End,Entry}` and returns the next unread one after it.
   */
  private readValue(container: number, pos: number, next: number): number {
    this.foundStart = pos;
    const c = this.text.charCodeAt(pos);
    // The scan records containers in document order: this one is `next` (checked: on text that is
    // not JSON the two readings may part, and the child is then read as a scalar).
    if ((c === OPEN_BRACE || c === OPEN_BRACKET) && this.recorded(next) && this.field(next, START) === pos) {
      this.foundEntry = next;
      this.foundEnd = this.field(next, END);
      return this.field(next, AFTER);
    }
    this.foundEntry = -1;
    // At least one character, so that a reading of text that is not JSON moves on; never past the end.
    this.foundEnd = Math.min(this.text.length, Math.max(pos + 1, scalarValueEnd(this.text, pos)));
    return next;
  }

  /** After a child ending at `end`: the start of the next child, or an offset that ends the loop (past the comma or not). */
  private nextChild(end: number): number {
    const pos = skipWhitespace(this.text, end);
    return this.text.charCodeAt(pos) === COMMA ? skipWhitespace(this.text, pos + 1) : this.text.length;
  }

  /** Sets the `found*` fields from row `ordinal` of the container's table; false for no such row. */
  private fromTable(container: number, ordinal: number | undefined): boolean {
    const table = this.table(container);
    if (ordinal === undefined || ordinal * ROW >= table.length) return false;
    const row = ordinal * ROW;
    this.foundKey = table[row]!;
    this.foundStart = table[row + 1]!;
    this.foundEnd = table[row + 2]!;
    this.foundEntry = table[row + 3]!;
    return true;
  }

  /** Every child of a container, read once. */
  private table(container: number): Int32Array {
    const cached = this.tables.get(container);
    if (cached !== undefined) return cached;
    const text = this.text;
    const object = text.charCodeAt(this.field(container, START)) === OPEN_BRACE;
    const rows: number[] = [];
    let next = container + 1;
    for (let pos = skipWhitespace(text, this.field(container, START) + 1); pos < text.length && !isClose(text.charCodeAt(pos)); ) {
      let keyStart = -1;
      if (object) {
        if (text.charCodeAt(pos) !== QUOTE) break; // not JSON
        keyStart = pos;
        pos = skipWhitespace(text, stringEnd(text, pos));
        if (text.charCodeAt(pos) !== COLON) break;
        pos = skipWhitespace(text, pos + 1);
      }
      next = this.readValue(container, pos, next);
      rows.push(keyStart, this.foundStart, this.foundEnd, this.foundEntry);
      pos = this.nextChild(this.foundEnd);
    }
    const table = Int32Array.from(rows);
    this.tables.set(container, table);
    return table;
  }

  private keyMap(object: number): Map<string, number> {
    const table = this.table(object);
    const keys = new Map<string, number>();
    for (let row = 0; row < table.length; row += ROW) {
      const key = this.keyText(table[row]!);
      // The first of duplicate keys, as the linear search finds it (JSON.parse kept the last, but a file with duplicates is refused).
      if (!keys.has(key)) keys.set(key, row / ROW);
    }
    this.keyMaps.set(object, keys);
    return keys;
  }

  /** Offsets of the key whose opening quote is at `start` (quotes included). */
  private keyRange(start: number): OffsetRange {
    return { start, end: stringEnd(this.text, start) };
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

  /** Whether the scan has recorded `entry` (scanning as far as that takes). False only on text that is not JSON. */
  private recorded(entry: number): boolean {
    this.scan.reach(entry);
    return entry < this.scan.size;
  }

  /** A field of a recorded entry; `END` and `AFTER` are read once the scan has closed it. */
  private field(entry: number, field: number): number {
    const scan = this.scan;
    if (field === END || field === AFTER) scan.close(entry);
    else scan.reach(entry);
    return scan.chunks[entry >>> CHUNK_BITS]![(entry & CHUNK_MASK) * WIDTH + field]!;
  }
}

function isClose(c: number): boolean {
  return c === CLOSE_BRACE || c === CLOSE_BRACKET;
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
