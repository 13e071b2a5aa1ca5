/**
 * The one place flowguard runs a program: `git`, read-only, to fetch files as they were at a revision
 * (`--changed-since REF`). Always an argument array (never a shell), `cwd` at the work tree, a timeout,
 * no pager, no prompt, no fsmonitor hook, no textconv (`cat-file blob` prints the stored bytes).
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

/** Why `--changed-since` cannot be used: the CLI prints it and exits 2. */
export class ChangedSinceError extends Error {
  override name = 'ChangedSinceError';
}

const TIMEOUT_MS = 30_000;
const MAX_BUFFER = 512 * 1024 * 1024;

/** Neutralises the settings through which a repository's own config could run a program. */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '-c', 'core.hooksPath=/dev/null'];

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Keep the environment but drop every GIT_* variable (GIT_DIR, GIT_EXTERNAL_DIFF, GIT_PAGER, …).
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', GIT_NO_LAZY_FETCH: '1', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
}

interface GitRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runGit(cwd: string, args: readonly string[]): GitRun {
  const run = spawnSync('git', [...SAFE_CONFIG, ...args], { cwd, env: gitEnvironment(), encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: MAX_BUFFER, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ChangedSinceError('--changed-since: git is not installed (or not on PATH)');
    if (code === 'ETIMEDOUT') throw new ChangedSinceError(`--changed-since: git ${args[0] ?? ''} did not finish within ${TIMEOUT_MS / 1000} s`);
    throw new ChangedSinceError(`--changed-since: cannot run git: ${run.error.message}`);
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A revision of one work tree: reads files as they were in it. */
export interface Revision {
  /** The ref as the user wrote it, for messages. */
  ref: string;
  /** The commit it names. */
  commit: string;
  /** The work tree's top level (real path). */
  top: string;
  /**
   * The text of a file (absolute path) at the revision, or undefined when it did not exist there.
   * Paths outside the work tree are undefined too.
   */
  read(absolutePath: string): string | undefined;
  /** Repository-relative paths of the files changed since the revision (staged or not), deleted ones included; untracked ones not. */
  changedPaths(): string[];
  /** The names of the files directly in a directory (absolute path) at the revision. */
  list(absoluteDir: string): string[];
  /** Whether git ignores a file of the work tree (absolute path): `node_modules`, build output. */
  ignored(absolutePath: string): boolean;
  /**
   * Where a symlink of the work tree (repository-relative path, not resolved) pointed at the
   * revision; undefined when that path was no symlink there.
   */
  symlinkTarget(repoPath: string): string | undefined;
}

/**
 * Why a revision may be missing other than a typo: in a shallow clone (CI's default checkout,
 * `fetch-depth: 1`) the base of a pull request is usually just not fetched, and a repository
 * without commits has no revision at all.
 */
function revisionHint(root: string): string {
  const shallow = runGit(root, ['rev-parse', '--is-shallow-repository']);
  if (shallow.status === 0 && shallow.stdout.trim() === 'true') return ' (this clone is shallow: fetch the revision, e.g. `git fetch --unshallow`, or check out with fetch-depth: 0)';
  return runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD']).status === 0 ? '' : ' (the repository has no commits yet)';
}

export function openRevision(cwd: string, ref: string): Revision {
  // A ref that starts with "-" would be read as an option.
  if (ref === '' || ref.startsWith('-') || /[\0\n]/.test(ref)) throw new ChangedSinceError(`--changed-since: unknown revision '${ref}'`);
  const top = runGit(cwd, ['rev-parse', '--show-toplevel']);
  if (top.status !== 0) throw new ChangedSinceError(`--changed-since: the working directory ${cwd} is not in a git repository; run flowguard from inside the repository to compare`);
  const root = realpathSync(top.stdout.trim());
  const verified = runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (verified.status !== 0) throw new ChangedSinceError(`--changed-since: unknown revision '${ref}'${revisionHint(root)}`);
  const commit = verified.stdout.trim();
  // `^main` verifies too, as `^<sha>`: the exclusion of a range, which `cat-file` cannot read, so every
  // file would read as new at it and nothing would be marked unchanged.
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) throw new ChangedSinceError(`--changed-since: '${ref}' is not one revision; name a branch, tag or commit`);
  const inTree = (absolutePath: string): string | undefined => {
    let real: string;
    try {
      real = realpathSync(absolutePath);
    } catch {
      real = resolve(absolutePath);
    }
    const rel = relative(root, real);
    if (rel.startsWith('..') || resolve(root, rel) !== real) return undefined;
    return sep === '/' ? rel : rel.split(sep).join('/');
  };
  return {
    ref,
    commit,
    top: root,
    read(absolutePath) {
      const rel = inTree(absolutePath);
      if (rel === undefined || rel === '') return undefined;
      const blob = runGit(root, ['cat-file', 'blob', `${commit}:${rel}`]);
      return blob.status === 0 ? blob.stdout : undefined;
    },
    changedPaths() {
      const diff = runGit(root, ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', commit, '--']);
      return diff.status === 0 ? diff.stdout.split('\0').filter(Boolean) : [];
    },
    list(absoluteDir) {
      const rel = inTree(absoluteDir);
      if (rel === undefined) return [];
      const tree = runGit(root, ['ls-tree', '--name-only', '-z', commit, '--', rel === '' ? '.' : `${rel}/`]);
      if (tree.status !== 0) return [];
      return tree.stdout
        .split('\0')
        .filter(Boolean)
        .map((path) => path.slice(path.lastIndexOf('/') + 1));
    },
    ignored(absolutePath) {
      const rel = inTree(absolutePath);
      // check-ignore: 0 ignored, 1 not, 128 an error (then: not known to be ignored).
      return rel !== undefined && rel !== '' && runGit(root, ['check-ignore', '-q', '--', rel]).status === 0;
    },
    symlinkTarget(repoPath) {
      if (repoPath === '' || repoPath.startsWith('..')) return undefined;
      // `<mode> <type> <object>\t<path>`; mode 120000 is a symlink, whose blob is its target.
      const entry = runGit(root, ['ls-tree', '-z', commit, '--', `:(literal)${repoPath}`]);
      const match = /^120000 blob ([0-9a-f]+)\t/.exec(entry.stdout);
      if (entry.status !== 0 || !match) return undefined;
      const blob = runGit(root, ['cat-file', 'blob', match[1]!]);
      return blob.status === 0 ? blob.stdout : undefined;
    },
  };
}
