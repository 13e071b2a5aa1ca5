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
const { ContainerScan } = await import('../../src/parse/json-scan.js');
const { acceptedJson } = await import('../../src/parse/json.js');
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

  it('locates from the containers the parser\'s counting pass recorded, without scanning the text again', () => {
    // The scan's loop is private: spied on through the prototype, as the only way to see a second pass.
    const run = vi.spyOn(ContainerScan.prototype as unknown as { run: () => void }, 'run');
    const text = fixtureText('vpc-flow-logs.json');
    const document = documentOf(parse(text));
    const paths = [['Resources', 'Vpc'], ['Resources', 'FlowLog', 'Properties', 'TrafficType'], ['Outputs', 'Missing'], []];
    const ranges = paths.map((path) => document.locate(path, 'key'));
    expect(run).not.toHaveBeenCalled();
    // The same answers as the lazy scan, which a document rebuilt from its text alone (worker threads) still uses.
    const rebuilt = acceptedJson(sourceFile(text, 'template.json'));
    expect(paths.map((path) => rebuilt.locate(path, 'key'))).toEqual(ranges);
    expect(run).toHaveBeenCalled();
  });

  it('needs no scan for an empty container (recorded) nor for a scalar root (nothing to scan)', () => {
    const run = vi.spyOn(ContainerScan.prototype as unknown as { run: () => void }, 'run');
    expect(documentOf(parse(' "just a string" ')).locate([])).toEqual({ start: 1, end: 16 });
    expect(documentOf(parse('[]')).locate([0])).toEqual({ start: 0, end: 2 });
    expect(run).not.toHaveBeenCalled();
  });
});
