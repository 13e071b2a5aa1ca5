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

  /**
   * Entries whose name is only partly known but could be `name`. Testing every glob made 10,000
   * imports of 10,000 exports named `${AWS::StackName}-…` take 147 s and 3.7 GB, one test per pair;
   * the globs are looked up by their endings instead (`EndingIndex`). Same entries, same order.
   */
  possiblyNamed(name: string): T[] {
    if (this.patterned.length < INDEX_THRESHOLD) return this.patterned.filter((e) => globsOverlap(e.pattern, name));
    return (this.patternedIndex ??= new EndingIndex(this.patterned)).overlapping(name);
  }

  /** Entries, of any kind, whose name or glob has a string in common with the glob `pattern`. */
  possiblyMatching(pattern: string): T[] {
    if (this.entries.length < INDEX_THRESHOLD) return this.entries.filter((e) => globsOverlap(e.pattern, pattern));
    return (this.allIndex ??= new EndingIndex(this.entries)).overlapping(pattern);
  }

  private patternedIndex: EndingIndex<T> | undefined;
  private allIndex: EndingIndex<T> | undefined;
}

/** Below this many entries, testing each is as quick as looking them up. */
const INDEX_THRESHOLD = 32;

/**
 * Globs by their ending, the literal text after their last `*` (a known name is all ending): a
 * string common to two globs ends with both endings, so one ending ends with the other. The
 * endings of a query that are endings of entries are looked up one by one; the entries whose ending
 * is longer and ends with the query's are a range of their endings sorted backwards. Only those
 * candidates get the exact test, in the entries' order.
 */
class EndingIndex<T extends NamedEntry> {
  private readonly byEnding = new Map<string, number[]>();
  /** Each entry's ending reversed, sorted: those ending with a text are one run of it. */
  private readonly reversed: { key: string; at: number }[] = [];

  constructor(private readonly entries: readonly T[]) {
    entries.forEach((entry, at) => {
      const ending = endingOf(entry.pattern);
      const list = this.byEnding.get(ending);
      if (list) list.push(at);
      else this.byEnding.set(ending, [at]);
      this.reversed.push({ key: reverse(ending), at });
    });
    this.reversed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.at - b.at));
  }

  overlapping(pattern: string): T[] {
    const ending = endingOf(pattern);
    const found: number[] = [];
    for (let from = 0; from <= ending.length; from++) {
      const list = this.byEnding.get(ending.slice(from));
      if (list !== undefined) found.push(...list);
    }
    // Longer endings only: an equal one was found above.
    const key = reverse(ending);
    for (let i = this.lowerBound(key); i < this.reversed.length && this.reversed[i]!.key.startsWith(key); i++) {
      if (this.reversed[i]!.key.length > key.length) found.push(this.reversed[i]!.at);
    }
    return found
      .sort((a, b) => a - b)
      .map((at) => this.entries[at]!)
      .filter((e) => globsOverlap(e.pattern, pattern));
  }

  private lowerBound(key: string): number {
    let low = 0;
    let high = this.reversed.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.reversed[mid]!.key < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function endingOf(glob: string): string {
  return glob.slice(glob.lastIndexOf('*') + 1);
}

function reverse(text: string): string {
  let out = '';
  for (let i = text.length - 1; i >= 0; i--) out += text[i];
  return out;
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
