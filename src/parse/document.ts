import type { SourceFile } from '../core/source.js';

/** A step into a parsed value: an object key or an array index. */
export type PathSegment = string | number;

/** Offsets `[start, end)` in the file's text. */
export interface OffsetRange {
  start: number;
  end: number;
}

/**
 * A JSON or YAML file parsed into plain values (objects, arrays, strings, numbers, booleans, null).
 * YAML CloudFormation short-form tags arrive in long form (`!Ref X` → `{ Ref: 'X' }`).
 */
export interface DataDocument {
  file: SourceFile;
  syntax: 'json' | 'yaml';
  value: unknown;
  /**
   * Where the value (or, with `part: 'key'`, the key) at `path` is written. A path that does not exist
   * in the source (a missing property, or a long-form key that came from a short-form tag) falls back
   * to the nearest existing ancestor, as cfn-lint does. Computed lazily: JSON pays only when asked.
   */
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): OffsetRange;
  /** YAML: whether `offset` lies inside a scalar written over several lines (so a `#` there starts no comment). */
  inScalar?(offset: number): boolean;
  /**
   * YAML: where a second, non-empty document of the stream starts (only the first is read). A
   * CloudFormation template is one document, so the engine refuses such a template there; a walked
   * Kubernetes manifest is no template and is skipped as before.
   */
  readonly laterDocumentAt?: number;
}

/** Why a file could not be parsed, and where. `limit` names the option that raises a limit that was hit. */
export interface ParseProblem {
  message: string;
  start: number;
  end: number;
  limit?: string;
}

export type ParseResult = { ok: true; document: DataDocument } | { ok: false; problem: ParseProblem };

/** Safety limits for parsing untrusted input (SPEC §6). */
export interface ParseLimits {
  /** Deepest nesting of objects/arrays accepted. */
  maxDepth: number;
  /** Most YAML alias nodes (`*name`) accepted in one document. */
  maxAliases: number;
  /**
   * Most nodes in one file: JSON values, YAML nodes (bounded from the text before js-yaml runs), HCL
   * tokens. Memory grows with them, not with bytes (parse/node-count.ts).
   */
  maxNodes: number;
  /**
   * Seconds one file's parsing may take (`--file-time-budget`); absent: no limit. Checked in the loops
   * of our own parsers; `JSON.parse` and js-yaml's event scanner cannot be interrupted, but both are
   * linear in the text (and the file size limit bounds the text).
   */
  fileTimeBudget?: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxDepth: 256, maxAliases: 1000, maxNodes: 16_000_000 };

/**
 * A path one step longer than `parent`, sharing it instead of copying it. Graph adapters give every
 * value of a template or plan a span with its path; copying the path for each value was a third of the
 * memory they allocated, for paths that are almost never read (only for a finding's position).
 */
export interface PathStep {
  readonly parent: SpanPath;
  readonly segment: PathSegment;
}

/** A path as an array, or as a step from a shorter one. */
export type SpanPath = readonly PathSegment[] | PathStep;

export function pathStep(parent: SpanPath, segment: PathSegment): PathStep {
  return { parent, segment };
}

/** The segments of `path`, root first. */
export function pathSegments(path: SpanPath): readonly PathSegment[] {
  if (isSegmentArray(path)) return path;
  const tail: PathSegment[] = [];
  let at: SpanPath = path;
  while (!isSegmentArray(at)) {
    tail.push(at.segment);
    at = at.parent;
  }
  return [...at, ...tail.reverse()];
}

function isSegmentArray(path: SpanPath): path is readonly PathSegment[] {
  return Array.isArray(path);
}

/**
 * A span whose offsets are looked up only when read. Graph values carry one each, but only the few
 * that end up in a finding are ever located (JSON files with no finding are never position-parsed).
 * A plan or template has one for nearly every value, so it keeps two fields: which part of the value
 * it points at is its class (`lazySpan` picks it), and once located its offsets take the path's place.
 */
export class LazySpan {
  /** Where the value is: its path until located, then its offsets. */
  private at: SpanPath | Located;

  constructor(
    private readonly document: DataDocument,
    path: SpanPath,
  ) {
    this.at = path;
  }

  /** The part of the value at the path this span points at. */
  protected get part(): 'key' | 'value' {
    return 'value';
  }

  get file(): string {
    return this.document.file.path;
  }

  get start(): number {
    return this.resolve().start;
  }

  get end(): number {
    return this.resolve().end;
  }

  private resolve(): OffsetRange {
    const at = this.at;
    if (at instanceof Located) return at;
    const { start, end } = this.document.locate(pathSegments(at), this.part);
    const located = new Located(start, end);
    this.at = located;
    return located;
  }

  toJSON(): { file: string; start: number; end: number } {
    return { file: this.file, start: this.start, end: this.end };
  }
}

/** A span of the key at the path (`Properties:`), not of its value. */
class LazyKeySpan extends LazySpan {
  protected override get part(): 'key' {
    return 'key';
  }
}

/** The offsets of a located `LazySpan`. */
class Located implements OffsetRange {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {}
}

/** The lazy span of the value (or, with `part: 'key'`, the key) at `path`. */
export function lazySpan(document: DataDocument, path: SpanPath, part: 'key' | 'value' = 'value'): LazySpan {
  return part === 'key' ? new LazyKeySpan(document, path) : new LazySpan(document, path);
}
