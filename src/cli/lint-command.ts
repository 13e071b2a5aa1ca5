/**
 * `flowguard [paths...]`, the default command: options → engine → reporter → exit code. Exit codes:
 * 0 clean, 1 an unsuppressed finding at or above --fail-level, 2 the run itself failed.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintResult } from '../core/result.js';
import type { InputLimits, LintOptions } from '../engine/options.js';
import { VERSION } from '../version.js';
import { parseCommand, type CommandSpec, type Flags, type OptionTable } from './args.js';
import { colorEnabled } from './color.js';
import { UsageError } from './errors.js';
import { LIMIT_OPTIONS, limitsFrom } from './limits.js';
import { printNotifications, warnIgnoredPaths } from './notices.js';
import { emptyRunExit } from './nothing-linted.js';
import { inputsOf, writeOutput, type InputFile } from './output.js';
import { writePiecesTo } from './write-pieces.js';
import { progressLine } from './progress.js';
import { WORKSPACE_OPTIONS, workspaceFrom } from './workspace.js';
import { positiveInteger, resolveSettings, SETTING_OPTIONS, type Settings } from './settings.js';
import { standardOutput } from './stdio.js';

const FORMATS = ['text', 'sarif', 'json', 'compact', 'github'] as const;
const FAIL_LEVELS = ['error', 'warning', 'note', 'none'] as const;

const LINT_OPTIONS = {
  format: { long: 'format', short: 'f', value: '<format>', choices: FORMATS, default: 'text', help: 'output format' },
  output: { long: 'output', short: 'o', value: '<file>', help: 'write the report to a file, creating its folder (a summary still goes to the terminal; never over a file the run reads)' },
  failLevel: { long: 'fail-level', value: '<level>', choices: FAIL_LEVELS, default: 'error', help: 'exit 1 when a finding is at or above this level' },
  ...SETTING_OPTIONS,
  ...LIMIT_OPTIONS,
  ...WORKSPACE_OPTIONS,
  jobs: { long: 'jobs', value: '<n>', help: 'threads that read and parse files (default: one per core; 1 = no worker threads); the output is the same for any number' },
  baseline: {
    long: 'baseline',
    value: '<file.sarif>',
    help: "do not report findings already in this SARIF file (a previous run's --format sarif output); they stay in SARIF, marked suppressed",
  },
  changedSince: {
    long: 'changed-since',
    value: '<ref>',
    help: 'report only findings on resources added or changed since this git revision (a branch, tag or commit); the others stay in SARIF, marked suppressed',
  },
  context: {
    long: 'context',
    value: '<path>',
    repeatable: true,
    help: 'also read this file or directory, only to resolve links (imports, nested stacks, modules); a finding there is reported only when its resource belongs to a named file (a module a named file calls) or a related location is in one (repeatable; the pre-commit hook passes the repository)',
  },
  printConfig: { long: 'print-config', help: 'print the configuration in effect (YAML; JSON with --format json) and exit' },
  color: {
    long: 'color',
    help: 'colour the text output even when it is not a terminal (default: only on a terminal, and not with NO_COLOR; FORCE_COLOR=1 forces it too)',
    negation: 'never colour the text output',
  },
} as const satisfies OptionTable;

type LintFlags = Flags<typeof LINT_OPTIONS>;

const LINT_COMMAND: CommandSpec<typeof LINT_OPTIONS> = {
  name: 'flowguard',
  description: 'Lint AWS CloudFormation templates and Terraform (.tf source, plan and state JSON) for VPC flow logs, log retention and delivery-role trust.',
  positionals: { name: 'paths', help: 'files or directories to lint (default: the current directory)' },
  options: LINT_OPTIONS,
  version: VERSION,
  epilogue:
    'Commands (first argument; lint a file named "rules" as ./rules):\n' +
    '  flowguard rules [options]             list the rules, their levels and options\n' +
    '  flowguard graph [options] [paths...]  print the resource graph (Mermaid, DOT or JSON)\n',
};

export async function runLintCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(LINT_COMMAND, args);
  if (typeof parsed === 'number') return parsed;
  const { flags, positionals: paths } = parsed;
  const cwd = process.cwd();

  const settings = await resolveSettings(flags, cwd);
  const cliLimits = limitsFrom(flags);
  if (flags.printConfig) {
    standardOutput.write(await printConfig(settings, cliLimits, flags.format === 'json' ? 'json' : 'yaml'));
    return 0;
  }
  const limits = { ...settings.limits, ...cliLimits };
  for (const path of flags.context) await checkExists('--context', path, cwd);
  // Read before linting: a bad baseline fails the run at once, not after the work is done.
  const baseline = flags.baseline === undefined ? undefined : await readBaseline(flags.baseline, cwd);

  const options: LintOptions = { cwd, rules: settings.merged, limits, ...workspaceFrom(flags) };
  if (settings.ignore.length) options.ignore = settings.ignore;
  if (flags.context.length) options.context = flags.context;
  if (flags.jobs !== undefined) options.jobs = positiveInteger('--jobs', flags.jobs);
  const progress = progressLine();
  if (progress) options.onProgress = (done, total) => progress.update(done, total);
  const { lint } = await import('../engine/lint.js');
  let result: LintResult = await lint(paths, options);
  progress?.stop();
  warnIgnoredPaths(result, settings.config?.displayPath);
  // What the command line read itself is an input too: `--output` must not replace it either.
  const own: InputFile[] = [];
  if (settings.config) own.push({ absolutePath: settings.config.path, role: 'the configuration file' });
  if (flags.baseline !== undefined) own.push({ absolutePath: resolve(cwd, flags.baseline), role: 'the baseline' });
  if (result.files.length === 0 && result.findings.length === 0) {
    const exit = emptyRunExit(result, { paths, context: flags.context.length > 0 });
    // A passing run with context that named no template (a pre-commit run of a commit that stages only
    // package.json) has nothing to say on a terminal, but a script or an upload step still reads its
    // report: `[]`, an empty SARIF run, not an empty stream or a missing file.
    if (exit === 0 && (flags.format !== 'text' || flags.output)) await writeReport(result, flags, cwd, own);
    if (exit !== undefined) return exit;
  }
  if (baseline) result = (await import('../engine/baseline.js')).applyBaseline(result, baseline);
  if (flags.changedSince !== undefined) result = await applyChangedSince(result, flags.changedSince, cwd);

  await writeReport(result, flags, cwd, own);
  if (!result.executionSuccessful) return 2;
  const failLevel = flags.failLevel;
  if (failLevel === 'none') return 0;
  const { atLeast } = await import('../engine/finalize.js');
  const failing = result.findings.some((f) => !f.suppressions?.length && atLeast(f.level, failLevel));
  return failing ? 1 : 0;
}

async function writeReport(result: LintResult, flags: LintFlags, cwd: string, ownInputs: InputFile[]): Promise<void> {
  const { reportPieces } = await import('../report/index.js');
  const color = colorEnabled(flags.color, standardOutput);
  // Text paths are relative to where the user stands, so a terminal can open them; the other formats
  // keep repository-relative paths (SARIF requires it, editors and GitHub resolve from the root).
  const { findRepositoryRoot } = await import('../discover/repo-root.js');
  const root = findRepositoryRoot(cwd);
  // Colour is for the terminal: a report written to a file has none, whatever stdout is or --color says.
  // In pieces, never one string: the report of a million findings is longer than V8's longest string.
  const report = await reportPieces(flags.format, result, { color: color && !flags.output, toolVersion: VERSION, cwd, root });
  if (flags.format === 'json') {
    // SPEC §4: the JSON report is a plain array of findings, which scripts depend on. The notifications
    // the text format lists beside the findings (a path that cannot be read) go to stderr instead, so
    // an exit code of 2 never comes without a reason.
    const { unmirroredNotifications } = await import('../report/shared.js');
    printNotifications(unmirroredNotifications(result));
  }
  if (!flags.output) {
    await writePiecesTo(standardOutput, report);
    return;
  }
  await writeOutput(flags.output, report, cwd, inputsOf(result, root, ownInputs));
  const { formatSummary } = await import('../report/text.js');
  standardOutput.write(`${formatSummary(result, { color })}\n`);
}

async function printConfig(settings: Settings, cliLimits: Partial<InputLimits>, format: 'yaml' | 'json'): Promise<string> {
  const { effectiveConfig } = await import('../config/effective.js');
  const { formatConfigJson, formatConfigYaml } = await import('../config/print.js');
  const layers = { configFile: settings.config?.displayPath, file: settings.config?.rules, cli: settings.cli, ignore: settings.ignore };
  const effective = effectiveConfig(settings.rules, { ...layers, limits: { file: settings.limits, cli: cliLimits } });
  return format === 'json' ? formatConfigJson(effective) : formatConfigYaml(effective);
}

async function readBaseline(path: string, cwd: string) {
  const { readBaseline: read } = await import('../engine/baseline.js');
  const loaded = read(resolve(cwd, path), path);
  if (!loaded.ok) throw new UsageError(loaded.message);
  return loaded.baseline;
}

/** `--changed-since`: loaded only in this mode; a bad ref or no git repository is a usage error (exit 2). */
async function applyChangedSince(result: LintResult, ref: string, cwd: string): Promise<LintResult> {
  const changedSince = await import('../engine/changed-since/index.js');
  try {
    return await changedSince.applyChangedSince(result, ref, cwd);
  } catch (error) {
    if (error instanceof changedSince.ChangedSinceError) throw new UsageError(error.message);
    throw error;
  }
}

/** A misspelt --context path would otherwise only weaken the run (links not found), silently. */
async function checkExists(flag: string, path: string, cwd: string): Promise<void> {
  try {
    statSync(resolve(cwd, path));
  } catch (error) {
    const { describeFsError } = await import('../discover/walk.js');
    throw new UsageError(`${flag}: cannot read ${path}: ${describeFsError(error)}`);
  }
}
