// Not timed: lints the input once with the library API and reports what was linted, so the benchmark
// can tell a measured run from a run that skipped its input (formats not supported yet).
// Usage: node verify-child.mjs <dist dir> <file or directory>...
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, ...inputs] = process.argv.slice(2);
// The public library API; the engine module directly if the index does not export it.
const load = (module) => import(pathToFileURL(resolve(dist, module)).href);
const lint = (await load('src/index.js').catch(() => ({}))).lint ?? (await load('src/engine/lint.js')).lint;
const result = await lint(inputs);
const byRule = {};
const byExtension = {};
for (const f of result.findings) {
  byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  if (f.ruleId !== 'parse-error') {
    const ext = /\.tf$/.test(f.file) ? 'tf' : /\.json$/.test(f.file) ? 'json' : 'yaml';
    byExtension[ext] = (byExtension[ext] ?? 0) + 1;
  }
}
const firstParseError = result.findings.find((f) => f.ruleId === 'parse-error');
process.stdout.write(
  `${JSON.stringify({
    files: result.files.length,
    findings: result.findings.length,
    byRule,
    byExtension,
    firstParseError: firstParseError && `${firstParseError.file}: ${firstParseError.message}`,
    notifications: result.notifications.slice(0, 3).map((n) => n.message),
  })}\n`,
);
