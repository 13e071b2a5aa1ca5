/**
 * "Which resource does this value name?" — the one question every rule asks of a reference.
 * A value can point at a node by reference (`Ref`, `GetAtt`, Terraform attribute), by a literal name
 * or ARN that matches a node's known names, or by an ARN template with a reference inside it
 * (`!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${FlowRole}`).
 */
import type { ResourceGraph, ResourceKind, ResourceNode, RValue } from './model.js';
import { globsOverlap, MAX_GLOB_LENGTH } from './glob.js';
import { familiesAgreeingWith, globFamily, literalPrefix, namesOfKind, namesStartingWith, templatePattern, type GlobName, type KindNames } from './name-index.js';

export { templatePattern };

export type Link =
  /** The value names this node of the run. */
  | { state: 'node'; node: ResourceNode }
  /**
   * The value cannot be known statically; `mayBe` lists nodes it could be. `anything`: its resolution
   * was cut short by a limit, and `mayBe` is every node of the wanted kinds it could have reached.
   */
  | { state: 'unknown'; why: string; mayBe: ResourceNode[]; anything?: true }
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
      if (value.mayBeAnyIn) return anyOf(graph, value.why, kinds, value.mayBeAnyIn);
      const mayBe = (value.mayBe ?? []).flatMap((uid) => {
        const node = graph.nodes.get(uid);
        return node && kinds.includes(node.kind) ? [node] : [];
      });
      return { state: 'unknown', why: mayBe.length > 0 && value.mayBeWhy !== undefined ? value.mayBeWhy : value.why, mayBe };
    }
    default:
      return { state: 'unknown', why: `expected a reference, found ${value.t === 'array' ? 'a list' : 'an object'}`, mayBe: [] };
  }
}

/**
 * The nodes of `node`'s kind that carry its first known name that others carry too, in graph order
 * (`node` among them); `[node]` when none does. A VPC's id names one VPC, so two nodes with one id are
 * that VPC seen twice (a root's state beside its plan, a VPC imported into two roots), and a lookup
 * by that id finds only the first of them.
 */
export function namesakes(graph: ResourceGraph, node: ResourceNode): readonly ResourceNode[] {
  for (const name of node.names) {
    if (name.t !== 'scalar' || typeof name.value !== 'string') continue;
    const same = namesOfKind(graph, node.kind).byName.get(name.value);
    if (same && same.length > 1) return same;
  }
  return [node];
}

function linkOfTemplate(graph: ResourceGraph, value: Extract<RValue, { t: 'template' }>, kinds: readonly ResourceKind[]): Link {
  // An ARN built around a reference to a resource of the wanted kind names that resource.
  const refs = value.parts.filter((p): p is Extract<RValue, { t: 'ref' }> => typeof p !== 'string' && p.t === 'ref');
  for (const ref of refs) {
    const node = graph.nodes.get(ref.target);
    if (node && kinds.includes(node.kind)) return { state: 'node', node };
  }
  const cut = value.parts.find((p): p is Extract<RValue, { t: 'unknown' }> => typeof p !== 'string' && p.t === 'unknown' && p.mayBeAnyIn !== undefined);
  if (cut?.mayBeAnyIn) return anyOf(graph, cut.why, kinds, cut.mayBeAnyIn);
  const pattern = templatePattern(value);
  const candidates = candidatesFor(graph, pattern, kinds);
  if (candidates.length === 1) {
    const only = candidates[0]!;
    // The literal parts pin the name down (e.g. `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/flow-logs`).
    if (literalTail(pattern) && only.names.some((n) => n.t === 'scalar' && tailMatches(String(n.value), pattern))) {
      return { state: 'node', node: only };
    }
  }
  const alike = sameNameIn(value, candidates);
  if (alike.length === 1) return { state: 'node', node: alike[0]! };
  const unknown = value.parts.find((p): p is Extract<RValue, { t: 'unknown' }> => typeof p !== 'string' && p.t === 'unknown');
  return { state: 'unknown', why: unknown?.why ?? 'the value is assembled from parts that are not known', mayBe: candidates };
}

/**
 * The candidates whose name `value` (a name or an ARN) spells with the same unknowns, in the same
 * template: `flow-logs-${AWS::Region}` written as a role's `RoleName` and inside an ARN of that template
 * is the same name in every deployment of it, though neither is known (`RUnknown.symbol`).
 */
function sameNameIn(value: Extract<RValue, { t: 'template' }>, candidates: readonly ResourceNode[]): ResourceNode[] {
  // One numbering of the unknowns for every side; a token holds no `:` or `/`, so ARN fields stay put.
  const tokens = new Map<string, string>();
  const wanted = spelled(value, tokens);
  if (wanted === undefined) return [];
  const resourceName = arnResourceName(wanted);
  return candidates.filter((node) => {
    const [name] = node.names;
    if (!name || name.span.file !== value.span.file) return false;
    const own = spelled(name, tokens);
    return own !== undefined && own !== '' && (own === wanted || own === resourceName);
  });
}

/** The text of a name with each unknown that has a `symbol` as a token; undefined if another part is unknown. */
function spelled(value: RValue, tokens: Map<string, string>): string | undefined {
  if (value.t === 'scalar') return typeof value.value === 'string' ? value.value : undefined;
  if (value.t !== 'template') return undefined;
  let text = '';
  for (const part of value.parts) {
    if (typeof part === 'string') text += part;
    else if (part.t === 'unknown' && part.symbol !== undefined) {
      let token = tokens.get(part.symbol);
      if (token === undefined) tokens.set(part.symbol, (token = `\u0001${tokens.size}\u0002`));
      text += token;
    } else return undefined;
  }
  return text;
}

/**
 * A value cut short by a limit: it may be any node of the wanted kinds it could have reached (`files`).
 * One list for each set of files: the values of 2,000 roots that read one remote state share their
 * set, and a rule can then take the list as one group (rules/vpc-flow-logs.ts) instead of scanning
 * every VPC for every flow log. The list is shared: callers must not change it.
 */
function anyOf(graph: ResourceGraph, why: string, kinds: readonly ResourceKind[], files: ReadonlySet<string>): Link {
  let byFiles = reachable.get(graph);
  if (!byFiles) reachable.set(graph, (byFiles = new WeakMap()));
  let byKinds = byFiles.get(files);
  if (!byKinds) byFiles.set(files, (byKinds = new Map()));
  const key = kinds.join(',');
  let mayBe = byKinds.get(key);
  if (!mayBe) byKinds.set(key, (mayBe = kinds.flatMap((kind) => graph.ofKind(kind).filter((node) => files.has(node.logicalFile ?? node.file)))));
  return { state: 'unknown', why, mayBe, anything: true };
}

const reachable = new WeakMap<ResourceGraph, WeakMap<ReadonlySet<string>, Map<string, ResourceNode[]>>>();

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
 * built around a known name) only nodes of that name can match: a lookup, not a scan. Otherwise the
 * indexes narrow the search (known names by literal prefix and tail, partly known names by family),
 * and the answer is remembered: a thousand stacks ask the same few questions.
 */
function candidatesFor(graph: ResourceGraph, pattern: string, kinds: readonly ResourceKind[]): ResourceNode[] {
  let answers = candidateAnswers.get(graph);
  if (!answers) candidateAnswers.set(graph, (answers = new Map()));
  const key = `${kinds.join(',')}\u0000${pattern}`;
  let answer = answers.get(key);
  if (!answer) answers.set(key, (answer = kinds.flatMap((kind) => candidatesOfKind(namesOfKind(graph, kind), pattern))));
  return [...answer];
}

const candidateAnswers = new WeakMap<ResourceGraph, Map<string, ResourceNode[]>>();

function candidatesOfKind(names: KindNames, pattern: string): ResourceNode[] {
  const base = arnResourceName(pattern) ?? pattern;
  const overlapping = globsAgreeingWith(names, pattern);
  if (!base.includes('*')) {
    const out = [...(names.byName.get(base) ?? [])];
    // Only nodes without a known name: a node with one is found by it.
    for (const { node, pattern: glob, named } of overlapping) {
      if (!named && !out.includes(node) && patternsMayOverlap(glob, pattern)) out.push(node);
    }
    return inGraphOrder(names, out);
  }
  const found = new Set<ResourceNode>();
  for (const name of namesStartingWith(names, literalPrefix(pattern))) {
    if (globMatches(pattern, name)) for (const node of names.byName.get(name)!) found.add(node);
  }
  for (const name of tailNames(pattern)) for (const node of names.byName.get(name) ?? []) found.add(node);
  for (const { node, pattern: glob } of overlapping) if (!found.has(node) && patternsMayOverlap(glob, pattern)) found.add(node);
  return inGraphOrder(names, [...found]);
}

/** The partly known names that may match a common string with `pattern` (a coarse filter). */
function* globsAgreeingWith(names: KindNames, pattern: string): Generator<GlobName> {
  for (const family of familiesAgreeingWith(globFamily(pattern), names.globs.keys())) yield* names.globs.get(family)!;
}

function inGraphOrder(names: KindNames, nodes: ResourceNode[]): ResourceNode[] {
  return nodes.sort((a, b) => names.order.get(a)! - names.order.get(b)!);
}

/** The names `tailMatches` accepts for this glob: its literal tail, and each part after a `/` or `:` in it. */
function tailNames(pattern: string): string[] {
  const tail = literalTail(pattern);
  if (!tail) return [];
  const out = [tail];
  for (let i = 0; i < tail.length - 1; i++) if (tail[i] === '/' || tail[i] === ':') out.push(tail.slice(i + 1));
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

/**
 * Could two globs match a common string? The literal prefixes and suffixes answer most pairs at once;
 * the exact test (`globsOverlap`, quadratic in the lengths) runs only on pairs that pass them.
 */
export function patternsMayOverlap(a: string, b: string): boolean {
  if (!a.includes('*')) return globMatches(b, a);
  if (!b.includes('*')) return globMatches(a, b);
  const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
  const [sa, sb] = [a.slice(a.lastIndexOf('*') + 1), b.slice(b.lastIndexOf('*') + 1)];
  const prefixesAgree = pa.startsWith(pb) || pb.startsWith(pa);
  const suffixesAgree = sa.endsWith(sb) || sb.endsWith(sa);
  if (!prefixesAgree || !suffixesAgree) return false;
  // Too long for the exact test: keep the pair (a candidate too many only makes a link unknown).
  if (a.length > MAX_GLOB_LENGTH || b.length > MAX_GLOB_LENGTH) return true;
  const [fa, fb] = [arnFields(a), arnFields(b)];
  if (!fa || !fb) return globsOverlap(a, b);
  return fa.every((field, i) => globsOverlap(field, fb[i]!));
}

/**
 * An ARN glob as its five fixed fields and the resource (`arn`, partition, service, region, account,
 * resource). A `*` there stands for one unknown part (`${AWS::Partition}`, `${AWS::AccountId}`), which
 * never holds a `:`; without fields `arn:aws:*` would overlap `arn:*:s3:::bucket`.
 */
function arnFields(glob: string): string[] | undefined {
  if (!glob.startsWith('arn:')) return undefined;
  const fields = glob.split(':');
  return fields.length < 6 ? undefined : [...fields.slice(0, 5), fields.slice(5).join(':')];
}
