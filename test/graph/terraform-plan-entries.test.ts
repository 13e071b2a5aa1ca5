/**
 * A plan's resource entry that flowguard cannot use is said, not passed over: an address its section
 * already lists (Terraform writes each instance once; a plan merged by a script may not), an address
 * Terraform never writes (10,000 characters, a `[*]` key), an entry with no address. Each is a
 * parse-error at the entry; the first entry of an address is still checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const group = (address: string, retention: number) => ({ address, mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'g', values: { name: 'g', retention_in_days: retention } });
const change = (address: string, retention: number) => ({ address, mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'g', change: { actions: ['create'], after: { retention_in_days: retention } } });

const LONG = `aws_cloudwatch_log_group.${'x'.repeat(10_000)}`;
const PLAN = {
  format_version: '1.2',
  terraform_version: '1.9.0',
  planned_values: { root_module: { resources: [group('aws_cloudwatch_log_group.g', 365), group('aws_cloudwatch_log_group.g', 7), group(LONG, 7), group('aws_cloudwatch_log_group.g[*]', 7), { mode: 'managed', type: 'aws_cloudwatch_log_group' }] } },
  resource_changes: [change('aws_cloudwatch_log_group.g', 365), change('aws_cloudwatch_log_group.g', 1)],
};

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-plan-entries-');
  writeTree(dir, {
    'plan.json': JSON.stringify(PLAN, null, 1),
    // 30 entries with the same address: the first 20 problems are told, the last counts the rest.
    'many.json': JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: Array.from({ length: 31 }, () => group('aws_cloudwatch_log_group.g', 365)) } } }, null, 1),
  });
});
afterAll(() => removeDir(dir));

describe('plan entries that cannot be used', () => {
  it('are parse-errors at the entry, and the first entry of an address is still checked', async () => {
    const result = await lint(['plan.json'], { cwd: dir });
    expect(result.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
      'parse-error: `aws_cloudwatch_log_group.g` is listed twice in planned_values: Terraform writes each instance once; this entry was not checked',
      `parse-error: \`aws_cloudwatch_log_group.${'x'.repeat(35)}…\` (10025 characters) is not a resource address Terraform writes: this entry was not checked`,
      'parse-error: `aws_cloudwatch_log_group.g[*]` is not a resource address Terraform writes: this entry was not checked',
      'parse-error: a resource entry in planned_values has no address: it was not checked',
      'parse-error: `aws_cloudwatch_log_group.g` is listed twice in resource_changes: Terraform writes each instance once; this entry was not checked',
    ]);
    // The 365 days of the first entries hold; the repeats' 7 and 1 are not read.
    expect(result.findings.filter((f) => f.ruleId === 'log-group-retention')).toEqual([]);
    expect(result.notifications.filter((n) => n.level === 'error')).toHaveLength(5);
  });

  it('are told at most 20 times a plan', async () => {
    const result = await lint(['many.json'], { cwd: dir });
    const problems = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(problems).toHaveLength(20);
    expect(problems.at(-1)!.message).toMatch(/this entry was not checked \(and 10 more such entries\)$/);
  });
});
