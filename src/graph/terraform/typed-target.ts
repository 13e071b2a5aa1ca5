/**
 * A flow log that names its target as CloudFormation does (`awscc_ec2_flow_log`'s `resource_id` and
 * `resource_type`), written so that Terraform refuses it: the target under another name
 * (`resource_ids = [aws_vpc.main.id]`, the EC2 API's `ResourceIds`; `vpc_id`, the `aws` provider's
 * argument), or as a list. Terraform stops at validation ("Unsupported argument", "Incorrect attribute
 * value type"), so the flow log never exists. Said with the argument as written, rather than "set
 * resource_id" on a block that visibly sets something; its first id is kept as its target, so the VPC's
 * finding names it as the near miss it is.
 */
import { closest } from '../../core/suggest.js';
import type { Attribute, Block } from '../../parse/hcl/ast.js';
import type { RValue } from '../model.js';
import { FLOW_LOG_TARGETS } from './schema.js';

/** What a resource block may hold besides its type's arguments (Terraform's meta-arguments). */
const META_ARGUMENTS: ReadonlySet<string> = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle']);

/**
 * `accepted`: every argument the type takes (its provider's schema). The target written under a name
 * that is not one of them but is close to `id`, or is the `aws` provider's.
 */
export function misnamedTarget(block: Block, id: string, accepted: ReadonlySet<string>): Attribute | undefined {
  if (block.body.attributes.some((a) => a.name === id)) return undefined;
  return block.body.attributes.find((a) => !accepted.has(a.name) && !META_ARGUMENTS.has(a.name) && (a.name in FLOW_LOG_TARGETS || closest(a.name, [id]) !== undefined));
}

/** Why Terraform refuses the target written as `value` under `written` (a misnamed argument, or `id` itself), if it does. */
export function refusedTarget(written: string, value: RValue, id: string, type: string): string | undefined {
  const list = value.t === 'array';
  if (written === id) return list ? `Terraform refuses the configuration: \`${id}\` of ${type} takes one id, a string, not a list ("Incorrect attribute value type"); write ${id} = <id>, one flow log for each id` : undefined;
  const targetType = FLOW_LOG_TARGETS[written];
  const meant = `did you mean \`${id}\`${targetType === undefined ? '' : `, with resource_type "${targetType}"`}${list ? ', with one id' : ''}?`;
  const whose = targetType === undefined ? '' : ` (\`${written}\` is aws_flow_log's)`;
  return `Terraform refuses the configuration: \`${written}\` is not an argument of ${type} ("Unsupported argument"); ${meant}${whose}`;
}

/** The first id of a list written for one, kept as the flow log's target; the value itself otherwise. */
export function firstOf(value: RValue): RValue | undefined {
  return value.t === 'array' ? value.items[0] : value;
}
