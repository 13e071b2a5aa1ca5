/**
 * YAML merge keys (`<<: *defaults`): the one place the builder copies entries of one mapping into
 * another, span entries included. Apart from the builder because it runs only for a merge key; the
 * builder's path for every other node only tests `parent.merging`.
 */
import { ProblemError, failure } from './problem.js';
import type { SpanStore } from './yaml-document.js';
import type { Frame } from './yaml-frame.js';

/**
 * A YAML merge key (https://yaml.org/type/merge.html), as `aws cloudformation package` and SAM expand
 * it: the entries of the mapping (or of each mapping of a list, earlier ones first) that the
 * mapping does not have yet, located at the merge. Keys given explicitly later replace them (see
 * `Builder.key` in yaml-builder.ts).
 */
export function expandMergeKey(store: SpanStore, parent: Frame, value: unknown, child: number, start: number, end: number): void {
  parent.merging = false;
  parent.hasKey = false;
  const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const sources: { map: Record<string, unknown>; last: number }[] = [];
  if (isMapping(value)) sources.push({ map: value, last: child });
  else if (Array.isArray(value) && value.every(isMapping)) {
    const items = [...store.entries(child)].reverse();
    value.forEach((map, i) => sources.push({ map, last: items[i] === undefined ? -1 : store.childOf(items[i]!) }));
  } else throw new ProblemError(failure('a merge key (<<) needs a mapping or a list of mappings', start, end).problem);
  const map = parent.value as Record<string, unknown>;
  const written = { keyStart: parent.keyStart, keyEnd: parent.keyEnd, start, end };
  for (const source of sources) {
    // The source's span entries, first to last: each merged key's value keeps its inner positions.
    for (const entry of [...store.entries(source.last)].reverse()) {
      const key = store.key(entry);
      if (key === undefined || Object.hasOwn(map, key)) continue;
      Object.defineProperty(map, key, { value: source.map[key], enumerable: true, writable: true, configurable: true });
      (parent.merged ??= new Set()).add(key);
      parent.last = store.addMerged(entry, written, parent.last, parent.count++);
    }
  }
  parent.lastEnd = end;
}
