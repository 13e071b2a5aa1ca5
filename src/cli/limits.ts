/** The input limits as flags (docs/limits.md), shared by the lint and graph commands. */
import type { InputLimits } from '../engine/options.js';
import type { Flags, OptionTable } from './args.js';
import { positiveInteger, positiveNumber } from './settings.js';

export const LIMIT_OPTIONS = {
  maxFileSize: { long: 'max-file-size', value: '<bytes>', help: 'largest file read, in bytes (default 268435456)' },
  maxDepth: { long: 'max-depth', value: '<levels>', help: 'deepest nesting of JSON, YAML and HCL accepted (default 256)' },
  maxAliases: { long: 'max-aliases', value: '<count>', help: 'most YAML aliases in one document (default 1000)' },
  maxNodes: { long: 'max-nodes', value: '<count>', help: 'most nodes in one file: JSON and YAML values, .tf tokens; a .tf.json value counts ten, plus the tokens of its strings (default 16000000)' },
  maxResources: { long: 'max-resources', value: '<count>', help: 'most resources one file declares (template resources, plan instances, .tf blocks) or one Terraform root module makes with count and for_each (default 200000)' },
  maxTotalResources: { long: 'max-total-resources', value: '<count>', help: 'most resources all files of a run declare together, counted as --max-resources counts them (default 500000)' },
  maxReferenceDepth: { long: 'max-reference-depth', value: '<n>', help: 'longest chain of references followed to resolve one value (default 64)' },
  fileTimeBudget: { long: 'file-time-budget', value: '<seconds>', help: 'seconds of parsing and resolution one file may take (default 60)' },
} as const satisfies OptionTable;

export type LimitFlags = Flags<typeof LIMIT_OPTIONS>;

export function limitsFrom(flags: Partial<LimitFlags>): Partial<InputLimits> {
  const limits: Partial<InputLimits> = {};
  if (flags.maxFileSize !== undefined) limits.maxFileSize = positiveInteger('--max-file-size', flags.maxFileSize);
  if (flags.maxDepth !== undefined) limits.maxDepth = positiveInteger('--max-depth', flags.maxDepth);
  if (flags.maxAliases !== undefined) limits.maxAliases = positiveInteger('--max-aliases', flags.maxAliases);
  if (flags.maxNodes !== undefined) limits.maxNodes = positiveInteger('--max-nodes', flags.maxNodes);
  if (flags.maxResources !== undefined) limits.maxResources = positiveInteger('--max-resources', flags.maxResources);
  if (flags.maxTotalResources !== undefined) limits.maxTotalResources = positiveInteger('--max-total-resources', flags.maxTotalResources);
  if (flags.maxReferenceDepth !== undefined) limits.maxReferenceDepth = positiveInteger('--max-reference-depth', flags.maxReferenceDepth);
  if (flags.fileTimeBudget !== undefined) limits.fileTimeBudget = positiveNumber('--file-time-budget', flags.fileTimeBudget, 'seconds');
  return limits;
}
