/**
 * Stable identifiers for syntaxes that only take `[A-Za-z0-9_]` (Mermaid). An id is a readable,
 * sanitised form of the name; names that sanitise alike get a short hash of the full name, so an id
 * depends only on its own name and on whether a look-alike exists, never on the order of the input.
 */
import { createHash } from 'node:crypto';

/** `prefix` + the name with every other character as `_` (runs collapsed), e.g. `n_module_net_aws_vpc_this_0`. */
export function sanitizeId(prefix: string, name: string): string {
  const body = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return `${prefix}${body || 'x'}`;
}

function shortHash(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 8);
}

/**
 * A mapping from names to unique ids. `names` are sanitised with `prefix`; collisions are told apart by
 * a hash of the full name (and, should two hashes ever meet, a counter in sorted name order).
 */
export function stableIds(prefix: string, names: Iterable<string>, display: (name: string) => string = (n) => n): Map<string, string> {
  const sorted = [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const byBase = new Map<string, string[]>();
  for (const name of sorted) {
    const base = sanitizeId(prefix, display(name));
    const list = byBase.get(base);
    if (list) list.push(name);
    else byBase.set(base, [name]);
  }
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const [base, group] of byBase) {
    for (const name of group) {
      let id = group.length === 1 ? base : `${base}_${shortHash(name)}`;
      for (let n = 2; used.has(id); n++) id = `${base}_${shortHash(name)}_${n}`;
      used.add(id);
      ids.set(name, id);
    }
  }
  return ids;
}
