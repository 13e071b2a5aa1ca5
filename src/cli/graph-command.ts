/**
 * `flowguard graph [paths...]`: the resource graph of the run (Mermaid, DOT or JSON), to see why a VPC
 * counts as covered. The work is in `src/commands/graph.ts`; this is its command line.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GraphFormat } from '../commands/graph.js';
import type { LintOptions } from '../engine/options.js';
import { parseCommand, type CommandSpec, type OptionTable } from './args.js';
import { UsageError } from './errors.js';
import { LIMIT_OPTIONS, limitsFrom } from './limits.js';
import { WORKSPACE_OPTIONS, workspaceFrom } from './workspace.js';
import { warnIgnoredPaths } from './notices.js';
import { emptyRunExit } from './nothing-linted.js';
import { inputsOf, writeOutput } from './output.js';
import { resolveSettings, SETTING_OPTIONS } from './settings.js';
import { standardOutput } from './stdio.js';

/** Kept here, not imported, so `flowguard graph --help` does not load the graph code. */
const FORMATS = ['mermaid', 'dot', 'json'] as const satisfies readonly GraphFormat[];

const GRAPH_OPTIONS = {
  format: { long: 'format', short: 'f', value: '<format>', choices: FORMATS, default: 'mermaid', help: 'graph format' },
  output: { long: 'output', short: 'o', value: '<file>', help: 'write the graph to a file (never over a file the run reads)' },
  ...SETTING_OPTIONS,
  ...LIMIT_OPTIONS,
  ...WORKSPACE_OPTIONS,
} as const satisfies OptionTable;

const GRAPH_COMMAND: CommandSpec<typeof GRAPH_OPTIONS> = {
  name: 'flowguard graph',
  description: 'Print the resource graph of the CloudFormation templates and Terraform files, with coverage marked: which flow log covers which VPC, and why a link failed.',
  positionals: { name: 'paths', help: 'files or directories (default: the current directory)' },
  options: GRAPH_OPTIONS,
};

export async function runGraphCli(args: string[]): Promise<number> {
  const parsed = parseCommand(GRAPH_COMMAND, args);
  if (typeof parsed === 'number') return parsed;
  const { flags, positionals: paths } = parsed;
  const cwd = process.cwd();
  for (const path of paths) {
    try {
      statSync(resolve(cwd, path));
    } catch (error) {
      const { describeFsError } = await import('../discover/walk.js');
      throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`);
    }
  }
  const settings = await resolveSettings(flags, cwd);
  const lint: LintOptions = { cwd, rules: settings.merged, ...workspaceFrom(flags) };
  if (settings.ignore.length) lint.ignore = settings.ignore;
  lint.limits = { ...settings.limits, ...limitsFrom(flags) };
  const { graphRunOf, renderGraph } = await import('../commands/graph.js');
  const { result, view } = await graphRunOf(paths, { cwd, lint });
  warnIgnoredPaths(result, settings.config?.displayPath);
  // Nothing parsed is nothing to draw: a bare diagram with exit 0 would pass for an empty graph.
  if (result.files.length === 0) {
    const exit = emptyRunExit(result, { paths });
    if (exit !== undefined) return exit;
  }
  const text = await renderGraph(flags.format, view);
  if (!flags.output) {
    standardOutput.write(text);
    return 0;
  }
  const { findRepositoryRoot } = await import('../discover/repo-root.js');
  const own = settings.config ? [{ absolutePath: settings.config.path, role: 'the configuration file' }] : [];
  await writeOutput(flags.output, text, cwd, inputsOf(result, findRepositoryRoot(cwd), own));
  return 0;
}
