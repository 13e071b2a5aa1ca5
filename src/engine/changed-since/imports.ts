/**
 * Links between templates cut in another file. A VPC's template does not change when the stack that
 * imports it (`Fn::ImportValue`) drops its flow log, retargets it, or is deleted: the VPC lost its
 * coverage all the same. So the import names that templates changed since the revision no longer use
 * are collected, and a template's outputs exported under one of those names mark the resources they
 * name as changed. Names are compared as patterns: a part that is not literal (`${AWS::StackName}`,
 * a parameter) matches anything, which can only report more.
 */
import { isObject, referencedIds, resourcesOf } from './cloudformation.js';

/** The import names a resource used at the revision and no longer uses (all, when it or its template is gone). */
export function droppedImports(oldTemplate: unknown, newTemplate: unknown): string[] {
  if (!isObject(oldTemplate)) return [];
  const before = resourcesOf(oldTemplate);
  const after = isObject(newTemplate) ? resourcesOf(newTemplate) : {};
  const dropped: string[] = [];
  for (const [id, resource] of Object.entries(before)) {
    const still = Object.hasOwn(after, id) ? new Set(importNames(after[id])) : new Set<string>();
    for (const name of importNames(resource)) if (!still.has(name)) dropped.push(name);
  }
  return dropped;
}

/** The resources named by outputs of `template` exported under a name that matches one of `names`. */
export function exportedUnder(template: unknown, names: readonly string[]): Set<string> {
  const ids = new Set<string>();
  const outputs = isObject(template) && isObject(template['Outputs']) ? template['Outputs'] : {};
  for (const output of Object.values(outputs)) {
    if (!isObject(output) || !isObject(output['Export'])) continue;
    const exported = namePattern(output['Export']['Name']);
    if (exported !== undefined && names.some((name) => samePattern(name, exported))) for (const id of referencedIds(output['Value'])) ids.add(id);
  }
  return ids;
}

function importNames(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 64) return out;
  if (Array.isArray(value)) for (const item of value) importNames(item, out, depth + 1);
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      const name = key === 'Fn::ImportValue' ? namePattern(inner) : undefined;
      if (name !== undefined) out.push(name);
      else importNames(inner, out, depth + 1);
    }
  }
  return out;
}

/** A name as a pattern: literal text, `*` for any part that is not (`Fn::Sub` variables, anything else). */
function namePattern(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isObject(value)) return undefined;
  const sub = value['Fn::Sub'];
  const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
  return text === undefined ? '*' : text.replace(/\$\{[^!][^}]*\}/g, '*');
}

function samePattern(a: string, b: string): boolean {
  return toRegExp(a).test(b.replace(/\*/g, '')) || toRegExp(b).test(a.replace(/\*/g, ''));
}

function toRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
