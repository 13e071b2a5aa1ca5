/**
 * Standard output and error without Node's streams where those would write synchronously anyway
 * (src/cli/stdio.ts): the order and completeness of what is written, the fall-back to Node's stream
 * (a terminal, a descriptor made non-blocking), a reader that goes away, and a write that fails.
 */
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandardStream, type NodeStream } from '../../src/cli/stdio.js';
import { writePiecesTo } from '../../src/cli/write-pieces.js';
import { BUILD_TIMEOUT_MS, CLI, ensureBuilt, expectOrderlyExit, removeDir, runCli, SPAWN_TIMEOUT_MS, tempDir, writeTree } from './helpers.js';

const scratch: string[] = [];
afterAll(() => scratch.forEach(removeDir));

/** Node's stream as the tests need it: records what it is given, full (write → false) when asked to be. */
class FakeStream extends EventEmitter {
  written: string[] = [];
  writableNeedDrain = false;
  isTTY = false;
  columns = 120;
  constructor(private readonly full = false) {
    super();
  }
  write(chunk: string | Uint8Array): boolean {
    this.written.push(chunk.toString());
    this.writableNeedDrain = this.full;
    return !this.full;
  }
}

function failures() {
  const seen: NodeJS.ErrnoException[] = [];
  return { seen, onFailure: (error: NodeJS.ErrnoException) => seen.push(error) };
}

const noStream = (): NodeStream => {
  throw new Error("Node's stream was made");
};

describe('StandardStream on a file (written with writeSync)', () => {
  it('writes every byte in order and never makes Node stream', () => {
    const dir = tempDir('flowguard-stdio-');
    scratch.push(dir);
    const file = join(dir, 'out.txt');
    const fd = openSync(file, 'w');
    try {
      const { seen, onFailure } = failures();
      const out = new StandardStream(fd, noStream, onFailure);
      expect(out.isTTY).toBe(false);
      expect(out.columns).toBeUndefined();
      const parts = ['✔ first ', 'é'.repeat(70_000), '\nlast\n'];
      for (const part of parts) expect(out.write(part)).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe(parts.join(''));
      expect(seen).toEqual([]);
      expect(out.closed).toBe(false);
    } finally {
      closeSync(fd);
    }
  });

  it('reports a failed write once, as a failure, and drops what follows', () => {
    const dir = tempDir('flowguard-stdio-');
    scratch.push(dir);
    const file = join(dir, 'read-only.txt');
    closeSync(openSync(file, 'w'));
    const fd = openSync(file, 'r');
    try {
      const { seen, onFailure } = failures();
      const out = new StandardStream(fd, noStream, onFailure);
      out.write('one');
      out.write('two');
      expect(seen.map((error) => error.code)).toEqual(['EBADF']);
      expect(out.failed?.code).toBe('EBADF');
      expect(out.closed).toBe(true);
    } finally {
      closeSync(fd);
    }
  });
});

describe("StandardStream on a character device (through Node's stream)", () => {
  // /dev/null is a character device, as a terminal is: only Node's stream can tell them apart.
  let fd: number;
  beforeAll(() => {
    fd = openSync('/dev/null', 'w');
  });
  afterAll(() => closeSync(fd));

  it('asks the stream whether it is a terminal, and how wide', () => {
    const stream = new FakeStream();
    stream.isTTY = true;
    const out = new StandardStream(fd, () => stream, failures().onFailure);
    expect(out.isTTY).toBe(true);
    expect(out.columns).toBe(120);
    stream.isTTY = false;
    expect(new StandardStream(fd, () => stream, failures().onFailure).columns).toBeUndefined();
  });

  it('passes each write on, says when the stream is full, and resolves drained() on its drain', async () => {
    const stream = new FakeStream(true);
    const out = new StandardStream(fd, () => stream, failures().onFailure);
    expect(out.write('a')).toBe(false);
    let drained = false;
    const waiting = out.drained().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    stream.writableNeedDrain = false;
    stream.emit('drain');
    await waiting;
    expect(stream.written).toEqual(['a']);
  });

  it('writes a report in pieces, waiting for every drain', async () => {
    const stream = new FakeStream(true);
    const out = new StandardStream(fd, () => stream, failures().onFailure);
    const pieces = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`);
    const writing = writePiecesTo(out, pieces);
    // Drains the stream each time it fills, as a reader would.
    const reader = setInterval(() => {
      stream.writableNeedDrain = false;
      stream.emit('drain');
    }, 1);
    await writing;
    clearInterval(reader);
    expect(stream.written.join('')).toBe(pieces.join(''));
    expect(stream.written.length).toBeGreaterThan(1);
  });

  it('takes EPIPE (the reader went away) as no failure, and writes nothing more', async () => {
    const stream = new FakeStream(true);
    const { seen, onFailure } = failures();
    const out = new StandardStream(fd, () => stream, onFailure);
    out.write('a');
    const waiting = out.drained();
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await waiting;
    expect(out.closed).toBe(true);
    out.write('b');
    expect(stream.written).toEqual(['a']);
    expect(seen).toEqual([]);
    expect(out.failed).toBeUndefined();
  });

  it('reports any other error once, as a failure', () => {
    const stream = new FakeStream();
    const { seen, onFailure } = failures();
    const out = new StandardStream(fd, () => stream, onFailure);
    out.write('a');
    stream.emit('error', Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }));
    stream.emit('error', Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }));
    expect(seen.map((error) => error.code)).toEqual(['ENOSPC']);
    expect(out.failed?.code).toBe('ENOSPC');
  });

  it('resolves drained() when the stream closes while it waits', async () => {
    const stream = new FakeStream(true);
    const out = new StandardStream(fd, () => stream, failures().onFailure);
    out.write('a');
    const waiting = out.drained();
    stream.emit('close');
    await expect(waiting).resolves.toBeUndefined();
  });
});

describe.runIf(process.platform === 'linux')('the CLI writing to a pipe', () => {
  let big: string;
  let written: string;
  beforeAll(() => {
    ensureBuilt();
    // 2,000 findings: a SARIF of about 2.5 MB, far more than a pipe holds (64 KB).
    big = tempDir('flowguard-stdio-big-');
    scratch.push(big);
    const vpcs = (stack: number): string =>
      Array.from({ length: 500 }, (_, i) => `  Vpc${stack}x${i}:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.${stack}.${i % 250}.0/24\n`).join('');
    writeTree(big, Object.fromEntries([0, 1, 2, 3].map((stack) => [`stack${stack}.yaml`, `Resources:\n${vpcs(stack)}`])));
    const out = join(big, 'report.sarif');
    expectOrderlyExit(runCli(['--format', 'sarif', '--output', out, '.'], { cwd: big }));
    written = readFileSync(out, 'utf8');
    expect(written.length).toBeGreaterThan(2 << 20);
  }, BUILD_TIMEOUT_MS);

  it('writes the whole report to a pipe its reader made non-blocking (EAGAIN), in order', () => {
    // A parent that set O_NONBLOCK on the pipe and reads only after the CLI has filled it: writeSync
    // meets EAGAIN, and Node's stream writes the rest. Python makes the pipe: Node cannot set the flag.
    const parent = [
      'import os, subprocess, sys, time',
      'r, w = os.pipe()',
      'os.set_blocking(w, False)',
      'child = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(0.5)',
      'data = bytearray()',
      'while True:',
      '    chunk = os.read(r, 1 << 16)',
      '    if not chunk: break',
      '    data += chunk',
      'sys.stdout.buffer.write(bytes(data))',
      'sys.exit(child.wait())',
    ].join('\n');
    const run = spawnSync('python3', ['-c', parent, process.execPath, CLI, '--format', 'sarif', '.'], { cwd: big, encoding: 'utf8', maxBuffer: 64 << 20, timeout: SPAWN_TIMEOUT_MS });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(written);
  });

  it('ends quietly, with its own exit code, when the reader goes away (EPIPE)', () => {
    // bash's PIPESTATUS: the CLI's own exit code (1: findings), not head's.
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" --format sarif . | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: big, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('1\n');
  });

  it('fails with exit 2 and a message when standard output cannot be written (a read-only descriptor)', () => {
    const file = join(big, 'read-only.txt');
    closeSync(openSync(file, 'w'));
    const fd = openSync(file, 'r');
    try {
      const run = spawnSync(process.execPath, [CLI, '--format', 'text', '.'], { cwd: big, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
      expect(run.error).toBeUndefined();
      expect(run.stderr).toMatch(/^flowguard: cannot write to standard output: .+\n$/);
      expect(run.stderr).not.toContain('    at ');
      expect(run.status).toBe(2);
    } finally {
      closeSync(fd);
    }
  });
});
