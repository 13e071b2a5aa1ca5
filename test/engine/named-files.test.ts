/**
 * Which findings a run with named files and `--context` reports (the pre-commit hook: the staged
 * files named, the repository as context). A finding is reported when it is in a named file, when its
 * resource belongs to one, or when one of its related locations is in one: the change that uncovers a
 * VPC is often in another file than the VPC.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import { SHORT_RETENTION, writeTree } from '../cli/helpers.js';
import { copyConfigFixture, removeScratch, scratch } from '../cli/scratch.js';

afterEach(removeScratch);

function shown(result: LintResult): string[] {
  return result.findings.filter((f) => !f.suppressions?.length).map((f) => `${f.ruleId}@${f.file}:${f.resourceId ?? ''}`);
}

/** The security team's stack, with its flow log narrowed to accepted traffic: the shared VPC loses its coverage. */
function narrowFlowLog(dir: string): void {
  const path = join(dir, 'flow-logs.json');
  writeFileSync(path, readFileSync(path, 'utf8').replace('"TrafficType": "ALL"', '"TrafficType": "ACCEPT"'));
}

describe('named files with --context', () => {
  it('report the finding on a VPC in a context file when its almost-covering flow log is in a named file', async () => {
    const dir = copyConfigFixture('cross-stack');
    narrowFlowLog(dir);
    const result = await lint(['flow-logs.json'], { cwd: dir, context: ['.'] });
    expect(shown(result)).toEqual(['vpc-flow-logs@network.yaml:SharedVpc']);
    expect(result.findings[0]!.related.map((r) => r.file)).toContain('flow-logs.json');
  });

  it('still leave out context findings that no named file takes part in', async () => {
    const dir = copyConfigFixture('cross-stack');
    narrowFlowLog(dir);
    writeTree(dir, { 'other/logs.yaml': SHORT_RETENTION });
    expect(shown(await lint(['other/logs.yaml'], { cwd: dir, context: ['.'] }))).toEqual(['log-group-retention@other/logs.yaml:Logs']);
    expect(shown(await lint(['network.yaml'], { cwd: dir, context: ['other'] }))).toEqual(['vpc-flow-logs@network.yaml:SharedVpc']);
  });

  it('report a Terraform finding whose deciding variable default is in the named variables.tf', async () => {
    const dir = terraformModule({ 'logs/variables.tf': retentionVariable(7) });
    const result = await lint(['logs/variables.tf'], { cwd: dir, context: ['.'] });
    expect(shown(result)).toEqual([API_LOGS]);
    expect(result.findings[0]!.related.map((r) => r.file)).toEqual(['logs/variables.tf']);
    // Without --context, the folder is still read as one module, and the same rule applies.
    expect(shown(await lint(['logs/variables.tf'], { cwd: dir }))).toEqual([API_LOGS]);
  });
});

const API_LOGS = 'log-group-retention@logs/main.tf:aws_cloudwatch_log_group.app';

function retentionVariable(days: number): string {
  return `variable "retention_days" {\n  type    = number\n  default = ${days}\n}\n`;
}

/** A module folder `logs/` whose log group keeps events `var.retention_days` days (365 by default), plus `files`. */
function terraformModule(files: Record<string, string>): string {
  const dir = scratch('flowguard-named-files-');
  writeTree(dir, {
    'logs/main.tf': 'resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app/api"\n  retention_in_days = var.retention_days\n}\n',
    'logs/variables.tf': retentionVariable(365),
    ...files,
  });
  return dir;
}
