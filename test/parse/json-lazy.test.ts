/** JSON positions cost nothing until asked for, and never cost a jsonc-parser tree (see json-positions-lazy.test.ts). */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ parseTree: 0, visit: 0 }));

// The JSON parser reaches jsonc-parser only through `jsoncParser()` (loaded on first use): count its calls there.
vi.mock('../../src/parse/jsonc.js', async () => {
  const original = await vi.importActual<typeof import('jsonc-parser')>('jsonc-parser');
  const counted = {
    ...original,
    parseTree: (...args: Parameters<typeof original.parseTree>) => {
      calls.parseTree++;
      return original.parseTree(...args);
    },
    visit: (...args: Parameters<typeof original.visit>) => {
      calls.visit++;
      return original.visit(...args);
    },
  };
  return { jsoncParser: () => counted };
});

const { parseJson } = await import('../../src/parse/json.js');
const { DEFAULT_PARSE_LIMITS } = await import('../../src/parse/document.js');
const { documentOf, fixtureText, sourceFile } = await import('./helpers.js');

describe('parseJson laziness', () => {
  it('parses a valid file without building positions or running the slow passes', () => {
    calls.parseTree = calls.visit = 0;
    const document = documentOf(parseJson(sourceFile(fixtureText('vpc-flow-logs.json')), DEFAULT_PARSE_LIMITS));
    expect(calls).toEqual({ parseTree: 0, visit: 0 });

    document.locate(['Resources', 'Vpc']);
    document.locate(['Resources', 'FlowLog', 'Properties', 'TrafficType'], 'key');
    document.locate(['Outputs']);
    // Positions come from the flat index in json-positions.ts: jsonc-parser builds no tree.
    expect(calls).toEqual({ parseTree: 0, visit: 0 });
  });

  it('runs the duplicate-key pass only when the key counts disagree', () => {
    calls.parseTree = calls.visit = 0;
    expect(parseJson(sourceFile('{"a": {"b": 1}, "c": ["d", ":"]}'), DEFAULT_PARSE_LIMITS).ok).toBe(true);
    expect(calls.visit).toBe(0);
    expect(parseJson(sourceFile('{"a": 1, "a": 2}'), DEFAULT_PARSE_LIMITS).ok).toBe(false);
    expect(calls.visit).toBe(1);
  });

  it('never runs the slow pass on JSON without duplicates, whatever its strings contain', () => {
    calls.visit = 0;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(parseJson(sourceFile(JSON.stringify(value, null, 1)), DEFAULT_PARSE_LIMITS).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(calls.visit).toBe(0);
  });
});
