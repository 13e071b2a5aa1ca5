/**
 * A module folder outside the run's paths that a call reaches (`flowguard envs/prod` whose
 * `main.tf` calls `../../modules/net`) is read as Terraform reads it: its problems — a file that does
 * not parse, a duplicate declaration — are the run's `parse-error`s (Terraform's `init` / `plan` of
 * the caller stop on them), reported once, with a SARIF notification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const CALLER = 'module "net" {\n  source = "../../modules/net"\n}\n';
const VPC = 'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n';

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-module-outside-');
  writeTree(dir, {
    'partial/envs/prod/main.tf': CALLER,
    'partial/modules/net/vpc.tf': VPC,
    // The flow log the VPC needs may be in here: unknown, and a parse-error.
    'partial/modules/net/flow-log.tf': 'resource "aws_flow_log" "this" {\n  vpc_id = aws_vpc.this.id\n',
    'duplicate/envs/prod/main.tf': CALLER,
    'duplicate/modules/net/main.tf': `${VPC}variable "name" {}\n`,
    'duplicate/modules/net/variables.tf': 'variable "name" {}\n',
    // Both folders in the run: the broken module file is the run's own problem, reported once.
    'inside/root/main.tf': 'module "net" {\n  source = "../net"\n}\n',
    // One file of the caller named, beside a sibling that does not parse.
    'context/envs/prod/main.tf': CALLER,
    'context/envs/prod/outputs.tf': 'output "vpc_id" {\n  value = \n',
    'context/modules/net/vpc.tf': VPC,
    'context/modules/net/flow-log.tf': 'resource "aws_flow_log" "this" {\n  vpc_id = aws_vpc.this.id\n',
    'inside/net/main.tf': 'resource "aws_vpc" "this" {\n',
  });
});
afterAll(() => removeDir(dir));

describe('a module folder outside the run', () => {
  it('reports its file that does not parse, and leaves what that file may create unknown', async () => {
    const result = await lint(['partial/envs/prod'], { cwd: dir });
    expect(result.findings.map((f) => `${f.ruleId}@${f.file}:${f.region.startLine}:${f.level}`)).toEqual([
      'parse-error@partial/modules/net/flow-log.tf:1:error',
      'vpc-flow-logs@partial/modules/net/vpc.tf:1:note',
    ]);
    expect(result.notifications).toContainEqual(expect.objectContaining({ level: 'error', file: 'partial/modules/net/flow-log.tf' }));
  });

  it('reports a duplicate declaration in it', async () => {
    const result = await lint(['duplicate/envs/prod'], { cwd: dir });
    const problems = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(problems.map((f) => `${f.file}:${f.region.startLine}`)).toEqual(['duplicate/modules/net/variables.tf:1']);
    expect(problems[0]!.message).toContain('duplicate variable "name"');
  });

  it('reports it when one .tf file of the caller is named, and leaves a sibling\'s problem with the sibling', async () => {
    // `flowguard envs/prod/main.tf` (a pre-commit run) reads the folder's other files as context:
    // a sibling's problem stays that file's (a notification), but the module the named file's
    // module calls is deployed by it.
    const result = await lint(['context/envs/prod/main.tf'], { cwd: dir });
    expect(result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.file)).toEqual(['context/modules/net/flow-log.tf']);
    expect(result.notifications).toContainEqual(expect.objectContaining({ level: 'error', file: 'context/envs/prod/outputs.tf' }));
  });

  it('does not report a module file of the run twice', async () => {
    const result = await lint(['inside'], { cwd: dir });
    expect(result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.file)).toEqual(['inside/net/main.tf']);
  });
});
