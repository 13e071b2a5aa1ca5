/**
 * Terraform's `yamldecode()` (graph/terraform/yaml-decode.ts) against go-cty-yaml's behaviour: its
 * scalar rules (resolve.go: YAML 1.1 booleans, timestamps as RFC 3339 strings, quoted scalars kept as
 * written), its decoder (decode.go: one document, scalar keys converted to strings, merge keys set in
 * place, anchors), and unknown wherever flowguard does not reproduce its answer. Plus a property: the
 * decoder never throws, whatever the text.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/core/source.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../../src/parse/document.js';
import type { V } from '../../src/graph/terraform/values.js';
import { decodeYaml } from '../../src/graph/terraform/yaml-decode.js';
import { graphNeeds } from '../../src/engine/graph-build.js';
import { lint } from '../../src/engine/lint.js';
import { lintSync } from '../../src/engine/lint-sync.js';

const CALL: Span = { file: 'main.tf', start: 10, end: 40 };
const SOURCE = { absolutePath: '/r/config/prod.yaml', path: 'config/prod.yaml', text: '' };

/** The decoded value as plain data; `{ error }` and `{ unknown }` for Terraform's error and a value not known. */
function plainOf(v: V): unknown {
  switch (v.t) {
    case 'scalar':
      return v.value;
    case 'array':
      return v.items.map(plainOf);
    case 'object':
      return Object.fromEntries(Object.entries(v.entries).map(([k, item]) => [k, plainOf(item)]));
    case 'error':
      return { error: v.why };
    case 'unknown':
      return { unknown: v.why };
    default:
      return { other: v.t };
  }
}

function decode(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): unknown {
  return plainOf(decodeYaml(text, undefined, CALL, limits));
}

/** Text made of YAML's indicators and words, to reach its corners more often than random characters do. */
const yamlish = fc.array(fc.constantFrom('a', 'b', ':', ' ', '\n', '-', '[', ']', '{', '}', ',', '&x', '*x', '<<', '!!str', '!', '"', "'", '|', '>', '#', '---', '...', '?', '1', '.', 'yes', '~', '\t', '%TAG ! x\n'), { maxLength: 80 }).map((pieces) => pieces.join(''));

const ERROR = { error: expect.any(String) as unknown };
const UNKNOWN = { unknown: expect.any(String) as unknown };

describe('yamldecode() scalars, as go-cty-yaml resolves them', () => {
  const cases: [string, unknown][] = [
    ['traffic_type: REJECT', { traffic_type: 'REJECT' }],
    ['days: 365', { days: 365 }],
    ['days: -7', { days: -7 }],
    ['ratio: 1.5', { ratio: 1.5 }],
    ['big: 1e3', { big: 1000 }],
    ['half: .5', { half: 0.5 }],
    // `n` is a boolean, so the key is "false".
    ['n: 1', { false: 1 }],
    // YAML 1.1 words are booleans in go-cty-yaml, not the strings YAML 1.2 makes them.
    ['a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n', { a: true, b: false, c: true, d: false, e: true, f: false }],
    ['a: true\nb: False', { a: true, b: false }],
    ['a: "yes"\nb: \'365\'', { a: 'yes', b: '365' }],
    ['a: ~\nb: null\nc:', { a: null, b: null, c: null }],
    ['a: Yesterday\nb: offline', { a: 'Yesterday', b: 'offline' }],
    ['cidr: 10.0.0.0/16', { cidr: '10.0.0.0/16' }],
    ['account: 123456789012', { account: 123456789012 }],
    ['date: 2024-01-15', { date: '2024-01-15T00:00:00Z' }],
    ['date: 2024-1-5', { date: '2024-01-05T00:00:00Z' }],
    // Not a date (Go refuses the day), and no number: the string as written.
    ['date: 2024-02-30', { date: '2024-02-30' }],
    ['a: !!str 365\nb: !!int "7"\nc: !!float 2\nd: !!null x\ne: !!bool true', { a: '365', b: '7', c: 2, d: null, e: true }],
    ['a: !<tag:yaml.org,2002:str> 1', { a: '1' }],
    ['text: |\n  line one\n  line two\n', { text: 'line one\nline two\n' }],
    // A block scalar is unquoted: go-cty-yaml resolves it as a plain one.
    ['flag: |-\n  yes\n', { flag: true }],
    ['list: [REJECT, ALL]', { list: ['REJECT', 'ALL'] }],
    ['- 1\n- two', [1, 'two']],
    ['42', 42],
    ['"just a string"', 'just a string'],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => expect(decode(text)).toEqual(expected));
  }

  it('an empty text, or one of comments only, is null', () => {
    expect(decode('')).toBeNull();
    expect(decode('# nothing yet\n')).toBeNull();
  });

  it('mapping keys are scalars converted to strings', () => {
    expect(decode('on: push\n1: one\ntrue: t')).toEqual({ true: 't', 1: 'one' });
    expect(decode('"on": push')).toEqual({ on: 'push' });
    expect(decode('__proto__: 1')).toEqual(JSON.parse('{"__proto__": 1}'));
  });

  it('a later duplicate key wins, as in go-cty-yaml', () => {
    expect(decode('a: 1\na: 2')).toEqual({ a: 2 });
  });

  it('merge keys set the merged keys where the `<<` is written', () => {
    const base = 'base: &b\n  traffic: REJECT\n  days: 30\n';
    expect(decode(`${base}prod:\n  <<: *b\n  days: 365\n`)).toEqual({ base: { traffic: 'REJECT', days: 30 }, prod: { traffic: 'REJECT', days: 365 } });
    // go-cty-yaml overwrites a key written before the merge (the YAML merge spec would keep it).
    expect(decode(`${base}prod:\n  days: 365\n  <<: *b\n`)).toEqual({ base: { traffic: 'REJECT', days: 30 }, prod: { traffic: 'REJECT', days: 30 } });
    expect(decode(`${base}prod:\n  <<: [*b]\n`)).toEqual(ERROR);
    expect(decode("a: '<<'\nb: <<")).toEqual({ a: '<<', b: '<<' });
  });

  it('anchors and aliases share the value', () => {
    expect(decode('a: &x [1, 2]\nb: *x')).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it('is an error where Terraform fails', () => {
    expect(decode('a: 1\n---\nb: 2')).toEqual(ERROR);
    expect(decode('a: 1\n---\n')).toEqual(ERROR);
    expect(decode('a: .nan')).toEqual(ERROR);
    expect(decode('a: !Ref Vpc')).toEqual(ERROR);
    expect(decode('a: !!bool maybe')).toEqual(ERROR);
    expect(decode('? [a]\n: b')).toEqual(ERROR);
    expect(decode('~: b')).toEqual(ERROR);
    expect(decode('a: *nowhere')).toEqual(ERROR);
    expect(decode('a: &x\n  b: *x')).toEqual(ERROR);
    expect(decode('a: !!map [1]')).toEqual(ERROR);
  });

  it('is unknown where go-cty-yaml versions differ or its formatting is not reproduced', () => {
    for (const text of ['a: 1_000', 'a: 0x1F', 'a: 0o17', 'a: 012', 'a: 2024-01-15T10:00:00Z', 'a: .inf', 'a: 12345678901234567890', 'a: 3.14159265358979323846']) {
      expect(decode(text), text).toEqual({ a: UNKNOWN });
    }
    // A key that is not known makes the mapping not known: it may overwrite any other key.
    expect(decode('1.5: a\nb: c')).toEqual(UNKNOWN);
  });

  it('text js-yaml refuses is unknown, not an error: libyaml may read it', () => {
    expect(decode('a: [1, 2')).toEqual(UNKNOWN);
  });

  it('the parse limits apply', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxAliases: 3 };
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n';
    expect(decode(bomb, limits)).toEqual(UNKNOWN);
    expect(decode('['.repeat(300) + ']'.repeat(300))).toEqual(UNKNOWN);
    expect(decode('a: 1\n'.repeat(100), { ...DEFAULT_PARSE_LIMITS, maxNodes: 50 })).toEqual(UNKNOWN);
  });
});

describe('yamldecode() positions', () => {
  it('places each value and key where the file read by file() writes it', () => {
    const text = 'flow_logs:\n  traffic_type: "REJECT"\n  retention_days: 30\n';
    const value = decodeYaml(text, { ...SOURCE, text }, CALL);
    if (value.t !== 'object') throw new Error('not an object');
    const logs = value.entries['flow_logs']!;
    if (logs.t !== 'object') throw new Error('not an object');
    const at = (span: Span) => [span.file, text.slice(span.start, span.end)];
    expect(at(logs.entries['traffic_type']!.span)).toEqual(['config/prod.yaml', '"REJECT"']);
    expect(at(logs.entries['retention_days']!.span)).toEqual(['config/prod.yaml', '30']);
    expect(at(logs.keySpans['retention_days']!)).toEqual(['config/prod.yaml', 'retention_days']);
  });

  it('places every value at the call for a string not read from a file', () => {
    const value = decodeYaml('a:\n  b: 1\n', undefined, CALL);
    if (value.t !== 'object' || value.entries['a']!.t !== 'object') throw new Error('not an object');
    expect(value.entries['a']!.entries['b']!.span).toBe(CALL);
  });
});

describe('yamldecode() never throws', () => {
  it('on random YAML-ish text', () => {
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.string({ maxLength: 60 })), (text) => {
        const value = decodeYaml(text, { ...SOURCE, text }, CALL);
        expect(value.t).toMatch(/^(scalar|array|object|error|unknown)$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('yamldecode() never throws out of the engine', () => {
  it('on random YAML-ish text read by file()', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowguard-yamldecode-'));
    try {
      writeFileSync(join(dir, 'main.tf'), 'locals {\n  cfg = yamldecode(file("${path.module}/config.yaml"))\n}\nresource "aws_cloudwatch_log_group" "g" {\n  name              = "g"\n  retention_in_days = try(local.cfg.days, local.cfg[0], local.cfg)\n}\n');
      fc.assert(
        fc.property(fc.oneof(yamlish, fc.string({ maxLength: 60 })), (text) => {
          writeFileSync(join(dir, 'config.yaml'), text);
          const result = lintSync([], { cwd: dir });
          expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
        }),
        { numRuns: 150 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('yamldecode() in a run', () => {
  const FIXTURE = resolve(import.meta.dirname, '../../fixtures/terraform/log-group-retention/retention-from-workspace-yaml');

  it('a finding on a value from a YAML file read by file() points at its line and column there', async () => {
    const result = await lint([], { cwd: FIXTURE, terraformWorkspace: 'dev' });
    const [finding] = result.findings.filter((f) => f.ruleId === 'log-group-retention');
    expect(finding?.message).toContain('from a value set in fixtures/terraform/log-group-retention/retention-from-workspace-yaml/config/dev.yaml');
    expect(finding?.related.map((r) => [r.file, r.region?.startLine, r.region?.startColumn])).toEqual([
      ['fixtures/terraform/log-group-retention/retention-from-workspace-yaml/config/dev.yaml', 4, 19],
    ]);
  });

  it('the same root in another workspace reads that workspace’s file', async () => {
    const result = await lint([], { cwd: FIXTURE, terraformWorkspace: 'prod' });
    expect(result.findings.filter((f) => f.ruleId === 'log-group-retention')).toEqual([]);
  });

  it('a heredoc decodes to values placed at the call', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowguard-yamldecode-'));
    try {
      const tf = 'locals {\n  cfg = yamldecode(<<-EOT\n    retention_days: 14\n  EOT\n  )\n}\nresource "aws_cloudwatch_log_group" "g" {\n  name              = "g"\n  retention_in_days = local.cfg.retention_days\n}\n';
      writeFileSync(join(dir, 'main.tf'), tf);
      const [finding] = lintSync([], { cwd: dir }).findings.filter((f) => f.ruleId === 'log-group-retention');
      expect(finding?.message).toContain('keeps events for 14 days');
      expect(finding?.related.map((r) => [r.file, r.region?.startLine])).toEqual([['main.tf', 2]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a run whose source does not call yamldecode() does not load the decoder', () => {
    const needs = (text: string) => graphNeeds({ cloudformation: [], terraformJson: [], problems: [], terraformSource: [{ file: { path: 'main.tf', absolutePath: '/r/main.tf', text }, body: { attributes: [], blocks: [], start: 0, end: 0 }, comments: [] }] } as never).modules;
    expect(needs('locals {\n  a = jsondecode("{}")\n}\n')).not.toContain('decodeYaml');
    expect(needs('locals {\n  a = yamldecode("a: 1")\n}\n')).toContain('decodeYaml');
  });
});
