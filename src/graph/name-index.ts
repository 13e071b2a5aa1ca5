/**
 * Names of the graph's resources indexed per kind, so that resolving a literal name, an ARN or an ARN
 * glob is a lookup instead of a scan: a plan with 25,000 roles and 25,000 flow logs naming them by ARN,
 * or 1,000 stacks whose flow logs name `arn:aws:s3:::team-flow-logs-${AWS::AccountId}`, must stay
 * linear. Built once per graph, on first use; the graph is immutable after `build()`.
 */
import type { ResourceGraph, ResourceKind, ResourceNode, RValue } from './model.js';

export interface KindNames {
  /** Known names (and full ARNs), each with the nodes that carry it, in graph order. */
  byName: Map<string, ResourceNode[]>;
  /** The keys of `byName`, sorted: the names that start with a glob's literal prefix are one range. */
  sortedNames: string[];
  /**
   * Nodes whose own name is only partly known (`/flow/${AWS::Region}/vpc`), with their names as globs.
   * A node with a known name is found through `byName` (its ARN forms end in that name).
   */
  patterned: { node: ResourceNode; patterns: string[] }[];
  /** Every partly known name of every node, as a glob, grouped by `globFamily`. */
  globs: Map<GlobFamily, GlobName[]>;
  /** Position of each node in `graph.ofKind(kind)`: lookups answer in graph order. */
  order: Map<ResourceNode, number>;
}

/**
 * Which strings a glob can match, coarsely: ARNs of one service (`arn:s3`), ARNs of a service not
 * known (`arn:*`), anything (`any`: the literal prefix is too short to tell), or no ARN (`plain`).
 * Two globs of different families never match a common string (ARN fields hold no `:`, and an
 * unknown part stands for one field or less), so an overlap query reads only the families that can
 * agree with it.
 */
export interface GlobName {
  node: ResourceNode;
  pattern: string;
  /** The node also has a known name (so an exact lookup finds it by that). */
  named: boolean;
}

export type GlobFamily = `arn:${string}` | 'any' | 'plain';

const indexes = new WeakMap<ResourceGraph, Map<ResourceKind, KindNames>>();

export function namesOfKind(graph: ResourceGraph, kind: ResourceKind): KindNames {
  let perKind = indexes.get(graph);
  if (!perKind) indexes.set(graph, (perKind = new Map()));
  let names = perKind.get(kind);
  if (!names) perKind.set(kind, (names = buildIndex(graph.ofKind(kind))));
  return names;
}

function buildIndex(nodes: ResourceNode[]): KindNames {
  const index: KindNames = { byName: new Map(), sortedNames: [], patterned: [], globs: new Map(), order: new Map() };
  for (const [position, node] of nodes.entries()) {
    index.order.set(node, position);
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
    for (const pattern of patterns) {
      const family = globFamily(pattern);
      const list = index.globs.get(family);
      if (list) list.push({ node, pattern, named: known });
      else index.globs.set(family, [{ node, pattern, named: known }]);
    }
    if (!known && patterns.length > 0) index.patterned.push({ node, patterns });
  }
  index.sortedNames = [...index.byName.keys()].sort();
  return index;
}

/** The template as a glob: literal text, `*` for every part that is not a known string. */
export function templatePattern(value: Extract<RValue, { t: 'template' }>): string {
  return value.parts.map((p) => (typeof p === 'string' ? p : '*')).join('');
}

/** The text before a glob's first `*` (all of it when there is none). */
export function literalPrefix(glob: string): string {
  const star = glob.indexOf('*');
  return star < 0 ? glob : glob.slice(0, star);
}

export function globFamily(glob: string): GlobFamily {
  if (glob.startsWith('arn:')) {
    // `arn:${AWS::Partition}:logs:…` is `arn:*:logs:…`: a partition (the only part that is usually
    // unknown) never holds a `:`, so the service is still the third field.
    const fields = glob.split(':', 4);
    const service = fields[2];
    return fields.length === 4 && service && !service.includes('*') ? `arn:${service}` : 'arn:*';
  }
  const prefix = literalPrefix(glob);
  return prefix.length < glob.length && 'arn:'.startsWith(prefix) ? 'any' : 'plain';
}

/** The families whose globs may match a common string with a glob of `family`. */
export function familiesAgreeingWith(family: GlobFamily, present: Iterable<GlobFamily>): GlobFamily[] {
  if (family === 'any') return [...present];
  if (family === 'plain') return [...present].filter((f) => f === 'plain' || f === 'any');
  if (family === 'arn:*') return [...present].filter((f) => f !== 'plain');
  return [...present].filter((f) => f === family || f === 'arn:*' || f === 'any');
}

/** Known names that start with `prefix`, from the sorted list (a binary search, then a range). */
export function namesStartingWith(names: KindNames, prefix: string): string[] {
  const sorted = names.sortedNames;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < prefix) low = middle + 1;
    else high = middle;
  }
  const out: string[] = [];
  for (let i = low; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}
