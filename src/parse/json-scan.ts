/**
 * The one pass behind `JsonPositions`: an iterative charCodeAt scan of text that `JSON.parse` has
 * already accepted, recording where each container (object or array) is written, four integers per
 * container in flat Int32Array chunks. Scalars are not recorded: a lookup finds them by reading the
 * few members of their container, which costs nothing next to the scan, while a plan has three
 * times as many scalars as containers (a 48 MB plan: 2.1 million values, 0.7 million containers).
 *
 * Entries are numbered in document (pre-)order, the root being entry 0 (recorded even when the root
 * is a scalar). A container's first nested container is the entry right after it, and each entry
 * records the entry after its whole subtree (`AFTER`), so the containers among a container's
 * children are the chain `entry + 1, AFTER(entry + 1), …` that ends at the container's own `AFTER`.
 */

// Fields of one entry.
/** Offset of the opening quote of the entry's key, or -1 for an array item and for the root. */
export const KEY_START = 0;
/** Offsets `[START, END)` of the value as written. */
export const START = 1;
export const END = 2;
/** The first entry after this entry's subtree. */
export const AFTER = 3;
export const WIDTH_BITS = 2;

/** Entries per chunk (2^16 × 16 bytes = 1 MiB). Chunks never move once full: no copy while growing. */
export const CHUNK_BITS = 16;
const CHUNK_ENTRIES = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK_ENTRIES - 1;

export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
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
export function scalarEnd(text: string, i: number): number {
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

/**
 * The single pass. Assumes valid JSON; on anything else it still terminates (closing what is open
 * at the point it stops understanding) rather than loop, and never recurses.
 */
export function scanContainers(text: string): { chunks: Int32Array[]; size: number } {
  const chunks: Int32Array[] = [];
  // The first chunk is sized to the text (a 2 KB template must not cost a full chunk) and doubles up to a full chunk.
  let chunk = new Int32Array(Math.min(CHUNK_ENTRIES, Math.max(16, 2 ** Math.ceil(Math.log2(text.length / 64 + 1)))) << WIDTH_BITS);
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
    const container = c === OPEN_BRACE || c === OPEN_BRACKET;
    if (container || size === 0) {
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
      if (container) {
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
        // A scalar root.
        i = scalarValueEnd(text, i);
        chunk[at + END] = i;
        chunk[at + AFTER] = entry + 1;
      }
    } else i = c === QUOTE ? stringEnd(text, i) : scalarEnd(text, i + 1);

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
