/**
 * The resource instances of one plan or state, indexed by address: managed resources become nodes,
 * data sources only serve to resolve references (`data.aws_iam_policy_document.x.json`). A plan
 * describes each instance twice (`planned_values` and `resource_changes[].change.after`) and a data
 * source read during planning sits in `prior_state`; every reading is kept as a `ValueSource`.
 */
import { pathStep, type DataDocument, type SpanPath } from '../../parse/document.js';
import { isObject, own } from '../values.js';
import { InstanceAddresses } from './address.js';
import type { ValueSource } from './values.js';

export interface Instance {
  /** `module.net[0].aws_vpc.this["a"]`: the node id. */
  address: string;
  uid: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Module call names from the root (`['net']`) and their instance keys (`['0']`, `''` for none): shared by the instances of one module instance, never written. */
  modulePath: string[];
  moduleKeys: string[];
  /** The instance's own key (`0`, `"a"`), undefined without count/for_each. */
  key: string | undefined;
  /** `module.net.aws_vpc.this`: the configuration block the instance comes from. */
  configAddress: string;
  sources: ValueSource[];
  /** Path of the resource object it was first read from (the node points at its `address`). */
  at: SpanPath;
}

export interface Instances {
  managed: Map<string, Instance>;
  data: Map<string, Instance>;
  /** Managed and data instances by configuration address, each list sorted by address. */
  byConfig: Map<string, Instance[]>;
  /**
   * The same, per module instance (`moduleInstanceKey`), for instances inside a module instance that
   * has a key: a module with thousands of for_each keys stays linear. Without module keys (the usual
   * plan), the list in `byConfig` is already the module instance's: no second index, nor a key per instance.
   */
  byModuleInstance: Map<string, Instance[]>;
}

/** Key of `byModuleInstance`: configuration address and module instance keys. */
export function moduleInstanceKey(configAddress: string, moduleKeys: readonly string[]): string {
  return `${configAddress}\u0000${moduleKeys.join('\u0000')}`;
}

/** Child modules nest as deep as module calls do; deeper is no plan Terraform writes. */
const MAX_MODULE_DEPTH = 64;

export function collectInstances(doc: DataDocument): Instances {
  const found: Instances = { managed: new Map(), data: new Map(), byConfig: new Map(), byModuleInstance: new Map() };
  const root = doc.value;
  // Made once: `${path}#${address}` per instance would make the short `path#` afresh for each.
  const uidPrefix = `${doc.file.path}#`;
  const addresses = new InstanceAddresses();
  const add = (resource: unknown, at: SpanPath, source: ValueSource, modes: 'all' | 'data'): void => {
    // Most instances are read twice (planned_values, resource_changes): the second time is a lookup.
    const address = own(resource, 'address');
    const existing = typeof address === 'string' ? (found.managed.get(address) ?? found.data.get(address)) : undefined;
    if (existing) {
      // A new array, not `push`: a pushed one-element array grows to 17 slots, kept for every instance.
      if (modes === 'all' || existing.mode === 'data') existing.sources = existing.sources.length === 1 ? [existing.sources[0]!, source] : existing.sources.concat(source);
      return;
    }
    const instance = instanceOf(uidPrefix, addresses, resource, at, source);
    if (!instance || (modes === 'data' && instance.mode !== 'data')) return;
    (instance.mode === 'data' ? found.data : found.managed).set(instance.address, instance);
  };
  const readModule = (module: unknown, at: SpanPath, modes: 'all' | 'data'): void =>
    walkModule(module, at, 0, (resource, resourceAt) => {
      // A deposed object of a state is an old instance waiting to be destroyed, not the resource.
      if (typeof own(resource, 'deposed_key') === 'string') return;
      const values = own(resource, 'values');
      add(resource, resourceAt, { values: isObject(values) ? values : {}, at: pathStep(resourceAt, 'values'), sensitive: own(resource, 'sensitive_values') }, modes);
    });

  if (own(root, 'planned_values') !== undefined || own(root, 'resource_changes') !== undefined) {
    // Data sources read while planning sit in the prior state; their values are the known ones.
    readModule(own(own(own(root, 'prior_state'), 'values'), 'root_module'), ['prior_state', 'values', 'root_module'], 'data');
    readModule(own(own(root, 'planned_values'), 'root_module'), ['planned_values', 'root_module'], 'all');
    readChanges(doc, found, add);
  } else {
    readModule(own(own(root, 'values'), 'root_module'), ['values', 'root_module'], 'all');
  }
  indexByConfig(found);
  return found;
}

type Add = (resource: unknown, at: SpanPath, source: ValueSource, modes: 'all' | 'data') => void;

const RESOURCE_CHANGES = ['resource_changes'];

function readChanges(doc: DataDocument, found: Instances, add: Add): void {
  const changes = own(doc.value, 'resource_changes');
  if (!Array.isArray(changes)) return;
  const deleted = new Set<string>();
  changes.forEach((entry: unknown, i) => {
    // A deposed object is being replaced; the current instance has its own entry.
    if (typeof own(entry, 'deposed') === 'string') return;
    const change = own(entry, 'change');
    const address = own(entry, 'address');
    if (typeof address === 'string' && isRemoval(own(change, 'actions'))) {
      deleted.add(address);
      return;
    }
    const after = own(change, 'after');
    add(entry, pathStep(RESOURCE_CHANGES, i), new ChangeReading(i, isObject(after) ? after : {}, own(change, 'after_unknown'), own(change, 'after_sensitive')), 'all');
  });
  for (const address of deleted) found.managed.delete(address);
}

/**
 * `resource_changes[i].change`: `after` and `after_unknown`. Their paths are made when read, for the
 * few values shown in a finding: `planned_values` usually holds the same values, and is read first.
 */
class ChangeReading implements ValueSource {
  constructor(
    /** The entry's index in `resource_changes`: its path is made only when asked. */
    private readonly entry: number,
    readonly values: Record<string, unknown>,
    readonly unknown: unknown,
    readonly sensitive: unknown,
  ) {}

  get at(): SpanPath {
    return [...RESOURCE_CHANGES, this.entry, 'change', 'after'];
  }

  get unknownAt(): SpanPath {
    return [...RESOURCE_CHANGES, this.entry, 'change', 'after_unknown'];
  }
}

/** `["delete"]` (and `["forget"]`, Terraform 1.7): the instance will no longer be managed here. */
function isRemoval(actions: unknown): boolean {
  if (!Array.isArray(actions) || actions.length === 0) return false;
  for (const action of actions) if (action !== 'delete' && action !== 'forget') return false;
  return true;
}

function walkModule(module: unknown, at: SpanPath, depth: number, visit: (resource: unknown, at: SpanPath) => void): void {
  if (!isObject(module) || depth > MAX_MODULE_DEPTH) return;
  const resources = own(module, 'resources');
  const resourcesAt = pathStep(at, 'resources');
  if (Array.isArray(resources)) resources.forEach((resource: unknown, i) => visit(resource, pathStep(resourcesAt, i)));
  const children = own(module, 'child_modules');
  const childrenAt = pathStep(at, 'child_modules');
  if (Array.isArray(children)) children.forEach((child: unknown, i) => walkModule(child, pathStep(childrenAt, i), depth + 1, visit));
}

function instanceOf(uidPrefix: string, addresses: InstanceAddresses, resource: unknown, at: SpanPath, source: ValueSource): Instance | undefined {
  const address = own(resource, 'address');
  if (typeof address !== 'string') return undefined;
  // The address is the identity; `mode`, `type` and `name` beside it repeat it and are not trusted.
  const parsed = addresses.read(address);
  if (!parsed) return undefined;
  return {
    address,
    uid: uidPrefix + address,
    mode: parsed.mode,
    type: parsed.type,
    name: parsed.name,
    modulePath: parsed.modulePath,
    moduleKeys: parsed.moduleKeys,
    key: parsed.key,
    configAddress: parsed.configAddress,
    sources: [source],
    at,
  };
}

function indexByConfig(found: Instances): void {
  for (const table of [found.managed, found.data]) {
    for (const instance of table.values()) {
      push(found.byConfig, instance.configAddress, instance);
      if (hasModuleKey(instance.moduleKeys)) push(found.byModuleInstance, moduleInstanceKey(instance.configAddress, instance.moduleKeys), instance);
    }
  }
  const byAddress = (a: Instance, b: Instance) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0);
  // Terraform writes instances in address order, so the lists are usually sorted already: checking
  // costs nothing, while a sort allocates scratch space for each of tens of thousands of lists.
  for (const list of found.byConfig.values()) if (!isSorted(list, byAddress)) list.sort(byAddress);
  for (const list of found.byModuleInstance.values()) if (!isSorted(list, byAddress)) list.sort(byAddress);
}

export function hasModuleKey(keys: readonly (string | null)[]): boolean {
  for (const key of keys) if (key !== '') return true;
  return false;
}

function isSorted<T>(list: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}

function push(map: Map<string, Instance[]>, key: string, instance: Instance): void {
  const list = map.get(key);
  if (list) list.push(instance);
  else map.set(key, [instance]);
}
