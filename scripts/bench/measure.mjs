// Timing and memory of child processes. Every measurement is a fresh `node` process, so module loading
// and start-up count, and peak RSS belongs to that run alone.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TIME = '/usr/bin/time';
const RUN_TIMEOUT_MS = 120_000;
const RSS_PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));

/** Whether GNU time is usable (it reports the child's peak RSS); otherwise the child reports its own. */
export const hasGnuTime = (() => {
  if (!existsSync(TIME)) return false;
  const probe = spawnSync(TIME, ['-f', '%M', process.execPath, '-e', '0'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr);
})();

/**
 * Several `node` commands started at once, as one command of `measure` (its time is until the last
 * one exits). Needs a POSIX shell; the arguments are quoted for it.
 */
export function together(...commands) {
  return { shell: `${commands.map((args) => [process.execPath, ...args].map(quote).join(' ')).join(' & ')} & wait` };
}

const quote = (word) => `'${String(word).replaceAll("'", `'\\''`)}'`;

/**
 * Settings of the environment that cost every `node` process the same time at start-up, before any
 * JavaScript runs, and are not flowguard's: Node 20 reads the whole bundle `NODE_EXTRA_CA_CERTS` names
 * (about 40 ms of CPU where it names the system's 140 certificates). Children run without them, so a
 * ratio compares the work of flowguard and of the baseline, not a constant both pay; the start-up row
 * measures them as set too, and says so in its notes.
 */
export const START_UP_SETTINGS = ['NODE_EXTRA_CA_CERTS'];

/** Those of `START_UP_SETTINGS` this environment sets. */
export const startUpSettingsSet = () => START_UP_SETTINGS.filter((name) => process.env[name] !== undefined && process.env[name] !== '');

/**
 * Runs `node <args>` once (or, for a `together(…)` command, its processes at once). Wall time is taken
 * around the spawn in this process (start-up included); peak RSS and CPU time (user + system, all
 * threads and child processes; 10 ms resolution) come from GNU time, or from the child itself when GNU
 * time is missing (not for `together`: its RSS and CPU are then NaN).
 */
export function runNode(args, { cwd, scratch, env = {}, keepStartUpSettings = false }) {
  const rssFile = join(scratch, 'rss.txt');
  rmSync(rssFile, { force: true });
  const childEnv = { ...process.env, NO_COLOR: '1', ...env };
  if (!keepStartUpSettings) for (const name of START_UP_SETTINGS) delete childEnv[name];
  const [executable, ...execArgs] = Array.isArray(args) ? [process.execPath, ...args] : ['/bin/sh', '-c', args.shell];
  let command = executable;
  let argv = execArgs;
  if (hasGnuTime) {
    command = TIME;
    argv = ['-f', '%M %U %S', '-o', rssFile, executable, ...execArgs];
  } else if (Array.isArray(args)) {
    argv = ['--import', RSS_PROBE, ...args];
    childEnv['FLOWGUARD_BENCH_RSS'] = rssFile;
  }
  const start = process.hrtime.bigint();
  // A run that hangs is a failed run (signal SIGKILL), not a hung benchmark.
  const child = spawnSync(command, argv, { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'], timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // "<peak RSS KiB> <user s> <system s>" on the last line (GNU time may print a status line before it).
  let usage = [];
  try {
    usage = (/(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(rssFile, 'utf8')) ?? []).slice(1).map(Number);
  } catch {
    // the child died before reporting: leave NaN, the caller reports the failed run
  }
  const [rssKiB = NaN, user = NaN, system = NaN] = usage;
  return { ms, rssMB: rssKiB / 1024, cpuMs: (user + system) * 1000, status: child.status, signal: child.signal, stdout: child.stdout ?? '', stderr: child.stderr ?? '', error: child.error };
}

/**
 * The middle half of the ratios `numerator[i] ÷ denominator[i]` of runs made in the same round of an
 * interleaved series: how much a ratio moves with the machine's noise. Undefined with fewer than 4 rounds.
 */
export function pairedRatioSpread(numerator, denominator) {
  const ratios = numerator.map((n, i) => n / denominator[i]).filter((r) => Number.isFinite(r)).sort((a, b) => a - b);
  if (ratios.length < 4) return undefined;
  const at = (q) => ratios[Math.min(ratios.length - 1, Math.floor(q * (ratios.length - 1) + 0.5))];
  return { low: at(0.25), high: at(0.75), rounds: ratios.length };
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measures several commands on the same input, interleaved (A B A B …) after one untimed warm-up each
 * (unless the caller has warmed up already),
 * so that load from other processes on the machine falls on all of them alike. Returns, per command,
 * the median wall time, the median peak RSS, every sample, and the first failed run if any.
 */
export function measure(commands, { runs, cwd, scratch, warmup = true, accept = () => true, keepStartUpSettings = false }) {
  const samples = commands.map(() => ({ ms: [], rss: [], cpu: [], failure: undefined, last: undefined }));
  for (let round = warmup ? -1 : 0; round < runs; round++) {
    commands.forEach((args, i) => {
      const run = runNode(args, { cwd, scratch, keepStartUpSettings });
      const s = samples[i];
      s.last = run;
      if (!accept(run, i)) s.failure ??= run;
      if (round >= 0) {
        s.ms.push(run.ms);
        s.rss.push(run.rssMB);
        s.cpu.push(run.cpuMs);
      }
    });
  }
  return samples.map((s) => ({ ms: median(s.ms), rssMB: median(s.rss), cpuMs: median(s.cpu), samples: s.ms, failure: s.failure, last: s.last }));
}
