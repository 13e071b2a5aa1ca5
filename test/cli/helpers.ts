/**
 * Helpers for the CLI tests: they spawn the built binary (`dist/cli/cli.js`, the bundle `npm install` links as `flowguard`) the way a user or CI
 * does, in temporary folders, and read what it prints. The binary is built once if it is missing
 * (`npm test` builds first, so that happens only when vitest is run on its own).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, expect } from 'vitest';
import { validateSarif } from '../helpers/sarif-schema.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const CLI = resolve(REPO, 'dist/cli/cli.js');
export const FIXTURES = resolve(REPO, 'fixtures/cli');
/** Every spawn is bounded: a run that hangs fails its test instead of the whole suite. */
export const SPAWN_TIMEOUT_MS = 20_000;
/** For `beforeAll(ensureBuilt, BUILD_TIMEOUT_MS)`. */
export const BUILD_TIMEOUT_MS = 180_000;

/**
 * Builds the CLI when `dist/cli/cli.js` is missing. Test files run in parallel, so one of them takes a
 * lock folder and builds while the others wait for it to finish.
 */
export function ensureBuilt(): void {
  if (existsSync(CLI)) return;
  const lock = join(tmpdir(), `flowguard-build-${createHash('sha256').update(REPO).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + BUILD_TIMEOUT_MS - 5_000;
  while (Date.now() < deadline) {
    try {
      mkdirSync(lock);
    } catch {
      if (existsSync(CLI)) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250); // another file is building
      continue;
    }
    try {
      if (existsSync(CLI)) return;
      const build = spawnSync('npm', ['run', 'build'], { cwd: REPO, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS - 10_000 });
      if (build.status !== 0 || !existsSync(CLI)) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  throw new Error(`timed out waiting for another test file to build ${CLI}`);
}

export interface RunOptions {
  cwd: string;
  /** Extra environment; NO_COLOR and FORCE_COLOR from the caller's environment are removed (set them here). */
  env?: Record<string, string>;
  /** Run as another user (tests run as root, where file permissions do not stop reads). */
  uid?: number;
  gid?: number;
}

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the spawn itself failed, e.g. on timeout (ETIMEDOUT). */
  error: Error | undefined;
}

export function runCli(args: readonly string[], options: RunOptions): RunResult {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.env?.['NO_COLOR'] === undefined) delete env['NO_COLOR'];
  if (options.env?.['FORCE_COLOR'] === undefined) delete env['FORCE_COLOR'];
  delete env['FLOWGUARD_DEBUG'];
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}

/**
 * The CLI on a real terminal, as when a user runs it by hand: util-linux's `script` gives it a
 * pseudo-terminal for stdin, stdout and stderr, so the CLI's own terminal check (src/cli/stdio.ts)
 * decides, not a stand-in. The terminal merges stdout and stderr and ends lines with CRLF; `stdout`
 * here is that transcript with LF line ends. Linux only (BSD `script` takes other arguments).
 */
export function runOnTerminal(args: readonly string[], options: RunOptions): RunResult {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm', ...options.env };
  for (const name of ['NO_COLOR', 'FORCE_COLOR'] as const) if (options.env?.[name] === undefined) delete env[name];
  delete env['FLOWGUARD_DEBUG'];
  const quote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  const result = spawnSync('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    cwd: options.cwd,
    env,
    encoding: 'utf8',
    timeout: SPAWN_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: result.status, signal: result.signal, stdout: (result.stdout ?? '').replaceAll('\r\n', '\n'), stderr: result.stderr ?? '', error: result.error };
}

/** The run finished by itself (no timeout, no signal) and printed no stack trace. */
export function expectOrderlyExit(run: RunResult): void {
  expect(run.error, `spawn failed (timeout?): ${run.error?.message}`).toBeUndefined();
  expect(run.signal).toBeNull();
  expect(run.status).not.toBeNull();
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr).not.toContain('internal error');
}

/** A fresh temporary folder (readable by other users, so a test can run the CLI as `nobody`). */
export function tempDir(prefix = 'flowguard-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A temporary copy of `fixtures/cli/<name>`. */
export function copyFixture(name: string): string {
  const dir = tempDir();
  cpSync(resolve(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/**
 * For one test file: a function that copies `fixtures/cli/<name>` to a temporary folder, and an
 * `afterAll` that removes every copy it made. Call at the top level of the file.
 */
export function fixtureCopies(): (name: string) => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));
  return (name) => {
    const dir = copyFixture(name);
    dirs.push(dir);
    return dir;
  };
}

/** Writes files (string or bytes) under `dir`, creating folders as needed. */
export function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

export function fixtureText(path: string): string {
  return readFileSync(resolve(FIXTURES, path), 'utf8');
}

/**
 * A digest of a folder: every entry's path, kind, mode, and content (or link target), in order.
 * Equal digests before and after a run mean the run wrote, created and deleted nothing there.
 */
export function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const visit = (path: string, rel: string): void => {
    const stats = lstatSync(path);
    hash.update(`${rel}\0${stats.mode}\0`);
    if (stats.isSymbolicLink()) hash.update(`link:${readlinkSync(path)}\0`);
    else if (stats.isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name), `${rel}/${name}`);
    else if (stats.isFile()) hash.update(readFileSync(path)).update(`\0${stats.mtimeMs}\0`);
  };
  visit(dir, '.');
  return hash.digest('hex');
}

// --- SARIF ---------------------------------------------------------------------------------------

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifResultView {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: SarifRegion } }[];
  relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
}

export interface SarifView {
  runs: {
    results: SarifResultView[];
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string }; locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    }[];
  }[];
}

/** Parses SARIF text and checks it against the OASIS schema; fails the test with the schema errors. */
export function parseSarif(text: string): SarifView {
  let log: unknown;
  try {
    log = JSON.parse(text);
  } catch (error) {
    expect.fail(`output is not JSON: ${(error as Error).message}\n${text.slice(0, 500)}`);
  }
  expect(validateSarif(log)).toEqual([]);
  return log as SarifView;
}

export function resultsOf(log: SarifView): SarifResultView[] {
  return log.runs[0]!.results;
}

export function uriOf(result: SarifResultView): string {
  return result.locations[0]!.physicalLocation.artifactLocation.uri;
}

export function regionOf(result: SarifResultView): SarifRegion {
  return result.locations[0]!.physicalLocation.region;
}

/** Every `uri` anywhere in a SARIF log (results, related locations, notifications). */
export function allUris(log: unknown): string[] {
  const uris: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'artifactLocation' && inner && typeof inner === 'object' && 'uri' in inner) uris.push(String(inner.uri));
        else visit(inner);
      }
    }
  };
  visit(log);
  return uris;
}

/** `line:column` of the first occurrence of `needle` in `text` (1-based, UTF-16 columns). */
export function positionOf(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  if (offset === -1) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

/** A small template with one known finding: log group `Logs` kept 30 days, at 6:24 (log-group-retention). */
export const SHORT_RETENTION = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Logs:',
  '    Type: AWS::Logs::LogGroup',
  '    Properties:',
  '      RetentionInDays: 30',
  '',
].join('\n');
