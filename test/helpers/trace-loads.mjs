// Registers a module loader hook that prints every loaded file URL to stderr as `load: <url>`, so a
// test can see which of flowguard's modules a run imported (Node 20: module.register, no deps).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write("load: " + url + "\\n"); return next(url, context); }',
    ),
);
