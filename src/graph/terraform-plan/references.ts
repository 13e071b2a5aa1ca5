/**
 * Follows `configuration…expressions.<arg>.references` to the instances they name. References are
 * module-relative: `aws_vpc.this` inside `module.net` is `module.net.aws_vpc.this`; `var.x` continues
 * in the parent's `module_calls.<m>.expressions.x`; `module.m.out` continues in the child's
 * `outputs.out.expression`. Inside `module.net[0]`, a reference stays in the same module instance.
 */
import type { Span } from '../../core/source.js';
import type { RRef, RValue } from '../model.js';
import { NAMES_NO_RESOURCE } from '../terraform/schema.js';
import { own, ref } from '../values.js';
import { configAddress, keysMatch, parseTraversal, readAddress, type KeyPattern, type Step } from './address.js';
import type { ConfigModule } from './configuration.js';
import { hasModuleKey, moduleInstanceKey, type Instance, type Instances } from './instances.js';
import type { PlanLimits } from './plan.js';
import { referencesOf } from './values.js';

/**
 * What a reference may stand for: an instance of the plan (a node), a value (a data source's), or
 * something the plan does not record (`local.*`, `each.value`, most data sources): `opaque`, which
 * may be any resource at all. A reference not followed to its end because a limit cut it (`cut`:
 * why) is opaque too. An opaque value that can only be made of some instances (`within`: a local,
 * of what its module instance has) may be any of those, and nothing else.
 */
export type Candidate =
  | { t: 'node'; uid: string; attribute: string; explicit: boolean }
  | { t: 'value'; value: RValue }
  | { t: 'opaque'; ref: string; cut?: string; within?: readonly Instance[] };

const MAX_REFERENCE_LENGTH = 1_000;

/** The reference a node candidate is; one that names the resource alone says which attribute it is not. */
export function nodeRef(candidate: Candidate & { t: 'node' }, span: Span): RRef {
  const value = ref(candidate.uid, candidate.attribute, span);
  return candidate.explicit ? value : { ...value, anyAttribute: true };
}

/** Names that begin a reference to no resource and no value that could hold one (an index, a path). */
const NOT_RESOURCES = new Set(['count', 'path', 'self', 'terraform']);

/** Data sources whose values name no resource of the plan (who is calling, where; a policy's JSON). */
const DATA_NAMING_NOTHING = new Set([...NAMES_NO_RESOURCE, 'aws_iam_policy_document']);

/** `net[0].subnets["a"]`: a module instance path, the key of `Scopes.byModule`. */
function modulePrefix(path: readonly string[], keys: readonly string[], depth: number): string {
  let out = '';
  for (let i = 0; i < depth; i++) out += `${i > 0 ? '.' : ''}${path[i]}[${keys[i]}]`;
  return out;
}

/** Managed instances by every module instance that holds them, and the modules (by call path) that read a data source that may name one. */
interface Scopes {
  byModule: Map<string, Instance[]>;
  byUid: Map<string, Instance>;
  readingData: Set<string>;
}

export class ReferenceResolver {
  private readonly memo = new Map<string, Candidate[]>();
  private readonly active = new Set<string>();
  private scopes: Scopes | undefined;
  private readonly scopeMemo = new Map<string, readonly Instance[] | undefined>();

  constructor(
    private readonly instances: Instances,
    /** The value of a data source's attribute (`json` of a policy document), when it can be used. */
    private readonly dataValue: (instance: Instance, attribute: string) => RValue | undefined,
    /** How many var/module hops are followed (`maxReferenceDepth`), and the plan's time budget. */
    private readonly limits: PlanLimits,
  ) {}

  /** Every candidate of a list of references, one per node (the most specific reference wins). */
  resolve(module: ConfigModule, keys: KeyPattern, refs: readonly string[], hops = 0): Candidate[] {
    const nodes = new Map<string, Candidate & { t: 'node' }>();
    const others: Candidate[] = [];
    const opaque: (Candidate & { t: 'opaque' })[] = [];
    for (const ref of mostSpecific(refs)) {
      for (const candidate of this.one(module, keys, ref, hops)) {
        if (candidate.t === 'opaque') {
          opaque.push(candidate);
          continue;
        }
        if (candidate.t !== 'node') {
          if (!others.includes(candidate)) others.push(candidate);
          continue;
        }
        const seen = nodes.get(candidate.uid);
        if (!seen || (!seen.explicit && candidate.explicit)) nodes.set(candidate.uid, candidate);
      }
    }
    const merged = mergeOpaque(opaque);
    return merged ? [...nodes.values(), ...others, merged] : [...nodes.values(), ...others];
  }

  private one(module: ConfigModule, keys: KeyPattern, ref: string, hops: number): Candidate[] {
    const memoKey = `${module.path.join('.')}|${keys.map((k) => k ?? '*').join(',')}|${ref}`;
    const cached = this.memo.get(memoKey);
    if (cached) return cached;
    // A cycle (an output that feeds the variable it is made of) ends here, unlinked: it has no value.
    if (this.active.has(memoKey)) return [];
    // A chain cut by a limit (depth, time) is followed no further: it may lead to any resource at all.
    const { ledger, deadline } = this.limits;
    if (hops > ledger.maxLinks) {
      ledger.depth();
      return [{ t: 'opaque', ref, cut: `a reference chain longer than ${ledger.maxLinks} links` }];
    }
    if (deadline.tick()) {
      ledger.time(deadline);
      return [{ t: 'opaque', ref, cut: 'the per-file time budget ran out' }];
    }
    this.active.add(memoKey);
    const result = this.follow(module, keys, ref, hops);
    this.active.delete(memoKey);
    this.memo.set(memoKey, result);
    return result;
  }

  private follow(module: ConfigModule, keys: KeyPattern, ref: string, hops: number): Candidate[] {
    const steps = parseTraversal(ref);
    const head = steps?.[0];
    if (!steps || !head || !('attr' in head)) return [];
    if (head.attr === 'var') {
      const name = attrAt(steps, 1);
      const call = module.call;
      if (name === undefined || !call) return []; // a root variable is known in the plan: nothing to link
      const expression = own(own(call.raw, 'expressions'), name);
      return this.resolve(call.parent, keys.slice(0, -1), referencesOf(expression), hops + 1);
    }
    if (head.attr === 'module') return this.moduleOutput(module, keys, steps, hops, ref);
    // `each.key` and `count.index` only pick an instance; `each.value` and locals carry values the
    // plan does not record (a `local.vpc_id` may well be `aws_vpc.main.id`). A local is made of what
    // its module instance has: its resources, its child modules, and what its call passes in.
    if (head.attr === 'local') {
      const within = this.scopeOf(module, keys, hops);
      return [within ? { t: 'opaque', ref, within } : { t: 'opaque', ref }];
    }
    if (head.attr === 'each' && attrAt(steps, 1) !== 'key') return [{ t: 'opaque', ref }];
    if (head.attr === 'each' || NOT_RESOURCES.has(head.attr)) return [];
    const address = readAddress(steps);
    if (!address || address.modules.length > 0) return [];
    const matches = this.instancesOf(configAddress(module.path, address.mode, address.type, address.name), keys).filter(
      (i) => address.key === undefined || i.key === address.key,
    );
    const attribute = attrAt(address.rest, 0);
    if (address.mode === 'managed') {
      return matches.map((i) => ({ t: 'node', uid: i.uid, attribute: attribute ?? 'id', explicit: attribute !== undefined }));
    }
    // A data source read at apply (`data.aws_vpc.selected.id`) may find a resource of this plan.
    if (matches.length === 0) return [{ t: 'opaque', ref }];
    return matches.map((i): Candidate => {
      const value = attribute === undefined ? undefined : this.dataValue(i, attribute);
      return value ? { t: 'value', value } : { t: 'opaque', ref };
    });
  }

  /**
   * The managed instances a value made inside a module instance can come from: the module's and its
   * child modules' instances, and whatever its call's arguments may be. Undefined (anything at all)
   * when the module or a child reads a data source that may return a resource of the plan.
   */
  private scopeOf(module: ConfigModule, keys: KeyPattern, hops: number): readonly Instance[] | undefined {
    const memoKey = `${module.path.join('.')}|${keys.map((k) => k ?? '*').join(',')}`;
    if (this.scopeMemo.has(memoKey)) return this.scopeMemo.get(memoKey);
    // A cycle (a module output fed back into its own call) adds nothing new.
    this.scopeMemo.set(memoKey, []);
    const scope = this.computeScope(module, keys, hops);
    this.scopeMemo.set(memoKey, scope);
    return scope;
  }

  private computeScope(module: ConfigModule, keys: KeyPattern, hops: number): readonly Instance[] | undefined {
    const scopes = (this.scopes ??= indexScopes(this.instances));
    if (scopes.readingData.has(module.path.join('.'))) return undefined;
    const found = new Set<Instance>();
    if (keys.every((k) => k !== null)) {
      for (const i of scopes.byModule.get(modulePrefix(module.path, keys as string[], module.path.length)) ?? []) found.add(i);
    } else {
      const depth = module.path.length;
      for (const i of scopes.byModule.get('') ?? []) {
        if (i.modulePath.length < depth || !module.path.every((name, d) => i.modulePath[d] === name)) continue;
        if (keysMatch(i.moduleKeys.slice(0, depth), keys)) found.add(i);
      }
    }
    const call = module.call;
    const expressions = own(call?.raw, 'expressions');
    if (call && expressions && typeof expressions === 'object') {
      for (const name of Object.keys(expressions)) {
        for (const c of this.resolve(call.parent, keys.slice(0, -1), referencesOf(own(expressions, name)), hops + 1)) {
          if (c.t === 'node') {
            const instance = scopes.byUid.get(c.uid);
            if (instance) found.add(instance);
          } else if (c.t === 'opaque') {
            if (!c.within) return undefined;
            for (const i of c.within) found.add(i);
          }
        }
      }
    }
    return [...found];
  }

  /** Instances of a configuration block inside the module instances `keys` allows. */
  private instancesOf(address: string, keys: KeyPattern): Instance[] {
    const all = this.instances.byConfig.get(address) ?? [];
    // Module keys all `''`: the block's list, less any instance of a keyed module instance (`byModuleInstance` holds only those).
    if (!hasModuleKey(keys)) return all.every((i) => keysMatch(i.moduleKeys, keys)) ? all : all.filter((i) => keysMatch(i.moduleKeys, keys));
    if (keys.every((k) => k !== null)) return this.instances.byModuleInstance.get(moduleInstanceKey(address, keys as string[])) ?? [];
    return all.filter((i) => keysMatch(i.moduleKeys, keys));
  }

  /** `module.m.out` / `module.m["k"].out`: the output's own references, inside the called module. */
  private moduleOutput(module: ConfigModule, keys: KeyPattern, steps: Step[], hops: number, ref: string): Candidate[] {
    const name = attrAt(steps, 1);
    const keyStep = steps[2];
    const key = keyStep && 'key' in keyStep ? keyStep.key : undefined;
    const output = attrAt(steps, key === undefined ? 2 : 3);
    const call = name === undefined ? undefined : module.calls.get(name);
    // `module.m` alone (the whole module object), or a call the configuration lacks: anything.
    if (!call || output === undefined) return [{ t: 'opaque', ref }];
    const expression = own(own(own(call.child.raw, 'outputs'), output), 'expression');
    // Without an instance key (`module.m[*].out` style uses), any instance of the module may be meant.
    return this.resolve(call.child, [...keys, key ?? null], referencesOf(expression), hops + 1);
  }
}

/**
 * Opaque references of one expression as one: anything at all if any of them may be anything, else
 * any instance one of them may be made of. The first reference is the one messages name.
 */
function mergeOpaque(opaque: readonly (Candidate & { t: 'opaque' })[]): (Candidate & { t: 'opaque' }) | undefined {
  const [first] = opaque;
  if (!first || opaque.length === 1) return first;
  const open = opaque.find((c) => !c.within);
  if (open) return open;
  const within = new Set<Instance>();
  for (const c of opaque) for (const i of c.within!) within.add(i);
  return { t: 'opaque', ref: first.ref, within: [...within] };
}

function indexScopes(instances: Instances): Scopes {
  const byModule = new Map<string, Instance[]>();
  const byUid = new Map<string, Instance>();
  for (const instance of instances.managed.values()) {
    byUid.set(instance.uid, instance);
    for (let depth = 0; depth <= instance.modulePath.length; depth++) {
      const key = modulePrefix(instance.modulePath, instance.moduleKeys, depth);
      let list = byModule.get(key);
      if (!list) byModule.set(key, (list = []));
      list.push(instance);
    }
  }
  const readingData = new Set<string>();
  for (const instance of instances.data.values()) {
    if (DATA_NAMING_NOTHING.has(instance.type)) continue;
    for (let depth = 0; depth <= instance.modulePath.length; depth++) readingData.add(instance.modulePath.slice(0, depth).join('.'));
  }
  return { byModule, byUid, readingData };
}

/**
 * Terraform unwraps each reference into every step (`aws_vpc.env["a"].id`, `aws_vpc.env["a"]`,
 * `aws_vpc.env`; `module.m.out`, `module.m`). Only the longest says what is used: the shorter ones
 * would name every instance of the resource, or every output of the module.
 */
function mostSpecific(all: readonly string[]): string[] {
  // No real reference is this long (the cap keeps the prefix scan cheap), and one that does not
  // parse must not hide the valid reference it starts with.
  const refs = all.filter((ref) => ref.length <= MAX_REFERENCE_LENGTH && parseTraversal(ref) !== undefined);
  const prefixes = new Set<string>();
  for (const ref of refs) {
    for (let i = 1; i < ref.length; i++) if (ref[i] === '.' || ref[i] === '[') prefixes.add(ref.slice(0, i));
  }
  return [...new Set(refs)].filter((ref) => !prefixes.has(ref));
}

function attrAt(steps: readonly Step[], i: number): string | undefined {
  const step = steps[i];
  return step && 'attr' in step ? step.attr : undefined;
}
