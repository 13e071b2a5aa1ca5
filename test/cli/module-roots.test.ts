/**
 * One Terraform module called by two environment roots (`fixtures/cli/shared-module-roots`): each root's
 * copy of the module's VPC is a finding of its own, on the same line of the module. The one-line
 * formats must tell them apart by their root, as the text format and SARIF's logical location do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, copyFixture, ensureBuilt, removeDir, runCli } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

let cwd: string;
beforeAll(() => {
  cwd = copyFixture('shared-module-roots');
});
afterAll(() => removeDir(cwd));

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
