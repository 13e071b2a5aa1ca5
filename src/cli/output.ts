/**
 * `--output FILE` for every command: the report (or graph) goes to a file, never over a file the run
 * read (SPEC §6: the tool never writes to its inputs), and missing parent folders are created, as
 * ESLint does for `--output-file`.
 */
import { mkdirSync, statSync, writeFileSync, type BigIntStats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LintResult } from '../core/result.js';
import { UsageError } from './errors.js';

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

export async function writeOutput(output: string, text: string, cwd: string, inputs: readonly InputFile[]): Promise<void> {
  const target = resolve(cwd, output);
  const input = inputAt(target, inputs);
  if (input) throw new UsageError(`--output ${output} is ${input.role}, and flowguard never writes to its inputs; choose another file`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (error) {
    const { describeFsError } = await import('../discover/walk.js');
    throw new UsageError(`cannot write ${output}: ${describeFsError(error)}`);
  }
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

function statOf(path: string): BigIntStats | undefined {
  try {
    // BigInt: inode numbers of some file systems do not fit a double.
    return statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
}
