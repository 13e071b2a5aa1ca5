/**
 * `--jobs` end to end, through the built CLI (`dist/`, where the worker entry is compiled JavaScript):
 * the report is byte-identical whatever the number of threads, for the SARIF and the text formats,
 * over a generated 300-file repository, the fixtures and the examples. `FLOWGUARD_PARALLEL_MIN_BYTES=0`
 * makes these small runs parallel (a real run needs megabytes of YAML to start a worker), and
 * `FLOWGUARD_DEBUG=1` makes the driver say how many files the workers parsed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, CLI, ensureBuilt, expectOrderlyExit, positionOf, REPO, removeDir, runCli, SPAWN_TIMEOUT_MS, tempDir, type RunResult } from '../cli/helpers.js';
import { bundledSources } from '../helpers/bundle.js';
import { treeFiles, writeTree } from './parallel-tree.js';

const FORCE = { FLOWGUARD_PARALLEL_MIN_BYTES: '0', FLOWGUARD_DEBUG: '1', NO_COLOR: '1' };
let tree: string;

beforeAll(() => {
  ensureBuilt();
  tree = tempDir('flowguard-parallel-cli-');
  writeTree(tree, treeFiles(300));
}, BUILD_TIMEOUT_MS);

afterAll(() => removeDir(tree));

/** Runs the CLI like `runCli`, but keeps FLOWGUARD_DEBUG (the driver's summary line). */
function spawnCli(args: string[], cwd: string, env: Record<string, string>): RunResult {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete merged['FORCE_COLOR'];
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, env: merged, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, signal: run.signal, stdout: run.stdout ?? '', stderr: run.stderr ?? '', error: run.error };
}

/** The report on stdout (`jobs` undefined: no flag, the default), with the debug line from stderr. */
function report(cwd: string, format: 'sarif' | 'text', jobs: number | undefined, paths: string[], env: Record<string, string> = FORCE): RunResult {
  const run = spawnCli([...(jobs === undefined ? [] : ['--jobs', String(jobs)]), '--format', format, ...paths], cwd, env);
  expectOrderlyExit(run);
  expect(run.status).toBeLessThan(2);
  return run;
}

/** "parsed N files on T threads, W of them in workers", or undefined for a run that stayed on one thread. */
function parallelSummary(run: RunResult): { files: number; threads: number; inWorkers: number } | undefined {
  const match = /parsed (\d+) files on (\d+) threads, (\d+) of them in workers/.exec(run.stderr);
  return match ? { files: Number(match[1]), threads: Number(match[2]), inWorkers: Number(match[3]) } : undefined;
}

describe('--jobs: the same bytes whatever the number of threads', () => {
  const inputs: [string, () => string, string[]][] = [
    ['a generated 300-file repository (JSON, YAML, .tf, parse errors)', () => tree, ['.']],
    ['the fixtures', () => REPO, ['fixtures']],
    ['the examples', () => REPO, ['examples']],
  ];

  it.each(inputs)('%s', (_name, cwd, paths) => {
    for (const format of ['sarif', 'text'] as const) {
      const one = report(cwd(), format, 1, paths);
      expect(parallelSummary(one)).toBeUndefined();
      expect(one.stdout.length).toBeGreaterThan(1000);
      const two = report(cwd(), format, 2, paths);
      expect(parallelSummary(two), two.stderr).toMatchObject({ threads: 2 });
      expect(two.stdout).toBe(one.stdout);
      const byDefault = report(cwd(), format, undefined, paths);
      const summary = parallelSummary(byDefault); // default: one thread per core, at most one per file
      if (availableParallelism() === 1) expect(summary).toBeUndefined();
      else expect(summary?.threads).toBe(Math.min(availableParallelism(), summary!.files));
      expect(byDefault.stdout).toBe(one.stdout);
    }
  });

  it('and with the real threshold, which leaves a 300-file repository on one thread', () => {
    const env = { NO_COLOR: '1', FLOWGUARD_DEBUG: '1' };
    const one = report(tree, 'sarif', 1, ['.'], env);
    const four = report(tree, 'sarif', 4, ['.'], env);
    expect(parallelSummary(four)).toBeUndefined();
    expect(four.stdout).toBe(one.stdout);
  });

  it('points at the right lines and columns in a parallel run', () => {
    const run = report(tree, 'sarif', 3, ['.']);
    expect(parallelSummary(run), run.stderr).toMatchObject({ files: 300, threads: 3 });
    const results = (JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] }).runs[0]!.results;
    const at = (ruleId: string, uri: string): string => {
      const result = results.find((r) => r.ruleId === ruleId && r.locations[0]!.physicalLocation.artifactLocation.uri === uri);
      if (!result) throw new Error(`no ${ruleId} result for ${uri}`);
      const { startLine, startColumn } = result.locations[0]!.physicalLocation.region;
      return `${startLine}:${startColumn}`;
    };
    const text = (path: string) => readFileSync(join(tree, path), 'utf8');
    const last = (suffix: string, needle: string, count = 1) =>
      treeFiles(300)
        .filter((f) => f.path.endsWith(suffix) && typeof f.text === 'string' && f.text.includes(needle))
        .filter((f) => needle.startsWith('Broken') || !/Broken|Description: twice|broken =/.test(f.text as string))
        .slice(-count)
        .map((f) => f.path);
    const checked = [
      ...last('.yaml', 'RetentionInDays: 14}', 3).map((path) => [path, at('log-group-retention', path), positionOf(text(path), '14}')]),
      ...last('.yaml', 'vpc-flow-logs.amazonaws.com', 3).map((path) => [path, at('role-trust-principal', path), positionOf(text(path), 'vpc-flow-logs.amazonaws.com')]),
      ...last('.json', '"RetentionInDays": 1,', 2).map((path) => [path, at('log-group-retention', path), positionOf(text(path), '1,\n')]),
      ...last('main.tf', 'retention_in_days = 90', 2).map((path) => [path, at('log-group-retention', path), positionOf(text(path), '90')]),
      // A YAML syntax error: reported at the bracket of `Broken: [unclosed` that is never closed.
      ...last('.yaml', 'Broken: [unclosed', 2).map((path) => [path, at('parse-error', path), positionOf(text(path), '[unclosed')]),
    ];
    expect(checked.length).toBe(12);
    expect(checked.filter(([, found, expected]) => found !== expected)).toEqual([]);
  });
});

describe('--jobs: usage', () => {
  it.each(['0', '-1', 'two', '1.5', ''])('--jobs %j is a usage error (exit 2)', (value) => {
    const run = runCli(['--jobs', value, '.'], { cwd: tree });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--jobs expects a positive whole number|--jobs/);
  });

  it('is listed in --help', () => {
    expect(runCli(['--help'], { cwd: tree }).stdout).toMatch(/--jobs <n>/);
  });

  it('a small run does not load the parallel driver, nor node:worker_threads', () => {
    const run = (preload: string, args: string[], env: Record<string, string> = {}) => {
      const child = spawnSync(process.execPath, ['--import', preload, CLI, ...args], { cwd: tree, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS, env: { ...process.env, ...env } });
      expect(child.status, child.stderr).toBeLessThan(2);
      return bundledSources(child.stderr.split('\n').filter((line) => line.startsWith('load: ')).map((line) => line.slice('load: '.length))).map((m) => `load: ${m}`);
    };
    // Our modules, from a loader hook (which itself runs on a worker thread, so it cannot tell about worker_threads) ...
    const modules = (args: string[], env?: Record<string, string>) => run(resolve(REPO, 'test/helpers/trace-loads.mjs'), args, env);
    // ... and Node's built-in modules, from the list Node keeps.
    const builtins = (args: string[], env?: Record<string, string>) =>
      run(`data:text/javascript,${encodeURIComponent("process.on('exit', () => { for (const m of process.moduleLoadList) if (m.startsWith('NativeModule ')) process.stderr.write('load: ' + m.slice(13) + '\\n'); });")}`, args, env);
    const one = ['stacks/team-00/stack-0012.yaml'];
    const small = modules(one);
    expect(small.some((m) => m.includes('/dist/src/engine/lint.js'))).toBe(true);
    expect(small.filter((m) => /parallel\/(pool|worker)\.js/.test(m))).toEqual([]);
    expect(builtins(one).filter((m) => m.includes('worker_threads'))).toEqual([]);
    // The same probes see them in a run that goes parallel.
    const forced = ['--jobs', '2', '.'];
    expect(modules(forced, { FLOWGUARD_PARALLEL_MIN_BYTES: '0' }).some((m) => m.includes('/dist/src/engine/parallel/pool.js'))).toBe(true);
    expect(builtins(forced, { FLOWGUARD_PARALLEL_MIN_BYTES: '0' })).toContain('load: worker_threads');
  });
});
