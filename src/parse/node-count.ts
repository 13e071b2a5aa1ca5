/**
 * The node limit (`--max-nodes`, docs/limits.md): memory grows with the number of values a file holds,
 * not with its bytes. A flow list of one-letter scalars (`[a,a,a,…]`) makes js-yaml build an event of
 * about 200 bytes for every two bytes of text, so 60 MB of YAML (well under the file size limit)
 * exhausted a 1.7 GB heap and Node aborted with a fatal error. `JSON.parse` and our HCL parser grow the
 * same way on `[{},{},…]` and `[0,0,…]`. The count must therefore come before the parser builds
 * anything: counted from the text (JSON, YAML) or per token as the lexer reads it (HCL).
 *
 * Counting costs a pass over the text, so it runs only where the text is long enough to hold more
 * nodes than the limit: real templates never pay for it, and a large plan pays one pass that also
 * counts its keys (json.ts), which the duplicate-key check needed anyway.
 */
import { failure } from './problem.js';
import type { ParseProblem } from './document.js';

/**
 * A YAML node starts after a line break, `-`, `?`, `:`, `,`, `[` or `{` (or at the start), and at most
 * two start at one place: a mapping and its first key (a block mapping, or the mapping of one pair
 * that `[a: b, c: d]` makes of each entry, where one per character would fall short). Two per such
 * character is therefore an upper bound on nodes (test/parse/node-limit.test.ts checks it against
 * js-yaml), and so on js-yaml's events (one per node, one more per collection). Real templates count
 * 2–4 per event; `[a,a,…]` counts 2. Returns the offset where the bound passes `maxNodes`, or -1.
 *
 * A line break is a CR as well as an LF (YAML 1.2, and js-yaml): `a\r...\r` over and over is a
 * document of one node every 6 characters, and 60 MB of it took js-yaml 3.4 GB of events when only
 * LFs counted (a fatal out-of-memory error under a 1.7 GB heap). A CR before an LF is one line break.
 */
export function yamlNodeBoundExceeds(text: string, maxNodes: number): number {
  // Two nodes per character at most: a shorter text cannot reach the limit, and is not scanned.
  if (2 * (text.length + 1) <= maxNodes) return -1;
  let bound = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // \n , - : ? [ {, and \r not followed by \n
    if (c === 0x0a || c === 0x2c || c === 0x2d || c === 0x3a || c === 0x3f || c === 0x5b || c === 0x7b || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      bound += 2;
      if (bound > maxNodes) return i;
    }
  }
  return -1;
}

/** The parse problem of a file over the node limit, at the offset where the count crossed it. */
export function tooManyNodes(maxNodes: number, syntax: 'json' | 'yaml' | 'hcl' | 'tfjson', at: number): { ok: false; problem: ParseProblem } {
  const limit = maxNodes.toLocaleString('en');
  const message = {
    json: `more than ${limit} values (raise it with --max-nodes)`,
    // An upper bound, so it says "may": a real template never comes near it.
    yaml: `may hold more than ${limit} YAML nodes by here (counting two for each line break, '-', ':', '?', ',', '[' and '{'; raise it with --max-nodes)`,
    hcl: `more than ${limit} tokens (raise it with --max-nodes)`,
    // TF_JSON_VALUE_WEIGHT (parse/hcl/tfjson.ts): each value is about ten tokens' worth of memory.
    tfjson: `more than ${limit} nodes by here (counting ten for each JSON value and one for each token of the expressions and templates in its strings; raise it with --max-nodes)`,
  }[syntax];
  return failure(message, at, at + 1, 'maxNodes');
}
