/** The input limits as flags (docs/limits.md), shared by the lint and graph commands. */
import type { Command } from 'commander';
import type { InputLimits } from '../engine/options.js';
import { positiveInteger } from './settings.js';

export interface LimitFlags {
  maxFileSize?: string;
  maxDepth?: string;
  maxAliases?: string;
}

export function addLimitFlags(program: Command): Command {
  return program
    .option('--max-file-size <bytes>', 'largest file read, in bytes (default 268435456)')
    .option('--max-depth <levels>', 'deepest nesting of JSON, YAML and HCL accepted (default 256)')
    .option('--max-aliases <count>', 'most YAML aliases in one document (default 1000)');
}

export function limitsFrom(flags: LimitFlags): Partial<InputLimits> {
  const limits: Partial<InputLimits> = {};
  if (flags.maxFileSize !== undefined) limits.maxFileSize = positiveInteger('--max-file-size', flags.maxFileSize);
  if (flags.maxDepth !== undefined) limits.maxDepth = positiveInteger('--max-depth', flags.maxDepth);
  if (flags.maxAliases !== undefined) limits.maxAliases = positiveInteger('--max-aliases', flags.maxAliases);
  return limits;
}
