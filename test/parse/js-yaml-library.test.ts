/**
 * The library (dist/src: `flowguard`, `flowguard/eslint`) parses YAML with the copy of js-yaml the
 * build writes to dist/src/vendor/js-yaml.js, whose parser state is built with one shape
 * (scripts/vendor-js-yaml.mjs): with the installed js-yaml's two spreads, parsing runs about 3× slower
 * from the tenth YAML file of a process on, an `eslint .` run or an editor session included. A process
 * imports the package as a user's does and lints 24 templates through each entry point; the loader
 * hook shows which js-yaml it loaded, and the parser's option lookups show the fixed state ran for
 * every template. No timing: the slowdown's cause is the state's shape, and that is what is checked.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, REPO, SPAWN_TIMEOUT_MS } from '../cli/helpers.js';
import { parseEvents } from '../../src/parse/js-yaml.js';

const TRACE = join(REPO, 'test/helpers/trace-loads.mjs');
const RUN = join(REPO, 'test/helpers/library-yaml-run.mjs');
const SPREAD = /const state = \{\s*\.\.\.DEFAULT_PARSER_OPTIONS,\s*\.\.\.options,/;

describe("js-yaml's parser state in the library", () => {
  beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

  it('is the fixed copy in dist/src, through lint() and the ESLint plugin, for each of 24 templates', () => {
    const run = spawnSync(process.execPath, ['--import', TRACE, RUN], { cwd: REPO, encoding: 'utf8', timeout: 2 * SPAWN_TIMEOUT_MS });
    expect(run.status, run.stderr).toBe(0);
    const loaded = run.stderr.split('\n').filter((line) => line.startsWith('load: '));
    expect(loaded.filter((line) => /\/node_modules\/js-yaml\/|\/dist\/src\/vendor\//.test(line))).toEqual([`load: file://${REPO}/dist/src/vendor/js-yaml.js`]);
    const counts = JSON.parse(run.stdout) as { templates: number; findings: number; messages: number; byLint: number; byEslint: number };
    // Half the templates keep their logs too briefly, and no VPC has a flow log.
    expect(counts.findings).toBe(counts.templates * 1.5);
    expect(counts.messages).toBe(counts.templates * 1.5);
    expect(counts.byLint).toBeGreaterThanOrEqual(counts.templates);
    expect(counts.byEslint).toBeGreaterThanOrEqual(counts.templates);
  });

  it('is built with its options written out in the copy, which keeps js-yaml’s licence', () => {
    const copy = readFileSync(join(REPO, 'dist/src/vendor/js-yaml.js'), 'utf8');
    expect(copy).toMatch(/^\/\*! js-yaml \d+\.\d+\.\d+ https:\/\/github\.com\/nodeca\/js-yaml @license MIT \*\/\n/);
    expect(copy).toContain("filename: options != null && Object.hasOwn(options, 'filename') ? options.filename : DEFAULT_PARSER_OPTIONS.filename,");
    expect(copy).not.toMatch(SPREAD);
    expect(readFileSync(join(REPO, 'dist/src/vendor/js-yaml.LICENSE'), 'utf8')).toContain('Permission is hereby granted');
  });

  it('is fixed in the tests too (vitest.config.ts)', () => {
    // The fixed state looks each given option up with Object.hasOwn; the spread never calls it.
    let lookups = 0;
    const hasOwn = Object.hasOwn;
    Object.hasOwn = (object, key) => {
      if (key === 'maxDepth') lookups++;
      return hasOwn(object, key);
    };
    try {
      parseEvents('a: 1\n', { maxDepth: 10 });
    } finally {
      Object.hasOwn = hasOwn;
    }
    expect(lookups).toBe(1);
  });
});
