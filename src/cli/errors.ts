/** How a failed run reaches the user: one clear message on stderr and exit 2, never a stack trace. */
import { CommanderError, type Command } from 'commander';
import { ConfigError } from '../config/errors.js';

/** Bad command-line input (an option value, a path, a baseline): `flowguard: <message>`, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Prints why the run failed and returns its exit code (2). */
export function reportFailure(error: unknown): number {
  if (error instanceof ConfigError) {
    // `file:line:col: message` at the start of the line, so terminals and editors link to it.
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof UsageError) {
    process.stderr.write(`flowguard: ${error.message}\n`);
  } else {
    // Never a stack trace for users; FLOWGUARD_DEBUG=1 shows it to us.
    process.stderr.write(`flowguard: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env['FLOWGUARD_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  }
  return 2;
}

/**
 * Parses a command's arguments. Returns the exit code when commander already answered (`--help`,
 * `--version`: 0; a bad option: 2, its message printed), undefined when the command should run.
 */
export function parseCommand(program: Command, args: string[]): number | undefined {
  try {
    program.parse(args, { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}
