/**
 * Whether a run parses in worker threads. Loaded by every async run, so it imports nothing heavy:
 * `node:worker_threads` and the pool are imported only once a run qualifies.
 *
 * A worker is not free: a thread, a V8 isolate and the parser modules (50–100 ms before its first
 * file), and then its own JIT warm-up, while both threads compete for the cores with V8's background
 * GC and compiler threads, which a single-threaded run gets for free. Measured on 2 cores
 * (docs/performance.md), the parallel run breaks even at about 4–5 MB of YAML (some 500 templates of
 * 9 KB) whatever the number of files, so the threshold is in characters of YAML and HCL to parse: JSON
 * parses an order of magnitude faster and counts for a sixteenth. The largest file does not count:
 * one file is never split, so only the work beside it can run in parallel.
 *
 * The sizes are those of the files as the main thread reads them (lint.ts), not of a `stat` per file
 * beforehand: a run too small for workers, nearly every run, reads all its files anyway, and 500
 * `statSync`s (a `Stats` with four `Date`s each on Node 20) cost it 3–4 ms for nothing.
 */
import { availableParallelism } from 'node:os';
import type { ParserName } from '../pipeline.js';

/** Parse work (YAML/HCL characters, JSON characters ÷ 16) beside the largest file below which a run stays on one thread. */
export const MIN_BYTES = 6 * 1024 * 1024;
const JSON_WEIGHT = 1 / 16;

/** The default of `LintOptions.jobs`: every core. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Adds up the parse work of a run's files as they are read, and says when it is enough for `jobs`
 * threads. Undefined when the run stays on one thread whatever its files hold (`jobs` 1, fewer than
 * two files). `FLOWGUARD_PARALLEL_MIN_BYTES` replaces `MIN_BYTES`: tests and measurements make small
 * runs parallel with 0.
 */
export function workMeter(files: number, jobs: number, env: NodeJS.ProcessEnv = process.env): WorkMeter | undefined {
  if (jobs <= 1 || files < 2) return undefined;
  const override = env['FLOWGUARD_PARALLEL_MIN_BYTES'];
  return new WorkMeter(override !== undefined && /^\d+$/.test(override) ? Number(override) : MIN_BYTES);
}

export class WorkMeter {
  private work = 0;
  private largest = 0;

  constructor(private readonly minBytes: number) {}

  /**
   * Adds a file of `length` characters that `parser` will parse (none: a file skipped or not readable,
   * no work); true once the work beside the largest file reaches the threshold.
   */
  add(parser: ParserName | undefined, length: number): boolean {
    const weight = parser === undefined ? 0 : parser === 'parseJson' ? length * JSON_WEIGHT : length;
    this.work += weight;
    this.largest = Math.max(this.largest, weight);
    return this.work - this.largest >= this.minBytes;
  }
}
