/**
 * `flowguard graph [paths...]`: the resource graph of the run (Mermaid, DOT or JSON), to see why a VPC
 * counts as covered. The work is `runGraphCommand` in `src/commands/graph.ts`; this is its command line.
 */
import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { GraphFormat } from '../commands/graph.js';
import type { LintOptions } from '../engine/options.js';
import { parseCommand, UsageError } from './errors.js';
import { addLimitFlags, limitsFrom, type LimitFlags } from './limits.js';
import { addSettingFlags, resolveSettings, type SettingFlags } from './settings.js';

/** Kept here, not imported, so `flowguard graph --help` does not load the graph code. */
const FORMATS = ['mermaid', 'dot', 'json'] as const satisfies readonly GraphFormat[];

interface GraphFlags extends SettingFlags, LimitFlags {
  format: GraphFormat;
  output?: string;
}

export async function runGraphCli(args: string[]): Promise<number> {
  const program = new Command('flowguard graph')
    .description('Print the resource graph of the templates, with coverage marked: which flow log covers which VPC, and why a link failed.')
    .argument('[paths...]', 'files or directories (default: the current directory)')
    .addOption(new Option('-f, --format <format>', 'graph format').choices(FORMATS).default('mermaid'))
    .option('-o, --output <file>', 'write the graph to a file')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  addSettingFlags(program);
  addLimitFlags(program);
  const parsed = parseCommand(program, args);
  if (parsed !== undefined) return parsed;
  const flags = program.opts<GraphFlags>();
  const cwd = process.cwd();
  for (const path of program.args) {
    try {
      statSync(resolve(cwd, path));
    } catch (error) {
      const { describeFsError } = await import('../discover/walk.js');
      throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`);
    }
  }
  const settings = await resolveSettings(flags, cwd);
  const lint: LintOptions = { cwd, rules: settings.merged };
  if (settings.ignore.length) lint.ignore = settings.ignore;
  lint.limits = limitsFrom(flags);
  const { runGraphCommand } = await import('../commands/graph.js');
  const text = await runGraphCommand(program.args, { format: flags.format, cwd, lint });
  if (!flags.output) {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(flags.output, text);
  } catch (error) {
    const { describeFsError } = await import('../discover/walk.js');
    throw new UsageError(`cannot write ${flags.output}: ${describeFsError(error)}`);
  }
  return 0;
}
