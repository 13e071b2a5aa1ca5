/**
 * The bundled CLI compiles its chunks with the V8 code cache the build made (scripts/bundle.mjs,
 * scripts/bundle/chunk-loader.cjs). These tests run the built bundle: the cache must be there for what
 * a lint run uses, this Node must accept it, and a chunk changed after the build must never run the
 * stale bytecode of its cache.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledSources } from '../helpers/bundle.js';
import { BUILD_TIMEOUT_MS, CLI, ensureBuilt, FIXTURES, REPO, removeDir, SPAWN_TIMEOUT_MS, tempDir } from '../cli/helpers.js';

/** Preload: reports, for every script compiled with cached data, whether V8 accepted it. */
const REPORT_CACHE_USE =
  'data:text/javascript,' +
  encodeURIComponent(
    'import vm from "node:vm"; import { writeSync } from "node:fs"; const Script = vm.Script; ' +
      'vm.Script = class extends Script { constructor(code, options) { super(code, options); ' +
      'if (options?.filename?.includes("/dist/cli/")) writeSync(2, "compiled: " + options.filename.slice(options.filename.lastIndexOf("/") + 1) + " " + (options.cachedData === undefined ? "without-cache" : this.cachedDataRejected ? "rejected" : "accepted") + "\\n"); } };',
  );

/**
 * Preload: lists on stderr the Node modules the run loaded after the chunk loader set its V8 flag
 * (`--interrupt-budget`): V8 refuses Node's own code cache for those, and they compile from source.
 */
const REPORT_LOADS_AFTER_FLAG =
  'data:text/javascript,' +
  encodeURIComponent(
    'import v8 from "node:v8"; import { writeSync } from "node:fs"; const set = v8.setFlagsFromString; let from; ' +
      'v8.setFlagsFromString = function (flags) { from ??= process.moduleLoadList.length; return set.call(this, flags); }; ' +
      'process.on("exit", () => { for (const m of process.moduleLoadList.slice(from ?? Infinity)) if (m.startsWith("NativeModule ")) writeSync(2, "after flag: " + m.slice(13) + "\\n"); });',
  );

const scratch: string[] = [];
afterAll(() => scratch.forEach(removeDir));

function lint(cli: string, preload: string[] = []) {
  const run = spawnSync(process.execPath, [...preload, cli, '--format', 'text', '.'], { cwd: join(FIXTURES, 'findings'), encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } });
  expect(run.error).toBeUndefined();
  expect(run.status, run.stderr).toBe(1);
  return run;
}

describe('the code cache of the bundled CLI', () => {
  beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

  it('is accepted by this Node for every chunk of a lint run, the YAML parser and the rules among them', () => {
    // The build made the cache by linting examples/ (scripts/bundle.mjs); this run lints a fixture folder.
    const run = lint(CLI, ['--import', REPORT_CACHE_USE]);
    const compiled = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('compiled: '))
      .map((line) => line.slice('compiled: '.length).split(' ') as [string, string]);
    expect(compiled.length).toBeGreaterThan(5);
    expect(compiled.filter(([, use]) => use !== 'accepted')).toEqual([]);
    const sources = bundledSources(compiled.map(([chunk]) => `file:///x/dist/cli/${chunk}`));
    expect(sources).toContain('/dist/src/parse/yaml.js');
    expect(sources).toContain('/dist/rules/vpc-flow-logs.js');
  });

  it.runIf(process.versions.node.startsWith('20.'))('is not lost for the Node modules a clean run uses, though the loader sets a V8 flag', () => {
    // Node 20 only: the loader sets --interrupt-budget there (chunk-loader.cjs), and V8 accepts a code
    // cache only under the flags it was made with. The CLI loads the Node modules every run uses first
    // (scripts/bundle.mjs); before it did, net, the stdio streams, parseArgs, node:module and node:os
    // compiled from source on every run. stdout and stderr are pipes here, as in CI and the benchmark.
    for (const format of ['text', 'sarif']) {
      const run = spawnSync(process.execPath, ['--import', REPORT_LOADS_AFTER_FLAG, CLI, '--format', format, '.'], { cwd: join(FIXTURES, 'clean'), encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr.split('\n').filter((line) => line.startsWith('after flag: '))).toEqual([]);
    }
  });

  it('is ignored for a chunk edited after the build, even when the edit keeps its length', () => {
    // A copy of the package layout (dist/cli beside package.json), with the text reporter's summary word
    // changed: `✖ 3 problems` becomes `✖ 3 PROBLEMs`. Stale bytecode would still print the old word.
    const root = tempDir('flowguard-cache-');
    scratch.push(root);
    cpSync(join(REPO, 'dist/cli'), join(root, 'dist/cli'), { recursive: true });
    cpSync(join(REPO, 'package.json'), join(root, 'package.json'));
    const meta = JSON.parse(readFileSync(join(root, 'dist/cli/meta.json'), 'utf8')) as Record<string, string[]>;
    const reporter = Object.keys(meta).find((chunk) => meta[chunk]!.includes('dist/src/report/text.js'));
    expect(reporter).toBeDefined();
    expect(readdirSync(join(root, 'dist/cli/code-cache'))).toContain(`${reporter}.cache`);
    const file = join(root, 'dist/cli', reporter!);
    const before = readFileSync(file, 'utf8');
    const after = before.replace('"problem")', '"PROBLEM")');
    expect(after.length).toBe(before.length);
    writeFileSync(file, after);

    const run = lint(join(root, 'dist/cli/cli.js'), ['--import', REPORT_CACHE_USE]);
    expect(run.stdout).toMatch(/\d+ PROBLEMs/);
    expect(run.stderr).toContain(`compiled: ${reporter} without-cache`);
    // The files left as they were still use theirs: the one holding the CLI's entry, say.
    const entry = Object.keys(meta).find((file) => meta[file]!.includes('dist/src/cli.js'));
    expect(entry).toBeDefined();
    expect(entry).not.toBe(reporter);
    expect(run.stderr).toContain(`compiled: ${entry} accepted`);
  });

  it('gives each chunk its own file URL, in a folder whose path a URL escapes', () => {
    // The loader appends the chunk's name to the folder's URL (chunk-loader.cjs). The chunks find the
    // package's version (package.json) and the rule pages (rules/, in the SARIF run) from that URL: a
    // wrong one prints version 0.0.0 and leaves the pages out.
    const parent = tempDir('flowguard-url-');
    scratch.push(parent);
    const root = join(parent, 'a #b %c');
    cpSync(join(REPO, 'dist/cli'), join(root, 'dist/cli'), { recursive: true });
    cpSync(join(REPO, 'package.json'), join(root, 'package.json'));
    cpSync(join(REPO, 'rules'), join(root, 'rules'), { recursive: true });
    const run = (cli: string, args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: join(FIXTURES, 'findings'), encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } });
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    expect(run(join(root, 'dist/cli/cli.js'), ['--version']).stdout.trim()).toBe(version);
    const sarif = run(join(root, 'dist/cli/cli.js'), ['--format', 'sarif', '.']);
    expect(sarif.status, sarif.stderr).toBe(1);
    expect(sarif.stdout).toBe(run(CLI, ['--format', 'sarif', '.']).stdout);
  });
});
