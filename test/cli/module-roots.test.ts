/**
 * One Terraform module called by two environment roots (`fixtures/cli/shared-module-roots`): each root's
 * copy of the module's VPC is a finding of its own, on the same line of the module. The one-line
 * formats must tell them apart by their root, as the text format and SARIF's logical location do.
 * A root module's own resource (`fixtures/cli/root-module-split-files`) names no root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, copyFixture, ensureBuilt, removeDir, runCli } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

let cwd: string;
let splitCwd: string;
beforeAll(() => {
  cwd = copyFixture('shared-module-roots');
  splitCwd = copyFixture('root-module-split-files');
});
afterAll(() => {
  removeDir(cwd);
  removeDir(splitCwd);
});

describe('a module reached from two roots', () => {
  it('gives two distinct compact lines, each naming its root', () => {
    const run = runCli(['--format', 'compact', '.'], { cwd });
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n').filter((line) => line.includes('[vpc-flow-logs]'));
    expect(lines).toHaveLength(2);
    expect(new Set(lines).size).toBe(2);
    expect(lines.some((line) => line.startsWith('modules/vpc/main.tf:7:1: error: ') && line.endsWith('(root environments/dev/main.tf) [vpc-flow-logs]'))).toBe(true);
    expect(lines.some((line) => line.startsWith('modules/vpc/main.tf:7:1: error: ') && line.endsWith('(root environments/prod/main.tf) [vpc-flow-logs]'))).toBe(true);
  });

  it('gives two distinct GitHub annotations, each naming its root', () => {
    const run = runCli(['--format', 'github', '.'], { cwd });
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n').filter((line) => line.includes('title=flowguard vpc-flow-logs::'));
    expect(lines).toHaveLength(2);
    expect(lines.filter((line) => line.endsWith('(root environments/dev/main.tf)'))).toHaveLength(1);
    expect(lines.filter((line) => line.endsWith('(root environments/prod/main.tf)'))).toHaveLength(1);
  });
});

describe('a root-module resource whose finding sits in another file of the root', () => {
  // The role is in vpc.tf, its trust policy in data.tf: vpc.tf is the resource's own file, no root
  // calling a module, and the one-line formats must not call it one.
  it('names no root in compact, github and text output', () => {
    const compact = runCli(['--format', 'compact', '.'], { cwd: splitCwd });
    expect(compact.stdout.trimEnd().split('\n')).toEqual([
      'data.tf:8:22: note: Role `aws_iam_role.flow_logs_role` trusts vpc-flow-logs.amazonaws.com without an aws:SourceAccount or aws:SourceArn condition (confused-deputy protection) [role-trust-principal]',
    ]);
    const github = runCli(['--format', 'github', '.'], { cwd: splitCwd });
    expect(github.stdout).toContain('(confused-deputy protection)\n');
    expect(github.stdout).not.toContain('(root ');
    const text = runCli(['--format', 'text', '.'], { cwd: splitCwd });
    expect(text.stdout).toContain('data.tf');
    expect(text.stdout).not.toContain('(root ');
  });

  it("keeps the resource's own file as the SARIF logical location", () => {
    const run = runCli(['--format', 'sarif', '.'], { cwd: splitCwd });
    const sarif = JSON.parse(run.stdout) as { runs: { results: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    expect(sarif.runs[0]!.results[0]!.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe('vpc.tf#aws_iam_role.flow_logs_role');
  });
});
