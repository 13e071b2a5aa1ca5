import type { Span } from '../core/source.js';
import type { Edge, InertSuppression, InputProblem, ResourceGraph, ResourceKind, ResourceNode, RValue } from './model.js';

/** Collects nodes from every adapter of the run, then derives the edges from their references. */
export class GraphBuilder {
  private readonly nodes = new Map<string, ResourceNode>();
  private readonly problems: InputProblem[] = [];
  private readonly inert: InertSuppression[] = [];

  /** An adapter found an input that cannot be used as written. */
  reportProblem(problem: InputProblem): void {
    this.problems.push(problem);
  }

  /** An adapter found a suppression that applies to nothing (see `InertSuppression`). */
  reportInertSuppression(suppression: InertSuppression): void {
    this.inert.push(suppression);
  }

  add(node: ResourceNode): void {
    this.nodes.set(node.uid, node);
  }

  has(uid: string): boolean {
    return this.nodes.has(uid);
  }

  /** How many nodes were added so far: a mark for `discardSince`. */
  mark(): number {
    return this.nodes.size;
  }

  /** Drops the nodes added after `mark` (an adapter gave up on what it was adding). */
  discardSince(mark: number): void {
    let index = 0;
    for (const uid of [...this.nodes.keys()]) if (index++ >= mark) this.nodes.delete(uid);
  }

  get(uid: string): ResourceNode | undefined {
    return this.nodes.get(uid);
  }

  build(): ResourceGraph {
    const sorted = [...this.nodes.values()].sort(compareNodes);
    const nodes = new Map<string, ResourceNode>();
    for (const node of sorted) nodes.set(node.uid, node);
    const edges: Edge[] = [];
    // One path array for the whole walk (collectEdges pushes and pops): a plan has tens of thousands of nodes.
    const path: (string | number)[] = [];
    for (const node of sorted) {
      for (const name in node.attrs) {
        path.push(name);
        collectEdges(node.uid, path, node.attrs[name]!, nodes, edges);
        path.pop();
      }
    }
    const problems = [...this.problems].sort(bySpan);
    return makeGraph(nodes, edges, problems, [...this.inert].sort(bySpan));
  }
}

function bySpan(a: { span: Span }, b: { span: Span }): number {
  return a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : a.span.start - b.span.start;
}

function compareNodes(a: ResourceNode, b: ResourceNode): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The references inside one attribute value. `path` holds the attribute name, then the keys and
 * indexes down to `value`; it becomes `tags.Name[0]` only for a reference found: most values hold
 * none, and a 50 MB plan has millions of them.
 */
function collectEdges(from: string, path: (string | number)[], value: RValue, nodes: Map<string, ResourceNode>, out: Edge[]): void {
  switch (value.t) {
    case 'ref':
      if (nodes.has(value.target)) out.push({ from, to: value.target, via: propertyPath(path), span: value.span });
      return;
    case 'template':
      for (const part of value.parts) if (typeof part !== 'string') collectEdges(from, path, part, nodes, out);
      return;
    case 'object':
      for (const key in value.entries) {
        path.push(key);
        collectEdges(from, path, value.entries[key]!, nodes, out);
        path.pop();
      }
      return;
    case 'array':
      for (let i = 0; i < value.items.length; i++) {
        path.push(i);
        collectEdges(from, path, value.items[i]!, nodes, out);
        path.pop();
      }
      return;
    default:
      return;
  }
}

function propertyPath(path: readonly (string | number)[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

function makeGraph(nodes: Map<string, ResourceNode>, edges: Edge[], problems: InputProblem[], inertSuppressions: InertSuppression[]): ResourceGraph {
  const byKind = new Map<ResourceKind, ResourceNode[]>();
  for (const node of nodes.values()) {
    const list = byKind.get(node.kind);
    if (list) list.push(node);
    else byKind.set(node.kind, [node]);
  }
  const incoming = new Map<string, Edge[]>();
  const outgoing = new Map<string, Edge[]>();
  for (const edge of edges) {
    push(incoming, edge.to, edge);
    push(outgoing, edge.from, edge);
  }
  return {
    nodes,
    problems,
    inertSuppressions,
    edges,
    ofKind: (kind) => byKind.get(kind) ?? [],
    incoming: (uid) => incoming.get(uid) ?? [],
    outgoing: (uid) => outgoing.get(uid) ?? [],
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
