/**
 * `flowguard [paths...]`, the default command: options → engine → reporter → exit code. Exit codes:
 * 0 clean, 1 an unsuppressed finding at or above --fail-level, 2 the run itself failed.
 */
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { Level } from '../core/finding.js';
import type { LintResult } from '../core/result.js';
import type { LintOptions } from '../engine/options.js';
import { VERSION } from '../version.js';
import { parseCommand, UsageError } from './errors.js';
import { addLimitFlags, limitsFrom, type LimitFlags } from './limits.js';
import { progressLine } from './progress.js';
import { addSettingFlags, collect, positiveInteger, resolveSettings, type SettingFlags, type Settings } from './settings.js';

const FORMATS = ['text', 'sarif', 'json', 'compact', 'github'] as const;
const FAIL_LEVELS = ['error', 'warning', 'note', 'none'] as const;

interface LintFlags extends SettingFlags, LimitFlags {
  format: (typeof FORMATS)[number];
  output?: string;
  failLevel: (typeof FAIL_LEVELS)[number];
  jobs?: string;
  color?: boolean;
  printConfig?: boolean;
  baseline?: string;
  changedSince?: string;
  context: string[];
}

function buildProgram(): Command {
  const program = new Command('flowguard')
    .description('Lint CloudFormation templates for VPC flow logs, log retention and delivery-role trust.')
    .version(VERSION, '-v, --version')
    .argument('[paths...]', 'files or directories to lint (default: the current directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file (a summary still goes to the terminal)')
    .addOption(new Option('--fail-level <level>', 'exit 1 when a finding is at or above this level').choices(FAIL_LEVELS).default('error'));
  addSettingFlags(program);
  return addLimitFlags(program)
    .option('--jobs <n>', 'threads that read and parse files (default: one per core; 1 = no worker threads); the output is the same for any number')
    .option('--baseline <file.sarif>', 'do not report findings already in this SARIF file (a previous run\'s --format sarif output); they stay in SARIF, marked suppressed')
    .option('--changed-since <ref>', 'report only findings on resources added or changed since this git revision (a branch, tag or commit); the others stay in SARIF, marked suppressed')
    .option('--context <path>', 'also read this file or directory, only to resolve links (imports, nested stacks); its findings are not reported (repeatable; the pre-commit hook passes the repository)', collect, [])
    .option('--print-config', 'print the configuration in effect (YAML; JSON with --format json) and exit')
    .option('--no-color', 'never colour the text output')
    .addHelpText('after', '\nCommands (first argument; lint a file named "rules" as ./rules):\n  flowguard rules [options]             list the rules, their levels and options\n  flowguard graph [options] [paths...]  print the resource graph (Mermaid, DOT or JSON)\n')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
}

export async function runLintCommand(args: string[]): Promise<number> {
  const program = buildProgram();
  const parsed = parseCommand(program, args);
  if (parsed !== undefined) return parsed;
  const flags = program.opts<LintFlags>();
  const paths = program.args;
  const cwd = process.cwd();

  const settings = await resolveSettings(flags, cwd);
  if (flags.printConfig) {
    process.stdout.write(await printConfig(settings, flags.format === 'json' ? 'json' : 'yaml'));
    return 0;
  }
  const limits = limitsFrom(flags);
  for (const path of flags.context) await checkExists('--context', path, cwd);
  // Read before linting: a bad baseline fails the run at once, not after the work is done.
  const baseline = flags.baseline === undefined ? undefined : await readBaseline(flags.baseline, cwd);

  const options: LintOptions = { cwd, rules: settings.merged, limits };
  if (settings.ignore.length) options.ignore = settings.ignore;
  if (flags.context.length) options.context = flags.context;
  if (flags.jobs !== undefined) options.jobs = positiveInteger('--jobs', flags.jobs);
  const progress = progressLine();
  if (progress) options.onProgress = (done, total) => progress.update(done, total);
  const { lint } = await import('../engine/lint.js');
  let result: LintResult = await lint(paths, options);
  progress?.stop();
  if (result.files.length === 0 && result.findings.length === 0) {
    for (const n of result.notifications) process.stderr.write(`flowguard: ${n.message}\n`);
    // With --context (the pre-commit hook) the paths are changed files: when none is a template there
    // is nothing to check, which is not a failure. Without it, the user named nothing we can lint.
    if (flags.context.length && result.executionSuccessful) return 0;
    process.stderr.write(`flowguard: no CloudFormation template, Terraform file or plan found in ${paths.length ? paths.join(', ') : 'the current directory'}\n`);
    return 2;
  }
  if (baseline) result = (await import('../engine/baseline.js')).applyBaseline(result, baseline);
  if (flags.changedSince !== undefined) result = await applyChangedSince(result, flags.changedSince, cwd);

  await writeReport(result, flags, cwd);
  if (!result.executionSuccessful) return 2;
  if (flags.failLevel === 'none') return 0;
  const { atLeast } = await import('../engine/finalize.js');
  const failing = result.findings.some((f) => !f.suppressions?.length && atLeast(f.level, flags.failLevel as Level));
  return failing ? 1 : 0;
}

async function writeReport(result: LintResult, flags: LintFlags, cwd: string): Promise<void> {
  const { formatReport } = await import('../report/index.js');
  const color = flags.color !== false && !process.env['NO_COLOR'] && process.stdout.isTTY === true;
  // Text paths are relative to where the user stands, so a terminal can open them; the other formats
  // keep repository-relative paths (SARIF requires it, editors and GitHub resolve from the root).
  const { findRepositoryRoot } = await import('../discover/repo-root.js');
  const report = await formatReport(flags.format, result, { color, toolVersion: VERSION, cwd, root: findRepositoryRoot(cwd) });
  if (!flags.output) {
    process.stdout.write(report);
    return;
  }
  try {
    writeFileSync(flags.output, report);
  } catch (error) {
    const { describeFsError } = await import('../discover/walk.js');
    throw new UsageError(`cannot write ${flags.output}: ${describeFsError(error)}`);
  }
  const { formatSummary } = await import('../report/text.js');
  process.stdout.write(`${formatSummary(result, { color })}\n`);
}

async function printConfig(settings: Settings, format: 'yaml' | 'json'): Promise<string> {
  const { effectiveConfig } = await import('../config/effective.js');
  const { formatConfigJson, formatConfigYaml } = await import('../config/print.js');
  const effective = effectiveConfig(settings.rules, { configFile: settings.config?.displayPath, file: settings.config?.rules, cli: settings.cli, ignore: settings.ignore });
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
