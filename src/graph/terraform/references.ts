/**
 * Names in expressions: `var.*`, `local.*`, `module.<call>.<output>`, resources and data sources
 * (with `[0]` / `["k"]` instance keys and `[*]` splats), `count.index`, `each.*`, `path.*`, and the
 * symbols of `for` expressions and `dynamic` blocks.
 */
import * as path from 'node:path';
import type { Span } from '../../core/source.js';
import type { Expr, TraversalStep } from '../../parse/hcl/ast.js';
import { ref, scalar, unknown } from '../values.js';
import { DNS_SUFFIX, type RUnknown } from '../model.js';
import { NAMES_NO_RESOURCE, TERRAFORM_SCHEMAS } from './schema.js';
import { attributeOf, scopeFor, type Expansion, type ModuleInstance, type ResourceDecl, type ResourceInstance, type Scope } from './context.js';
import type { Evaluator } from './evaluate.js';
import { callExpansion, instanceUid, localValue, outputValue, resourceExpansion, varValue } from './instances.js';
import { undeclaredError } from './undeclared.js';
import { meaningInstances, missingInstanceKey } from './instance-keys.js';
import { memoised } from './memo.js';
import { policyDocumentJson } from './policy-document.js';
import { renderedTemplate } from './template-file-data.js';
import { reachOf } from './remote-state.js';
import { entry, isNull, knownNumber, knownString, objectOf, relocate, varray, verror, vobject, type V, type VModule, type VResource } from './values.js';
import { withMayBe } from './walks.js';

/** An unknown list of instances (count or for_each not known) that `[key]` still resolves to the phantom. */
interface UnknownInstances extends RUnknown {
  phantom?: V;
}

export function traverse(ev: Evaluator, expr: Extract<Expr, { k: 'traversal' }>, scope: Scope, span: Span): V {
  const { root, steps } = expr;
  const symbol = scope.symbols?.get(root);
  if (symbol !== undefined) return applySteps(ev, relocate(symbol, span), steps, scope, span);
  if (scope.template) return verror(`${root} is not one of the template's variables (a template sees only those it is given)`, span);
  // Indexed, not destructured: `[a, b] = steps` runs the array iterator, once per reference evaluated.
  const first = steps[0];
  const second = steps[1];
  const name = first?.k === 'attr' ? first.name : undefined;
  const upTo = (step: TraversalStep | undefined): Span => ({ file: span.file, start: expr.start, end: step?.end ?? expr.end });
  const inst = scope.inst;
  switch (root) {
    case 'var':
      if (name === undefined) return verror('var must be followed by a variable name', span);
      return applySteps(ev, relocate(ev.nested(span, () => varValue(ev, inst, name, upTo(first))), upTo(first)), steps.slice(1), scope, span);
    case 'local':
      if (name === undefined) return verror('local must be followed by a name', span);
      return applySteps(ev, relocate(ev.nested(span, () => localValue(ev, inst, name, upTo(first))), upTo(first)), steps.slice(1), scope, span);
    case 'module':
      if (name === undefined) return verror('module must be followed by a call name', span);
      return applySteps(ev, moduleValue(ev, scope, name, upTo(first), second), steps.slice(1), scope, span);
    case 'data': {
      const label = second?.k === 'attr' ? second.name : undefined;
      if (name === undefined || label === undefined) return verror('data must be followed by a type and a name', span);
      return applySteps(ev, resourceValue(ev, scope, 'data', name, label, upTo(second), steps[2]), steps.slice(2), scope, span);
    }
    case 'count':
      if (name !== 'index') return verror('count has only the attribute index', span);
      return applySteps(ev, scope.count ? relocate(scope.count, upTo(first)) : verror('count.index is only available in a block with count', span), steps.slice(1), scope, span);
    case 'each': {
      if (!scope.each) return applySteps(ev, verror('each is only available in a block with for_each', span), steps.slice(1), scope, span);
      const value = name === 'key' ? scope.each.key : name === 'value' ? scope.each.value : undefined;
      if (!value) return verror('each has only the attributes key and value', span);
      return applySteps(ev, relocate(value, upTo(first)), steps.slice(1), scope, span);
    }
    case 'path':
      return applySteps(ev, pathValue(inst, name, upTo(first)), steps.slice(1), scope, span);
    case 'terraform':
      return name === 'workspace' ? scalar(inst.root.workspace, span) : unknown(`terraform.${name ?? ''} is not known statically`, span);
    case 'self':
      return unknown('self is only known in provisioners', span);
    default:
      if (name === undefined) return verror(`${root} is not a known name`, span);
      return applySteps(ev, resourceValue(ev, scope, 'resource', root, name, upTo(first), second), steps.slice(1), scope, span);
  }
}

function pathValue(inst: ModuleInstance, name: string | undefined, span: Span): V {
  const rootDir = inst.root.def.dir;
  switch (name) {
    case 'module':
      return scalar(path.relative(rootDir, inst.def.dir).split(path.sep).join('/') || '.', span);
    case 'root':
      return scalar('.', span);
    case 'cwd':
      return scalar(rootDir.split(path.sep).join('/'), span);
    default:
      return verror(`path has no attribute ${name ?? ''}`, span);
  }
}

export function applySteps(ev: Evaluator, start: V, steps: readonly TraversalStep[], scope: Scope, span: Span): V {
  let value = start;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (value.t === 'error') return value;
    if (value.t === 'unknown' && !(step.k === 'index' && (value as UnknownInstances).phantom)) return plainUnknown(value, span);
    const at: Span = { file: span.file, start: span.start, end: step.end };
    if (step.k === 'splat') {
      const items = value.t === 'array' ? value.items : isNull(value) ? [] : [value];
      // `[*]` maps every later step over the elements; `.*` only its own run of `.name` steps.
      const perItem = steps.slice(i + 1, step.each === undefined ? steps.length : i + 1 + step.each);
      const mapped = items.map((item) => applySteps(ev, item, perItem, scope, span));
      const error = mapped.find((m) => m.t === 'error');
      if (error || step.each === undefined) return error ?? varray(mapped, span);
      value = varray(mapped, span);
      i += step.each;
      continue;
    }
    if (step.k === 'attr') value = attribute(ev, value, step.name, at);
    else value = index(ev, value, ev.eval(step.key, scope), at);
  }
  return value;
}

function plainUnknown(value: RUnknown, span: Span): RUnknown {
  const { phantom: _phantom, ...rest } = value as UnknownInstances;
  return { ...rest, span };
}

function attribute(ev: Evaluator, value: V, name: string, span: Span): V {
  switch (value.t) {
    case 'object': {
      const found = entry(value, name);
      return found ? relocate(found, span) : verror(`the object has no attribute "${name}"`, span);
    }
    case 'array':
      // Legacy `list.0` index syntax.
      return /^\d+$/.test(name) ? index(ev, value, scalar(Number(name), span), span) : verror(`a list has no attribute "${name}"`, span);
    case 'resource':
      return resourceAttribute(ev, value.res, name, span);
    case 'module':
      if (!value.inst) return unknown(value.why, span);
      return outputValue(ev, value.inst, value.name, name, span, value.fromState);
    case 'json':
      return unknown('an attribute of a JSON string', span);
    case 'ref':
      return withMayBe(unknown(`${value.attribute}.${name} of a resource is only known after apply`, span), [value]);
    case 'unknown':
      return plainUnknown(value, span);
    case 'scalar':
      return verror(value.value === null ? `attempt to get attribute "${name}" from a null value` : `a ${typeof value.value} has no attribute "${name}"`, span);
    default:
      return verror(`a string has no attribute "${name}"`, span);
  }
}

function index(ev: Evaluator, value: V, key: V, span: Span): V {
  if (key.t === 'error') return key;
  // A resource or module is an object too: `each.value["id"]` is `each.value.id`.
  const attributeName = value.t === 'resource' || value.t === 'module' ? knownString(key) : undefined;
  if (attributeName !== undefined) return attribute(ev, value, attributeName, span);
  if (value.t === 'unknown') {
    const phantom = (value as UnknownInstances).phantom;
    return phantom ? relocate(phantom, span) : plainUnknown(value, span);
  }
  if (key.t === 'unknown') return withMayBe({ ...key, span }, [value]);
  if (value.t === 'array') {
    const n = knownNumber(key);
    if (n === undefined) return verror('a list index must be a number', span);
    const item = Number.isInteger(n) && n >= 0 ? value.items[n] : undefined;
    return item ? relocate(item, span) : verror(`index ${n} is out of range (the list has ${value.items.length} elements)`, span);
  }
  if (value.t === 'object') {
    const name = knownString(key);
    if (name === undefined) return unknown('an object key that is not known statically', span);
    const found = entry(value, name);
    return found ? relocate(found, span) : verror(`the object has no element "${name}"`, span);
  }
  if (value.t === 'ref') return withMayBe(unknown(`an element of ${value.attribute} is only known after apply`, span), [value]);
  if (value.t === 'scalar' && value.value === null) return verror('cannot index a null value', span);
  return verror('this value cannot be indexed', span);
}

const AWS_TYPE = /^(aws|awscc)_/;

/** The arguments of `data "terraform_remote_state"`; any other attribute but `outputs` is a Terraform 0.11 output. */
const REMOTE_STATE_ARGUMENTS: ReadonlySet<string> = new Set(['backend', 'config', 'workspace', 'defaults', 'environment']);

/**
 * `aws_vpc.this`, `data.aws_iam_policy_document.x`: the instance, the list/map of instances, or why
 * not; `next` is the step read after it (instance-keys.ts).
 */
function resourceValue(ev: Evaluator, scope: Scope, mode: 'resource' | 'data', type: string, name: string, span: Span, next: TraversalStep | undefined): V {
  const inst = scope.inst;
  const declared = mode === 'data' ? inst.def.data : inst.def.resources;
  const decl = declared.get(`${type}.${name}`);
  const label = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  // Any other root reads as a resource type, so a name the evaluator does not know (`ephemeral.…`, an
  // iterator it did not bind) would too: only AWS types are said to be undeclared.
  if (!decl && mode === 'resource' && !AWS_TYPE.test(type)) return verror(`${label} is not declared in this module`, span);
  if (!decl) {
    return undeclaredError(ev.host, inst, `${label} is not declared in this module`, span, {
      prefix: label.slice(0, -name.length),
      name,
      expected: mode === 'data' ? 'data source' : 'resource',
      // Of the same type: `aws_iam_role.flow` is not a misspelt `aws_iam_role_policy.flow`.
      candidates: () => [...declared.values()].filter((d) => d.type === type).map((d) => d.name),
      uidsOf: (near) => (mode === 'data' ? [] : singleInstanceUid(inst, declared.get(`${type}.${near}`))),
    });
  }
  const refused = missingInstanceKey(ev, scope, decl.block, label, next, referenceSpan(span, next));
  const expansion = resourceExpansion(ev, inst, decl);
  if (refused) return meaningInstances(refused, expansion);
  return expansionValue(expansion, (res): VResource => ({ t: 'resource', res, span }), label, span);
}

/** The reference up to the step read after the address: what Terraform points at when it refuses it. */
function referenceSpan(span: Span, next: TraversalStep | undefined): Span {
  return next ? { ...span, end: next.end } : span;
}

/**
 * The graph node of a resource declared without `count` or `for_each` (one instance, whose uid its
 * address gives). Not worked out by expanding it: that may be what is being evaluated now.
 */
function singleInstanceUid(inst: ModuleInstance, decl: ResourceDecl | undefined): string[] {
  if (!decl || attributeOf(decl.block, 'count') || attributeOf(decl.block, 'for_each')) return [];
  return [instanceUid(inst, decl)];
}

function moduleValue(ev: Evaluator, scope: Scope, name: string, span: Span, next: TraversalStep | undefined): V {
  const inst = scope.inst;
  const decl = inst.def.calls.get(name);
  const refused = decl && missingInstanceKey(ev, scope, decl.node, `module.${name}`, next, referenceSpan(span, next));
  if (refused) return refused;
  const expansion = callExpansion(ev, inst, name);
  if (!expansion) {
    return undeclaredError(ev.host, inst, `module ${name} is not declared in this module`, span, {
      prefix: 'module.',
      name,
      expected: 'module call',
      candidates: () => inst.def.calls.keys(),
    });
  }
  return expansionValue(
    expansion,
    (call): VModule => (call.resolved ? { t: 'module', name, inst: call.inst, why: '', span } : { t: 'module', name, inst: undefined, why: call.why, span }),
    `module.${name}`,
    span,
  );
}

function expansionValue<T>(expansion: Expansion<T>, wrap: (item: T) => V, label: string, span: Span): V {
  switch (expansion.mode) {
    case 'single':
      return wrap(expansion.only);
    case 'list':
      return varray(expansion.items.map(wrap), span);
    case 'map':
      return objectOf(expansion.items.map(([k, item]): [string, V] => [k, wrap(item)]), span);
    case 'absent':
      if (expansion.list === 'null') return scalar(null, span);
      return expansion.list ? varray([], span) : vobject({}, span);
    case 'unknown': {
      const phantom = wrap(expansion.phantom);
      const value: UnknownInstances = { ...withMayBe(unknown(`${label}: ${expansion.why}`, span), [phantom]), phantom };
      return value;
    }
  }
}

/**
 * Whether `data.<type>.x.<attribute>` may name a resource of the graph. A data source of a kind the
 * graph has names one by its identifiers only (`data.aws_vpc.x.id`, not its `cidr_block`); any other
 * may return anything it is given or finds (`data.aws_vpcs.x.ids`, `data.aws_ssm_parameter.x.value`),
 * so one of this configuration's own resources too.
 */
function mayNameResource(type: string, attribute: string): boolean {
  const schema = TERRAFORM_SCHEMAS[type];
  if (!schema) return !NAMES_NO_RESOURCE.has(type);
  return attribute === 'id' || attribute === 'arn' || attribute === 'name' || (schema.names?.includes(attribute) ?? false);
}

/**
 * An attribute of a resource instance. Identifiers (`id`, `arn`, the name) are references to the
 * node; an argument written in the block is read from the block (so `aws_subnet.a.vpc_id` leads to
 * the VPC); anything else is computed by the provider (see `computed`).
 */
function resourceAttribute(ev: Evaluator, res: ResourceInstance, name: string, span: Span): V {
  const { decl } = res;
  if (decl.mode === 'data') {
    if (decl.type === 'aws_iam_policy_document' && (name === 'json' || name === 'minified_json')) return policyDocumentJson(ev, res, span);
    if (decl.type === 'template_file' && name === 'rendered') return renderedTemplate(ev, res, span);
    if (decl.type === 'terraform_remote_state' && !REMOTE_STATE_ARGUMENTS.has(name)) {
      const outputs = ev.remoteStates?.outputs(ev, res, span);
      // Terraform 0.11 read the outputs as the data source's own attributes: `….network.vpc_id`.
      if (outputs) return name === 'outputs' ? outputs : attribute(ev, outputs, name, span);
    }
    // Terraform Cloud's outputs through its provider: `data.tfe_outputs.network.values.vpc_id`.
    if (decl.type === 'tfe_outputs' && (name === 'values' || name === 'nonsensitive_values')) {
      const outputs = ev.remoteStates?.outputs(ev, res, span);
      if (outputs) return outputs;
    }
    const lookedUp = name === 'id' ? lookedUpById(ev, res, span) : undefined;
    if (lookedUp) return lookedUp;
    const read = unknown(`data.${decl.type}.${decl.name}.${name} is read from the provider at plan time`, span);
    if (decl.type === 'aws_partition' && name === 'dns_suffix') return { ...read, symbol: DNS_SUFFIX };
    // `data "aws_vpc" "default" { default = true }`: the VPC it finds may be one this configuration
    // manages (`aws_default_vpc`), so its id may name any resource of the root, never none of them.
    return mayNameResource(decl.type, name) ? { ...read, mayBeAnyIn: reachOf(ev, res.inst) } : read;
  }
  const schema = TERRAFORM_SCHEMAS[decl.type];
  if (name === 'id' || name === 'arn' || name === 'name' || schema?.names?.includes(name)) return ref(res.uid, name, span);
  const argument = attributeOf(decl.block, name);
  if (!argument) return computed(res, name, span);
  const value = ev.nested(span, () =>
    memoised(ev, res.attrs, name, span, () => {
      const written = ev.eval(argument.expr, scopeFor(res.scope, argument));
      return written.t === 'error' || isNull(written) ? computed(res, name, written.span) : written;
    }),
  );
  return relocate(value, span);
}

/**
 * The `id` of a data source that looks its object up by `id` (`data "aws_vpc" "current" { id =
 * aws_vpc.vpc[0].id }`): the provider finds the object of that id, or fails the plan, so its `id` is
 * the id it was given. Older modules pass their VPC on this way (an output `data.aws_vpc.current.id`
 * that is either the VPC they made or the one they were handed). Only a reference to a resource of
 * the run is taken: a literal id may be that of a resource this configuration made in an earlier
 * apply, so it, like anything else, stays a value read at plan time.
 */
function lookedUpById(ev: Evaluator, res: ResourceInstance, span: Span): V | undefined {
  const argument = attributeOf(res.decl.block, 'id');
  if (!argument) return undefined;
  const given = ev.nested(span, () => ev.eval(argument.expr, scopeFor(res.scope, argument)));
  return given.t === 'ref' && given.attribute === 'id' ? relocate(given, span) : undefined;
}

/**
 * An attribute the provider computes (`aws_vpc.main.ipv6_cidr_block`): a value derived from the
 * resource, not the resource itself. It is no edge (passing a VPC's CIDR block to a module does not
 * hand it the VPC), but it may still be noted as possibly naming the resource.
 */
function computed(res: ResourceInstance, name: string, span: Span): V {
  return { ...unknown(`${res.address}.${name} is only known after apply`, span), mayBe: [res.uid] };
}
