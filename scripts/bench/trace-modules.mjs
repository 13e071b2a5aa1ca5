// Preloaded with --import (not timed): records every module URL the run loads into the file named by
// FLOWGUARD_BENCH_TRACE, so the benchmark can list what a one-template run loads that it need not.
// ES modules are seen by a loader hook; the bundled CLI's chunks (dist/cli/) by wrapping the
// fs.readFileSync its own loader reads them with (scripts/bundle/chunk-loader.cjs).
import fs from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const target = process.env['FLOWGUARD_BENCH_TRACE'];
if (target) {
  const readFileSync = fs.readFileSync;
  fs.readFileSync = function tracedReadFileSync(path, ...rest) {
    if (typeof path === 'string' && /[\\/]dist[\\/]cli[\\/][^\\/]+\.js$/.test(path)) fs.appendFileSync(target, `${pathToFileURL(path).href}\n`);
    return readFileSync.call(this, path, ...rest);
  };
  register('./trace-hooks.mjs', import.meta.url, { data: { target } });
}
