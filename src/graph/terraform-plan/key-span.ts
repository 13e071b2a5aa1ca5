/**
 * Where an argument of a plan instance is written as a key (`attrKeySpans`), worked out when first
 * read: a plan has tens of thousands of arguments, and only the few a finding points at are ever
 * located (the search and its spans for all of them were 0.7 % of a run's instructions on a 47.7 MB
 * plan). Where it points is what `keySpanOf` said when it ran for every argument: the key in the first
 * reading of the instance that writes the argument, else the key of its configuration expression,
 * else the value itself.
 */
import type { Span } from '../../core/source.js';
import { pathStep, type DataDocument } from '../../parse/document.js';
import { hasOwn } from '../values.js';
import type { ConfigResource } from './configuration.js';
import { spanOf, type ValueSource } from './values.js';

export class ArgumentKeySpan implements Span {
  /** The span once found; until then, what it is found from (private fields: not properties a spread or `JSON.stringify` sees). */
  #span: Span | undefined;
  #doc: DataDocument;
  #sources: readonly ValueSource[];
  #top: string;
  #resource: ConfigResource | undefined;
  #expressions: unknown;
  #value: Span;

  constructor(doc: DataDocument, sources: readonly ValueSource[], top: string, resource: ConfigResource | undefined, expressions: unknown, value: Span) {
    this.#doc = doc;
    this.#sources = sources;
    this.#top = top;
    this.#resource = resource;
    this.#expressions = expressions;
    this.#value = value;
  }

  get file(): string {
    return this.found().file;
  }

  get start(): number {
    return this.found().start;
  }

  get end(): number {
    return this.found().end;
  }

  toJSON(): { file: string; start: number; end: number } {
    return { file: this.file, start: this.start, end: this.end };
  }

  private found(): Span {
    return (this.#span ??= this.find());
  }

  private find(): Span {
    const top = this.#top;
    for (const source of this.#sources) {
      if (hasOwn(source.values, top)) return spanOf(this.#doc, pathStep(source.at, top), 'key');
    }
    const resource = this.#resource;
    if (resource && hasOwn(this.#expressions, top)) return spanOf(this.#doc, [...resource.at, 'expressions', top], 'key');
    return this.#value;
  }
}
