/**
 * `flowguard graph [paths] --format mermaid|dot|json`: the resource graph of a run with coverage
 * marked (which flow log covers which VPC, which role serves which flow log, why a link failed).
 * The CLI wires it; this module does the work so that it can be tested without spawning a process.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LintResult } from '../core/result.js';
import { LineIndex, type Span } from '../core/source.js';
import { findRepositoryRoot } from '../discover/repo-root.js';
import { analyze } from '../engine/lint.js';
import { decodeText } from '../parse/decode.js';
import type { LintOptions } from '../engine/options.js';
import { renderGraph, toGraphView, type GraphFormat, type GraphView } from '../report/graph/index.js';

export { GRAPH_FORMATS, isGraphFormat, renderGraph, type GraphFormat, type GraphView } from '../report/graph/index.js';

export interface GraphCommandOptions {
  format: GraphFormat;
  /** Where relative paths start; the repository root (for file names and lines) is found from it. */
  cwd: string;
  /** Rule settings, limits, ignore globs, as for `flowguard` itself; `cwd` above wins over `lint.cwd`. */
  lint?: LintOptions;
}

export async function runGraphCommand(paths: string[], options: GraphCommandOptions): Promise<string> {
  return renderGraph(options.format, await graphViewOf(paths, options));
}

/** The view alone, for callers that want the data. */
export async function graphViewOf(paths: string[], options: Omit<GraphCommandOptions, 'format'>): Promise<GraphView> {
  return (await graphRunOf(paths, options)).view;
}

/**
 * The view and the run it was drawn from, for the CLI: it tells a run that linted nothing apart (exit
 * 2, as `flowguard` does) and never writes `--output` over a file the run read.
 */
export async function graphRunOf(paths: string[], options: Omit<GraphCommandOptions, 'format'>): Promise<{ result: LintResult; view: GraphView }> {
  const { result, graph } = await analyze(paths, { ...options.lint, cwd: options.cwd });
  return { result, view: toGraphView(graph, result, { lineOf: lineReader(findRepositoryRoot(options.cwd)) }) };
}

/**
 * Lines of spans, reading each file once and only when a node of it is drawn. The engine keeps the
 * text of the files it parsed but does not hand it out; reading again is cheap next to parsing.
 */
function lineReader(root: string): (span: Span) => number | undefined {
  const indexes = new Map<string, LineIndex | undefined>();
  return (span) => {
    if (!indexes.has(span.file)) indexes.set(span.file, readIndex(resolve(root, span.file)));
    return indexes.get(span.file)?.position(span.start).line;
  };
}

function readIndex(path: string): LineIndex | undefined {
  try {
    // Decoded as the engine decodes (BOM dropped), so offsets mean the same characters.
    const decoded = decodeText(readFileSync(path));
    return decoded.ok ? new LineIndex(decoded.text) : undefined;
  } catch {
    // The file was read moments ago by the engine; if it is gone now, the view shows no line.
    return undefined;
  }
}
