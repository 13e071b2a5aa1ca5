/**
 * Terraform's `file()` and `templatefile()` read what the module names, as Terraform does, inside the
 * git work tree: a policy kept in a shared folder beside the modules (alphagov/govuk-aws keeps its IAM
 * policies in `terraform/policies/` and reads them with `file("${path.module}/../../policies/…")`).
 * Nothing outside it (or, without one, outside the module tree) is read, through a symbolic link
 * neither: such a value stays unknown.
 */
import { symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
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

  it('lets a module linked in from outside the repository read its own files', async () => {
    const base = tempDir('flowguard-file-paths-');
    dirs.push(base);
    const repo = join(base, 'repo');
    writeTree(base, { 'shared/flow-logs/main.tf': project('trust.json'), 'shared/flow-logs/trust.json': TRUSTS_EC2 });
    writeTree(repo, { '.git/HEAD': 'ref: refs/heads/main\n', 'envs/prod/main.tf': 'module "flow_logs" {\n  source = "../../modules/flow-logs"\n}\n' });
    symlinkSync(join(base, 'shared'), join(repo, 'modules'));
    const result = await lint(['envs/prod'], { cwd: repo });
    const trust = result.findings.filter((f) => f.ruleId === 'role-trust-principal' && f.level === 'error');
    expect(trust.map((f) => f.message)).toEqual([expect.stringContaining('it trusts ec2.amazonaws.com')]);
  });

  it('gives a module outside the repository no way to the rest of the disk (their shared folder is /)', async () => {
    const base = tempDir('flowguard-file-paths-');
    dirs.push(base);
    const repo = join(base, 'repo');
    const elsewhere = tempDir('flowguard-file-paths-elsewhere-');
    dirs.push(elsewhere);
    writeTree(base, { 'secret/trust.json': TRUSTS_EC2 });
    writeTree(elsewhere, { 'net/main.tf': project(join(base, 'secret/trust.json').replace(/^/, '../'.repeat(20))) });
    writeTree(repo, { '.git/HEAD': 'ref: refs/heads/main\n', 'env/main.tf': `module "net" {\n  source = "${relative(join(repo, 'env'), join(elsewhere, 'net'))}"\n}\n` });
    const result = await lint(['env'], { cwd: repo });
    // The module was loaded (its flow log is checked), but its file() outside stays unknown.
    expect(result.findings.filter((f) => f.ruleId === 'flow-log-delivery').map((f) => f.resourceId)).toEqual(['module.net.aws_flow_log.main']);
    expect(result.findings.filter((f) => f.ruleId === 'role-trust-principal')).toEqual([]);
  });

  it('names a template of a module outside the repository by its path from the repository root', async () => {
    const base = tempDir('flowguard-file-paths-');
    dirs.push(base);
    const repo = join(base, 'repo');
    const template = TRUSTS_EC2.replace('"ec2.amazonaws.com"', '"${service}"');
    writeTree(base, { 'shared/net/main.tf': project('trust.tpl').replace('file("${path.module}/trust.tpl")', 'templatefile("${path.module}/trust.tpl", { service = "ec2.amazonaws.com" })'), 'shared/net/trust.tpl': template });
    writeTree(repo, { '.git/HEAD': 'ref: refs/heads/main\n', 'env/main.tf': 'module "net" {\n  source = "../../shared/net"\n}\n' });
    const result = await lint(['env'], { cwd: repo });
    const trust = result.findings.find((f) => f.ruleId === 'role-trust-principal' && f.level === 'error')!;
    const written = trust.related.find((r) => r.message === 'the trust policy, as written')!;
    expect(written.file).toBe('../shared/net/trust.tpl');
    expect(written.region.endLine).toBe(template.split('\n').length);
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
