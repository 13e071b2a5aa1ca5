/**
 * Module instances and what they hold: variables (caller argument, else tfvars of a root, else the
 * default), locals and outputs (lazily, memoised, cycles unknown), and the instances of resources and
 * module calls, with addresses and existence (how `count` / `for_each` expand a block: expansion.ts).
 */
import type { Span } from '../../core/source.js';
import type { Block } from '../../parse/hcl/ast.js';
import { unknown } from '../values.js';
import {
  attributeOf,
  headerSpan,
  instanceKey,
  possibleInstances,
  scopeFor,
  spanOf,
  type CallInstance,
  type Decl,
  type Expansion,
  type ModuleDef,
  type ModuleInstance,
  type ResourceDecl,
  type ResourceInstance,
  type RootModule,
  type Scope,
} from './context.js';
import type { Evaluator } from './evaluate.js';
import { combineExistence, expand, PRESENT, type Make } from './expansion.js';
import { sourceOf } from './modules.js';
import { memoised, memoOf } from './memo.js';
import { declSuppressions } from './suppressions.js';
import { lineOf } from '../../parse/problem.js';
import { TERRAFORM_SCHEMAS } from './schema.js';
import { convertToType, typeMismatch } from './types.js';
import { isNull, knownBool, objectOf, verror, type V, type VModule } from './values.js';
import { isWhole, undeclaredError } from './undeclared.js';

/** Deepest module nesting followed (a module that calls itself stops here). */
const MAX_MODULE_DEPTH = 24;
/** Most module instances in one run. */
const MAX_MODULE_INSTANCES = 5_000;
/** Arguments of a `module` block that are not input variables. */
const META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

function freshMemo(): ModuleInstance['memo'] {
  return { vars: new Map(), locals: new Map(), outputs: new Map(), expansions: new Map(), calls: new Map() };
}

export function rootInstance(root: RootModule): ModuleInstance {
  return { def: root.def, root, address: '', callPath: [], logicalFile: undefined, context: [], suppressions: [], caller: undefined, existence: PRESENT, depth: 0, memo: freshMemo() };
}

export type VariableSource = 'caller' | 'tfvars' | 'default' | 'none';

/** Where a variable's value comes from in this instance. */
export function variableSource(inst: ModuleInstance, name: string): VariableSource {
  const decl = inst.def.variables.get(name);
  if (!decl) return 'none';
  if (inst.caller) {
    if (inst.caller.args.has(name)) return 'caller';
  } else if (inst.root.tfvars.has(name)) return 'tfvars';
  return attributeOf(decl.node, 'default') ? 'default' : 'none';
}

export function varValue(ev: Evaluator, inst: ModuleInstance, name: string, span?: Span): V {
  const decl = inst.def.variables.get(name);
  if (!decl) {
    const why = `no variable "${name}" is declared`;
    // Asked without a place (not from a reference written in the module): nothing to point a guess at.
    if (!span) return verror(why, spanOf(inst.def.files[0]!, { start: 0, end: 0 }));
    return undeclaredError(ev.host, inst, why, span, { prefix: 'var.', name, expected: 'variable', candidates: () => inst.def.variables.keys() });
  }
  const header = headerSpan(decl.file, decl.node);
  const own: Scope = { inst, file: decl.file };
  return memoised(ev, inst.memo.vars, name, header, () => {
    const block = decl.node;
    const defaultAttribute = attributeOf(block, 'default');
    let value: V | undefined;
    const argument = inst.caller?.args.get(name);
    if (inst.caller && argument) {
      value = ev.eval(argument.expr, scopeFor(inst.caller.scope, argument));
      const nullable = attributeOf(block, 'nullable');
      if (isNull(value) && defaultAttribute && nullable && knownBool(ev.eval(nullable.expr, scopeFor(own, nullable))) === false) value = undefined;
    } else if (!inst.caller) {
      const fromFile = inst.root.tfvars.get(name);
      if (fromFile) value = 'value' in fromFile ? fromFile.value : ev.eval(fromFile.node.expr, { inst, file: fromFile.file });
      const type = attributeOf(block, 'type');
      const mismatch = value && type ? typeMismatch(value, type.expr) : undefined;
      if (value && mismatch) {
        // Terraform stops on the variable file ("Invalid value for input variable"): a problem where
        // the value is written; what the variable would be is unknown, not the value it refuses.
        const declared = `${decl.file.file.path}:${lineOf(decl.file.file.text, block.start)}`;
        ev.report({ span: value.span, message: `Invalid value for input variable: the value is not suitable for var.${name} declared at ${declared}: ${mismatch} (Terraform refuses the variable file)` });
        return unknown(`var.${name}: the variable file sets a value its type refuses`, value.span);
      }
    }
    if (value === undefined) {
      value = defaultAttribute ? ev.eval(defaultAttribute.expr, scopeFor(own, defaultAttribute)) : inputWithoutValue(inst, name, header);
    }
    const type = attributeOf(block, 'type');
    return type ? convertToType(ev, value, type.expr, scopeFor(own, type)) : value;
  });
}

/**
 * A variable without a default that nothing sets: unknown. A root module's is given when Terraform
 * runs (`-var`, a variable file the run does not have), so it may hold the id of a default VPC the
 * root adopts (`aws_default_vpc`): that VPC exists before any apply, and CIS baselines pass the VPC to
 * log as `var.vpc_id` beside the `aws_default_vpc` they manage. A VPC the configuration creates has no
 * id until it is applied, so no input can name it.
 */
function inputWithoutValue(inst: ModuleInstance, name: string, header: Span): V {
  const value = unknown(`variable ${name} has no default`, header);
  if (inst.caller) return value;
  const defaultVpcs: string[] = [];
  for (const decl of inst.def.resources.values()) {
    if (decl.type === 'aws_default_vpc' && !attributeOf(decl.block, 'count') && !attributeOf(decl.block, 'for_each')) defaultVpcs.push(instanceUid(inst, decl));
  }
  if (defaultVpcs.length === 0) return value;
  return { ...value, mayBe: defaultVpcs, mayBeWhy: `variable ${name} has no default, and may be given the id of the default VPC` };
}

export function localValue(ev: Evaluator, inst: ModuleInstance, name: string, span: Span): V {
  const decl = inst.def.locals.get(name);
  if (!decl) return undeclaredError(ev.host, inst, `no local value "${name}" is declared`, span, { prefix: 'local.', name, expected: 'local value', candidates: () => inst.def.locals.keys() });
  return memoised(ev, inst.memo.locals, name, span, () => ev.eval(decl.node.expr, { inst, file: decl.file }));
}

/**
 * `module.<call>.<name>`: the output evaluated in the called instance. One the module does not declare
 * is refused by Terraform ("Unsupported attribute"), unless read from a state (`fromState`), which
 * keeps the outputs of its root's last apply.
 */
export function outputValue(ev: Evaluator, inst: ModuleInstance, call: string, name: string, span: Span, fromState = false): V {
  const decl = inst.def.outputs.get(name);
  if (!decl && fromState) return { ...unknown(`${call} declares no output "${name}", which its state may still hold from an earlier apply`, span), mayBeAnyIn: stateReach(ev, inst) };
  if (!decl) {
    return undeclaredError(ev.host, inst, `module ${call} has no output "${name}"`, span, {
      prefix: `module.${call}.`,
      name,
      expected: 'output',
      candidates: () => inst.def.outputs.keys(),
      uidsOf: (near) => {
        const meant = outputValue(ev, inst, call, near, span);
        return meant.t === 'ref' ? [meant.target] : [];
      },
      meant: () => onlyVpcOf(ev, inst),
    });
  }
  const value = attributeOf(decl.node, 'value');
  if (!value) return verror(`output ${name} has no value`, span);
  return ev.nested(span, () => memoised(ev, inst.memo.outputs, name, span, () => ev.eval(value.expr, scopeFor({ inst, file: decl.file }, value))));
}

/**
 * `module.<call>` (or a remote state's `outputs`) used as one value (`lookup(module.net, "vpc_id",
 * "")`, `for k, v in module.net`): the object of its outputs. A state may still hold outputs its
 * root's source has dropped, so its outputs as a whole are unknown: any resource of that root or of
 * the reader's may be among them; so are those of a module whose folder the run does not hold whole.
 */
export function moduleObject(ev: Evaluator, value: VModule, span: Span): V {
  if (!value.inst) return unknown(value.why, span);
  const inst = value.inst;
  if (value.fromState) return { ...unknown(`the outputs of ${value.name} as a whole: its state may hold outputs its source no longer declares`, span), mayBeAnyIn: stateReach(ev, inst) };
  if (!isWhole(ev.host, inst.def)) return unknown(`module ${value.name} may declare outputs in a file the run does not hold`, span);
  return objectOf(
    [...inst.def.outputs.keys()].map((name): [string, V] => [name, outputValue(ev, inst, value.name, name, span)]),
    span,
  );
}

/** The files whose resources an output read from the state of `inst`'s root may name: that root's and the reader's. */
function stateReach(ev: Evaluator, inst: ModuleInstance): ReadonlySet<string> {
  return new Set([...ev.reach, ...inst.root.def.files.map((f) => f.file.path)]);
}

function prefix(inst: ModuleInstance): string {
  return inst.address ? `${inst.address}.` : '';
}

/**
 * The instances of the one VPC a module declares (`aws_vpc.main`), or none when it declares none or
 * several. A flow log in another module that reads `module.vpc.vpc_id` from a module without that
 * output (kuldeepawar/AWS-Infrastructure-Automation-Using-Terraform committed its VPC module
 * without outputs.tf) was meant for it: the VPC's finding names that flow log, which is never created.
 */
function onlyVpcOf(ev: Evaluator, inst: ModuleInstance): string[] {
  const vpcs = [...inst.def.resources.values()].filter((decl) => TERRAFORM_SCHEMAS[decl.type]?.kind === 'vpc');
  if (vpcs.length !== 1) return [];
  return possibleInstances(resourceExpansion(ev, inst, vpcs[0]!)).map((res) => res.uid);
}

/**
 * The instances of a resource or data block in this module instance. Memoised by the declaration
 * itself (one per block of the module definition, which every lookup of the block returns): a lookup
 * met again, as most are (every reference to `aws_vpc.this` asks), builds no key, address or closure.
 */
export function resourceExpansion(ev: Evaluator, inst: ModuleInstance, decl: ResourceDecl): Expansion<ResourceInstance> {
  return memoOf(ev, inst.memo.expansions, decl, () => resourceCycle(inst, decl), () => expandResource(ev, inst, decl));
}

function expandResource(ev: Evaluator, inst: ModuleInstance, decl: ResourceDecl): Expansion<ResourceInstance> {
  const base = resourceBase(inst, decl);
  return expand(ev, decl.block, { inst, file: decl.file }, base, resourceMaker(inst, decl, base));
}

/** A block whose `count` or `for_each` refers to itself: one phantom instance, unknown. */
function resourceCycle(inst: ModuleInstance, decl: ResourceDecl): Expansion<ResourceInstance> {
  const span = headerSpan(decl.file, decl.block);
  const why = 'its count refers to itself';
  return { mode: 'unknown', phantom: resourceMaker(inst, decl, resourceBase(inst, decl))(undefined, {}, { state: 'unknown', why, span }), why, span, list: true };
}

/** The address of the block's instances without their key: `module.vpc.aws_flow_log.this`. */
function resourceBase(inst: ModuleInstance, decl: ResourceDecl): string {
  return `${prefix(inst)}${decl.mode === 'data' ? 'data.' : ''}${decl.type}.${decl.name}`;
}

/** The uid of the instance of a block without `count` or `for_each`. */
export function instanceUid(inst: ModuleInstance, decl: ResourceDecl): string {
  return uidAt(inst, decl, resourceBase(inst, decl));
}

/** The uid of a resource instance at `address`: relative to its root's logical file, else its own. */
function uidAt(inst: ModuleInstance, decl: ResourceDecl, address: string): string {
  return `${inst.logicalFile ?? decl.file.file.path}#${address}`;
}

function resourceMaker(inst: ModuleInstance, decl: ResourceDecl, base: string): Make<ResourceInstance> {
  return (k, extra, existence) => {
    const address = k === undefined ? base : `${base}${instanceKey(k)}`;
    return {
      decl,
      inst,
      address,
      uid: uidAt(inst, decl, address),
      scope: { inst, file: decl.file, ...extra },
      existence: combineExistence(inst.existence, existence),
      attrs: new Map(),
    };
  };
}

/** The instances of a module call, or undefined when the module declares no such call. */
export function callExpansion(ev: Evaluator, inst: ModuleInstance, name: string): Expansion<CallInstance> | undefined {
  const decl = inst.def.calls.get(name);
  if (!decl) return undefined;
  const cycle = (): Expansion<CallInstance> => {
    const span = headerSpan(decl.file, decl.node);
    const why = 'its count refers to itself';
    const phantom: CallInstance = { resolved: false, why, address: `${prefix(inst)}module.${name}`, scope: { inst, file: decl.file }, name, decl, existence: { state: 'unknown', why, span } };
    return { mode: 'unknown', phantom, why, span, list: true };
  };
  return memoOf(ev, inst.memo.calls, name, cycle, () => expandCall(ev, inst, name, decl));
}

function expandCall(ev: Evaluator, inst: ModuleInstance, name: string, decl: Decl<Block>): Expansion<CallInstance> {
  const { node: block, file } = decl;
  const callPath = [...inst.callPath, name];
  let def: ModuleDef | undefined;
  let why = `module ${name} is not in the run`;
  let opaque: string | undefined;
  let unparsedFiles: Span[] = [];
  if (inst.depth >= MAX_MODULE_DEPTH) why = `module ${name} is nested too deeply to follow`;
  else {
    const resolution = ev.loader.resolveSource(inst.def.dir, inst.root.def.dir, callPath, sourceOf(block));
    def = 'dir' in resolution ? ev.loader.definition(resolution.dir) : undefined;
    const unparsed = 'dir' in resolution && !def ? ev.loader.unparsed(resolution.dir) : [];
    if (unparsed.length > 0) {
      unparsedFiles = unparsed;
      opaque = `its source ${unparsed.map((span) => span.file).join(', ')} could not be parsed`;
      why = `module ${name}: ${opaque}`;
    }
    // A module that calls itself (directly or through others) is rejected by `terraform init`:
    // following it would only repeat the same resources at ever longer addresses.
    if (def && onCallerChain(inst, def.dir)) {
      why = `module ${name} calls a module that is already calling it (recursion, which Terraform rejects)`;
      def = undefined;
    }
  }
  const args = new Map(block.body.attributes.filter((a) => !META_ARGUMENTS.has(a.name)).map((a) => [a.name, a]));
  const header = headerSpan(file, block);
  const owner = `${prefix(inst)}module.${name}`;
  const callSuppressions = declSuppressions(decl, block).map((directive) => ({ ...directive, owner }));
  const make: Make<CallInstance> = (key, extra, existence) => {
    const address = `${prefix(inst)}module.${name}${key === undefined ? '' : instanceKey(key)}`;
    const scope: Scope = { inst, file, ...extra };
    const combined = combineExistence(inst.existence, existence);
    if (!def || ev.moduleInstances >= MAX_MODULE_INSTANCES) {
      const reason = def ? `module ${name} is one module instance too many to follow` : why;
      return { resolved: false, why: reason, ...(opaque && !def ? { opaque, unparsed: unparsedFiles } : {}), address, scope, name, decl, existence: combined };
    }
    ev.moduleInstances++;
    const child: ModuleInstance = {
      def,
      root: inst.root,
      address,
      callPath,
      logicalFile: inst.logicalFile ?? file.file.path,
      context: [...inst.context, { span: header, message: `called from module "${name}"`, resourceId: `module.${name}` }],
      suppressions: [...inst.suppressions, ...callSuppressions],
      caller: { scope, name, decl, args },
      existence: combined,
      depth: inst.depth + 1,
      memo: freshMemo(),
    };
    return { resolved: true, inst: child, address };
  };
  return expand(ev, block, { inst, file }, `module.${name}`, make, `module ${name}`);
}

/** Is `dir` the source of this module instance or of any module that (transitively) calls it? */
function onCallerChain(inst: ModuleInstance, dir: string): boolean {
  for (let at: ModuleInstance | undefined = inst; at; at = at.caller?.scope.inst) {
    if (at.def.dir === dir) return true;
  }
  return false;
}
