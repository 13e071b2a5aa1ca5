/**
 * A progress line on stderr for long runs: only on a terminal, never in CI, and only once a run has
 * taken about two seconds, so short runs (the common case) print nothing extra.
 */
import { standardError } from './stdio.js';

const DELAY_MS = 2000;
const REFRESH_MS = 100;

/** stderr (src/cli/stdio.ts), or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the line (if one was drawn) before the report is printed. */
  stop(): void;
}

export function progressLine(stream: ProgressStream = standardError, env: NodeJS.ProcessEnv = process.env): Progress | undefined {
  if (!stream.isTTY || env['CI']) return undefined;
  const started = Date.now();
  let drawnAt = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < DELAY_MS || (now - drawnAt < REFRESH_MS && done < total)) return;
      drawnAt = now;
      drawn = true;
      stream.write(`\r\x1b[2Kflowguard: parsed ${done}/${total} files`);
    },
    stop() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
