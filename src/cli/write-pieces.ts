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

/** Where `writePiecesTo` writes: standard output (src/cli/stdio.ts), or a stand-in in tests. */
export interface PieceTarget {
  /** False when the target holds more than it wants: await `drained()` before the next write. */
  write(text: string): boolean;
  drained(): Promise<void>;
  /** Nothing more will be written (the reader went away, or a write failed). */
  readonly closed: boolean;
}

/**
 * To stdout. A pipe or a file is written synchronously (stdio.ts); where Node's stream writes instead
 * (a terminal, a descriptor made non-blocking), waiting for it to drain keeps the unwritten chunks
 * from piling up. Once the reader has gone away (`flowguard … | head`), the rest is not wanted.
 */
export async function writePiecesTo(target: PieceTarget, pieces: Iterable<string>): Promise<void> {
  for (const chunk of chunked(pieces)) {
    if (target.closed) return;
    if (!target.write(chunk)) await target.drained();
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
