/**
 * A run that linted no file: nothing found in the paths, or every named path ignored by the
 * configuration. `flowguard` and `flowguard graph` decide the same
 * way and say the same words.
 */
import type { LintResult } from '../core/result.js';
import { printNotifications } from './notices.js';

export interface EmptyRun {
  /** The paths as named on the command line; none means the current directory. */
  paths: readonly string[];
  /** `--context` was given: the paths are changed files (pre-commit), and none being a template is no failure. */
  context?: boolean;
}

/**
 * The exit code of a run that linted nothing, once stderr says why; undefined when the run goes on
 * and reports as usual. That is when every named path is ignored: the user (or a pre-commit hook)
 * named only files the configuration excludes, which is not a failure (ESLint exits 0 too), and an
 * empty report (a SARIF file to upload) is still written.
 */
export function emptyRunExit(result: LintResult, { paths, context = false }: EmptyRun): number | undefined {
  const ignored = new Set(result.ignoredPaths ?? []);
  if (paths.length > 0 && paths.every((path) => ignored.has(path))) return undefined;
  printNotifications(result.notifications);
  if (context && result.executionSuccessful) return 0;
  const named = paths.filter((path) => !ignored.has(path));
  process.stderr.write(`flowguard: no CloudFormation template, Terraform file or plan found in ${named.length > 0 ? named.join(', ') : 'the current directory'}\n`);
  return 2;
}
