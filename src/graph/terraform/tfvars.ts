/**
 * Variable files of a root module, in Terraform's order (later wins): `terraform.tfvars`,
 * `terraform.tfvars.json`, then `*.auto.tfvars` / `*.auto.tfvars.json` by name. Taken from the run's
 * files when the engine passes them, else read from the root's directory through the host.
 */
import * as path from 'node:path';
import type { HclFile } from '../../parse/hcl/ast.js';
import type { InputProblem } from '../model.js';
import { parseHcl } from '../../parse/hcl/index.js';
import { refusedRepeats } from './repeated-blocks.js';
import type { RootModule } from './context.js';
import { isVarFile, type ModuleHost } from './modules.js';
import { fromPlain } from './walks.js';

/** Largest variable file read. */
const MAX_VAR_FILE = 5_000_000;

function order(name: string): [number, string] {
  if (name === 'terraform.tfvars') return [0, name];
  if (name === 'terraform.tfvars.json') return [1, name];
  return [2, name];
}

function isRootVarFile(name: string): boolean {
  return name === 'terraform.tfvars' || name === 'terraform.tfvars.json' || /\.auto\.tfvars(\.json)?$/.test(name);
}

/**
 * `report`: a variable file that does not parse. Terraform stops on it, so it is a problem of the run
 * (a `parse-error`), not a file to pass over in silence; its values are then unknown to flowguard.
 */
export function readTfvars(dir: string, moduleFiles: readonly HclFile[], runFiles: readonly HclFile[], host: ModuleHost, report: (problem: InputProblem) => void = () => {}): RootModule['tfvars'] {
  const values: RootModule['tfvars'] = new Map();
  const inRun = runFiles.filter((f) => isVarFile(f) && path.dirname(f.file.absolutePath) === dir && isRootVarFile(path.basename(f.file.absolutePath)));
  const files: { name: string; load: () => HclFile | { json: unknown; path: string } | undefined }[] = inRun.map((f) => ({ name: path.basename(f.file.absolutePath), load: () => f }));
  if (files.length === 0) {
    let names: string[] = ['terraform.tfvars', 'terraform.tfvars.json'];
    try {
      names = [...names, ...(host.listDir?.(dir) ?? []).filter((n) => /\.auto\.tfvars(\.json)?$/.test(n))];
    } catch {
      // Without a listing only terraform.tfvars is read.
    }
    const relativeDir = moduleFiles[0] ? path.posix.dirname(moduleFiles[0].file.path) : '.';
    for (const name of names) files.push({ name, load: () => loadFromHost(host, dir, relativeDir, name, report) });
  }
  files.sort((a, b) => {
    const [x, y] = [order(a.name), order(b.name)];
    return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
  });
  for (const { load } of files) {
    const loaded = load();
    if (!loaded) continue;
    if ('json' in loaded) {
      if (typeof loaded.json !== 'object' || loaded.json === null || Array.isArray(loaded.json)) continue;
      const span = { file: loaded.path, start: 0, end: 0 };
      for (const [key, value] of Object.entries(loaded.json)) values.set(key, { value: fromPlain(value, span) });
    } else {
      // Terraform refuses a variable file with a block in it ("Unexpected block: Blocks are not allowed
      // here"), as it refuses one that does not parse: a problem where the block is, and its values unused.
      const block = loaded.body.blocks[0];
      if (block) {
        const end = block.labelRanges[block.labelRanges.length - 1]?.end ?? block.typeRange.end;
        report({ span: { file: loaded.file.path, start: block.start, end }, message: `Unexpected block: blocks are not allowed here; a variable file holds only name = value (Terraform refuses this variable file)` });
        continue;
      }
      for (const attribute of loaded.body.attributes) values.set(attribute.name, { node: attribute, file: loaded });
    }
  }
  return values;
}

function loadFromHost(host: ModuleHost, dir: string, relativeDir: string, name: string, report: (problem: InputProblem) => void): HclFile | { json: unknown; path: string } | undefined {
  const absolutePath = path.join(dir, name);
  let text: string | undefined;
  try {
    text = host.fileExists(absolutePath) ? host.readText(absolutePath) : undefined;
  } catch {
    return undefined;
  }
  if (text === undefined || text.length > MAX_VAR_FILE) return undefined;
  const relative = relativeDir === '.' ? name : `${relativeDir}/${name}`;
  if (name.endsWith('.json')) {
    try {
      return { json: JSON.parse(text), path: relative };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report({ span: { file: relative, start: 0, end: 0 }, message: `not valid JSON (${message}); Terraform rejects this variable file` });
      return undefined;
    }
  }
  const parsed = parseHcl({ absolutePath, path: relative, text });
  if (parsed.ok) {
    // A variable file stands for no block: an argument set twice is refused, whatever its form.
    for (const repeat of refusedRepeats(parsed.hcl)) report({ span: { file: relative, start: repeat.start, end: repeat.end }, message: repeat.message });
    return parsed.hcl;
  }
  report({ span: { file: relative, start: parsed.problem.start, end: parsed.problem.end }, message: parsed.problem.message });
  return undefined;
}
