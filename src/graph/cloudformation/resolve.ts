/**
 * Static resolution of CloudFormation values (SPEC §2): every property value becomes an `RValue`,
 * known, unknown with a reason, or a reference to a node. `undefined` means `AWS::NoValue`: the
 * property or list item is treated as absent.
 *
 * Named things (parameters, conditions, outputs, existence of resources) are memoised per template,
 * so a value is resolved once however often it is used; a named thing that is re-entered while being
 * resolved is a cycle and becomes unknown, and chains longer than `maxReferenceDepth` stop as well.
 * Each template has its own time budget (`fileTimeBudget`), spent by the top-level values resolved
 * for it; once it is spent, the rest of the template's values are unknown. Both cuts are counted and
 * reported by the `CutLedger` (graph/limits.ts).
 */
import { pathSegments, pathStep, type SpanPath } from '../../parse/document.js';
import type { Span } from '../../core/source.js';
import { Deadline, deadlineClock } from '../../core/deadline.js';
import type { CutLedger, Subject } from '../limits.js';
import type { RValue } from '../model.js';
import { conditionIf, outputAbsence } from './conditions.js';
import { ExportTable, resolveImport } from './exports.js';
import { resolveFindInMap, resolveJoin, resolveSelect, resolveSplit, resolveSub } from './intrinsics.js';
import { spanAt, uidOf, type TemplateContext } from './template.js';
import { array, hasOwn, isObject, object, own, ref, relocate, scalar, setOwn, unknown } from '../values.js';
import { DYNAMIC_REFERENCE_START, withDynamicReferences } from './dynamic-references.js';
import { parameterValue } from './parameters.js';
import { SsmParameterTable } from './ssm-parameters.js';
import { resolveGetAtt } from './get-att.js';
import { resolveLength, resolveToJsonString } from './language-extensions.js';
import { resolveStackOutput } from './stack-output.js';
import { undeclaredName } from './undeclared.js';

/**
 * Deepest nesting of values, beyond what the reference chains allowed take (a link takes up to three
 * levels: the `Ref`, the value it leads to, an import's output); far beyond any real template.
 */
const MAX_DEPTH = 256;
const LEVELS_PER_LINK = 3;
/**
 * Values resolved for one top-level value (a property, an export name). YAML aliases can make a
 * small file describe a huge tree; real properties stay far below this.
 */
const MAX_WORK = 20_000;

/** Memo entry of a name whose value is being computed. */
const IN_PROGRESS: unique symbol = Symbol('in progress');

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::Region',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::NotificationARNs',
]);

export type Path = SpanPath;

export class Resolver {
  /** Named references being resolved right now (the length of the current chain). */
  private hops = 0;
  private exportTable: ExportTable | undefined;
  /** Set while export names are being resolved: an import inside an export name cannot be joined. */
  buildingExports = false;
  private work = MAX_WORK;
  /** Each template's time budget, started when its first value is resolved; `deadline` is the current one's. */
  private readonly deadlines = new Map<TemplateContext, Deadline>();
  private deadline = Deadline.none();
  private current: TemplateContext | undefined;
  /** `top` calls in progress: only a nested one gives the clock back to the template it interrupted. */
  private tops = 0;

  /** `MAX_DEPTH` and the levels the longest reference chain allowed takes. */
  private readonly maxDepth: number;

  constructor(
    readonly contexts: readonly TemplateContext[],
    private readonly ledger: CutLedger,
  ) {
    this.maxDepth = MAX_DEPTH + LEVELS_PER_LINK * ledger.maxLinks;
  }

  private ssmTable: SsmParameterTable | undefined;
  private runFileSet: ReadonlySet<string> | undefined;
  /** Set while SSM parameter names are being resolved: a lookup inside a name cannot be joined. */
  buildingSsmTable = false;

  /** The run's `AWS::SSM::Parameter` resources by name, built on first use (see ssm-parameters.ts). */
  get ssmParameters(): SsmParameterTable {
    this.ssmTable ??= this.buildTable((building) => (this.buildingSsmTable = building), () => SsmParameterTable.build(this));
    return this.ssmTable;
  }

  /** The run's export table, built on first use (export names may need parameters and conditions). */
  get exports(): ExportTable {
    this.exportTable ??= this.buildTable((building) => (this.buildingExports = building), () => ExportTable.build(this));
    return this.exportTable;
  }

  /**
   * Builds a table of names resolved across the run, with `building` set meanwhile (a lookup inside
   * a name cannot be joined). Values memoised meanwhile may hold such "not joined while building"
   * unknowns, only true then: the memos are cleared, so later uses resolve them afresh.
   */
  private buildTable<T>(building: (on: boolean) => void, build: () => T): T {
    building(true);
    try {
      return build();
    } finally {
      building(false);
      for (const ctx of this.contexts) for (const memo of Object.values(ctx.memo)) memo.clear();
    }
  }

  /**
   * Runs one top-level resolution (a property, a name, an export: `at` in `ctx`) with a fresh work
   * allowance, on the time budget of `ctx`.
   */
  top<T>(ctx: TemplateContext, at: Path, compute: () => T): T {
    // Not nested: the clock stays with `ctx` afterwards. Switching back to whichever template was
    // resolved last read the clock twice per property (a 1,000-template run: 20 ms of `hrtime`), and
    // charged the work between two properties of one template to another.
    const outer = this.tops > 0 ? this.current : undefined;
    const subject = this.ledger.subject;
    this.enter(ctx);
    this.ledger.subject = new TopSubject(ctx, at);
    this.work = MAX_WORK;
    this.tops++;
    try {
      return compute();
    } finally {
      this.tops--;
      this.ledger.subject = subject;
      if (outer) this.enter(outer);
    }
  }

  /** Switches to the time budget of `ctx`: the clock of the template left stops meanwhile. */
  private enter(ctx: TemplateContext): void {
    const left = this.current;
    if (left === ctx) return;
    let deadline = this.deadlines.get(ctx);
    // One reading of the clock serves both the template left and the one entered: a run with many
    // linked templates switches between them tens of thousands of times.
    const now = this.deadline.timed || deadline?.timed ? deadlineClock.now() : 0;
    this.deadline.suspend(now);
    // Values memoised while a template was out of time are cut short: other templates resolve them afresh.
    if (left && this.deadline.expired) for (const context of this.contexts) for (const memo of Object.values(context.memo)) memo.clear();
    if (deadline) deadline.resume(now);
    else this.deadlines.set(ctx, (deadline = new Deadline(this.ledger.limits.fileTimeBudget)));
    this.deadline = deadline;
    this.current = ctx;
  }

  /** Out of time: told once for the template, and why the value is unknown. */
  private outOfTime(): string {
    this.ledger.time(this.deadline);
    return 'not resolved: the per-file time budget ran out';
  }

  resolve(ctx: TemplateContext, raw: unknown, at: Path, depth: number): RValue | undefined {
    const span = spanAt(ctx, at);
    if (depth > this.maxDepth) return unknown('resolution too deep', span);
    if (--this.work < 0) return unknown('value too large to resolve', span);
    if (this.deadline.tick()) return unknown(this.outOfTime(), span);
    if (Array.isArray(raw)) {
      const items: RValue[] = [];
      raw.forEach((item, i) => {
        const value = this.resolve(ctx, item, pathStep(at, i), depth + 1);
        if (value) items.push(value);
      });
      return array(items, span);
    }
    if (isObject(raw)) {
      const keys = Object.keys(raw);
      const fn = keys[0];
      if (keys.length === 1 && fn !== undefined && (fn === 'Ref' || fn.startsWith('Fn::'))) {
        return this.intrinsic(ctx, fn, raw[fn], pathStep(at, fn), span, depth + 1);
      }
      const entries: Record<string, RValue> = {};
      const keySpans: Record<string, Span> = {};
      for (const key of keys) {
        const keyAt = pathStep(at, key);
        const value = this.resolve(ctx, raw[key], keyAt, depth + 1);
        if (!value) continue;
        setOwn(entries, key, value);
        setOwn(keySpans, key, spanAt(ctx, keyAt, 'key'));
      }
      return object(entries, keySpans, span);
    }
    if (typeof raw === 'string') return raw.includes(DYNAMIC_REFERENCE_START) ? withDynamicReferences(this, raw, span, depth) : scalar(raw, span);
    if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) return scalar(raw, span);
    return unknown('value of an unsupported type', span);
  }

  private intrinsic(ctx: TemplateContext, fn: string, arg: unknown, at: Path, span: Span, depth: number): RValue | undefined {
    switch (fn) {
      case 'Ref':
        return typeof arg === 'string' ? this.refName(ctx, arg, span, depth) : unknown('Ref needs a name', span);
      case 'Fn::GetAtt':
        return this.getAtt(ctx, arg, at, span, depth);
      case 'Fn::Sub':
        return resolveSub(this, ctx, arg, at, span, depth);
      case 'Fn::Join':
        return resolveJoin(this, ctx, arg, at, span, depth);
      case 'Fn::Select':
        return resolveSelect(this, ctx, arg, at, span, depth);
      case 'Fn::Split':
        return resolveSplit(this, ctx, arg, at, span, depth);
      case 'Fn::FindInMap':
        return resolveFindInMap(this, ctx, arg, at, span, depth);
      case 'Fn::If':
        return conditionIf(this, ctx, arg, at, span, depth);
      case 'Fn::ImportValue':
        return resolveImport(this, ctx, arg, at, span, depth);
      case 'Fn::ToJsonString':
        return resolveToJsonString(this, ctx, arg, at, span, depth);
      case 'Fn::Length':
        return resolveLength(this, ctx, arg, at, span, depth);
      case 'Fn::GetStackOutput':
        return resolveStackOutput(this, ctx, arg, at, span, depth);
      default:
        return { ...unknown(`flowguard does not evaluate ${fn}`, span), unevaluated: fn };
    }
  }

  /** `Ref` and `${Name}`: parameter, pseudo parameter or resource. */
  refName(ctx: TemplateContext, name: string, span: Span, depth: number): RValue | undefined {
    if (name === 'AWS::NoValue') return undefined;
    if (PSEUDO_PARAMETERS.has(name)) return { ...unknown(`${name} is only known at deploy time`, span, '*'), symbol: name };
    if (hasOwn(ctx.parameters, name)) return relocate(parameterValue(this, ctx, name, depth), span);
    if (hasOwn(ctx.resources, name)) return ref(uidOf(ctx, name), 'Ref', span);
    return undeclaredName(ctx, name, 'parameter or resource', span);
  }

  /** `Fn::GetAtt` in both forms; `${Res.Attr}` in `Fn::Sub` arrives here as a string (get-att.ts). */
  getAtt(ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
    return resolveGetAtt(this, ctx, arg, at, span, depth);
  }

  /** Every template of the run: what a custom resource's attribute may name (built on first use). */
  get runFiles(): ReadonlySet<string> {
    this.runFileSet ??= new Set(this.contexts.map((c) => c.doc.file.path));
    return this.runFileSet;
  }

  /** An output's `Value`, resolved in its own template. */
  output(ctx: TemplateContext, name: string, depth: number): RValue {
    const at = ['Outputs', name];
    return this.named(
      ctx,
      ctx.memo.outputs,
      'output',
      name,
      () => {
        const decl = own(ctx.outputs, name);
        if (!isObject(decl)) return unknown(`no output named ${name} in ${ctx.doc.file.path}`, spanAt(ctx, at));
        const absent = outputAbsence(this, ctx, name, depth);
        if (absent !== undefined) return unknown(absent, spanAt(ctx, pathStep(at, 'Condition')));
        return this.resolve(ctx, decl['Value'], pathStep(at, 'Value'), depth + 1) ?? unknown(`output ${name} has no value`, spanAt(ctx, at));
      },
      (why) => unknown(why, spanAt(ctx, at)),
    );
  }

  /**
   * Memoised, cycle-safe evaluation of a named thing of a template. A re-entered name is a cycle:
   * its value is unknown, and so is every value that depends on it.
   */
  named<V>(ctx: TemplateContext, memo: Map<string, V>, table: string, name: string, compute: () => V, blocked: (why: string) => V): V {
    // While a name is being resolved its memo entry holds IN_PROGRESS: meeting it again is a cycle.
    const entries = memo as Map<string, V | typeof IN_PROGRESS>;
    const cached = entries.get(name);
    if (cached !== undefined && cached !== IN_PROGRESS) {
      this.ledger.reuse(cached);
      return cached;
    }
    const what = `${table} ${name} (${ctx.doc.file.path})`;
    if (cached === IN_PROGRESS) return blocked(`reference cycle through ${what}`);
    if (this.hops >= this.ledger.maxLinks) {
      this.ledger.depth();
      return blocked(`resolution too deep at ${what}`);
    }
    if (this.deadline.tick()) return blocked(this.outOfTime());
    entries.set(name, IN_PROGRESS);
    this.hops++;
    const mark = this.ledger.mark();
    let value: V | undefined;
    try {
      value = compute();
      return value;
    } finally {
      this.hops--;
      if (value === undefined) entries.delete(name);
      else {
        entries.set(name, value);
        this.ledger.remember(value, mark);
      }
    }
  }
}

/**
 * What a top-level resolution is about, for the notices of a cut. Its span and name are built only if
 * a cut is reported; a class, not an object literal with getters, which V8 made a slow dictionary
 * object on each of the tens of thousands of top-level resolutions of a large run.
 */
class TopSubject implements Subject {
  readonly file: string;

  constructor(
    private readonly ctx: TemplateContext,
    private readonly at: Path,
  ) {
    this.file = ctx.doc.file.path;
  }

  get span(): Span {
    return spanAt(this.ctx, this.at, 'key');
  }

  get what(): string {
    const segments = pathSegments(this.at);
    return (segments[0] === 'Resources' ? segments.slice(1) : segments).join('.');
  }
}
