/**
 * The bundled CLI loads chunks that the build's sample runs always loaded together as one file, a
 * pack (scripts/bundle/packs.mjs). These tests run the built bundle on inputs of each kind and check
 * that packing did what it is for: far fewer files than chunks, and no pack holding a chunk the run did
 * not use (which would load code a run does not need, a parser of an absent format among it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, FIXTURES, REPO, removeDir, SPAWN_TIMEOUT_MS, tempDir, writeTree } from '../cli/helpers.js';

const LOADER = join(REPO, 'dist/cli/chunk-loader.js');
const CLI = join(REPO, 'dist/cli/cli.js');

/**
 * Preload: the same loader instance the CLI requires (Node's module cache), asked at exit which
 * chunks ran and which pack holds each; and every file of dist/cli/ read, as the loader reads them.
 */
const REPORT = [
  "const fs = require('node:fs');",
  'const read = fs.readFileSync;',
  'const files = [];',
  "fs.readFileSync = function (path, ...rest) { if (typeof path === 'string' && /[\\\\/]dist[\\\\/]cli[\\\\/][^\\\\/]+\\.js$/.test(path)) files.push(path.slice(path.lastIndexOf('/') + 1)); return read.call(this, path, ...rest); };",
  `const loader = require(${JSON.stringify(LOADER)});`,
  "process.on('exit', () => fs.writeSync(2, '\\nPACKS ' + JSON.stringify({ files, ran: loader.loadedChunks(), packOf: loader.packOf() }) + '\\n'));",
].join('\n');

interface Loads {
  /** Files of dist/cli/ read (chunks and packs; not their code caches). */
  files: string[];
  /** Chunks that ran. */
  ran: string[];
  packOf: Record<string, string>;
}

const scratch: string[] = [];
afterAll(() => scratch.forEach(removeDir));

function loads(args: string[], cwd: string): Loads {
  const preload = join(tempDir('flowguard-packs-preload-'), 'report.cjs');
  scratch.push(join(preload, '..'));
  writeTree(join(preload, '..'), { 'report.cjs': REPORT });
  const run = spawnSync(process.execPath, ['--require', preload, CLI, ...args], { cwd, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
  expect(run.error).toBeUndefined();
  expect(run.status, run.stderr).toBeLessThan(2);
  const line = run.stderr.split('\n').find((l) => l.startsWith('PACKS '));
  expect(line).toBeDefined();
  return JSON.parse(line!.slice('PACKS '.length)) as Loads;
}

function packsOf(result: Loads): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const [chunk, pack] of Object.entries(result.packOf)) members.set(pack, [...(members.get(pack) ?? []), chunk]);
  return members;
}

describe('packs of the bundled CLI', () => {
  let plan: string;
  beforeAll(() => {
    ensureBuilt();
    plan = tempDir('flowguard-packs-plan-');
    scratch.push(plan);
    writeTree(plan, { 'tfplan.json': readFileSync(join(REPO, 'fixtures/graph/terraform-plan/flow-logs.json'), 'utf8') });
  }, BUILD_TIMEOUT_MS);

  const runs: [string, string[], () => string][] = [
    ['CloudFormation YAML, JSON report to a file', ['--format', 'json', '--output', '/dev/null', 'infra/network.yaml'], () => join(FIXTURES, 'findings')],
    ['CloudFormation, SARIF on stdout', ['--format', 'sarif', '.'], () => join(FIXTURES, 'findings')],
    ['Terraform source, text', ['--format', 'text', '.'], () => join(REPO, 'examples/terraform')],
    ['a Terraform plan, compact', ['--format', 'compact', '.'], () => plan],
  ];

  it.each(runs)('hold only chunks the run uses: %s', (_name, args, cwd) => {
    const result = loads(args, cwd());
    const ran = new Set(result.ran);
    const members = packsOf(result);
    const packsRead = result.files.filter((file) => members.has(file));
    expect(packsRead.length).toBeGreaterThan(0);
    for (const pack of packsRead) expect(members.get(pack)!.filter((chunk) => !ran.has(chunk))).toEqual([]);
    // Every chunk that ran came from a file read: its pack's, or its own.
    for (const chunk of result.ran) expect(result.files).toContain(result.packOf[chunk] ?? chunk);
  });

  it('make a one-template run read a handful of files for the dozens of chunks it runs', () => {
    const result = loads(['--format', 'json', '--output', '/dev/null', 'infra/network.yaml'], join(FIXTURES, 'findings'));
    expect(result.ran.length).toBeGreaterThan(40);
    expect(result.files.length).toBeLessThanOrEqual(12);
  });
});
