/**
 * A YAML error costs about one read of the text, not one per repair tried (yaml-tail.ts): copies
 * edited near the mistake are read from a line before the edit. Counted as characters given to
 * js-yaml, with the problems compared against a copy that js-yaml reads whole each time.
 */
import { describe, expect, it, vi } from 'vitest';

const reads = vi.hoisted(() => ({ characters: 0, whole: false, scanned: 0 }));

// The light scan for open quotes, counted as characters scanned (from where each scan starts).
vi.mock('../../src/parse/yaml-unclosed.js', async () => {
  const original = await vi.importActual<typeof import('../../src/parse/yaml-unclosed.js')>('../../src/parse/yaml-unclosed.js');
  return {
    ...original,
    scanUnclosed: (...args: Parameters<typeof original.scanUnclosed>) => {
      reads.scanned += Math.min(args[1], args[0].length) - (args[3]?.offset ?? 0);
      return original.scanUnclosed(...args);
    },
  };
});

vi.mock('js-yaml', async () => {
  const original = await vi.importActual<typeof import('js-yaml')>('js-yaml');
  return {
    ...original,
    parseEvents: (...args: Parameters<typeof original.parseEvents>) => {
      reads.characters += args[0].length;
      return original.parseEvents(...args);
    },
  };
});

const { parseYaml } = await import('../../src/parse/yaml.js');
const { readingTails } = await import('../../src/parse/yaml-tail.js');
const { parseEvents, YAMLException } = await import('js-yaml');
const { lineColumn, problemOf, sourceFile } = await import('./helpers.js');

/** `count` policies, then `shallow` quoted scalars whose closing line sits at their key's indentation, then `tail`. */
function template(count: number, shallow: number, tail: string): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < count; i++) lines.push(`  Pol${i}:`, '    Type: AWS::IAM::Policy', '    Properties:', `      PolicyName: p${i}`, '      Roles: [r]');
  for (let i = 0; i < shallow; i++) lines.push(`  S${i}:`, '    Type: AWS::IAM::Policy', '    Properties:', "      PolicyDocument: '{", '        "a": 1', "      }'");
  return `${lines.join('\n')}\n${tail}`;
}

function problemReading(text: string) {
  reads.characters = 0;
  reads.scanned = 0;
  const problem = problemOf(parseYaml(sourceFile(text)));
  return { message: problem.message, at: lineColumn(text, problem.start), characters: reads.characters, scanned: reads.scanned };
}

describe('parseYaml: the cost of a mistake near the end of a large file', () => {
  it('reads a file with a mistake after 8 shallow quoted scalars about once, with the same problem', () => {
    // The shape of a 10 MB template that took 11 reads of js-yaml (6.1 s, 930 MB) against 1 (1.9 s) without its mistake.
    const text = template(2000, 8, '  Bad:\n    Type: AWS::IAM::Policy\n    Properties:\n      Roles: [a,\n b]\n');
    const read = problemReading(text);
    // Past 8 such scalars the first one's error is reported, as documented (docs/decisions.md).
    expect(read.message).toBe('deficient indentation');
    expect(read.at).toBe(`${2 + 5 * 2000 + 6}:7`);
    expect(read.characters).toBeLessThan(1.5 * text.length);
  });

  it('reads each repair from near the one before, when the first one is far from the mistake', () => {
    // A shallow scalar at the top and 8 at the end: the copies differ from the text from the top on,
    // but each differs from the copy before it only near the end.
    const early = "  Early:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: '{\n        \"a\": 1\n      }'\n";
    const text = template(2000, 8, '  Bad:\n    Type: AWS::IAM::Policy\n    Properties:\n      Roles: [a,\n b]\n').replace('Resources:\n', `Resources:\n${early}`);
    const read = problemReading(text);
    expect(read).toMatchObject({ message: 'deficient indentation', at: '8:7' });
    // The text, a copy read from its top twice (every scalar joined, and the check of that cut), and
    // the copy that closes the first quote to test it: 11 whole reads before.
    expect(read.characters).toBeLessThan(4.5 * text.length);
    // Scanned for open quotes: from the first scalar on to join them all, the copy joined, and near
    // the later ones; the text itself again from its start to check each cut was six scans.
    expect(read.scanned).toBeLessThan(3.5 * text.length);
  });

  it('reads each repair near the top of a file once, not twice (a cut there saves nothing)', () => {
    // More shallow scalars than are joined one at a time, all in the first resources: each repair is
    // near the top, where a cut leaves out nothing, and checking one and reading from it read each
    // copy twice (20 reads against 11).
    const text = template(0, 12, '') + template(2000, 0, "  Bad:\n    Properties:\n      X: 'unclosed\n").replace(/^AWSTemplateFormatVersion.*\nResources:\n/, '');
    const read = problemReading(text);
    expect(read).toMatchObject({ message: 'deficient indentation', at: '8:7' });
    expect(read.characters).toBeLessThan(11.5 * text.length);
  });

  it('reads an unclosed quote at the end once: closed, it is seen to read from near the quote, and not read whole for events no one uses', () => {
    const text = template(2000, 0, "  Last:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: 'p\n      Roles: [r]\n  After:\n    Type: x\n");
    const read = problemReading(text);
    expect(read.message).toMatch(/^this single-quoted string is never closed/);
    expect(read.at).toBe(`${2 + 5 * 2000 + 4}:19`);
    expect(read.characters).toBeLessThan(1.1 * text.length);
    // Scanned once for what is open at the stop; the blame and the cut's check resume from that scan.
    expect(read.scanned).toBeLessThan(1.1 * text.length);
  });
});

describe('readingTails', () => {
  const parse = (text: string) => parseEvents(text, { maxDepth: 100 });
  const stop = (run: () => unknown) => {
    try {
      run();
      return 'reads';
    } catch (error) {
      if (!(error instanceof YAMLException)) throw error;
      return `${error.reason} at ${error.mark?.position} (line ${error.mark?.line}, column ${error.mark?.column})`;
    }
  };

  it('stops in an edited copy where a whole read stops, and reads only its end', () => {
    const text = template(50, 0, "  Last:\n    Properties:\n      A: 'x\n  y'\n");
    const read = readingTails(text, parse);
    expect(stop(() => read(text))).toMatch(/^deficient indentation/);
    for (const edited of [text.replace("'x\n  y'", "'x   y'"), text.replace("'x\n  y'", "'x\n   y': [\n"), `${text}  More: [\n`, text.replace("A: 'x\n", "A: 'x'\n")]) {
      reads.characters = 0;
      const cut = stop(() => read(edited));
      // A copy that reads is read again whole, for its events.
      if (cut !== 'reads') expect(reads.characters).toBeLessThan(200);
      expect(cut).toBe(stop(() => parse(edited)));
    }
  });

  it('check: takes a copy that reads from its cut as read, without reading it whole; stops as a whole read does', () => {
    const text = template(50, 0, "  Last:\n    Properties:\n      A: 'x\n  y'\n");
    const read = readingTails(text, parse);
    expect(stop(() => read(text))).toMatch(/^deficient indentation/);
    reads.characters = 0;
    expect(stop(() => read.check(text.replace("'x\n  y'", "'x   y'")))).toBe('reads');
    expect(reads.characters).toBeLessThan(200);
    for (const edited of [text.replace("'x\n  y'", "'x\n   y': [\n"), `${text}  More: [\n`]) expect(stop(() => read.check(edited))).toBe(stop(() => parse(edited)));
    // An alias of an anchor before the cut does not read from it: the copy is read whole.
    const anchored = template(50, 0, "  Last:\n    Properties:\n      A: 'x\n  y'\n      B: *a\n").replace('PolicyName: p0', 'PolicyName: &a p0');
    const readAnchored = readingTails(anchored, parse);
    expect(stop(() => readAnchored(anchored))).toMatch(/^deficient indentation/);
    const joined = anchored.replace("'x\n  y'", "'x   y'");
    expect(stop(() => readAnchored.check(joined))).toBe(stop(() => parse(joined)));
  });

  it('reads whole a copy whose end needs what came before: an anchor, or a flow still open', () => {
    const anchored = template(50, 0, "  Last:\n    Properties:\n      A: 'x\n  y'\n      B: *a\n").replace('PolicyName: p0', 'PolicyName: &a p0');
    const read = readingTails(anchored, parse);
    expect(stop(() => read(anchored))).toMatch(/^deficient indentation/);
    const joined = anchored.replace("'x\n  y'", "'x   y'");
    expect(read(joined)).toEqual(parse(joined));

    const flow = `R: {\n  A: 1,\n  B:\n    C: x,\n${'  D: 1,\n'.repeat(50)}  E: 'x\n y' }\n`;
    const readFlow = readingTails(flow, parse);
    expect(stop(() => readFlow(flow))).toBe(stop(() => parse(flow)));
    const edited = flow.replace("'x\n y'", "'x  y'");
    expect(stop(() => readFlow(edited))).toBe(stop(() => parse(edited)));
  });
});
