/**
 * Writes a report that comes in pieces (src/report: `reportPieces`) without ever joining it into one
 * string: a report of a million findings is longer than V8's longest string. Pieces are gathered into
 * chunks of 32K characters, so a large report takes thousands of writes, not millions.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Small enough that a chunk's string (two bytes a character when it holds any beyond Latin-1, as
 * `…` and `✔` are) stays under V8's largest regular object (128 KB) and dies young. A string over it
 * goes to the large-object space, which only a full collection frees: with chunks of a megabyte,
 * the 100 MB of SARIF of 100,000 findings left about 50 MB of dead chunks there, and the heap grew
 * by as much before V8 collected them (issue 5).
 */
const CHUNK_CHARACTERS = 1 << 15;

/**
 * To stdout. On Linux, writes to a file, a pipe or a terminal complete before `write` returns; where a
 * pipe is asynchronous (macOS), waiting for `drain` keeps the unwritten chunks from piling up.
 */
export async function writePiecesTo(stream: NodeJS.WritableStream & { destroyed: boolean }, pieces: Iterable<string>): Promise<void> {
  // The reader went away (`flowguard … | head`): cli.ts drops the EPIPE, and the rest is not wanted.
  // process.stdout is never destroyed by it, so the error itself says so.
  let failed = false;
  const onError = (): void => {
    failed = true;
  };
  stream.on('error', onError);
  try {
    for (const chunk of chunked(pieces)) {
      if (failed || stream.destroyed) return;
      if (!stream.write(chunk)) await drainedOrClosed(stream);
    }
  } finally {
    stream.off('error', onError);
  }
}

/** To a file, created or truncated; the caller has checked it is none of the run's inputs. */
export function writePiecesToFile(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of chunked(pieces)) writeAll(fd, Buffer.from(chunk));
  } finally {
    closeSync(fd);
  }
}

export function* chunked(pieces: Iterable<string>, size = CHUNK_CHARACTERS): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    parts.push(piece);
    length += piece.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}

/** `writeSync` may write less than it is given (as `writeFileSync` knows); the rest follows. */
function writeAll(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
}

function drainedOrClosed(stream: NodeJS.WritableStream): Promise<void> {
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
