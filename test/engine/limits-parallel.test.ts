/**
 * The per-file time budget applies in the parsing worker threads too: the limits travel to them with
 * the candidates (`WorkerData.limits`), and each worker's parsers start their own deadline. A budget of
 * 0 s runs out at the first reading of the clock (after `deadlineClock.every` units of work) whatever
 * the machine's speed, so a file that large fails and a small one does not, deterministically.
 * The built worker is used (vitest runs the sources, where no worker entry exists).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deadlineClock } from '../../src/core/deadline.js';
import { lint } from '../../src/engine/lint.js';
import { internals } from '../../src/engine/parallel/pool.js';
import { ensureBuilt } from '../cli/helpers.js';

const REPO = resolve(import.meta.dirname, '../..');
const BUILT_WORKER = pathToFileURL(resolve(REPO, 'dist/src/engine/parallel/worker.js'));
const DEFAULTS = { ...internals };
let root: string;

beforeAll(() => {
  ensureBuilt();
  if (!existsSync(BUILT_WORKER)) throw new Error(`${BUILT_WORKER.pathname} is missing: run npm run build`);
  root = mkdtempSync(join(tmpdir(), 'flowguard-budget-parallel-'));
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
  // Far more YAML events than one reading's worth of ticks.
  for (let i = 0; i < 4 * deadlineClock.every; i++) lines.push(`  Group${i}:`, '    Type: AWS::Logs::LogGroup', '    Properties:', '      RetentionInDays: 400');
  writeFileSync(join(root, 'big.yaml'), `${lines.join('\n')}\n`);
  writeFileSync(join(root, 'small.yaml'), "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Lonely:\n    Type: AWS::EC2::VPC\n");
  process.env['FLOWGUARD_PARALLEL_MIN_BYTES'] = '0';
  internals.workerUrl = BUILT_WORKER;
  // Every file is parsed in a worker: the main thread only takes what they fail to deliver.
  internals.mainThreadParses = false;
}, 180_000);

afterAll(() => {
  delete process.env['FLOWGUARD_PARALLEL_MIN_BYTES'];
  Object.assign(internals, DEFAULTS);
  rmSync(root, { recursive: true, force: true });
});

it('a file over budget in a worker is a parse-error naming the limit; the other files are linted', async () => {
  const result = await lint(['.'], { cwd: root, jobs: 2, limits: { fileTimeBudget: 0 } });
  expect(internals.last).toEqual({ files: 2, threads: 2, fromWorkers: 2 });
  expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([
    expect.objectContaining({ file: 'big.yaml', level: 'error', message: 'parsing took longer than the per-file time budget of 0 s (raise it with --file-time-budget)' }),
  ]);
  expect(result.findings.filter((f) => f.file === 'small.yaml').map((f) => `${f.ruleId}@${f.resourceId}`)).toEqual(['vpc-flow-logs@Lonely']);
}, 60_000);
