/**
 * `--terraform-workspace` (library: `terraformWorkspace`): the value of `terraform.workspace` in `.tf`
 * source, on the fixture of a team that keeps logs longer in prod
 * (`fixtures/terraform/log-group-retention/retention-decided-by-workspace`: `api` keeps 731 days in
 * prod and 14 elsewhere, through locals; `worker_logs` 400 in prod and 30 elsewhere, through a
 * module argument; `audit` 365 everywhere).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { FlowguardOptionsError, lint } from '../../src/index.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, expectOrderlyExit, REPO, runCli } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const FIXTURE = 'fixtures/terraform/log-group-retention/retention-decided-by-workspace';

function run(...args: string[]): { status: number | null; findings: { resourceId: string; message: string }[]; stderr: string } {
  const result = runCli(['--format', 'json', ...args, FIXTURE], { cwd: REPO });
  expectOrderlyExit(result);
  return { status: result.status, findings: result.stdout === '' ? [] : JSON.parse(result.stdout), stderr: result.stderr };
}

describe('--terraform-workspace', () => {
  it('lints the default workspace when none is given, and says so in each finding it decides', () => {
    const { status, findings } = run();
    expect(status).toBe(1);
    expect(findings.map((f) => [f.resourceId, f.message.match(/keeps events for \d+ days/)?.[0], f.message.includes('terraform.workspace is taken as "default"')])).toEqual([
      ['aws_cloudwatch_log_group.api', 'keeps events for 14 days', true],
      ['module.worker_logs.aws_cloudwatch_log_group.this', 'keeps events for 30 days', true],
    ]);
  });

  it('evaluates terraform.workspace as the workspace named: prod keeps every log group long enough', () => {
    const { status, findings } = run('--terraform-workspace', 'prod');
    expect(findings).toEqual([]);
    expect(status).toBe(0);
  });

  it('names the workspace it was given in the findings it decides', () => {
    const { findings } = run('--terraform-workspace', 'staging');
    expect(findings.map((f) => f.resourceId)).toEqual(['aws_cloudwatch_log_group.api', 'module.worker_logs.aws_cloudwatch_log_group.this']);
    for (const finding of findings) expect(finding.message).toContain('terraform.workspace is "staging"');
  });

  // Terraform accepts a name that Go's url.PathEscape leaves as it is: not ',', ';', '!', "'", '(', ')' or '*'.
  it.each(['my env', 'team/prod', 'eu,us', 'a;b', "it's", 'prod(1)', 'prod*', 'prod!'])('refuses "%s", which Terraform does not accept as a workspace name (exit 2)', (name) => {
    const result = runCli(['--terraform-workspace', name, FIXTURE], { cwd: REPO });
    expectOrderlyExit(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--terraform-workspace: "${name}" is not a name Terraform accepts for a workspace`);
  });

  it('is the library option terraformWorkspace, validated like the others', async () => {
    const result = await lint([FIXTURE], { cwd: REPO, terraformWorkspace: 'prod' });
    expect(result.findings.filter((f) => f.ruleId === 'log-group-retention')).toEqual([]);
    await expect(lint([FIXTURE], { cwd: REPO, terraformWorkspace: 'a/b' })).rejects.toBeInstanceOf(FlowguardOptionsError);
  });
});
