/**
 * Findings on resources of a module that `terraform init` installed (registry, git) under
 * `.terraform/modules/`: that folder is no part of the repository (code scanning cannot show it, the
 * user does not edit it), so a finding from `.tf` source sits on the nearest module call written in
 * the repository, and the module's own line is its first related location. Linted beside the plan,
 * the plan's copy of the same problem is still recognised as a repeat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const SOURCE = 'terraform-aws-modules/cloudwatch/aws//modules/log-group';
const ROOT = `module "audit_logs" {\n  source  = "${SOURCE}"\n  version = "~> 5.0"\n  name    = "audit"\n}\n`;
// The installed module wraps the log group in a module of its own, as registry modules often do.
const INSTALLED = `module "group" {\n  source = "./modules/group"\n  name   = var.name\n}\n\nvariable "name" {}\n`;
const GROUP = `variable "name" {}\n\nresource "aws_cloudwatch_log_group" "this" {\n  name              = var.name\n  retention_in_days = 7\n}\n`;
const MANIFEST = {
  Modules: [
    { Key: '', Source: '', Dir: '.' },
    { Key: 'audit_logs', Source: `registry.terraform.io/${SOURCE}`, Dir: '.terraform/modules/audit_logs/modules/log-group' },
    // terraform init records the local calls inside an installed module too.
    { Key: 'audit_logs.group', Source: './modules/group', Dir: '.terraform/modules/audit_logs/modules/log-group/modules/group' },
  ],
};
const ADDRESS = 'module.audit_logs.module.group.aws_cloudwatch_log_group.this';
const PLAN = {
  format_version: '1.2',
  planned_values: {
    root_module: {
      child_modules: [
        {
          address: 'module.audit_logs',
          child_modules: [
            {
              address: 'module.audit_logs.module.group',
              resources: [{ address: ADDRESS, mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'this', values: { name: 'audit', retention_in_days: 7 } }],
            },
          ],
        },
      ],
    },
  },
  configuration: {
    root_module: {
      module_calls: {
        audit_logs: {
          source: SOURCE,
          module: {
            module_calls: {
              group: {
                source: './modules/group',
                module: { resources: [{ address: 'aws_cloudwatch_log_group.this', mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'this', expressions: { retention_in_days: { constant_value: 7 } } }] },
              },
            },
          },
        },
      },
    },
  },
};

describe('findings in modules installed by terraform init', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('flowguard-installed-');
    writeTree(dir, {
      'main.tf': ROOT,
      'plan.json': JSON.stringify(PLAN, null, 2),
      '.terraform/modules/modules.json': JSON.stringify(MANIFEST),
      '.terraform/modules/audit_logs/modules/log-group/main.tf': INSTALLED,
      '.terraform/modules/audit_logs/modules/log-group/modules/group/main.tf': GROUP,
    });
  });
  afterAll(() => removeDir(dir));

  const retention = async (paths: string[]) => (await lint(paths, { cwd: dir })).findings.filter((f) => f.ruleId === 'log-group-retention');

  it('sit on the call written in the repository, with the module line first among the related locations', async () => {
    const [finding, ...rest] = await retention(['main.tf']);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ resourceId: ADDRESS, file: 'main.tf', region: { startLine: 1, startColumn: 1 } });
    expect(finding!.related[0]).toMatchObject({ file: '.terraform/modules/audit_logs/modules/log-group/modules/group/main.tf', region: { startLine: 5 }, message: 'here in the module installed by terraform init' });
    // The installed module's own call of its submodule is no place to fix anything either, but stays related.
    expect(finding!.related.map((r) => r.file)).toContain('.terraform/modules/audit_logs/modules/log-group/main.tf');
    expect(finding!.related.filter((r) => r.file === 'main.tf')).toEqual([]);
  });

  /**
   * The retention passed down from the repository: `days` on the root's call (`rootDays`), through the
   * installed module to its group, plus `extra` files. Lints `paths` in a fresh folder.
   */
  async function passedDown(rootDays: string, extra: Record<string, string>, paths: string[]) {
    const root = ROOT.replace('  name    = "audit"\n', `  name    = "audit"\n  days    = ${rootDays}\n`);
    const installed = `${INSTALLED.replace('  name   = var.name\n', '  name   = var.name\n  days   = var.days\n')}variable "days" {}\n`;
    const group = `${GROUP.replace('retention_in_days = 7', 'retention_in_days = var.days')}variable "days" {}\n`;
    const passed = tempDir('flowguard-installed-passed-');
    try {
      writeTree(passed, {
        'main.tf': root,
        ...extra,
        '.terraform/modules/modules.json': JSON.stringify(MANIFEST),
        '.terraform/modules/audit_logs/modules/log-group/main.tf': installed,
        '.terraform/modules/audit_logs/modules/log-group/modules/group/main.tf': group,
      });
      return (await lint(paths, { cwd: passed })).findings.filter((f) => f.ruleId === 'log-group-retention');
    } finally {
      removeDir(passed);
    }
  }

  it('sit on the value written in the repository when one decides them (an argument of the call)', async () => {
    const [finding, ...rest] = await passedDown('14', {}, ['main.tf']);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: 'main.tf', region: { startLine: 5, startColumn: 13, endColumn: 15 } });
    expect(finding!.message).toContain('keeps events for 14 days');
    expect(finding!.related.map((r) => [r.file, r.region.startLine, r.message])).toEqual([
      ['.terraform/modules/audit_logs/modules/log-group/modules/group/main.tf', 5, 'here in the module installed by terraform init'],
      ['.terraform/modules/audit_logs/modules/log-group/main.tf', 4, 'the value that decides the retention'],
      ['main.tf', 1, 'called from module "audit_logs"'],
      ['.terraform/modules/audit_logs/modules/log-group/main.tf', 1, 'called from module "group"'],
    ]);
  });

  it('sit where the chain of values starts: the tfvars value, not the argument that passes it on', async () => {
    const [finding] = await passedDown('var.days', { 'variables.tf': 'variable "days" {}\n', 'terraform.tfvars': 'days = 14\n' }, ['.']);
    expect(finding).toMatchObject({ file: 'terraform.tfvars', region: { startLine: 1, startColumn: 8 } });
    expect(finding!.message).toContain('keeps events for 14 days (from a value set in terraform.tfvars)');
    expect(finding!.related.map((r) => `${r.file}:${r.region.startLine}`)).toContain('main.tf:5');
  });

  it('are shown once when the plan is linted with its source', async () => {
    const both = await retention(['.']);
    expect(both.map((f) => [f.resourceId, f.file, f.region.startLine])).toEqual([[ADDRESS, 'main.tf', 1]]);
    expect(both[0]!.fingerprint).toBe((await retention(['main.tf']))[0]!.fingerprint);
  });

  it('are suppressed by a comment on the module call, the one place a user can write one', async () => {
    writeTree(dir, { 'suppressed/main.tf': `# flowguard:ignore log-group-retention kept 7 days by the vendor, reviewed in SEC-42\n${ROOT}` });
    writeTree(dir, { 'suppressed/.terraform/modules/modules.json': JSON.stringify(MANIFEST) });
    writeTree(dir, { 'suppressed/.terraform/modules/audit_logs/modules/log-group/main.tf': INSTALLED, 'suppressed/.terraform/modules/audit_logs/modules/log-group/modules/group/main.tf': GROUP });
    const result = await lint(['suppressed/main.tf'], { cwd: dir });
    const findings = result.findings.filter((f) => f.ruleId === 'log-group-retention' || f.ruleId === 'suppression');
    expect(findings.map((f) => [f.ruleId, f.file, f.region.startLine, f.suppressions])).toEqual([
      ['log-group-retention', 'suppressed/main.tf', 2, [{ kind: 'inSource', justification: 'kept 7 days by the vendor, reviewed in SEC-42' }]],
    ]);
  });

  it('from the plan with its root module beside it, sit on the call too', async () => {
    const fromPlan = await retention(['plan.json']);
    expect(fromPlan.map((f) => [f.file, f.region.startLine, f.related[0]?.file, f.related[0]?.region.startLine])).toEqual([
      ['main.tf', 1, '.terraform/modules/audit_logs/modules/log-group/modules/group/main.tf', 5],
    ]);
  });

  it('from a plan with no .tf files beside it, point at the plan as SPEC §4 asks', async () => {
    writeTree(dir, { 'elsewhere/plan.json': JSON.stringify(PLAN, null, 2), 'elsewhere/.terraform/modules/modules.json': JSON.stringify(MANIFEST) });
    writeTree(dir, { 'elsewhere/.terraform/modules/audit_logs/modules/log-group/main.tf': INSTALLED, 'elsewhere/.terraform/modules/audit_logs/modules/log-group/modules/group/main.tf': GROUP });
    const fromPlan = await retention(['elsewhere/plan.json']);
    expect(fromPlan.map((f) => f.file)).toEqual(['elsewhere/plan.json']);
  });
});
