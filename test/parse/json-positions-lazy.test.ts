/**
 * The position index is built once, on the first `locate`, and jsonc-parser runs only on the error
 * paths: a valid file, located or not, never calls it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => new Map<string, number>());

// The JSON parser reaches jsonc-parser only through `jsoncParser()` (loaded on first use): count its calls there.
vi.mock('../../src/parse/jsonc.js', async () => {
  const original = await vi.importActual<Record<string, unknown>>('jsonc-parser');
  const counted = (name: string, fn: (...args: unknown[]) => unknown) => {
    return (...args: unknown[]) => {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return fn(...args);
    };
  };
  const wrapped = Object.fromEntries(
    Object.entries(original).map(([name, value]) => [
      name,
      typeof value === 'function' ? counted(name, value as (...args: unknown[]) => unknown) : value,
    ]),
  );
  return { jsoncParser: () => wrapped };
});

const { parseJson } = await import('../../src/parse/json.js');
const { JsonPositions } = await import('../../src/parse/json-positions.js');
const { DEFAULT_PARSE_LIMITS } = await import('../../src/parse/document.js');
const { documentOf, fixtureText, sourceFile } = await import('./helpers.js');

const parse = (text: string) => parseJson(sourceFile(text, 'template.json'), DEFAULT_PARSE_LIMITS);
const jsoncCalls = () => [...calls.values()].reduce((a, b) => a + b, 0);

describe('JSON positions: laziness', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    calls.clear();
  });

  it('builds the index on the first locate only, once per document, without jsonc-parser', () => {
    const build = vi.spyOn(JsonPositions, 'build');
    const document = documentOf(parse(fixtureText('vpc-flow-logs.json')));
    expect(build).not.toHaveBeenCalled();

    document.locate(['Resources', 'Vpc']);
    document.locate(['Resources', 'FlowLog', 'Properties', 'TrafficType'], 'key');
    document.locate(['Outputs', 'Missing']);
    expect(build).toHaveBeenCalledTimes(1);
    expect(jsoncCalls()).toBe(0);
  });

  it('never builds positions for a document nobody locates', () => {
    const build = vi.spyOn(JsonPositions, 'build');
    for (let i = 0; i < 20; i++) documentOf(parse(JSON.stringify({ Resources: { [`R${i}`]: { Type: 'AWS::EC2::VPC' } } })));
    expect(build).not.toHaveBeenCalled();
    expect(jsoncCalls()).toBe(0);
  });

  it('still uses jsonc-parser to describe a syntax error or a duplicate key', () => {
    expect(parse('{"a": 1,}').ok).toBe(false);
    expect(calls.get('visit')).toBe(1);
    expect(parse('{"a": 1, "a": 2}').ok).toBe(false);
    expect(calls.get('visit')).toBe(2);
    expect(calls.get('parseTree')).toBeUndefined();
  });
});
