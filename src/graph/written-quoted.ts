/**
 * Value offsets → file offsets for a string written as a double-quoted literal with JSON escapes (a
 * policy given as `"{\"Version\": …}"` in a JSON template, or in a double-quoted YAML scalar on one
 * line): each character of the value is where its escape, or itself, is written. A literal that holds
 * an escape JSON does not have, or spans lines, maps nowhere (the whole string's span stands).
 */
export class QuotedMap {
  private constructor(
    /** File offset where the value's character i is written (its escape's backslash, if escaped). */
    private readonly starts: Int32Array,
    /** File offset of the closing quote. */
    private readonly close: number,
  ) {}

  /** The map of the literal at `[start, end)` of `text` (quotes included) that decodes to `value`, or undefined. */
  static decode(value: string, text: string, start: number, end: number): QuotedMap | undefined {
    if (text[start] !== '"' || text[end - 1] !== '"' || end - start < 2) return undefined;
    const starts = new Int32Array(value.length);
    let v = 0;
    let at = start + 1;
    const close = end - 1;
    while (at < close) {
      if (v >= value.length) return undefined;
      const c = text.charCodeAt(at);
      if (c === 0x0a || c === 0x0d) return undefined;
      starts[v++] = at;
      if (c !== 0x5c) {
        at++;
        continue;
      }
      const escape = text[at + 1];
      if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
      else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) at += 2;
      else return undefined;
    }
    return v === value.length ? new QuotedMap(starts, close) : undefined;
  }

  toSource(offset: number): number | undefined {
    return offset >= 0 && offset < this.starts.length ? this.starts[offset] : undefined;
  }

  /** Where the character at `offset` ends in the file: the next one's start, or the closing quote. */
  toSourceEnd(offset: number): number | undefined {
    if (offset < 0 || offset >= this.starts.length) return undefined;
    return offset + 1 < this.starts.length ? this.starts[offset + 1] : this.close;
  }
}
