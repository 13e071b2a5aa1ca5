/** When a run goes parallel (src/engine/parallel/plan.ts): megabytes of YAML/HCL beside the largest file. */
import { describe, expect, it } from 'vitest';
import { MIN_BYTES, workMeter } from '../../src/engine/parallel/plan.js';
import type { ParserName } from '../../src/engine/pipeline.js';

const MB = 1024 * 1024;

/** Threads for files of these parsers and sizes, read in order as lint.ts reads them (undefined: not parsed). */
function threads(files: [ParserName | undefined, number][], jobs: number, env: NodeJS.ProcessEnv): number {
  const meter = workMeter(files.length, jobs, env);
  if (meter === undefined) return 1;
  return files.some(([parser, size]) => meter.add(parser, size)) ? jobs : 1;
}
const many = (count: number, parser: ParserName | undefined, size: number): [ParserName | undefined, number][] => Array.from({ length: count }, () => [parser, size]);
const env = {};

describe('workMeter', () => {
  it('stays on one thread with jobs 1, or fewer than two files', () => {
    expect(workMeter(2000, 1, env)).toBeUndefined();
    expect(workMeter(1, 8, { FLOWGUARD_PARALLEL_MIN_BYTES: '0' })).toBeUndefined();
    expect(threads([['parseYaml', 50 * MB]], 8, env)).toBe(1);
  });

  it('goes parallel with enough YAML or HCL, whatever the number of files', () => {
    expect(MIN_BYTES).toBe(6 * MB);
    expect(threads(many(1000, 'parseYaml', 9000), 2, env)).toBe(2); // the benchmark's 9 MB
    expect(threads(many(4, 'parseHcl', 2 * MB), 4, env)).toBe(4);
    expect(threads(many(1000, 'parseYaml', 2000), 2, env)).toBe(1); // 2 MB of small templates: not worth a worker
  });

  it('does not count the largest file (it is never split), counts JSON for a sixteenth, and files not parsed for nothing', () => {
    expect(threads([['parseYaml', 40 * MB], ...many(10, 'parseYaml', 100_000)], 2, env)).toBe(1);
    expect(threads(many(100, 'parseJson', 90_000), 2, env)).toBe(1); // 9 MB of JSON ≈ 0.6 MB of work
    expect(threads(many(100, 'parseTfJson', 90_000), 2, env)).toBe(2); // .tf.json is Terraform source
    expect(threads(many(100, undefined, 90_000), 2, env)).toBe(1); // skipped (not ours) or unreadable
  });

  it('says so as soon as the files read so far are enough', () => {
    const meter = workMeter(1000, 2, env)!;
    let read = 0;
    while (!meter.add('parseYaml', 9000)) read++;
    expect(read).toBe(Math.ceil(MIN_BYTES / 9000));
  });

  it('FLOWGUARD_PARALLEL_MIN_BYTES replaces the threshold', () => {
    expect(threads(many(3, 'parseYaml', 10), 3, { FLOWGUARD_PARALLEL_MIN_BYTES: '0' })).toBe(3);
    expect(threads(many(2, undefined, 0), 2, { FLOWGUARD_PARALLEL_MIN_BYTES: '0' })).toBe(2); // 0: every run of two files or more
    expect(threads(many(1000, 'parseYaml', 9000), 2, { FLOWGUARD_PARALLEL_MIN_BYTES: String(100 * MB) })).toBe(1);
    expect(threads(many(1000, 'parseYaml', 9000), 2, { FLOWGUARD_PARALLEL_MIN_BYTES: 'lots' })).toBe(2); // not a number: ignored
  });
});
