/**
 * A run that linted no file: nothing found in the paths, every named path ignored by the
 * configuration, or nothing that could be parsed. `flowguard` and `flowguard graph` decide the same
 * way and say the same words.
 */
import type { LintResult } from '../core/result.js';
import { printNotifications } from './notices.js';
import { standardError } from './stdio.js';

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
  const unparsed = unparsedFiles(result);
  if (unparsed.length > 0) {
    // Not "no template found": the file was found and read. The reason is in the notification above;
    // with the parse-error rule off it is no finding, which would otherwise leave the user guessing.
    const ruleOff = !result.rules.some((rule) => rule.id === 'parse-error');
    standardError.write(`flowguard: nothing linted: ${unparsed.join(', ')} could not be read or parsed${ruleOff ? ' (the parse-error rule is off, so this is not reported as a finding)' : ''}\n`);
    return 2;
  }
  const named = paths.filter((path) => !ignored.has(path));
  standardError.write(`flowguard: no CloudFormation template, Terraform file or plan found in ${named.length > 0 ? named.join(', ') : 'the current directory'}\n`);
  const assemblies = result.ignoredAssemblies ?? [];
  if (assemblies.length > 0) {
    // Every CDK project's .gitignore has `cdk.out`: its templates are what there is to lint.
    const them = assemblies.length === 1 ? `the CDK cloud assembly ${assemblies[0]}: name it` : `the CDK cloud assemblies ${assemblies.join(', ')}: name them`;
    standardError.write(`flowguard: .gitignore excludes ${them} to lint the synthesised templates (flowguard ${assemblies.join(' ')})\n`);
  }
  return 2;
}

/** Files the run read but could not use: each has an error notification (unreadable, unparsable, not a template). */
function unparsedFiles(result: LintResult): string[] {
  const read = new Set(result.inputs ?? []);
  const files = result.notifications.filter((n) => n.level === 'error' && n.file !== undefined && read.has(n.file)).map((n) => n.file!);
  return [...new Set(files)].sort();
}
