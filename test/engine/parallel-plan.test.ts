/** When a run goes parallel (src/engine/parallel/plan.ts): megabytes of YAML/HCL beside the largest file. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/engine/options.js';
import { MIN_BYTES, threadsFor } from '../../src/engine/parallel/plan.js';
import type { PreparedRun } from '../../src/engine/pipeline.js';

const MB = 1024 * 1024;

/** A run of in-memory documents of these names and sizes (the plan reads sizes, not contents). */
function run(files: [string, number][]): PreparedRun {
  return { root: '/repo', limits: DEFAULT_LIMITS, walked: { candidates: files.map(([name, size]) => ({ absolutePath: `/repo/${name}`, explicit: true, text: 'x'.repeat(size) })), problems: [] } };
}
const many = (count: number, ext: string, size: number): [string, number][] => Array.from({ length: count }, (_, i) => [`f${i}.${ext}`, size]);
const env = {};

describe('threadsFor', () => {
  it('stays on one thread with jobs 1, or fewer than two files', () => {
    expect(threadsFor(run(many(2000, 'yaml', 9000)), 1, env)).toBe(1);
    expect(threadsFor(run([['big.yaml', 50 * MB]]), 8, env)).toBe(1);
  });

  it('goes parallel with enough YAML or HCL, whatever the number of files', () => {
    expect(MIN_BYTES).toBe(6 * MB);
    expect(threadsFor(run(many(1000, 'yaml', 9000)), 2, env)).toBe(2); // the benchmark's 9 MB
    expect(threadsFor(run(many(4, 'tf', 2 * MB)), 4, env)).toBe(4);
    expect(threadsFor(run(many(1000, 'yaml', 2000)), 2, env)).toBe(1); // 2 MB of small templates: not worth a worker
  });

  it('does not count the largest file (it is never split), and counts JSON for a sixteenth', () => {
    expect(threadsFor(run([['huge.yaml', 40 * MB], ...many(10, 'yaml', 100_000)]), 2, env)).toBe(1);
    expect(threadsFor(run(many(100, 'json', 90_000)), 2, env)).toBe(1); // 9 MB of JSON ≈ 0.6 MB of work
    expect(threadsFor(run(many(100, 'tf.json', 90_000)), 2, env)).toBe(2); // .tf.json is Terraform source
  });

  it('FLOWGUARD_PARALLEL_MIN_BYTES replaces the threshold', () => {
    expect(threadsFor(run(many(3, 'yaml', 10)), 3, { FLOWGUARD_PARALLEL_MIN_BYTES: '0' })).toBe(3);
    expect(threadsFor(run(many(1000, 'yaml', 9000)), 2, { FLOWGUARD_PARALLEL_MIN_BYTES: String(100 * MB) })).toBe(1);
    expect(threadsFor(run(many(1000, 'yaml', 9000)), 2, { FLOWGUARD_PARALLEL_MIN_BYTES: 'lots' })).toBe(2); // not a number: ignored
  });
});
