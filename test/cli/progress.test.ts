import { describe, expect, it, vi } from 'vitest';
import { progressLine } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream, writes };
}

describe('progress line', () => {
  it('is off when stderr is not a terminal, and in CI', () => {
    expect(progressLine(fakeStream(false).stream, {})).toBeUndefined();
    expect(progressLine(fakeStream(true).stream, { CI: 'true' })).toBeUndefined();
  });

  it('stays silent for the first two seconds, then draws and clears one line', () => {
    vi.useFakeTimers();
    try {
      const { stream, writes } = fakeStream(true);
      const progress = progressLine(stream, {})!;
      progress.update(10, 1000);
      expect(writes).toEqual([]);
      vi.advanceTimersByTime(2500);
      progress.update(400, 1000);
      progress.update(401, 1000); // within the refresh interval: not redrawn
      expect(writes).toEqual(['\r\x1b[2Kflowguard: parsed 400/1000 files']);
      progress.stop();
      expect(writes.at(-1)).toBe('\r\x1b[2K');
    } finally {
      vi.useRealTimers();
    }
  });
});
