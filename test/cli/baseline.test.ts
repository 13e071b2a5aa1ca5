/**
 * `--baseline FILE.sarif` (SPEC §5): findings whose fingerprint is in a previous run's SARIF are kept in
 * SARIF as suppressed (`kind: "external"`), leave the other formats, and no longer fail the run; new
 * findings are reported as usual. A baseline that cannot be read or is not flowguard SARIF is exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASELINE_FINGERPRINT_KEY, parseBaseline } from '../../src/engine/baseline.js';
import { FINGERPRINT_KEY } from '../../src/report/sarif.js';
import { BUILD_TIMEOUT_MS, fixtureCopies, ensureBuilt, expectOrderlyExit, parseSarif, removeDir, resultsOf, runCli, tempDir } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const copy = fixtureCopies();
const findings = (): string => copy('findings');

interface Suppressed {
  ruleId: string;
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification?: string }[];
}

/** Runs flowguard once to write `base.sarif` in `dir` (exit 1: the fixture has errors). */
function writeBaseline(dir: string, name = 'base.sarif'): void {
  const run = runCli(['--format', 'sarif', '--output', name], { cwd: dir });
  expectOrderlyExit(run);
  expect(run.status).toBe(1);
}

const NEW_VPC = '  NewVpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.1.0.0/16\n';

describe('a run against its own baseline', () => {
  it('exits 0 and keeps every result in SARIF, marked suppressed by the baseline', () => {
    const dir = findings();
    writeBaseline(dir);
    const run = runCli(['--format', 'sarif', '--baseline', 'base.sarif'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    const results = resultsOf(parseSarif(run.stdout)) as unknown as Suppressed[];
    const before = resultsOf(parseSarif(readFileSync(join(dir, 'base.sarif'), 'utf8'))) as unknown as Suppressed[];
    expect(results.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
    expect(results).toHaveLength(3);
    for (const result of results) expect(result.suppressions).toEqual([{ kind: 'external', justification: 'in baseline base.sarif' }]);
  });

  it('leaves text, compact and github output; json marks them suppressed', () => {
    const dir = findings();
    writeBaseline(dir);
    const text = runCli(['--baseline', 'base.sarif'], { cwd: dir });
    expect(text.stdout).toBe('✔ no problems in 2 files (3 suppressed)\n');
    expect(text.status).toBe(0);
    for (const format of ['compact', 'github']) {
      const run = runCli(['--format', format, '--baseline', 'base.sarif'], { cwd: dir });
      expect(run.stdout, format).toBe('');
      expect(run.status).toBe(0);
    }
    const json = JSON.parse(runCli(['--format', 'json', '--baseline', 'base.sarif'], { cwd: dir }).stdout) as { suppressed: boolean }[];
    expect(json.map((f) => f.suppressed)).toEqual([true, true, true]);
  });

  it('still suppresses them when lines move (fingerprints are not line-based)', () => {
    const dir = findings();
    writeBaseline(dir);
    const path = join(dir, 'infra/network.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('Resources:\n', 'Resources:\n  # moved down\n\n'));
    expect(runCli(['--baseline', 'base.sarif', '--format', 'compact'], { cwd: dir }).status).toBe(0);
  });

  it('reports a finding added after the baseline, and only that one', () => {
    const dir = findings();
    writeBaseline(dir);
    const path = join(dir, 'infra/network.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('Resources:\n', `Resources:\n${NEW_VPC}`));
    const run = runCli(['--baseline', 'base.sarif', '--format', 'compact'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/^infra\/network\.yaml:4:3: error: VPC `NewVpc` .*\[vpc-flow-logs\]\n$/);
    const sarif = resultsOf(parseSarif(runCli(['--baseline', 'base.sarif', '--format', 'sarif'], { cwd: dir }).stdout)) as unknown as Suppressed[];
    expect(sarif.map((r) => (r.suppressions ? 'suppressed' : r.ruleId))).toEqual(['vpc-flow-logs', 'suppressed', 'suppressed', 'suppressed']);
  });

  it('does not accept a finding an inline suppression hid: removing the suppression brings it back', () => {
    const dir = findings();
    const path = join(dir, 'infra/network.yaml');
    const original = readFileSync(path, 'utf8');
    const ignored = `${NEW_VPC}    Metadata:\n      flowguard:\n        ignore:\n          - rule: vpc-flow-logs\n            reason: lab network, torn down nightly\n`;
    writeFileSync(path, original.replace('Resources:\n', `Resources:\n${ignored}`));
    writeBaseline(dir);
    const suppressed = resultsOf(parseSarif(readFileSync(join(dir, 'base.sarif'), 'utf8'))) as unknown as Suppressed[];
    expect(suppressed.filter((r) => r.suppressions?.some((s) => s.kind === 'inSource'))).toHaveLength(1);
    writeFileSync(path, original.replace('Resources:\n', `Resources:\n${NEW_VPC}`));
    const run = runCli(['--baseline', 'base.sarif', '--format', 'compact'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^infra\/network\.yaml:4:3: error: VPC `NewVpc` .*\[vpc-flow-logs\]\n$/);
  });

  it('a baseline path in a subfolder is named as given', () => {
    const dir = findings();
    writeBaseline(dir, 'infra/../base.sarif');
    const run = runCli(['--format', 'sarif', '--baseline', 'infra/../base.sarif'], { cwd: dir });
    expect((resultsOf(parseSarif(run.stdout))[0] as unknown as Suppressed).suppressions).toEqual([{ kind: 'external', justification: 'in baseline infra/../base.sarif' }]);
  });
});

/**
 * A baseline of 40,000 results (42 MB) in the shape flowguard writes, one of whose fingerprints is the
 * finding of `dir`'s template (so the run exits 0 only if the baseline was read).
 */
function largeBaseline(dir: string, fingerprint: string): void {
  const results = Array.from({ length: 40_000 }, (_, i) => ({
    ruleId: 'log-group-retention',
    ruleIndex: 1,
    level: 'error',
    message: { text: `Log group \`Logs${i}\` keeps its events 3 days; the minimum is 365 (RetentionInDays: 3). Set RetentionInDays to 365 or more.` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: 'infra/logs.yaml' }, region: { startLine: i * 4 + 5, startColumn: 7, endLine: i * 4 + 5, endColumn: 25 } },
        logicalLocations: [{ name: `Logs${i}`, fullyQualifiedName: `infra/logs.yaml#Logs${i}`, kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: i === 20_000 ? fingerprint : i.toString(16).padStart(32, '0') },
  }));
  writeFileSync(join(dir, 'large.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'flowguard' } }, results }] }, null, 2));
}

describe('a large baseline', () => {
  // JSON.parse of the whole file needed the text and the whole tree of results at once: this one
  // took a heap of 64–96 MB and aborted the process (out of memory) under 64 MB. Read for its
  // fingerprints alone, from its bytes, it runs in 12 MB; the bound sits between (issue 5).
  it('is read within a 40 MB heap', () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir, 'logs.yaml'), 'Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 3\n');
      const first = runCli(['--format', 'json', 'logs.yaml'], { cwd: dir });
      expect(first.status).toBe(1);
      const [{ fingerprint }] = JSON.parse(first.stdout) as [{ fingerprint: string }];
      largeBaseline(dir, fingerprint);
      const run = runCli(['--baseline', 'large.sarif', 'logs.yaml'], { cwd: dir, env: { NODE_OPTIONS: '--max-old-space-size=40' } });
      expectOrderlyExit(run);
      expect(run.stdout).toBe('✔ no problems in 1 file (1 suppressed)\n');
      expect(run.status).toBe(0);
    } finally {
      removeDir(dir);
    }
  });
});

describe('bad baselines: exit 2 with a clear message', () => {
  it.each([
    ['a missing file', undefined, 'flowguard: cannot read baseline base.sarif: no such file or directory\n'],
    ['not JSON', 'results: []\n', /^flowguard: baseline base\.sarif is not a SARIF file: not valid JSON \(/],
    ['JSON that is not SARIF', '[{"ruleId": "vpc-flow-logs"}]', 'flowguard: baseline base.sarif is not a SARIF file: expected a SARIF 2.1.0 log with "version" and "runs" (write one with --format sarif --output base.sarif)\n'],
    ['another SARIF version', '{"version": "2.0.0", "runs": []}', 'flowguard: baseline base.sarif is SARIF 2.0.0; flowguard reads SARIF 2.1.0\n'],
    ['another tool’s SARIF', '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "checkov"}}, "results": []}]}', /has no flowguard run/],
  ])('%s', (_name, content, message) => {
    const dir = findings();
    if (content !== undefined) writeFileSync(join(dir, 'base.sarif'), content);
    const run = runCli(['--baseline', 'base.sarif'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    if (typeof message === 'string') expect(run.stderr).toBe(message);
    else expect(run.stderr).toMatch(message);
  });
});

describe('parseBaseline', () => {
  it('reads the fingerprint key SARIF output writes', () => {
    expect(BASELINE_FINGERPRINT_KEY).toBe(FINGERPRINT_KEY);
  });

  it('collects fingerprints of flowguard runs only, ignoring results without one', () => {
    const log = {
      version: '2.1.0',
      runs: [
        { tool: { driver: { name: 'flowguard' } }, results: [{ partialFingerprints: { 'flowguard/v1': 'a' } }, { partialFingerprints: { other: 'b' } }, {}, 7] },
        { tool: { driver: { name: 'trivy' } }, results: [{ partialFingerprints: { 'flowguard/v1': 'c' } }] },
        { tool: { driver: { name: 'flowguard' } } },
      ],
    };
    const parsed = parseBaseline(JSON.stringify(log), 'x.sarif');
    expect(parsed.ok && [...parsed.baseline.fingerprints]).toEqual(['a']);
  });

  it('leaves out results only an inline suppression hid, keeps those a baseline suppressed', () => {
    const result = (fingerprint: string, kinds: string[]) => ({ partialFingerprints: { 'flowguard/v1': fingerprint }, suppressions: kinds.map((kind) => ({ kind, justification: 'x' })) });
    const log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'flowguard' } }, results: [result('open', []), result('inline', ['inSource']), result('accepted', ['external']), result('both', ['inSource', 'external'])] }] };
    const parsed = parseBaseline(JSON.stringify(log), 'x.sarif');
    expect(parsed.ok && [...parsed.baseline.fingerprints]).toEqual(['open', 'accepted', 'both']);
  });

  it('an empty flowguard run is a valid, empty baseline', () => {
    const parsed = parseBaseline('\ufeff{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "flowguard"}}, "results": []}]}', 'x');
    expect(parsed.ok && parsed.baseline.fingerprints.size).toBe(0);
  });
});
