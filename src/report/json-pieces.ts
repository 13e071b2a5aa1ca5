/**
 * `JSON.stringify(value, null, 2)` written in pieces, so a report of a million findings never becomes
 * one string: V8 refuses strings over 2^29 − 24 characters ("Invalid string length"), and the SARIF of
 * about a million findings, each about 1.5 KB pretty-printed, is past that. Joined, the pieces are
 * byte-for-byte what `JSON.stringify` prints (a property test holds them to it).
 */

/** An array whose elements are made and printed one at a time, never all held at once. */
export class StreamedArray {
  constructor(readonly items: Iterable<unknown>) {}

  /** Inside a value printed whole (deeper than the expansion), it is an ordinary array after all. */
  toJSON(): unknown[] {
    return [...this.items];
  }
}

/**
 * The pieces of `value` printed with two-space indentation. Objects and arrays down to `expandDepth`
 * levels are printed entry by entry; anything deeper is printed whole (`JSON.stringify` per element
 * is far faster than a generator per value). A `StreamedArray` met on the way is printed element by
 * element, each element whole; one inside a value printed whole is printed as the array it stands for.
 */
export function* prettyJsonPieces(value: unknown, expandDepth = 3): Generator<string> {
  yield* pieces(value, '', expandDepth);
}

function* pieces(value: unknown, indent: string, depthLeft: number): Generator<string> {
  if (value instanceof StreamedArray) {
    yield* arrayPieces(value.items, indent, (item, inner, index) => [whole(asJson(item, String(index)), inner) ?? 'null']);
    return;
  }
  if (depthLeft <= 0 || !isExpandable(value)) {
    // An object's entries that print nothing (undefined, a function) were skipped; in an array they are `null`.
    yield whole(value, indent) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield* arrayPieces(value, indent, (item, inner, index) => pieces(asJson(item, String(index)), inner, depthLeft - 1));
    return;
  }
  const entries = Object.entries(value)
    .map(([key, entry]): [string, unknown] => [key, asJson(entry, key)])
    .filter(([, entry]) => printsSomething(entry));
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  const inner = `${indent}  `;
  let first = true;
  for (const [key, entry] of entries) {
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* pieces(entry, inner, depthLeft - 1);
  }
  yield `\n${indent}}`;
}

function* arrayPieces(
  items: Iterable<unknown>,
  indent: string,
  print: (item: unknown, inner: string, index: number) => Iterable<string>,
): Generator<string> {
  const inner = `${indent}  `;
  let index = 0;
  for (const item of items) {
    yield `${index === 0 ? '[' : ','}\n${inner}`;
    yield* print(item, inner, index++);
  }
  yield index === 0 ? '[]' : `\n${indent}]`;
}

/** One value printed whole at `indent`: its own line breaks are followed by the indentation. */
function whole(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  // A JSON text has line breaks only between tokens (strings escape theirs), so indenting after each is safe.
  return text === undefined || indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}

/**
 * What JSON.stringify prints for `value` under `key`: the result of its toJSON(key), if it has one
 * (a Date's string; undefined, which drops an object's entry). A toJSON that returns a value with a
 * toJSON of its own is asked twice here, once by JSON.stringify; no report holds such a value.
 */
function asJson(value: unknown, key: string): unknown {
  if (value instanceof StreamedArray || typeof value !== 'object' || value === null) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, key) : value;
}

/** A plain object or array: one that `JSON.stringify` would print entry by entry (no `toJSON`). */
function isExpandable(value: unknown): value is object {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

function printsSomething(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}
