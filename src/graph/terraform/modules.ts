/**
 * Module directories: grouping the run's `.tf` files by directory, indexing each directory's
 * declarations once, finding the root modules (directories no other module of the run calls), and
 * resolving a module call's `source` to a directory: local paths relative to the caller, registry and
 * git sources through the root's `.terraform/modules/modules.json`.
 */
import * as path from 'node:path';
import type { SourceFile, Span } from '../../core/source.js';
import type { Block, Expr, HclFile, Ranged } from '../../parse/hcl/ast.js';
import type { InputProblem } from '../model.js';
import type { ModuleDef, ResourceDecl } from './context.js';
import { applyOverrides, isOverrideFile } from './overrides.js';
import { refusedRepeats } from './repeated-blocks.js';
import type { V } from './values.js';

/** How the adapter reaches module directories that are not part of the run (the engine implements it). */
export interface ModuleHost {
  /** Parses every `.tf` / `.tf.json` file of a directory outside the run; undefined when there is none. */
  loadModuleDir(absoluteDir: string): HclFile[] | undefined;
  fileExists(absPath: string): boolean;
  /** The git work tree the run is in, if any: `file()` and `templatefile()` may read any file in it. */
  readonly repositoryRoot?: string;
  /** The folder the run's paths are relative to (the git work tree, else the working directory). */
  readonly runRoot?: string;
  readText(absPath: string): string | undefined;
  /** File names in a directory, to find `*.auto.tfvars`; without it only `terraform.tfvars(.json)` is read. */
  listDir?(absoluteDir: string): string[] | undefined;
  /** The path with symlinks resolved; without it a module folder reached through a link is another folder. */
  realPath?(absolutePath: string): string | undefined;
  /**
   * The `.tf` / `.tf.json` files of a directory that could not be read or parsed, each where its
   * problem is (asked after `loadModuleDir`): what they declare is unknown. Without it, none.
   */
  unparsedFiles?(absoluteDir: string): Span[] | undefined;
  /**
   * Of those, the files outside the run (read only because a module call names their folder), each
   * with the parser's message: the run reports them, since what the caller deploys is in them.
   */
  unparsedProblems?(absoluteDir: string): InputProblem[];
  /**
   * Terraform's `yamldecode()` of `text` (read from `source` when given), for a call at `span`;
   * undefined when the run did not load the decoder (its source does not call it: a module outside
   * the run may). Without it, `yamldecode()` is not evaluated.
   */
  decodeYaml?(text: string, source: SourceFile | undefined, span: Span): V | undefined;
}

export function isVarFile(file: HclFile): boolean {
  return /\.tfvars(\.json)?$/.test(file.file.absolutePath);
}

/** The run's module files by absolute directory, each list sorted by path. */
export function groupByDirectory(files: readonly HclFile[]): Map<string, HclFile[]> {
  const groups = new Map<string, HclFile[]>();
  for (const file of files) {
    if (isVarFile(file)) continue;
    const dir = path.dirname(file.file.absolutePath);
    const group = groups.get(dir);
    if (group) group.push(file);
    else groups.set(dir, [file]);
  }
  for (const group of groups.values()) group.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function defineModule(dir: string, files: HclFile[], unparsed: Span[] = []): ModuleDef {
  const def: ModuleDef = { dir, files, unparsed, variables: new Map(), locals: new Map(), outputs: new Map(), resources: new Map(), data: new Map(), calls: new Map(), problems: [] };
  const overrides = files.filter(isOverrideFile);
  for (const file of files) {
    if (overrides.includes(file)) continue;
    for (const block of file.body.blocks) indexBlock(def, file, block);
  }
  for (const file of files) for (const repeat of refusedRepeats(file)) def.problems.push({ file, ...repeat });
  applyOverrides(def, overrides);
  return def;
}

function indexBlock(def: ModuleDef, file: HclFile, block: Block): void {
  // Indexed, not destructured: `[a, b] = labels` runs the array iterator, once per block of the run.
  const first = block.labels[0];
  const second = block.labels[1];
  switch (block.type) {
    case 'variable':
      if (first !== undefined) put(def, file, def.variables, first, { node: block, file }, block, 'variable', true);
      return;
    case 'locals':
      for (const attribute of block.body.attributes) put(def, file, def.locals, attribute.name, { node: attribute, file }, attribute, 'local value', true);
      return;
    case 'output':
      if (first !== undefined) put(def, file, def.outputs, first, { node: block, file }, block, 'output', true);
      return;
    case 'module':
      if (first !== undefined) put(def, file, def.calls, first, { node: block, file }, block, 'module', true);
      return;
    case 'resource':
    case 'data':
      if (first !== undefined && second !== undefined) {
        const decl: ResourceDecl = { mode: block.type, type: first, name: second, block, file };
        put(def, file, block.type === 'resource' ? def.resources : def.data, `${first}.${second}`, decl, block, block.type === 'resource' ? 'resource' : 'data source', false);
      }
      return;
    default:
      return;
  }
}

/**
 * Declares `key` in `map`, or reports a second declaration of it at `at` (the first one stays):
 * `duplicate variable "x"`, `duplicate resource aws_vpc.a`. The message is made only then: a run
 * indexes every block of every module it reads.
 */
function put<T extends { file: HclFile }>(def: ModuleDef, file: HclFile, map: Map<string, T>, key: string, value: T, at: Ranged, noun: string, quoted: boolean): void {
  const earlier = map.get(key);
  if (!earlier) map.set(key, value);
  else {
    const declaration = quoted ? `${noun} "${key}"` : `${noun} ${key}`;
    def.problems.push({ file, start: at.start, end: at.end, message: `duplicate ${declaration}: already declared in ${earlier.file.file.path} (Terraform rejects duplicate declarations)` });
  }
}

/** A module call's `source`, when written as a plain string (Terraform requires that). */
export function sourceOf(block: Block): string | undefined {
  const attribute = block.body.attributes.find((a) => a.name === 'source');
  return attribute ? literalString(attribute.expr) : undefined;
}

/** A string written as a literal (no interpolation): module sources and backend settings take nothing else. */
export function literalString(expr: Expr): string | undefined {
  if (expr.k === 'literal' && typeof expr.value === 'string') return expr.value;
  if (expr.k === 'template' && expr.parts.every((p) => typeof p === 'string')) return expr.parts.join('');
  if (expr.k === 'parens') return literalString(expr.expr);
  return undefined;
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source.startsWith('.\\') || source.startsWith('..\\') || source === '.' || source === '..';
}

/** Loads module definitions, once per directory: from the run's files, else through the host. */
export class ModuleLoader {
  private readonly defs = new Map<string, ModuleDef | null>();
  private readonly manifests = new Map<string, Map<string, string> | null>();
  /** The run's folders by real path, made on first need. */
  private runDirsByRealPath: Map<string, string> | undefined;

  constructor(
    private readonly groups: ReadonlyMap<string, HclFile[]>,
    private readonly host: ModuleHost,
  ) {}

  definition(dir: string): ModuleDef | undefined {
    const known = this.defs.get(dir);
    if (known !== undefined) return known ?? undefined;
    let files = this.groups.get(dir);
    if (!files) {
      try {
        files = this.host.loadModuleDir(dir)?.filter((f) => !isVarFile(f));
      } catch {
        files = undefined;
      }
    }
    const def = files && files.length > 0 ? defineModule(dir, files, this.unparsed(dir)) : undefined;
    this.defs.set(dir, def ?? null);
    return def;
  }

  /** Every module folder loaded so far: the run's, and those its calls reached. */
  loadedDefinitions(): ModuleDef[] {
    return [...this.defs.values()].filter((def): def is ModuleDef => def !== null);
  }

  /**
   * The problems of the module folders outside the run that calls reached: files that do not parse,
   * duplicate declarations. Terraform stops on them (`terraform init` / `plan` of the caller), so the
   * run reports them as it reports its own files' (a nested stack's child outside the run alike).
   */
  problemsOutsideRun(): InputProblem[] {
    const problems: InputProblem[] = [];
    for (const [dir, def] of [...this.defs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (this.groups.has(dir)) continue;
      try {
        problems.push(...(this.host.unparsedProblems?.(dir) ?? []));
      } catch {
        // The host is written not to throw; its files stay unknown, as before.
      }
      for (const p of def?.problems ?? []) problems.push({ span: { file: p.file.file.path, start: p.start, end: p.end }, message: p.message });
    }
    return problems;
  }

  /** The files of a module directory that could not be parsed (see `ModuleHost.unparsedFiles`). */
  unparsed(dir: string): Span[] {
    try {
      return this.host.unparsedFiles?.(dir) ?? [];
    } catch {
      return [];
    }
  }

  /** The directory a call's source names, or why it cannot be found. */
  resolveSource(callerDir: string, rootDir: string, callPath: readonly string[], source: string | undefined): { dir: string } | { why: string } {
    if (source === undefined) return { why: 'its source is not a plain string' };
    if (isLocalSource(source)) return { dir: this.runDir(path.resolve(callerDir, source)) };
    const dir = this.manifest(rootDir)?.get(callPath.join('.'));
    if (dir === undefined) return { why: `its source ${JSON.stringify(source)} is not installed (no .terraform/modules/modules.json entry)` };
    return { dir: this.runDir(dir) };
  }

  /**
   * The folder of the run that `dir` is, when a symlink leads there (`source = "./modules/vpc"` with
   * `modules -> ../../modules`): the walk reads a linked folder once, under its real path, and the call
   * must find it there, not load it a second time while the real folder passes for a root module.
   */
  runDir(dir: string): string {
    if (this.groups.has(dir) || !this.host.realPath) return dir;
    if (!this.runDirsByRealPath) {
      this.runDirsByRealPath = new Map();
      for (const key of this.groups.keys()) {
        const real = this.realPathOf(key) ?? key;
        if (!this.runDirsByRealPath.has(real)) this.runDirsByRealPath.set(real, key);
      }
    }
    const real = this.realPathOf(dir);
    return (real !== undefined && this.runDirsByRealPath.get(real)) || dir;
  }

  private realPathOf(dir: string): string | undefined {
    try {
      return this.host.realPath?.(dir);
    } catch {
      return undefined;
    }
  }

  /** `.terraform/modules/modules.json` of a root: module key → absolute directory. */
  manifest(rootDir: string): Map<string, string> | undefined {
    const known = this.manifests.get(rootDir);
    if (known !== undefined) return known ?? undefined;
    const table = readManifest(this.host, rootDir);
    this.manifests.set(rootDir, table ?? null);
    return table;
  }
}

function readManifest(host: ModuleHost, rootDir: string): Map<string, string> | undefined {
  let text: string | undefined;
  try {
    text = host.readText(path.join(rootDir, '.terraform', 'modules', 'modules.json'));
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const modules = typeof parsed === 'object' && parsed !== null ? (parsed as { Modules?: unknown }).Modules : undefined;
  if (!Array.isArray(modules)) return undefined;
  const table = new Map<string, string>();
  for (const entry of modules) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { Key: key, Dir: dir } = entry as { Key?: unknown; Dir?: unknown };
    if (typeof key === 'string' && key !== '' && typeof dir === 'string') table.set(key, path.resolve(rootDir, dir));
  }
  return table;
}

/**
 * Root modules: directories of the run that no other directory of the run calls, by a local source or
 * through a `modules.json` entry. Modules that only call each other in a ring (`a` calls `../b`, `b`
 * calls `../a`; a root that calls `./sub` whose `sub` calls `../`) have no such caller: the first of
 * each ring, in path order, is a root too, or its resources would be silently left unlinted.
 */
export function findRoots(groups: ReadonlyMap<string, HclFile[]>, loader: ModuleLoader): string[] {
  const calls = new Map<string, string[]>();
  const call = (from: string, to: string): void => {
    if (to === from) return;
    const targets = calls.get(from);
    if (targets) targets.push(to);
    else calls.set(from, [to]);
  };
  for (const dir of groups.keys()) {
    const def = loader.definition(dir);
    if (!def) continue;
    for (const moduleCall of def.calls.values()) {
      const source = sourceOf(moduleCall.node);
      if (source !== undefined && isLocalSource(source)) call(dir, loader.runDir(path.resolve(dir, source)));
    }
  }
  const called = new Set([...calls.values()].flat());
  for (const dir of groups.keys()) {
    if (called.has(dir)) continue;
    for (const installed of loader.manifest(dir)?.values() ?? []) call(dir, loader.runDir(installed));
  }
  for (const targets of calls.values()) for (const target of targets) called.add(target);
  const roots = [...groups.keys()].filter((dir) => !called.has(dir));
  // Everything a root instantiates, directly or through other modules; what is left is only called
  // from inside rings.
  const reached = new Set<string>();
  const reach = (from: string): void => {
    const stack = [from];
    for (let dir = stack.pop(); dir !== undefined; dir = stack.pop()) {
      if (reached.has(dir)) continue;
      reached.add(dir);
      for (const target of calls.get(dir) ?? []) stack.push(target);
    }
  };
  roots.forEach(reach);
  for (const dir of [...groups.keys()].sort()) {
    if (reached.has(dir)) continue;
    roots.push(dir);
    reach(dir);
  }
  return roots;
}
