/**
 * One template of the run as the resolver sees it: its sections, the nested-stack links between
 * templates, and the per-template memo tables that keep resolution linear.
 */
import * as path from 'node:path';
import type { Span } from '../../core/source.js';
import type { SuggestionBudget } from '../../core/suggest.js';
import { lazySpan, pathSegments, type DataDocument, type SpanPath } from '../../parse/document.js';
import type { Existence, NodeContext, RValue } from '../model.js';
import { expandResources, hasLoops, type ExpandedResources } from './foreach.js';
import { hasOwn, isObject, own, section, type RawObject } from '../values.js';

/** A condition's value on default parameters: true, false, or why it cannot be known. */
export type Truth = boolean | { unknown: string };

export interface TemplateContext {
  /** Position in the run (templates are sorted by file path). */
  index: number;
  doc: DataDocument;
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
  /** Logical ids loops made twice (reported as problems: CloudFormation refuses the template). */
  repeatedIds: ExpandedResources['repeated'];
  outputs: RawObject;
  /** The stack resource that includes this template, when it is a nested stack of the run. */
  parent?: { ctx: TemplateContext; stackId: string };
  /** Nested-stack resources of this template whose child template is in the run. */
  children: Map<string, TemplateContext>;
  /** Nested-stack resources whose child template the run read but could not parse: its path as findings name it. */
  unparsedChildren: Map<string, string>;
  memo: {
    parameters: Map<string, RValue>;
    conditions: Map<string, Truth>;
    outputs: Map<string, RValue>;
    existence: Map<string, Existence>;
    /** `AWS::SSM::Parameter` resources' values, by logical id (ssm-parameters.ts). */
    ssmValues: Map<string, RValue>;
  };
  /**
   * The declared name each undeclared one most likely meant, with the edit-distance work the
   * template's suggestions may still spend and the names they compare (undeclared.ts): not a memo, as it does not depend on what
   * is being resolved; made on first need.
   */
  nearest?: { budget: SuggestionBudget; near: Map<string, string | undefined>; candidates: Map<string, readonly string[]> };
  /** Logical ids of the template's modules (`Type: Org::Net::Vpc::MODULE`, undeclared.ts); made on first need. */
  moduleIds?: readonly string[];
  /**
   * Whether another tool may merge this file with others into the template it deploys (a Serverless
   * Framework `resources` fragment), asked only when a name it uses is not declared in it (undeclared.ts).
   */
  mayBeFragment?: () => boolean;
}

export function uidOf(ctx: TemplateContext, logicalId: string): string {
  return `${ctx.doc.file.path}#${logicalId}`;
}

export function spanAt(ctx: TemplateContext, at: SpanPath, part?: 'key' | 'value'): Span {
  return lazySpan(ctx.doc, ctx.origins.size > 0 ? inDocument(ctx, at) : at, part);
}

/**
 * The nested-stack resources that include a template, outermost first (`ResourceNode.context`): what
 * they pass as parameters decides its resources, so a change there changes them.
 */
export function includersOf(ctx: TemplateContext): NodeContext[] {
  const out: NodeContext[] = [];
  for (let at = ctx; at.parent; at = at.parent.ctx) {
    const { ctx: parent, stackId } = at.parent;
    out.unshift({ span: spanAt(parent, ['Resources', stackId], 'key'), message: `included by nested stack \`${stackId}\``, resourceId: stackId });
  }
  return out;
}

/** `['Resources', id, …]` of a resource a loop made → the same place in the loop's template. */
function inDocument(ctx: TemplateContext, at: SpanPath): SpanPath {
  const segments = pathSegments(at);
  const origin = segments[0] === 'Resources' && typeof segments[1] === 'string' ? ctx.origins.get(segments[1]) : undefined;
  return origin ? [...origin, ...segments.slice(2)] : at;
}

/**
 * `unparsed`: files of the run that could not be read or parsed, by absolute path (their paths as
 * findings name them): a nested stack whose template is one of them says so, not "not in the run".
 */
export function createContexts(documents: DataDocument[], unparsed: ReadonlyMap<string, string> = new Map()): TemplateContext[] {
  const sorted = [...documents].sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  const contexts = sorted.map((doc, index): TemplateContext => {
    const parameters = section(doc.value, 'Parameters');
    const mappings = section(doc.value, 'Mappings');
    const { resources, origins, unknownLoops, cut, repeated } = expandResources(section(doc.value, 'Resources'), parameters, undefined, mappings);
    return {
      index,
      doc,
      parameters,
      mappings,
      conditions: section(doc.value, 'Conditions'),
      resources,
      origins,
      unknownLoops,
      loopCut: cut,
      repeatedIds: repeated,
      outputs: section(doc.value, 'Outputs'),
      children: new Map(),
      unparsedChildren: new Map(),
      memo: { parameters: new Map(), conditions: new Map(), outputs: new Map(), existence: new Map(), ssmValues: new Map() },
    };
  });
  linkNestedStacks(contexts, unparsed);
  // A nested template's loops run over what its stack resource passes, not over the defaults.
  for (const ctx of contexts) {
    const written = section(ctx.doc.value, 'Resources');
    if (!ctx.parent || !hasLoops(written)) continue;
    const passed = own(propertiesOf(ctx.parent.ctx.resources[ctx.parent.stackId]), 'Parameters');
    if (!isObject(passed)) continue;
    const expanded = expandResources(written, ctx.parameters, { stack: ctx.parent.stackId, values: passed }, ctx.mappings);
    Object.assign(ctx, { resources: expanded.resources, origins: expanded.origins, unknownLoops: expanded.unknownLoops, loopCut: expanded.cut, repeatedIds: expanded.repeated });
  }
  return contexts;
}

/**
 * `TemplateURL` (CloudFormation) or `Location` (SAM) when it names a local file, not a URL. A CDK
 * nested stack's `TemplateURL` is the S3 address its asset will have; the synthesised template sits
 * beside the parent in `cdk.out`, named by the resource's `aws:asset:path` metadata.
 */
export function localTemplatePath(resource: unknown): string | undefined {
  const type = own(resource, 'Type');
  const props = own(resource, 'Properties');
  const location =
    type === 'AWS::CloudFormation::Stack' ? own(props, 'TemplateURL') : type === 'AWS::Serverless::Application' ? own(props, 'Location') : undefined;
  const local = asLocalPath(location);
  if (local !== undefined || type !== 'AWS::CloudFormation::Stack') return local;
  const metadata = own(resource, 'Metadata');
  if (own(metadata, 'aws:asset:property') !== 'TemplateURL') return undefined;
  return asLocalPath(own(metadata, 'aws:asset:path'));
}

function asLocalPath(location: unknown): string | undefined {
  if (typeof location !== 'string' || location === '') return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location)) return undefined; // http(s)://, s3://, file:
  return location;
}

/**
 * Joins nested stacks to their child templates. A child used by several stack resources takes the
 * parameters of the first in sorted order (its resources are in the graph once); the others are
 * opaque, as if their template were not in the run (`nestedStackOf`). A link that would make a
 * template its own ancestor is not made, so parent chains are always finite.
 */
function linkNestedStacks(contexts: TemplateContext[], unparsed: ReadonlyMap<string, string>): void {
  const byPath = new Map<string, TemplateContext>();
  for (const ctx of contexts) byPath.set(path.resolve(ctx.doc.file.absolutePath), ctx);
  for (const ctx of contexts) {
    const stacks: Array<[string, string]> = [];
    for (const id of Object.keys(ctx.resources)) {
      const location = localTemplatePath(ctx.resources[id]);
      if (location !== undefined) stacks.push([id, location]);
    }
    stacks.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [stackId, location] of stacks) {
      const childPath = path.resolve(path.dirname(ctx.doc.file.absolutePath), location);
      const child = byPath.get(childPath);
      const broken = child ? undefined : unparsed.get(childPath);
      if (broken !== undefined) ctx.unparsedChildren.set(stackId, broken);
      if (!child) continue;
      ctx.children.set(stackId, child);
      if (child.parent === undefined && !isAncestorOrSelf(child, ctx)) child.parent = { ctx, stackId };
    }
  }
}

/**
 * What the run knows of the nested stack `stackId` of `ctx`: its child template with this stack's
 * parameters (`child`), or why not (`opaque`). A template that several stack resources include is
 * linted once, with the parameters of the first (`linkNestedStacks`): for the others, what they pass
 * in and what their outputs are is not known here.
 */
export function nestedStackOf(ctx: TemplateContext, stackId: string): { child: TemplateContext } | { opaque: string } {
  const child = ctx.children.get(stackId);
  const unparsed = ctx.unparsedChildren.get(stackId);
  if (!child) return { opaque: unparsed === undefined ? 'its template is not in the run' : `its template ${unparsed} could not be parsed` };
  const parent = child.parent;
  if (parent && parent.ctx === ctx && parent.stackId === stackId) return { child };
  // No parent: the link would have made the child its own ancestor (a cycle of nested stacks).
  if (!parent) return { opaque: `its template ${child.doc.file.path} includes this one (a cycle of nested stacks)` };
  const first = `\`${parent.stackId}\`${parent.ctx === ctx ? '' : ` of ${parent.ctx.doc.file.path}`}`;
  return { opaque: `its template ${child.doc.file.path} is checked with the parameters ${first} passes, not with these` };
}

function isAncestorOrSelf(candidate: TemplateContext, of: TemplateContext): boolean {
  for (let at: TemplateContext | undefined = of; at; at = at.parent?.ctx) if (at === candidate) return true;
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
