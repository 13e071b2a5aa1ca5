/**
 * The YAML builder: one loop over js-yaml's events that builds plain values and the span store, turns
 * short-form CloudFormation tags into long form, and keeps the counts (aliases, expanded nodes, depth)
 * that refuse hostile input. Apart from parseYaml (yaml.ts), which runs js-yaml and turns what goes
 * wrong into a parse problem: the builder refuses input by throwing a `ProblemError`.
 */
import {
  COLLECTION_STYLE,
  EVENT_ID,
  SCALAR_STYLE,
  getScalarValue,
  type Event,
  type MappingEvent,
  type ScalarEvent,
  type SequenceEvent,
} from './js-yaml.js';
import type { SourceFile } from '../core/source.js';
import type { ParseLimits, ParseResult } from './document.js';
import type { Deadline } from '../core/deadline.js';
import { ProblemError, failure, lineOf, overBudget, quoteForMessage } from './problem.js';
import { SpanStore, YamlDocument } from './yaml-document.js';
import { flowEnd, newFrame, type Frame } from './yaml-frame.js';
import { expandMergeKey } from './yaml-merge.js';
import { resolvePlain, type YamlSchema } from './yaml-scalars.js';
import { cloudFormationScalar, collectionFunction, standardScalar, tagOf } from './yaml-tags.js';

/** Where a document's content starts, from its first event; undefined for an empty document (`---` alone). */
function contentStart(event: Event | undefined): number | undefined {
  if (event === undefined) return undefined;
  if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) return event.start;
  if (event.type === EVENT_ID.SCALAR && event.valueStart >= 0) return event.valueStart;
  return undefined;
}

interface Anchor {
  value: unknown;
  /** Last span-store entry of the value when it is a collection, else -1. */
  child: number;
  /** Node count of the value with every alias inside it expanded. */
  size: number;
  /** Collection nesting of the value, aliases expanded (a scalar is 0). */
  height: number;
}

/**
 * A scalar's value decoded from the original text. A quoted scalar that js-yaml read on a copy with
 * one of its line breaks made a space (yaml-quoted-indent.ts) may be marked `fast` (taken verbatim),
 * yet here the break is still there and must be folded.
 */
function scalarValue(text: string, e: ScalarEvent): string {
  if (!e.fast || e.style === SCALAR_STYLE.PLAIN) return getScalarValue(text, e);
  const raw = text.slice(e.valueStart, e.valueEnd);
  return raw.includes('\n') || raw.includes('\r') ? getScalarValue(text, { ...e, fast: false }) : raw;
}

export class Builder {
  private readonly text: string;
  private readonly frames: Frame[] = [];
  private depth = 0;
  private readonly anchors = new Map<string, Anchor>();
  private readonly store: SpanStore;
  private aliases = 0;
  /** Nodes in the document with aliases expanded; compared with `budget` to catch alias bombs. */
  private expanded = 0;
  /** 1,000 expanded nodes per alias allowed (so `--max-aliases` raises both limits), at least 10 per event. */
  private readonly budget: number;
  private root: unknown = null;
  private rootChild = -1;
  private rootStart = 0;
  private rootEnd = 0;
  private rootEmpty = false;

  /**
   * `eventCount`: the events of the whole stream, which set the alias budget. A stream fed in pieces
   * (yaml-pieces.ts) has none it could count beforehand, but it never has an alias either.
   */
  constructor(
    private readonly file: SourceFile,
    eventCount: number,
    private readonly limits: ParseLimits,
    private readonly deadline: Deadline,
    private readonly schema: YamlSchema,
  ) {
    this.text = file.text;
    this.store = new SpanStore(file.text);
    this.budget = Math.max(1000 * limits.maxAliases, 10 * eventCount);
  }

  /** The document of js-yaml's whole stream: the first one of it, and where a later one starts. */
  build(events: Event[]): ParseResult {
    // events[0] opens the first document; a later DOCUMENT event starts a second one.
    const i = this.read(events, 1, events.length);
    // Documents after the first are not read; where the first non-empty one starts is kept, so that
    // a template (one document to CloudFormation and cfn-lint) can be refused there (engine).
    let laterDocumentAt: number | undefined;
    for (let j = i; j < events.length && laterDocumentAt === undefined; j++) {
      if (events[j]!.type === EVENT_ID.DOCUMENT) laterDocumentAt = contentStart(events[j + 1]);
    }
    return this.finish(laterDocumentAt);
  }

  /**
   * Reads `events[from, to)` into the document, until the first document ends there; returns the
   * index of the event that ended it (kept), or `to`. Consumed events are let go as the loop passes
   * them: js-yaml hands over the whole stream at once (about 80 bytes an event, a million events for
   * a template of 100,000 resources), and holding it until the document was built kept all of it
   * alive through the build. Nothing reads an event twice: the loop and the search for a later
   * document (from the event that ends the loop) only look ahead.
   */
  read(events: Event[], from: number, to: number): number {
    const consumed = events as (Event | undefined)[];
    let i = from;
    loop: for (; i < to; i++) {
      const event = events[i]!;
      if (this.deadline.tick()) this.stop();
      switch (event.type) {
        case EVENT_ID.SCALAR:
          this.scalar(event);
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          this.open(event);
          break;
        case EVENT_ID.ALIAS:
          this.alias(event.anchorStart, event.anchorEnd);
          break;
        case EVENT_ID.POP:
          if (this.depth === 0) break loop;
          this.close();
          break;
        case EVENT_ID.DOCUMENT:
          break loop;
      }
      consumed[i] = undefined;
    }
    return i;
  }

  /** Collections opened and not yet closed: where the reader of a stream in pieces checks it is. */
  get openCollections(): number {
    return this.depth;
  }

  /** The document read, once its events are: `laterDocumentAt`, where a second document starts. */
  finish(laterDocumentAt: number | undefined): ParseResult {
    if (this.rootEmpty && laterDocumentAt !== undefined) {
      // `---` / `...` / `---` then the template: "empty file" at 1:1 would send the reader to the wrong place.
      return failure('the first YAML document is empty and a second one starts here; a template or configuration is one document (remove the `---` and `...` lines before it)', laterDocumentAt, laterDocumentAt + 1);
    }
    if (this.rootEmpty) return failure('empty file', 0, this.text.length);
    const root = { start: this.rootStart, end: this.rootEnd };
    this.store.trim();
    return { ok: true, document: new YamlDocument(this.file, this.root, this.store, this.rootChild, root, laterDocumentAt) };
  }

  private scalar(e: ScalarEvent): void {
    this.expanded++;
    const text = this.text;
    const parent = this.depth > 0 ? this.frames[this.depth - 1] : undefined;
    const isKey = parent !== undefined && parent.isMap && !parent.hasKey;
    const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const vs = e.valueStart;
    let start = quoted ? vs - 1 : vs;
    let end = quoted ? e.valueEnd + 1 : e.valueEnd;
    let value: unknown;
    let child = -1;

    if (vs < 0) {
      // An empty node (`Key:` with nothing after it) is located at its key, or where it would be.
      if (parent?.isMap && !isKey) [start, end] = [parent.keyStart, parent.keyEnd];
      else start = end = parent ? parent.lastEnd : 0;
      if (e.tagStart >= 0) [start, end] = [e.tagStart, e.tagEnd];
      else if (parent === undefined) this.rootEmpty = e.anchorStart < 0;
    } else if (e.style === SCALAR_STYLE.LITERAL_BLOCK || e.style === SCALAR_STYLE.FOLDED_BLOCK) {
      start = this.blockIndicator(e, parent, isKey);
      while (end > start + 1 && (text.charCodeAt(end - 1) === 0x0a || text.charCodeAt(end - 1) === 0x0d)) end--;
    }

    if (e.tagStart >= 0) {
      const tag = tagOf(text, e.tagStart, e.tagEnd);
      const raw = vs < 0 ? '' : scalarValue(text, e);
      const cfn = cloudFormationScalar(tag, raw, e, start, end, this.store);
      if (cfn !== undefined && isKey) this.fail(`${tag} cannot be used as a mapping key`, e.tagStart, e.tagEnd);
      if (cfn !== undefined) child = this.store.size - 1;
      value = cfn ?? standardScalar(tag, raw, e, this.schema);
      start = e.tagStart;
    } else if (vs < 0) value = null;
    else if (e.style === SCALAR_STYLE.PLAIN) {
      // Keys keep the core schema: a logical id or mapping key `On` stays "On", whatever CloudFormation makes of it.
      value = resolvePlain(e.fast ? text.slice(vs, e.valueEnd) : getScalarValue(text, e), isKey ? 'core' : this.schema);
    }
    else value = scalarValue(text, e);

    if (e.anchorStart >= 0) {
      this.anchors.set(text.slice(e.anchorStart, e.anchorEnd), { value, child, size: 1, height: 0 });
      start = Math.min(start, e.anchorStart - 1);
    }
    if (isKey) {
      this.key(parent, value, start, end);
      // `<<` merges only as a plain, untagged key; quoted or tagged it is an ordinary key.
      parent.merging = value === '<<' && e.style === SCALAR_STYLE.PLAIN && e.tagStart < 0;
    } else this.attach(value, child, start, end, 0);
  }

  /** Where a `|` or `>` block scalar starts: its indicator, found after whatever precedes it. */
  private blockIndicator(e: ScalarEvent, parent: Frame | undefined, isKey: boolean): number {
    const text = this.text;
    let from = parent ? (parent.isMap && !isKey ? parent.keyEnd : parent.lastEnd) : 0;
    from = Math.max(from, e.tagEnd, e.anchorEnd);
    for (let i = from; i < e.valueStart; i++) {
      const c = text[i];
      if (c === '|' || c === '>') return i;
      if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && c !== ':' && c !== '-' && c !== '?') break;
    }
    return e.valueStart;
  }

  private key(parent: Frame, value: unknown, start: number, end: number): void {
    if (value !== null && typeof value === 'object') {
      this.fail('a mapping or sequence cannot be used as a mapping key', start, end);
    }
    // Keys are strings, as JSON.parse and js-yaml make them: `80:` is "80", `~:` is "null".
    const name = String(value);
    // A key given explicitly wins over the same key brought in by a merge key, wherever it stands.
    if (parent.merged?.delete(name)) delete (parent.value as Record<string, unknown>)[name];
    else if (Object.hasOwn(parent.value, name)) {
      const line = lineOf(this.text, this.store.field(this.store.findKey(parent.last, name), 0));
      this.fail(`duplicate key ${quoteForMessage(name)} (first at line ${line})`, start, end);
    }
    parent.hasKey = true;
    parent.key = name;
    parent.keyStart = start;
    parent.keyEnd = end;
    parent.lastEnd = end;
  }

  /** Adds a finished node to the collection being built (or makes it the document's root). */
  private attach(value: unknown, child: number, start: number, end: number, height: number): void {
    if (this.depth === 0) {
      this.root = value;
      this.rootChild = child;
      this.rootStart = start;
      this.rootEnd = end;
      return;
    }
    const parent = this.frames[this.depth - 1]!;
    if (parent.isMap && parent.merging) {
      expandMergeKey(this.store, parent, value, child, start, end);
      if (height > parent.height) parent.height = height;
      return;
    }
    if (parent.isMap) {
      const map = parent.value as Record<string, unknown>;
      // `__proto__` must become an own property, as JSON.parse makes it, not a prototype swap.
      if (parent.key === '__proto__') {
        Object.defineProperty(map, '__proto__', { value, enumerable: true, writable: true, configurable: true });
      } else map[parent.key] = value;
      const entry = this.store.add(parent.key, parent.keyStart, parent.keyEnd, start, end, parent.last, child, parent.count);
      parent.last = entry;
      parent.hasKey = false;
    } else {
      (parent.value as unknown[]).push(value);
      parent.last = this.store.add(undefined, -1, -1, start, end, parent.last, child, parent.count);
    }
    parent.count++;
    parent.lastEnd = end;
    if (height + 1 > parent.height) parent.height = height + 1;
  }

  private open(e: MappingEvent | SequenceEvent): void {
    this.expanded++;
    const start = e.start;
    const parent = this.depth > 0 ? this.frames[this.depth - 1] : undefined;
    if (parent !== undefined && parent.isMap && !parent.hasKey) {
      this.fail('a mapping or sequence cannot be used as a mapping key', start, start + 1);
    }
    if (this.depth + 1 > this.limits.maxDepth) this.tooDeep(start);
    const isMap = e.type === EVENT_ID.MAPPING;
    const frame = newFrame(isMap, start, e.style === COLLECTION_STYLE.FLOW, this.expanded - 1);
    if (e.tagStart >= 0) {
      frame.function = collectionFunction(tagOf(this.text, e.tagStart, e.tagEnd), isMap, e.tagStart, e.tagEnd);
      frame.tagStart = e.tagStart;
      frame.tagEnd = e.tagEnd;
      frame.nodeStart = Math.min(frame.nodeStart, e.tagStart);
    }
    if (e.anchorStart >= 0) {
      frame.anchor = this.text.slice(e.anchorStart, e.anchorEnd);
      frame.nodeStart = Math.min(frame.nodeStart, e.anchorStart - 1);
    }
    this.frames[this.depth++] = frame;
  }

  private close(): void {
    const frame = this.frames[--this.depth]!;
    const end = frame.flow ? flowEnd(this.text, frame) : frame.lastEnd;
    let value: unknown = frame.value;
    let child = frame.last;
    const fn = frame.function;
    if (fn !== undefined) {
      // The long-form wrapper's one key is located at the tag, its value at the collection.
      value = { [fn]: value };
      child = this.store.add(fn, frame.tagStart, frame.tagEnd, frame.start, end, -1, child, 0);
    }
    if (frame.anchor !== undefined) {
      const size = this.expanded - frame.expandedAtStart;
      this.anchors.set(frame.anchor, { value, child, size, height: frame.height });
    }
    this.attach(value, child, frame.nodeStart, end, frame.height);
  }

  private alias(nameStart: number, nameEnd: number): void {
    const name = this.text.slice(nameStart, nameEnd);
    const start = nameStart - 1;
    if (++this.aliases > this.limits.maxAliases) {
      this.fail(`more than ${this.limits.maxAliases} YAML aliases (raise it with --max-aliases)`, start, nameEnd, 'maxAliases');
    }
    const anchor = this.anchors.get(name);
    if (anchor === undefined) {
      // Anchors are registered when their node is complete, so a self-reference cannot build a cycle.
      const open = this.frames.slice(0, this.depth).some((f) => f.anchor === name);
      this.fail(open ? `alias *${name} refers to a node that contains it` : `undefined alias *${name}`, start, nameEnd);
    }
    this.expanded += anchor.size;
    if (this.expanded > this.budget) {
      const message = `YAML aliases expand to more than ${this.budget} nodes (alias bomb?) (raise it with --max-aliases)`;
      this.fail(message, start, nameEnd, 'maxAliases');
    }
    if (this.depth + anchor.height > this.limits.maxDepth) this.tooDeep(start, nameEnd);
    const parent = this.depth > 0 ? this.frames[this.depth - 1] : undefined;
    if (parent !== undefined && parent.isMap && !parent.hasKey) this.key(parent, anchor.value, start, nameEnd);
    else this.attach(anchor.value, anchor.child, start, nameEnd, anchor.height);
  }

  /** Out of time: the problem is placed where the builder stopped (the end of the last node it wrote). */
  private stop(): never {
    const at = this.depth > 0 ? this.frames[this.depth - 1]!.lastEnd : this.rootEnd;
    throw new ProblemError(overBudget(this.deadline, at));
  }

  private tooDeep(start: number, end = start + 1): never {
    this.fail(`nesting deeper than ${this.limits.maxDepth} levels (raise it with --max-depth)`, start, end, 'maxDepth');
  }

  private fail(message: string, start: number, end: number, limit?: string): never {
    throw new ProblemError(failure(message, start, end, limit).problem);
  }
}
