/**
 * What the run cannot see: a module or nested stack whose source is not in the run, a file of a
 * module that could not be parsed. Each is a `stack` node that is not `resolved`, whose `inputs` hold
 * what it is handed; it may do with those what the graph cannot show (create a VPC's flow log, attach
 * a policy to a role), so a rule never concludes from the graph alone that such a thing is missing.
 */
import { linkOf } from '../src/graph/lookup.js';
import type { ResourceGraph, ResourceKind, ResourceNode, RTemplate, RValue } from '../src/graph/model.js';
import { isDeployed, named, quote } from './support.js';

/** Values looked at per stack's inputs, at most: a module argument may be a list of thousands. */
const MAX_VALUES = 10_000;

/** A deployed stack node whose source the run does not hold (its resources are not in the graph). */
export function isUnseen(node: ResourceNode): boolean {
  if (node.kind !== 'stack' || !isDeployed(node)) return false;
  const resolved = node.attrs['resolved'];
  return !(resolved?.t === 'scalar' && resolved.value === true);
}

/**
 * The nodes of `kinds` handed to an unseen stack, by reference or by a name or ARN that names them
 * (`role_name = "flow-logs"`), each with the first stack it is handed to (in graph order).
 */
export function handedToUnseen(graph: ResourceGraph, kinds: readonly ResourceKind[]): Map<string, ResourceNode> {
  const handed = new Map<string, ResourceNode>();
  forEachUnseenInput(graph, (value, stack) => {
    if (value.t === 'unknown') return;
    const link = linkOf(graph, value, kinds);
    if (link.state === 'node' && !handed.has(link.node.uid)) handed.set(link.node.uid, stack);
  });
  return handed;
}

/**
 * Every value (not an object or array: their members are visited instead) an unseen stack is handed,
 * with the stack, in graph order; at most `MAX_VALUES` values a stack.
 */
function forEachUnseenInput(graph: ResourceGraph, leaf: (value: RValue, stack: ResourceNode) => void): void {
  for (const stack of graph.ofKind('stack')) {
    const inputs = stack.attrs['inputs'];
    if (!inputs || !isUnseen(stack)) continue;
    let left = MAX_VALUES;
    const visit = (value: RValue): void => {
      if (--left < 0) return;
      if (value.t === 'object') for (const key in value.entries) visit(value.entries[key]!);
      else if (value.t === 'array') for (const item of value.items) visit(item);
      else leaf(value, stack);
    };
    visit(inputs);
  }
}

/**
 * The nodes `stack` is handed itself, by uid: a reference to one (its id or ARN, which the graph keeps
 * as references), alone, in a list, or in a string that is nothing but such ids and separators
 * (`"${aws_vpc.a.id},${aws_vpc.b.id}"`) or ends in one as an ARN does (`…:vpc/${aws_vpc.a.id}`). A name
 * made from an id (`bucket_name = "flow-logs-${aws_vpc.main.id}"`) hands the stack a name, from which
 * it cannot make that VPC's flow log. Undefined for files that could not be parsed (they may do anything
 * with what they see) and for a stack handed more than `MAX_VALUES` values (the walk stops there, so
 * whatever it did not look at may be handed itself). One walk a stack (a rule keeps the set).
 */
export function handedItself(stack: ResourceNode): ReadonlySet<string> | undefined {
  if (unparsedFiles(stack).length > 0) return undefined;
  const handed = new Set<string>();
  let left = MAX_VALUES;
  const visit = (value: RValue): void => {
    if (--left < 0) return;
    if (value.t === 'ref') handed.add(value.target);
    else if (value.t === 'template') {
      value.parts.forEach((part, i) => {
        if (typeof part !== 'string' && part.t === 'ref' && standsAlone(value.parts, i)) handed.add(part.target);
      });
    } else if (value.t === 'object') for (const key in value.entries) visit(value.entries[key]!);
    else if (value.t === 'array') for (const item of value.items) visit(item);
  };
  for (const name in stack.attrs) visit(stack.attrs[name]!);
  // Cut short, the walk may have missed the VPC among what it did not look at: the graph's edge says
  // the stack is handed it somewhere, so it may be handed it itself.
  return left < 0 ? undefined : handed;
}

/** Text that may stand between ids in one string: a list's separators, a JSON document's quotes and brackets. */
const SEPARATOR = /[\s,;"'[\]{}]/;

/** Whether the part at `i` of a template is a value of its own: separated from the text around it, or an ARN's last segment. */
function standsAlone(parts: RTemplate['parts'], i: number): boolean {
  const before = literalRun(parts, i, -1);
  const after = literalRun(parts, i, 1);
  const beforeOk = before === '' || SEPARATOR.test(before.at(-1)!) || /:[A-Za-z][\w-]*\/$/.test(before);
  return beforeOk && (after === '' || SEPARATOR.test(after[0]!));
}

/** The literal text next to part `i`, going `step` (-1: before it, 1: after it) up to the next part that is not text. */
function literalRun(parts: RTemplate['parts'], i: number, step: -1 | 1): string {
  let text = '';
  for (let j = i + step; j >= 0 && j < parts.length; j += step) {
    const part = parts[j]!;
    if (typeof part !== 'string') break;
    text = step < 0 ? part + text : text + part;
  }
  return text;
}

/** An unseen stack that may be handed a node, and why that is not known. */
export interface MaybeHanded {
  stack: ResourceNode;
  why: string;
}

/**
 * The nodes of `kinds` that an unseen stack may be handed: an input that may name any node of some
 * files (`RUnknown.mayBeAnyIn`, e.g. an output read from the state of a root whose backend is completed
 * at `terraform init`) may name each of theirs. Each with the first such stack (in graph order).
 * `itselfOnly`: not when the input only makes a name of it (`"flow-logs-${…vpc_id}"`, see `handedItself`).
 * Linear: the files are gathered first, then the nodes of `kinds` looked up once.
 */
export function mayBeHandedToUnseen(graph: ResourceGraph, kinds: readonly ResourceKind[], itselfOnly = false): Map<string, MaybeHanded> {
  const byFile = new Map<string, MaybeHanded>();
  forEachUnseenInput(graph, (value, stack) => {
    const mayBe = (unknownValue: Extract<RValue, { t: 'unknown' }>): void => {
      for (const file of unknownValue.mayBeAnyIn ?? []) if (!byFile.has(file)) byFile.set(file, { stack, why: unknownValue.why });
    };
    if (value.t === 'unknown') mayBe(value);
    else if (value.t === 'template') {
      // With `itselfOnly`, as `handedItself` reads what a stack is handed: a name made from the value is not it.
      const anyPart = !itselfOnly || unparsedFiles(stack).length > 0;
      value.parts.forEach((part, i) => {
        if (typeof part !== 'string' && part.t === 'unknown' && (anyPart || standsAlone(value.parts, i))) mayBe(part);
      });
    }
  });
  const handed = new Map<string, MaybeHanded>();
  if (byFile.size === 0) return handed;
  for (const kind of kinds) {
    for (const node of graph.ofKind(kind)) {
      const by = byFile.get(node.logicalFile ?? node.file);
      if (by) handed.set(node.uid, by);
    }
  }
  return handed;
}

/**
 * Why what `stack` is handed cannot be verified, ending in what it may do (`may create its flow log`):
 * `it is passed to `module.x` (module git::…), whose source is not part of this run and may …`, or
 * `` `flow-logs.tf` in the same module could not be parsed and may … ``.
 */
export function unseenWhy(stack: ResourceNode, subject: ResourceNode, may: string): string {
  const unparsed = unparsedFiles(stack);
  const opaque = text(stack, 'opaque');
  const [first] = unparsed;
  if (first !== undefined) {
    const more = unparsed.length > 1 ? ` (and ${unparsed.length - 1} more ${unparsed.length === 2 ? 'file' : 'files'})` : '';
    if (directoryOf(first) === directoryOf(subject.file)) return `${quote(baseName(first))}${more} in the same module could not be parsed and ${may}`;
    return `${opaque ?? `${quote(first)}${more} could not be parsed`} and ${may}`;
  }
  if (opaque !== undefined) return `it is passed to ${named(stack)} (${stack.type}), which ${may}: ${opaque}`;
  return `it is passed to ${named(stack)} (${stack.type}), whose source is not part of this run and ${may}`;
}

/** As `unseenWhy`, for a stack that may be handed the node: `it may be passed to `module.x` (module git::…), whose source … (why)`. */
export function maybeUnseenWhy(handed: MaybeHanded, subject: ResourceNode, may: string): string {
  return `${unseenWhy(handed.stack, subject, may).replace(/^it is passed to /, 'it may be passed to ')} (${handed.why})`;
}

/** The related-location message for the unseen stack: `` `module.x` receives this VPC `` / `` `a.tf` could not be parsed ``. */
export function unseenRelated(stack: ResourceNode, what: string, maybe = false): string {
  const [first] = unparsedFiles(stack);
  return first !== undefined ? `${quote(first)} could not be parsed` : `${quote(stack.id)} ${maybe ? 'may receive' : 'receives'} this ${what}`;
}

/**
 * The unseen stack `node` is handed (for certain, else possibly, see `mayBeHandedToUnseen`), with why
 * it cannot be verified (ending in `may`) and the related-location message; undefined when none.
 */
export function unseenConsumer(
  node: ResourceNode,
  handed: ReadonlyMap<string, ResourceNode>,
  maybeHanded: () => ReadonlyMap<string, MaybeHanded>,
  what: string,
  may: string,
): { stack: ResourceNode; why: string; related: string } | undefined {
  const stack = handed.get(node.uid);
  if (stack) return { stack, why: unseenWhy(stack, node, may), related: unseenRelated(stack, what) };
  const maybe = maybeHanded().get(node.uid);
  return maybe && { stack: maybe.stack, why: maybeUnseenWhy(maybe, node, may), related: unseenRelated(maybe.stack, what, true) };
}

/** The files a node stands for that could not be parsed (none for a module or stack call). */
function unparsedFiles(stack: ResourceNode): string[] {
  const value = stack.attrs['unparsed'];
  if (value?.t !== 'array') return [];
  return value.items.flatMap((item) => (item.t === 'scalar' && typeof item.value === 'string' ? [item.value] : []));
}

function text(node: ResourceNode, attr: string): string | undefined {
  const value = node.attrs[attr];
  return value?.t === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
}

function directoryOf(file: string): string {
  return file.slice(0, Math.max(0, file.lastIndexOf('/')));
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}
