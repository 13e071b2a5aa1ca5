/**
 * JSON: `JSON.parse` on the fast path (hundreds of MB/s), positions only when a finding asks.
 * Duplicate keys and excessive nesting are checked without a second full parse: a key-token count
 * against the parsed value's key count, and the value's depth from an iterative walk. The pass that
 * counts keys runs before `JSON.parse` and counts values too, for the node limit (parse/node-count.ts).
 * jsonc-parser runs only on the error paths (a syntax error, a duplicate key); positions of valid
 * files come from `JsonPositions`, an index of the containers that the counting pass records as it goes.
 */
import type { Deadline } from '../core/deadline.js';
import type { SourceFile } from '../core/source.js';
import {
  DEFAULT_PARSE_LIMITS,
  type DataDocument,
  type OffsetRange,
  type ParseLimits,
  type ParseResult,
  type PathSegment,
} from './document.js';
import { describeJsonSyntaxError } from './json-errors.js';
import { JsonPositions } from './json-positions.js';
import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, ContainerRecorder, OPEN_BRACE, OPEN_BRACKET, QUOTE, closingQuote, skipWhitespace } from './json-scan.js';
import { tooManyNodes } from './node-count.js';
import { jsoncParser } from './jsonc.js';
import { failure, firstContentIndex, lineOf, overBudget, parseDeadline, quoteForMessage, stackExhausted } from './problem.js';

/**
 * How `.tf.json` (parse/hcl/tfjson.ts) counts its values against `maxNodes`: `weight` nodes each, the
 * total left in `nodes` once the file is counted.
 */
export interface WeightedValues {
  weight: number;
  nodes: number;
  /**
   * Whether a key may repeat: HCL's JSON syntax keeps every definition of a property name (two
   * `"resource"` keys at the top of a `.tf.json` file are two sets of blocks); the converter refuses
   * what Terraform refuses, an argument set twice.
   */
  repeatedKeys?: boolean;
}

/**
 * `deadline`: the file's time budget, when the caller already started it (`.tf.json` parses the text
 * as JSON first). `JSON.parse` cannot be interrupted, but it is linear and runs at hundreds of MB/s;
 * the checks after it (our own loops) stop once the budget is spent. `weighted`: `.tf.json` only.
 */
export function parseJson(file: SourceFile, limits: ParseLimits = DEFAULT_PARSE_LIMITS, deadline: Deadline = parseDeadline(limits), weighted?: WeightedValues): ParseResult {
  try {
    return parse(file, limits, deadline, weighted);
  } catch (error) {
    // jsonc-parser (error paths only) recurses; only a maxDepth configured far above the default can make it overflow.
    if (error instanceof RangeError) return failure(stackExhausted(limits.maxDepth), 0, 0, 'maxDepth');
    throw error;
  }
}

function parse(file: SourceFile, limits: ParseLimits, deadline: Deadline, weighted: WeightedValues | undefined): ParseResult {
  const text = file.text;
  if (firstContentIndex(text) === -1) return failure('empty file', 0, text.length);

  // Counted before JSON.parse, which cannot be stopped once it starts building (parse/node-count.ts).
  const weight = weighted?.weight ?? 1;
  // The same pass records where each object and array is written, for the positions of findings: a
  // second pass over the text for them cost more than recording them here, even in a plan, where it
  // read only the first third. Not for `.tf.json`, which the HCL converter reads with positions of its own.
  const recorder = weighted ? undefined : new ContainerRecorder(text.length);
  const counted = scanTokens(text, deadline, limits.maxNodes, weight, recorder);
  if (counted === null) return { ok: false, problem: overBudget(deadline, 0) };
  if (counted.pastNodeLimit !== undefined) return tooManyNodes(limits.maxNodes, weighted ? 'tfjson' : 'json', counted.pastNodeLimit);
  if (weighted) weighted.nodes = counted.nodes;

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (thrown) {
    // The error describer (jsonc-parser) is recursive: refuse absurd nesting before calling it.
    const tooDeep = deepestBracket(text, limits.maxDepth);
    if (tooDeep !== -1) return depthFailure(tooDeep, limits.maxDepth);
    return { ok: false, problem: describeJsonSyntaxError(text, thrown) };
  }

  const shape = measure(value, deadline);
  // The walk does not know offsets: a file out of time is reported at its start.
  if (shape === undefined) return { ok: false, problem: overBudget(deadline, 0) };
  if (shape.depth > limits.maxDepth) return depthFailure(deepestBracket(text, limits.maxDepth), limits.maxDepth);
  if (counted.keys !== shape.keys && !weighted?.repeatedKeys) {
    const duplicate = findDuplicateKey(text);
    if (duplicate) return duplicate;
  }
  return { ok: true, document: new JsonDocument(file, value, recorder?.complete ? recorder.trimmed() : undefined) };
}

function depthFailure(offset: number, maxDepth: number) {
  const start = Math.max(offset, 0);
  return failure(`nesting deeper than ${maxDepth} levels (raise it with --max-depth)`, start, start + 1, 'maxDepth');
}

/** Number of own keys in all objects, and the deepest object/array nesting (root container = 1); undefined when out of time. */
function measure(root: unknown, deadline: Deadline): { keys: number; depth: number } | undefined {
  if (root === null || typeof root !== 'object') return { keys: 0, depth: 0 };
  let keys = 0;
  let depth = 0;
  const values: object[] = [root];
  const depths: number[] = [1];
  while (values.length > 0) {
    if (deadline.tick()) return undefined;
    const node = values.pop()!;
    const d = depths.pop()!;
    if (d > depth) depth = d;
    // JSON.parse makes only own, enumerable data properties (`__proto__` included): Object.values sees
    // them all, and was a quarter faster than for…in over a 48 MB plan.
    const children = Array.isArray(node) ? node : Object.values(node);
    if (!Array.isArray(node)) keys += children.length;
    for (let i = 0; i < children.length; i++) {
      const item: unknown = children[i];
      if (item !== null && typeof item === 'object') {
        values.push(item);
        depths.push(d + 1);
      }
    }
  }
  return { keys, depth };
}

/**
 * One pass over the text, before `JSON.parse`: counts keys (strings followed by a colon), for the
 * duplicate-key check, and values (one for the root, one per comma and one per container that is not
 * empty, outside strings: exact for valid JSON), for the node limit. Stops at the character that takes
 * the values past `maxNodes` (`pastNodeLimit`), before `JSON.parse` builds them. Null when out of time.
 *
 * Strings are skipped whole (escapes included) by indexOf, and the few characters between them read
 * one by one: on a 48 MB plan this pass takes what counting keys alone took (an indexOf for the start of
 * each string as well doubled it). No regex: a match allocated an array and a substring per string (a
 * scavenge every few milliseconds). On text JSON.parse refuses, the counts mean nothing but stay bounded.
 * Each value counts `weight` nodes (`nodes`: their total). `recorder` is told of every bracket outside
 * strings: on text JSON.parse accepts, the containers `JsonPositions` needs.
 */
function scanTokens(text: string, deadline: Deadline, maxNodes: number, weight: number, recorder: ContainerRecorder | undefined): { keys: number; nodes: number; pastNodeLimit?: number } | null {
  let keys = 0;
  let values = weight;
  // The library takes a limit of 0 (no value at all): the root is one already.
  if (values > maxNodes) return { keys, nodes: values, pastNodeLimit: Math.max(firstContentIndex(text), 0) };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const close = closingQuote(text, i);
      if (close === -1) break;
      i = skipWhitespace(text, close + 1);
      if (text.charCodeAt(i) === COLON) {
        keys++;
        i++;
      }
      if (deadline.tick()) return null;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      recorder?.opened(i);
      if (!closesNext(text, i + 1) && (values += weight) > maxNodes) return { keys, nodes: values, pastNodeLimit: i };
    } else if (c === COMMA) {
      if ((values += weight) > maxNodes) return { keys, nodes: values, pastNodeLimit: i };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) recorder?.closed(i);
    i++;
  }
  return { keys, nodes: values };
}

/** Whether the first character at or after `i` that is not whitespace closes a container (`[]`, `{}` are empty). */
function closesNext(text: string, i: number): boolean {
  const c = text.charCodeAt(skipWhitespace(text, i));
  return c === CLOSE_BRACE || c === CLOSE_BRACKET;
}

/** Offset of the bracket that first opens level `maxDepth + 1`, or -1. Iterative; tolerates bad input. */
function deepestBracket(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = closingQuote(text, i);
      if (i === -1) return -1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** The slow pass, run only when the key counts disagree: finds the first repeated key in order. */
function findDuplicateKey(text: string) {
  const objects: Map<string, number>[] = [];
  let found: { name: string; offset: number; length: number; first: number } | undefined;
  jsoncParser().visit(text, {
    onObjectBegin: () => void objects.push(new Map()),
    onObjectEnd: () => void objects.pop(),
    onObjectProperty: (name, offset, length) => {
      const keys = objects[objects.length - 1];
      if (found || !keys) return;
      const first = keys.get(name);
      if (first === undefined) keys.set(name, offset);
      else found = { name, offset, length, first };
    },
  });
  if (!found) return undefined;
  const message = `duplicate key ${quoteForMessage(found.name)} (first at line ${lineOf(text, found.first)})`;
  return failure(message, found.offset, found.offset + found.length);
}

/**
 * The document of a text `parseJson` accepted elsewhere (the parallel driver parses in worker
 * threads and sends only the text): `JSON.parse` again, faster than a structured clone of the
 * value, without the checks, which passed. Positions are built lazily from the text, as usual.
 */
export function acceptedJson(file: SourceFile): DataDocument {
  return new JsonDocument(file, JSON.parse(file.text));
}

class JsonDocument implements DataDocument {
  readonly syntax = 'json';
  private positions: JsonPositions | undefined;

  /** `recorded`: the containers `parseJson`'s pass met; without them (`acceptedJson`), a lazy scan finds them. */
  constructor(
    readonly file: SourceFile,
    readonly value: unknown,
    private readonly recorded?: ContainerRecorder,
  ) {}

  locate(path: readonly PathSegment[], part: 'key' | 'value' = 'value'): OffsetRange {
    // Built on first use only: most JSON files produce no finding and never pay for the lookups' tables.
    return (this.positions ??= JsonPositions.build(this.file.text, this.recorded)).locate(path, part);
  }
}
