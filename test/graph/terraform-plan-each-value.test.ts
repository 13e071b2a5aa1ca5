/**
 * A plan's `each.value.id` under `for_each = aws_vpc.this` is the VPC of the same key where the `.tf`
 * source says the block iterates the VPCs as they are. The fixture `plan-flow-log-per-vpc-of-a-map` is
 * a plan of one flow log per VPC of a map, with its source beside it; the data VPC's flow log captures
 * ACCEPT only. The plan records the argument's reference as `each.value.id`, not the VPC, so without
 * the source, with keys the iterated resource does not have, or with a `for_each` that reads two
 * resources, `each.value` stays unknown (`plan-flow-log-per-peer-re-keyed` holds a `for` that re-keys).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/terraform/vpc-flow-logs/plan-flow-log-per-vpc-of-a-map/', import.meta.url));
const PLAN = readFileSync(`${FIXTURE}plan.json`, 'utf8');

const shown = (findings: { ruleId: string; level: string; resourceId?: string }[]) => findings.filter((f) => f.ruleId === 'vpc-flow-logs').map((f) => `${f.level} ${f.resourceId}`);

async function planAlone(text: string) {
  return shown((await lint({ documents: [{ path: 'plan.json', text }] })).findings);
}

describe('each.value in a plan', () => {
  it('is the iterated VPC of the same key when the source beside the plan writes for_each = aws_vpc.this', async () => {
    // Only the plan is named: its source beside it says how for_each is written, and where to point.
    const result = await lint(['plan.json'], { cwd: FIXTURE });
    expect(shown(result.findings)).toEqual(['error aws_vpc.this["data"]']);
    expect(result.findings.find((f) => f.ruleId === 'vpc-flow-logs')?.file).toBe('fixtures/terraform/vpc-flow-logs/plan-flow-log-per-vpc-of-a-map/main.tf');
  });

  it('stays unknown for a plan without its source: a for expression may have re-keyed the map', async () => {
    expect(await planAlone(PLAN)).toEqual(['note aws_vpc.this["app"]', 'note aws_vpc.this["data"]']);
  });

  it('stays unknown when the flow logs\' keys are not the VPCs\' (a derived map)', async () => {
    const plan = JSON.parse(PLAN) as { planned_values: { root_module: { resources: { type: string; address: string; index?: string }[] } }; resource_changes: { type: string; address: string; index?: string }[] };
    for (const r of [...plan.planned_values.root_module.resources, ...plan.resource_changes]) {
      if (r.type !== 'aws_flow_log') continue;
      r.address = r.address.replace(/"\]$/, '-logs"]');
      r.index = `${r.index}-logs`;
    }
    expect(await planAlone(JSON.stringify(plan))).toEqual(['note aws_vpc.this["app"]', 'note aws_vpc.this["data"]']);
  });

  it('stays unknown when for_each reads more than one resource', async () => {
    const plan = JSON.parse(PLAN) as { configuration: { root_module: { resources: { address: string; for_each_expression?: { references: string[] } }[] } } };
    plan.configuration.root_module.resources.find((r) => r.address === 'aws_flow_log.this')!.for_each_expression = { references: ['aws_vpc.this', 'aws_vpc.peer'] };
    expect(await planAlone(JSON.stringify(plan))).toEqual(['note aws_vpc.this["app"]', 'note aws_vpc.this["data"]']);
  });
});
