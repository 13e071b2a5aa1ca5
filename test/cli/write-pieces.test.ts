import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chunked, writePiecesTo, writePiecesToFile, type PieceTarget } from '../../src/cli/write-pieces.js';

/** A target that records chunks and says "full" (false) after each one until its drain resolves. */
class SlowTarget implements PieceTarget {
  chunks: string[] = [];
  closed = false;
  drains = 0;
  constructor(private readonly full: boolean) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return !this.full;
  }
  drained(): Promise<void> {
    this.drains++;
    return new Promise((resolve) => setImmediate(resolve));
  }
}

const lines = (count: number): string[] => Array.from({ length: count }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}\n`);

describe('chunked', () => {
  it('gathers pieces into chunks of about the size asked, losing and adding nothing', () => {
    const pieces = lines(5000);
    const chunks = [...chunked(pieces, 4096)];
    expect(chunks.join('')).toBe(pieces.join(''));
    const longestPiece = Math.max(...pieces.map((p) => p.length));
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.length).toBeGreaterThanOrEqual(4096);
      expect(chunk.length).toBeLessThan(4096 + longestPiece);
    }
    expect(chunks.length).toBeGreaterThan(40);
  });

  it('makes nothing of nothing', () => {
    expect([...chunked([])]).toEqual([]);
    expect([...chunked(['', ''])]).toEqual([]);
  });
});

describe('writePiecesTo', () => {
  it('writes everything, waiting for each drain when the target is full', async () => {
    const target = new SlowTarget(true);
    const pieces = lines(100_000);
    await writePiecesTo(target, pieces);
    expect(target.chunks.join('')).toBe(pieces.join(''));
    expect(target.chunks.length).toBeGreaterThan(1);
    expect(target.drains).toBe(target.chunks.length);
  });

  it('never waits for a target that is not full', async () => {
    const target = new SlowTarget(false);
    await writePiecesTo(target, lines(100_000));
    expect(target.drains).toBe(0);
  });

  it('stops pulling pieces once the target is closed (EPIPE: the reader has gone away)', async () => {
    const target = new SlowTarget(false);
    const write = target.write.bind(target);
    target.write = (chunk: string): boolean => {
      write(chunk);
      if (target.chunks.length === 2) target.closed = true;
      return true;
    };
    let pulled = 0;
    function* pieces(): Generator<string> {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield 'z'.repeat(1 << 20);
      }
    }
    await writePiecesTo(target, pieces());
    expect(target.chunks).toHaveLength(2);
    expect(pulled).toBeLessThan(10);
  });
});

describe('writePiecesToFile', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes the pieces to the file, replacing what was there', () => {
    dir = mkdtempSync(join(tmpdir(), 'flowguard-pieces-'));
    const file = join(dir, 'report.txt');
    writePiecesToFile(file, ['old content that is longer than the new one']);
    const pieces = lines(70_000);
    writePiecesToFile(file, pieces);
    expect(readFileSync(file, 'utf8')).toBe(pieces.join(''));
    writePiecesToFile(file, ['é', '✓', '\n']);
    expect(readFileSync(file, 'utf8')).toBe('é✓\n');
  });
});
