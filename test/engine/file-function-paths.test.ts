/**
 * Terraform's `file()` and `templatefile()` read what the module names, as Terraform does, inside the
 * git work tree: a policy kept in a shared folder beside the modules (alphagov/govuk-aws keeps its IAM
 * policies in `terraform/policies/` and reads them with `file("${path.module}/../../policies/…")`).
 * Nothing outside it (or, without one, outside the module tree) is read, through a symbolic link
 * neither: such a value stays unknown.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const TRUSTS_EC2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, null, 2);

const project = (policyPath: string): string => `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_iam_role" "flow_logs" {
  name               = "flow-logs"
  assume_role_policy = file("\${path.module}/${policyPath}")
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/vpc/main"
  retention_in_days = 365
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn    = aws_iam_role.flow_logs.arn
}
`;

describe('file() paths', () => {
  it('reads a policy in a shared folder of the repository, outside the module tree', async () => {
    const base = tempDir('flowguard-file-paths-');
    dirs.push(base);
    const repo = join(base, 'repo');
    writeTree(repo, { '.git/HEAD': 'ref: refs/heads/main\n', 'terraform/policies/flow-logs-trust.json': TRUSTS_EC2, 'terraform/projects/network/main.tf': project('../../policies/flow-logs-trust.json') });
    const result = await lint(['terraform/projects/network'], { cwd: repo });
    const trust = result.findings.filter((f) => f.ruleId === 'role-trust-principal' && f.level === 'error');
    expect(trust.map((f) => [f.file, f.region.startLine, f.region.startColumn])).toEqual([['terraform/projects/network/main.tf', 7, 24]]);
    expect(trust[0]!.message).toContain('it trusts ec2.amazonaws.com');
    expect(result.inputs).toContain('terraform/policies/flow-logs-trust.json');
  });

  it('reads nothing outside the repository: the trust policy stays unknown', async () => {
    const base = tempDir('flowguard-file-paths-');
    dirs.push(base);
    const repo = join(base, 'repo');
    writeTree(base, { 'outside-trust.json': TRUSTS_EC2 });
    writeTree(repo, { '.git/HEAD': 'ref: refs/heads/main\n', 'terraform/projects/network/main.tf': project('../../../../outside-trust.json') });
    const result = await lint(['terraform/projects/network'], { cwd: repo });
    expect(result.findings.filter((f) => f.ruleId === 'role-trust-principal')).toEqual([]);
    expect(result.inputs).not.toContain('../outside-trust.json');
    expect(result.inputs).toEqual(['terraform/projects/network/main.tf']);
  });

  it('follows no symbolic link out of the repository', async () => {
    const base = tempDir('flowguard-file-paths-');
    dirs.push(base);
    const repo = join(base, 'repo');
    writeTree(base, { 'outside/flow-logs-trust.json': TRUSTS_EC2 });
    writeTree(repo, { '.git/HEAD': 'ref: refs/heads/main\n', 'terraform/projects/network/main.tf': project('flow-logs-trust.json') });
    symlinkSync(join(base, 'outside/flow-logs-trust.json'), join(repo, 'terraform/projects/network/flow-logs-trust.json'));
    const result = await lint(['terraform/projects/network/main.tf'], { cwd: repo });
    expect(result.findings.filter((f) => f.ruleId === 'role-trust-principal')).toEqual([]);
  });

  it('outside a git work tree, reads within the module tree only (the working directory may be anything)', async () => {
    const cwd = tempDir('flowguard-file-paths-');
    dirs.push(cwd);
    writeTree(cwd, { 'terraform/policies/flow-logs-trust.json': TRUSTS_EC2, 'terraform/projects/network/main.tf': project('../../policies/flow-logs-trust.json') });
    const result = await lint(['terraform/projects/network'], { cwd });
    expect(result.findings.filter((f) => f.ruleId === 'role-trust-principal')).toEqual([]);
    writeTree(cwd, { 'terraform/projects/network/trust.json': TRUSTS_EC2, 'terraform/projects/network/main.tf': project('trust.json') });
    const inside = await lint(['terraform/projects/network'], { cwd });
    expect(inside.findings.filter((f) => f.ruleId === 'role-trust-principal' && f.level === 'error')).toHaveLength(1);
  });
});
