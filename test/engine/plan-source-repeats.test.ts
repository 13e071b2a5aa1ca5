/**
 * A plan linted together with its `.tf` source shows each problem once (README, Terraform): findings
 * are matched on rule, resource address from the same root module and the finding's key, not on their
 * positions, which differ (inside a `jsonencode()` policy from the source, on the argument from the
 * plan). The source's finding stays, unless the plan's is more definite; a plan's "could not be
 * verified" note yields to the source's verdict on the same resource. A plan kept in another folder
 * is matched to the one root module of the run that declares what its configuration declares.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/engine/plan-and-source');

/** `rule level file:line resource`, paths relative to the fixture folder. */
function shown(findings: readonly Finding[], base: string): string[] {
  return findings.map((f) => `${f.ruleId} ${f.level} ${f.file.slice(base.length)}:${f.region.startLine} ${f.resourceId ?? ''}`);
}

async function lintFixture(name: string, paths: string[] = ['.']): Promise<{ findings: Finding[]; base: string }> {
  const result = await lint(paths, { cwd: join(FIXTURES, name) });
  return { findings: result.findings, base: `fixtures/engine/plan-and-source/${name}/` };
}

describe('a plan linted together with its source', () => {
  it('shows a trust-policy problem once, where the source points inside jsonencode(), with the source fingerprint', async () => {
    const both = await lintFixture('jsonencode-trust');
    const sourceOnly = await lintFixture('jsonencode-trust', ['main.tf']);
    expect(shown(both.findings, both.base)).toEqual([
      'flow-log-delivery warning main.tf:9 aws_flow_log.main',
      'log-group-retention error main.tf:14 aws_cloudwatch_log_group.fl',
      // The plan's copies pointed at `assume_role_policy = jsonencode(` (line 20).
      'role-trust-principal error main.tf:22 aws_iam_role.fl',
      'role-trust-principal note main.tf:22 aws_iam_role.fl',
    ]);
    expect(both.findings.map((f) => f.fingerprint)).toEqual(sourceOnly.findings.map((f) => f.fingerprint));
  });

  it('shows a problem once when the source finds it in a data "aws_iam_policy_document"', async () => {
    const { findings, base } = await lintFixture('policy-document-trust');
    expect(shown(findings, base)).toEqual([
      'flow-log-delivery warning main.tf:9 aws_flow_log.main',
      'log-group-retention error main.tf:14 aws_cloudwatch_log_group.fl',
      'role-trust-principal error main.tf:19 aws_iam_role.fl',
      'role-trust-principal note main.tf:23 aws_iam_role.fl',
    ]);
    expect(findings.every((f) => f.logicalFile === undefined)).toBe(true);
  });

  it("keeps the source's definite verdict on a VPC over the plan's note, and drops the plan's note where the source sees the VPC covered", async () => {
    const { findings, base } = await lintFixture('modules-for-each');
    // The plan cannot tell which `module.network` instance each flow log targets (`module.network[each.key]`): it
    // noted all three VPCs as unverifiable. The source resolves each: `dev` captures ACCEPT only, `prod` is covered.
    expect(shown(findings, base)).toEqual([
      'log-group-retention error modules/flowlogs/main.tf:15 module.flowlogs["dev"].aws_cloudwatch_log_group.this',
      'vpc-flow-logs error modules/network/main.tf:7 module.network["dev"].aws_vpc.this',
      'vpc-flow-logs error modules/network/main.tf:7 module.shared.aws_vpc.this',
    ]);
  });

  it('keeps the plan finding when it is more definite than the source note (a value set with -var)', async () => {
    const dir = tempDir('flowguard-plan-definite-');
    try {
      const resource = (address: string, values: object) => ({ address, mode: 'managed', type: address.split('.')[0], name: address.split('.')[1], values });
      const flowLog = { traffic_type: 'ACCEPT', log_destination_type: 's3', log_destination: 'arn:aws:s3:::acme-flow-logs' };
      writeTree(dir, {
        'main.tf': 'variable "traffic_type" {}\nresource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_flow_log" "main" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = var.traffic_type\n  log_destination_type = "s3"\n  log_destination      = "arn:aws:s3:::acme-flow-logs"\n}\n',
        // `terraform plan -var traffic_type=ACCEPT`
        'plan.json': JSON.stringify(
          {
            format_version: '1.2',
            variables: { traffic_type: { value: 'ACCEPT' } },
            planned_values: { root_module: { resources: [resource('aws_vpc.main', { cidr_block: '10.0.0.0/16' }), resource('aws_flow_log.main', flowLog)] } },
            configuration: {
              root_module: {
                resources: [
                  { address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', name: 'main', expressions: { cidr_block: { constant_value: '10.0.0.0/16' } } },
                  { address: 'aws_flow_log.main', mode: 'managed', type: 'aws_flow_log', name: 'main', expressions: { vpc_id: { references: ['aws_vpc.main.id', 'aws_vpc.main'] }, traffic_type: { references: ['var.traffic_type'] } } },
                ],
                variables: { traffic_type: {} },
              },
            },
          },
          null,
          2,
        ),
      });
      const result = await lint(['.'], { cwd: dir });
      expect(shown(result.findings, '')).toEqual(['vpc-flow-logs error main.tf:2 aws_vpc.main']);
      expect(result.findings[0]!.logicalFile).toBe('plan.json');
      expect(result.findings[0]!.message).toMatch(/captures ACCEPT only \(from plan\.json; the \.tf source alone does not show it: a variable value, a data source or an older plan decides it\)$/);
    } finally {
      removeDir(dir);
    }
  });

  it('says a problem is the plan\'s when the source line it is shown at no longer has it (a plan older than the source)', async () => {
    const dir = tempDir('flowguard-plan-stale-');
    try {
      cpSync(join(FIXTURES, 'jsonencode-trust'), dir, { recursive: true });
      const source = readFileSync(join(dir, 'main.tf'), 'utf8');
      writeTree(dir, { 'main.tf': source.replace('days = 30', 'days = 365') });
      const result = await lint(['.'], { cwd: dir });
      expect(shown(result.findings, '')).toEqual([
        'flow-log-delivery warning main.tf:9 aws_flow_log.main',
        'log-group-retention error main.tf:14 aws_cloudwatch_log_group.fl',
        'role-trust-principal error main.tf:22 aws_iam_role.fl',
        'role-trust-principal note main.tf:22 aws_iam_role.fl',
      ]);
      const annotated = result.findings.filter((f) => f.message.includes('(from plan.json;'));
      expect(annotated.map((f) => f.ruleId)).toEqual(['log-group-retention']);
      // The plan alone named (a staged plan; the source only read as context): the source's verdicts still count.
      const staged = await lint(['plan.json'], { cwd: dir, context: ['.'] });
      expect(staged.findings.filter((f) => f.message.includes('(from plan.json;')).map((f) => f.ruleId)).toEqual(['log-group-retention']);
      const fresh = await lint(['plan.json'], { cwd: join(FIXTURES, 'jsonencode-trust'), context: ['.'] });
      expect(fresh.findings.length).toBeGreaterThan(0);
      expect(fresh.findings.filter((f) => f.message.includes('(from plan.json;'))).toEqual([]);
      expect(annotated[0]!.message).toBe(
        'Log group `aws_cloudwatch_log_group.fl` keeps events for 30 days; set retention_in_days to at least 365 (from plan.json; the .tf source alone does not show it: a variable value, a data source or an older plan decides it)',
      );
    } finally {
      removeDir(dir);
    }
  });
});

describe('a plan kept in another folder than its source', () => {
  it('is matched to the root module that declares what its configuration declares: findings on the source, once', async () => {
    const { findings, base } = await lintFixture('plan-elsewhere');
    expect(shown(findings, base)).toEqual([
      'flow-log-delivery warning envs/prod/main.tf:9 aws_flow_log.main',
      'log-group-retention error envs/prod/main.tf:14 aws_cloudwatch_log_group.fl',
      'role-trust-principal error envs/prod/main.tf:22 aws_iam_role.fl',
      'role-trust-principal note envs/prod/main.tf:22 aws_iam_role.fl',
    ]);
    expect(findings.every((f) => f.logicalFile === undefined)).toBe(true);
  });

  let copies: string;
  beforeAll(() => {
    // Two environments written alike: the plan could have been made from either.
    copies = tempDir('flowguard-plan-copies-');
    cpSync(join(FIXTURES, 'plan-elsewhere'), copies, { recursive: true });
    writeTree(copies, { 'envs/staging/main.tf': readFileSync(join(copies, 'envs/prod/main.tf'), 'utf8') });
  });
  afterAll(() => removeDir(copies));

  it('is not matched when two root modules declare the same: its findings stay on the plan', async () => {
    const result = await lint(['.'], { cwd: copies });
    const fromPlan = result.findings.filter((f) => f.file === 'plans/prod.json');
    expect(fromPlan.map((f) => f.ruleId).sort()).toEqual(['flow-log-delivery', 'log-group-retention', 'role-trust-principal', 'role-trust-principal']);
    expect(result.findings.filter((f) => f.file.startsWith('envs/staging/'))).toHaveLength(4);
  });

  it('points at the plan when only the plan is linted', async () => {
    const result = await lint(['plans/prod.json'], { cwd: copies });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.file === 'plans/prod.json')).toBe(true);
  });
});
