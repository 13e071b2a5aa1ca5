/**
 * The graph view and its renderers. Renderers are loaded on demand, like the lint reporters, so a run
 * loads only the one it prints.
 */
import type { GraphView } from './model.js';

export type GraphFormat = 'mermaid' | 'dot' | 'json';

export const GRAPH_FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'json'];

export function isGraphFormat(value: string): value is GraphFormat {
  return (GRAPH_FORMATS as readonly string[]).includes(value);
}

export { toGraphView, type GraphViewOptions } from './view.js';
export type { GraphView, ViewEdge, ViewFinding, ViewGroup, ViewKind, ViewNode, ViewProblem, Tone } from './model.js';

export async function renderGraph(format: GraphFormat, view: GraphView): Promise<string> {
  switch (format) {
    case 'mermaid':
      return (await import('./mermaid.js')).renderMermaid(view);
    case 'dot':
      return (await import('./dot.js')).renderDot(view);
    case 'json':
      return (await import('./json.js')).renderJson(view);
    default: {
      // Reached only from untyped callers: say which formats exist.
      const unknown: never = format;
      throw new Error(`unknown graph format "${String(unknown)}" (expected ${GRAPH_FORMATS.join(', ')})`);
    }
  }
}
