/**
 * Whether a run parses in worker threads. Loaded by every async run, so it imports nothing heavy:
 * `node:worker_threads` and the pool are imported only once a run qualifies.
 *
 * A worker is not free: a thread, a V8 isolate and the parser modules (50–100 ms before its first
 * file), and then its own JIT warm-up, while both threads compete for the cores with V8's background
 * GC and compiler threads, which a single-threaded run gets for free. Measured on 2 cores
 * (docs/performance.md), the parallel run breaks even at about 4–5 MB of YAML (some 500 templates of
 * 9 KB) whatever the number of files, so the threshold is in bytes of YAML and HCL: JSON parses an
 * order of magnitude faster and counts for a sixteenth. Bytes of the largest file do not count:
 * one file is never split, so only the work beside it can run in parallel.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { PreparedRun } from '../pipeline.js';

/** Parse work (YAML/HCL bytes, JSON bytes ÷ 16) beside the largest file below which a run stays on one thread. */
export const MIN_BYTES = 6 * 1024 * 1024;
const JSON_WEIGHT = 1 / 16;

/** The default of `LintOptions.jobs`: every core. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Threads for phases 2 and 3, the calling thread included: 1 (in-process, no worker) or `jobs`.
 * `FLOWGUARD_PARALLEL_MIN_BYTES` replaces `MIN_BYTES`: tests and measurements make small runs parallel with 0.
 */
export function threadsFor(run: PreparedRun, jobs: number, env: NodeJS.ProcessEnv = process.env): number {
  const candidates = run.walked.candidates;
  if (jobs <= 1 || candidates.length < 2) return 1;
  const override = env['FLOWGUARD_PARALLEL_MIN_BYTES'];
  const minBytes = override !== undefined && /^\d+$/.test(override) ? Number(override) : MIN_BYTES;
  let work = 0;
  let largest = 0;
  for (const candidate of candidates) {
    const bytes = candidate.text !== undefined ? candidate.text.length : sizeOf(candidate.absolutePath);
    const weight = /\.json$/i.test(candidate.absolutePath) && !/\.tf\.json$/i.test(candidate.absolutePath) ? bytes * JSON_WEIGHT : bytes;
    work += weight;
    largest = Math.max(largest, weight);
    if (work - largest >= minBytes) return jobs;
  }
  return 1;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
