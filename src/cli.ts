#!/usr/bin/env node
/**
 * The command line. `flowguard [paths...]` lints (the default command), `flowguard rules` lists the
 * rules, `flowguard graph [paths...]` prints the resource graph. The command is chosen from the first
 * argument alone, before any option is parsed, so a default command that takes paths can sit beside
 * subcommands, and a file literally named `rules` can still be linted as `./rules`. Each command lives
 * in `src/cli/` (its options in a table parsed by `src/cli/args.ts`) and is loaded only when chosen.
 * Exit codes: 0 clean, 1 findings at or above --fail-level, 2 the run itself failed.
 */
import { reportFailure } from './cli/errors.js';
import { standardOutput } from './cli/stdio.js';

async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  switch (args[0]) {
    case 'rules':
      return (await import('./cli/rules-command.js')).runRulesCommand(args.slice(1));
    case 'graph':
      return (await import('./cli/graph-command.js')).runGraphCli(args.slice(1));
    default:
      return (await import('./cli/lint-command.js')).runLintCommand(args);
  }
}

main(process.argv).then(
  (code) => {
    // A failed write to stdout (src/cli/stdio.ts) means the report was not written, whatever was found.
    process.exitCode = standardOutput.failed ? 2 : code;
  },
  (error: unknown) => {
    process.exitCode = reportFailure(error);
  },
);
