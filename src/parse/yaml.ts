/**
 * YAML: js-yaml's flat, offset-based event stream turned into plain values by one iterative loop
 * (yaml-builder.ts), recording where every key and value is written. Short-form CloudFormation tags
 * become long form there, so the graph never sees YAML syntax. Hostile input (alias bombs, absurd
 * nesting) is refused from counts kept during the same loop, before anything large is built. Here:
 * running js-yaml, and turning whatever goes wrong into a parse problem with a position.
 */
import { parseEvents, type Event } from './js-yaml.js';
import type { SourceFile } from '../core/source.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParseProblem, type ParseResult } from './document.js';
import { ProblemError, failure, parseDeadline, stackExhausted } from './problem.js';
import { Builder } from './yaml-builder.js';
import { tooManyNodes, yamlNodeBoundExceeds } from './node-count.js';
import type { YamlSchema } from './yaml-scalars.js';
import { parseReadingFlowDashes, stoppedAtFlowDash } from './yaml-flow-dash.js';
import { parseReadingShallowQuotedLines, stopsInShallowQuotedLine } from './yaml-quoted-indent.js';
import { describeException, templateHint } from './yaml-tags.js';
import { withScanMemo } from './yaml-scan-memo.js';
import { readingTails } from './yaml-tail.js';
import { PIECE_SIZES, readPieces, type PieceSizes } from './yaml-pieces.js';
import { JS_YAML_DEPTH_SLACK } from './js-yaml-depth.js';

/**
 * `schema`: how plain `yes`/`no`/`on`/`off` read (yaml-scalars.ts); templates are read as CloudFormation reads them.
 * `pieces`: texts `from` characters long or longer are read in pieces where their layout allows
 * (yaml-pieces.ts), to the same result; tests make them small to hold small texts to that.
 */
export function parseYaml(
  file: SourceFile,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
  schema: YamlSchema = 'cloudformation',
  pieces: PieceSizes = PIECE_SIZES,
): ParseResult {
  // The repairs and the placing of an error scan the text, and copies of it, for open quotes more than once.
  return withScanMemo(() => parseYamlText(file, limits, schema, pieces));
}

function parseYamlText(file: SourceFile, limits: ParseLimits, schema: YamlSchema, pieces: PieceSizes): ParseResult {
  const text = file.text;
  // Started before js-yaml's scanner, which cannot be interrupted (it is linear in the text): its
  // time counts, and the builder's loop (yaml-builder.ts) stops once the budget is spent.
  const deadline = parseDeadline(limits);
  const options = { maxDepth: limits.maxDepth + JS_YAML_DEPTH_SLACK };
  // Copies of the text edited to repair or place an error are read from near the edit (yaml-tail.ts).
  const read = readingTails(text, (u) => parseEvents(u, options));
  const events = (t: string): Event[] => parseReadingShallowQuotedLines(t, read);
  // Whether an edited copy reads, for the blame of an unclosed quote: no events needed, so a copy that
  // reads from near its edit is not read whole again (yaml-tail.ts). Only a stop the two repairs below
  // handle goes through them, as a read of the copy would.
  const reads = (t: string): void => {
    try {
      read.check(t);
      return;
    } catch (error) {
      if (!stopsInShallowQuotedLine(error) && !stoppedAtFlowDash(error, t)) throw error;
    }
    parseReadingFlowDashes(t, events);
  };
  const pastNodeLimit = yamlNodeBoundExceeds(text, limits.maxNodes);
  if (pastNodeLimit !== -1) return tooManyNodes(limits.maxNodes, 'yaml', pastNodeLimit);
  try {
    if (text.length >= pieces.from) {
      // Nested pieces are entries of a top-level mapping: one level shallower than in the whole text.
      const piece = (t: string, nested: boolean): Event[] => parseEvents(t, nested ? { maxDepth: options.maxDepth - 1 } : options);
      const document = readPieces(text, new Builder(file, 0, limits, deadline, schema), piece, Math.max(pieces.length, Math.ceil(text.length / pieces.most)));
      if (document !== undefined) return document;
    }
    const read = parseReadingFlowDashes(text, events);
    if (read.length === 0) return failure('empty file', 0, text.length);
    return new Builder(file, read.length, limits, deadline, schema).build(read);
  } catch (error) {
    if (error instanceof ProblemError) return { ok: false, problem: withTemplateHint(error.problem, text) };
    if (error instanceof RangeError) {
      return failure(stackExhausted(limits.maxDepth), 0, 0, 'maxDepth');
    }
    return { ok: false, problem: describeException(error, text, limits.maxDepth, reads) };
  }
}

/**
 * A placeholder written as a whole value (`CidrBlock: {{ .Values.cidr }}`) is valid YAML that our
 * builder refuses (a mapping used as a key), not a js-yaml error, so it needs the same hint that the
 * file is rendered by another tool. A limit that is hit is no mistake of syntax: no hint.
 */
function withTemplateHint(problem: ParseProblem, text: string): ParseProblem {
  if (problem.limit !== undefined) return problem;
  const hint = templateHint(text, problem.start);
  return hint === '' ? problem : { ...problem, message: problem.message + hint };
}
