// Gives the library (dist/src, compiled by tsc and not bundled) the js-yaml fix the bundled CLI has:
// writes js-yaml's ES module build, with its parser state built with one shape (js-yaml-state.mjs), to
// dist/src/vendor/js-yaml.js, its licence beside it, and makes dist/src/parse/js-yaml.js (the one
// module of ours that imports js-yaml) re-export that copy instead of the installed package. The
// js-yaml in node_modules stays as installed (other packages share it), no copy of js-yaml is kept in
// the repository, and the types stay js-yaml's own (tsc's dist/src/parse/js-yaml.d.ts re-exports them).
// The bundle (scripts/bundle.mjs) is built from dist/src afterwards, so it holds the same copy.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fixParserStateShape } from './js-yaml-state.mjs';

const MODULE = 'dist/src/parse/js-yaml.js';
const VENDOR = 'dist/src/vendor';
const INSTALLED = "export * from 'js-yaml';";
const FIXED = "export * from '../vendor/js-yaml.js';";

// What `import 'js-yaml'` loads in Node: the package's ES module build, by its "exports" (dist/js-yaml.mjs).
// (Not import.meta.resolve: Node 20 before 20.6 has it only behind a flag, and installing flowguard
// from git builds it.)
const root = dirname(createRequire(import.meta.url).resolve('js-yaml/package.json'));
const entry = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports?.['.']?.import;
if (typeof entry !== 'string') throw new Error('vendor-js-yaml: js-yaml\'s package.json no longer names an ES module build in exports["."].import');
const source = readFileSync(join(root, entry), 'utf8');
const licence = readFileSync(join(root, 'LICENSE'), 'utf8');
const [banner, ...rest] = fixParserStateShape(source).split('\n');
if (!banner.startsWith('/*! js-yaml ') || !banner.includes('@license MIT')) throw new Error(`vendor-js-yaml: js-yaml's build no longer starts with its licence banner: ${banner}`);
const body = rest
  .join('\n')
  // The source map describes the unedited file, and is not copied.
  .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');

mkdirSync(VENDOR, { recursive: true });
writeFileSync(
  `${VENDOR}/js-yaml.js`,
  `${banner}\n// Written by flowguard's build (scripts/vendor-js-yaml.mjs) from js-yaml's dist/js-yaml.mjs, with the\n// parser state of parseEvents built with one shape (scripts/js-yaml-state.mjs). Licence: js-yaml.LICENSE.\n${body}`,
);
writeFileSync(`${VENDOR}/js-yaml.LICENSE`, licence);

const compiled = readFileSync(MODULE, 'utf8');
if (!compiled.includes(FIXED)) {
  const at = compiled.indexOf(INSTALLED);
  if (at < 0 || compiled.indexOf(INSTALLED, at + 1) >= 0) throw new Error(`vendor-js-yaml: ${MODULE} should hold \`${INSTALLED}\` once (src/parse/js-yaml.ts)`);
  writeFileSync(MODULE, compiled.slice(0, at) + FIXED + compiled.slice(at + INSTALLED.length));
}
