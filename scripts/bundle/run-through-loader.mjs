// The build's own runs of the bundle it has just written: the sample runs that decide the packs
// (packs.mjs) and the runs that leave the code cache (scripts/bundle.mjs). Each is a fresh `node` that
// loads the CLI through dist/cli/chunk-loader.js, as dist/cli/cli.js does, so that the exit hook can ask
// the loader what the run loaded.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs the CLI in `outDir` on `args` and, as that process exits, the JavaScript `atExit`, which sees
 * `loader` (the chunk loader), `writeFileSync` and `output` (the path given here, for what it learns).
 * Returns the spawn's result; the caller judges the exit status.
 */
export function runThroughLoader(outDir, args, atExit, output = '') {
  const script = [
    "const { writeFileSync } = require('node:fs');",
    'const loader = require(process.argv[1]);',
    'const output = process.argv[2];',
    `process.on('exit', () => { ${atExit} });`,
    "process.argv = [process.argv[0], 'flowguard', ...process.argv.slice(3)];",
    "loader.loadChunk('entry-cli.js');",
  ].join('\n');
  return spawnSync(process.execPath, ['-e', script, join(process.cwd(), outDir, 'chunk-loader.js'), output, ...args], { encoding: 'utf8' });
}
