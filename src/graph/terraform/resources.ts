/**
 * Resource instances → graph nodes: kind and attributes from `schema.ts` (nested `block.argument`
 * mappings collect one value per block, `dynamic` blocks included), JSON policy arguments as object
 * trees, flow-log targets from `FLOW_LOG_TARGETS`, names and ARNs for name matching. Module calls
 * whose source is not in the run become `stack` nodes holding their arguments.
 */
import { dirname } from 'node:path';
import type { Span } from '../../core/source.js';
import type { Block } from '../../parse/hcl/ast.js';
import { policyDocument } from '../policy-json.js';
import type { WrittenAt } from '../written-string.js';
import { firstUndeclared, makeString, scalar, unknown } from '../values.js';
import type { ResourceNode, RTemplate, RValue } from '../model.js';
import { blocksOf } from './blocks.js';
import { attributeOf, fileFor, headerSpan, scopeFor, spanOf, type CallInstance, type ModuleInstance, type ResourceInstance, type Scope } from './context.js';
import type { Evaluator } from './evaluate.js';
import { workspaceAssumption } from './explain.js';
import { FLOW_LOG_TARGETS, TERRAFORM_SCHEMAS, terraformValue, type TerraformResourceSchema } from './schema.js';
import { declSuppressions } from './suppressions.js';
import { readsWorkspace } from './workspace-reads.js';
import { entry, isNull, type V } from './values.js';
import { refusedFor } from './undeclared.js';
import { firstOf, misnamedTarget, refusedTarget } from './typed-target.js';
import { toRValue } from './walks.js';

type Part = RTemplate['parts'][number];

export function resourceNode(ev: Evaluator, res: ResourceInstance): ResourceNode {
  const { decl, inst } = res;
  const schema = TERRAFORM_SCHEMAS[decl.type];
  const span = headerSpan(decl.file, decl.block);
  const node: ResourceNode = {
    uid: res.uid,
    id: res.address,
    kind: schema?.kind ?? 'other',
    type: decl.type,
    file: decl.file.file.path,
    span,
    existence: res.existence,
    attrs: {},
    attrKeySpans: {},
    names: [],
    ...placement(inst, decl.file.file.path),
  };
  const suppressions = [...inst.suppressions, ...declSuppressions(decl, decl.block)];
  if (suppressions.length > 0) node.suppressions = suppressions;
  if (!schema) return node;
  try {
    fillAttributes(ev, res, schema, node);
    if (schema.typedTarget) fillTypedTarget(ev, res, schema.typedTarget, node);
    else if (schema.kind === 'flow-log') fillFlowLogTarget(ev, res, node);
    node.names = namesOf(ev, res, schema);
    if (schema.kind === 'flow-log') refuseUndeclared(node);
  } catch (error) {
    // Evaluation is written not to throw; if it does on absurd input, the resource stays, unknown.
    const message = error instanceof Error ? error.message : String(error);
    return { ...node, existence: { state: 'unknown', why: `could not be evaluated: ${message}`, span }, attrs: {}, attrKeySpans: {}, names: [] };
  }
  return node;
}

/**
 * A flow log whose arguments name something its module does not declare is never created
 * (undeclared.ts). A value passed in keeps where the name is written as the existence's origin:
 * the flow log's own argument (`vpc_id = var.vpc_id`) shows none of it, and when that place is in
 * another folder, the module that does not declare it is the caller's.
 */
function refuseUndeclared(node: ResourceNode): void {
  if (node.existence.state === 'absent') return;
  const found = firstUndeclared(node.attrs);
  if (!found) return;
  const written = found.origin?.[found.origin.length - 1];
  const passedIn = written !== undefined && dirname(written.file) !== dirname(found.span.file);
  node.existence = { state: 'absent', why: refusedFor(found.undeclared, passedIn), span: found.span, ...(written ? { origin: [written] } : {}), refused: true };
}

/** The root file the address is relative to (the resource's own file in a root module), and the call sites. */
function placement(inst: ModuleInstance, ownFile: string): Pick<ResourceNode, 'logicalFile' | 'context'> {
  return { logicalFile: inst.logicalFile ?? ownFile, ...(inst.context.length > 0 ? { context: inst.context } : {}) };
}

function fillAttributes(ev: Evaluator, res: ResourceInstance, schema: TerraformResourceSchema, node: ResourceNode): void {
  const block = res.decl.block;
  for (const [argument, attr] of Object.entries(schema.attributes)) {
    const isDocument = schema.jsonDocuments?.includes(argument) ?? false;
    const dot = argument.indexOf('.');
    if (dot >= 0) {
      const nested = nestedValues(ev, block, argument.slice(0, dot), argument.slice(dot + 1), res.scope, isDocument);
      if (nested) {
        node.attrs[attr] = nested.value;
        node.attrKeySpans[attr] = nested.keySpan;
      }
      continue;
    }
    const attribute = attributeOf(block, argument);
    if (!attribute) continue;
    const value = ev.eval(attribute.expr, scopeFor(res.scope, attribute));
    if (isUnset(value) && !schema.keepsEmpty?.includes(argument)) continue;
    const converted = isDocument ? documentOf(value, writtenIn(res.inst)) : terraformValue(res.decl.type, attr, toRValue(value));
    // Only a known scalar gives a definite finding; checking others would cost an expression walk each.
    node.attrs[attr] = converted.t === 'scalar' && readsWorkspace(res.inst, attribute.expr) ? { ...converted, assumes: workspaceAssumption(res.inst.root) } : converted;
    node.attrKeySpans[attr] = spanOf(fileFor(res.decl.file, attribute), attribute.nameRange);
  }
}

/**
 * Null leaves an argument unset; so does `""` for the AWS provider's optional strings (its SDK reads
 * the zero value as unset), which modules pass as "not given" (`iam_role_arn = var.role_arn`, default "").
 */
function isUnset(value: V): boolean {
  return isNull(value) || (value.t === 'scalar' && value.value === '');
}

/**
 * `inline_policy.policy`: one value per `inline_policy` block (dynamic ones included), as a list; or,
 * where the provider has a list attribute of objects instead (`policies = [{ policy_document = … }]`,
 * awscc), one value per object.
 */
function nestedValues(ev: Evaluator, block: Block, type: string, argument: string, scope: Scope, isDocument: boolean): { value: RValue; keySpan: Span } | undefined {
  const blocks = blocksOf(ev, block.body, type, scope);
  if (blocks.length === 0) return objectListValues(ev, block, type, argument, scope, isDocument);
  const items: RValue[] = [];
  let keySpan: Span | undefined;
  for (const nested of blocks) {
    if ('unknown' in nested) {
      items.push(nested.unknown);
      keySpan ??= nested.unknown.span;
      continue;
    }
    const attribute = nested.body.attributes.find((a) => a.name === argument);
    if (!attribute) continue;
    const value = ev.eval(attribute.expr, nested.scope);
    if (isUnset(value)) continue;
    items.push(isDocument ? documentOf(value, writtenIn(scope.inst)) : toRValue(value));
    keySpan ??= spanOf(nested.scope.file, attribute.nameRange);
  }
  if (!keySpan) return undefined;
  return { value: { t: 'array', items, span: keySpan }, keySpan };
}

function objectListValues(ev: Evaluator, block: Block, type: string, argument: string, scope: Scope, isDocument: boolean): { value: RValue; keySpan: Span } | undefined {
  const attribute = attributeOf(block, type);
  if (!attribute) return undefined;
  const list = ev.eval(attribute.expr, scopeFor(scope, attribute));
  if (isNull(list)) return undefined;
  const keySpan = spanOf(fileFor(scope.file, attribute), attribute.nameRange);
  // A list the run cannot see into may hold any policy: unknown, not "no policies".
  if (list.t !== 'array') return { value: list.t === 'unknown' ? list : unknown(`\`${type}\` is not a list of objects`, list.span), keySpan };
  const items: RValue[] = [];
  for (const item of list.items) {
    if (item.t !== 'object') {
      items.push(item.t === 'unknown' ? item : unknown(`an item of \`${type}\` is not an object`, item.span));
      continue;
    }
    const value = entry(item, argument);
    if (value === undefined || isUnset(value)) continue;
    items.push(isDocument ? documentOf(value, writtenIn(scope.inst)) : toRValue(value));
  }
  return { value: { t: 'array', items, span: keySpan }, keySpan };
}

/**
 * `resource_id` and `resource_type`, as CloudFormation's `ResourceId` and `ResourceType`: the type is
 * whatever the argument says (a value the run cannot know stays unknown, and the rule says so). The
 * target written under another name, or as a list, is refused (typed-target.ts).
 */
function fillTypedTarget(ev: Evaluator, res: ResourceInstance, names: NonNullable<TerraformResourceSchema['typedTarget']>, node: ResourceNode): void {
  const misnamed = misnamedTarget(res.decl.block, names.id, new Set(names.arguments));
  for (const [attribute, attr] of [[misnamed ?? attributeOf(res.decl.block, names.id), 'target'], [attributeOf(res.decl.block, names.type), 'targetType']] as const) {
    if (!attribute) continue;
    const value = ev.eval(attribute.expr, scopeFor(res.scope, attribute));
    if (isNull(value)) continue;
    const converted = toRValue(value);
    const keySpan = spanOf(fileFor(res.decl.file, attribute), attribute.nameRange);
    const why = attr === 'target' ? refusedTarget(attribute.name, converted, names.id, res.decl.type) : undefined;
    if (why !== undefined && node.existence.state !== 'absent') node.existence = { state: 'absent', why, span: keySpan, refused: true };
    const kept = attr === 'target' ? firstOf(converted) : converted;
    if (!kept) continue;
    node.attrs[attr] = kept;
    node.attrKeySpans[attr] = keySpan;
  }
}

/** A policy argument as an object tree: `jsonencode()` trees as they are, JSON strings parsed. */
export function documentOf(value: V, written?: (span: Span) => WrittenAt): RValue {
  if (value.t === 'json') {
    const tree = toRValue(value.value);
    return tree.t === 'scalar' || tree.t === 'template' ? policyDocument(tree) : tree;
  }
  const document = toRValue(value);
  const parsed = policyDocument(document, written?.(document.span));
  // A policy passed in through variables (a wrapper module's `assume_role_policy = var.policy`) is
  // located at its use; where its text is written stays known, for the rules to show.
  return document.origin && parsed !== document && !parsed.origin ? { ...parsed, origin: document.origin } : parsed;
}

/**
 * Where a string of the module is written (a heredoc policy), so findings inside its JSON point at their lines.
 * The closures keep the module's files only: one that kept the instance would keep, through the graph
 * node holding the policy, every module instance's evaluation (values, memos, resource instances) alive
 * until the run ends (1.8 MB on a 500-file tree).
 */
function writtenIn(inst: ModuleInstance): (span: Span) => WrittenAt {
  const files = inst.def.files;
  return (span) => ({ span, sourceText: () => files.find((f) => f.file.path === span.file)?.file.text });
}

/**
 * Whichever target argument is set (and not null) decides `targetType`; known values win over unknown
 * ones. An empty string or a null (`vpc_id = var.vpc_id` whose default is `""` or `null`, a module's
 * "the caller must pass this", or `try(var.network.vpc_id, null)`) is kept only when no argument has
 * more: the rules say it names nothing, at the argument and where that value comes from, rather than
 * "set vpc_id" on a block that does set it.
 */
function fillFlowLogTarget(ev: Evaluator, res: ResourceInstance, node: ResourceNode): void {
  const candidates: { type: string; value: RValue; keySpan: Span }[] = [];
  const empty: typeof candidates = [];
  for (const [argument, type] of Object.entries(FLOW_LOG_TARGETS)) {
    const attribute = attributeOf(res.decl.block, argument);
    if (!attribute) continue;
    const value = ev.eval(attribute.expr, scopeFor(res.scope, attribute));
    const candidate = { type, value: toRValue(value), keySpan: spanOf(fileFor(res.decl.file, attribute), attribute.nameRange) };
    (isUnset(value) ? empty : candidates).push(candidate);
  }
  const chosen = candidates.find((c) => c.value.t !== 'unknown') ?? candidates[0] ?? empty[0];
  if (!chosen) return;
  node.attrs['target'] = chosen.value;
  node.attrs['targetType'] = scalar(chosen.type, chosen.keySpan);
  node.attrKeySpans['target'] = chosen.keySpan;
  node.attrKeySpans['targetType'] = chosen.keySpan;
}

/**
 * The resource's name and ARN (schema `names` / `arn`), as the plan adapter gives them. A name with
 * no known part gives no ARN: a glob `…:role/*` would match every role.
 */
function namesOf(ev: Evaluator, res: ResourceInstance, schema: TerraformResourceSchema): RValue[] {
  const out: RValue[] = [];
  for (const argument of schema.names ?? []) {
    const attribute = attributeOf(res.decl.block, argument);
    if (!attribute) continue;
    const value = ev.eval(attribute.expr, scopeFor(res.scope, attribute));
    if (isNull(value) || value.t === 'error') continue;
    const name = toRValue(value);
    if (name.t !== 'scalar' && name.t !== 'template' && name.t !== 'ref') continue;
    out.push(name);
    const nameParts: Part[] = name.t === 'scalar' ? [String(name.value)] : name.t === 'template' ? name.parts : [name];
    if (!schema.arn || !nameParts.some((p) => typeof p === 'string' && p !== '')) continue;
    out.push(makeString(arnParts(schema.arn, nameParts, name.span), name.span));
  }
  return out;
}

function arnParts(pattern: string, nameParts: Part[], span: Span): Part[] {
  const parts: Part[] = [];
  for (const piece of pattern.split(/(\{name\}|\*)/)) {
    if (piece === '{name}') parts.push(...nameParts);
    else if (piece === '*') parts.push(unknown('only known at deploy time', span, '*'));
    else if (piece !== '') parts.push(piece);
  }
  return parts;
}

/** A module call whose source is not in the run: what is passed into it may be used there. */
export function stackNode(ev: Evaluator, call: Extract<CallInstance, { resolved: false }>, caller: ModuleInstance): ResourceNode {
  const { decl } = call;
  const span = headerSpan(decl.file, decl.node);
  const source = attributeOf(decl.node, 'source');
  const sourceFile = source ? fileFor(decl.file, source) : decl.file;
  const sourceText = source?.expr.k === 'literal' || source?.expr.k === 'template' ? sourceFile.file.text.slice(source.expr.start, source.expr.end) : undefined;
  const entries: Record<string, RValue> = {};
  const keySpans: Record<string, Span> = {};
  const node: ResourceNode = {
    uid: `${caller.logicalFile ?? decl.file.file.path}#${call.address}`,
    id: call.address,
    kind: 'stack',
    type: sourceText ? `module ${sourceText.replace(/^"|"$/g, '')}` : 'module',
    file: decl.file.file.path,
    span,
    existence: call.existence,
    attrs: {
      resolved: scalar(false, source ? spanOf(sourceFile, source.expr) : span),
      ...(call.opaque ? { opaque: scalar(call.opaque, span) } : {}),
      // The source's files that could not be parsed (the graph view says so, not "not in the run").
      ...(call.unparsed?.length ? { unparsedSource: { t: 'array' as const, items: call.unparsed.map((f) => scalar(f.file, f)), span } } : {}),
    },
    attrKeySpans: source ? { resolved: spanOf(sourceFile, source.nameRange) } : {},
    names: [],
    ...placement(caller, decl.file.file.path),
  };
  try {
    for (const attribute of decl.node.body.attributes) {
      if (['source', 'version', 'count', 'for_each', 'providers', 'depends_on'].includes(attribute.name)) continue;
      Object.defineProperty(entries, attribute.name, { value: toRValue(ev.eval(attribute.expr, scopeFor(call.scope, attribute))), enumerable: true, writable: true, configurable: true });
      Object.defineProperty(keySpans, attribute.name, { value: spanOf(fileFor(decl.file, attribute), attribute.nameRange), enumerable: true, writable: true, configurable: true });
    }
  } catch {
    // Arguments stay as far as they were evaluated.
  }
  node.attrs['inputs'] = { t: 'object', entries, keySpans, span };
  node.attrKeySpans['inputs'] = span;
  return node;
}
