/**
 * SPEC §4: results on a Terraform plan point at the `.tf` source of the resource when it is beside the
 * plan. For a registry or git module that source is where `terraform init` installed it, which
 * `.terraform/modules/modules.json` beside the plan records (read once per plan, whatever its size).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const LOG_GROUP = (name: string) => `resource "aws_cloudwatch_log_group" "${name}" {\n  name              = "${name}"\n  retention_in_days = 7\n}\n`;

function moduleInstance(call: string, name: string) {
  return {
    address: `module.${call}`,
    resources: [{ address: `module.${call}.aws_cloudwatch_log_group.${name}`, mode: 'managed', type: 'aws_cloudwatch_log_group', name, values: { name, retention_in_days: 7 } }],
  };
}

function moduleCall(source: string, name: string) {
  return {
    source,
    module: { resources: [{ address: `aws_cloudwatch_log_group.${name}`, mode: 'managed', type: 'aws_cloudwatch_log_group', name, expressions: { name: { constant_value: name }, retention_in_days: { constant_value: 7 } } }] },
  };
}

const PLAN = {
  format_version: '1.2',
  planned_values: { root_module: { child_modules: [moduleInstance('audit', 'audit'), moduleInstance('app', 'app'), moduleInstance('gone', 'gone')] } },
  configuration: {
    root_module: {
      module_calls: {
        audit: moduleCall('terraform-aws-modules/cloudwatch/aws//modules/log-group', 'audit'),
        app: moduleCall('git::https://example.com/logs.git', 'app'),
        gone: moduleCall('example/gone/aws', 'gone'),
      },
    },
  },
};

const MANIFEST = {
  Modules: [
    { Key: '', Source: '', Dir: '.' },
    { Key: 'audit', Source: 'registry.terraform.io/terraform-aws-modules/cloudwatch/aws//modules/log-group', Dir: '.terraform/modules/audit/modules/log-group' },
    { Key: 'app', Source: 'git::https://example.com/logs.git', Dir: '.terraform/modules/app' },
    // Listed without a directory: nothing to point at.
    { Key: 'gone', Source: 'example/gone/aws' },
  ],
};

describe('plan results on the source of installed modules', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('flowguard-plan-source-');
    writeTree(dir, {
      // The root module the plan was made from: its calls name the modules `terraform init` installed.
      'live/main.tf': Object.entries(PLAN.configuration.root_module.module_calls).map(([name, call]) => `module "${name}" {\n  source = "${call.source}"\n}\n`).join('\n'),
      'live/plan.json': JSON.stringify(PLAN, null, 2),
      'live/.terraform/modules/modules.json': JSON.stringify(MANIFEST),
      'live/.terraform/modules/audit/modules/log-group/main.tf': `# installed from the registry\n${LOG_GROUP('audit')}`,
      'live/.terraform/modules/app/main.tf': LOG_GROUP('app'),
    });
  });
  afterAll(() => removeDir(dir));

  it('finds each module resource at the argument in the file modules.json names for its module key, and the rest at the plan', async () => {
    const result = await lint(['live/plan.json'], { cwd: dir });
    // The installed module is no part of the repository: the finding sits on its `module` block in
    // live/main.tf, and the argument in the installed copy is the first related location.
    const located = result.findings
      .filter((f) => f.ruleId === 'log-group-retention')
      .map((f) => [f.resourceId, f.file, f.region.startLine, f.related[0]?.file, f.related[0]?.region.startLine, f.related[0]?.region.startColumn]);
    // `retention_in_days = 7` is line 3 of a module's main.tf (4 below the registry module's comment), its value at column 23.
    expect(located).toEqual([
      ['module.audit.aws_cloudwatch_log_group.audit', 'live/main.tf', 1, 'live/.terraform/modules/audit/modules/log-group/main.tf', 4, 23],
      ['module.app.aws_cloudwatch_log_group.app', 'live/main.tf', 5, 'live/.terraform/modules/app/main.tf', 3, 23],
      // Listed in modules.json without a directory: nothing installed to point at, so the plan.
      ['module.gone.aws_cloudwatch_log_group.gone', 'live/plan.json', expect.any(Number), expect.any(String), expect.any(Number), expect.any(Number)],
    ]);
    expect(result.findings.every((f) => f.ruleId !== 'log-group-retention' || f.logicalFile === 'live/plan.json' || f.file === 'live/plan.json')).toBe(true);
  });
});

describe('plan results on the source beside the plan', () => {
  let dir: string;
  const resource = (name: string) => ({ address: `aws_cloudwatch_log_group.${name}`, mode: 'managed', type: 'aws_cloudwatch_log_group', name, values: { name, retention_in_days: 7 } });
  beforeAll(() => {
    dir = tempDir('flowguard-plan-beside-');
    writeTree(dir, {
      'stack/plan.json': JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [resource('audit'), resource('flow'), resource('orphan')] } } }, null, 2),
      // Files are read in name order, so this declaration of `audit` comes second (Terraform would
      // refuse two) and is not the one used: logs.tf's is.
      'stack/main.tf': `provider "aws" {}\n\n${LOG_GROUP('audit')}`,
      'stack/logs.tf': `data "aws_region" "current" {}\n\n${LOG_GROUP('flow')}\n${LOG_GROUP('audit')}`,
    });
  });
  afterAll(() => removeDir(dir));

  it('finds each resource in whichever file of the module declares it, the first declaration in file order winning', async () => {
    const result = await lint(['stack/plan.json'], { cwd: dir });
    const located = result.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => [f.resourceId, f.file, f.region.startLine]);
    // Findings come in file and line order. logs.tf sorts before main.tf: its `audit` is the first declaration.
    expect(located).toEqual([
      ['aws_cloudwatch_log_group.flow', 'stack/logs.tf', 5],
      ['aws_cloudwatch_log_group.audit', 'stack/logs.tf', 10],
      ['aws_cloudwatch_log_group.orphan', 'stack/plan.json', expect.any(Number)],
    ]);
  });
});

describe('a plan linted together with its source', () => {
  let dir: string;
  // `audit` is 7 in both; `shared` is 7 by a default in the source (whose message says so) and in the plan.
  const source = `${LOG_GROUP('audit')}\nresource "aws_cloudwatch_log_group" "tuned" {\n  retention_in_days = var.days\n}\n\nvariable "days" {}\n\nresource "aws_cloudwatch_log_group" "shared" {\n  retention_in_days = var.shared\n}\n\nvariable "shared" {\n  default = 7\n}\n`;
  const resource = (name: string, days: number) => ({ address: `aws_cloudwatch_log_group.${name}`, mode: 'managed', type: 'aws_cloudwatch_log_group', name, values: { name, retention_in_days: days } });
  beforeAll(() => {
    dir = tempDir('flowguard-plan-and-source-');
    // `var.days` has no default: only the plan (made with `-var days=14`) knows the value.
    writeTree(dir, { 'main.tf': source, 'plan.json': JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [resource('audit', 7), resource('tuned', 14), resource('shared', 7)] } } }, null, 2) });
  });
  afterAll(() => removeDir(dir));

  it('shows a problem both see once, with the fingerprint of the source, and keeps what only the plan knows', async () => {
    const both = await lint(['.'], { cwd: dir });
    const sourceOnly = await lint(['main.tf'], { cwd: dir });
    const shown = both.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => [f.resourceId, f.file, f.region.startLine, f.message.match(/\d+ days/)?.[0]]);
    expect(shown).toEqual([
      ['aws_cloudwatch_log_group.audit', 'main.tf', 3, '7 days'],
      ['aws_cloudwatch_log_group.tuned', 'main.tf', 7, '14 days'],
      ['aws_cloudwatch_log_group.shared', 'main.tf', 13, '7 days'],
    ]);
    expect(both.findings.find((f) => f.resourceId === 'aws_cloudwatch_log_group.shared')?.message).toContain('from a value set elsewhere');
    const audit = (findings: typeof both.findings) => findings.find((f) => f.resourceId === 'aws_cloudwatch_log_group.audit');
    expect(audit(both.findings)?.fingerprint).toBe(audit(sourceOnly.findings)?.fingerprint);
    expect(audit(both.findings)?.logicalFile).toBeUndefined();
    // The plan's view of `tuned` is the only one: it points at the source and belongs to the plan.
    expect(both.findings.find((f) => f.resourceId === 'aws_cloudwatch_log_group.tuned')?.logicalFile).toBe('plan.json');
  });
});
