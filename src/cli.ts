#!/usr/bin/env node
/**
 * The command line: options → engine → reporter → exit code. Thin on purpose; all logic lives in the
 * engine. Exit codes: 0 clean, 1 findings at or above --fail-level, 2 the run itself failed.
 */
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import type { Level } from './core/finding.js';
import { VERSION } from './version.js';

const FORMATS = ['text', 'sarif', 'json', 'compact', 'github'] as const;
const FAIL_LEVELS = ['error', 'warning', 'note', 'none'] as const;

interface CliOptions {
  format: (typeof FORMATS)[number];
  output?: string;
  failLevel: (typeof FAIL_LEVELS)[number];
  rule: string[];
  minRetentionDays?: string;
  requireExplicitRetention?: boolean;
  maxFileSize?: string;
  color?: boolean;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const program = new Command('flowguard')
    .description('Lint CloudFormation templates for VPC flow logs, log retention and delivery-role trust.')
    .version(VERSION, '-v, --version')
    .argument('[paths...]', 'files or directories to lint (default: the current directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file (a summary still goes to the terminal)')
    .addOption(new Option('--fail-level <level>', 'exit 1 when a finding is at or above this level').choices(FAIL_LEVELS).default('error'))
    .option('--rule <id=level>', 'set a rule level: error, warning, note or off (repeatable)', collect, [])
    .option('--min-retention-days <days>', 'log-group-retention: fewest days accepted (default 365)')
    .option('--require-explicit-retention', 'log-group-retention: report log groups that never expire')
    .option('--max-file-size <bytes>', 'largest file read, in bytes (default 268435456)')
    .option('--no-color', 'never colour the text output')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<CliOptions>();
  const paths = program.args;

  const { RULES } = await import('../rules/index.js');
  const rules = ruleSettings(options, RULES.map((rule) => rule.meta.id));
  const limits = limitSettings(options);
  const { lint } = await import('./engine/lint.js');
  const result = await lint(paths, { rules, limits });
  if (result.files.length === 0 && result.findings.length === 0) {
    for (const n of result.notifications) process.stderr.write(`flowguard: ${n.message}\n`);
    process.stderr.write(`flowguard: no CloudFormation template found in ${paths.length ? paths.join(', ') : 'the current directory'}\n`);
    return 2;
  }

  const { formatReport } = await import('./report/index.js');
  const color = options.color !== false && !process.env['NO_COLOR'] && process.stdout.isTTY === true;
  // Text paths are relative to where the user stands, so a terminal can open them; the other formats
  // keep repository-relative paths (SARIF requires it, editors and GitHub resolve from the root).
  const { findRepositoryRoot } = await import('./discover/repo-root.js');
  const cwd = process.cwd();
  const report = await formatReport(options.format, result, { color, toolVersion: VERSION, cwd, root: findRepositoryRoot(cwd) });
  if (options.output) {
    try {
      writeFileSync(options.output, report);
    } catch (error) {
      const { describeFsError } = await import('./discover/walk.js');
      throw new UsageError(`cannot write ${options.output}: ${describeFsError(error)}`);
    }
    const { formatSummary } = await import('./report/text.js');
    process.stdout.write(`${formatSummary(result, { color })}\n`);
  } else {
    process.stdout.write(report);
  }
  if (!result.executionSuccessful) return 2;
  if (options.failLevel === 'none') return 0;
  const { atLeast } = await import('./engine/finalize.js');
  const failing = result.findings.some((f) => !f.suppressions?.length && atLeast(f.level, options.failLevel as Level));
  return failing ? 1 : 0;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function ruleSettings(
  options: CliOptions,
  known: readonly string[],
): Record<string, { level?: 'error' | 'warning' | 'note' | 'off'; options?: Record<string, number | boolean> }> {
  const settings: ReturnType<typeof ruleSettings> = {};
  for (const entry of options.rule) {
    const match = /^([a-z0-9-]+)=(error|warning|note|off)$/.exec(entry);
    if (!match) throw new UsageError(`--rule expects <rule-id>=<error|warning|note|off>, got "${entry}"`);
    // A misspelt id would otherwise be ignored silently and the rule would keep its default level.
    if (!known.includes(match[1]!)) throw new UsageError(`--rule: unknown rule "${match[1]}" (rules: ${known.join(', ')})`);
    settings[match[1]!] = { level: match[2] as 'error' | 'warning' | 'note' | 'off' };
  }
  const retention: Record<string, number | boolean> = {};
  if (options.minRetentionDays !== undefined) retention['minimumDays'] = positiveInteger('--min-retention-days', options.minRetentionDays);
  if (options.requireExplicitRetention) retention['requireExplicit'] = true;
  if (Object.keys(retention).length) settings['log-group-retention'] = { ...settings['log-group-retention'], options: retention };
  return settings;
}

function limitSettings(options: CliOptions): { maxFileSize?: number } {
  return options.maxFileSize === undefined ? {} : { maxFileSize: positiveInteger('--max-file-size', options.maxFileSize) };
}

function positiveInteger(flag: string, text: string): number {
  // Digits only: Number() would also take "0x10", "1e3", " 7" and "".
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${flag} expects a positive whole number, got "${text}"`);
  return value;
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`flowguard: ${error.message}\n`);
    } else {
      // Never a stack trace for users; FLOWGUARD_DEBUG=1 shows it to us.
      process.stderr.write(`flowguard: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env['FLOWGUARD_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = 2;
  },
);
