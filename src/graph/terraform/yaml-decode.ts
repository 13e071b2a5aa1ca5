/**
 * Terraform's `yamldecode()`: js-yaml's event stream read the way go-cty-yaml's decoder reads
 * libyaml's (one document; mappings of scalar keys; merge keys; anchors and aliases; the scalar rules
 * of yaml-scalars.ts). Its own module, loaded only for runs whose Terraform source calls
 * `yamldecode()` (engine/graph-build.ts `graphNeeds`), since it loads the YAML parser.
 *
 * Every value is placed where it is written in the YAML file a string was read from by `file()`, so a
 * finding on `retention_in_days = local.config.retention` points there too; a string from elsewhere (a
 * heredoc) places every value at the call. The parse limits apply as to a YAML file: the node bound
 * before js-yaml runs, the depth, the aliases and what they expand to, the time budget.
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event, type ScalarEvent } from '../../parse/js-yaml.js';
import type { SourceFile, Span } from '../../core/source.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../../parse/document.js';
import { JS_YAML_DEPTH_SLACK } from '../../parse/js-yaml-depth.js';
import { yamlNodeBoundExceeds } from '../../parse/node-count.js';
import { parseDeadline } from '../../parse/problem.js';
import { scalar, setOwn, unknown } from '../values.js';
import { varray, verror, vobject, type V } from './values.js';
import { keyText, MAP, resolveScalar, SEQ } from './yaml-scalars.js';

/** Terraform's error: the call fails (`try()` catches it). */
class DecodeError extends Error {}
/** A limit was hit, or flowguard cannot read the text as go-cty-yaml would: the value is unknown. */
class NotEvaluated extends Error {}

export function decodeYaml(text: string, source: SourceFile | undefined, span: Span, limits: ParseLimits = DEFAULT_PARSE_LIMITS): V {
  if (yamlNodeBoundExceeds(text, limits.maxNodes) !== -1) return unknown(`yamldecode() of a text past the node limit (${limits.maxNodes})`, span);
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: limits.maxDepth + JS_YAML_DEPTH_SLACK });
  } catch (error) {
    // js-yaml refuses some YAML that libyaml reads (parse/yaml.ts repairs those for templates), so
    // a refusal here is not known to be Terraform's.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return unknown(`yamldecode() of text flowguard's YAML parser cannot read (${message})`, span);
  }
  try {
    return new Decoder(text, events, source, span, limits).document();
  } catch (error) {
    if (error instanceof DecodeError) return verror(`yamldecode(): ${error.message}`, span);
    if (error instanceof NotEvaluated) return unknown(`yamldecode() ${error.message}`, span);
    if (error instanceof RangeError) return unknown('yamldecode() of text nested too deeply for the stack', span);
    throw error;
  }
}

interface Anchored {
  value: V;
  /** Nodes of the value with its aliases expanded. */
  size: number;
}

class Decoder {
  private at = 0;
  private depth = 0;
  private aliases = 0;
  private expanded = 0;
  private readonly budget: number;
  private readonly anchors = new Map<string, Anchored | 'pending'>();
  private readonly deadline;
  /** The end of the last scalar read: where a collection ends. */
  private lastEnd = 0;

  constructor(
    private readonly text: string,
    private readonly events: Event[],
    private readonly source: SourceFile | undefined,
    private readonly call: Span,
    private readonly limits: ParseLimits,
  ) {
    // As the YAML builder's (parse/yaml-builder.ts): 1,000 expanded nodes per alias allowed, at least 10 per event.
    this.budget = Math.max(1000 * limits.maxAliases, 10 * events.length);
    this.deadline = parseDeadline(limits);
  }

  document(): V {
    const events = this.events;
    // An empty text, or one of comments only, is null (go-cty-yaml 1.0.3).
    if (events.length === 0) return scalar(null, this.call);
    const start = events[this.at++]!;
    if (start.type !== EVENT_ID.DOCUMENT) throw new NotEvaluated('of an event stream not understood');
    // A `%TAG` directive renames tag handles: not followed here.
    if (start.directives.some((d) => d.kind === 'tag')) throw new NotEvaluated('of a document with %TAG directives is not evaluated');
    const value = this.node(this.events[this.at++]!).value;
    if (events[this.at]?.type !== EVENT_ID.POP) throw new NotEvaluated('of an event stream not understood');
    this.at++;
    if (this.at < events.length) throw new DecodeError('only a single document is allowed');
    return value;
  }

  private span(start: number, end: number): Span {
    return this.source ? { file: this.source.path, start, end } : this.call;
  }

  private tick(): void {
    if (this.deadline.tick()) throw new NotEvaluated(`took longer than the per-file time budget of ${this.deadline.seconds} s`);
  }

  private tagOf(e: { tagStart: number; tagEnd: number }): string {
    if (e.tagStart < 0) return '';
    const written = this.text.slice(e.tagStart, e.tagEnd);
    if (written.startsWith('!<') && written.endsWith('>')) return written.slice(2, -1);
    if (written.startsWith('!!')) return 'tag:yaml.org,2002:' + written.slice(2);
    return written;
  }

  private anchorOf(e: { anchorStart: number; anchorEnd: number }): string | undefined {
    return e.anchorStart < 0 ? undefined : this.text.slice(e.anchorStart, e.anchorEnd);
  }

  /** The value of the node that `e` starts, and its size with aliases expanded. */
  private node(e: Event | undefined): Anchored {
    this.tick();
    if (!e) throw new NotEvaluated('of an event stream not understood');
    switch (e.type) {
      case EVENT_ID.SCALAR:
        return this.anchored(e, () => this.scalarNode(e));
      case EVENT_ID.ALIAS:
        return this.alias(e);
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const tag = this.tagOf(e);
        const mapping = e.type === EVENT_ID.MAPPING;
        if (tag !== '' && tag !== (mapping ? MAP : SEQ)) throw new DecodeError(`can't interpret ${mapping ? 'mapping' : 'sequence'} as ${tag}`);
        if (++this.depth > this.limits.maxDepth) throw new NotEvaluated(`of text nested deeper than ${this.limits.maxDepth} levels (raise it with --max-depth)`);
        const result = this.anchored(e, () => (mapping ? this.mapping(e.start) : this.sequence(e.start)));
        this.depth--;
        return result;
      }
      default:
        throw new NotEvaluated('of an event stream not understood');
    }
  }

  /** Runs `read` with the node's anchor pending: an alias to it from inside is an error (cty values are finite). */
  private anchored(e: { anchorStart: number; anchorEnd: number }, read: () => Anchored): Anchored {
    const anchor = this.anchorOf(e);
    if (anchor === undefined) return read();
    this.anchors.set(anchor, 'pending');
    const result = read();
    this.anchors.set(anchor, result);
    return result;
  }

  private alias(e: { anchorStart: number; anchorEnd: number }): Anchored {
    const name = this.text.slice(e.anchorStart, e.anchorEnd);
    const anchored = this.anchors.get(name);
    if (anchored === 'pending') throw new DecodeError(`cannot refer to anchor "${name}" from inside its own definition`);
    if (!anchored) throw new DecodeError(`reference to undefined anchor "${name}"`);
    if (++this.aliases > this.limits.maxAliases) throw new NotEvaluated(`of text with more than ${this.limits.maxAliases} YAML aliases (raise it with --max-aliases)`);
    this.expanded += anchored.size;
    if (this.expanded > this.budget) throw new NotEvaluated(`of text whose aliases expand to more than ${this.budget} nodes (raise it with --max-aliases)`);
    return anchored;
  }

  private scalarNode(e: ScalarEvent): Anchored {
    const resolved = this.resolve(e);
    const span = this.scalarSpan(e);
    if ('error' in resolved) throw new DecodeError(resolved.error);
    if ('unknown' in resolved) return { value: unknown(`yamldecode(): ${resolved.unknown}`, span), size: 1 };
    // A merge key anywhere but as a key is the string "<<".
    return { value: scalar('merge' in resolved ? '<<' : resolved.value, span), size: 1 };
  }

  private resolve(e: ScalarEvent): ReturnType<typeof resolveScalar> {
    const text = e.valueStart < 0 ? '' : getScalarValue(this.text, e);
    const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
    return resolveScalar(this.tagOf(e), text, quoted);
  }

  /** Where a scalar is written, its quotes included; an empty one is where the text reached. */
  private scalarSpan(e: ScalarEvent): Span {
    if (e.valueStart < 0) return this.span(this.lastEnd, this.lastEnd);
    const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const [start, end] = quoted ? [e.valueStart - 1, e.valueEnd + 1] : [e.valueStart, e.valueEnd];
    this.lastEnd = end;
    return this.span(start, end);
  }

  private mapping(start: number): Anchored {
    const entries: Record<string, V> = {};
    const keySpans: Record<string, Span> = {};
    let size = 1;
    let unsure: string | undefined;
    for (let e = this.events[this.at++]; e?.type !== EVENT_ID.POP; e = this.events[this.at++]) {
      if (!e) throw new NotEvaluated('of an event stream not understood');
      if (e.type !== EVENT_ID.SCALAR) throw new DecodeError('only strings are allowed as mapping keys');
      const resolved = this.resolve(e);
      const keySpan = this.scalarSpan(e);
      if ('error' in resolved) throw new DecodeError(resolved.error);
      const value = this.node(this.events[this.at++]);
      size += value.size;
      if ('merge' in resolved) {
        // go-cty-yaml sets the merged keys where the `<<` is: a key written before it is overwritten.
        const merged = value.value;
        if (merged.t === 'unknown') unsure ??= merged.why;
        else if (merged.t !== 'object') throw new DecodeError(`cannot merge ${merged.t === 'array' ? 'tuple' : 'a scalar'} into mapping`);
        else for (const key of Object.keys(merged.entries)) set(key, merged.entries[key]!, merged.keySpans[key] ?? merged.span);
        continue;
      }
      if ('unknown' in resolved) {
        unsure ??= `a key: ${resolved.unknown}`;
        continue;
      }
      const key = keyText(resolved.value);
      if (key === null) throw new DecodeError('mapping key cannot be null');
      if (key === undefined) unsure ??= `a key: the number ${String(resolved.value)} as a string`;
      else set(key, value.value, keySpan);
    }
    const span = this.span(start, Math.max(start + 1, this.lastEnd));
    // A key not known may be any of the others, or overwrite them: the mapping is not known.
    if (unsure !== undefined) return { value: unknown(`yamldecode(): ${unsure.replace(/^yamldecode\(\): /, '')}`, span), size };
    return { value: vobject(entries, span, keySpans), size };

    function set(key: string, value: V, at: Span): void {
      setOwn(entries, key, value);
      setOwn(keySpans, key, at);
    }
  }

  private sequence(start: number): Anchored {
    const items: V[] = [];
    let size = 1;
    for (let e = this.events[this.at++]; e?.type !== EVENT_ID.POP; e = this.events[this.at++]) {
      const item = this.node(e);
      size += item.size;
      items.push(item.value);
    }
    return { value: varray(items, this.span(start, Math.max(start + 1, this.lastEnd))), size };
  }
}
