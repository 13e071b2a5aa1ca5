/**
 * One plan or state as the adapter sees it: its instances, its configuration, the reference resolver,
 * and an index of the known ids, ARNs and names of its resources. Every plan is its own root, so all
 * of these are per document and nothing links across files.
 */
import type { Deadline } from '../../core/deadline.js';
import type { Span } from '../../core/source.js';
import type { DataDocument, PathSegment } from '../../parse/document.js';
import type { CutLedger } from '../limits.js';
import type { ResourceKind, RUnknown, RValue } from '../model.js';
import { TERRAFORM_SCHEMAS } from '../terraform/schema.js';
import { relocate, unknown } from '../values.js';
import type { KeyPattern } from './address.js';
import { expressionsOf, readConfiguration, type ConfigModule, type ConfigResource, type Configuration } from './configuration.js';
import { collectInstances, type Instance, type Instances } from './instances.js';
import { dataPolicyDocument } from './policy-document.js';
import { withEachValue, type WrittenForEach } from './each-value.js';
import { nodeRef, ReferenceResolver, type Candidate } from './references.js';
import { expressionReferences, knownString, spanOf, UNKNOWN_AFTER_APPLY, type Converter } from './values.js';

/** A known string of one instance that another resource may write literally (`vpc-0a1b`, an ARN). */
export interface ValueMatch {
  uid: string;
  attribute: string;
}

export interface PlanContext {
  doc: DataDocument;
  instances: Instances;
  config: Configuration;
  resolver: ReferenceResolver;
  /** Holders of each known value: one, or a list of two or three (enough to know it is ambiguous). */
  byValue: Map<string, ValueMatch | ValueMatch[]>;
  /** The converter of values that link nothing (names, module inputs, data sources): one per plan. */
  plain: Converter;
  /** `plain` without the time budget: for names read after the adapter is done (node.ts). */
  untimed: Converter;
  /** Whether the plan's time budget is spent. */
  timeSpent(): boolean;
  /** Resolutions by module, keys and references: instances of one block share one `mayBe` list. */
  links: Map<string, Resolution>;
  /** Uids of the managed instances of each kind, sorted (filled when first asked). */
  kinds: Map<ResourceKind, string[]>;
  /** The plan's time budget, ticked per value converted: the value to use instead once it is spent. */
  outOfTime: (span: Span) => RValue | undefined;
}

/** The configured limits of one plan's resolution (graph/limits.ts). */
export interface PlanLimits {
  ledger: CutLedger;
  deadline: Deadline;
}


/**
 * Indexes a plan. Linear in the document, and not interrupted: the time budget applies to what follows.
 * `rootDir`: where the root module's `.tf` files are, when not beside the plan (see `PlanOptions.locateRoot`).
 */
export function createPlan(doc: DataDocument, { ledger, deadline }: PlanLimits, rootDir?: string): PlanContext {
  const instances = collectInstances(doc);
  const config = readConfiguration(doc, rootDir);
  const outOfTime = (span: Span): RValue | undefined => {
    if (!deadline.tick()) return undefined;
    ledger.time(deadline);
    return unknown('not resolved: the per-file time budget ran out', span);
  };
  const onUnknown = (span: Span): RValue => unknown(UNKNOWN_AFTER_APPLY, span);
  const plain: Converter = { doc, onUnknown, outOfTime };
  const resolver = new ReferenceResolver(instances, (instance, attribute) => (attribute === 'json' ? dataPolicyDocument(plain, instance) : undefined), { ledger, deadline });
  return { doc, instances, config, resolver, byValue: indexValues(instances), plain, untimed: { doc, onUnknown }, timeSpent: () => deadline.expired, links: new Map(), kinds: new Map(), outOfTime };
}

/** Known `id`, `arn` and name arguments of managed instances, for literal references to them. */
function indexValues(instances: Instances): Map<string, ValueMatch | ValueMatch[]> {
  const index = new Map<string, ValueMatch | ValueMatch[]>();
  const keysByType = new Map<string, string[]>();
  for (const instance of instances.managed.values()) {
    let keys = keysByType.get(instance.type);
    if (!keys) keysByType.set(instance.type, (keys = ['id', 'arn', ...(TERRAFORM_SCHEMAS[instance.type]?.names ?? [])]));
    for (const attribute of keys) {
      const value = knownString(instance.sources, attribute);
      if (value === undefined) continue;
      // Most values have one holder: kept as the match itself, not a list of one (tens of thousands of them).
      const held = index.get(value);
      if (!held) index.set(value, { uid: instance.uid, attribute });
      else if (!Array.isArray(held)) {
        if (held.uid !== instance.uid) index.set(value, [held, { uid: instance.uid, attribute }]);
      }
      // Three holders are enough to know a value is ambiguous even to one of them; more would only
      // make a plan where thousands of resources share a value quadratic.
      else if (held.length < 3 && !held.some((m) => m.uid === instance.uid)) held.push({ uid: instance.uid, attribute });
    }
  }
  return index;
}

export function configResourceOf(plan: PlanContext, instance: Instance): ConfigResource | undefined {
  return plan.config.resources.get(instance.configAddress);
}

/**
 * The converter for one argument of an instance: a value known only after apply is linked through
 * the argument's configuration references (at the expression, where the user wrote them). `kinds`
 * are what the argument names (`vpc` for a flow log's `vpc_id`), for references the plan cannot follow.
 */
export function converterFor(
  plan: PlanContext,
  instance: Instance,
  argument: readonly string[],
  kinds: readonly ResourceKind[] = [],
  resource = configResourceOf(plan, instance),
  forEach?: WrittenForEach,
): Converter {
  return {
    doc: plan.doc,
    outOfTime: plan.outOfTime,
    onUnknown: (span) => {
      if (!resource) return untraced(plan, span, kinds);
      const refs = withEachValue(plan.resolver, resource, instance, expressionReferences(expressionsOf(resource), argument), forEach);
      const at: PathSegment[] = [...resource.at, 'expressions', argument[0] ?? ''];
      return linkReferences(plan, resource.module, instance.moduleKeys, refs, refs.length > 0 ? spanOf(plan.doc, at) : span, kinds);
    },
  };
}

/**
 * References → one `RRef` when they name exactly one instance (or one data value), else an unknown
 * that lists every instance it may be (`mayBe`): several instances of a count/for_each resource,
 * several resources in one expression, or — through a reference the plan does not record
 * (`local.*`) — every resource of the wanted kinds. The rules must not rule any of them out.
 */
export function linkReferences(plan: PlanContext, module: ConfigModule, keys: KeyPattern, refs: readonly string[], span: Span, kinds: readonly ResourceKind[] = []): RValue {
  if (refs.length === 0) return untraced(plan, span, kinds);
  const memoKey = `${module.path.join('.')}|${keys.map((k) => k ?? '*').join(',')}|${kinds.join(',')}|${refs.join('\n')}`;
  let resolution = plan.links.get(memoKey);
  if (!resolution) plan.links.set(memoKey, (resolution = resolutionOf(plan, plan.resolver.resolve(module, keys, refs), kinds)));
  const { candidates, mayBe, opaque, cut } = resolution;
  const [only] = candidates;
  if (candidates.length === 1 && only && only.t !== 'opaque') return only.t === 'node' ? nodeRef(only, span) : relocate(only.value, span);
  // No parentheses: messages quote the reason in their own ("may target it (…)").
  const why = cut ? `${UNKNOWN_AFTER_APPLY}; ${opaque} was not followed: ${cut}` : opaque ? `${UNKNOWN_AFTER_APPLY}; it depends on ${opaque}, which a plan does not record` : UNKNOWN_AFTER_APPLY;
  const result: RUnknown = unknown(why, span);
  return mayBe.length > 0 ? { ...result, mayBe } : result;
}

/**
 * A value known only after apply that the plan records no reference for (a plan without its
 * `configuration`): where it names a resource (`kinds`), it may be any resource of the plan.
 */
function untraced(plan: PlanContext, span: Span, kinds: readonly ResourceKind[]): RValue {
  const value = unknown(UNKNOWN_AFTER_APPLY, span);
  return kinds.length > 0 ? { ...value, mayBeAnyIn: new Set([plan.doc.file.path]) } : value;
}

interface Resolution {
  candidates: Candidate[];
  /** Sorted uids the value may be, shared by every value it yields (a for_each of thousands). */
  mayBe: string[];
  /** The first reference the plan cannot follow, if any, and the limit that cut it short, if one did. */
  opaque?: string;
  cut?: string;
}

function resolutionOf(plan: PlanContext, candidates: Candidate[], kinds: readonly ResourceKind[]): Resolution {
  const first = candidates.find((c): c is Candidate & { t: 'opaque' } => c.t === 'opaque');
  const uids = new Set(candidates.flatMap((c) => (c.t === 'node' ? [c.uid] : [])));
  if (first?.within) {
    for (const instance of first.within) if (kinds.includes(TERRAFORM_SCHEMAS[instance.type]?.kind ?? 'other')) uids.add(instance.uid);
  } else if (first) for (const kind of kinds) for (const uid of uidsOfKind(plan, kind)) uids.add(uid);
  const resolution: Resolution = { candidates, mayBe: [...uids].sort() };
  if (first) resolution.opaque = first.ref;
  if (first?.cut) resolution.cut = first.cut;
  return resolution;
}

function uidsOfKind(plan: PlanContext, kind: ResourceKind): string[] {
  let list = plan.kinds.get(kind);
  if (!list) {
    list = [...plan.instances.managed.values()].filter((i) => (TERRAFORM_SCHEMAS[i.type]?.kind ?? 'other') === kind).map((i) => i.uid).sort();
    plan.kinds.set(kind, list);
  }
  return list;
}
