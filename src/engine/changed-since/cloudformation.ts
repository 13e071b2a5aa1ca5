/**
 * CloudFormation: which logical ids were added or changed between two versions of a template. Both
 * versions are parsed by our own JSON/YAML parsers, so short-form tags are already in long form and a
 * template converted from JSON to YAML is unchanged. See docs/decisions.md ("--changed-since") for why
 * this is not `@aws-cdk/cloudformation-diff`.
 */
import { isDeepStrictEqual } from 'node:util';
import { expandResources } from '../../graph/cloudformation/foreach.js';

/** The parts of a resource that decide what it is and how it is checked. */
const RESOURCE_KEYS = ['Type', 'Properties', 'Condition', 'DependsOn', 'Metadata'] as const;
/**
 * Template sections every resource can read (parameter defaults, mappings, conditions, SAM globals,
 * transforms): when one changes, any resource may check differently, so all count as changed.
 */
const SHARED_SECTIONS = ['Parameters', 'Mappings', 'Conditions', 'Globals', 'Transform'] as const;

function stackNagSuppressions(template: Record<string, unknown>): unknown {
  const metadata = template['Metadata'];
  return isObject(metadata) ? metadata['cdk_nag'] : undefined;
}

/** `all`: every resource of the template counts as changed. */
export type ChangedIds = ReadonlySet<string> | 'all';

export function changedLogicalIds(oldTemplate: unknown, newTemplate: unknown): ChangedIds {
  if (!isObject(oldTemplate) || !isObject(newTemplate)) return 'all';
  for (const section of SHARED_SECTIONS) if (!isDeepStrictEqual(oldTemplate[section], newTemplate[section])) return 'all';
  // cdk-nag's stack suppressions (`NagSuppressions.addStackSuppressions`) apply to every resource: one
  // removed there brings back the finding of a VPC that did not change. The rest of the template's
  // `Metadata` (console parameter groups) decides nothing.
  if (!isDeepStrictEqual(stackNagSuppressions(oldTemplate), stackNagSuppressions(newTemplate))) return 'all';
  // Compared as the graph sees them: a resource a Fn::ForEach loop makes has the id of its copy.
  const before = resourcesOf(oldTemplate);
  const after = resourcesOf(newTemplate);
  const changed = new Set<string>();
  for (const [id, resource] of Object.entries(after)) {
    if (Object.hasOwn(before, id) && sameResource(before[id], resource)) continue;
    changed.add(id);
    // The role SAM generates for a function (its trust policy is the function's) changes with it.
    const role = `${id}Role`;
    if (isObject(resource) && resource['Type'] === 'AWS::Serverless::Function' && !Object.hasOwn(after, role)) changed.add(role);
  }
  // Removed resources have nothing left to report on, but what they referred to may: the VPC whose
  // flow log was deleted, or retargeted to another VPC, lost its coverage without changing itself.
  const cut: string[] = [];
  for (const [id, resource] of Object.entries(before)) {
    if (Object.hasOwn(after, id) && !changed.has(id)) continue;
    const still = Object.hasOwn(after, id) ? referencedIds(after[id]) : new Set<string>();
    for (const target of referencedIds(resource)) if (!still.has(target)) cut.push(target);
  }
  // Followed through what they named in turn: a flow log that targeted `!GetAtt Subnet.VpcId`.
  const reached = new Set<string>();
  while (cut.length > 0) {
    const id = cut.pop()!;
    if (reached.has(id) || !Object.hasOwn(before, id)) continue;
    reached.add(id);
    if (Object.hasOwn(after, id)) changed.add(id);
    cut.push(...referencedIds(before[id]));
  }
  // An output's export is how other templates reach a resource (`Fn::ImportValue`): renaming or
  // removing it cuts that link, so the resources it names count as changed.
  const oldOutputs = isObject(oldTemplate['Outputs']) ? oldTemplate['Outputs'] : {};
  const newOutputs = isObject(newTemplate['Outputs']) ? newTemplate['Outputs'] : {};
  for (const name of new Set([...Object.keys(oldOutputs), ...Object.keys(newOutputs)])) {
    if (isDeepStrictEqual(oldOutputs[name], newOutputs[name])) continue;
    for (const target of [...referencedIds(oldOutputs[name]), ...referencedIds(newOutputs[name])]) if (Object.hasOwn(after, target)) changed.add(target);
  }
  return changed;
}

/** The logical ids a value names: `Ref`, `Fn::GetAtt`, `${Id}` / `${Id.Attr}` in `Fn::Sub` (pseudo parameters and parameters too, harmlessly). */
export function referencedIds(value: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 64) return out;
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, out, depth + 1);
    return out;
  }
  if (!isObject(value)) return out;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') out.add(inner);
    else if (key === 'Fn::GetAtt') {
      const target = typeof inner === 'string' ? inner.split('.')[0] : Array.isArray(inner) ? inner[0] : undefined;
      if (typeof target === 'string') out.add(target);
    } else if (key === 'Fn::Sub') {
      const text = typeof inner === 'string' ? inner : Array.isArray(inner) && typeof inner[0] === 'string' ? inner[0] : '';
      for (const match of text.matchAll(/\$\{([^!}.][^}.]*)(?:\.[^}]*)?\}/g)) out.add(match[1]!.trim());
    }
    referencedIds(inner, out, depth + 1);
  }
  return out;
}

function sameResource(a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return isDeepStrictEqual(a, b);
  return RESOURCE_KEYS.every((key) => isDeepStrictEqual(normalise(key, a[key]), normalise(key, b[key])));
}

/** `DependsOn: X` is `DependsOn: [X]`, in any order. */
function normalise(key: string, value: unknown): unknown {
  if (key !== 'DependsOn') return value;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(String).sort();
}

export function resourcesOf(template: Record<string, unknown>): Record<string, unknown> {
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  const mappings = isObject(template['Mappings']) ? template['Mappings'] : {};
  return expandResources(resources, isObject(template['Parameters']) ? template['Parameters'] : {}, undefined, mappings).resources;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
