/**
 * The pass behind `JsonPositions`: an iterative token scan of text that `JSON.parse` has already
 * accepted, recording where each container (object or array) is written, three integers per container
 * in flat Int32Array chunks. Scalars are not recorded: a lookup finds them by reading the few members
 * of their container, which costs nothing next to the scan, while a plan has three times as many
 * scalars as containers (a 48 MB plan: 2.1 million values, 0.7 million containers).
 *
 * The scan is lazy: it runs only as far into the text as the lookups so far needed, and resumes from
 * there. A plan's findings sit on resources in `planned_values`, its first third; the
 * `resource_changes` and `configuration` after it are scanned only when a finding points there.
 *
 * Entries are numbered in document (pre-)order, the root being entry 0 (recorded even when the root
 * is a scalar). A container's first nested container is the entry right after it, and each entry
 * records the entry after its whole subtree (`AFTER`), so the containers among a container's
 * children are the chain `entry + 1, AFTER(entry + 1), …` that ends at the container's own `AFTER`.
 */

// Fields of one entry.
/** Offsets `[START, END)` of the value as written. */
export const START = 0;
export const END = 1;
/** The first entry after this entry's subtree. */
export const AFTER = 2;
/** Integers per entry. */
export const WIDTH = 3;

/** Entries per chunk (2^16 × 12 bytes = 768 KiB). Chunks never move once full: no copy while growing. */
export const CHUNK_BITS = 16;
const CHUNK_ENTRIES = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK_ENTRIES - 1;

const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
const SPACE = 0x20;
export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const BACKSLASH = 0x5c;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;

/** The offset of the quote that closes the string whose opening quote is at `open`, or -1 when none does. */
export function closingQuote(text: string, open: number): number {
  // indexOf finds the next quote natively; a quote is escaped iff an odd run of backslashes precedes it.
  for (let close = text.indexOf('"', open + 1); close !== -1; close = text.indexOf('"', close + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return close;
  }
  return -1;
}

/** The offset just after the closing quote of the string whose opening quote is at `open`. */
export function stringEnd(text: string, open: number): number {
  const close = closingQuote(text, open);
  return close === -1 ? text.length : close + 1; // unterminated: only on text JSON.parse would have refused
}

export function skipWhitespace(text: string, i: number): number {
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

/** The end of the scalar value (string, number, literal) that starts at `i`. */
export function scalarValueEnd(text: string, i: number): number {
  return text.charCodeAt(i) === QUOTE ? stringEnd(text, i) : scalarEnd(text, i + 1);
}

/** The first chunk of entries is sized to the text (a 2 KB template must not cost a full chunk) and doubles up to a full chunk. */
function firstChunk(length: number): Int32Array {
  return new Int32Array(Math.min(CHUNK_ENTRIES, Math.max(16, 2 ** Math.ceil(Math.log2(length / 64 + 1)))) * WIDTH);
}

/** `AFTER` of an entry the scan has not closed yet: a closed entry's is at least its own number + 1. */
const OPEN = 0;

/** `run`'s stops when there is none: no entry number is this large, or closes as -1. */
const NO_SIZE = 0x7fffffff;
const NO_ENTRY = -1;

/**
 * The container index of one text, scanned on demand. It reads tokens, not grammar: a string is
 * skipped whole (its closing quote found natively), a bracket opens or closes an entry, and any other
 * character (whitespace, `:`, `,`, numbers, literals) is stepped over. On text `JSON.parse` accepted
 * that is exactly the containers; on anything else it still terminates, closing what is open at the
 * end of the text, and never recurses.
 */
export class ContainerScan {
  /** The entries, `WIDTH` integers each; read them through `reach` and `close`. */
  readonly chunks: Int32Array[];
  /** Entries recorded so far. */
  size = 0;
  /** Whether the whole text has been scanned. */
  done = false;

  // Where the scan paused, and the state it resumes with.
  private chunk: Int32Array;
  private capacity: number;
  /** Open containers, innermost last. */
  private open: Int32Array = new Int32Array(64);
  private depth = 0;
  private offset: number;

  /**
   * The scan of `text`; with `recorded` (a `ContainerRecorder` that went through the whole of `text`),
   * already finished: its entries are the ones the scan would record, and nothing is scanned again.
   */
  constructor(
    private readonly text: string,
    recorded?: ContainerRecorder,
  ) {
    if (recorded !== undefined) {
      this.chunks = recorded.chunks;
      this.size = recorded.size;
      this.chunk = this.chunks[this.chunks.length - 1]!;
      this.capacity = this.size;
      this.offset = text.length;
      this.done = true;
      return;
    }
    this.chunk = firstChunk(text.length);
    this.chunks = [this.chunk];
    this.capacity = this.chunk.length / WIDTH;
    this.offset = skipWhitespace(text, 0);
    const first = text.charCodeAt(this.offset);
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // A scalar root (or no value at all): the one entry, and nothing to scan.
      this.chunk[START] = this.offset;
      this.chunk[END] = Math.max(this.offset, scalarValueEnd(text, this.offset));
      this.chunk[AFTER] = 1;
      this.size = 1;
      this.done = true;
    }
  }

  /** How far into the text the scan has read. */
  get scanned(): number {
    return this.offset;
  }

  /** Scans until `entry` is recorded (its `START` is set), or to the end. */
  reach(entry: number): void {
    if (entry >= this.size && !this.done) this.run(entry, NO_ENTRY);
  }

  /** Scans until `entry` is closed (its `END` and `AFTER` are set too), or to the end. */
  close(entry: number): void {
    if (!this.done && (entry >= this.size || this.chunks[entry >>> CHUNK_BITS]![(entry & CHUNK_MASK) * WIDTH + AFTER] === OPEN)) this.run(NO_SIZE, entry);
  }

  /** Scans the rest of the text. */
  finish(): void {
    if (!this.done) this.run(NO_SIZE, NO_ENTRY);
  }

  /** The scan itself, from where it paused until entry `stopSize` is recorded or entry `stopClosing` is closed. */
  private run(stopSize: number, stopClosing: number): void {
    const text = this.text;
    const n = text.length;
    const chunks = this.chunks;
    let { chunk, capacity, open, depth, size } = this;
    let i = this.offset;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const close = closingQuote(text, i);
        i = close === -1 ? n : close + 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (size === capacity) {
          if (chunk.length < CHUNK_ENTRIES * WIDTH) {
            // Only the first chunk starts small.
            const grown = new Int32Array(chunk.length * 2);
            grown.set(chunk);
            chunk = grown;
            chunks[0] = chunk;
            capacity *= 2;
          } else {
            chunk = new Int32Array(CHUNK_ENTRIES * WIDTH);
            chunks.push(chunk);
            capacity += CHUNK_ENTRIES;
          }
        }
        const entry = size++;
        chunk[(entry & CHUNK_MASK) * WIDTH + START] = i++;
        if (depth === open.length) {
          const grown = new Int32Array(depth * 2);
          grown.set(open);
          open = grown;
        }
        open[depth++] = entry;
        if (size > stopSize) return this.pause(chunk, capacity, open, depth, size, i);
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        const closed = open[--depth]!;
        const at = (closed & CHUNK_MASK) * WIDTH;
        const fields = chunks[closed >>> CHUNK_BITS]!;
        fields[at + END] = ++i;
        fields[at + AFTER] = size;
        if (depth === 0) break; // the root is closed: the rest of valid JSON is whitespace
        if (closed === stopClosing) return this.pause(chunk, capacity, open, depth, size, i);
      } else i++;
    }

    // Not JSON: what is still open ends with the text.
    while (depth > 0) {
      const closed = open[--depth]!;
      const at = (closed & CHUNK_MASK) * WIDTH;
      const fields = chunks[closed >>> CHUNK_BITS]!;
      fields[at + END] = n;
      fields[at + AFTER] = size;
    }
    this.pause(chunk, capacity, open, depth, size, i);
    this.done = true;
    // Drop the unused tail of the last chunk when it is mostly empty.
    const used = (size - ((chunks.length - 1) << CHUNK_BITS)) * WIDTH;
    if (used * 2 < chunk.length) chunks[chunks.length - 1] = chunk.slice(0, used);
  }

  // Not a closure over `run`'s locals: captured, they would live in a heap context and slow the loop.
  private pause(chunk: Int32Array, capacity: number, open: Int32Array, depth: number, size: number, offset: number): void {
    this.chunk = chunk;
    this.capacity = capacity;
    this.open = open;
    this.depth = depth;
    this.size = size;
    this.offset = offset;
  }
}

/**
 * The entries of `ContainerScan`, written by a pass that reads the whole text anyway: `parseJson`'s
 * count of keys and values (json.ts), before `JSON.parse`, tells it of every bracket outside strings.
 * A run with findings in a JSON template used to read the text a second time for them (the lazy scan
 * above), cold: about a tenth of the instructions of a run of one 0.5 MB template. Its entries are
 * used only once `JSON.parse` has accepted the text, so they are exactly the scan's.
 */
export class ContainerRecorder {
  readonly chunks: Int32Array[] = [];
  size = 0;
  private chunk: Int32Array;
  private capacity: number;
  private open: Int32Array = new Int32Array(64);
  private depth = 0;

  constructor(length: number) {
    this.chunk = firstChunk(length);
    this.chunks.push(this.chunk);
    this.capacity = this.chunk.length / WIDTH;
  }

  /** A bracket that opens a container, at offset `at`. */
  opened(at: number): void {
    if (this.size === this.capacity) this.grow();
    const entry = this.size++;
    this.chunk[(entry & CHUNK_MASK) * WIDTH + START] = at;
    if (this.depth === this.open.length) {
      const grown = new Int32Array(this.depth * 2);
      grown.set(this.open);
      this.open = grown;
    }
    this.open[this.depth++] = entry;
  }

  /** A bracket that closes the innermost open container, at offset `at`; ignored when none is open (not JSON). */
  closed(at: number): void {
    if (this.depth === 0) return;
    const closed = this.open[--this.depth]!;
    const slot = (closed & CHUNK_MASK) * WIDTH;
    const fields = this.chunks[closed >>> CHUNK_BITS]!;
    fields[slot + END] = at + 1;
    fields[slot + AFTER] = this.size;
  }

  /** Whether the entries are whole: a container was recorded, and every one recorded was closed. */
  get complete(): boolean {
    return this.size > 0 && this.depth === 0;
  }

  /** Drops the unused tail of the last chunk when it is mostly empty (the entries stay with their document). */
  trimmed(): this {
    const last = this.chunks.length - 1;
    const used = (this.size - (last << CHUNK_BITS)) * WIDTH;
    if (used * 2 < this.chunk.length) this.chunks[last] = this.chunk.slice(0, used);
    return this;
  }

  private grow(): void {
    if (this.chunk.length < CHUNK_ENTRIES * WIDTH) {
      // Only the first chunk starts small.
      const grown = new Int32Array(this.chunk.length * 2);
      grown.set(this.chunk);
      this.chunk = grown;
      this.chunks[0] = grown;
      this.capacity *= 2;
    } else {
      this.chunk = new Int32Array(CHUNK_ENTRIES * WIDTH);
      this.chunks.push(this.chunk);
      this.capacity += CHUNK_ENTRIES;
    }
  }
}
