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

// `flowguard --help | head -1`: the reader went away, which is no reason for a stack trace. Later writes
// are dropped and the run still ends with its own exit code. Any other failed write (stdout on a full
// disk, `> /dev/full`) means the report was not written: the run failed, so one line and exit 2, as
// for `--output` (rethrown, it was a stack trace and exit 1).
let stdoutFailed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || stdoutFailed) return;
  stdoutFailed = true;
  process.exitCode = 2;
  void import('./discover/walk.js').then(({ describeFsError }) => {
    process.stderr.write(`flowguard: cannot write to standard output: ${describeFsError(error)}\n`);
  });
});

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
    process.exitCode = stdoutFailed ? 2 : code;
  },
  (error: unknown) => {
    process.exitCode = reportFailure(error);
  },
);
