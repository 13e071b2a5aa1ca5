/**
 * A Terraform module is its folder (SPEC §4): a `.tf` file named alone — on the command line or as a
 * library document — brings the other `.tf`/`.tf.json` files of its folder into the run as context.
 * They change how the named file evaluates (its `variables.tf`), but their own findings are not reported.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import { lintSync } from '../../src/engine/lint-sync.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, expectOrderlyExit, removeDir, runCli, tempDir, writeTree } from '../cli/helpers.js';
import { eslintWith, messagesOf } from '../eslint/helpers.js';

const MAIN = `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  count                = var.flow_logs ? 1 : 0
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::central-flow-logs"
}
`;

const SHORT_LOG_GROUP = 'resource "aws_cloudwatch_log_group" "short" {\n  retention_in_days = 7\n}\n';

const MODULE = {
  'net/main.tf': MAIN,
  // Without this file `var.flow_logs` is undeclared and the VPC could not be verified (a note).
  'net/variables.tf': 'variable "flow_logs" {\n  type    = bool\n  default = false\n}\n',
  // A finding of its own, which a run naming only main.tf must not report.
  'net/logs.tf.json': JSON.stringify({ resource: { aws_cloudwatch_log_group: { short: { retention_in_days: 7 } } } }),
  // Another folder is another module: never pulled in.
  'other/logs.tf': SHORT_LOG_GROUP,
  // A root module calling ../net: the module's findings belong to the calling file.
  'root/main.tf': 'module "net" {\n  source    = "../net"\n  flow_logs = false\n}\n',
  'root/extra.tf': SHORT_LOG_GROUP,
};

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-module-folder-');
  writeTree(dir, MODULE);
});
afterAll(() => removeDir(dir));

function shown(result: LintResult): string[] {
  return result.findings.map((f) => `${f.ruleId}@${f.file}:${f.resourceId ?? ''}:${f.level}`);
}

describe('a .tf file named alone', () => {
  it('is evaluated with the other files of its folder, whose own findings are not reported', async () => {
    const result = await lint(['net/main.tf'], { cwd: dir });
    expect(shown(result)).toEqual(['vpc-flow-logs@net/main.tf:aws_vpc.main:error']);
    expect(result.findings[0]!.message).toMatch(/has no flow log/);
    // Linted is the named file; read are its folder's files too.
    expect(result.files).toEqual(['net/main.tf']);
    expect(result.inputs).toEqual(['net/logs.tf.json', 'net/main.tf', 'net/variables.tf']);
    // The folder named reports everything, the context file's finding included.
    expect(shown(await lint(['net'], { cwd: dir }))).toEqual(['log-group-retention@net/logs.tf.json:aws_cloudwatch_log_group.short:error', 'vpc-flow-logs@net/main.tf:aws_vpc.main:error']);
  });

  it('does the same for an in-memory document, whose text replaces the file on disk', async () => {
    const documents = [{ path: join(dir, 'net/main.tf'), text: MAIN.replace('var.flow_logs ? 1 : 0', 'var.flow_logs ? 0 : 1') }];
    const result = await lint({ documents }, { cwd: dir });
    expect(shown(result)).toEqual([]);
    expect(result.files).toEqual(['net/main.tf']);
    expect(result.inputs).toEqual(['net/logs.tf.json', 'net/main.tf', 'net/variables.tf']);
    expect(lintSync({ documents }, { cwd: dir })).toEqual(result);
  });

  it("keeps reporting a called module's findings on the calling file, not the caller's siblings' findings", async () => {
    const result = await lint(['root/main.tf'], { cwd: dir });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.logicalFile, f.resourceId])).toEqual([
      ['log-group-retention', 'net/logs.tf.json', 'root/main.tf', 'module.net.aws_cloudwatch_log_group.short'],
      ['vpc-flow-logs', 'net/main.tf', 'root/main.tf', 'module.net.aws_vpc.main'],
    ]);
    expect(lintSync(['root/main.tf'], { cwd: dir })).toEqual(result);
  });

  it('brings nothing when the folder is named, or when its files are all named', async () => {
    const all = await lint(['net/main.tf', 'net/variables.tf', 'net/logs.tf.json'], { cwd: dir });
    expect(shown(all)).toEqual(shown(await lint(['net'], { cwd: dir })));
  });

  it('does not let a sibling that does not parse stop the run or report it as a finding', async () => {
    const broken = tempDir('flowguard-module-folder-');
    try {
      writeTree(broken, { 'main.tf': SHORT_LOG_GROUP, 'broken.tf': 'resource "aws_vpc" {\n' });
      const result = await lint(['main.tf'], { cwd: broken });
      expect(shown(result)).toEqual(['log-group-retention@main.tf:aws_cloudwatch_log_group.short:error']);
      expect(result.notifications.map((n) => n.file)).toEqual(['broken.tf']);
      expect(result.executionSuccessful).toBe(true);
    } finally {
      removeDir(broken);
    }
  });
});

describe('flowguard one.tf', () => {
  beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

  it('lints the file with its module folder and reports the file only', () => {
    const run = runCli(['--format', 'compact', 'net/main.tf'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(/^net\/main\.tf:1:1: error: VPC `aws_vpc\.main` has no flow log .*\[vpc-flow-logs\]$/)]);
  });
});

describe('the ESLint plugin, on one file of a module', () => {
  it("lints it with its folder, and a sibling that does not parse is not this file's parsing error", async () => {
    const broken = tempDir('flowguard-module-folder-');
    try {
      writeTree(broken, { 'main.tf': MAIN, 'variables.tf': 'variable "flow_logs" {\n  default = false\n}\n', 'broken.tf': 'resource "aws_vpc" {\n' });
      const [result] = await eslintWith(broken, { languageOptions: { context: 'none' } }).lintFiles(['main.tf']);
      // The sibling may hold the flow log: the VPC could not be verified (a note), and no parse error is main.tf's.
      expect(messagesOf(result!).map((m) => [m.ruleId, m.line, m.fatal ?? false])).toEqual([['flowguard/notes', 1, false]]);
      expect(result!.messages[0]!.message).toMatch(/could not be verified: `broken\.tf` in the same module could not be parsed/);
    } finally {
      removeDir(broken);
    }
  });
});
