/**
 * The settings a partial backend takes at `terraform init -backend-config=FILE`: a root that writes
 * `backend "s3" {}` (or leaves out its key) keeps its state where one of these files says. Terraform
 * names no such file itself; by convention they sit in the root's folder (`backend.hcl`,
 * `prod.s3.tfbackend`, `config.backend.hcl`), in a `backend`/`backends`/`backend-config` folder
 * beside its `.tf` files, or among an environment's files (`env/prod.s3.tfbackend`). Each file is
 * one place the root may keep its state, for `data "terraform_remote_state"` (remote-state.ts); read
 * only when a run reads a remote state.
 */
import * as path from 'node:path';
import { parseHcl } from '../../parse/hcl/index.js';
import { literalString, type ModuleHost } from './modules.js';

/** A file of `name = "value"` lines, by name: its literal string settings. */
export type BackendSettings = ReadonlyMap<string, string>;

const CONFIG_FILE = /(^backend.*\.(hcl|conf)$)|(\.backend\.(hcl|conf)$)|(\.tfbackend$)/i;
/** Folders that hold only backend settings: any `.hcl`, `.conf` or `.tfbackend` file there is one. */
const CONFIG_FOLDERS = ['backend', 'backends', 'backend-config', 'backend-configs'];
/** Folders that hold an environment's files: only those named as backend settings are. */
const ENVIRONMENT_FOLDERS = ['env', 'envs', 'environments', 'config', 'configs'];
/** Largest settings file read: a few lines in practice. */
const MAX_CONFIG_FILE = 64 * 1024;
/** Most settings files read per root (one per environment, in practice). */
const MAX_CONFIG_FILES = 32;

/** The settings of every backend configuration file of the root folder `dir`, in name order. */
export function backendConfigFiles(host: ModuleHost, dir: string): BackendSettings[] {
  const found: BackendSettings[] = [];
  const folders = [
    { folder: dir, any: false },
    ...CONFIG_FOLDERS.map((name) => ({ folder: path.join(dir, name), any: true })),
    ...ENVIRONMENT_FOLDERS.map((name) => ({ folder: path.join(dir, name), any: false })),
  ];
  for (const { folder, any } of folders) {
    let names: string[];
    try {
      names = (host.listDir?.(folder) ?? []).filter((name) => CONFIG_FILE.test(name) || (any && /\.(hcl|conf)$/i.test(name))).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (found.length >= MAX_CONFIG_FILES) return found;
      const settings = read(host, path.join(folder, name));
      if (settings && settings.size > 0) found.push(settings);
    }
  }
  return found;
}

function read(host: ModuleHost, absolutePath: string): BackendSettings | undefined {
  let text: string | undefined;
  try {
    text = host.readText(absolutePath);
  } catch {
    return undefined;
  }
  if (text === undefined || text.length > MAX_CONFIG_FILE) return undefined;
  const parsed = parseHcl({ absolutePath, path: absolutePath, text });
  if (!parsed.ok) return undefined;
  const settings = new Map<string, string>();
  for (const attribute of parsed.hcl.body.attributes) {
    const value = literalString(attribute.expr);
    if (value !== undefined) settings.set(attribute.name, value);
  }
  return settings;
}
