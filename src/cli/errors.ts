/** How a failed run reaches the user: one clear message on stderr and exit 2, never a stack trace. */
import { ConfigError } from '../config/errors.js';
import { standardError } from './stdio.js';

/** Where to look after a bad option value: the line the argument parser prints after its own errors. */
export const OPTIONS_HINT = "run 'flowguard --help' for the options";

/**
 * Bad command-line input (an option value, a path, a baseline): `flowguard: <message>`, exit 2. The
 * hint, if any, goes on the next line (where to look: `run 'flowguard --help' for the options`).
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Prints why the run failed and returns its exit code (2). */
export function reportFailure(error: unknown): number {
  if (error instanceof ConfigError) {
    // `file:line:col: message` at the start of the line, so terminals and editors link to it.
    standardError.write(`${error.message}\n`);
  } else if (error instanceof UsageError) {
    standardError.write(`flowguard: ${error.message}\n${error.hint === undefined ? '' : `${error.hint}\n`}`);
  } else {
    // Never a stack trace for users; FLOWGUARD_DEBUG=1 shows it to us.
    standardError.write(`flowguard: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env['FLOWGUARD_DEBUG'] && error instanceof Error) standardError.write(`${error.stack}\n`);
  }
  return 2;
}
