import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';
// @ts-expect-error: a script of the build, without types
import { fixParserStateShape } from './scripts/js-yaml-state.mjs';

/**
 * The tests parse YAML with the parser state the build gives the library (dist/src/vendor/js-yaml.js,
 * scripts/vendor-js-yaml.mjs): the same js-yaml code as users run, and without it every test file that
 * parses more than nine YAML texts would run js-yaml about 3× slower from the tenth on. Vitest hands
 * js-yaml to Node as installed unless it is inlined, and only then is it transformed.
 */
const jsYamlFixedState: Plugin = {
  name: 'js-yaml-fixed-parser-state',
  enforce: 'pre',
  load(id) {
    if (/[\\/]node_modules[\\/]js-yaml[\\/]dist[\\/]js-yaml\.mjs$/.test(id)) return fixParserStateShape(readFileSync(id, 'utf8')) as string;
    return undefined;
  },
};

export default defineConfig({
  plugins: [jsYamlFixedState],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    server: { deps: { inline: ['js-yaml'] } },
  },
});
