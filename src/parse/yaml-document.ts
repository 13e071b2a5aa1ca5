import type { SourceFile } from '../core/source.js';
import type { DataDocument, OffsetRange, PathSegment } from './document.js';

// Fields of one entry (a key/value pair of a mapping, or an item of a sequence) in `SpanStore.data`.
const KEY_START = 0;
const KEY_END = 1;
const START = 2;
const END = 3;
/** The previous entry of the same collection, or -1: each collection is a chain read backwards. */
const PREVIOUS = 4;
/** The last entry of this entry's value when it is a collection (or long-form function), else -1. */
const CHILD = 5;
/** Position within its collection. */
const ORDINAL = 6;
/** How to read the key back: a sequence item, the text at the key range, that text without quotes, or `irregular`. */
const KEY_KIND = 7;
const WIDTH = 8;

const ITEM = 0;
const KEY_AS_WRITTEN = 1;
const KEY_QUOTED = 2;
const KEY_IRREGULAR = 3;

const INDEX_THRESHOLD = 16;

/**
 * Where every key and value of a YAML document is written, in one growable Int32Array. An array or
 * record per collection would be simpler, but a 5 MB template has a hundred thousand collections:
 * those objects doubled the parse time in garbage collection. Off-heap integers cost the GC nothing,
 * and keys are not stored as strings at all when the text already spells them.
 */
export class SpanStore {
  /**
   * Sized to the text (about one entry per 16 characters, what CloudFormation templates measure), so
   * a 2 KB template takes 1 KB here, not a fixed 32 KB: thousands of small templates stay small.
   */
  data: Int32Array<ArrayBuffer>;
  size = 0;
  /** Key → entry, built lazily for large mappings, by the mapping's last entry. */
  private readonly indexes = new Map<number, Map<string, number>>();

  constructor(
    private readonly text: string,
    /** Keys that the text does not spell verbatim (escapes, `~`, aliases, tags), by entry. */
    private readonly irregular = new Map<number, string>(),
  ) {
    this.data = new Int32Array(WIDTH * Math.min(65_536, Math.max(32, text.length >> 4)));
  }

  /** Adds an entry; `key` is undefined for a sequence item. Returns the entry number. */
  add(
    key: string | undefined,
    keyStart: number,
    keyEnd: number,
    start: number,
    end: number,
    previous: number,
    child: number,
    ordinal: number,
  ): number {
    const entry = this.size++;
    let at = entry * WIDTH;
    if (at + WIDTH > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const data = this.data;
    data[at++] = keyStart;
    data[at++] = keyEnd;
    data[at++] = start;
    data[at++] = end;
    data[at++] = previous;
    data[at++] = child;
    data[at++] = ordinal;
    data[at] = key === undefined ? ITEM : this.keyKind(key, keyStart, keyEnd, entry);
    return entry;
  }

  /**
   * Adds the key of `source` (a mapping entry) as the next entry of another mapping, written at
   * `at` (its key and value ranges), its value's own entries still those of `source`: a key that a
   * YAML merge key (`<<: *defaults`) brings in is located at the merge, as an alias is.
   */
  addMerged(source: number, at: { keyStart: number; keyEnd: number; start: number; end: number }, previous: number, ordinal: number): number {
    return this.add(this.key(source), at.keyStart, at.keyEnd, at.start, at.end, previous, this.field(source, CHILD), ordinal);
  }

  /** The entries of the collection whose last entry is `last`, last first. */
  *entries(last: number): Generator<number> {
    for (let entry = last; entry !== -1; entry = this.field(entry, PREVIOUS)) yield entry;
  }

  /** The last entry of an entry's value when that value is a collection, else -1. */
  childOf(entry: number): number {
    return this.field(entry, CHILD);
  }

  private keyKind(key: string, start: number, end: number, entry: number): number {
    // startsWith at an offset compares in place: no substring is allocated on this hot path.
    if (key.length === end - start && this.text.startsWith(key, start)) return KEY_AS_WRITTEN;
    if (key.length === end - start - 2 && this.text.startsWith(key, start + 1)) return KEY_QUOTED;
    this.irregular.set(entry, key);
    return KEY_IRREGULAR;
  }

  /** The key of a mapping entry, or undefined for a sequence item. */
  key(entry: number): string | undefined {
    const start = this.field(entry, KEY_START);
    const end = this.field(entry, KEY_END);
    switch (this.field(entry, KEY_KIND)) {
      case KEY_AS_WRITTEN:
        return this.text.slice(start, end);
      case KEY_QUOTED:
        return this.text.slice(start + 1, end - 1);
      case KEY_IRREGULAR:
        return this.irregular.get(entry);
      default:
        return undefined;
    }
  }

  field(entry: number, field: number): number {
    return this.data[entry * WIDTH + field]!;
  }

  /** The entry for `segment` in the collection whose last entry is `last`, or -1. */
  find(last: number, segment: PathSegment): number {
    if (last === -1) return -1;
    if (this.field(last, KEY_KIND) === ITEM) {
      if (typeof segment !== 'number') return -1;
      const items = this.itemIndex(last);
      if (items !== undefined) return Number.isInteger(segment) && segment >= 0 && segment < items.length ? items[segment]! : -1;
      let entry = last;
      while (entry !== -1 && this.field(entry, ORDINAL) > segment) entry = this.field(entry, PREVIOUS);
      return entry !== -1 && this.field(entry, ORDINAL) === segment ? entry : -1;
    }
    const name = String(segment);
    let index = this.indexes.get(last);
    if (index === undefined) {
      if (this.field(last, ORDINAL) < INDEX_THRESHOLD) return this.findKey(last, name);
      index = new Map();
      for (let entry = last; entry !== -1; entry = this.field(entry, PREVIOUS)) {
        const key = this.key(entry)!;
        if (!index.has(key)) index.set(key, entry);
      }
      this.indexes.set(last, index);
    }
    return index.get(name) ?? -1;
  }

  /**
   * A large sequence's entries by position, built on first use: walking back from the last item
   * for each one made locating every item of a list quadratic (80,000 `checkov.skip` entries in a
   * resource's Metadata took 33 s).
   */
  private itemIndex(last: number): Int32Array | undefined {
    const ordinal = this.field(last, ORDINAL);
    if (ordinal < INDEX_THRESHOLD) return undefined;
    let items = this.items.get(last);
    if (items === undefined) {
      items = new Int32Array(ordinal + 1).fill(-1);
      for (let entry = last; entry !== -1; entry = this.field(entry, PREVIOUS)) {
        const at = this.field(entry, ORDINAL);
        if (at >= 0 && at <= ordinal && items[at] === -1) items[at] = entry;
      }
      this.items.set(last, items);
    }
    return items;
  }

  private readonly items = new Map<number, Int32Array>();

  /** Walks a mapping backwards: the last occurrence wins, as in the built value. */
  findKey(last: number, name: string): number {
    for (let entry = last; entry !== -1; entry = this.field(entry, PREVIOUS)) if (this.key(entry) === name) return entry;
    return -1;
  }

  /** Frees the unused tail once the document is complete. */
  trim(): void {
    if (this.data.length > 2 * this.size * WIDTH + WIDTH * 1024) this.data = this.data.slice(0, this.size * WIDTH);
  }

  /**
   * The store as plain data for another thread (structured clone): the entries in an Int32Array of
   * exactly `size` entries (a buffer of its own, to transfer) and the irregular keys. The lazy
   * indexes are not sent; the receiver builds its own on demand.
   */
  toTransfer(): SpanTransfer {
    // Always a copy: transferring `data` itself would detach it, and this store (whose `find` walks
    // the entries) would then loop over an empty array. Now that `data` is sized to the text, it is
    // often exactly full. The copy is 32 bytes per entry, next to nothing beside parsing.
    const data = this.data.slice(0, this.size * WIDTH);
    return { data, size: this.size, irregular: this.irregular };
  }

  /** A store rebuilt from `toTransfer()` over the same text. */
  static fromTransfer(text: string, transfer: SpanTransfer): SpanStore {
    const store = new SpanStore(text, transfer.irregular);
    store.data = transfer.data;
    store.size = transfer.size;
    return store;
  }
}

/** A `SpanStore` as plain, cloneable data; `data.buffer` can be transferred. */
export interface SpanTransfer {
  data: Int32Array<ArrayBuffer>;
  size: number;
  irregular: Map<number, string>;
}

/** A `YamlDocument` without its file, as plain, cloneable data (see `YamlDocument.toTransfer`). */
export interface YamlTransfer {
  value: unknown;
  spans: SpanTransfer;
  rootChild: number;
  root: OffsetRange;
  laterDocumentAt: number | undefined;
}

export class YamlDocument implements DataDocument {
  readonly syntax = 'yaml';

  constructor(
    readonly file: SourceFile,
    readonly value: unknown,
    private readonly store: SpanStore,
    /** The root collection's last entry (-1 for a scalar root). */
    private readonly rootChild: number,
    private readonly root: OffsetRange,
    readonly laterDocumentAt?: number,
  ) {}

  locate(path: readonly PathSegment[], part: 'key' | 'value' = 'value'): OffsetRange {
    const store = this.store;
    let child = this.rootChild;
    let start = this.root.start;
    let end = this.root.end;
    let keyStart = -1;
    let keyEnd = -1;
    for (const segment of path) {
      const entry = store.find(child, segment);
      if (entry === -1) {
        // Missing: the nearest existing ancestor, by its key when it has one (what cfn-lint points at).
        return keyStart === -1 ? { start, end } : { start: keyStart, end: keyEnd };
      }
      keyStart = store.field(entry, KEY_START);
      keyEnd = store.field(entry, KEY_END);
      start = store.field(entry, START);
      end = store.field(entry, END);
      child = store.field(entry, CHILD);
    }
    return part === 'key' && keyStart !== -1 ? { start: keyStart, end: keyEnd } : { start, end };
  }

  /**
   * Whether `offset` lies inside a scalar written over several lines (a block scalar, a quoted or
   * plain scalar continued on later lines): a `# checkov:skip=` line there is text of the value, not
   * a comment. Asked only of lines that look like such a comment, so the ranges are gathered once,
   * on the first question.
   */
  inScalar(offset: number): boolean {
    const ranges = (this.scalarRanges ??= multiLineScalars(this.store, this.file.text));
    // The last range starting at or before `offset` (scalars do not nest).
    let low = 0;
    let high = ranges.length >> 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ranges[2 * mid]! <= offset) low = mid + 1;
      else high = mid;
    }
    return low > 0 && offset < ranges[2 * (low - 1) + 1]!;
  }

  private scalarRanges: Int32Array | undefined;

  /**
   * The parsed document as plain data for another thread (the parallel driver parses in worker
   * threads): the value (structured clone keeps shared aliases shared), the span store's entries
   * (transfer `spans.data.buffer`: zero-copy) and its small maps. The text travels with the file.
   */
  toTransfer(): YamlTransfer {
    return { value: this.value, spans: this.store.toTransfer(), rootChild: this.rootChild, root: this.root, laterDocumentAt: this.laterDocumentAt };
  }

  /** The document `toTransfer()` described, over `file` (whose text it was parsed from), with a working `locate`. */
  static fromTransfer(file: SourceFile, transfer: YamlTransfer): YamlDocument {
    return new YamlDocument(file, transfer.value, SpanStore.fromTransfer(file.text, transfer.spans), transfer.rootChild, transfer.root, transfer.laterDocumentAt);
  }
}

/** Start and end of each scalar value written over more than one line, sorted by start, as pairs. */
function multiLineScalars(store: SpanStore, text: string): Int32Array {
  const found: [number, number][] = [];
  for (let entry = 0; entry < store.size; entry++) {
    if (store.childOf(entry) !== -1) continue;
    const start = store.field(entry, START);
    const end = store.field(entry, END);
    // An empty collection (`[` … `]` over lines) holds comments, not text.
    if (end - start < 2 || text[start] === '[' || text[start] === '{') continue;
    // Looked for within the scalar only: each character of the text is looked at once.
    for (let at = start; at < end; at++) {
      const c = text.charCodeAt(at);
      if (c === 10 || c === 13) {
        found.push([start, end]);
        break;
      }
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const out = new Int32Array(2 * found.length);
  found.forEach(([start, end], i) => {
    out[2 * i] = start;
    out[2 * i + 1] = end;
  });
  return out;
}
