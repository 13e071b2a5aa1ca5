// Prints every file of flowguard's a run loads to stderr as `load: <url>`, so a test can see which
// modules the run used (Node 20, no deps):
// - the bundled CLI's chunks (dist/cli/), which its own loader reads with fs.readFileSync
//   (scripts/bundle/chunk-loader.cjs): this preload wraps that function before the loader starts;
// - ES modules (the library in dist/src/), through a module loader hook. The hook runs on the loader
//   thread: it writes to fd 2 synchronously, because `process.stderr` there is forwarded to the main
//   thread and what is still queued when the process exits is lost.
import fs from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const readFileSync = fs.readFileSync;
fs.readFileSync = function tracedReadFileSync(path, ...rest) {
  if (typeof path === 'string' && /[\\/]dist[\\/]cli[\\/][^\\/]+\.js$/.test(path)) fs.writeSync(2, `load: ${pathToFileURL(path).href}\n`);
  return readFileSync.call(this, path, ...rest);
};

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'import { writeSync } from "node:fs"; export async function load(url, context, next) { if (url.startsWith("file:")) writeSync(2, "load: " + url + "\\n"); return next(url, context); }',
    ),
);
