/**
 * jsonc-parser, loaded on first use. `JSON.parse` accepts nearly every JSON file of a run on its own;
 * only a file it refuses, or one that repeats a key, needs jsonc-parser's tolerant scanner to say
 * where. Loading it for every JSON run cost ~8 ms of start-up (docs/decisions.md). Parsing is
 * synchronous, so this is `require` (its CommonJS build), not `import()`.
 */
import { createRequire } from 'node:module';
import type * as JsoncParser from 'jsonc-parser';

let loaded: typeof JsoncParser | undefined;

export function jsoncParser(): typeof JsoncParser {
  loaded ??= createRequire(import.meta.url)('jsonc-parser') as typeof JsoncParser;
  return loaded;
}
