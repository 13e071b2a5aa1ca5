// Bundles the command line (dist/src/cli.js, compiled by tsc) into dist/cli/: one file per lazily
// loaded part instead of ~70 small modules, which Node would resolve, read and compile one by one
// (about 30 ms of every run; docs/decisions.md). The library (`flowguard`, `flowguard/eslint`)
// stays the unbundled dist/src/. Dynamic imports stay dynamic (code splitting), so a run still loads
// only the parsers its inputs need; dist/cli/meta.json records which sources each chunk holds.
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the folder, or every build would leave its old chunks behind.
rmSync('dist/cli', { recursive: true, force: true });

const result = await build({
  // The worker is an entry of its own: the pool starts `new URL('./worker.js', import.meta.url)`,
  // and every chunk sits in the same folder.
  entryPoints: { cli: 'dist/src/cli.js', worker: 'dist/src/engine/parallel/worker.js' },
  outdir: 'dist/cli',
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // ES module builds first: jsonc-parser's `main` is a UMD build whose relative requires a bundle cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  // CommonJS dependencies (`ignore`) may require Node's built-ins; ESM has no `require` of its own.
  banner: { js: "import { createRequire as __flowguardRequire } from 'node:module';\nconst require = __flowguardRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});

const chunks = Object.fromEntries(
  Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => [file.replace(/^dist\/cli\//, ''), Object.keys(output.inputs).sort()]),
);
writeFileSync('dist/cli/meta.json', `${JSON.stringify(chunks, null, 2)}\n`);
