/**
 * "Which resource does this value name?" — the one question every rule asks of a reference.
 * A value can point at a node by reference (`Ref`, `GetAtt`, Terraform attribute), by a literal name
 * or ARN that matches a node's known names, or by an ARN template with a reference inside it
 * (`!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${FlowRole}`).
 */
import type { ResourceGraph, ResourceKind, ResourceNode, RValue } from './model.js';
import { namesOfKind, templatePattern } from './name-index.js';

export { templatePattern };

export type Link =
  /** The value names this node of the run. */
  | { state: 'node'; node: ResourceNode }
  /** The value cannot be known statically; `mayBe` lists nodes it could be. */
  | { state: 'unknown'; why: string; mayBe: ResourceNode[] }
  /** The value is known and names nothing of the wanted kinds in the run (an external resource). */
  | { state: 'external'; text: string }
  /** The value points at a node of the run of another kind (a subnet where a VPC was expected). */
  | { state: 'wrong-kind'; node: ResourceNode };

export function linkOf(graph: ResourceGraph, value: RValue, kinds: readonly ResourceKind[]): Link {
  switch (value.t) {
    case 'ref': {
      const node = graph.nodes.get(value.target);
      if (!node) return { state: 'unknown', why: `reference to ${value.target} outside the run`, mayBe: [] };
      return kinds.includes(node.kind) ? { state: 'node', node } : { state: 'wrong-kind', node };
    }
    case 'scalar':
      if (typeof value.value !== 'string') return { state: 'external', text: String(value.value) };
      return matchByName(graph, value.value, kinds) ?? { state: 'external', text: value.value };
    case 'template':
      return linkOfTemplate(graph, value, kinds);
    case 'unknown': {
      const mayBe = (value.mayBe ?? []).flatMap((uid) => {
        const node = graph.nodes.get(uid);
        return node && kinds.includes(node.kind) ? [node] : [];
      });
      return { state: 'unknown', why: value.why, mayBe };
    }
    default:
      return { state: 'unknown', why: `expected a reference, found ${value.t === 'array' ? 'a list' : 'an object'}`, mayBe: [] };
  }
}

function linkOfTemplate(graph: ResourceGraph, value: Extract<RValue, { t: 'template' }>, kinds: readonly ResourceKind[]): Link {
  // An ARN built around a reference to a resource of the wanted kind names that resource.
  const refs = value.parts.filter((p): p is Extract<RValue, { t: 'ref' }> => typeof p !== 'string' && p.t === 'ref');
  for (const ref of refs) {
    const node = graph.nodes.get(ref.target);
    if (node && kinds.includes(node.kind)) return { state: 'node', node };
  }
  const pattern = templatePattern(value);
  const candidates = candidatesFor(graph, pattern, kinds);
  if (candidates.length === 1) {
    const only = candidates[0]!;
    // The literal parts pin the name down (e.g. `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/flow-logs`).
    if (literalTail(pattern) && only.names.some((n) => n.t === 'scalar' && tailMatches(String(n.value), pattern))) {
      return { state: 'node', node: only };
    }
  }
  const unknown = value.parts.find((p): p is Extract<RValue, { t: 'unknown' }> => typeof p !== 'string' && p.t === 'unknown');
  return { state: 'unknown', why: unknown?.why ?? 'the value is assembled from parts that are not known', mayBe: candidates };
}

function matchByName(graph: ResourceGraph, text: string, kinds: readonly ResourceKind[]): Link | undefined {
  const wantedName = arnResourceName(text);
  for (const kind of kinds) {
    const names = namesOfKind(graph, kind);
    const node = names.byName.get(text)?.[0] ?? (wantedName !== undefined ? names.byName.get(wantedName)?.[0] : undefined);
    if (node) return { state: 'node', node };
  }
  for (const kind of kinds) {
    for (const { node, patterns } of namesOfKind(graph, kind).patterned) {
      if (patterns.some((p) => globMatches(p, text))) return { state: 'node', node };
    }
  }
  return undefined;
}

/**
 * Nodes whose names may match a glob. When the glob ends in a literal resource name (the usual ARN
 * built around a known name) only nodes of that name can match: a lookup, not a scan.
 */
function candidatesFor(graph: ResourceGraph, pattern: string, kinds: readonly ResourceKind[]): ResourceNode[] {
  const base = arnResourceName(pattern) ?? pattern;
  const out: ResourceNode[] = [];
  for (const kind of kinds) {
    const names = namesOfKind(graph, kind);
    if (!base.includes('*')) {
      for (const node of names.byName.get(base) ?? []) if (!out.includes(node)) out.push(node);
      for (const { node, patterns } of names.patterned) if (patterns.some((p) => patternsMayOverlap(p, pattern))) out.push(node);
      continue;
    }
    for (const node of graph.ofKind(kind)) if (node.names.some((name) => nameMayMatch(name, pattern))) out.push(node);
  }
  return out;
}

/** `arn:aws:iam::1:role/path/Name` → `Name`; `arn:aws:logs:r:1:log-group:Name:*` → `Name`; `arn:aws:s3:::b` → `b`. */
export function arnResourceName(text: string): string | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const fields = text.split(':');
  const resource = fields.slice(5).join(':');
  // An S3 ARN names the bucket first and may go on with a key prefix (`arn:aws:s3:::bucket/flow-logs/`).
  if (fields[2] === 's3') return resource.split('/')[0];
  if (resource.startsWith('log-group:')) return resource.slice('log-group:'.length).replace(/:\*$/, '');
  const slash = resource.lastIndexOf('/');
  return slash >= 0 ? resource.slice(slash + 1) : resource;
}


function nameMayMatch(name: RValue, pattern: string): boolean {
  if (name.t === 'scalar' && typeof name.value === 'string') return globMatches(pattern, name.value) || tailMatches(name.value, pattern);
  return name.t === 'template' && patternsMayOverlap(templatePattern(name), pattern);
}

function literalTail(pattern: string): string {
  const star = pattern.lastIndexOf('*');
  return star < 0 ? pattern : pattern.slice(star + 1);
}

function tailMatches(name: string, pattern: string): boolean {
  const tail = literalTail(pattern);
  return tail.length > 0 && (tail === name || tail.endsWith(`/${name}`) || tail.endsWith(`:${name}`) || tail.endsWith(`:${name}:*`));
}

/** Glob match where `*` matches any run of characters (including none). Linear-time, no regex. */
export function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Could two globs match a common string? Conservative: compares the literal prefixes and suffixes. */
export function patternsMayOverlap(a: string, b: string): boolean {
  const prefix = (s: string) => s.slice(0, s.includes('*') ? s.indexOf('*') : s.length);
  const suffix = (s: string) => s.slice(s.includes('*') ? s.lastIndexOf('*') + 1 : 0);
  const [pa, pb, sa, sb] = [prefix(a), prefix(b), suffix(a), suffix(b)];
  const prefixesAgree = pa.startsWith(pb) || pb.startsWith(pa);
  const suffixesAgree = sa.endsWith(sb) || sb.endsWith(sa);
  if (!a.includes('*')) return globMatches(b, a);
  if (!b.includes('*')) return globMatches(a, b);
  return prefixesAgree && suffixesAgree;
}
