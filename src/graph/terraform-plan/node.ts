/**
 * The node of one plan instance. Its `names` are read from the plan on first use, not when the node
 * is made: rules ask for the names of a kind only to resolve a literal name or ARN (`lookup.ts`), a
 * large plan links its resources by reference, and so most of its tens of thousands of nodes are
 * never asked (the name, ARN and ARN forms of 15,000 instances were 2–3 % of a run's instructions).
 */
import type { Span } from '../../core/source.js';
import type { Existence, ResourceKind, ResourceNode, RValue } from '../model.js';
import type { TerraformResourceSchema } from '../terraform/schema.js';
import { namesOf } from './attributes.js';
import type { SourceBlock } from './index.js';
import type { PlanContext } from './plan.js';
import { atSource, type Converter, type ValueSource } from './values.js';

export class PlanNode implements ResourceNode {
  declare logicalFile?: string;
  declare context?: ResourceNode['context'];
  /** The names once read (or set); undefined until then. Private fields: not properties a copy or a `JSON.stringify` of the node sees. */
  #names: RValue[] | undefined;
  // What the names are read from, until they are: fields rather than an object (one node per
  // instance), and not the plan or the instance, whose indexes a node must not keep alive.
  #converter: Converter | undefined;
  #sources: readonly ValueSource[] | undefined;
  #schema: TerraformResourceSchema | undefined;
  #source: SourceBlock | undefined;

  constructor(
    public uid: string,
    public id: string,
    public kind: ResourceKind,
    public type: string,
    public file: string,
    public span: Span,
    public existence: Existence,
    public attrs: Record<string, RValue>,
    public attrKeySpans: Record<string, Span>,
  ) {}

  /**
   * Has the names read on first use. Only while the plan's time budget lasts: a late read spends none
   * (`plan.untimed`), which within the budget is the same value, as a name is a top-level string of
   * the instance, not a value to follow. Once the budget is spent, the adapter reads them at once.
   */
  namesLater(plan: PlanContext, sources: readonly ValueSource[], schema: TerraformResourceSchema, source: SourceBlock | undefined): void {
    this.#converter = plan.untimed;
    this.#sources = sources;
    this.#schema = schema;
    this.#source = source;
  }

  get names(): RValue[] {
    if (this.#names === undefined) {
      const converter = this.#converter;
      this.#names = converter ? lateNames(converter, this.#sources!, this.#schema!, this.#source) : [];
      this.forget();
    }
    return this.#names;
  }

  set names(names: RValue[]) {
    this.#names = names;
    this.forget();
  }

  private forget(): void {
    this.#converter = undefined;
    this.#sources = undefined;
    this.#schema = undefined;
    this.#source = undefined;
  }
}

/** The instance's names, shown at its `.tf` declaration when there is one. */
export function namesAt(converter: Converter, sources: readonly ValueSource[], schema: TerraformResourceSchema, source: SourceBlock | undefined): RValue[] {
  const names = namesOf(converter, sources, schema);
  return source ? names.map((name) => atSource(name, source.span)) : names;
}

/** Resolution is written not to throw; if a late read ever does, the node has no names rather than failing a rule. */
function lateNames(converter: Converter, sources: readonly ValueSource[], schema: TerraformResourceSchema, source: SourceBlock | undefined): RValue[] {
  try {
    return namesAt(converter, sources, schema, source);
  } catch {
    return [];
  }
}
