// Registers a module loader hook that prints every loaded file URL to stderr as `load: <url>`, so a
// test can see which of flowguard's modules a run imported (Node 20: module.register, no deps).
// The hook runs on the loader thread: it writes to fd 2 synchronously, because `process.stderr` there
// is forwarded to the main thread and what is still queued when the process exits is lost (the
// modules loaded last, such as the reporter, went missing from some runs).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'import { writeSync } from "node:fs"; export async function load(url, context, next) { if (url.startsWith("file:")) writeSync(2, "load: " + url + "\\n"); return next(url, context); }',
    ),
);
