/**
 * Terraform plan and state JSON: which resource addresses were added or changed, by comparing each
 * address's planned values (`resource_changes[].change.after`, `planned_values`, state `values`) with the
 * same file at the revision.
 */
import { isDeepStrictEqual } from 'node:util';

export function changedAddresses(oldPlan: unknown, newPlan: unknown): ReadonlySet<string> | 'all' {
  if (!isObject(oldPlan) || !isObject(newPlan)) return 'all';
  const before = addressValues(oldPlan);
  const changed = new Set<string>();
  for (const [address, values] of addressValues(newPlan)) {
    if (!before.has(address) || !isDeepStrictEqual(before.get(address), values)) changed.add(address);
  }
  return changed;
}

/** Every address with what the plan or state says about it. */
function addressValues(document: Record<string, unknown>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const add = (address: unknown, value: unknown): void => {
    if (typeof address !== 'string') return;
    const list = out.get(address) ?? [];
    list.push(value);
    out.set(address, list);
  };
  for (const change of arrayOf(document['resource_changes'])) {
    if (!isObject(change)) continue;
    const body = isObject(change['change']) ? change['change'] : {};
    add(change['address'], { after: body['after'], unknown: body['after_unknown'], actions: body['actions'] });
  }
  const walkModule = (module: unknown): void => {
    if (!isObject(module)) return;
    for (const resource of arrayOf(module['resources'])) if (isObject(resource)) add(resource['address'], resource['values']);
    for (const child of arrayOf(module['child_modules'])) walkModule(child);
  };
  if (isObject(document['planned_values'])) walkModule(document['planned_values']['root_module']);
  if (isObject(document['values'])) walkModule(document['values']['root_module']);
  return out;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
