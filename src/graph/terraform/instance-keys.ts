/**
 * A resource, data source or module call with `count` or `for_each` is a list or map of instances,
 * so `aws_iam_role.flow_logs.arn` must name one (`aws_iam_role.flow_logs[0].arn`). Terraform refuses
 * a resource or data source read without its key before it plans anything ("Missing resource
 * instance key", `terraform validate`), whatever the count is, and a module call's output so read
 * when it plans ("Unsupported attribute": the call is a tuple or an object of instances). The value
 * is an error, a `parse-error` where the reference is written (as an invalid `count` is), marked as
 * a refused reference (`Undeclared.refusal`), so a flow log that uses it is never created
 * (resources.ts), as one that names an undeclared resource is.
 *
 * Only an attribute read right after the address is refused, as Terraform's check does: the whole
 * value (`aws_iam_role.x` in `for`, `length()`, `values()`), a splat (`aws_iam_role.x[*].arn`, the
 * legacy `.*.arn`) and an index (`[0]`, the legacy `.0`, `[each.key]`) are what the list is for.
 * `depends_on` and the `moved`, `import` and `removed` blocks are never evaluated. `try()` and
 * `can()` do not catch a resource so read (Terraform checks references before it evaluates them),
 * but do catch a module call's output, an error only when evaluated.
 */
import type { Span } from '../../core/source.js';
import type { Block, TraversalStep } from '../../parse/hcl/ast.js';
import { attributeOf, possibleInstances, type Expansion, type ResourceInstance, type Scope } from './context.js';
import type { Evaluator } from './evaluate.js';
import { verror, type VError } from './values.js';

/**
 * The error for `label` (`aws_iam_role.flow_logs`, `module.network`) read through `next` when its
 * `block` has `count` or `for_each`; undefined when the reference is one Terraform takes.
 */
export function missingInstanceKey(ev: Evaluator, scope: Scope, block: Block, label: string, next: TraversalStep | undefined, span: Span): VError | undefined {
  if (next?.k !== 'attr') return undefined;
  const by = attributeOf(block, 'count') ? 'count' : attributeOf(block, 'for_each') ? 'for_each' : undefined;
  if (by === undefined) return undefined;
  const module = label.startsWith('module.');
  // Terraform finds a module call's output so read only as it evaluates: `try()` and `can()` catch it.
  if (module && scope.caught) return undefined;
  // Terraform's own example keys by the referring block's instance; outside such a block, a key of the right kind.
  const key = by === 'count' ? (scope.count ? 'count.index' : '0') : scope.each ? 'each.key' : '"<key>"';
  const fix = `${label}[${key}].${next.name}`;
  const what = module ? 'outputs' : 'attributes';
  const refusal = `\`${label}\` has \`${by}\` set, so its ${what} must be read on one instance, such as \`${fix}\``;
  const summary = module ? 'Unsupported attribute' : 'Missing resource instance key';
  const stage = module ? 'plan' : 'configuration';
  ev.report({ span, message: `${summary}: because ${label} has "${by}" set, its ${what} must be accessed on specific instances, such as ${fix} (Terraform refuses the ${stage})` });
  return { ...verror(`${label} has "${by}" set, so ${label}.${next.name} names no instance`, span), undeclared: { name: label, expected: module ? 'module call' : 'resource', refusal: `Terraform refuses the ${stage}: ${refusal} (${summary})` } };
}

/**
 * The refused reference with the resource instances it meant (`Undeclared.nearUids`): a VPC read as
 * `aws_vpc.this.id` is the one its flow log was meant to cover, and its finding names that flow log.
 */
export function meaningInstances(refused: VError, expansion: Expansion<ResourceInstance>): VError {
  const instances = possibleInstances(expansion);
  if (!refused.undeclared || instances.length === 0) return refused;
  return { ...refused, undeclared: { ...refused.undeclared, nearUids: instances.map((res) => res.uid) } };
}
