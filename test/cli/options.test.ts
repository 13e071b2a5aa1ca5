/**
 * Rule options through the CLI: `--rule id=level`, `--min-retention-days`, `--require-explicit-retention`,
 * on temporary copies of `fixtures/cli/findings` (AppLogs 30 days, WeekLogs 7 days, ForeverLogs unset,
 * AppVpc without a flow log) and `fixtures/cli/unset-retention`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, copyFixture, ensureBuilt, expectOrderlyExit, parseSarif, removeDir, resultsOf, runCli } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const dirs: string[] = [];
let findings: string;
let unset: string;
beforeAll(() => {
  findings = copyFixture('findings');
  unset = copyFixture('unset-retention');
  dirs.push(findings, unset);
});
afterAll(() => dirs.forEach(removeDir));

interface JsonFinding {
  ruleId: string;
  level: string;
  resourceId: string;
  message: string;
}

function lint(cwd: string, ...args: string[]): { status: number | null; findings: JsonFinding[] } {
  const run = runCli(['--format', 'json', ...args], { cwd });
  expectOrderlyExit(run);
  return { status: run.status, findings: JSON.parse(run.stdout) as JsonFinding[] };
}

const summary = (list: JsonFinding[]) => list.map((f) => `${f.ruleId}@${f.resourceId}:${f.level}`);

describe('--rule', () => {
  it('reports every rule at its default level without options', () => {
    expect(summary(lint(findings).findings)).toEqual(['vpc-flow-logs@AppVpc:error', 'log-group-retention@AppLogs:error', 'log-group-retention@WeekLogs:error']);
  });

  it('log-group-retention=off removes those findings (and the rule from SARIF) and keeps the others', () => {
    const { status, findings: list } = lint(findings, '--rule', 'log-group-retention=off');
    expect(status).toBe(1);
    expect(summary(list)).toEqual(['vpc-flow-logs@AppVpc:error']);
    const sarif = parseSarif(runCli(['--format', 'sarif', '--rule', 'log-group-retention=off'], { cwd: findings }).stdout);
    expect(resultsOf(sarif).map((r) => r.ruleId)).toEqual(['vpc-flow-logs']);
    expect(JSON.stringify(sarif)).not.toContain('"id": "log-group-retention"');
  });

  it('turning every reporting rule off leaves a clean run (exit 0)', () => {
    const { status, findings: list } = lint(findings, '--rule', 'log-group-retention=off', '--rule', 'vpc-flow-logs=off');
    expect(list).toEqual([]);
    expect(status).toBe(0);
  });

  it('sets a level; the last --rule for an id wins', () => {
    const { status, findings: list } = lint(findings, '--rule', 'vpc-flow-logs=error', '--rule', 'vpc-flow-logs=note', '--rule', 'log-group-retention=warning');
    expect(summary(list)).toEqual(['vpc-flow-logs@AppVpc:note', 'log-group-retention@AppLogs:warning', 'log-group-retention@WeekLogs:warning']);
    expect(status).toBe(0);
  });
});

describe('--min-retention-days', () => {
  it('7 accepts both 7 and 30 days', () => {
    expect(summary(lint(findings, '--min-retention-days', '7').findings)).toEqual(['vpc-flow-logs@AppVpc:error']);
  });

  it('14 accepts 30 days but not 7', () => {
    const { findings: list } = lint(findings, '--min-retention-days', '14');
    expect(summary(list)).toEqual(['vpc-flow-logs@AppVpc:error', 'log-group-retention@WeekLogs:error']);
    expect(list[1]!.message).toContain('at least 14');
  });

  it('3653 rejects both', () => {
    const { findings: list } = lint(findings, '--min-retention-days', '3653');
    expect(summary(list)).toEqual(['vpc-flow-logs@AppVpc:error', 'log-group-retention@AppLogs:error', 'log-group-retention@WeekLogs:error']);
  });

  it('combines with --rule log-group-retention=<level>', () => {
    const { findings: list } = lint(findings, '--min-retention-days', '14', '--rule', 'log-group-retention=warning');
    expect(summary(list)).toEqual(['vpc-flow-logs@AppVpc:error', 'log-group-retention@WeekLogs:warning']);
  });
});

describe('--require-explicit-retention', () => {
  it('turns a log group that never expires from passing into an error', () => {
    const before = lint(unset);
    expect(before.findings).toEqual([]);
    expect(before.status).toBe(0);
    const after = lint(unset, '--require-explicit-retention');
    expect(summary(after.findings)).toEqual(['log-group-retention@ForeverLogs:error']);
    expect(after.findings[0]!.message).toContain('sets no retention');
    expect(after.status).toBe(1);
  });

  it('adds ForeverLogs to the findings fixture, together with --min-retention-days', () => {
    const { findings: list } = lint(findings, '--require-explicit-retention', '--min-retention-days', '7');
    expect(summary(list)).toEqual(['vpc-flow-logs@AppVpc:error', 'log-group-retention@ForeverLogs:error']);
  });
});
