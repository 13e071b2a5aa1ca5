/**
 * One template of the run as the resolver sees it: its sections, the nested-stack links between
 * templates, and the per-template memo tables that keep resolution linear.
 */
import * as path from 'node:path';
import type { Span } from '../../core/source.js';
import { LazySpan, pathSegments, type DataDocument, type SpanPath } from '../../parse/document.js';
import type { Existence, RValue } from '../model.js';
import { expandResources, type ExpandedResources } from './foreach.js';
import { hasOwn, isObject, own, section, type RawObject } from '../values.js';

/** A condition's value on default parameters: true, false, or why it cannot be known. */
export type Truth = boolean | { unknown: string };

export interface TemplateContext {
  /** Position in the run (templates are sorted by file path; copies for nested stacks come after). */
  index: number;
  doc: DataDocument;
  /**
   * For the copy of a template that a second (third, …) nested stack includes: that stack's resource
   * id (with its parents' prefixes). The copy's resources are `<instance>/<logical id>`, resolved with
   * that stack's parameters; the first stack to include the template has the template itself.
   */
  instance?: string;
  parameters: RawObject;
  mappings: RawObject;
  conditions: RawObject;
  /** Every resource by logical id, `Fn::ForEach` loops expanded (foreach.ts). */
  resources: RawObject;
  /** Resources a loop made: the document path of the template each was copied from (see `spanAt`). */
  origins: ExpandedResources['origins'];
  /** Resources of loops whose collection is not known statically, and why: they may not exist. */
  unknownLoops: ExpandedResources['unknownLoops'];
  /** The loop a limit stopped expanding, if any (reported as a notice). */
  loopCut: ExpandedResources['cut'];
  outputs: RawObject;
  /** The stack resource that includes this template, when it is a nested stack of the run. */
  parent?: { ctx: TemplateContext; stackId: string };
  /** Nested-stack resources of this template whose child template is in the run. */
  children: Map<string, TemplateContext>;
  memo: {
    parameters: Map<string, RValue>;
    conditions: Map<string, Truth>;
    outputs: Map<string, RValue>;
    existence: Map<string, Existence>;
  };
}

export function uidOf(ctx: TemplateContext, logicalId: string): string {
  return `${ctx.doc.file.path}#${resourceIdOf(ctx, logicalId)}`;
}

/** The id a resource of this template (or of this copy of it) is shown with: `FlowLog`, `LogsB/FlowLog`. */
export function resourceIdOf(ctx: TemplateContext, logicalId: string): string {
  return ctx.instance === undefined ? logicalId : `${ctx.instance}/${logicalId}`;
}

export function spanAt(ctx: TemplateContext, at: SpanPath, part?: 'key' | 'value'): Span {
  return new LazySpan(ctx.doc, ctx.origins.size > 0 ? inDocument(ctx, at) : at, part);
}

/** `['Resources', id, …]` of a resource a loop made → the same place in the loop's template. */
function inDocument(ctx: TemplateContext, at: SpanPath): SpanPath {
  const segments = pathSegments(at);
  const origin = segments[0] === 'Resources' && typeof segments[1] === 'string' ? ctx.origins.get(segments[1]) : undefined;
  return origin ? [...origin, ...segments.slice(2)] : at;
}

export function createContexts(documents: DataDocument[]): TemplateContext[] {
  const sorted = [...documents].sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  const contexts = sorted.map((doc, index): TemplateContext => {
    const parameters = section(doc.value, 'Parameters');
    const { resources, origins, unknownLoops, cut } = expandResources(section(doc.value, 'Resources'), parameters);
    return {
      index,
      doc,
      parameters,
      mappings: section(doc.value, 'Mappings'),
      conditions: section(doc.value, 'Conditions'),
      resources,
      origins,
      unknownLoops,
      loopCut: cut,
      outputs: section(doc.value, 'Outputs'),
      children: new Map(),
      memo: { parameters: new Map(), conditions: new Map(), outputs: new Map(), existence: new Map() },
    };
  });
  linkNestedStacks(contexts);
  return contexts;
}

/** `TemplateURL` (CloudFormation) or `Location` (SAM) when it names a local file, not a URL. */
export function localTemplatePath(resource: unknown): string | undefined {
  const type = own(resource, 'Type');
  const props = own(resource, 'Properties');
  const location =
    type === 'AWS::CloudFormation::Stack' ? own(props, 'TemplateURL') : type === 'AWS::Serverless::Application' ? own(props, 'Location') : undefined;
  if (typeof location !== 'string' || location === '') return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location)) return undefined; // http(s)://, s3://, file:
  return location;
}

/** Copies of templates made for nested stacks that share one, in all: a diamond of shared templates stops here. */
const MAX_COPIES = 200;

/**
 * Joins nested stacks to their child templates. A template that several stack resources include is
 * the first one's (in sorted order); each other one gets a copy of it (`instance`), resolved with its
 * own parameters, as CloudFormation deploys one stack per resource. Copies are appended to
 * `contexts`, so their own nested stacks are joined in turn. A link that would make a template its
 * own ancestor is not made, so parent chains are always finite; past `MAX_COPIES` a stack that shares
 * a template is opaque (`nestedStackOf`).
 */
function linkNestedStacks(contexts: TemplateContext[]): void {
  const byPath = new Map<string, TemplateContext>();
  for (const ctx of contexts) byPath.set(path.resolve(ctx.doc.file.absolutePath), ctx);
  const labels = new Set<string>();
  for (let k = 0; k < contexts.length; k++) {
    const ctx = contexts[k]!;
    const stacks: Array<[string, string]> = [];
    for (const id of Object.keys(ctx.resources)) {
      const location = localTemplatePath(ctx.resources[id]);
      if (location !== undefined) stacks.push([id, location]);
    }
    stacks.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [stackId, location] of stacks) {
      const template = byPath.get(path.resolve(path.dirname(ctx.doc.file.absolutePath), location));
      if (!template) continue;
      if (isAncestorOrSelf(template, ctx)) {
        ctx.children.set(stackId, template);
        continue;
      }
      if (template.parent === undefined) {
        template.parent = { ctx, stackId };
        ctx.children.set(stackId, template);
      } else if (contexts.length - byPath.size < MAX_COPIES) {
        const copy = copyFor(template, ctx, stackId, contexts.length, labels);
        contexts.push(copy);
        ctx.children.set(stackId, copy);
      } else ctx.children.set(stackId, template);
    }
  }
}

/** A copy of `template` for the nested stack `stackId` of `parent`: same document, its own parameters and memo. */
function copyFor(template: TemplateContext, parent: TemplateContext, stackId: string, index: number, labels: Set<string>): TemplateContext {
  let instance = resourceIdOf(parent, stackId);
  // Two parents with a stack of one name, both sharing the template: the parent's file tells them apart.
  if (labels.has(instance)) instance = `${parent.doc.file.path}#${instance}`;
  labels.add(instance);
  return {
    ...template,
    index,
    instance,
    parent: { ctx: parent, stackId },
    children: new Map(),
    memo: { parameters: new Map(), conditions: new Map(), outputs: new Map(), existence: new Map() },
  };
}

/**
 * What the run knows of the nested stack `stackId` of `ctx`: its child template with this stack's
 * parameters (`child`), or why not (`opaque`). A template that several stack resources include is
 * linted once, with the parameters of the first (`linkNestedStacks`): for the others, what they pass
 * in and what their outputs are is not known here.
 */
export function nestedStackOf(ctx: TemplateContext, stackId: string): { child: TemplateContext } | { opaque: string } {
  const child = ctx.children.get(stackId);
  if (!child) return { opaque: 'its template is not in the run' };
  const parent = child.parent;
  if (parent && parent.ctx === ctx && parent.stackId === stackId) return { child };
  if (isAncestorOrSelf(child, ctx)) return { opaque: `its template ${child.doc.file.path} includes this one (a cycle of nested stacks)` };
  return { opaque: `its template ${child.doc.file.path} is included by more than ${MAX_COPIES} nested stacks of the run; it is checked with the parameters of the first ones only` };
}

/** Whether `candidate`'s template is `of`'s, or that of a stack above it (copies share their document). */
function isAncestorOrSelf(candidate: TemplateContext, of: TemplateContext): boolean {
  for (let at: TemplateContext | undefined = of; at; at = at.parent?.ctx) if (at.doc === candidate.doc) return true;
  return false;
}

/** The raw `Properties` of a resource (an empty object when missing or malformed). */
export function propertiesOf(resource: unknown): RawObject {
  const props = own(resource, 'Properties');
  return isObject(props) ? props : {};
}

/**
 * The templates each template's values can name resources of: its nested-stack family (parents and
 * children, transitively), and every family that exports a value (`Fn::ImportValue` may read any
 * export). A value cut short by a limit may be a resource of any of these, and of no other template.
 * Asked only for a node that met a cut, so it is computed on first use and per family: a thousand
 * stacks that all export would otherwise cost a thousand sets of a thousand files each, every run.
 */
export function reachOf(contexts: readonly TemplateContext[]): (ctx: TemplateContext) => ReadonlySet<string> {
  let families: { top: (ctx: TemplateContext) => TemplateContext; members: Map<TemplateContext, string[]>; shared: string[] } | undefined;
  const byFamily = new Map<TemplateContext, ReadonlySet<string>>();
  return (ctx) => {
    families ??= familiesOf(contexts);
    const { top, members, shared } = families;
    const head = top(ctx);
    let files = byFamily.get(head);
    if (!files) byFamily.set(head, (files = new Set([...(members.get(head) ?? []), ...shared])));
    return files;
  };
}

function familiesOf(contexts: readonly TemplateContext[]) {
  const family = new Map<TemplateContext, TemplateContext>();
  const top = (ctx: TemplateContext): TemplateContext => {
    let at = ctx;
    while (family.get(at) !== at) at = family.get(at)!;
    return at;
  };
  for (const ctx of contexts) family.set(ctx, ctx);
  for (const ctx of contexts) for (const child of ctx.children.values()) family.set(top(child), top(ctx));
  const members = new Map<TemplateContext, string[]>();
  for (const ctx of contexts) {
    const head = top(ctx);
    const list = members.get(head);
    if (list) list.push(ctx.doc.file.path);
    else members.set(head, [ctx.doc.file.path]);
  }
  const exporting = new Set(contexts.filter((ctx) => Object.values(ctx.outputs).some((o) => hasOwn(own(o, 'Export'), 'Name'))).map(top));
  const shared = [...exporting].flatMap((head) => members.get(head) ?? []);
  return { top, members, shared };
}
