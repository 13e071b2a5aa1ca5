/**
 * Standard output and standard error for the CLI, written with `writeSync` on their file descriptors
 * where that is what Node's own streams would do anyway, so a run never makes those streams.
 *
 * Why: the first read of `process.stdout` makes a stream object, and for a pipe (CI, the benchmark,
 * an editor, `| jq`) that means Node's `net` and stream modules: about 13 % of the instructions the
 * CLI adds to `node -e 0` on one small template (callgrind, 2026-11-29), more than loading the linter.
 * On Linux, Node writes a pipe or a file synchronously all the same ("A note on process I/O" in
 * Node's docs), so `writeSync` keeps the order and the blocking of every write.
 *
 * Node's stream is still made, and written to, where it knows better:
 * - a character device (a terminal, `/dev/null`, `/dev/full`): only its stream can tell a terminal
 *   (`isTTY`, `columns`), and asking `node:tty` loads `net` all the same;
 * - a descriptor someone made non-blocking (EAGAIN): the stream waits for it; everything before was
 *   written already, so nothing is reordered;
 * - Windows, where pipes and terminals are asynchronous and `fstat` tells a pipe from a file by other
 *   rules.
 * A reader that went away (EPIPE: `flowguard --help | head -1`) is no error: later writes are dropped
 * and the run ends with its own exit code. Any other failed write to stdout (`> /dev/full`) means the
 * report was not written: one line on stderr, and exit 2.
 */
import { fstatSync, writeSync } from 'node:fs';

/** What is used of Node's stream for the descriptor (process.stdout or process.stderr; a stand-in in tests). */
export interface NodeStream {
  write(chunk: string | Uint8Array): boolean;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  on(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly writableNeedDrain: boolean;
}

export class StandardStream {
  /** Written with `writeSync` (a pipe, a file or a socket), or through Node's stream; decided on first use. */
  private direct: boolean | undefined;
  private stream: NodeStream | undefined;
  private closedByReader = false;
  private failure: NodeJS.ErrnoException | undefined;

  constructor(
    private readonly fd: number,
    /** Node's stream for `fd`, made only when it is needed. */
    private readonly makeStream: () => NodeStream,
    private readonly onFailure: (error: NodeJS.ErrnoException) => void,
  ) {}

  /** A terminal (as Node's stream says). */
  get isTTY(): boolean {
    return !this.isDirect() && this.nodeStream().isTTY === true;
  }

  /** The terminal's width, if it is one. */
  get columns(): number | undefined {
    return this.isTTY ? this.nodeStream().columns : undefined;
  }

  /** Nothing more will be written: the reader went away or a write failed. */
  get closed(): boolean {
    return this.closedByReader || this.failure !== undefined;
  }

  /** The write that failed (not a reader that went away), if one did. */
  get failed(): NodeJS.ErrnoException | undefined {
    return this.failure;
  }

  /** Writes `text`; false when Node's stream holds more than it wants (await `drained()` before the next). */
  write(text: string): boolean {
    if (this.closed) return true;
    if (!this.isDirect()) return this.nodeStream().write(text);
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      // `writeSync` may write less than it is given (a signal, a pipe with less room); the rest follows.
      while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN') {
        this.fail(error as NodeJS.ErrnoException);
        return true;
      }
      this.direct = false;
      return this.nodeStream().write(bytes.subarray(written));
    }
  }

  /** Resolves once Node's stream has written what it held, or can write no more. */
  drained(): Promise<void> {
    const stream = this.stream;
    if (stream === undefined || this.closed || !stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      stream.on('error', done);
    });
  }

  private isDirect(): boolean {
    this.direct ??= process.platform !== 'win32' && writtenSynchronously(this.fd);
    return this.direct;
  }

  private nodeStream(): NodeStream {
    if (this.stream === undefined) {
      this.stream = this.makeStream();
      this.stream.on('error', (error: NodeJS.ErrnoException) => this.fail(error));
    }
    return this.stream;
  }

  private fail(error: NodeJS.ErrnoException): void {
    if (this.closed) return;
    if (error.code === 'EPIPE') {
      this.closedByReader = true;
      return;
    }
    this.failure = error;
    this.onFailure(error);
  }
}

/** A pipe, a file or a socket: what Node itself writes synchronously on Linux, and never a terminal. */
function writtenSynchronously(fd: number): boolean {
  try {
    const stats = fstatSync(fd);
    return stats.isFIFO() || stats.isFile() || stats.isSocket();
  } catch {
    // Closed or unknown: Node's stream knows what to make of it.
    return false;
  }
}

export const standardError = new StandardStream(2, () => process.stderr, () => {
  // Nowhere left to say so.
});

export const standardOutput = new StandardStream(1, () => process.stdout, (error) => {
  process.exitCode = 2;
  void import('../discover/walk.js').then(({ describeFsError }) => {
    standardError.write(`flowguard: cannot write to standard output: ${describeFsError(error)}\n`);
  });
});
