'use strict';
// The module loader of the bundled CLI (dist/cli/, built by scripts/bundle.mjs).
//
// Why not let Node load the chunks: on Node 20, one small template took 115 ms through the ES module
// loader (35 chunk files), 98 ms as one CommonJS file, and 83 ms as CommonJS compiled with V8's code
// cache, against 62 ms for `node -e 0` (40 interleaved runs; docs/decisions.md). Node 20 has no
// compile cache of its own (`module.enableCompileCache` came in Node 22), so this file does what the
// CommonJS loader does, with the cache the build produced beside the chunks.
//
// Each chunk is esbuild's ES module chunk turned into CommonJS: its imports are `require('./chunk-….js')`,
// its dynamic imports `Promise.resolve().then(() => require(…))`, so a run still compiles only the
// chunks it uses. Chunks that the build's sample runs always loaded together sit in one file, a pack
// (scripts/bundle/packs.mjs), compiled when the first of them is required. A cache file starts with the
// very bytes of the chunk (or pack) it was made from, and is used only if the file still has them: V8
// itself only checks the source's length, and a hand-patched chunk must never run stale bytecode. Comparing bytes is a memcmp; a hash would load node:crypto (about 3 ms, which
// a run without findings otherwise never pays). A cache V8 rejects (another Node version, other V8
// flags) is ignored; the chunk is compiled as usual.
const { existsSync, readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join, sep } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

// V8 sends a function to its optimising compiler (TurboFan, on background threads) once it has run
// about 66 KB of bytecode a few times over. A run of the CLI is short, so most of what V8 optimised by
// that measure ran its last call before the optimised code was ready, or soon after: on 500 `.tf` files
// a third of the CPU time was on background threads, and a run with the budget eight times larger
// took 20 % less CPU (and every benchmark input less; docs/decisions.md). Functions hot enough still
// get optimised, only later. Set before any chunk is compiled: V8's code cache holds a hash of the
// flags, and the build makes the cache through this file, so both see the same. Node 20 only: from
// Node 22 (V8 12) V8 counts calls instead and has no such flag (it would print an error), and a
// larger count measured within noise there. A user's own `--interrupt-budget` (NODE_OPTIONS) wins.
if (process.versions.node.startsWith('20.') && !/--interrupt[-_]budget/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) {
  require('node:v8').setFlagsFromString('--interrupt-budget=540672');
}

const CACHE_DIR = join(__dirname, 'code-cache');
// A run uses some 50 chunks: their paths and URLs are this folder's with the chunk's name appended
// (esbuild names them `[name]-[hash].js`, letters, digits, `-` and `.`, which need no escaping in a
// URL), not joined and converted one by one (`join` and `pathToFileURL` took about 2 ms of a run).
const DIR_PREFIX = __dirname + sep;
const URL_PREFIX = pathToFileURL(DIR_PREFIX).href;
const CACHE_PREFIX = CACHE_DIR + sep;
// The parameters of a chunk's function: CommonJS's five, and the chunk's own URL for `import.meta.url`
// (the same as a pack's functions, scripts/bundle/packs.mjs).
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, __flowguardModuleUrl) {';
const WRAPPER_TAIL = '\n})';

// Which pack holds a chunk: chunks every sample run of the build loaded together are one file, an
// object of their functions by chunk name (scripts/bundle/packs.mjs). The build writes the table here.
const PACK_OF = {};

/** Chunk name → { module, script?, source? }, in the order they started loading. */
const chunks = new Map();
/** Pack name → { functions, script, source }. */
const packs = new Map();
const nodeRequire = require;

/** The cached data made from exactly `source` (the chunk's bytes), if the cache file has it. */
function cachedDataFor(name, source) {
  let bytes;
  try {
    bytes = readFileSync(`${CACHE_PREFIX}${name}.cache`);
  } catch {
    return undefined;
  }
  return bytes.length > source.length && bytes.subarray(0, source.length).equals(source) ? bytes.subarray(source.length) : undefined;
}

/** Loads (once) the chunk `name` of this folder, alone or with its pack, and returns its exports. */
function loadChunk(name) {
  const loaded = chunks.get(name);
  if (loaded) return loaded.module.exports;
  const filename = DIR_PREFIX + name;
  const pack = PACK_OF[name];
  const module = { exports: {} };
  let chunkFunction;
  if (pack === undefined) {
    const source = readFileSync(filename);
    const script = new Script(WRAPPER_HEAD + source.toString('utf8') + WRAPPER_TAIL, { filename, cachedData: cachedDataFor(name, source) });
    chunks.set(name, { module, script, source });
    chunkFunction = script.runInThisContext();
  } else {
    chunks.set(name, { module });
    chunkFunction = loadPack(pack)[name];
  }
  // The chunk is in `chunks` before it runs: a chunk that requires this one back meanwhile gets the live exports.
  chunkFunction(module.exports, chunkRequire, module, filename, __dirname, URL_PREFIX + name);
  module.exports = plainExports(module.exports);
  return module.exports;
}

/** Compiles (once) the pack `name` of this folder and returns its chunks' functions by chunk name. */
function loadPack(name) {
  const loaded = packs.get(name);
  if (loaded) return loaded.functions;
  const filename = DIR_PREFIX + name;
  const source = readFileSync(filename);
  const script = new Script(source.toString('utf8'), { filename, cachedData: cachedDataFor(name, source) });
  const functions = script.runInThisContext();
  packs.set(name, { functions, script, source });
  return functions;
}

/**
 * A chunk's exports, once it has run, as plain data properties. esbuild's CommonJS output exports
 * each name through two getters (`__toCommonJS` over `__export`, kept for ES live bindings), and every
 * call into another chunk runs both until V8 has optimised the caller: about 3 % of a 500-file
 * Terraform run. No module of ours reassigns an exported binding (scripts/bundle.mjs checks that there
 * is no `export let` or `export var`), so the values read once the chunk has run are the values for good.
 */
function plainExports(exports) {
  const plain = Object.defineProperty({}, '__esModule', { value: true });
  for (const key of Object.keys(exports)) plain[key] = exports[key];
  return plain;
}

/** `require` inside a chunk: the bundle's own chunks by name, anything else (Node's modules, packages) as usual. */
function chunkRequire(id) {
  return id.startsWith('./') ? loadChunk(id.slice(2)) : nodeRequire(id);
}

/**
 * Build time only (scripts/bundle.mjs): writes the code cache of every chunk and pack loaded so far
 * that has none yet. Called at the end of a representative run, so the cache holds the functions that
 * run compiled, not only the top level.
 */
function writeCodeCache() {
  mkdirSync(CACHE_DIR, { recursive: true });
  for (const [name, { script, source }] of [...chunks, ...packs]) {
    const file = join(CACHE_DIR, `${name}.cache`);
    if (script !== undefined && !existsSync(file)) writeFileSync(file, Buffer.concat([source, script.createCachedData()]));
  }
}

/** Build and test time only (scripts/bundle/packs.mjs): the chunks loaded so far, in the order they started loading. */
function loadedChunks() {
  return [...chunks.keys()];
}

/** Test time only (test/bundle/packs.test.ts): which pack holds each packed chunk. */
function packOf() {
  return { ...PACK_OF };
}

module.exports = { loadChunk, writeCodeCache, loadedChunks, packOf };
