/**
 * `for_each = aws_vpc.this` with `vpc_id = each.value.id`, one flow log per VPC of a map. The plan
 * records the argument's reference as `each.value.id`, which names no resource: alone it may be
 * anything, so every such VPC was only "may be targeted" (a note), even the one whose flow log
 * captures ACCEPT only, where the `.tf` source gives the error.
 *
 * The plan records only what a `for_each` reads, not how: `for_each = aws_vpc.this` and a `for`
 * expression over it that re-keys it (`{ for k, v in aws_vpc.this : v.tags["Peer"] => v }`, where
 * key "app" may hold the VPC "data") both read `aws_vpc.this`. So `each.value` is read as the
 * instance of the same key only where the block's `.tf` source (in the run or beside the plan) writes
 * `for_each` as that reference alone, and that resource has an instance of this instance's key. A
 * plan without its source stays unknown: a rule never reports a definite failure from what may be
 * another VPC.
 */
import type { ConfigResource } from './configuration.js';
import type { Instance } from './instances.js';
import type { ReferenceResolver } from './references.js';
import { referencesOf } from './values.js';

const EACH_VALUE = 'each.value';

/** A block's `for_each` as its `.tf` source writes it. */
export interface WrittenForEach {
  /** `aws_vpc.this` when the expression is that reference and nothing else; absent for any other expression. */
  reference?: string;
}

/** The references with `each.value…` read as the instance it iterates, where that is certain. */
export function withEachValue(resolver: ReferenceResolver, resource: ConfigResource, instance: Instance, refs: string[], written?: WrittenForEach): string[] {
  if (instance.key === undefined || !refs.some(isEachValue)) return refs;
  const sources = [...new Set(referencesOf(resource.raw['for_each_expression']))];
  const [source] = sources;
  if (sources.length !== 1 || source === undefined || !/^[A-Za-z][\w-]*\.[A-Za-z_][\w-]*$/.test(source) || source.startsWith('data.')) return refs;
  // No source to tell, or it writes something else that reads it (a `for` expression that may re-key it).
  if (written?.reference !== source) return refs;
  const item = `${source}[${instance.key}]`;
  const found = resolver.resolve(resource.module, instance.moduleKeys, [item]);
  if (!found.some((candidate) => candidate.t === 'node')) return refs;
  return refs.map((ref) => (isEachValue(ref) ? `${item}${ref.slice(EACH_VALUE.length)}` : ref));
}

function isEachValue(ref: string): boolean {
  return ref === EACH_VALUE || ref.startsWith(`${EACH_VALUE}.`) || ref.startsWith(`${EACH_VALUE}[`);
}
