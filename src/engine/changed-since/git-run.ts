/**
 * The one place flowguard runs a program: `git`, read-only, to fetch files as they were at a revision
 * (`--changed-since REF`). Always an argument array (never a shell), `cwd` at the work tree, a timeout,
 * no pager, no prompt, no fsmonitor hook, no textconv (`cat-file` prints the stored bytes).
 */
import { spawnSync } from 'node:child_process';

/** Why `--changed-since` cannot be used: the CLI prints it and exits 2. */
export class ChangedSinceError extends Error {
  override name = 'ChangedSinceError';
}

const TIMEOUT_MS = 30_000;
/** Most bytes of output one git run may print (a file's contents; a batch of them stays under half). */
export const MAX_BUFFER = 512 * 1024 * 1024;

/** Neutralises the settings through which a repository's own config could run a program. */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '-c', 'core.hooksPath=/dev/null'];

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Keep the environment but drop every GIT_* variable (GIT_DIR, GIT_EXTERNAL_DIFF, GIT_PAGER, …).
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', GIT_NO_LAZY_FETCH: '1', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
}

interface GitRun<Output> {
  status: number | null;
  stdout: Output;
  stderr: string;
}

/** Runs git with `args` (and `input` on its stdin: a batch of names); stdout as text. */
export function runGit(cwd: string, args: readonly string[], input?: string): GitRun<string> {
  const run = spawnGit(cwd, args, input);
  return { status: run.status, stdout: run.stdout.toString('utf8'), stderr: run.stderr };
}

/** As `runGit`, stdout as bytes: `cat-file --batch` gives sizes in bytes. */
export function runGitBytes(cwd: string, args: readonly string[], input?: string): GitRun<Buffer> {
  return spawnGit(cwd, args, input);
}

function spawnGit(cwd: string, args: readonly string[], input: string | undefined): GitRun<Buffer> {
  const run = spawnSync('git', [...SAFE_CONFIG, ...args], {
    cwd,
    env: gitEnvironment(),
    timeout: TIMEOUT_MS,
    maxBuffer: MAX_BUFFER,
    windowsHide: true,
    ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input, stdio: ['pipe', 'pipe', 'pipe'] }),
  });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ChangedSinceError('--changed-since: git is not installed (or not on PATH)');
    if (code === 'ETIMEDOUT') throw new ChangedSinceError(`--changed-since: git ${args[0] ?? ''} did not finish within ${TIMEOUT_MS / 1000} s`);
    throw new ChangedSinceError(`--changed-since: cannot run git: ${run.error.message}`);
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.toString('utf8') };
}
