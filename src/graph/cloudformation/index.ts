/**
 * CloudFormation adapter: every template of the run → resource nodes with resolved attributes.
 * Edges are derived by the builder from the references (`RRef`) inside the attributes.
 */
import { lazySpan, type DataDocument, type PathSegment } from '../../parse/document.js';
import type { GraphBuilder } from '../builder.js';
import { guarded } from '../guarded.js';
import { CutLedger, DEFAULT_RESOLUTION_LIMITS, markIncomplete, type ResolutionLimits } from '../limits.js';
import { PRESENT, type InputProblem, type ResourceKind, type ResourceNode } from '../model.js';
import { attributesOf, includedFlowLog, macroFlowLog } from './attributes.js';
import { existenceOf } from './conditions.js';
import { kindOf } from './kinds.js';
import { undeclaredLanguageExtensions } from './language-transform.js';
import { namesOf } from './names.js';
import { Resolver } from './resolve.js';
import { samGeneratedRole } from './sam.js';
import { malformedSuppressions, suppressionsOf } from './suppressions.js';
import { createContexts, includersOf, reachOf, spanAt, uidOf, type TemplateContext } from './template.js';
import { isObject, own } from '../values.js';

/**
 * `unparsed`: the run's files that could not be read or parsed, by absolute path (see createContexts).
 * `mayBeFragment`: whether a file, by absolute path, may be merged by another tool into the template
 * it deploys (the engine looks for a Serverless Framework project around it; asked only on need).
 */
export function addCloudFormation(
  documents: DataDocument[],
  builder: GraphBuilder,
  limits: ResolutionLimits = DEFAULT_RESOLUTION_LIMITS,
  unparsed: ReadonlyMap<string, string> = new Map(),
  mayBeFragment?: (absolutePath: string) => boolean,
): void {
  for (const doc of documents) {
    reportSectionShapes(doc, builder);
    const undeclared = undeclaredLanguageExtensions(doc);
    if (undeclared) builder.reportProblem(undeclared);
  }
  const contexts = createContexts(documents, unparsed);
  if (mayBeFragment) {
    for (const ctx of contexts) {
      let answer: boolean | undefined;
      ctx.mayBeFragment = () => (answer ??= mayBeFragment(ctx.doc.file.absolutePath));
    }
  }
  const ledger = new CutLedger(builder, limits);
  const resolver = new Resolver(contexts, ledger);
  // Nested stacks and exports join templates: a cut value may name a resource of the templates joined to its own.
  const reach = reachOf(contexts);
  // Built before any resource is resolved, so that export names see no half-finished resolution. If
  // it throws, the table stays unbuilt; imports then resolve through a fresh attempt or stay unknown.
  guarded(() => resolver.exports);
  for (const ctx of contexts) {
    const includers = includersOf(ctx);
    const add = (node: ResourceNode): void => {
      if (includers.length > 0) node.context = includers;
      builder.add(node);
    };
    if (ctx.loopCut) {
      const { loop, why } = ctx.loopCut;
      const message = `${String(loop[loop.length - 1])} was expanded only in part: ${why}, the most one template is expanded to; resources of the copies not made are not checked`;
      builder.reportProblem({ span: lazySpan(ctx.doc, loop, 'key'), message, notice: true });
    }
    for (const { id, at, first } of ctx.repeatedIds) {
      const [kept, again] = [madeBy(first), madeBy(at)];
      const twice = kept === again ? `${kept} makes logical id \`${id}\` twice` : `logical id \`${id}\` is made twice, by ${kept} and by ${again}`;
      const message = `${twice}: CloudFormation refuses a template whose logical ids repeat; only the first is checked`;
      builder.reportProblem({ span: lazySpan(ctx.doc, at, 'key'), message });
    }
    const included = includedFlowLog(ctx);
    if (included) add(included);
    const macro = guarded(() => macroFlowLog(ctx));
    if (macro) add(macro);
    for (const id of Object.keys(ctx.resources)) {
      const cuts = ledger.count;
      const node = buildNode(resolver, ctx, id);
      if (!node) continue;
      const untold = refusalNoRuleTells(node);
      if (untold) builder.reportProblem(untold);
      for (const { span, problem } of guarded(() => malformedSuppressions(ctx, id)) ?? []) builder.reportInertSuppression({ why: 'shape', span, problem, resourceId: id, resourceUid: node.uid });
      // A cut value (depth, time) may be anything: the node's unknowns must not read as "no link".
      if (ledger.count > cuts) markIncomplete(node, reach(ctx));
      const roleCuts = ledger.count;
      // Before the function is added: it gains its link to the role.
      const generated = guarded(() => samGeneratedRole(resolver, ctx, node));
      add(node);
      if (!generated) continue;
      if (ledger.count > roleCuts) markIncomplete(generated, reach(ctx));
      add(generated);
    }
  }
}

/**
 * Kinds whose own rule says why a refused one is never created (flow-log-delivery, log-group-retention,
 * role-trust-principal). A policy, a function, a bucket refused so is said here, once, where it is
 * written: otherwise only what uses it would tell, as a resource that "does not exist".
 */
const TOLD_BY_ITS_RULE: ReadonlySet<ResourceKind> = new Set<ResourceKind>(['flow-log', 'log-group', 'iam-role']);

function refusalNoRuleTells(node: ResourceNode): InputProblem | undefined {
  if (node.existence.state !== 'absent' || !node.existence.refused || TOLD_BY_ITS_RULE.has(node.kind)) return undefined;
  return { span: node.existence.span, message: `\`${node.id}\` is never created: ${node.existence.why}` };
}

function buildNode(r: Resolver, ctx: TemplateContext, id: string): ResourceNode | undefined {
  const resource = ctx.resources[id];
  const type = own(resource, 'Type');
  // Malformed resources are the engine's shape check's business, not a node.
  if (!isObject(resource) || typeof type !== 'string') return undefined;
  const kind = kindOf(type, own(resource, 'Properties'));
  const uid = uidOf(ctx, id);
  const span = spanAt(ctx, ['Resources', id], 'key');
  const node: ResourceNode = { uid, id, kind, type, file: ctx.doc.file.path, span, existence: PRESENT, attrs: {}, attrKeySpans: {}, names: [] };
  try {
    const { attrs, attrKeySpans, refused } = attributesOf(r, ctx, id, kind);
    node.attrs = attrs;
    node.attrKeySpans = attrKeySpans;
    node.names = namesOf(r, ctx, id, kind);
    node.existence = r.top(ctx, ['Resources', id, 'Condition'], () => existenceOf(r, ctx, id, 0));
    if (refused && node.existence.state !== 'absent') node.existence = { state: 'absent', why: refused.why, span: refused.span, refused: true };
    const suppressions = suppressionsOf(ctx, id);
    if (suppressions.length > 0) node.suppressions = suppressions;
    const constructPath = own(own(resource, 'Metadata'), 'aws:cdk:path');
    if (typeof constructPath === 'string' && constructPath !== '') node.constructPath = constructPath;
  } catch (error) {
    // Resolution is written not to throw; if it ever does (e.g. stack exhaustion on absurd input),
    // the resource stays in the graph with nothing known about it rather than stopping the run.
    const message = error instanceof Error ? error.message : String(error);
    return { ...node, existence: { state: 'unknown', why: `could not be resolved: ${message}`, span }, attrs: {}, attrKeySpans: {}, names: [] };
  }
  return node;
}


/** Template sections that must be mappings: anything else would fail `aws cloudformation validate-template`. */
const MAPPING_SECTIONS = ['Resources', 'Parameters', 'Mappings', 'Conditions', 'Outputs'];

function reportSectionShapes(doc: DataDocument, builder: GraphBuilder): void {
  for (const name of MAPPING_SECTIONS) {
    const value = own(doc.value, name);
    if (value === undefined || value === null || isObject(value)) continue;
    const found = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    builder.reportProblem({ span: lazySpan(doc, [name], 'key'), message: `${name} must be a mapping (name: definition), found ${found}; nothing in it was checked` });
  }
}

/** Who writes the resource at `path`: the innermost loop whose template holds it, or `Resources` itself. */
function madeBy(path: readonly PathSegment[]): string {
  // A loop's copy comes from [..., 'Fn::ForEach::Name', 2, 'Key${Id}'].
  const loop = path.length >= 4 ? path[path.length - 3] : undefined;
  return typeof loop === 'string' && loop.startsWith('Fn::ForEach::') ? loop : 'the resource written under Resources';
}
