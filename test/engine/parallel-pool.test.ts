/**
 * The parallel driver in-process: `lint()` with worker threads gives the result `--jobs 1` gives, and
 * a worker that throws, exits, hangs or posts nonsense costs nothing but time. Vitest runs the
 * TypeScript sources, where no worker entry exists (`.ts` cannot be a worker here): the tests point
 * the driver at the built worker in `dist/` (the same protocol: plain data only crosses), or at small
 * faulty workers written for the test.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import type { LintOptions } from '../../src/engine/options.js';
import { internals } from '../../src/engine/parallel/pool.js';
import { formatReport } from '../../src/report/index.js';
import { ensureBuilt, positionOf } from '../cli/helpers.js';
import { treeFiles, writeTree } from './parallel-tree.js';

const REPO = resolve(import.meta.dirname, '../..');
const BUILT_WORKER = pathToFileURL(resolve(REPO, 'dist/src/engine/parallel/worker.js'));
const DEFAULTS = { ...internals };
let root: string;

/** The run's result and its SARIF and text reports: what must not depend on the number of threads. */
async function outputs(options: LintOptions, cwd = root, paths = ['.']): Promise<{ result: string; sarif: string; text: string }> {
  const result = await lint(paths, { cwd, ...options });
  const report = (format: 'sarif' | 'text') => formatReport(format, result, { color: false, toolVersion: '0.0.0', cwd, root: cwd });
  return { result: JSON.stringify(result), sarif: await report('sarif'), text: await report('text') };
}

/** `line:column` where a finding of `ruleId` in `file` starts. */
function findingAt(result: LintResult, ruleId: string, file: string): string {
  const finding = result.findings.find((f) => f.ruleId === ruleId && f.file === file);
  if (!finding) throw new Error(`no ${ruleId} finding in ${file}`);
  return `${finding.region.startLine}:${finding.region.startColumn}`;
}

/** A worker that speaks just enough of the protocol (src/engine/parallel/protocol.ts) to misbehave. */
function faultyWorker(name: string, body: string): URL {
  const path = join(root, `.workers/${name}.mjs`);
  writeFileSync(
    path,
    `import { workerData } from 'node:worker_threads';
const { id, port, candidates } = workerData;
const control = new Int32Array(workerData.control);
const owners = new Int32Array(workerData.owners);
const post = (message) => { port.postMessage(message); Atomics.add(control, 1, 1); Atomics.notify(control, 1); };
const claim = () => { const index = Atomics.add(control, 0, 1); if (index < candidates.length) Atomics.store(owners, index, id); return index; };
${body}
`,
  );
  return pathToFileURL(path);
}

beforeAll(() => {
  ensureBuilt();
  if (!existsSync(BUILT_WORKER)) throw new Error(`${BUILT_WORKER.pathname} is missing: run npm run build`);
  root = mkdtempSync(join(tmpdir(), 'flowguard-parallel-'));
  writeTree(root, treeFiles(120));
  writeTree(root, [{ path: '.workers/.keep', text: '' }]);
  process.env['FLOWGUARD_PARALLEL_MIN_BYTES'] = '0';
}, 180_000);

afterAll(() => {
  delete process.env['FLOWGUARD_PARALLEL_MIN_BYTES'];
  Object.assign(internals, DEFAULTS);
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  Object.assign(internals, DEFAULTS, { workerUrl: BUILT_WORKER, last: undefined });
});

describe('lint() with worker threads', () => {
  let sequential: Awaited<ReturnType<typeof outputs>>;
  beforeAll(async () => {
    sequential = await outputs({ jobs: 1 });
  });

  it('is the sequential run: result, SARIF and text, whoever parses which file', async () => {
    expect(JSON.parse(sequential.result).findings.length).toBeGreaterThan(100);
    expect(JSON.parse(sequential.result).findings.filter((f: { ruleId: string }) => f.ruleId === 'parse-error').length).toBeGreaterThan(5);
    for (const jobs of [2, 3]) {
      expect(await outputs({ jobs })).toEqual(sequential);
      expect(internals.last).toMatchObject({ threads: jobs });
    }
    internals.mainThreadParses = false; // every file through a worker and back
    expect(await outputs({ jobs: 2 })).toEqual(sequential);
    expect(internals.last).toMatchObject({ threads: 2, fromWorkers: internals.last!.files });
    expect(internals.last!.files).toBeGreaterThan(100);
  });

  it.each(['fixtures', 'examples'])('is the sequential run over %s, every file parsed in a worker', async (dir) => {
    const one = await outputs({ jobs: 1 }, REPO, [dir]);
    internals.mainThreadParses = false;
    expect(await outputs({ jobs: 2 }, REPO, [dir])).toEqual(one);
    expect(internals.last!.fromWorkers).toBe(internals.last!.files);
  });

  it('locates findings in files parsed by a worker', async () => {
    internals.mainThreadParses = false;
    const result = await lint(['.'], { cwd: root, jobs: 2 });
    expect(internals.last!.fromWorkers).toBe(internals.last!.files);
    const text = (path: string) => readFileSync(join(root, path), 'utf8');
    const yaml = 'stacks/team-00/stack-0012.yaml';
    expect(findingAt(result, 'log-group-retention', yaml)).toBe(positionOf(text(yaml), '14}'));
    expect(findingAt(result, 'role-trust-principal', yaml)).toBe(positionOf(text(yaml), 'vpc-flow-logs.amazonaws.com'));
    const json = 'stacks/team-07/stack-0007.json';
    expect(findingAt(result, 'log-group-retention', json)).toBe(positionOf(text(json), '1,\n'));
    const tf = 'terraform/module-008/main.tf';
    expect(findingAt(result, 'log-group-retention', tf)).toBe(positionOf(text(tf), '90'));
    const broken = 'stacks/team-05/stack-0005.yaml';
    expect(findingAt(result, 'parse-error', broken)).toBe(positionOf(text(broken), '[unclosed')); // the bracket never closed
  });

  it('reports progress per file, up to every file', async () => {
    internals.mainThreadParses = false;
    const calls: [number, number][] = [];
    await lint(['.'], { cwd: root, jobs: 2, onProgress: (done, total) => calls.push([done, total]) });
    const total = internals.last!.files;
    expect(calls[0]).toEqual([0, total]);
    expect(calls.at(-1)).toEqual([total, total]);
    expect(calls.every(([done], i) => i === 0 || done >= calls[i - 1]![0])).toBe(true);
  });

  it('stays on the calling thread for small runs, and with jobs 1', async () => {
    delete process.env['FLOWGUARD_PARALLEL_MIN_BYTES'];
    try {
      await lint(['.'], { cwd: root, jobs: 4 });
      expect(internals.last).toBeUndefined();
    } finally {
      process.env['FLOWGUARD_PARALLEL_MIN_BYTES'] = '0';
    }
    await lint(['.'], { cwd: root, jobs: 1 });
    expect(internals.last).toBeUndefined();
  });

  it('parses in-memory documents in workers too', async () => {
    internals.mainThreadParses = false;
    const documents = treeFiles(40)
      .filter((f) => typeof f.text === 'string')
      .map((f) => ({ path: f.path, text: f.text as string, explicit: false }));
    const one = await lint({ documents }, { cwd: root, jobs: 1 });
    expect(await lint({ documents }, { cwd: root, jobs: 2 })).toEqual(one);
    expect(internals.last!.fromWorkers).toBe(documents.length);
  });

  describe('a worker that fails costs time, never a file', () => {
    const faults: [string, string][] = [
      ['throws while starting', "throw new Error('worker boom');"],
      ['throws after taking a file', "post({ type: 'ready' }); claim(); setTimeout(() => { throw new Error('boom later'); }, 5);"],
      ['exits after taking a file', "post({ type: 'ready' }); claim(); process.exit(3);"],
      ['hangs after taking a file', "post({ type: 'ready' }); claim(); setInterval(() => {}, 1000);"],
      ['never says ready', 'setInterval(() => {}, 1000);'],
      [
        'posts nonsense',
        "post({ type: 'ready' }); post({ type: 'file', index: 1e9, file: { kind: 'none' } }); post({ type: 'file', index: 0, file: { kind: 'bogus' } }); post({ type: 'what' }); for (let i = claim(); i < candidates.length; i = claim()) post({ type: 'file', index: i, file: { kind: 'cloudformation', file: { path: 'x', absolutePath: 'x', text: '{' }, syntax: 'json' } }); post({ type: 'done' });",
      ],
      ['cannot parse any file', "post({ type: 'ready' }); for (let i = claim(); i < candidates.length; i = claim()) post({ type: 'failed', index: i, reason: 'parser bug' }); post({ type: 'done' });"],
    ];

    it.each(faults)('%s', async (name, body) => {
      internals.workerUrl = faultyWorker(name.replace(/\W+/g, '-'), body);
      internals.mainThreadParses = false; // the faulty worker gets the files
      internals.stallMs = 300;
      internals.stallMsPerMB = 0;
      internals.pollMs = 10;
      const started = Date.now();
      expect(await outputs({ jobs: 2 })).toEqual(sequential);
      expect(internals.last!.fromWorkers).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('a worker entry that does not exist', async () => {
      internals.workerUrl = pathToFileURL(join(root, 'no-such-worker.js'));
      expect(await outputs({ jobs: 3 })).toEqual(sequential);
    });

    it('one failing worker among good ones', async () => {
      internals.mainThreadParses = false;
      internals.stallMs = 10_000;
      internals.pollMs = 10;
      const good = BUILT_WORKER;
      const bad = faultyWorker('exits', "post({ type: 'ready' }); claim(); process.exit(1);");
      // Worker 1 is good, worker 2 exits: the URL is read per worker start.
      let started = 0;
      Object.defineProperty(internals, 'workerUrl', { configurable: true, enumerable: true, get: () => (++started % 2 === 1 ? good : bad), set: () => undefined });
      try {
        expect(await outputs({ jobs: 3 })).toEqual(sequential);
        expect(internals.last!.fromWorkers).toBeGreaterThan(0);
      } finally {
        Object.defineProperty(internals, 'workerUrl', { configurable: true, enumerable: true, writable: true, value: BUILT_WORKER });
      }
    });
  });
});
