/**
 * The parallel driver of phases 2 and 3: the main thread and `jobs - 1` worker threads read, decode
 * and parse the candidates, taking them one at a time from a shared counter (protocol.ts). The main
 * thread reads the workers' outcomes synchronously between its own files (`receiveMessageOnPort`), so
 * rebuilding their documents overlaps with the workers' parsing. Outcomes are assembled in the
 * candidates' order with the sequential driver's own `addParsed`: the run's inputs are the same,
 * in the same order, whatever the number of threads.
 *
 * Nothing a worker does can lose a file or hang the run: a worker that fails to start, throws, exits,
 * posts something unreadable or stops making progress is terminated, and the main thread parses every
 * file it has no outcome for, exactly as `--jobs 1` would.
 */
import { statSync } from 'node:fs';
import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Candidate } from '../../discover/walk.js';
import type { InputLimits } from '../options.js';
import { addParsed, completeInputs, emptyInputs, parseFile, type ParsedFile } from '../parse-inputs.js';
import type { EngineModules, LoadedRun, ModuleName, PreparedRun, ReadFile } from '../pipeline.js';
import { readCandidate } from '../read.js';
import { CONTROL_WORDS, NEXT, POSTED, type WorkerData, type WorkerMessage } from './protocol.js';
import { fromTransfer, rebuilderFor, type Rebuilders, type TransferredFile } from './transfer.js';

export interface ParallelOptions {
  /** Threads in all, the main thread included (≥ 2). */
  jobs: number;
  /** Modules loaded so far; the parsers the main thread needs are added to it. */
  modules: Partial<EngineModules>;
  /** The driver's module loader (lint.ts): imports what `names` lists into `into`. */
  load: (names: readonly ModuleName[], into: Partial<EngineModules>) => Promise<unknown>;
  onProgress?: (done: number, total: number) => void;
  /**
   * The first candidates, already read by the main thread (which read them to decide on workers):
   * parsed from these when the main thread claims them, not read again. A worker that claims one
   * reads it itself.
   */
  read?: readonly ReadFile[];
}

/** Tunables, exported for the tests (which run the source with the built worker, and shorten the waits). */
export const internals = {
  /** The worker entry: next to this module, in `dist/` (`.js`). Under vitest (`.ts` sources) it does not exist and every run falls back to the main thread, unless a test points it at the built one. */
  workerUrl: new URL('./worker.js', import.meta.url) as URL | string,
  /** A worker holding a file may stay silent this long, plus `stallMsPerMB` for each megabyte it holds, before it is given up. */
  stallMs: 30_000,
  stallMsPerMB: 4_000,
  /** Longest single sleep while waiting for workers: how often liveness is re-checked. */
  pollMs: 50,
  /** false: the main thread leaves every file to the workers (and parses only what they fail to deliver). */
  mainThreadParses: true,
  /** What the last parallel run did (for the tests). */
  last: undefined as { files: number; threads: number; fromWorkers: number } | undefined,
};

type State = 'starting' | 'ready' | 'done' | 'dead';

interface Helper {
  id: number;
  worker: Worker;
  port: MessagePort;
  state: State;
  /** When the main thread last heard from it (ms, performance.now()). */
  heard: number;
}

export async function loadParallel(run: PreparedRun, options: ParallelOptions): Promise<LoadedRun> {
  return new ParallelLoad(run, options).run();
}

class ParallelLoad {
  private readonly candidates: Candidate[];
  private readonly results: (ParsedFile | undefined)[];
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  private readonly owners: Int32Array;
  private readonly helpers: Helper[] = [];
  private readonly rebuilders: Rebuilders = {};
  private readonly limits: InputLimits;
  private filled = 0;
  /** Files whose outcome came from a worker. */
  private fromWorkers = 0;
  /** `options.read`, each let go once its file has an outcome (a worker's delivery holds its own text). */
  private readonly preRead: (ReadFile | undefined)[];

  constructor(
    private readonly prepared: PreparedRun,
    private readonly options: ParallelOptions,
  ) {
    this.candidates = prepared.walked.candidates;
    this.results = new Array<ParsedFile | undefined>(this.candidates.length);
    this.owners = new Int32Array(new SharedArrayBuffer(Math.max(1, this.candidates.length) * 4));
    this.limits = prepared.limits;
    this.preRead = [...(options.read ?? [])];
  }

  async run(): Promise<LoadedRun> {
    const total = this.candidates.length;
    this.options.onProgress?.(0, total);
    try {
      const workers = Math.min(this.options.jobs - 1, total - 1);
      for (let id = 1; id <= workers; id++) this.start(id);
      // The main thread takes its share like any worker, and reads what the workers posted after each file.
      for (let index = this.claimHere(); index < total; index = this.claimHere()) {
        this.fill(index, await this.parseHere(index));
        await this.drain();
      }
      await this.awaitWorkers();
      await this.drain(); // what a worker posted before it stopped is as good as any
      // Whatever no worker delivered (a failed file, a failed worker) is parsed here, as --jobs 1 would.
      for (let index = 0; index < total; index++) if (this.results[index] === undefined) this.fill(index, await this.parseHere(index));
    } finally {
      this.stopAll();
    }
    const loaded = emptyInputs();
    for (const parsed of this.results) addParsed(loaded, parsed!, this.limits);
    internals.last = { files: total, threads: this.helpers.length + 1, fromWorkers: this.fromWorkers };
    debug(`parsed ${total} files on ${this.helpers.length + 1} threads, ${this.fromWorkers} of them in workers`);
    this.options.onProgress?.(total, total);
    return completeInputs(this.prepared, loaded);
  }

  private start(id: number): void {
    const { port1, port2 } = new MessageChannel();
    const data: WorkerData = { id, root: this.prepared.root, limits: this.limits, candidates: this.candidates, control: this.control.buffer as SharedArrayBuffer, owners: this.owners.buffer as SharedArrayBuffer, port: port2 };
    let worker: Worker;
    try {
      // stdout/stderr are piped and ignored: a worker never writes to the user's terminal.
      worker = new Worker(internals.workerUrl, { workerData: data, transferList: [port2], stdout: true, stderr: true });
    } catch (error) {
      debug(`worker ${id} did not start (${describe(error)})`);
      port1.close();
      return;
    }
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    const helper: Helper = { id, worker, port: port1, state: 'starting', heard: performance.now() };
    worker.on('error', (error) => this.lose(helper, `failed: ${describe(error)}`));
    // Exit code 0: it ran out of files; everything it posted is still read from its port.
    worker.on('exit', (code) => this.lose(helper, `exited with code ${code}`, code !== 0));
    this.helpers.push(helper);
  }

  /** The next candidate for the main thread (none when the tests leave every file to the workers). */
  private claimHere(): number {
    return internals.mainThreadParses ? Atomics.add(this.control, NEXT, 1) : this.candidates.length;
  }

  /** Reads (unless it was read before the pool started), decodes and parses one candidate on the main thread. */
  private async parseHere(index: number): Promise<ParsedFile> {
    const read: ReadFile = this.preRead[index] ?? readCandidate(this.candidates[index]!, this.prepared.root, this.limits);
    if ('parser' in read && this.options.modules[read.parser] === undefined) await this.options.load([read.parser], this.options.modules);
    return parseFile(read, this.options.modules, this.limits);
  }

  private fill(index: number, parsed: ParsedFile): void {
    if (this.results[index] !== undefined) return;
    this.results[index] = parsed;
    this.preRead[index] = undefined;
    this.filled++;
    this.options.onProgress?.(this.filled, this.candidates.length);
  }

  /** Every message the workers have posted so far, without waiting (a stopped worker's too). */
  private async drain(): Promise<void> {
    for (const helper of this.helpers) {
      for (;;) {
        let received: { message: unknown } | undefined;
        try {
          received = receiveMessageOnPort(helper.port);
        } catch (error) {
          // A message that cannot be deserialised: whatever it held is parsed here.
          this.lose(helper, `posted a message that could not be read (${describe(error)})`);
          break;
        }
        if (received === undefined) break;
        helper.heard = performance.now();
        await this.receive(helper, received.message as WorkerMessage);
      }
    }
  }

  private async receive(helper: Helper, message: WorkerMessage): Promise<void> {
    switch (message?.type) {
      case 'ready':
        if (helper.state === 'starting') helper.state = 'ready';
        return;
      case 'done':
        if (helper.state !== 'dead') helper.state = 'done';
        return;
      case 'failed':
        debug(`worker ${helper.id} could not parse ${this.candidates[message.index]?.absolutePath} (${message.reason}); parsing it here`);
        return;
      case 'file':
        if (!Number.isInteger(message.index) || message.index < 0 || message.index >= this.results.length) this.lose(helper, 'posted an unknown file');
        else if (this.results[message.index] === undefined) {
          try {
            this.fill(message.index, fromTransfer(message.file, await this.rebuildersFor(message.file)));
            this.fromWorkers++;
          } catch (error) {
            debug(`could not rebuild ${this.candidates[message.index]?.absolutePath} from worker ${helper.id} (${describe(error)}); parsing it here`);
          }
        }
        return;
      default:
        this.lose(helper, 'posted an unknown message');
    }
  }

  private async rebuildersFor(file: TransferredFile): Promise<Rebuilders> {
    const name = rebuilderFor(file);
    if (name === 'acceptedJson') this.rebuilders.acceptedJson ??= (await import('../../parse/json.js')).acceptedJson;
    else if (name === 'yamlFromTransfer') {
      this.rebuilders.yamlFromTransfer ??= (await import('../../parse/yaml-document.js')).YamlDocument.fromTransfer;
    }
    return this.rebuilders;
  }

  /**
   * After the main thread's last claim: waits for the files the workers still hold. Once the work has
   * run out, a worker the main thread has not heard from holds none (it posts `ready` before its first
   * claim) and is stopped; a worker silent for too long is given up. Returns when no worker can
   * deliver anything more.
   */
  private async awaitWorkers(): Promise<void> {
    for (;;) {
      const seen = Atomics.load(this.control, POSTED);
      // Read before draining: a `ready` posted after this drain comes from a worker whose claim will fail.
      const exhausted = Atomics.load(this.control, NEXT) >= this.candidates.length;
      await this.drain();
      if (exhausted) for (const helper of this.helpers) if (helper.state === 'starting') this.lose(helper, 'was not ready before the work ran out', false);
      const working = this.helpers.filter((h) => h.state === 'ready' || h.state === 'starting');
      if (working.length === 0 || this.filled === this.candidates.length) return;
      const now = performance.now();
      for (const helper of working) {
        if (now - helper.heard > internals.stallMs && now - helper.heard > this.allowance(helper)) this.lose(helper, `made no progress for ${Math.round(now - helper.heard)} ms`);
      }
      await waitForChange(this.control, POSTED, seen, internals.pollMs);
    }
  }

  /** How long a worker may stay silent: a base, and more for large files it holds. */
  private allowance(helper: Helper): number {
    let bytes = 0;
    for (let index = 0; index < this.candidates.length; index++) {
      if (this.results[index] !== undefined || Atomics.load(this.owners, index) !== helper.id) continue;
      const candidate = this.candidates[index]!;
      bytes += candidate.text !== undefined ? candidate.text.length : sizeOf(candidate.absolutePath);
    }
    return internals.stallMs + (bytes / (1024 * 1024)) * internals.stallMsPerMB;
  }

  /** A worker that can deliver nothing more: the main thread parses whatever it held. */
  private lose(helper: Helper, why: string, report = true): void {
    if (helper.state === 'dead') return;
    const quiet = !report || helper.state === 'done';
    helper.state = 'dead';
    if (!quiet) debug(`worker ${helper.id} ${why}; its files are parsed on the main thread`);
    // Its port stays open: the messages it posted before it stopped are still read.
    void helper.worker.terminate().catch(() => undefined);
  }

  private stopAll(): void {
    for (const helper of this.helpers) {
      this.lose(helper, 'stopped', false);
      helper.port.close();
    }
  }
}

/**
 * Sleeps until `control[index]` is no longer `seen`, or `ms` passed. `Atomics.waitAsync` wakes at
 * once when a worker posts, but does not keep Node's event loop alive (the workers are unref'd): the
 * timer does.
 */
async function waitForChange(control: Int32Array, index: number, seen: number, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  const wait = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  const result = wait?.(control, index, seen, ms);
  await (result?.async ? Promise.race([result.value, elapsed]) : result === undefined ? elapsed : undefined);
  clearTimeout(timer);
}

type WaitAsync = (array: Int32Array, index: number, value: number, timeout?: number) => { async: false; value: string } | { async: true; value: Promise<string> };

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function debug(message: string): void {
  if (process.env['FLOWGUARD_DEBUG']) process.stderr.write(`flowguard: ${message}\n`);
}
