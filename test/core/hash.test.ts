/**
 * Fingerprints: the same 32 hex characters as ever (baselines and code scanning match on them), and
 * made without a 64-character string behind each (issue 5: every finding of a run holds one until
 * it is reported). About 60 bytes each retained now, 120 before; the bound sits between.
 */
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/core/hash.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function usedHeap(): number {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

describe('fingerprintOf', () => {
  it('is the first 32 hex characters of the SHA-256 of rule, file and resource', () => {
    const full = createHash('sha256').update('log-group-retention\u0000stacks/app.yaml\u0000Logs').digest('hex');
    expect(fingerprintOf('log-group-retention', 'stacks/app.yaml', 'Logs')).toBe(full.slice(0, 32));
    expect(fingerprintOf('vpc-flow-logs', 'main.tf', 'aws_vpc.main')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps under 90 bytes for each of 10,000 fingerprints', () => {
    const count = 10_000;
    fingerprintOf('warm', 'up', '');
    const before = usedHeap();
    const kept = Array.from({ length: count }, (_, i) => fingerprintOf('log-group-retention', 'template.yaml', `Logs${i}`));
    const bytes = usedHeap() - before;
    expect(new Set(kept).size).toBe(count);
    expect(bytes / count).toBeLessThan(90);
  });
});
