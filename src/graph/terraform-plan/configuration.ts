/**
 * The `configuration` section of a plan: the modules as written, with each argument's expression
 * (`constant_value` or `references`). References inside a module call are relative to that module,
 * so every module is indexed with its call path, its parent, and where its source lives on disk.
 */
import * as path from 'node:path';
import type { DataDocument, PathSegment } from '../../parse/document.js';
import { isObject, own, type RawObject } from '../values.js';
import { configAddress } from './address.js';

export interface ConfigResource {
  raw: RawObject;
  at: PathSegment[];
  module: ConfigModule;
}

export interface ModuleCall {
  name: string;
  raw: RawObject;
  /** Path of the call (`…module_calls.<name>`) in the document. */
  at: PathSegment[];
  parent: ConfigModule;
  child: ConfigModule;
}

export interface ConfigModule {
  /** Module call names from the root; `[]` for the root module. */
  path: string[];
  raw: RawObject;
  at: PathSegment[];
  /** The call that instantiates this module (absent for the root). */
  call?: ModuleCall;
  calls: Map<string, ModuleCall>;
  /**
   * Repository-relative directory of the module's `.tf` files: the plan's directory for the root, a
   * local `source` (`./modules/vpc`) below its parent's; undefined for registry and git sources.
   */
  sourceDir?: string;
}

export interface Configuration {
  root: ConfigModule;
  /** Modules by call path joined with `.` (`''` for the root). */
  modules: Map<string, ConfigModule>;
  /** Configuration resources by configuration address (`module.net.aws_vpc.this`). */
  resources: Map<string, ConfigResource>;
}

/** Module calls nest this deep at most; deeper input is not a configuration Terraform writes. */
const MAX_DEPTH = 64;

/**
 * `rootDir`: the repository-relative folder of the root module's `.tf` files when it is not the plan's
 * own (see `PlanOptions.locateRoot`); local module sources are relative to it.
 */
export function readConfiguration(doc: DataDocument, rootDir = path.posix.dirname(doc.file.path)): Configuration {
  const rootRaw = own(own(doc.value, 'configuration'), 'root_module');
  const root: ConfigModule = { path: [], raw: isObject(rootRaw) ? rootRaw : {}, at: ['configuration', 'root_module'], calls: new Map(), sourceDir: rootDir };
  const config: Configuration = { root, modules: new Map(), resources: new Map() };
  indexModule(config, root, 0);
  return config;
}

function indexModule(config: Configuration, module: ConfigModule, depth: number): void {
  config.modules.set(module.path.join('.'), module);
  const resources = own(module.raw, 'resources');
  if (Array.isArray(resources)) {
    resources.forEach((raw: unknown, i) => {
      const type = own(raw, 'type');
      const name = own(raw, 'name');
      if (!isObject(raw) || typeof type !== 'string' || typeof name !== 'string') return;
      const mode = own(raw, 'mode') === 'data' ? 'data' : 'managed';
      const address = configAddress(module.path, mode, type, name);
      if (!config.resources.has(address)) config.resources.set(address, { raw, at: [...module.at, 'resources', i], module });
    });
  }
  const calls = own(module.raw, 'module_calls');
  if (!isObject(calls) || depth >= MAX_DEPTH) return;
  for (const name of Object.keys(calls)) {
    const raw = calls[name];
    if (!isObject(raw)) continue;
    const at = [...module.at, 'module_calls', name];
    const childRaw = own(raw, 'module');
    const child: ConfigModule = {
      path: [...module.path, name],
      raw: isObject(childRaw) ? childRaw : {},
      at: [...at, 'module'],
      calls: new Map(),
      sourceDir: localSource(module.sourceDir, own(raw, 'source')),
    };
    const call: ModuleCall = { name, raw, at, parent: module, child };
    child.call = call;
    module.calls.set(name, call);
    indexModule(config, child, depth + 1);
  }
}

/** `./x` and `../x` are local paths relative to the calling module; anything else is fetched. */
function localSource(parentDir: string | undefined, source: unknown): string | undefined {
  if (parentDir === undefined || typeof source !== 'string') return undefined;
  if (!source.startsWith('./') && !source.startsWith('../')) return undefined;
  return path.posix.normalize(path.posix.join(parentDir, source.replace(/\\/g, '/'))).replace(/\/$/, '');
}

/** The expressions object of a configuration resource (or `{}`). */
export function expressionsOf(resource: ConfigResource | undefined): RawObject {
  const expressions = own(resource?.raw, 'expressions');
  return isObject(expressions) ? expressions : {};
}

/**
 * What the plan's root module declares, as `.tf` source would: resource and data source addresses
 * (`aws_vpc.main`, `data.aws_region.current`) and module calls (`module.net`), sorted. Empty without a
 * configuration section.
 */
export function rootDeclarations(doc: DataDocument): string[] {
  const rootRaw = own(own(doc.value, 'configuration'), 'root_module');
  const out: string[] = [];
  const resources = own(rootRaw, 'resources');
  if (Array.isArray(resources)) {
    for (const raw of resources) {
      const type = own(raw, 'type');
      const name = own(raw, 'name');
      if (typeof type === 'string' && typeof name === 'string') out.push(configAddress([], own(raw, 'mode') === 'data' ? 'data' : 'managed', type, name));
    }
  }
  const calls = own(rootRaw, 'module_calls');
  if (isObject(calls)) for (const name of Object.keys(calls)) out.push(`module.${name}`);
  return out.sort();
}
