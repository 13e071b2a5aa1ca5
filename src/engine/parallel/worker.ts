/**
 * A parsing worker (a `node:worker_threads` entry point): claims candidates from the shared counter,
 * reads, decodes and parses each (phases 2 and 3, the same functions as the main thread), and posts
 * each outcome in transferable form. Parsers are imported on first need, as the main thread does.
 * A file whose parse throws is reported as `failed` and the worker goes on; the main thread parses it.
 */
import { workerData } from 'node:worker_threads';
import { parseFile } from '../parse-inputs.js';
import type { EngineModules, ParserName, ReadFile } from '../pipeline.js';
import { readInputs } from '../read.js';
import { NEXT, POSTED, type WorkerData, type WorkerMessage } from './protocol.js';
import { toTransfer } from './transfer.js';

const PARSERS: { [K in ParserName]: () => Promise<EngineModules[K]> } = {
  parseJson: async () => (await import('../../parse/json.js')).parseJson,
  parseYaml: async () => (await import('../../parse/yaml.js')).parseYaml,
  parseHcl: async () => (await import('../../parse/hcl/index.js')).parseHcl,
  parseTfJson: async () => (await import('../../parse/hcl/tfjson.js')).parseTfJson,
};

const { id, root, limits, candidates, port, ...shared } = workerData as WorkerData;
const control = new Int32Array(shared.control);
const owners = new Int32Array(shared.owners);
const modules: Partial<EngineModules> = {};

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(control, POSTED, 1);
  Atomics.notify(control, POSTED);
}

async function parse(index: number): Promise<void> {
  let read: ReadFile | undefined;
  try {
    read = readInputs({ root, limits, walked: { candidates: [candidates[index]!], problems: [] } }).files[0]!;
    if ('parser' in read) await loadParser(read.parser);
    const { file, transfer } = toTransfer(parseFile(read, modules, limits));
    post({ type: 'file', index, file }, transfer);
  } catch (error) {
    // A parser bug, or a value that cannot be cloned: the main thread parses the file itself.
    post({ type: 'failed', index, reason: error instanceof Error ? error.message : String(error) });
  }
}

async function loadParser(name: ParserName): Promise<void> {
  if (modules[name] === undefined) Object.assign(modules, { [name]: await PARSERS[name]() });
}

/** Parses candidates until none is left. A function, not top-level await: the bundled CLI is CommonJS (scripts/bundle.mjs). */
async function work(): Promise<void> {
  post({ type: 'ready' });
  for (let index = Atomics.add(control, NEXT, 1); index < candidates.length; index = Atomics.add(control, NEXT, 1)) {
    Atomics.store(owners, index, id);
    await parse(index);
  }
  post({ type: 'done' });
  port.close();
}

void work();
