/**
 * Every output format through the built CLI (SPEC §4), on a temporary copy of `fixtures/cli/findings`
 * (no git work tree around it, so paths are relative to the working directory):
 *   infra/network.yaml  4:3   vpc-flow-logs        AppVpc has no flow log
 *   infra/network.yaml  11:24 log-group-retention  AppLogs keeps 30 days
 *   logs.json           7:28  log-group-retention  WeekLogs keeps 7 days
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allUris,
  BUILD_TIMEOUT_MS,
  CLI,
  copyFixture,
  ensureBuilt,
  expectOrderlyExit,
  fixtureText,
  parseSarif,
  positionOf,
  regionOf,
  removeDir,
  resultsOf,
  runCli,
  runOnTerminal,
  tempDir,
  uriOf,
  writeTree,
} from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const dirs: string[] = [];
let cwd: string;
beforeAll(() => {
  cwd = copyFixture('findings');
  dirs.push(cwd);
});
afterAll(() => dirs.forEach(removeDir));

const NETWORK = fixtureText('findings/infra/network.yaml');
const LOGS = fixtureText('findings/logs.json');
/** file, line:col, rule — in the order every format lists them (file, then position). */
const EXPECTED = [
  ['infra/network.yaml', positionOf(NETWORK, 'AppVpc:'), 'vpc-flow-logs'],
  ['infra/network.yaml', at(NETWORK, 'RetentionInDays: 30', '30'), 'log-group-retention'],
  ['logs.json', at(LOGS, '"RetentionInDays": 7', '7'), 'log-group-retention'],
];

/** Position of `part` inside the first occurrence of `context`. */
function at(text: string, context: string, part: string): string {
  const offset = text.indexOf(context) + context.indexOf(part);
  return positionOf(text.slice(0, offset) + '\u0000', '\u0000');
}

function run(...args: string[]) {
  const result = runCli(args, { cwd });
  expectOrderlyExit(result);
  expect(result.status).toBe(1);
  expect(result.stderr).toBe('');
  return result;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;

describe('--format text', () => {
  it('is the default: findings grouped under their file, line:col, level, message, rule, then a summary', () => {
    const { stdout } = run();
    expect(stdout).not.toMatch(ANSI);
    const blocks = stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(3);
    const [network, logs, summary] = blocks as [string, string, string];

    const rows = (block: string) =>
      block
        .split('\n')
        .slice(1)
        .map((line) => {
          const match = /^ {2}\s*(\d+):(\d+)\s+(error|warning|note)\s{2}(.+?)\s{2,}([a-z-]+)$/.exec(line);
          expect(match, `row "${line}"`).not.toBeNull();
          return [`${match![1]}:${match![2]}`, match![3], match![5]];
        });
    expect(network.split('\n')[0]).toBe('infra/network.yaml');
    expect(rows(network)).toEqual([
      [EXPECTED[0]![1], 'error', 'vpc-flow-logs'],
      [EXPECTED[1]![1], 'error', 'log-group-retention'],
    ]);
    expect(logs.split('\n')[0]).toBe('logs.json');
    expect(rows(logs)).toEqual([[EXPECTED[2]![1], 'error', 'log-group-retention']]);
    expect(network).toContain('VPC `AppVpc` has no flow log');
    expect(summary).toBe('✖ 3 problems (3 errors, 0 warnings, 0 notes)');
  });

  it('prints no colour when stdout is not a terminal, even with --format text named', () => {
    expect(run('--format', 'text').stdout).not.toMatch(ANSI);
    expect(runCli(['--format', 'text'], { cwd, env: { NO_COLOR: '1' } }).stdout).not.toMatch(ANSI);
  });

  it('prints paths relative to the working directory when run from a subfolder', () => {
    const result = runCli(['..'], { cwd: join(cwd, 'infra') });
    expectOrderlyExit(result);
    const headers = result.stdout.split('\n').filter((line) => line !== '' && !line.startsWith(' ') && !/^[✖✔]/.test(line));
    expect(headers).toEqual(['../logs.json', 'network.yaml']);
  });
});

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 with relative URIs and the expected results', () => {
    const { stdout } = run('--format', 'sarif');
    const log = parseSarif(stdout);
    const results = resultsOf(log);
    expect(results.map((r) => [uriOf(r), `${regionOf(r).startLine}:${regionOf(r).startColumn}`, r.ruleId])).toEqual(EXPECTED);
    for (const uri of allUris(log)) {
      expect(uri).not.toMatch(/^file:/);
      expect(uri).not.toMatch(/^\//);
      expect(uri).not.toMatch(/^\.\//);
      expect(uri).not.toContain('\\');
      expect(uri).not.toContain(cwd);
    }
    expect(stdout).not.toContain(cwd);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });

  it('links each result to its rule and fingerprints it', () => {
    const log = JSON.parse(run('--format', 'sarif').stdout) as {
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; partialFingerprints: Record<string, string>; locations: { logicalLocations: { name: string; kind: string }[] }[] }[] }[];
    };
    const [sarifRun] = log.runs;
    expect(sarifRun!.tool.driver.name).toBe('flowguard');
    for (const result of sarifRun!.results) {
      expect(sarifRun!.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
      expect(result.partialFingerprints['flowguard/v1']).toMatch(/^\w+$/);
      expect(result.locations[0]!.logicalLocations[0]!.kind).toBe('resource');
    }
    expect(sarifRun!.results.map((r) => r.locations[0]!.logicalLocations[0]!.name)).toEqual(['AppVpc', 'AppLogs', 'WeekLogs']);
  });

  it('is byte-identical on a second run, and in another copy of the same files', () => {
    const first = run('--format', 'sarif').stdout;
    expect(run('--format', 'sarif').stdout).toBe(first);
    const other = copyFixture('findings');
    dirs.push(other);
    const elsewhere = runCli(['--format', 'sarif'], { cwd: other });
    expect(elsewhere.stdout).toBe(first);
  });
});

describe('--format json', () => {
  it('is an array of findings with ruleId, file, line and column', () => {
    const findings = JSON.parse(run('--format', 'json').stdout) as { ruleId: string; file: string; startLine: number; startColumn: number; level: string; message: string; resourceId: string }[];
    expect(Array.isArray(findings)).toBe(true);
    expect(findings.map((f) => [f.file, `${f.startLine}:${f.startColumn}`, f.ruleId])).toEqual(EXPECTED);
    expect(findings.map((f) => f.resourceId)).toEqual(['AppVpc', 'AppLogs', 'WeekLogs']);
    for (const finding of findings) {
      expect(finding.level).toBe('error');
      expect(finding.message).not.toBe('');
    }
  });
});

describe('tool notifications (a path that cannot be read)', () => {
  const MISSING = 'cannot read nonexist.yaml: no such file or directory';

  it('text lists them with the findings; json keeps stdout an array of findings and prints them on stderr', () => {
    const text = runCli(['nonexist.yaml', 'infra'], { cwd });
    expectOrderlyExit(text);
    expect(text.status).toBe(2);
    expect(text.stdout).toMatch(new RegExp(`^nonexist\\.yaml\n {2}error {2}${MISSING}$`, 'm'));

    const json = runCli(['nonexist.yaml', 'infra', '--format', 'json'], { cwd });
    expectOrderlyExit(json);
    expect(json.status).toBe(2);
    const findings = JSON.parse(json.stdout) as { file: string; ruleId: string }[];
    expect(findings.map((f) => [f.file, f.ruleId])).toEqual(EXPECTED.slice(0, 2).map(([file, , rule]) => [file, rule]));
    expect(json.stderr).toBe(`flowguard: error: ${MISSING}\n`);
  });

  it('json prints them on stderr with --output too, and only those the findings do not already carry', () => {
    const out = join(cwd, '..', `${cwd.split('/').pop()}-notified.json`);
    dirs.push(out);
    const json = runCli(['nonexist.yaml', 'infra', '--format', 'json', '--output', out], { cwd });
    expect(json.status).toBe(2);
    expect(json.stderr).toBe(`flowguard: error: ${MISSING}\n`);
    expect(Array.isArray(JSON.parse(readFileSync(out, 'utf8')))).toBe(true);
    // A parse error is a finding in the array; its notification would say the same again.
    const broken = copyFixture('findings');
    dirs.push(broken);
    writeFileSync(join(broken, 'broken.yaml'), "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n");
    const parsed = runCli(['--format', 'json'], { cwd: broken });
    expect(parsed.status).toBe(1);
    expect((JSON.parse(parsed.stdout) as { ruleId: string }[]).map((f) => f.ruleId)).toContain('parse-error');
    expect(parsed.stderr).toBe('');
  });
});

describe('--format compact', () => {
  it('prints `path:line:col: level: message [rule]`, one a line', () => {
    const lines = run('--format', 'compact').stdout.trimEnd().split('\n');
    const parsed = lines.map((line) => {
      const match = /^([^:\s][^:]*):(\d+):(\d+): (error|warning|note): (.+) \[([a-z0-9-]+)\]$/.exec(line);
      expect(match, `line "${line}"`).not.toBeNull();
      return [match![1], `${match![2]}:${match![3]}`, match![6]];
    });
    expect(parsed).toEqual(EXPECTED);
  });
});

describe('--format github', () => {
  it('prints one workflow command per finding with file, line and col', () => {
    const lines = run('--format', 'github').stdout.trimEnd().split('\n');
    const parsed = lines.map((line) => {
      const match = /^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=\d+,endColumn=\d+,title=flowguard ([a-z0-9-]+)::(.+)$/.exec(line);
      expect(match, `line "${line}"`).not.toBeNull();
      expect(match![1]).toBe('error');
      return [match![2], `${match![3]}:${match![4]}`, match![5]];
    });
    expect(parsed).toEqual(EXPECTED);
  });
});

describe('--output FILE', () => {
  it.each(['sarif', 'json', 'compact', 'github', 'text'])('writes the %s report to the file and only the summary to stdout', (format) => {
    const out = join(cwd, '..', `${cwd.split('/').pop()}-report.${format}`);
    dirs.push(out);
    const withOutput = run('--format', format, '--output', out);
    expect(withOutput.stdout).toBe('✖ 3 problems (3 errors, 0 warnings, 0 notes)\n');
    expect(readFileSync(out, 'utf8')).toBe(run('--format', format).stdout);
  });

  it('writes a report of many megabytes whole, the same to stdout, to a pipe and to the file', () => {
    // The CLI writes reports in chunks of about a megabyte (src/cli/write-pieces.ts): 2,000 results
    // make a SARIF of about 2.5 MB, so chunks must join up in the right order and none may be lost.
    const big = tempDir('flowguard-big-report-');
    dirs.push(big);
    const vpcs = (stack: number): string =>
      Array.from({ length: 500 }, (_, i) => `  Vpc${stack}x${i}:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.${stack}.${i % 250}.0/24\n`).join('');
    writeTree(big, Object.fromEntries([0, 1, 2, 3].map((stack) => [`stack${stack}.yaml`, `Resources:\n${vpcs(stack)}`])));
    const out = join(big, 'report', 'flowguard.sarif');
    const toFile = runCli(['--format', 'sarif', '--output', out, '.'], { cwd: big });
    expectOrderlyExit(toFile);
    expect(toFile.stdout).toBe('✖ 2000 problems (2000 errors, 0 warnings, 0 notes)\n');
    const toStdout = runCli(['--format', 'sarif', '.'], { cwd: big });
    expect(toStdout.status).toBe(1);
    const written = readFileSync(out, 'utf8');
    expect(written.length).toBeGreaterThan(2 << 20);
    expect(toStdout.stdout).toBe(written);
    expect(resultsOf(parseSarif(written))).toHaveLength(2000);
    // Through a pipe that a slow reader drains (the spawn above reads as fast as it can).
    const piped = spawnSync('sh', ['-c', `node ${JSON.stringify(CLI)} --format sarif . | (sleep 0.2; cat)`], { cwd: big, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(piped.stdout).toBe(written);
  });

  it.runIf(process.platform === 'linux')('writes no colour into the file when stdout is a terminal; the summary on the terminal has it', () => {
    const out = join(cwd, '..', `${cwd.split('/').pop()}-tty.txt`);
    dirs.push(out);
    // A real pseudo-terminal (script(1)), as when a user runs the command by hand.
    const result = runOnTerminal(['--format', 'text', '--output', out], { cwd });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(ANSI);
    expect(readFileSync(out, 'utf8')).not.toMatch(ANSI);
    expect(readFileSync(out, 'utf8')).toBe(run('--format', 'text').stdout);
  });

  it('refuses to write the report over a file it lints (exit 2), and leaves that file as it was', () => {
    const before = readFileSync(join(cwd, 'logs.json'), 'utf8');
    for (const output of ['logs.json', './infra/../logs.json', join(cwd, 'logs.json')]) {
      const result = runCli(['--format', 'sarif', '--output', output], { cwd });
      expectOrderlyExit(result);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`--output ${output} is one of the files being linted`);
    }
    expect(readFileSync(join(cwd, 'logs.json'), 'utf8')).toBe(before);
  });

  it('prints the clean summary and exits 0 on a clean run', () => {
    const clean = copyFixture('clean');
    dirs.push(clean);
    const result = runCli(['--format', 'sarif', '--output', 'flowguard.sarif'], { cwd: clean });
    expectOrderlyExit(result);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('✔ no problems in 1 file\n');
    expect(resultsOf(parseSarif(readFileSync(join(clean, 'flowguard.sarif'), 'utf8')))).toEqual([]);
  });
});
