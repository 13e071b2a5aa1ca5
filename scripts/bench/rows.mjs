// The rows of the benchmark table: how each is measured and judged against its targets.
import { Buffer } from 'node:buffer';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, pairedRatioSpread, runNode, startUpSettingsSet, together } from './measure.mjs';
import { topSelfTime } from './profile.mjs';

const here = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const BASELINE = here('baseline-child.mjs');
const VERIFY = here('verify-child.mjs');
const TRACE = here('trace-modules.mjs');
/** A single run slower than this gets SLOW_RUNS timed runs instead of --runs (unless --runs is given). */
export const SLOW_RUN_MS = 4000;
export const SLOW_RUNS = 3;
export const MB = 1024 * 1024;
export const sum = (files) => files.reduce((total, f) => total + f.bytes, 0);

/** Lints once through the library (untimed): what was linted, and whether the format produced findings. */
function verify(product, paths, cwd, scratch) {
  const run = runNode([VERIFY, product.dist, ...paths], { cwd, scratch });
  try {
    return { ...JSON.parse(run.stdout.trim().split('\n').pop()), ms: run.ms };
  } catch {
    return { error: (run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ') || `exit ${run.status}` };
  }
}

const cliArgs = (product, paths) => [product.cli, '--format', 'json', '--output', '/dev/null', ...paths];

function okFlowguard(run) {
  return (run.status === 0 || run.status === 1 || run.status === 2) && !/internal error/.test(run.stderr);
}

function okBaseline(run) {
  if (run.status !== 0) return false;
  try {
    return JSON.parse(run.stdout.trim()).failures === 0;
  } catch {
    return false;
  }
}

function describeFailure(run) {
  if (!run) return undefined;
  const text = (run.stderr || run.stdout || '').trim().split('\n').filter(Boolean).slice(-2).join(' ');
  return `exit ${run.status ?? run.signal}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

function memoryTarget(bytes, rssMB) {
  const limit = (4 * bytes) / MB + 150;
  return { name: 'RSS', text: `RSS ≤ ${limit.toFixed(0)} MB`, ok: rssMB <= limit };
}

/**
 * A format row: baseline vs flowguard on one input, with the ratio, throughput and memory targets.
 * With `companion` (the same kind of input at another size, for a scaling row), both inputs are
 * measured in one interleaved series, so that machine load falls on both alike; returns both rows.
 */
export function formatRows(spec, context, companion) {
  const { cwd, scratch } = context;
  const specs = companion ? [spec, { ...spec, ...companion }] : [spec];
  // The untimed verification run also warms the page cache and the disk cache of the modules.
  const checks = specs.map((s) => verify(context.product, s.paths, cwd, scratch));
  // Keep the whole benchmark within minutes: inputs whose single run takes seconds get fewer runs.
  const slow = checks.some((c) => c.ms > SLOW_RUN_MS);
  const runs = slow && !context.runsGiven ? Math.min(context.runs, SLOW_RUNS) : context.runs;
  const commands = specs.flatMap((s) => [[BASELINE, context.product.dist, ...s.paths], cliArgs(context.product, s.paths)]);
  const results = measure(commands, { runs, cwd, scratch, warmup: false, accept: (run, i) => (i % 2 === 0 ? okBaseline(run) : okFlowguard(run)) });
  return specs.map((s, i) => {
    const row = toRow(s, checks[i], results[2 * i], results[2 * i + 1], context);
    if (runs !== context.runs) row.notes.unshift(`${runs} runs`);
    return row;
  });
}

function toRow({ key, input, files, paths, mbpsTarget, supported }, check, baseline, full, { startupMs }) {
  const bytes = sum(files);
  const sizeMB = bytes / MB;
  const row = {
    key,
    input,
    bytes,
    sizeMB,
    baselineMs: baseline.ms,
    fullMs: full.ms,
    baselineCpuMs: baseline.cpuMs,
    fullCpuMs: full.cpuMs,
    ratio: full.ms / baseline.ms,
    mbps: sizeMB / (full.ms / 1000),
    rssMB: full.rssMB,
    baselineRssMB: baseline.rssMB,
    paths,
    targets: [],
    notes: [],
    status: 'ok',
  };
  row.targets.push({ name: 'ratio', text: 'ratio ≤ 1.5', ok: row.ratio <= 1.5 });
  row.targets.push({ name: 'MB/s', text: `≥ ${mbpsTarget.toFixed(mbpsTarget < 10 ? 1 : 0)} MB/s`, ok: row.mbps >= mbpsTarget });
  row.targets.push(memoryTarget(bytes, row.rssMB));
  const spread = pairedRatioSpread(full.samples, baseline.samples);
  if (spread) row.notes.push(`ratio per round ${spread.low.toFixed(2)}–${spread.high.toFixed(2)}× (middle half of ${spread.rounds})`);
  if (Number.isFinite(startupMs) && full.ms > startupMs) row.notes.push(`net of start-up ${(sizeMB / ((full.ms - startupMs) / 1000)).toFixed(1)} MB/s`);
  row.notes.push(`baseline RSS ${baseline.rssMB.toFixed(0)} MB`);
  if (check.error) {
    row.status = 'error';
    row.notes.push(`verification failed: ${check.error}`);
  } else {
    if (!supported(check)) {
      row.status = 'unsupported';
      row.notes.push(`not yet supported: ${check.files} file(s) linted, none of its findings from this format`);
    } else row.notes.push(`${check.files} file${check.files === 1 ? '' : 's'} linted, ${check.findings} findings`);
    if (check.byRule?.['parse-error']) row.notes.push(`${check.byRule['parse-error']} parse errors (${check.firstParseError})`);
  }
  if (baseline.failure) {
    row.status = 'error';
    row.notes.push(`baseline failed: ${describeFailure(baseline.failure)}`);
  }
  if (full.failure) {
    row.status = 'error';
    row.notes.push(`flowguard failed: ${describeFailure(full.failure)}`);
  } else if (full.last?.status === 2 && row.status === 'ok') {
    row.notes.push(`flowguard exit 2: ${describeFailure(full.last)}`);
  }
  return row;
}

/** Modules a one-template run loads, and those it should not need. */
function traceModules(product, paths, cwd, scratch) {
  const traceFile = join(scratch, 'modules.txt');
  rmSync(traceFile, { force: true });
  runNode(['--import', TRACE, ...cliArgs(product, paths)], { cwd, scratch, env: { FLOWGUARD_BENCH_TRACE: traceFile } });
  if (!existsSync(traceFile)) return { count: NaN, own: NaN, files: NaN, packages: [], unneeded: [] };
  const files = [...new Set(readFileSync(traceFile, 'utf8').split('\n').filter((u) => u.startsWith('file:')))].filter((u) => !u.includes('/scripts/bench/'));
  const chunks = files.filter((u) => u.includes('/dist/cli/'));
  // The bundled CLI loads chunks: judge what it loaded by the sources each chunk holds.
  const meta = chunks.length ? JSON.parse(readFileSync(join(product.dist, 'cli', 'meta.json'), 'utf8')) : {};
  const urls = [...new Set(files.flatMap((u) => (u.includes('/dist/cli/') ? (meta[u.slice(u.lastIndexOf('/') + 1)] ?? [u]).map((source) => `file:///${source}`) : [u])))];
  const packages = new Set();
  for (const url of urls) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m) packages.add(m[1]);
  }
  const own = urls.filter((u) => u.includes('/dist/'));
  const yamlInput = paths.every((p) => /\.ya?ml$/.test(p));
  const unneeded = [];
  const flag = (test, label) => {
    const hits = urls.filter(test);
    if (hits.length) unneeded.push(`${label} (${hits.length})`);
  };
  if (yamlInput) flag((u) => /\/dist\/src\/parse\/json(-errors)?\.js$|\/jsonc-parser\//.test(u), 'JSON parser');
  else flag((u) => /\/dist\/src\/parse\/yaml|\/dist\/src\/vendor\/js-yaml\.js$|\/js-yaml\//.test(u), 'YAML parser');
  flag((u) => /\/dist\/src\/parse\/hcl\//.test(u), 'HCL parser');
  flag((u) => /\/dist\/src\/graph\/terraform/.test(u), 'Terraform graph');
  flag((u) => /cloudformation-diff/.test(u), 'cloudformation-diff');
  flag((u) => /\/eslint|typescript-eslint/.test(u), 'ESLint');
  flag((u) => /sarif.*schema|schema.*sarif|\/ajv\//i.test(u), 'SARIF schema / validator');
  flag((u) => /\/dist\/src\/report\/(sarif|compact|github|help)\.js$/.test(u), 'unused report formats');
  return { count: urls.length, own: own.length, files: files.length, packages: [...packages].sort(), unneeded };
}

export function smallRow(file, context) {
  const { cwd, scratch, runs } = context;
  const [bare, full] = measure([['-e', '0'], cliArgs(context.product, [file.path])], { runs: Math.max(runs * 2, 6), cwd, scratch, accept: (run, i) => (i === 0 ? run.status === 0 : okFlowguard(run)) });
  const modules = traceModules(context.product, [file.path], cwd, scratch);
  const row = {
    key: 'small',
    input: `one small template (${(file.bytes / 1024).toFixed(1)} KB YAML) vs \`node -e 0\``,
    bytes: file.bytes,
    sizeMB: file.bytes / MB,
    baselineMs: bare.ms,
    fullMs: full.ms,
    baselineCpuMs: bare.cpuMs,
    fullCpuMs: full.cpuMs,
    ratio: full.ms / bare.ms,
    mbps: file.bytes / MB / (full.ms / 1000),
    rssMB: full.rssMB,
    paths: [file.path],
    targets: [],
    notes: [],
    status: full.failure ? 'error' : 'ok',
  };
  row.targets.push({ name: 'start-up', text: '≤ 2× node -e 0', ok: row.ratio <= 2 });
  row.targets.push(memoryTarget(file.bytes, row.rssMB));
  row.notes.push(`node -e 0 RSS ${bare.rssMB.toFixed(0)} MB`);
  row.notes.push(`loads ${modules.files} files holding ${modules.count} modules (${modules.own} flowguard; packages: ${modules.packages.join(', ') || 'none'})`);
  row.notes.push(modules.unneeded.length ? `not needed: ${modules.unneeded.join(', ')}` : 'nothing unneeded loaded');
  if (full.failure) row.notes.push(`flowguard failed: ${describeFailure(full.failure)}`);
  const settings = startUpSettingsSet();
  if (settings.length > 0) {
    // What a user of this machine's environment sees: the same constant on both sides.
    const [bareSet, fullSet] = measure([['-e', '0'], cliArgs(context.product, [file.path])], { runs: Math.max(runs * 2, 6), cwd, scratch, keepStartUpSettings: true });
    row.notes.push(`with ${settings.join(', ')} as this environment sets it (the other rows run without): node -e 0 ${bareSet.ms.toFixed(0)} ms, flowguard ${fullSet.ms.toFixed(0)} ms, ${(fullSet.ms / bareSet.ms).toFixed(2)}×`);
  }
  return { row, startupMs: bare.ms };
}

/** 1× vs N×: flowguard time at N× the input over the time at 1×; at most 1.1 N. */
export function scalingRow({ input, one, many, factor, context }) {
  const { startupMs } = context;
  const ratio = many.fullMs / one.fullMs;
  const net = (many.fullMs - startupMs) / (one.fullMs - startupMs);
  const parse = many.baselineMs / one.baselineMs;
  const cpu = many.fullCpuMs / one.fullCpuMs;
  const parseCpu = many.baselineCpuMs / one.baselineCpuMs;
  const parseNet = (many.baselineMs - startupMs) / (one.baselineMs - startupMs);
  const limit = 1.1 * factor;
  const row = {
    key: `scaling-${one.key}`,
    input,
    bytes: many.bytes,
    sizeMB: many.sizeMB,
    sizeText: `${one.sizeMB.toFixed(2)} → ${many.sizeMB.toFixed(2)}`,
    baselineMs: one.fullMs,
    fullMs: many.fullMs,
    baselineCpuMs: one.fullCpuMs,
    fullCpuMs: many.fullCpuMs,
    baselineText: `1×: ${one.fullMs.toFixed(0)}`,
    fullText: `${factor}×: ${many.fullMs.toFixed(0)}`,
    ratio,
    mbps: many.mbps,
    rssMB: many.rssMB,
    targets: [{ name: 'linear', text: `≤ ${limit.toFixed(1)}×`, ok: ratio <= limit }, memoryTarget(many.bytes, many.rssMB)],
    notes: [`net of start-up ${net.toFixed(2)}×${net > limit ? ' (over the limit)' : ''}`, `parse-only ${parse.toFixed(2)}× (net ${parseNet.toFixed(2)}×)`, `CPU time ${cpu.toFixed(2)}× (parse-only ${parseCpu.toFixed(2)}×)`, ...many.notes.filter((n) => /failed|not yet/.test(n))],
    status: one.status === 'error' || many.status === 'error' ? 'error' : 'ok',
  };
  return row;
}

export function profileRun(row, context) {
  const dir = join(context.scratch, `profile-${row.key}`);
  mkdirSync(dir, { recursive: true });
  runNode(['--cpu-prof', '--cpu-prof-dir', dir, ...cliArgs(context.product, row.paths)], context);
  return topSelfTime(dir, context.product.root, 10);
}

/**
 * Parallel parsing: the same run with `--jobs 1` and with one thread per core (at least 2), in one
 * interleaved series. The ratio column is the speed-up (`--jobs 1` time ÷ parallel time); the target
 * is the issue's: ≥ 1.6× on 2 cores. One more run of each writes its SARIF, which must be the same bytes.
 *
 * The same series measures the most any parallel design could gain on this machine: the run split
 * in two halves (alternate files, so both have the same mix), each linted by its own `--jobs 1`
 * process, both started at once. Nothing is shared, sent or merged between those two, so their
 * speed-up over one `--jobs 1` run on everything is, in practice, a ceiling for `--jobs`.
 */
export function parallelRow({ input, files, paths }, context) {
  const { cwd, scratch, runs } = context;
  const cores = availableParallelism();
  const jobs = Math.max(2, cores);
  const args = (n, rest = ['--format', 'json', '--output', '/dev/null']) => [context.product.cli, '--jobs', String(n), ...rest, ...paths];
  const half = (parity) => files.filter((_, i) => i % 2 === parity).map((f) => f.path);
  const halves = together(...[0, 1].map((parity) => [context.product.cli, '--jobs', '1', '--format', 'json', '--output', '/dev/null', ...half(parity)]));
  const [one, many, split] = measure([args(1), args(jobs), halves], { runs, cwd, scratch, accept: (run) => okFlowguard(run) });
  const sarif = (n) => {
    const out = join(scratch, `parallel-${n}.sarif`);
    runNode(args(n, ['--format', 'sarif', '--output', out]), { cwd, scratch });
    return existsSync(out) ? readFileSync(out) : Buffer.alloc(0);
  };
  const a = sarif(1);
  const b = sarif(jobs);
  const identical = a.length > 0 && a.equals(b);
  const sizeMB = sum(files) / MB;
  const speedup = one.ms / many.ms;
  const perRound = (a, b) => {
    const spread = pairedRatioSpread(a.samples, b.samples);
    return spread ? ` (per round ${spread.low.toFixed(2)}–${spread.high.toFixed(2)}×, middle half)` : '';
  };
  const row = {
    key: 'parallel',
    input,
    bytes: sum(files),
    sizeMB,
    baselineMs: one.ms,
    fullMs: many.ms,
    baselineCpuMs: one.cpuMs,
    fullCpuMs: many.cpuMs,
    baselineText: `--jobs 1: ${one.ms.toFixed(0)}`,
    fullText: `--jobs ${jobs}: ${many.ms.toFixed(0)}`,
    ratio: speedup,
    mbps: sizeMB / (many.ms / 1000),
    rssMB: many.rssMB,
    targets: [{ name: 'speed-up', text: `≥ 1.6× faster (${cores} core${cores === 1 ? '' : 's'})`, ok: speedup >= 1.6 }, { name: 'same output', text: 'same SARIF bytes', ok: identical }],
    notes: [
      `speed-up ${speedup.toFixed(2)}×${perRound(one, many)} (ratio column: --jobs 1 ÷ --jobs ${jobs})`,
      `ceiling: two --jobs 1 processes at once on half the files each took ${split.ms.toFixed(0)} ms, ${(one.ms / split.ms).toFixed(2)}×${perRound(one, split)} faster than one on all: the whole run split perfectly in two, with nothing to send or merge, gains only this much here`,
      `--jobs 1 RSS ${one.rssMB.toFixed(0)} MB`,
      identical ? 'SARIF identical' : 'SARIF differs',
      ...(cores < 2 ? ['one core: the threads share it'] : []),
    ],
    status: one.failure || many.failure ? 'error' : 'ok',
  };
  if (one.failure) row.notes.push(`--jobs 1 failed: ${describeFailure(one.failure)}`);
  if (many.failure) row.notes.push(`--jobs ${jobs} failed: ${describeFailure(many.failure)}`);
  if (split.failure) row.notes.push(`ceiling run failed: ${describeFailure(split.failure)}`);
  return row;
}

