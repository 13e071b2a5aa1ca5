/**
 * Exports and SSM parameters whose names are only partly known are found by their endings, not by
 * testing every glob against every read (named-entries.ts): the same entries, in the same order,
 * with the exact glob test run on a handful of candidates.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ overlap: 0 }));

vi.mock('../../src/graph/glob.js', async () => {
  const original = await vi.importActual<typeof import('../../src/graph/glob.js')>('../../src/graph/glob.js');
  return {
    ...original,
    globsOverlap: (a: string, b: string) => {
      calls.overlap++;
      return original.globsOverlap(a, b);
    },
  };
});

const { NamedEntries } = await import('../../src/graph/cloudformation/named-entries.js');
const { globsOverlap } = await import('../../src/graph/glob.js');

interface Entry {
  name: string | undefined;
  pattern: string;
  id: number;
}

const entry = (pattern: string, id: number): Entry => ({ name: pattern.includes('*') ? undefined : pattern, pattern, id });

describe('NamedEntries', () => {
  it('finds what testing every entry finds, in the same order', () => {
    const glob = fc.stringMatching(/^[ab*-]{0,7}$/);
    fc.assert(
      fc.property(fc.array(glob, { minLength: 0, maxLength: 80 }), fc.array(glob, { maxLength: 10 }), (patterns, queries) => {
        const entries = patterns.map(entry);
        const table = new NamedEntries(entries);
        for (const query of queries) {
          expect(table.possiblyMatching(query)).toEqual(entries.filter((e) => globsOverlap(e.pattern, query)));
          if (!query.includes('*')) expect(table.possiblyNamed(query)).toEqual(entries.filter((e) => e.name === undefined && globsOverlap(e.pattern, query)));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('tests a read against the few globs that end as it does, not against all of them', () => {
    // 2,000 exports named `${AWS::StackName}-VpcN`, read by 2,000 imports: 4,000,000 tests before.
    const table = new NamedEntries(Array.from({ length: 2000 }, (_, i) => entry(`*-Vpc${i}`, i)));
    calls.overlap = 0;
    for (let i = 0; i < 2000; i++) {
      expect(table.possiblyNamed(`network-Vpc${i}`).map((e) => e.id)).toEqual([i]);
      expect(table.possiblyMatching(`*-Vpc${i}`).map((e) => e.id)).toEqual([i]);
    }
    expect(calls.overlap).toBeLessThan(3 * 4000);
  });
});
