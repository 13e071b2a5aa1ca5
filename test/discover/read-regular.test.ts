/**
 * The one reader of files a path names (read-regular.ts): bounded by its limit whatever size the file
 * says it has, and every refusal worded for a message.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegularFile, TOO_LARGE } from '../../src/discover/read-regular.js';
import { describeFsError } from '../../src/discover/walk.js';

const dir = mkdtempSync(join(tmpdir(), 'flowguard-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(run: () => unknown): { code?: string; size?: number } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; size?: number };
  }
  return expect.fail('expected a throw');
}

describe('readRegularFile', () => {
  it('reads a file up to its limit, and refuses one byte more with its size', () => {
    const path = join(dir, 'exact.yaml');
    writeFileSync(path, 'x'.repeat(1000));
    expect(readRegularFile(path, 1000).length).toBe(1000);
    expect(thrown(() => readRegularFile(path, 999))).toMatchObject({ code: TOO_LARGE, size: 1000 });
    writeFileSync(path, '');
    expect(readRegularFile(path, 0).length).toBe(0);
  });

  // /proc/self/pagemap says it is empty and reads hundreds of gigabytes: it was read to its end.
  it.runIf(existsSync('/proc/self/pagemap'))('stops a file that says it is empty at the limit, without a size', () => {
    const error = thrown(() => readRegularFile('/proc/self/pagemap', 1024 * 1024));
    expect(error.code).toBe(TOO_LARGE);
    expect(error.size).toBeUndefined();
  });

  it('words a read that would block (a kernel file opened without blocking, /proc/kmsg)', () => {
    expect(describeFsError(Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' }))).toBe('nothing to read yet (a kernel or device file that waits for data)');
  });
});
