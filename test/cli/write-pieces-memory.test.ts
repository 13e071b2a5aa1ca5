/**
 * What writing a large report leaves for a full collection (issue 5). Chunks of a megabyte were strings
 * too large for V8's young generation: each went to the large-object space, which only a full
 * collection frees, and the SARIF of 30,000 findings left about 500 bytes a finding there (100,000
 * findings: 51 MB, and the heap grew by as much). Chunks small enough to die young leave about 45.
 * Measured as the growth of the old and large-object spaces while the report is written, with no
 * collection asked for; the bound sits between, far from both (a full collection that V8 runs on its
 * own during the write can only make the growth smaller).
 */
import { runInNewContext } from 'node:vm';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { writePiecesToFile } from '../../src/cli/write-pieces.js';
import { lint } from '../../src/engine/lint.js';
import { reportPieces } from '../../src/report/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const GROUPS = 30_000;
const BOUND = 200;

function template(): string {
  const lines = ['Resources:'];
  for (let i = 0; i < GROUPS; i++) lines.push(`  Logs${i}:`, '    Type: AWS::Logs::LogGroup', '    Properties:', '      RetentionInDays: 3');
  return `${lines.join('\n')}\n`;
}

/** Bytes in the spaces only a full collection empties. */
function oldGeneration(): number {
  return getHeapSpaceStatistics()
    .filter((space) => space.space_name === 'old_space' || space.space_name === 'large_object_space')
    .reduce((sum, space) => sum + space.space_used_size, 0);
}

describe('writing a report in pieces', () => {
  it(`leaves under ${BOUND} bytes a finding for a full collection (SARIF of ${GROUPS.toLocaleString('en')} findings)`, async () => {
    const result = await lint({ documents: [{ path: 'template.yaml', text: template() }] }, { rules: {} });
    expect(result.findings).toHaveLength(GROUPS);
    const pieces = await reportPieces('sarif', result, { toolVersion: 'test' });
    gc();
    gc();
    const before = oldGeneration();
    writePiecesToFile('/dev/null', pieces);
    expect((oldGeneration() - before) / GROUPS).toBeLessThan(BOUND);
  }, 60_000);
});
