/** Every `.tf` file of the real-world corpus (../shared/corpus, read in place) parses without a problem. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS } from '../../src/parse/document.js';
import { parseHcl } from '../../src/parse/hcl/index.js';
import { parseTfJson } from '../../src/parse/hcl/tfjson.js';
import { sourceFile } from './helpers.js';
import { checkedAt, ranges } from './hcl-helpers.js';

const CORPUS = process.env['FLOWGUARD_CORPUS'] ?? resolve(import.meta.dirname, '../../../shared/corpus');
const available = existsSync(CORPUS);
if (!available) console.warn(`hcl-corpus: SKIPPED, no corpus at ${CORPUS} (set FLOWGUARD_CORPUS to run it)`);
const files = available
  ? readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.tf') || name.endsWith('.tf.json'))
      .map((name) => name.split('\\').join('/'))
      .sort()
  : [];

describe.skipIf(!available)(`Terraform files of the corpus${available ? '' : ` (SKIPPED: no corpus at ${CORPUS})`}`, () => {
  it('has Terraform files to parse', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files)('%s', (name) => {
    const text = readFileSync(join(CORPUS, name), 'utf8');
    const file = sourceFile(text, name);
    const result = name.endsWith('.json') ? parseTfJson(file, DEFAULT_PARSE_LIMITS) : parseHcl(file, DEFAULT_PARSE_LIMITS);
    if (!result.ok) expect.fail(`${name}:${checkedAt(text, result.problem)}: ${result.problem.message}`);
    for (const { range } of ranges(result.hcl.body)) expect(0 <= range.start && range.start <= range.end && range.end <= text.length).toBe(true);
  });
});

