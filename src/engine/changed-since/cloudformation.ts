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

/** `all`: every resource of the template counts as changed. */
export type ChangedIds = ReadonlySet<string> | 'all';

export function changedLogicalIds(oldTemplate: unknown, newTemplate: unknown): ChangedIds {
  if (!isObject(oldTemplate) || !isObject(newTemplate)) return 'all';
  for (const section of SHARED_SECTIONS) if (!isDeepStrictEqual(oldTemplate[section], newTemplate[section])) return 'all';
  // Compared as the graph sees them: a resource a Fn::ForEach loop makes has the id of its copy.
  const before = resourcesOf(oldTemplate);
  const after = resourcesOf(newTemplate);
  const changed = new Set<string>();
  for (const [id, resource] of Object.entries(after)) {
    // Removed resources are ignored: there is nothing left to report on them.
    if (Object.hasOwn(before, id) && sameResource(before[id], resource)) continue;
    changed.add(id);
    // The role SAM generates for a function (its trust policy is the function's) changes with it.
    const role = `${id}Role`;
    if (isObject(resource) && resource['Type'] === 'AWS::Serverless::Function' && !Object.hasOwn(after, role)) changed.add(role);
  }
  return changed;
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

function resourcesOf(template: Record<string, unknown>): Record<string, unknown> {
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  return expandResources(resources, isObject(template['Parameters']) ? template['Parameters'] : {}).resources;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
