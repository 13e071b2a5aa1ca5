/**
 * The plan source locator: where a plan's resources and module calls are written in `.tf` source
 * (beside the plan, in the run, or where `terraform init` installed a module), and which folder of the
 * run is a plan's root module when it is not beside the plan. Apart from the module host (terraform.ts),
 * which it reads every file through: the host serves the `.tf` evaluator, this serves only plans.
 */
import { basename, join, resolve } from 'node:path';
import type { Span } from '../core/source.js';
import { toRepoPath } from '../discover/repo-root.js';
import { isOverrideFile } from '../graph/terraform/overrides.js';
import type { WrittenForEach } from '../graph/terraform-plan/each-value.js';
import type { ModuleSource, PlanOptions, SourceBlock } from '../graph/terraform-plan/index.js';
import type { Block, Expr, HclFile, Ranged } from '../parse/hcl/ast.js';
import type { DiskModuleHost } from './terraform.js';

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
  let forEach: WrittenForEach | undefined;
  for (const { file, block } of [declaration, ...declaration.overrides]) {
    const at = (range: Ranged): Span => ({ file, start: range.start, end: range.end });
    const written = block.body.attributes.find((attribute) => attribute.name === 'for_each');
    if (written) forEach = writtenForEach(written.expr);
    const own = new Map<string, { key: Span; value: Span }>();
    for (const attribute of block.body.attributes) if (!own.has(attribute.name)) own.set(attribute.name, { key: at(attribute.nameRange), value: at(attribute.expr) });
    // A nested block (`ingress { … }`) is a list of objects in the plan, under the block's type.
    for (const nested of block.body.blocks) if (!own.has(nested.type)) own.set(nested.type, { key: at(nested.typeRange), value: at(nested) });
    for (const [name, written] of own) args.set(name, written);
  }
  const { file, block } = declaration;
  const span = { file, start: block.start, end: block.labelRanges[1]?.end ?? block.typeRange.end };
  return forEach ? { span, arguments: args, forEach } : { span, arguments: args };
}

/** `for_each = aws_vpc.this` (in parentheses or not) as the reference it is; any other expression as none. */
function writtenForEach(expr: Expr): WrittenForEach {
  let inner = expr;
  while (inner.k === 'parens') inner = inner.expr;
  if (inner.k !== 'traversal' || !inner.steps.every((step) => step.k === 'attr')) return {};
  return { reference: [inner.root, ...inner.steps.map((step) => (step.k === 'attr' ? step.name : ''))].join('.') };
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
