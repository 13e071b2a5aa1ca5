/**
 * Format detection from content. A cheap text sniff decides whether a walked file is worth parsing at
 * all (Helm charts and package manifests are skipped without a parse); the parsed value decides the
 * format for certain.
 */
export type InputFormat = 'cloudformation' | 'terraform-plan' | 'terraform-state';

/** Does the text look meant to be a template or plan? Used for walked files before and after parsing. */
export function looksLikeInfrastructure(text: string): boolean {
  // The plan markers first: `terraform show -json` writes them at the start of files of tens of MB, in
  // which each CloudFormation marker would be searched to the end (35 ms on the bench's 48 MB plan).
  return (
    (text.includes('"format_version"') && (text.includes('"planned_values"') || text.includes('"resource_changes"') || text.includes('"values"'))) ||
    text.includes('AWSTemplateFormatVersion') ||
    (text.includes('Resources') && /\b(AWS|Custom)::/.test(text))
  );
}

/**
 * The machine-readable log of a `terraform … -json` command: one JSON message a line, the first
 * `{"@level":…,"@module":"terraform.ui",…,"type":"version"}`. `plan` when it is the log of a plan (a
 * `planned_change` message, or a plan's `change_summary`, and nothing applied), which is easily saved
 * as `plan.json` and taken for a plan; `other` for the logs of `apply`, `destroy`, `test`, `init`, …;
 * undefined for anything else.
 * The first line decides whether it is a log at all.
 */
export function terraformUiLog(text: string): { kind: 'plan' | 'other'; start: number; end: number } | undefined {
  const start = text.search(/\S/);
  if (start === -1 || !text.startsWith('{"@level":', start)) return undefined;
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  if (!text.slice(start, end).includes('"@module":"terraform.ui"')) return undefined;
  // `apply -json` and `destroy -json` without a saved plan log their plan first: the apply decides.
  const applied = text.includes('"type":"apply_start"') || text.includes('"operation":"apply"') || text.includes('"operation":"destroy"');
  const plan = !applied && (text.includes('"type":"planned_change"') || text.includes('"operation":"plan"'));
  return { kind: plan ? 'plan' : 'other', start, end };
}

/** The format of a parsed JSON/YAML value, or undefined when it is none of ours. */
export function detectFormat(value: unknown): InputFormat | undefined {
  if (!isObject(value)) return undefined;
  if ('format_version' in value) {
    if ('planned_values' in value || 'resource_changes' in value) return 'terraform-plan';
    if ('values' in value) return 'terraform-state';
  }
  if ('AWSTemplateFormatVersion' in value) return 'cloudformation';
  const resources = value['Resources'];
  return isObject(resources) && hasResourceType(resources, 0) ? 'cloudformation' : undefined;
}

/** Whether a `Resources` section (or the template of a `Fn::ForEach` loop in it) has an `AWS::`-style `Type`. */
function hasResourceType(resources: Record<string, unknown>, depth: number): boolean {
  for (const [key, resource] of Object.entries(resources)) {
    const type = isObject(resource) ? resource['Type'] : undefined;
    if (typeof type === 'string' && /^(AWS|Custom|Alexa)::/.test(type)) return true;
    // `Fn::ForEach::Name: [Identifier, Collection, { 'Key${Identifier}': resource }]`
    const template = key.startsWith('Fn::ForEach::') && Array.isArray(resource) ? resource[2] : undefined;
    if (depth < 8 && isObject(template) && hasResourceType(template, depth + 1)) return true;
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
