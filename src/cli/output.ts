/**
 * `--output FILE` for every command: the report (or graph) goes to a file, never over a file the run
 * read (SPEC §6: the tool never writes to its inputs), and missing parent folders are created, as
 * ESLint does for `--output-file`.
 */
import { lstatSync, mkdirSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { LintResult } from '../core/result.js';
import { UsageError } from './errors.js';
import { writePiecesToFile } from './write-pieces.js';

/** A file the run read, and what it was to the run (for the message). */
export interface InputFile {
  absolutePath: string;
  role: string;
}

/**
 * The files a run read: the linted files first (the usual mistake, and the message users know), then
 * everything else the engine read (context, modules outside the named paths, unparsable files), then
 * what the command line read itself (the configuration file, the baseline).
 */
export function inputsOf(result: LintResult, root: string, own: readonly InputFile[] = []): InputFile[] {
  const linted = new Set(result.files);
  const read = (result.inputs ?? result.files).filter((file) => !linted.has(file));
  return [
    ...result.files.map((file) => ({ absolutePath: resolve(root, file), role: 'one of the files being linted' })),
    ...read.map((file) => ({ absolutePath: resolve(root, file), role: 'a file this run reads' })),
    ...own,
  ];
}

/** `report` is a string, or a report's pieces (see write-pieces.ts). */
export async function writeOutput(output: string, report: string | Iterable<string>, cwd: string, inputs: readonly InputFile[]): Promise<void> {
  if (namesFolder(output)) throw new UsageError(`--output ${output} names a folder; give the file to write in it`);
  const target = resolve(cwd, output);
  const input = inputAt(target, inputs);
  if (input) throw new UsageError(`--output ${output} is ${input.role}, and flowguard never writes to its inputs; choose another file`);
  let step = 'cannot write';
  try {
    const folder = dirname(target);
    for (const missing of missingFolders(folder)) {
      step = `cannot create the folder ${shown(missing, cwd)} for`;
      mkdirSync(missing);
    }
    step = 'cannot write';
    if (typeof report === 'string') writeFileSync(target, report);
    else writePiecesToFile(target, report);
  } catch (error) {
    if (error instanceof NotAFolder) throw new UsageError(`cannot write ${output}: ${shown(error.path, cwd)} is ${error.what}, not a folder`);
    const { describeFsError } = await import('../discover/walk.js');
    throw new UsageError(`${step} ${output}: ${describeFsError(error)}`);
  }
}

/**
 * `reports/`, `reports/.` or `..`: a folder by its spelling, which would otherwise be written as a file
 * named `reports` (a backslash separates only on Windows; elsewhere it may end a file name).
 */
function namesFolder(output: string): boolean {
  const parts = output.split(sep === '\\' ? /[\\/]/ : '/');
  const last = parts[parts.length - 1];
  return last === '' || last === '.' || last === '..';
}

class NotAFolder extends Error {
  constructor(
    readonly path: string,
    readonly what: string,
  ) {
    super(`${path} is ${what}, not a folder`);
  }
}

/**
 * The folders to create, outermost first, for `folder` to exist. Made one at a time, not with
 * `mkdirSync(…, { recursive: true })`: on Node 20 that loops for ever where a folder can be neither
 * made nor found, as under /proc (`--output /proc/nope/x`: mkdir /proc → EEXIST, mkdir /proc/nope →
 * ENOENT, and again).
 */
function missingFolders(folder: string): string[] {
  const missing: string[] = [];
  for (let at = folder; ; at = dirname(at)) {
    const found = statOf(at);
    if (found) {
      if (!found.isDirectory()) throw new NotAFolder(at, 'a file');
      break;
    }
    if (isLink(at)) throw new NotAFolder(at, 'a symbolic link to nothing');
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  return missing;
}

/** A path as the message shows it: relative to the working directory when it is inside it. */
function shown(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/**
 * The input `target` would overwrite. By path first; then, for a file that exists, by identity, so a
 * symbolic or hard link to an input, or another spelling of its name, is caught too. A file that does
 * not exist is no input. The inputs are looked at only when the target is an existing regular file
 * (a report rewritten by a second run): the common first write, and `/dev/null`, cost one `stat`.
 */
function inputAt(target: string, inputs: readonly InputFile[]): InputFile | undefined {
  const byPath = inputs.find((input) => input.absolutePath === target);
  if (byPath) return byPath;
  const written = statOf(target);
  // Only a regular file can be an input: `/dev/null` or a pipe needs no look at the inputs.
  if (!written?.isFile()) return undefined;
  return inputs.find((input) => {
    const read = statOf(input.absolutePath);
    return read !== undefined && read.dev === written.dev && read.ino === written.ino;
  });
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function statOf(path: string): BigIntStats | undefined {
  try {
    // BigInt: inode numbers of some file systems do not fit a double.
    return statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
}
