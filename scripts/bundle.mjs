// Bundles the command line (dist/src/cli.js, compiled by tsc) into dist/cli/: one file per lazily
// loaded part instead of ~70 small modules, which Node would resolve, read and compile one by one
// (about 30 ms of every run; docs/decisions.md). The library (`flowguard`, `flowguard/eslint`)
// stays the unbundled dist/src/. Dynamic imports stay dynamic (code splitting), so a run still loads
// only the parsers its inputs need; dist/cli/meta.json records which sources each chunk holds.
//
// esbuild splits ES modules only, but Node 20 loads CommonJS faster and can reuse V8's code cache for
// it: each chunk is turned into CommonJS, loaded by dist/cli/chunk-loader.js (scripts/bundle/), and a
// representative run over examples/ leaves the code cache in dist/cli/code-cache/.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build, transform } from 'esbuild';
import { groupIntoPacks, traceSampleRuns, writePacks } from './bundle/packs.mjs';
import { runThroughLoader } from './bundle/run-through-loader.mjs';

const OUT = 'dist/cli';
// Chunk names carry content hashes: clear the folder, or every build would leave its old chunks behind.
rmSync(OUT, { recursive: true, force: true });

const result = await build({
  // The worker is an entry of its own: the pool starts `new URL('./worker.js', import.meta.url)`,
  // and every chunk sits in the same folder.
  entryPoints: { cli: 'dist/src/cli.js', worker: 'dist/src/engine/parallel/worker.js' },
  outdir: OUT,
  entryNames: 'entry-[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // ES module builds first: jsonc-parser's `main` is a UMD build whose relative requires a bundle cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  metafile: true,
  write: false,
  logLevel: 'warning',
  // No plugin for js-yaml: dist/src imports the copy with the parser state built with one shape
  // (scripts/vendor-js-yaml.mjs: 3× faster parsing from a run's tenth YAML file), and so does the bundle.
});

assertNoReassignableExports(Object.keys(result.metafile.inputs));

mkdirSync(OUT, { recursive: true });
for (const file of result.outputFiles) {
  if (!file.path.endsWith('.js')) continue;
  const cjs = await transform(file.text.replace(/^#!.*\n/, ''), {
    format: 'cjs',
    loader: 'js',
    target: 'node20',
    // `import('./chunk.js')` becomes a `require` the loader serves (a dynamic import would bypass it).
    supported: { 'dynamic-import': false },
    // The loader passes each chunk its own file URL (chunk-loader.cjs).
    define: { 'import.meta.url': '__flowguardModuleUrl' },
    logLevel: 'warning',
  });
  writeFileSync(join(OUT, basename(file.path)), asciiOnly(cjs.code));
}

// Node compiles its own modules (node:os, parseArgs, …) with a code cache built into its binary, which
// V8 accepts only under the V8 flags it was made with. The chunk loader sets --interrupt-budget, so
// every Node module loaded after it compiled from source: about a tenth of the instructions of a run
// on one small template (docs/decisions.md). So the CLI first takes from Node what every run of it
// uses (the arguments need parseArgs, a lint run node:os and node:module), then loads the chunks.
// Not process.stdout and process.stderr: the CLI writes a pipe or a file without them
// (src/cli/stdio.ts), and makes them only for a terminal.
const CLI_PRELUDE = [
  "// Node's own modules every run uses, loaded before the chunk loader changes a V8 flag: after it, V8",
  "// refuses the code cache they come with and they compile from source (scripts/bundle.mjs).",
  "require('node:util').parseArgs; require('node:os'); require('node:module');",
  '',
].join('\n');

// Everything in dist/cli is CommonJS, whatever the package's own "type" says.
writeFileSync(join(OUT, 'package.json'), '{ "type": "commonjs" }\n');
copyFileSync('scripts/bundle/chunk-loader.cjs', join(OUT, 'chunk-loader.js'));
const entry = (name, prelude = '') => `'use strict';\n${prelude}require('./chunk-loader.js').loadChunk('entry-${name}.js');\n`;
writeFileSync(join(OUT, 'cli.js'), `#!/usr/bin/env node\n${entry('cli', CLI_PRELUDE)}`, { mode: 0o755 });
writeFileSync(join(OUT, 'worker.js'), entry('worker'));

const chunks = Object.fromEntries(
  Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => [file.replace(/^dist\/cli\//, ''), Object.keys(output.inputs).sort()]),
);
// Chunks the sample runs always load together become one file each (packs.mjs), and the loader learns
// which pack holds which chunk.
const { packOf, meta } = writePacks(OUT, groupIntoPacks(traceSampleRuns(OUT)), chunks);
const loader = readFileSync(join(OUT, 'chunk-loader.js'), 'utf8');
const PACK_TABLE = 'const PACK_OF = {};';
if (!loader.includes(PACK_TABLE)) throw new Error(`bundle: chunk-loader.cjs has no \`${PACK_TABLE}\` for the pack table`);
writeFileSync(join(OUT, 'chunk-loader.js'), asciiOnly(loader.replace(PACK_TABLE, `const PACK_OF = ${JSON.stringify(packOf)};`)));
// dist/cli/meta.json: the sources each file holds (a pack: all its chunks'), for the tests and the
// benchmark, which judge a run by what it loaded.
writeFileSync(join(OUT, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);

produceCodeCache();

/**
 * esbuild escapes every non-ASCII character of strings, templates, regular expressions and names, but
 * keeps the comments it preserves as written, and one `…` in a comment makes V8 hold the whole chunk
 * (or pack) as a two-byte string: twice the memory, and scanned and hashed as UTF-16 (0.6 % of the
 * instructions of a one-template run). Escaping what is left changes nothing but those comments.
 */
function asciiOnly(code) {
  return code.replace(/[^\0-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
}

/**
 * The loader hands out each chunk's exports as plain values once the chunk has run (chunk-loader.cjs),
 * which is right only if no module reassigns an exported binding later: so our modules export no
 * `let` or `var`. (jsonc-parser's exported `var`s are enums, assigned while its module runs.)
 */
function assertNoReassignableExports(inputs) {
  const offenders = inputs.filter((input) => !/(^|\/)node_modules\//.test(input) && /^\s*export\s+(let|var)\s/m.test(readFileSync(input, 'utf8')));
  if (offenders.length > 0) throw new Error(`bundle: exported let/var in ${offenders.join(', ')}; export a const (the bundled CLI copies exports once, see chunk-loader.cjs)`);
}

/**
 * Lints examples/ (CloudFormation YAML and JSON, Terraform source) with the bundle in each report
 * format, the SARIF run first, and after each run has the loader write the code cache of every pack
 * and chunk that run used and no earlier one did; what none used (the plan adapter, subcommands)
 * compiles without one. A failure here only costs speed: the CLI runs without a cache, so the build
 * says so and goes on.
 */
function produceCodeCache() {
  const scratch = mkdtempSync(join(tmpdir(), 'flowguard-code-cache-'));
  const output = ['--output', join(scratch, 'report')];
  try {
    for (const args of [['--format', 'sarif', ...output], ['--format', 'json', ...output], ['--format', 'text'], ['--format', 'compact', ...output], ['--format', 'github', ...output]]) {
      const run = runThroughLoader(OUT, ['examples', ...args], 'loader.writeCodeCache();');
      // Exit 1: the examples have findings, as they should.
      if (run.status !== 0 && run.status !== 1) console.warn(`bundle: no code cache from the run over examples/ with ${args.join(' ')} (exit ${run.status}): ${run.stderr.trim()}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
