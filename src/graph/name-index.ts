/**
 * Names of the graph's resources indexed per kind, so that resolving a literal name or ARN is a map
 * lookup instead of a scan: a plan with 25,000 roles and 25,000 flow logs naming them by ARN must
 * stay linear. Built once per graph, on first use; the graph is immutable after `build()`.
 */
import type { ResourceGraph, ResourceKind, ResourceNode, RValue } from './model.js';

export interface KindNames {
  /** Known names (and full ARNs), each with the nodes that carry it, in graph order. */
  byName: Map<string, ResourceNode[]>;
  /**
   * Nodes whose own name is only partly known (`/flow/${AWS::Region}/vpc`), with their names as globs.
   * A node with a known name is found through `byName` (its ARN forms end in that name).
   */
  patterned: { node: ResourceNode; patterns: string[] }[];
}

const indexes = new WeakMap<ResourceGraph, Map<ResourceKind, KindNames>>();

export function namesOfKind(graph: ResourceGraph, kind: ResourceKind): KindNames {
  let perKind = indexes.get(graph);
  if (!perKind) indexes.set(graph, (perKind = new Map()));
  let names = perKind.get(kind);
  if (!names) perKind.set(kind, (names = buildIndex(graph.ofKind(kind))));
  return names;
}

function buildIndex(nodes: ResourceNode[]): KindNames {
  const index: KindNames = { byName: new Map(), patterned: [] };
  for (const node of nodes) {
    let known = false;
    const patterns: string[] = [];
    for (const name of node.names) {
      if (name.t === 'scalar' && typeof name.value === 'string') {
        known = true;
        const list = index.byName.get(name.value);
        if (list) list.push(node);
        else index.byName.set(name.value, [node]);
      } else if (name.t === 'template') {
        patterns.push(templatePattern(name));
      }
    }
    if (!known && patterns.length > 0) index.patterned.push({ node, patterns });
  }
  return index;
}

/** The template as a glob: literal text, `*` for every part that is not a known string. */
export function templatePattern(value: Extract<RValue, { t: 'template' }>): string {
  return value.parts.map((p) => (typeof p === 'string' ? p : '*')).join('');
}
