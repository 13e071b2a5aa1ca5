/**
 * Reads a file that a path names (an input, the configuration, a baseline, a `.gitignore`) only when it
 * is a regular file. Anything else never ends or never starts: `/dev/zero` (or a `.gitignore` symlinked
 * to it in a scanned repository) fills memory until the process aborts, and a FIFO without a writer
 * blocks the read forever. The check goes through the descriptor that is read, opened non-blocking
 * (opening a FIFO would otherwise wait for a writer), so what is checked is what is read.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** `code` of the error thrown for a pipe, socket or device; `describeFsError` words it. */
export const NOT_A_REGULAR_FILE = 'ENOTREGULAR';
/** `code` of the error thrown for a file over `maxBytes`; the error's `size` says how large it is. */
export const TOO_LARGE = 'ETOOLARGE';

export interface ReadOptions {
  /**
   * Read a pipe too: a path the user typed for one file (`--baseline <(git show main:baseline.sarif)`,
   * `--config <(…)`), read to its end as `cat` would. Devices and sockets stay refused.
   */
  pipe?: boolean;
}

/** The file's bytes; throws a Node file-system error, or one with `code` `NOT_A_REGULAR_FILE` or `TOO_LARGE`. */
export function readRegularFile(path: string, maxBytes = Number.POSITIVE_INFINITY, options: ReadOptions = {}): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(fd);
    // A folder opens fine for reading on Linux; keep the message a read of it would give.
    if (stats.isDirectory()) throw codedError('EISDIR', 'is a directory');
    // Opened without blocking, a pipe whose writer has not written yet reads as empty: read it blocking.
    if (stats.isFIFO() && options.pipe) return readFileSync(path);
    if (!stats.isFile()) throw codedError(NOT_A_REGULAR_FILE, 'not a regular file');
    if (stats.size > maxBytes) throw Object.assign(codedError(TOO_LARGE, 'file too large'), { size: stats.size });
    return readFileSync(fd);
  } catch (error) {
    // A Unix socket cannot even be opened (ENXIO): it is no file either.
    if ((error as { code?: string }).code === 'ENXIO') throw codedError(NOT_A_REGULAR_FILE, 'not a regular file');
    throw error;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

/** `readRegularFile` decoded as UTF-8 (invalid bytes become U+FFFD, as `readFileSync(path, 'utf8')` does). */
export function readRegularText(path: string, options: ReadOptions = {}): string {
  return readRegularFile(path, Number.POSITIVE_INFINITY, options).toString('utf8');
}

function codedError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing was written through it: a failed close loses nothing.
  }
}
