/**
 * What Terraform's JSON syntax cannot say by itself: which keys are blocks (and how many labels they
 * take) and which strings are expressions rather than templates. Terraform takes this from provider
 * schemas; we know the language's own blocks and the nested blocks of the resources flowguard reads.
 * Any other object value stays an argument holding an object, which evaluates to the same shape.
 */
import { nameTable } from '../../core/name-table.js';

/** Top-level block types and their label counts (`resource.<type>.<name>` has two). */
export const TOP_LEVEL_BLOCKS: Readonly<Record<string, number>> = nameTable({
  resource: 2,
  data: 2,
  ephemeral: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  removed: 0,
});

const RESOURCE_BLOCKS = nameTable({
  lifecycle: 0,
  provisioner: 1,
  connection: 0,
  dynamic: 1,
  timeouts: 0,
  // Nested blocks of the AWS resources the rules read.
  inline_policy: 0,
  destination_options: 0,
  statement: 0,
});

/** Nested block names (and label counts) by the type of the block that contains them. */
const NESTED_BLOCKS: Readonly<Record<string, Readonly<Record<string, number>>>> = nameTable({
  resource: RESOURCE_BLOCKS,
  data: RESOURCE_BLOCKS,
  ephemeral: RESOURCE_BLOCKS,
  lifecycle: nameTable({ precondition: 0, postcondition: 0 }),
  provisioner: nameTable({ connection: 0 }),
  variable: nameTable({ validation: 0 }),
  output: nameTable({ precondition: 0 }),
  terraform: nameTable({ required_providers: 0, backend: 1, cloud: 0, provider_meta: 1 }),
  check: nameTable({ assert: 0, data: 2 }),
  provider: nameTable({ assume_role: 0, assume_role_with_web_identity: 0, default_tags: 0, ignore_tags: 0 }),
  dynamic: nameTable({ content: 0 }),
  statement: nameTable({ principals: 0, not_principals: 0, condition: 0, dynamic: 1 }),
});

/** Label count when `name` is a block inside a block of type `parent`; undefined when it is an argument. */
export function nestedBlockLabels(parent: string, name: string): number | undefined {
  if (parent === 'locals') return undefined;
  return NESTED_BLOCKS[parent]?.[name];
}

/** Arguments whose strings are HCL expressions (`"type": "list(string)"`, `"depends_on": ["aws_vpc.main"]`), by block type. */
const EXPRESSION_ARGUMENTS: Readonly<Record<string, readonly string[]>> = nameTable({
  resource: ['provider', 'depends_on'],
  data: ['provider', 'depends_on'],
  ephemeral: ['provider', 'depends_on'],
  module: ['providers', 'depends_on'],
  output: ['depends_on'],
  variable: ['type'],
  lifecycle: ['ignore_changes', 'replace_triggered_by'],
  moved: ['from', 'to'],
  import: ['to'],
  removed: ['from'],
});

export function isExpressionArgument(blockType: string, name: string): boolean {
  return EXPRESSION_ARGUMENTS[blockType]?.includes(name) ?? false;
}
