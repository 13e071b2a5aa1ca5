/**
 * Terraform override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms): after the
 * module's other files are loaded, each override file is merged in, in lexical order of the file
 * names, then in order of position. A top-level block merges into the block with the same header:
 *
 * - an argument replaces the argument of the same name;
 * - nested blocks of one type (or `dynamic` blocks generating that type) replace *all* the base's
 *   blocks of that type, plain and `dynamic`; other nested blocks stay;
 * - each value of a `locals` block replaces the local of the same name, whichever block holds it.
 *
 * This is `MergeBodies` of Terraform's `internal/configs/module_merge_body.go`. An override block with
 * no base block is an error to Terraform ("Missing base … to override"), and a problem here.
 *
 * The merged block keeps the base's position (its header is where the resource is declared), while
 * each merged-in argument or nested block is recorded as written in the override file (`mergedFrom`),
 * so that it is evaluated and reported there (see `scopeFor` in context.ts).
 */
import * as path from 'node:path';
import type { Attribute, Block, HclFile } from '../../parse/hcl/ast.js';
import { mergedFrom, type Decl, type ModuleDef, type ResourceDecl } from './context.js';

/** `override.tf`, `a_override.tf`, `override.tf.json`, `a_override.tf.json`. */
export function isOverrideFile(file: HclFile): boolean {
  return isOverrideFileName(file.file.absolutePath);
}

export function isOverrideFileName(filePath: string): boolean {
  const base = path.basename(filePath).replace(/\.json$/, '');
  return base === 'override.tf' || base.endsWith('_override.tf');
}

/** Merges the override files into `def`, in Terraform's order. */
export function applyOverrides(def: ModuleDef, overrides: readonly HclFile[]): void {
  const ordered = [...overrides].sort((a, b) => compareNames(path.basename(a.file.absolutePath), path.basename(b.file.absolutePath)));
  for (const file of ordered) {
    for (const block of file.body.blocks) overrideBlock(def, file, block);
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function overrideBlock(def: ModuleDef, file: HclFile, block: Block): void {
  const [first, second] = block.labels;
  switch (block.type) {
    case 'variable':
      if (first !== undefined) mergeDecl(def, def.variables, first, file, block, `variable "${first}"`);
      return;
    case 'output':
      if (first !== undefined) mergeDecl(def, def.outputs, first, file, block, `output "${first}"`);
      return;
    case 'module':
      if (first !== undefined) mergeDecl(def, def.calls, first, file, block, `module "${first}"`);
      return;
    case 'locals':
      for (const attribute of block.body.attributes) {
        if (def.locals.has(attribute.name)) def.locals.set(attribute.name, { node: attribute, file });
        else missingBase(def, file, attribute, `local value "${attribute.name}"`);
      }
      return;
    case 'resource':
    case 'data':
      if (first !== undefined && second !== undefined) mergeResource(def, file, block, `${first}.${second}`);
      return;
    default:
      // `terraform`, `provider`, `moved`, `import`, …: nothing flowguard evaluates.
      return;
  }
}

function mergeDecl(def: ModuleDef, table: Map<string, Decl<Block>>, key: string, file: HclFile, block: Block, what: string): void {
  const base = table.get(key);
  if (!base) return missingBase(def, file, block, what);
  table.set(key, { ...base, node: mergeBlock(base.node, block, file), overrides: [...(base.overrides ?? []), { file, block }] });
}

function mergeResource(def: ModuleDef, file: HclFile, block: Block, key: string): void {
  const table: Map<string, ResourceDecl> = block.type === 'resource' ? def.resources : def.data;
  const base = table.get(key);
  if (!base) return missingBase(def, file, block, `${block.type === 'resource' ? 'resource' : 'data source'} ${key}`);
  table.set(key, { ...base, block: mergeBlock(base.block, block, file), overrides: [...(base.overrides ?? []), { file, block }] });
}

function missingBase(def: ModuleDef, file: HclFile, at: Block | Attribute, what: string): void {
  def.problems.push({
    file,
    start: at.start,
    end: at.end,
    message: `${what} in override file ${path.basename(file.file.path)} has nothing to override: no other file of the module declares it (Terraform rejects the configuration)`,
  });
}

/** The base block with the override's arguments and nested-block types put in its place (module_merge_body.go). */
function mergeBlock(base: Block, override: Block, file: HclFile): Block {
  const replacedArguments = new Set(override.body.attributes.map((a) => a.name));
  const replacedTypes = new Set(override.body.blocks.map(generatedType));
  const attributes = [...base.body.attributes.filter((a) => !replacedArguments.has(a.name)), ...override.body.attributes.map((a) => mergedFrom({ ...a }, file))];
  const blocks = [...base.body.blocks.filter((b) => !replacedTypes.has(generatedType(b))), ...override.body.blocks.map((b) => mergedFrom({ ...b }, file))];
  return { ...base, body: { ...base.body, attributes, blocks } };
}

/** The type of the blocks a nested block makes: its own, or the label of a `dynamic` block. */
function generatedType(block: Block): string {
  return block.type === 'dynamic' ? (block.labels[0] ?? 'dynamic') : block.type;
}
