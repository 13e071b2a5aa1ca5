/**
 * The bundled CLI builds js-yaml's parser state with one shape: with js-yaml 5.5's two spreads, V8
 * gives the state a new map on each call from about the ninth, and parsing runs about 3× slower for
 * the rest of the process. The bundle is built from dist/src, which imports the copy of js-yaml the
 * build fixes (dist/src/vendor/js-yaml.js, scripts/vendor-js-yaml.mjs); the build fails if js-yaml's
 * source is no longer as the fix expects. This test checks the bundle holds that copy, and only it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, REPO } from '../cli/helpers.js';

function jsYamlChunk(): string {
  const meta = JSON.parse(readFileSync(join(REPO, 'dist/cli/meta.json'), 'utf8')) as Record<string, string[]>;
  // The installed js-yaml would be a second copy, unfixed: a module of ours importing 'js-yaml' directly.
  expect(Object.values(meta).flat().filter((input) => input.includes('node_modules/js-yaml/'))).toEqual([]);
  const chunks = Object.entries(meta).filter(([, inputs]) => inputs.includes('dist/src/vendor/js-yaml.js'));
  expect(chunks).toHaveLength(1);
  return readFileSync(join(REPO, 'dist/cli', chunks[0]![0]), 'utf8');
}

describe("js-yaml's parser state in the bundled CLI", () => {
  beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

  it('is built with its options written out, not spread', () => {
    const chunk = jsYamlChunk();
    expect(chunk).toMatch(/filename: options != null && Object\.hasOwn\(options, ["']filename["']\) \? options\.filename : DEFAULT_PARSER_OPTIONS\.filename,/);
    expect(chunk).toMatch(/maxDepth: options != null && Object\.hasOwn\(options, ["']maxDepth["']\) \? options\.maxDepth : DEFAULT_PARSER_OPTIONS\.maxDepth,/);
    expect(chunk).not.toMatch(/const state = \{\s*\.\.\.DEFAULT_PARSER_OPTIONS,\s*\.\.\.options,/);
  });

  it('is still built from spreads by the installed js-yaml (when it is not, the fix can go)', () => {
    const installed = readFileSync(join(REPO, 'node_modules/js-yaml/dist/js-yaml.mjs'), 'utf8');
    expect(installed).toMatch(/const state = \{\s*\.\.\.DEFAULT_PARSER_OPTIONS,\s*\.\.\.options,/);
  });
});
