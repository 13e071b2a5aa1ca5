/**
 * Terraform source: `.tf` (HCL native syntax) and `.tf.json`, both into the syntax tree of `ast.ts`.
 * A hand-written scanner and recursive-descent parser: synchronous, no dependency, exact offsets on
 * every node, one clear problem for the first syntax error (see docs/decisions.md for the measurements).
 */
import type { SourceFile } from '../../core/source.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParseProblem } from '../document.js';
import type { HclFile } from './ast.js';
import { parseFileBody } from './body.js';
import { Parser, problemFrom } from './parser.js';
import { parseDeadline } from '../problem.js';

export type { Attribute, Block, Body, Comment, Expr, HclFile, Ranged, RepeatedArgument, TraversalStep } from './ast.js';
// `parseTfJson` lives in ./tfjson.js and is not re-exported: the CLI loads each parser on its own, and
// jsonc-parser only for runs that may meet `.tf.json` files (graph-build.ts `graphNeeds`).

export type HclResult = { ok: true; hcl: HclFile } | { ok: false; problem: ParseProblem };

/**
 * Parses `.tf` text. Never throws: a syntax error, nesting past `limits.maxDepth` or running out of
 * `limits.fileTimeBudget` is a problem with its position.
 */
export function parseHcl(file: SourceFile, limits: ParseLimits = DEFAULT_PARSE_LIMITS): HclResult {
  // A token is at least one character: a shorter text cannot pass the node limit, and is not counted.
  const maxTokens = file.text.length + 1 > limits.maxNodes ? limits.maxNodes : Infinity;
  const p = new Parser(file.text, limits.maxDepth, 0, file.text.length, parseDeadline(limits), maxTokens);
  try {
    const body = parseFileBody(p);
    return { ok: true, hcl: { file, body, comments: p.lx.comments, ...(p.repeated.length > 0 ? { repeated: p.repeated } : {}) } };
  } catch (error) {
    return { ok: false, problem: problemFrom(error, p) };
  }
}
