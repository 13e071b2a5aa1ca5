import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chunked, writePiecesTo, writePiecesToFile } from '../../src/cli/write-pieces.js';

/** A writable that records chunks and says "full" (false) after each one until `drain`. */
class SlowStream extends EventEmitter {
  chunks: string[] = [];
  destroyed = false;
  constructor(private readonly full: boolean) {
    super();
  }
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    if (this.full) setImmediate(() => this.emit('drain'));
    return !this.full;
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
  it('writes everything, waiting for drain when the stream is full', async () => {
    const stream = new SlowStream(true);
    const pieces = lines(100_000);
    await writePiecesTo(stream as unknown as NodeJS.WriteStream, pieces);
    expect(stream.chunks.join('')).toBe(pieces.join(''));
    expect(stream.chunks.length).toBeGreaterThan(1);
  });

  it('stops writing after the stream fails (EPIPE: the reader has gone away)', async () => {
    const stream = new SlowStream(false);
    stream.write = (chunk: string): boolean => {
      stream.chunks.push(chunk);
      if (stream.chunks.length === 2) setImmediate(() => stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
      else setImmediate(() => stream.emit('drain'));
      return false;
    };
    let pulled = 0;
    function* pieces(): Generator<string> {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield 'z'.repeat(1 << 20);
      }
    }
    await writePiecesTo(stream as unknown as NodeJS.WriteStream, pieces());
    expect(stream.chunks).toHaveLength(2);
    expect(pulled).toBeLessThan(10);
    expect(stream.listenerCount('error')).toBe(0);
  });

  it('stops when the stream is destroyed, and does not wait for a drain that never comes', async () => {
    const stream = new SlowStream(false);
    let pulled = 0;
    function* pieces(): Generator<string> {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield 'y'.repeat(1 << 20);
        if (i === 2) stream.destroyed = true;
      }
    }
    await writePiecesTo(stream as unknown as NodeJS.WriteStream, pieces());
    expect(stream.chunks).toHaveLength(3);
    expect(pulled).toBeLessThan(10);
  });

  it('resolves when the stream closes while it waits', async () => {
    const stream = new SlowStream(false);
    stream.write = (chunk: string): boolean => {
      stream.chunks.push(chunk);
      setImmediate(() => stream.emit('close'));
      return false;
    };
    await writePiecesTo(stream as unknown as NodeJS.WriteStream, ['a'.repeat(1 << 20), 'b']);
    expect(stream.chunks.join('')).toBe(`${'a'.repeat(1 << 20)}b`);
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
