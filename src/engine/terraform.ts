/**
 * Engine glue for Terraform: the file-system host the `.tf` evaluator loads modules through (module
 * directories outside the run, tfvars, `.terraform/modules/modules.json`), and the source locator that
 * lets plan findings point at the `.tf` line of a resource. Both read only; neither runs Terraform.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { SourceFile, Span } from '../core/source.js';
import { toRepoPath } from '../discover/repo-root.js';
import { gitIgnoredIn } from '../discover/walk.js';
import type { ModuleHost } from '../graph/terraform/index.js';
import { isOverrideFile } from '../graph/terraform/overrides.js';
import type { ModuleSource, PlanOptions, SourceBlock } from '../graph/terraform-plan/index.js';
import type { Block, HclFile, Ranged } from '../parse/hcl/ast.js';
import type { InputLimits } from './options.js';
import { TERRAFORM_SOURCE, type FileProblem, type HclParser } from './pipeline.js';

/** The HCL parsers, passed in so that this module never loads them for a run without Terraform source. */
export interface HclParsers {
  hcl: HclParser;
  tfJson: HclParser;
}

/**
 * Texts of every file the run read, by repository-relative path: findings point into them, and their
 * paths are the run's inputs (`LintResult.inputs`), so every read goes through `readText`.
 */
export type TextRegistry = Map<string, string>;

export class DiskModuleHost implements ModuleHost {
  private readonly parsed = new Map<string, HclFile[] | undefined>();
  /** Files of module folders outside the run that did not parse, by directory. */
  private readonly failed = new Map<string, Span[]>();

  constructor(
    private readonly root: string,
    private readonly limits: InputLimits,
    private readonly texts: TextRegistry,
    /** Files already parsed by the run, by directory (a plan's sibling source is looked up here first). */
    private readonly runFiles: ReadonlyMap<string, HclFile[]>,
    /** Absent when the run has no Terraform source anywhere: module directories then stay unknown. */
    private readonly parsers: HclParsers | undefined,
    /** `.tf` files of the run that could not be read or parsed, by directory (absolute), where their problem is. */
    private readonly runFailures: ReadonlyMap<string, Span[]> = new Map(),
  ) {}

  loadModuleDir(absoluteDir: string): HclFile[] | undefined {
    const known = this.runFiles.get(absoluteDir);
    if (known) return known;
    if (this.parsed.has(absoluteDir)) return this.parsed.get(absoluteDir);
    const files = this.readModuleDir(absoluteDir);
    this.parsed.set(absoluteDir, files);
    return files;
  }

  /** The run's folders of `.tf` files, each with its parsed files. */
  runDirectories(): ReadonlyMap<string, HclFile[]> {
    return this.runFiles;
  }

  unparsedFiles(absoluteDir: string): Span[] | undefined {
    const inRun = this.runFailures.get(absoluteDir);
    const outside = this.failed.get(absoluteDir);
    return inRun && outside ? [...inRun, ...outside.filter((o) => !inRun.some((r) => r.file === o.file))] : (inRun ?? outside);
  }

  fileExists(absPath: string): boolean {
    return existsSync(absPath);
  }

  readText(absPath: string): string | undefined {
    try {
      const stats = statSync(absPath);
      if (!stats.isFile() || stats.size > this.limits.maxFileSize) return undefined;
      const text = readFileSync(absPath, 'utf8');
      this.texts.set(toRepoPath(this.root, absPath), text);
      return text;
    } catch {
      return undefined;
    }
  }

  realPath(absolutePath: string): string | undefined {
    try {
      return realpathSync(absolutePath);
    } catch {
      return undefined;
    }
  }

  listDir(absoluteDir: string): string[] | undefined {
    try {
      return readdirSync(absoluteDir).sort();
    } catch {
      return undefined;
    }
  }

  private readModuleDir(absoluteDir: string): HclFile[] | undefined {
    // As a walk of the folder would read it: not the files the repository ignores (see gitIgnoredIn).
    const ignores = gitIgnoredIn(absoluteDir);
    const names = this.listDir(absoluteDir)?.filter((n) => TERRAFORM_SOURCE.test(n) && !ignores(n));
    if (!names || names.length === 0 || !this.parsers) return undefined;
    const files: HclFile[] = [];
    for (const name of names) {
      const absolutePath = join(absoluteDir, name);
      const text = this.readText(absolutePath);
      if (text === undefined) continue;
      const file: SourceFile = { absolutePath, path: toRepoPath(this.root, absolutePath), text };
      const result = name.toLowerCase().endsWith('.json') ? this.parsers.tfJson(file, this.limits) : this.parsers.hcl(file, this.limits);
      // A file that does not parse may declare anything: the module is incomplete (see unparsedFiles).
      if (result.ok) files.push(result.hcl);
      else this.failed.set(absoluteDir, [...(this.failed.get(absoluteDir) ?? []), { file: file.path, start: result.problem.start, end: result.problem.end }]);
    }
    return files.length > 0 ? files : undefined;
  }
}

/** The run's `.tf` / `.tf.json` files that could not be read or parsed, by directory (absolute), where their problem is. */
export function unparsedByDirectory(problems: readonly FileProblem[]): Map<string, Span[]> {
  const groups = new Map<string, Span[]>();
  for (const { file, problem } of problems) {
    if (!TERRAFORM_SOURCE.test(file.path)) continue;
    const dir = resolve(file.absolutePath, '..');
    groups.set(dir, [...(groups.get(dir) ?? []), { file: file.path, start: problem.start, end: problem.end }]);
  }
  return groups;
}

/** Groups parsed files by their directory (absolute), for the host and the locator. */
export function byDirectory(files: HclFile[]): Map<string, HclFile[]> {
  const groups = new Map<string, HclFile[]>();
  for (const file of files) {
    const dir = resolve(file.file.absolutePath, '..');
    const list = groups.get(dir);
    if (list) list.push(file);
    else groups.set(dir, [file]);
  }
  return groups;
}

/**
 * Finds `resource "<type>" "<name>"` in the module source beside a plan (SPEC §4: plan findings point
 * at the `.tf` line when the source is in the run or beside the plan), and the `module "<name>"`
 * blocks that call it, so that a finding in a module `terraform init` installed can sit on the call.
 */
export function planSourceLocator(root: string, host: DiskModuleHost): PlanLocator {
  // Asked once per resource block of a plan (tens of thousands): each plan's folder and module
  // manifest are worked out once, not per block.
  const planDirs = new Map<string, string>();
  const sourceDirs = new Map<string, string>();
  const manifests = new Map<string, ModuleManifest>();
  const declarations = new Map<string, ModuleDeclarations>();
  /** Plans whose root module source the run found elsewhere: the plan → that folder (absolute, and repository-relative). */
  const roots = new Map<string, { dir: string; path: string }>();
  const declared = (planFile: string, module: ModuleSource): ModuleDeclarations | undefined => {
    let planDir = planDirs.get(planFile);
    // `terraform init` ran in the root module's folder: its module manifest is there.
    if (planDir === undefined) planDirs.set(planFile, (planDir = roots.get(planFile)?.dir ?? resolve(root, planFile, '..')));
    let dir: string | undefined;
    if (module.sourceDir === undefined) dir = installedModuleDir(planDir, module.modulePath, manifests, host);
    else if ((dir = sourceDirs.get(module.sourceDir)) === undefined) sourceDirs.set(module.sourceDir, (dir = resolve(root, module.sourceDir)));
    if (!dir) return undefined;
    let blocks = declarations.get(dir);
    if (!blocks) declarations.set(dir, (blocks = moduleDeclarations(host.loadModuleDir(dir) ?? [])));
    return blocks;
  };
  const matchRoot = rootMatcher(host);
  return {
    roots: () => new Map([...roots].map(([plan, { path }]) => [plan, path])),
    locateRoot(planFile, planDeclarations) {
      const dir = matchRoot(resolve(root, planFile, '..'), planDeclarations);
      if (dir !== undefined) roots.set(planFile, { dir, path: toRepoPath(root, dir) || '.' });
      return dir === undefined ? undefined : roots.get(planFile)!.path;
    },
    locateSource(planFile, module, type, name) {
      const found = declared(planFile, module)?.resources.get(type)?.get(name);
      return found && sourceBlockOf(found);
    },
    locateCall(planFile, caller, name) {
      const found = declared(planFile, caller)?.calls.get(name);
      return found && { file: found.file, start: found.block.start, end: found.block.labelRanges[0]?.end ?? found.block.typeRange.end };
    },
  };
}

/** What `planSourceLocator` gives the plan adapter, and the plans whose root module it found elsewhere than beside them. */
export interface PlanLocator extends Required<Pick<PlanOptions, 'locateSource' | 'locateCall' | 'locateRoot'>> {
  /** Plan → the repository-relative folder of its root module, for the plans `locateRoot` matched. */
  roots(): Map<string, string>;
}

/**
 * A plan's root module source when it is not beside the plan (`plans/prod.json` for `envs/prod/`): the
 * one folder of the run whose `.tf` files declare exactly the resources, data sources and module calls
 * of the plan's configuration. None when another folder declares the same (two copies of one
 * environment cannot be told apart), or when the plan's folder holds `.tf` files of its own.
 */
function rootMatcher(host: DiskModuleHost): (planDir: string, planDeclarations: readonly string[]) => string | undefined {
  let byDeclarations: Map<string, string[]> | undefined;
  return (planDir, planDeclarations) => {
    if (planDeclarations.length === 0 || host.loadModuleDir(planDir)) return undefined;
    if (!byDeclarations) {
      byDeclarations = new Map();
      for (const [dir, files] of host.runDirectories()) {
        const key = sourceDeclarations(files).join('\n');
        byDeclarations.set(key, [...(byDeclarations.get(key) ?? []), dir]);
      }
    }
    const matches = byDeclarations.get(planDeclarations.join('\n')) ?? [];
    return matches.length === 1 ? matches[0] : undefined;
  };
}

/** What a module folder declares, as a plan's configuration lists it (`rootDeclarations`), sorted. */
function sourceDeclarations(files: readonly HclFile[]): string[] {
  const out = new Set<string>();
  for (const file of files) {
    if (isOverrideFile(file)) continue;
    for (const block of file.body.blocks) {
      const [first, second] = block.labels;
      if (block.type === 'module' && first !== undefined) out.add(`module.${first}`);
      else if ((block.type === 'resource' || block.type === 'data') && first !== undefined && second !== undefined) out.add(`${block.type === 'data' ? 'data.' : ''}${first}.${second}`);
    }
  }
  return [...out].sort();
}

/** A module's `resource` blocks by type, then name, and its `module` blocks by name. */
interface ModuleDeclarations {
  resources: Map<string, Map<string, WrittenBlock & { overrides: WrittenBlock[] }>>;
  calls: Map<string, WrittenBlock>;
}

interface WrittenBlock {
  file: string;
  block: Block;
}

/**
 * Indexed once per module folder: a plan asks for every block of it. In file order, the first
 * declaration wins; blocks of override files (`override.tf`, `*_override.tf`) are not declarations
 * but are merged into one, so the arguments they set are found where they are written.
 */
function moduleDeclarations(files: readonly HclFile[]): ModuleDeclarations {
  const resources: ModuleDeclarations['resources'] = new Map();
  const calls: ModuleDeclarations['calls'] = new Map();
  const overrides = files.filter(isOverrideFile).sort((a, b) => (basename(a.file.path) < basename(b.file.path) ? -1 : 1));
  for (const file of files) {
    if (overrides.includes(file)) continue;
    for (const block of file.body.blocks) {
      const [type, name] = block.labels;
      if (block.type === 'module' && type !== undefined && !calls.has(type)) calls.set(type, { file: file.file.path, block });
      if (block.type !== 'resource' || type === undefined || name === undefined) continue;
      let byName = resources.get(type);
      if (!byName) resources.set(type, (byName = new Map()));
      if (!byName.has(name)) byName.set(name, { file: file.file.path, block, overrides: [] });
    }
  }
  for (const file of overrides) {
    for (const block of file.body.blocks) {
      const [type, name] = block.labels;
      if (block.type === 'resource' && type !== undefined && name !== undefined) resources.get(type)?.get(name)?.overrides.push({ file: file.file.path, block });
    }
  }
  return { resources, calls };
}

/** The declaration `resource "<type>" "<name>"`, and where each argument and nested block of it is written (the last override's, if any). */
function sourceBlockOf(declaration: WrittenBlock & { overrides: WrittenBlock[] }): SourceBlock {
  const args = new Map<string, { key: Span; value: Span }>();
  for (const { file, block } of [declaration, ...declaration.overrides]) {
    const at = (range: Ranged): Span => ({ file, start: range.start, end: range.end });
    const own = new Map<string, { key: Span; value: Span }>();
    for (const attribute of block.body.attributes) if (!own.has(attribute.name)) own.set(attribute.name, { key: at(attribute.nameRange), value: at(attribute.expr) });
    // A nested block (`ingress { … }`) is a list of objects in the plan, under the block's type.
    for (const nested of block.body.blocks) if (!own.has(nested.type)) own.set(nested.type, { key: at(nested.typeRange), value: at(nested) });
    for (const [name, written] of own) args.set(name, written);
  }
  const { file, block } = declaration;
  return { span: { file, start: block.start, end: block.labelRanges[1]?.end ?? block.typeRange.end }, arguments: args };
}

/** Module key (`net.flow_logs`) → where `terraform init` installed it; undefined for an entry without `Dir`. */
type ModuleManifest = ReadonlyMap<string, string | undefined>;

/** A registry or git module's directory from `.terraform/modules/modules.json` beside the plan. */
function installedModuleDir(planDir: string, modulePath: string[], manifests: Map<string, ModuleManifest>, host: DiskModuleHost): string | undefined {
  if (modulePath.length === 0) return planDir;
  let manifest = manifests.get(planDir);
  if (!manifest) manifests.set(planDir, (manifest = readManifest(planDir, host)));
  return manifest.get(modulePath.join('.'));
}

/** Read through the host, which records every file the run reads (`LintResult.inputs`). */
function readManifest(planDir: string, host: DiskModuleHost): ModuleManifest {
  const dirs = new Map<string, string | undefined>();
  try {
    const text = host.readText(join(planDir, '.terraform', 'modules', 'modules.json'));
    if (text === undefined) return dirs;
    const manifest = JSON.parse(text) as { Modules?: unknown };
    if (!Array.isArray(manifest.Modules)) return dirs;
    for (const entry of manifest.Modules as { Key?: unknown; Dir?: unknown }[]) {
      // `terraform init` writes each key once; should one repeat, the first entry decides.
      if (typeof entry?.Key !== 'string' || dirs.has(entry.Key)) continue;
      dirs.set(entry.Key, typeof entry.Dir === 'string' && entry.Dir !== '' ? resolve(planDir, entry.Dir) : undefined);
    }
  } catch {
    // No manifest, or an unreadable one: no installed module is found.
  }
  return dirs;
}
