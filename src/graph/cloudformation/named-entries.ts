/**
 * Things of the run found by a name that is resolved in its own template: exports (`Export.Name`,
 * read by `Fn::ImportValue`) and SSM parameters (`Name`, read by `{{resolve:ssm:…}}` and SSM-typed
 * parameters). A fully known name is looked up exactly; a partly known one is kept as a glob
 * (`${AWS::StackName}-VPC` → `*-VPC`) that a read may *possibly* match.
 */
import { globsOverlap } from '../glob.js';
import type { RValue } from '../model.js';
import { toPattern } from '../values.js';

export interface NamedEntry {
  /** The name when fully known. */
  name: string | undefined;
  /** Glob of the name (equal to `name` when known). */
  pattern: string;
}

export class NamedEntries<T extends NamedEntry> {
  private readonly exact = new Map<string, T[]>();
  /** Entries whose name is only partly known (usually few). */
  private readonly patterned: T[] = [];

  constructor(readonly entries: readonly T[]) {
    for (const entry of entries) {
      if (entry.name === undefined) this.patterned.push(entry);
      else {
        const list = this.exact.get(entry.name);
        if (list) list.push(entry);
        else this.exact.set(entry.name, [entry]);
      }
    }
  }

  lookup(name: string): readonly T[] {
    return this.exact.get(name) ?? [];
  }

  /** Entries whose name is only partly known but could be `name`. */
  possiblyNamed(name: string): T[] {
    return this.patterned.filter((e) => globsOverlap(e.pattern, name));
  }
}

/**
 * The name and glob of a resolved name value, or undefined when it names nothing one could read: a
 * collection, or a name with no known part at all (it could be anything, so it joins nothing).
 */
export function nameOf(value: RValue | undefined): NamedEntry | undefined {
  if (!value || value.t === 'object' || value.t === 'array') return undefined;
  const name = value.t === 'scalar' && value.value !== null ? String(value.value) : undefined;
  if (name === undefined && /^\**$/.test(toPattern(value))) return undefined;
  return { name, pattern: name ?? toPattern(value) };
}
