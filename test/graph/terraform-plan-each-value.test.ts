/**
 * A plan's `each.value.id` under `for_each = aws_vpc.this` is the VPC of the same key. The fixture
 * `plan-flow-log-per-vpc-of-a-map` is a plan of one flow log per VPC of a map (`vpc_id =
 * each.value.id`), where the data VPC's flow log captures ACCEPT only; the plan records the
 * argument's reference as `each.value.id`, not the VPC. These tests also hold the cases that must
 * stay unknown: keys the iterated resource does not have, and a `for_each` that reads two resources.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const PLAN = readFileSync(new URL('../../fixtures/terraform/vpc-flow-logs/plan-flow-log-per-vpc-of-a-map/plan.json', import.meta.url), 'utf8');

async function vpcFindings(text: string) {
  const result = await lint({ documents: [{ path: 'plan.json', text }] });
  return result.findings.filter((f) => f.ruleId === 'vpc-flow-logs').map((f) => `${f.level} ${f.resourceId}`);
}

describe('each.value in a plan', () => {
  it('is the iterated VPC of the same key', async () => {
    expect(await vpcFindings(PLAN)).toEqual(['error aws_vpc.this["data"]']);
  });

  it('stays unknown when the flow logs\' keys are not the VPCs\' (a derived map)', async () => {
    const renamed = PLAN.replaceAll('aws_flow_log.this[\\"app\\"]', 'aws_flow_log.this[\\"app-logs\\"]').replaceAll('aws_flow_log.this[\\"data\\"]', 'aws_flow_log.this[\\"data-logs\\"]');
    const plan = JSON.parse(renamed) as { planned_values: { root_module: { resources: { type: string; index?: string }[] } }; resource_changes: { type: string; index?: string }[] };
    for (const r of [...plan.planned_values.root_module.resources, ...plan.resource_changes]) if (r.type === 'aws_flow_log') r.index = `${r.index}-logs`;
    expect(await vpcFindings(JSON.stringify(plan))).toEqual(['note aws_vpc.this["app"]', 'note aws_vpc.this["data"]']);
  });

  it('stays unknown when for_each reads more than one resource', async () => {
    const plan = JSON.parse(PLAN) as { configuration: { root_module: { resources: { address: string; for_each_expression?: { references: string[] } }[] } } };
    const flowLogs = plan.configuration.root_module.resources.find((r) => r.address === 'aws_flow_log.this')!;
    flowLogs.for_each_expression = { references: ['aws_vpc.this', 'aws_vpc.peer'] };
    const two = JSON.stringify(plan);
    expect(await vpcFindings(two)).toEqual(['note aws_vpc.this["app"]', 'note aws_vpc.this["data"]']);
  });
});
