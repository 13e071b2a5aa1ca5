import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../../src/parse/document.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { SpanStore } from '../../src/parse/yaml-document.js';
import { documentOf, fixtureText, lineColumn, problemOf, sourceFile } from './helpers.js';

const parse = (text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS) => parseYaml(sourceFile(text), limits);

/** The problem, with its start as `line:column` and the text it covers. */
function problemAt(text: string, limits?: ParseLimits) {
  const problem = problemOf(parse(text, limits));
  return { message: problem.message, at: lineColumn(text, problem.start), text: text.slice(problem.start, problem.end), limit: problem.limit };
}

describe('parseYaml: bad input', () => {
  it('reports a duplicate key at its second occurrence, naming the first', () => {
    expect(problemAt(fixtureText('duplicate-key.yaml'))).toEqual({
      message: 'duplicate key "TrafficType" (first at line 10)',
      at: '12:7',
      text: 'TrafficType',
      limit: undefined,
    });
  });

  it('reports duplicates between differently quoted spellings of a key', () => {
    expect(problemAt('a: 1\n"a": 2\n')).toMatchObject({ message: 'duplicate key "a" (first at line 1)', at: '2:1', text: '"a"' });
  });

  it('reports an unknown tag at the tag, listing the supported ones', () => {
    const problem = problemAt(fixtureText('unknown-tag.yaml'));
    expect(problem.message).toMatch(/^unknown tag !Foo \(CloudFormation supports !Ref, !GetAtt, !Sub, .*!GetAZs, !Transform/);
    expect(problem).toMatchObject({ at: '5:18', text: '!Foo' });
  });

  it.each([
    ['v: !!set {a}', 'unsupported YAML tag !!set (CloudFormation templates use plain mappings, sequences and scalars)', '1:4'],
    ['v: !Foo [1]', /^unknown tag !Foo/, '1:4'],
    ['v: !!int abc', '"abc" is not a valid !!int value', '1:4'],
    ['v: !!bool maybe', '"maybe" is not a valid !!bool value', '1:4'],
    ['v: !!str [1]', 'tag !!str cannot be applied to a sequence', '1:4'],
    ['v: !!seq {a: 1}', 'tag !!seq cannot be applied to a mapping', '1:4'],
    ['v: !!map x', 'tag !!map cannot be applied to a scalar', '1:4'],
    ['%TAG !e! tag:example.com,2000:\n---\nv: !e!thing 1', /^unknown tag !e!thing/, '3:4'],
    ['!Ref x: 1', '!Ref cannot be used as a mapping key', '1:1'],
    ['? [a]\n: 1', 'a mapping or sequence cannot be used as a mapping key', '1:3'],
    ['base: &b {a: 1}\n*b : 2', 'a mapping or sequence cannot be used as a mapping key', '2:1'],
  ])('%j', (text, message, at) => {
    const problem = problemAt(text);
    if (typeof message === 'string') expect(problem.message).toBe(message);
    else expect(problem.message).toMatch(message);
    expect(problem.at).toBe(at);
  });

  it('reports an undefined alias at the alias', () => {
    expect(problemAt(fixtureText('undefined-alias.yaml'))).toMatchObject({
      message: 'undefined alias *vpcProperties',
      at: '4:17',
      text: '*vpcProperties',
    });
  });

  it('refuses an alias to the node that contains it (no cyclic values)', () => {
    expect(problemAt('a: &a [1, *a]')).toMatchObject({ message: 'alias *a refers to a node that contains it', at: '1:11' });
  });

  it.each([
    ['a: b\n c: d: e', 'bad indentation of a mapping entry', '2:3'],
    ['a:\n\tb: 1', 'tab characters must not be used in indentation', '2:1'],
    // An unclosed string or collection is reported where it opens.
    ['a: "abc', 'this double-quoted string is never closed (the YAML parser stopped at line 1: unexpected end of the stream within a double quoted scalar)', '1:4'],
    ['a: [1, 2', 'this flow sequence [ is never closed (the YAML parser stopped at line 1: unexpected end of the stream within a flow collection)', '1:4'],
    ['{a: [1, 2}', 'missed comma between flow collection entries', '1:10'],
  ])('reports js-yaml syntax errors in words, without a source snippet: %j', (text, message, at) => {
    const problem = problemAt(text);
    expect(problem).toMatchObject({ message, at, limit: undefined });
    expect(problem.message).not.toMatch(/\n/);
  });
});

describe('parseYaml: alias bombs', () => {
  it('rejects "billion laughs" quickly, at the alias that crosses the budget', () => {
    const text = fixtureText('billion-laughs.yaml');
    const problem = problemAt(text);
    expect(problem.message).toBe('YAML aliases expand to more than 1000000 nodes (alias bomb?) (raise it with --max-aliases)');
    expect(problem.limit).toBe('maxAliases');
    expect(problem.at.startsWith('7:')).toBe(true); // f: the first level past a million nodes
    expect(problem.text).toBe('*e');
  });

  it('--max-aliases raises the expansion budget too, as the message says: 1,000 nodes per alias allowed', () => {
    const text = fixtureText('billion-laughs.yaml');
    const problem = problemAt(text, { ...DEFAULT_PARSE_LIMITS, maxAliases: 10_000 });
    expect(problem.message).toBe('YAML aliases expand to more than 10000000 nodes (alias bomb?) (raise it with --max-aliases)');
    expect(problem.at.startsWith('8:')).toBe(true); // g: one level further than with the default
  });

  it('rejects a bomb built from mappings and block sequences too', () => {
    const levels = ['a: &a {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9, q: 10}'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name}\n${Array.from({ length: 10 }, () => `  - *${prev}`).join('\n')}`);
    }
    expect(problemOf(parse(levels.join('\n'))).limit).toBe('maxAliases');
  });

  it('allows ordinary anchor reuse', () => {
    const text = 'tags: &tags [{Key: a, Value: b}]\n' + Array.from({ length: 50 }, (_, i) => `r${i}: *tags`).join('\n');
    expect(Object.keys(documentOf(parse(text)).value as object)).toHaveLength(51);
  });

  it('counts aliases against maxAliases', () => {
    const text = 'x: &x 1\n' + Array.from({ length: 1001 }, (_, i) => `k${i}: *x`).join('\n');
    expect(problemAt(text)).toMatchObject({ message: 'more than 1000 YAML aliases (raise it with --max-aliases)', at: '1002:8', limit: 'maxAliases' });
    expect(parse(text, { ...DEFAULT_PARSE_LIMITS, maxAliases: 1001 }).ok).toBe(true);
    expect(problemOf(parse('a: &a 1\nb: *a', { ...DEFAULT_PARSE_LIMITS, maxAliases: 0 })).limit).toBe('maxAliases');
  });
});

describe('parseYaml: nesting limit', () => {
  it('accepts nesting up to the limit and refuses one level more, at the level that crosses it', () => {
    expect(parse(`${'['.repeat(256)}${']'.repeat(256)}`).ok).toBe(true);
    const problem = problemOf(parse(`${'['.repeat(257)}${']'.repeat(257)}`));
    expect(problem).toEqual({ message: 'nesting deeper than 256 levels (raise it with --max-depth)', start: 256, end: 257, limit: 'maxDepth' });
  });

  it('refuses 200,000 nested flow sequences without overflowing the stack', () => {
    const problem = problemOf(parse('['.repeat(200_000)));
    expect(problem.message).toBe('nesting deeper than 256 levels (raise it with --max-depth)');
    expect(problem.limit).toBe('maxDepth');
  });

  it('refuses 200,000 nested block sequences', () => {
    expect(problemOf(parse(`${'- '.repeat(200_000)}x`)).limit).toBe('maxDepth');
  });

  const blockMappings = (levels: number) => Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x';

  it('refuses deeply nested block mappings at the mapping that crosses the limit', () => {
    expect(parse(blockMappings(256)).ok).toBe(true);
    expect(problemAt(blockMappings(257))).toMatchObject({
      message: 'nesting deeper than 256 levels (raise it with --max-depth)',
      at: '257:257',
      limit: 'maxDepth',
    });
  });

  it('reports far deeper nesting where js-yaml stops, a few levels past the limit', () => {
    // js-yaml refuses first (its own count, with slack so it never refuses what we accept).
    const problem = problemAt(blockMappings(2000));
    expect(problem).toMatchObject({ message: 'nesting deeper than 256 levels (raise it with --max-depth)', limit: 'maxDepth' });
    const line = Number(problem.at.split(':')[0]);
    expect(line).toBeGreaterThanOrEqual(257);
    expect(line).toBeLessThanOrEqual(256 + 20);
  });

  it('honours a configured limit', () => {
    expect(parse('a: {b: [1]}', { ...DEFAULT_PARSE_LIMITS, maxDepth: 3 }).ok).toBe(true);
    expect(problemAt('a: {b: [1]}', { ...DEFAULT_PARSE_LIMITS, maxDepth: 2 })).toMatchObject({
      message: 'nesting deeper than 2 levels (raise it with --max-depth)',
      at: '1:8',
    });
  });

  it('counts nesting through aliases, so anchors cannot stack shallow pieces into a deep value', () => {
    const piece = (inner: string) => `${'['.repeat(100)}${inner}${']'.repeat(100)}`;
    const text = `a: &a ${piece('1')}\nb: &b ${piece('*a')}\nc: &c ${piece('*b')}\n`;
    const problem = problemAt(text);
    expect(problem).toMatchObject({ message: 'nesting deeper than 256 levels (raise it with --max-depth)', limit: 'maxDepth', text: '*b' });
    expect(parse(`a: &a ${piece('1')}\nb: ${piece('*a')}\n`).ok).toBe(true);
  });

  it('never overflows the stack, even with a limit configured absurdly high', () => {
    const problem = problemOf(parse('['.repeat(200_000), { ...DEFAULT_PARSE_LIMITS, maxDepth: 10_000_000 }));
    expect(problem).toMatchObject({ message: "nesting too deep for the parser's stack, though within --max-depth 10000000; a lower --max-depth reports where it is too deep", limit: 'maxDepth' });
  });
});

describe('parseYaml: quoted scalars whose later lines sit no deeper than their key, at scale', () => {
  // Each joined line break must be found inside a quoted scalar of the re-read. Tested break by break
  // against every event, a 20,000-line scalar after 20,000 resources took 36 s; one sweep takes well
  // under a second (the timeout only stops the quadratic version).
  it('checks the joins of a long scalar in a large template in one sweep', () => {
    const resources = Array.from({ length: 20_000 }, (_, i) => `  Pol${i}:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p${i}\n      Roles: [r]\n`);
    const lines = Array.from({ length: 20_000 }, (_, i) => `      "k${i}": 1,\n`);
    const text = `Resources:\n${resources.join('')}  Big:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument: '{\n${lines.join('')}      }'\n`;
    const document = documentOf(parse(text));
    const big = (document.value as { Resources: Record<string, { Properties: { PolicyDocument: string } }> }).Resources['Big']!;
    expect(big.Properties.PolicyDocument.startsWith('{ "k0": 1, "k1": 1,')).toBe(true);
  }, 15_000);
});

describe('parseYaml: locating every item of a long list', () => {
  // Each item was found by walking back from the last one: locating all 80,000 entries of a
  // `checkov.skip` list (each a suppression, each given its place) took 33 s. Counted as entries read.
  it('finds each item of a long sequence without walking the items after it', () => {
    const count = 3000;
    const text = `Resources:\n  Vpc:\n    Metadata:\n      skip:\n${'        - id: CKV2_AWS_11\n'.repeat(count)}`;
    const document = documentOf(parse(text));
    const field = vi.spyOn(SpanStore.prototype, 'field');
    for (let i = 0; i < count; i++) document.locate(['Resources', 'Vpc', 'Metadata', 'skip', i, 'id']);
    const reads = field.mock.calls.length;
    field.mockRestore();
    // About 60 per item (the keys of the small mappings on the way); walking back made it 9 million.
    expect(reads).toBeLessThan(150 * count);
    expect(lineColumn(text, document.locate(['Resources', 'Vpc', 'Metadata', 'skip', 1234, 'id']).start)).toBe(`${5 + 1234}:15`);
    expect(document.locate(['Resources', 'Vpc', 'Metadata', 'skip', count])).toEqual(document.locate(['Resources', 'Vpc', 'Metadata', 'skip'], 'key'));
  });
});
