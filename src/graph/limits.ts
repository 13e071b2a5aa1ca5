/**
 * The configurable limits of value resolution (`--max-reference-depth`, `--file-time-budget`) and
 * the bookkeeping every adapter shares when one of them cuts a resolution short.
 *
 * A cut value is unknown, like any value that cannot be known statically, but unlike most it may be
 * anything at all: a flow log whose target was cut may well target the VPC next to it. So the nodes
 * whose resolution met a cut are marked (`markIncomplete`): their unknowns may be any node their file
 * can reach (`RUnknown.mayBeAnyIn`), and no rule can conclude from them that a link is missing.
 *
 * Cycles are not cuts: a value that depends on itself has no value, whatever the limits.
 */
import type { Deadline } from '../core/deadline.js';
import type { Span } from '../core/source.js';
import type { InputProblem, ResourceNode, RValue } from './model.js';

export interface ResolutionLimits {
  /** Longest chain of references followed to resolve one value (parameter → output → export …). */
  maxReferenceDepth: number;
  /** Seconds resolving one file (a template, a plan, a Terraform root module) may take. */
  fileTimeBudget: number;
  /** Resource instances one Terraform root module may make, `count` and `for_each` included (`--max-resources`). */
  maxResources?: number;
}

export const DEFAULT_RESOLUTION_LIMITS: ResolutionLimits = { maxReferenceDepth: 64, fileTimeBudget: 60, maxResources: 200_000 };

/**
 * The most links followed whatever `maxReferenceDepth` says: resolution recurses along a chain, and a
 * few thousand links would exhaust the call stack (measured: a Terraform chain of 1,000 locals does).
 */
export const MOST_LINKS = 256;

/** What is being resolved, for the messages: `AppVpc.Properties.VpcId`, `module.net.aws_vpc.this`. */
export interface Subject {
  /** The file the notices of a cut go to (once per file). */
  file: string;
  span: Span;
  what: string;
}

type CutKind = 'depth' | 'time';

/** Where adapters report what the limits cut (a `GraphBuilder`). */
export interface ProblemSink {
  reportProblem(problem: InputProblem): void;
}

/**
 * Counts the cuts of one adapter run and reports them: a reference chain cut by the depth limit is a
 * notice (a warning notification, not an error of the file) once per file; running out of time is a
 * problem (a `parse-error`) once per file. Memoised values that came out of a cut are remembered, so
 * that using one again counts as meeting the cut again (and marks the node that uses it).
 */
export class CutLedger {
  private depthCuts = 0;
  private timeCuts = 0;
  private readonly fromCuts = new WeakMap<object, CutKind>();
  private readonly told = new Set<string>();
  /** What the adapter is resolving now; set by the adapter around each top-level value. */
  subject: Subject | undefined;

  /** Links followed in a row at most: `maxReferenceDepth`, within `MOST_LINKS`. */
  readonly maxLinks: number;

  constructor(
    private readonly sink: ProblemSink,
    readonly limits: ResolutionLimits,
  ) {
    const wanted = Number.isNaN(limits.maxReferenceDepth) ? MOST_LINKS : Math.floor(limits.maxReferenceDepth);
    this.maxLinks = Math.max(0, Math.min(wanted, MOST_LINKS));
  }

  /** Cuts so far: a node whose resolution saw this grow is incomplete. */
  get count(): number {
    return this.depthCuts + this.timeCuts;
  }

  /** A reference chain longer than `maxReferenceDepth`, met while resolving the subject. */
  depth(): void {
    this.depthCuts++;
    const subject = this.subject;
    if (!subject || !this.first('depth', subject.file)) return;
    const raise = this.maxLinks < this.limits.maxReferenceDepth ? `the most flowguard follows, whatever --max-reference-depth says` : 'raise it with --max-reference-depth';
    const message = `reference chain longer than ${this.maxLinks} links while resolving ${subject.what}; treated as unknown (${raise})`;
    this.sink.reportProblem({ span: subject.span, message, notice: true });
  }

  /**
   * The file's time budget ran out while resolving the subject. `at` is where the problem is placed
   * (default: the subject) and `rest` names what was given up (`this file's`, `this root module's`).
   */
  time(deadline: Deadline, at?: Span, rest = "this file's"): void {
    this.timeCuts++;
    const span = at ?? this.subject?.span;
    if (!span || !this.first('time', span.file)) return;
    const message = `resolving references took longer than the per-file time budget of ${deadline.seconds} s; the rest of ${rest} values were treated as unknown (raise it with --file-time-budget)`;
    this.sink.reportProblem({ span, message });
  }

  /** The cut counters, for `remember`. */
  mark(): [number, number] {
    return [this.depthCuts, this.timeCuts];
  }

  /** A memoised value computed since `mark`: if a cut happened meanwhile, it came out of one. */
  remember(value: unknown, [depth, time]: [number, number]): void {
    if (typeof value !== 'object' || value === null) return;
    if (this.depthCuts > depth) this.fromCuts.set(value, 'depth');
    else if (this.timeCuts > time) this.fromCuts.set(value, 'time');
  }

  /** A memoised value used again: meeting the cut it came out of again, if any. */
  reuse(value: unknown): void {
    // Most runs never cut anything: no lookup at all then.
    if (this.depthCuts + this.timeCuts === 0 || typeof value !== 'object' || value === null) return;
    const kind = this.fromCuts.get(value);
    if (kind === 'depth') this.depth();
    // Out of time: the file's problem is reported already (memos do not outlive a file that ran out).
    else if (kind === 'time') this.timeCuts++;
  }

  private first(kind: CutKind, file: string): boolean {
    const key = `${kind}\n${file}`;
    if (this.told.has(key)) return false;
    this.told.add(key);
    return true;
  }
}

/**
 * Marks a node whose resolution met a cut: each unknown it holds where a rule looks for a link (an
 * attribute, an item of a list attribute, a part of a string) may be any node of `reach` (the logical
 * files whose nodes the adapter's values can name).
 */
export function markIncomplete(node: ResourceNode, reach: ReadonlySet<string>): void {
  const open = (value: RValue): RValue => openUp(value, reach);
  for (const [name, value] of Object.entries(node.attrs)) node.attrs[name] = open(value);
  node.names = node.names.map(open);
}

function openUp(value: RValue, reach: ReadonlySet<string>): RValue {
  switch (value.t) {
    case 'unknown':
      return { ...value, mayBeAnyIn: reach };
    case 'array':
      return value.items.some((item) => item.t === 'unknown' || item.t === 'template') ? { ...value, items: value.items.map((item) => openUp(item, reach)) } : value;
    case 'template':
      return { ...value, parts: value.parts.map((part) => (typeof part !== 'string' && part.t === 'unknown' ? { ...part, mayBeAnyIn: reach } : part)) };
    default:
      return value;
  }
}
