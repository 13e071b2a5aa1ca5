/**
 * `data "terraform_remote_state"` read across the roots of a run. A network root keeps its state in
 * its backend (`terraform { backend "s3" { bucket = …, key = … } }`), and a logging root reads that
 * state's outputs (`data.terraform_remote_state.network.outputs.vpc_id`) to create the flow log. When
 * the data source's backend and config name the place where one root of the run keeps its state, its
 * outputs are that root's outputs, evaluated there: the flow log then targets the VPC itself, as a
 * CloudFormation `Fn::ImportValue` joined to an export does. Terraform Cloud's `data "tfe_outputs"`
 * (`….values.vpc_id`) reads a `cloud` block's workspace the same way. Any other remote state stays
 * unknown.
 *
 * Work is done only when a configuration reads a remote state: the backends of the roots are looked
 * at on the first such read.
 */
import path from 'node:path';
import type { Span } from '../../core/source.js';
import type { Block } from '../../parse/hcl/ast.js';
import { attributeOf, scopeFor, spanOf, type ModuleDef, type ModuleInstance, type ResourceInstance, type RootModule } from './context.js';
import type { Evaluator } from './evaluate.js';
import { rootInstance } from './instances.js';
import { unknown } from '../values.js';
import { entry, knownString, objectOf, type V, type VObject } from './values.js';
import type { BackendSettings } from './backend-config-files.js';
import { literalString } from './modules.js';

/**
 * The arguments that say where a backend keeps the state, with their defaults (undefined: required).
 * Other arguments (region, credentials, locking) do not change which state is read. S3's are
 * turned into the object the state of a workspace is (see `s3Object`).
 */
const IDENTITY: Record<string, Record<string, string | undefined>> = {
  s3: { bucket: undefined, key: undefined, workspace_key_prefix: 'env:' },
  gcs: { bucket: undefined, prefix: '' },
  azurerm: { storage_account_name: undefined, container_name: undefined, key: undefined },
  consul: { path: undefined },
  http: { address: undefined },
};

/** Where a state is kept: backend type and identity, one string; undefined when not known statically. */
type StoreKey = string;

/**
 * Where a remote-state data source reads from: a root of the run (with the name its outputs go by in
 * messages), the files of the roots it may be, or undefined: none of the run's.
 */
type Resolution = { inst: ModuleInstance; name: string } | { why: string; files: ReadonlySet<string> } | undefined;

/** The roots of a run and where each keeps its state, for the remote-state reads of any of them. */
export class RemoteStates {
  private stores: { placed: Map<StoreKey, string[]>; unplaced: string[] } | undefined;
  private readonly instances = new Map<string, ModuleInstance>();
  private readonly resolved = new WeakMap<ResourceInstance, { to: Resolution }>();
  private readonly filesOf = new WeakMap<readonly string[], ReadonlySet<string>>();

  constructor(
    /** The run's root module folders, in the order they are evaluated. */
    private readonly roots: readonly string[],
    /** The module a folder holds. */
    private readonly definitionOf: (dir: string) => ModuleDef | undefined,
    /** The root module of a folder, with its variable files (their problems are reported where it is evaluated). */
    private readonly rootOf: (dir: string) => RootModule | undefined,
    /** The run's `terraform.workspace`. */
    private readonly workspace: string,
    /** The backend configuration files of a root folder (`terraform init -backend-config`). */
    private readonly settingsOf: (dir: string) => readonly BackendSettings[] = () => [],
  ) {}

  /**
   * `data.terraform_remote_state.<name>.outputs` (or `data.tfe_outputs.<name>.values`): the outputs
   * of the one root of the run that keeps that state; else an unknown that may name a resource of any
   * root that might keep it (one whose backend is completed at `terraform init`, or any, when the data
   * source's config is not known); undefined when no root of the run can keep it (the reader's own
   * unknown applies).
   */
  outputs(ev: Evaluator, res: ResourceInstance, span: Span): V | undefined {
    let resolved = this.resolved.get(res);
    if (!resolved) this.resolved.set(res, (resolved = { to: this.resolve(ev, res) }));
    const to = resolved.to;
    if (to === undefined) return undefined;
    if ('inst' in to) return { t: 'module', name: to.name, inst: to.inst, why: '', span, fromState: true };
    return { ...unknown(to.why, span), mayBeAnyIn: to.files };
  }

  /** Where one remote-state data source instance reads from: worked out once, whatever it is asked for. */
  private resolve(ev: Evaluator, res: ResourceInstance): Resolution {
    const label = `data.${res.decl.type}.${res.decl.name}`;
    const key = res.decl.type === 'tfe_outputs' ? this.tfeStore(ev, res) : this.remoteStateStore(ev, res);
    if (key === 'another workspace') return undefined;
    const stores = this.storesOfRoots();
    if (key === undefined) return this.mayBeFrom(this.roots, `${label} reads a state whose place is not known statically`, res);
    const writers = stores.placed.get(key) ?? [];
    const inst = writers.length === 1 ? this.instanceOf(writers[0]!) : undefined;
    if (inst) return { inst, name: `${label} (the root in ${this.shown(writers[0]!)})` };
    if (writers.length > 1) return this.mayBeFrom(writers, `${label} reads the state that ${writers.length} roots of this run keep in the same place`, res);
    if (stores.unplaced.length === 0) return undefined;
    const roots = namedRoots(stores.unplaced.map((dir) => this.shown(dir)));
    return this.mayBeFrom(stores.unplaced, `${label} reads a state kept outside this run or by ${roots} completed at terraform init`, res);
  }

  /** The state a `terraform_remote_state` reads, or undefined when that is not known statically. */
  private remoteStateStore(ev: Evaluator, res: ResourceInstance): StoreKey | 'another workspace' | undefined {
    const backend = argument(ev, res, 'backend');
    const type = backend ? knownString(backend) : undefined;
    const workspaceValue = argument(ev, res, 'workspace');
    const workspace = workspaceValue ? knownString(workspaceValue) : 'default';
    // A state of another workspace than the run's is one no root of this run is evaluated for. An S3
    // state is the object a workspace's state is kept in, which a key can name outright: the default
    // workspace's `key = "network/${terraform.workspace}/terraform.tfstate"` is the `prod` state of a
    // root with `workspace_key_prefix = "network"`, so S3 states are matched by object instead. So
    // are Terraform Cloud workspaces, which a `workspaces = { name = "network-prod" }` names in full
    // (the `prod` workspace of a root whose backend has `prefix = "network-"`).
    const another = workspace !== undefined && workspace !== this.workspace;
    if (another && type !== 's3' && type !== 'remote') return 'another workspace';
    if (type === undefined || workspace === undefined) return undefined;
    const key = storeOfConfig(type, argument(ev, res, 'config'), workspace, res.inst.root.def.dir);
    return another && (key === undefined || !this.storesOfRoots().placed.has(key)) ? 'another workspace' : key;
  }

  /**
   * The Terraform Cloud workspace a `tfe_outputs` reads (`organization`, else the one of the reading
   * module's `tfe` provider, and `workspace`), or undefined when that is not known statically.
   */
  private tfeStore(ev: Evaluator, res: ResourceInstance): StoreKey | undefined {
    const text = (name: string): string | undefined => {
      const value = argument(ev, res, name);
      return value ? knownString(value) : undefined;
    };
    const organization = attributeOf(res.decl.block, 'organization') ? text('organization') : tfeProviderSetting(res.inst.def, 'organization');
    return cloudStore(tfeProviderSetting(res.inst.def, 'hostname'), organization, text('workspace'));
  }

  /**
   * An unknown that may name a resource of the reader's root or of one of `dirs`. The files of `dirs`
   * are one set for all readers among them: 2,000 roots with partial backends that read the same state
   * each may read any of the 2,000, and a set of their files for each reader was 4 million entries.
   */
  private mayBeFrom(dirs: readonly string[], why: string, res: ResourceInstance): Resolution {
    let shared = this.filesOf.get(dirs);
    if (!shared) {
      const files = new Set<string>();
      for (const dir of dirs) for (const file of this.definitionOf(dir)?.files ?? []) files.add(file.file.path);
      this.filesOf.set(dirs, (shared = files));
    }
    const own = res.inst.root.def.files.map((f) => f.file.path);
    if (own.every((file) => shared!.has(file))) return { why, files: shared };
    return { why, files: new Set([...own, ...shared]) };
  }

  /** A root's folder as its files' paths give it (relative to the repository), for messages. */
  private shown(dir: string): string {
    const file = this.definitionOf(dir)?.files[0];
    return file ? path.posix.dirname(file.file.path) : path.basename(dir);
  }

  private instanceOf(dir: string): ModuleInstance | undefined {
    let inst = this.instances.get(dir);
    if (!inst) {
      const root = this.rootOf(dir);
      if (!root) return undefined;
      inst = rootInstance(root);
      this.instances.set(dir, inst);
    }
    return inst;
  }

  private storesOfRoots(): { placed: Map<StoreKey, string[]>; unplaced: string[] } {
    if (this.stores) return this.stores;
    const stores = { placed: new Map<StoreKey, string[]>(), unplaced: [] as string[] };
    for (const dir of this.roots) {
      const def = this.definitionOf(dir);
      const { keys, partial } = def ? storesOfRoot(def, this.workspace, () => this.settingsOf(dir)) : { keys: [], partial: true };
      // A partial backend may also be completed on the command line, which no file shows.
      if (partial) stores.unplaced.push(dir);
      for (const key of keys) {
        const list = stores.placed.get(key);
        if (list) list.push(dir);
        else stores.placed.set(key, [dir]);
      }
    }
    return (this.stores = stores);
  }
}

/**
 * Roots named in a message, no more than a few: a repository of 1,000 roots with partial backends
 * (`backend "s3" {}`, the common practice) put all 1,000 names in every remote-state read's reason,
 * and every VPC note repeated it (99 MB of SARIF; the rule compared the reasons, 7 s).
 */
const MAX_NAMED_ROOTS = 3;

function namedRoots(names: readonly string[]): string {
  if (names.length === 1) return `${names[0]}, whose backend is`;
  const more = names.length - MAX_NAMED_ROOTS;
  const last = more > 0 ? `${more} more root${more === 1 ? '' : 's'}` : names.at(-1);
  return `${names.slice(0, Math.min(MAX_NAMED_ROOTS, names.length - 1)).join(', ')} or ${last}, whose backends are`;
}

/**
 * The files a looked-up id may name a resource of, for a data source of `inst`: those of its own
 * root, which is not the root being evaluated when another root's state is read.
 */
export function reachOf(ev: Evaluator, inst: ModuleInstance): ReadonlySet<string> {
  const files = inst.root.def.files;
  if (files.length === 0 || ev.reach.has(files[0]!.file.path)) return ev.reach;
  return new Set(files.map((f) => f.file.path));
}

function argument(ev: Evaluator, res: ResourceInstance, name: string): V | undefined {
  const written = attributeOf(res.decl.block, name);
  if (written) return ev.eval(written.expr, scopeFor(res.scope, written));
  // Terraform 0.11 wrote the config as a block: `config { bucket = "…" }`.
  const block = name === 'config' ? res.decl.block.body.blocks.find((b) => b.type === 'config') : undefined;
  if (!block) return undefined;
  const span = spanOf(res.scope.file, block);
  return objectOf(block.body.attributes.map((a): [string, V] => [a.name, ev.eval(a.expr, scopeFor(res.scope, a))]), span);
}

/**
 * Where a root keeps its state: its `backend` block (or `cloud` block, Terraform Cloud's), or the
 * local default, `terraform.tfstate` in its folder. A block that leaves an identifying argument out
 * (a partial configuration, completed by `-backend-config` at `terraform init`) is `partial`: it
 * keeps its state where one of its backend configuration files says (`settings`, each file a place),
 * or where the command line said, which no file shows.
 */
export function storesOfRoot(def: ModuleDef, workspace: string, settings: () => readonly BackendSettings[]): { keys: StoreKey[]; partial: boolean } {
  let found: { type: string; block: Block } | undefined;
  let count = 0;
  for (const file of def.files) {
    for (const block of file.body.blocks) {
      if (block.type !== 'terraform') continue;
      for (const inner of block.body.blocks) {
        if (inner.type === 'backend' && inner.labels[0] !== undefined) found = { type: inner.labels[0], block: inner };
        else if (inner.type === 'cloud') found = { type: 'cloud', block: inner };
        else continue;
        count++;
      }
    }
  }
  // Terraform allows one backend; two are refused at init, and which one is meant is anyone's guess.
  if (count > 1) return { keys: [], partial: true };
  if (!found) return { keys: [localStore(def.dir, undefined, undefined, workspace)], partial: false };
  const written = storeOfBlock(def.dir, found, workspace, () => undefined);
  if (written !== undefined) return { keys: [written], partial: false };
  const keys: StoreKey[] = [];
  for (const file of settings()) {
    const key = storeOfBlock(def.dir, found, workspace, (name) => file.get(name));
    if (key !== undefined && !keys.includes(key)) keys.push(key);
  }
  return { keys, partial: true };
}

/** The place a backend block names, each setting written in it or else taken from `given` (a configuration file). */
function storeOfBlock(dir: string, found: { type: string; block: Block }, workspace: string, given: (name: string) => string | undefined): StoreKey | undefined {
  const literal = (name: string, block: Block = found.block): string | undefined => {
    const written = block.body.attributes.find((a) => a.name === name);
    return written ? literalString(written.expr) : block === found.block ? given(name) : undefined;
  };
  if (found.type === 'local') return localStore(dir, literal('path'), literal('workspace_dir'), workspace);
  if (found.type === 'remote' || found.type === 'cloud') {
    const workspaces = found.block.body.blocks.find((b) => b.type === 'workspaces');
    const name = workspaces ? literal('name', workspaces) : undefined;
    const prefix = workspaces ? literal('prefix', workspaces) : undefined;
    return cloudStore(literal('hostname'), literal('organization'), name ?? (prefix !== undefined ? prefix + workspace : undefined));
  }
  return identityStore(found.type, literal, workspace);
}

/** Where the data source's `backend` and `config` say the state is; undefined when not known statically. */
function storeOfConfig(type: string, config: VObject | V | undefined, workspace: string, readerDir: string): StoreKey | undefined {
  if (config !== undefined && config.t !== 'object') return undefined;
  const known = (name: string, from: V | undefined = config): string | undefined => {
    const value = from?.t === 'object' ? entry(from, name) : undefined;
    return value ? knownString(value) : undefined;
  };
  if (type === 'local') {
    const written = config ? entry(config, 'path') : undefined;
    const workspaceDir = config ? entry(config, 'workspace_dir') : undefined;
    if ((written && knownString(written) === undefined) || (workspaceDir && knownString(workspaceDir) === undefined)) return undefined;
    return localStore(readerDir, written && knownString(written), workspaceDir && knownString(workspaceDir), workspace);
  }
  if (type === 'remote') {
    const workspaces = config ? entry(config, 'workspaces') : undefined;
    const name = known('name', workspaces);
    const prefix = known('prefix', workspaces);
    return cloudStore(known('hostname'), known('organization'), name ?? (prefix !== undefined ? prefix + workspace : undefined));
  }
  return identityStore(type, known, workspace);
}

/**
 * A local state, resolved from the folder Terraform runs in: `path` for the default workspace, and
 * `<workspace_dir>/<workspace>/terraform.tfstate` for any other, where `path` plays no part.
 */
function localStore(dir: string, written: string | undefined, workspaceDir: string | undefined, workspace: string): StoreKey {
  if (workspace !== 'default') return `local\u0000${path.resolve(dir, workspaceDir ?? 'terraform.tfstate.d', workspace, 'terraform.tfstate')}`;
  return `local\u0000${path.resolve(dir, written ?? 'terraform.tfstate')}`;
}

function cloudStore(hostname: string | undefined, organization: string | undefined, workspace: string | undefined): StoreKey | undefined {
  if (organization === undefined || workspace === undefined) return undefined;
  // The `cloud` block and the `remote` backend keep state in the same place: a remote-state data
  // source reads a `cloud` root's state with `backend = "remote"`.
  return `remote\u0000${hostname ?? 'app.terraform.io'}\u0000${organization}\u0000${workspace}`;
}

function identityStore(type: string, read: (name: string) => string | undefined, workspace: string): StoreKey | undefined {
  const identity = IDENTITY[type];
  if (!identity) return undefined;
  const values: Record<string, string> = {};
  for (const [name, fallback] of Object.entries(identity)) {
    const value = read(name) ?? fallback;
    if (value === undefined) return undefined;
    values[name] = value;
  }
  if (type === 's3') return ['s3', values.bucket!, s3Object(values.key!, values.workspace_key_prefix!, workspace)].join('\u0000');
  return [type, ...Object.values(values)].join('\u0000');
}

/**
 * The S3 object a workspace's state is kept in: the key for the default workspace,
 * `<workspace_key_prefix>/<workspace>/<key>` for any other (the S3 backend's layout).
 */
function s3Object(key: string, prefix: string, workspace: string): string {
  return workspace === 'default' ? key : `${prefix}/${workspace}/${key}`;
}

/** A literal setting of the module's `provider "tfe"` block (`organization`, `hostname`): what its `tfe_outputs` default to. */
function tfeProviderSetting(def: ModuleDef, name: string): string | undefined {
  for (const file of def.files) {
    for (const block of file.body.blocks) {
      if (block.type !== 'provider' || block.labels[0] !== 'tfe') continue;
      const written = block.body.attributes.find((a) => a.name === name);
      if (written) return literalString(written.expr);
    }
  }
  return undefined;
}

