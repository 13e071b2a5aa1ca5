// Parse-only baseline, run in its own process: read, decode and parse every input file with the same
// parser modules flowguard uses (imported on first need, as the engine does), and nothing else.
// Usage: node baseline-child.mjs <dist dir> <file or directory>...
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, ...inputs] = process.argv.slice(2);
const load = (module) => import(pathToFileURL(resolve(dist, module)).href);
// V8 as the CLI sets it up: its chunk loader, on load, has V8 optimise later (Node 20). Parsing is
// most of what V8 optimises, so a baseline left with V8's defaults would count a change of V8
// settings as a change in the work beyond parsing that the ratio measures.
createRequire(import.meta.url)(resolve(dist, 'cli/chunk-loader.js'));

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) collect(join(path, name), out);
  } else if (/\.(json|ya?ml|template|tf)$/i.test(path)) out.push(path);
  return out;
}

const files = inputs.flatMap((input) => collect(input, []));
const { decodeText, looksLikeJson } = await load('src/parse/decode.js');
const parsers = {};
let bytes = 0;
let failures = 0;
let firstFailure;
for (const path of files) {
  const raw = readFileSync(path);
  bytes += raw.length;
  const decoded = decodeText(raw);
  if (!decoded.ok) {
    failures++;
    firstFailure ??= `${path}: ${decoded.problem.message}`;
    continue;
  }
  const file = { absolutePath: path, path, text: decoded.text };
  let result;
  if (/\.tf$/i.test(path)) {
    parsers.hcl ??= await load('src/parse/hcl/index.js').then(
      (m) => m.parseHcl,
      () => () => ({ ok: false, problem: { message: 'no HCL parser in dist/src/parse/hcl/index.js' } }),
    );
    result = parsers.hcl(file);
  } else if (looksLikeJson(file.text)) {
    parsers.json ??= (await load('src/parse/json.js')).parseJson;
    result = parsers.json(file);
  } else {
    parsers.yaml ??= (await load('src/parse/yaml.js')).parseYaml;
    result = parsers.yaml(file);
  }
  if (!result.ok) {
    failures++;
    firstFailure ??= `${path}: ${result.problem.message}`;
  }
}
process.stdout.write(`${JSON.stringify({ files: files.length, bytes, failures, firstFailure })}\n`);
