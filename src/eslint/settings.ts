/**
 * The project's `.flowguard.yaml`, read as the CLI reads it, so the editor shows what CI reports: its
 * `ignore` patterns and `limits`, and its rule levels and options under whatever the ESLint config says. The file
 * nearest to the linted file wins (the CLI looks from its working directory), up to the repository root.
 */
import { statSync } from 'node:fs';
import { ConfigError } from '../config/errors.js';
import { findConfigFile } from '../config/find.js';
import { loadConfig } from '../config/load.js';
import type { RuleSettings } from '../config/merge.js';
import type { InputLimits } from '../engine/options.js';
import { toRepoPath } from '../discover/repo-root.js';
import { RULES } from '../../rules/index.js';

export type ProjectSettings = { ok: true; rules: RuleSettings; ignore: string[]; limits: Partial<InputLimits> } | { ok: false; message: string };

const NONE: ProjectSettings = { ok: true, rules: {}, ignore: [], limits: {} };

/** Read again only when the file changes: an editor lints on every keystroke. */
const cache = new Map<string, { stamp: string; settings: ProjectSettings }>();

export function projectSettings(dir: string, root: string): ProjectSettings {
  const path = findConfigFile(dir, root);
  if (path === undefined) return NONE;
  let stamp: string;
  try {
    const stats = statSync(path);
    stamp = `${stats.mtimeMs}:${stats.size}`;
  } catch {
    stamp = 'unreadable';
  }
  const cached = cache.get(path);
  if (cached?.stamp === stamp) return cached.settings;
  const settings = read(path, toRepoPath(root, path));
  cache.set(path, { stamp, settings });
  return settings;
}

function read(path: string, displayPath: string): ProjectSettings {
  try {
    const config = loadConfig(path, displayPath, RULES.map((rule) => rule.meta));
    return { ok: true, rules: config.rules, ignore: config.ignore, limits: config.limits };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, message: `flowguard configuration ${error.message.split('\n').join('; ')}` };
    throw error;
  }
}
