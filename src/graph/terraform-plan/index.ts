/**
 * Terraform plan JSON and state JSON (`terraform show -json`) → resource nodes. One node per managed
 * resource instance that survives the plan (`["delete"]` is skipped), id = its address; module calls
 * become `stack` nodes. Each plan or state is its own root: nothing in it links to another file.
 * Edges are derived by the builder from the references (`RRef`) inside the attributes.
 */
import { Deadline } from '../../core/deadline.js';
import type { Span } from '../../core/source.js';
import { lazySpan, pathStep, type DataDocument } from '../../parse/document.js';
import type { GraphBuilder } from '../builder.js';
import { guarded } from '../guarded.js';
import { CutLedger, DEFAULT_RESOLUTION_LIMITS, markIncomplete, type ResolutionLimits, type Subject } from '../limits.js';
import { PRESENT, type ResourceNode, type RValue } from '../model.js';
import { TERRAFORM_SCHEMAS } from '../terraform/schema.js';
import { isObject } from '../values.js';
import { attributesOf } from './attributes.js';
import { namesAt, PlanNode } from './node.js';
import type { Instance } from './instances.js';
import { moduleAddress, moduleNodes } from './modules.js';
import { rootDeclarations } from './configuration.js';
import { createPlan, type PlanContext } from './plan.js';
import { spanOf } from './values.js';
import type { WrittenForEach } from './each-value.js';

/** Where a module's `.tf` files are: its call names from the root, and its local directory if known. */
export interface ModuleSource {
  /** Module call names from the root module (`[]` for the root, `['net', 'subnets']` nested). */
  modulePath: string[];
  /**
   * Repository-relative directory of the module's source: the plan's directory for the root module,
   * a local `source` (`./modules/vpc`) joined onto its caller's; absent for registry and git sources
   * (look them up in `.terraform/modules/modules.json` by `modulePath`).
   */
  sourceDir?: string;
}

/** A resource's `.tf` declaration, where findings on its plan values point instead of the plan. */
export interface SourceBlock {
  /** The declaration: `resource "<type>" "<name>"`. */
  span: Span;
  /** The block's top-level arguments and nested blocks by name: where the name and the value are written. */
  arguments: ReadonlyMap<string, { key: Span; value: Span }>;
  /** The block's `for_each`, when it writes one (each-value.ts). */
  forEach?: WrittenForEach;
}

export interface PlanOptions {
  /**
   * The `.tf` declaration of a resource, when its source is in the run or beside the plan. When given,
   * the node and its values point there (an argument's values at the argument, a value the block does
   * not write at the declaration), and the node keeps the plan as `logicalFile`.
   */
  locateSource?(planFile: string, moduleSource: ModuleSource, resourceType: string, resourceName: string): SourceBlock | undefined;
  /** The `module "<callName>"` block in the caller module's `.tf` source, when it is in the run or beside the plan. */
  locateCall?(planFile: string, caller: ModuleSource, callName: string): Span | undefined;
  /**
   * The repository-relative folder of the plan's root module source when it is not beside the plan:
   * given what the plan's root module declares (`rootDeclarations`). Undefined: the plan's own folder.
   */
  locateRoot?(planFile: string, declarations: readonly string[]): string | undefined;
  /** Reference depth and per-plan time budget (default `DEFAULT_RESOLUTION_LIMITS`). */
  limits?: ResolutionLimits;
}

export function addTerraformPlans(documents: DataDocument[], builder: GraphBuilder, options: PlanOptions = {}): void {
  const limits = options.limits ?? DEFAULT_RESOLUTION_LIMITS;
  const ledger = new CutLedger(builder, limits);
  for (const doc of documents) {
    if (!isObject(doc.value)) continue;
    reportSectionShapes(doc, builder);
    const deadline = new Deadline(limits.fileTimeBudget);
    let plan: PlanContext;
    try {
      // The locator reads other files; a failure there must not cost this plan its findings.
      const rootDir = options.locateRoot ? guarded(() => options.locateRoot!(doc.file.path, rootDeclarations(doc))) : undefined;
      plan = createPlan(doc, { ledger, deadline }, rootDir);
    } catch {
      // Indexing is written not to throw; on absurd input the document contributes nothing.
      continue;
    }
    for (const { at, message } of plan.instances.problems) builder.reportProblem({ span: lazySpan(doc, at), message });
    const cache: NodeCache = { sources: new Map(), contexts: new Map(), contextsByPath: new Map() };
    // Every plan is its own root: a cut value may name a resource of this plan only.
    const reach = new Set([doc.file.path]);
    for (const instance of plan.instances.managed.values()) {
      ledger.subject = new InstanceSubject(doc, instance);
      const cuts = ledger.count;
      const node = buildNode(plan, instance, options, cache);
      // A cut value (depth, time) may be anything: the node's unknowns must not read as "no link".
      if (ledger.count > cuts) markIncomplete(node, reach);
      builder.add(node);
    }
    ledger.subject = { file: doc.file.path, span: spanOf(doc, ['configuration']), what: 'module calls' };
    for (const node of guarded(() => moduleNodes(plan)) ?? []) builder.add(node);
  }
}

/** The instance being resolved, for the ledger: its span is made only if a cut is reported (a plan has tens of thousands of instances). */
class InstanceSubject implements Subject {
  constructor(
    private readonly doc: DataDocument,
    private readonly instance: Instance,
  ) {}

  get file(): string {
    return this.doc.file.path;
  }

  get what(): string {
    return this.instance.address;
  }

  get span(): Span {
    return spanOf(this.doc, pathStep(this.instance.at, 'address'));
  }
}

/** What the instances of one block, or of one module call, share: computed once per plan. */
interface NodeCache {
  /** `.tf` declarations by configuration address. */
  sources: Map<string, SourceBlock | undefined>;
  /** `ResourceNode.context` by module path: every instance a module call creates shares one (read-only). */
  contexts: Map<string, ResourceNode['context']>;
  /** The same by the module path array, which the instances of one module instance share: no key to join per instance. */
  contextsByPath: Map<readonly string[], ResourceNode['context']>;
}

function buildNode(plan: PlanContext, instance: Instance, options: PlanOptions, cache: NodeCache): ResourceNode {
  const schema = TERRAFORM_SCHEMAS[instance.type];
  const planFile = plan.doc.file.path;
  const source = sourceBlock(plan, instance, options, cache.sources);
  const span = source?.span ?? spanOf(plan.doc, pathStep(instance.at, 'address'));
  // Resolved before the node is made, so that a plan's tens of thousands of nodes allocate their attributes once.
  let attrs: Record<string, RValue> = {};
  let attrKeySpans: Record<string, Span> = {};
  let names: RValue[] | undefined = [];
  let existence = PRESENT;
  if (schema) {
    try {
      ({ attrs, attrKeySpans } = attributesOf(plan, instance, schema, source));
      // Within the time budget, read when first asked (node.ts); once it is spent, now, as cut values.
      names = plan.timeSpent() ? namesAt(plan.plain, instance.sources, schema, source) : undefined;
    } catch (error) {
      // Resolution is written not to throw; if it ever does, the resource stays with nothing known.
      const message = error instanceof Error ? error.message : String(error);
      existence = { state: 'unknown', why: `could not be resolved: ${message}`, span };
      attrs = {};
      attrKeySpans = {};
      names = [];
    }
  }
  const node = new PlanNode(instance.uid, instance.address, schema?.kind ?? 'other', instance.type, source?.span.file ?? planFile, span, existence, attrs, attrKeySpans);
  if (names) node.names = names;
  else node.namesLater(plan, instance.sources, schema!, source);
  if (source) node.logicalFile = planFile;
  const context = moduleContextOf(plan, instance, options, cache);
  if (context) node.context = context;
  return node;
}

function moduleContextOf(plan: PlanContext, instance: Instance, options: PlanOptions, cache: NodeCache): ResourceNode['context'] {
  if (cache.contextsByPath.has(instance.modulePath)) return cache.contextsByPath.get(instance.modulePath);
  const context = moduleContext(plan, instance, options, cache.contexts);
  cache.contextsByPath.set(instance.modulePath, context);
  return context;
}

/**
 * "created by module call module.net", pointing at the call in the plan, and the `module` blocks of
 * the `.tf` source that lead here (outermost first), when the source is beside the plan; undefined in
 * the root module.
 */
function moduleContext(plan: PlanContext, instance: Instance, options: PlanOptions, cache: NodeCache['contexts']): ResourceNode['context'] {
  const modulePath = instance.modulePath.join('.');
  if (cache.has(modulePath)) return cache.get(modulePath);
  const call = plan.config.modules.get(modulePath)?.call;
  const context = call ? [{ span: spanOf(plan.doc, call.at, 'key'), message: `created by module call ${moduleAddress(instance.modulePath)}` }] : [];
  instance.modulePath.forEach((name, depth) => {
    const callerPath = instance.modulePath.slice(0, depth);
    const span = guarded(() => options.locateCall?.(plan.doc.file.path, moduleSourceOf(plan, callerPath), name));
    if (span) context.push({ span, message: `called from module "${name}"` });
  });
  const result = context.length > 0 ? context : undefined;
  cache.set(modulePath, result);
  return result;
}

/** Where a module of the plan has its `.tf` files: a local source's folder, else the manifest's (by path). */
function moduleSourceOf(plan: PlanContext, modulePath: string[]): ModuleSource {
  const module = plan.config.modules.get(modulePath.join('.'));
  const source: ModuleSource = { modulePath: [...modulePath] };
  if (module?.sourceDir !== undefined) source.sourceDir = module.sourceDir;
  // A plan without its configuration section still has a root module beside it.
  else if (!module && modulePath.length === 0) source.sourceDir = plan.config.root.sourceDir;
  return source;
}

/** The `.tf` declaration, asked once per block: every count/for_each instance shares it. */
function sourceBlock(plan: PlanContext, instance: Instance, options: PlanOptions, cache: Map<string, SourceBlock | undefined>): SourceBlock | undefined {
  const locate = options.locateSource;
  if (!locate) return undefined;
  if (cache.has(instance.configAddress)) return cache.get(instance.configAddress);
  const moduleSource = moduleSourceOf(plan, instance.modulePath);
  // The locator parses other files; a failure there must not cost this plan its findings.
  const span = guarded(() => locate(plan.doc.file.path, moduleSource, instance.type, instance.name));
  cache.set(instance.configAddress, span);
  return span;
}


/** Sections of `terraform show -json` output that must be objects or lists; anything else is a broken file. */
const SECTION_SHAPES: Record<string, 'object' | 'list'> = {
  planned_values: 'object',
  values: 'object',
  prior_state: 'object',
  configuration: 'object',
  resource_changes: 'list',
};

function reportSectionShapes(doc: DataDocument, builder: GraphBuilder): void {
  for (const [name, shape] of Object.entries(SECTION_SHAPES)) {
    const value = (doc.value as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    if (shape === 'object' ? isObject(value) : Array.isArray(value)) continue;
    const found = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    builder.reportProblem({ span: lazySpan(doc, [name], 'key'), message: `${name} must be ${shape === 'object' ? 'an object' : 'a list'}, found ${found}: not the output of \`terraform show -json\`? Nothing in it was checked` });
  }
}
