/**
 * Reads a file that a path names (an input, the configuration, a baseline, a `.gitignore`) only when it
 * is a regular file. Anything else never ends or never starts: `/dev/zero` (or a `.gitignore` symlinked
 * to it in a scanned repository) fills memory until the process aborts, and a FIFO without a writer
 * blocks the read forever. The check goes through the descriptor that is read, opened non-blocking
 * (opening a FIFO would otherwise wait for a writer), so what is checked is what is read.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

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

/**
 * Most bytes read of a file no limit was given for (a configuration, a baseline, a `.gitignore`): the
 * default `--max-file-size`. Without one, a kernel file that says it is empty would be read for ever.
 */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/**
 * The file's bytes; throws a Node file-system error, or one with `code` `NOT_A_REGULAR_FILE` or
 * `TOO_LARGE` (whose `size` is the file's size when it said it, and is absent when it said less than it had).
 */
export function readRegularFile(path: string, maxBytes = DEFAULT_MAX_BYTES, options: ReadOptions = {}): Buffer {
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
    return readAtMost(fd, stats.size, maxBytes);
  } catch (error) {
    // A Unix socket cannot even be opened (ENXIO): it is no file either.
    if ((error as { code?: string }).code === 'ENXIO') throw codedError(NOT_A_REGULAR_FILE, 'not a regular file');
    throw error;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

/**
 * The bytes of `fd` up to its end, or `TOO_LARGE` past `maxBytes`. Its size (`hint`) is not trusted:
 * files under /proc and /sys say they are empty and some never end (`/proc/self/pagemap` reads
 * hundreds of gigabytes, and a committed symlink to it is a regular file by every check above).
 */
function readAtMost(fd: number, hint: number, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // One read for a file that tells its size truly (plus one byte to see its end); then 64 KiB steps
    // (a whole number of 8-byte words: /proc/self/pagemap refuses other reads), past the limit by at most one.
    const chunk = Buffer.allocUnsafe(hint > 0 ? Math.min(hint, maxBytes) + 1 : 65_536);
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    total += read;
    if (total > maxBytes) throw codedError(TOO_LARGE, 'file too large');
    chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    // A regular file that said its size and gave fewer bytes than asked is at its end: no second
    // read (and no 64 KiB buffer) for each of a thousand templates.
    if (hint > 0 && read < chunk.length) break;
    hint = 0;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** `readRegularFile` decoded as UTF-8 (invalid bytes become U+FFFD, as `readFileSync(path, 'utf8')` does). */
export function readRegularText(path: string, options: ReadOptions = {}): string {
  return readRegularFile(path, DEFAULT_MAX_BYTES, options).toString('utf8');
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
