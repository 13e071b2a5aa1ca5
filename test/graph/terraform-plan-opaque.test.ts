/**
 * References a plan does not record (`local.*`, `each.value`, data sources read at apply): the value
 * may be any resource of the kinds the argument names, so rules say "not verifiable", never "missing".
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { RValue } from '../../src/graph/model.js';
import { addTerraformPlans } from '../../src/graph/terraform-plan/index.js';
import { documentOf, graphOf, nodeOf, plain } from './helpers.js';

/** `plain` plus the `mayBe` list of unknowns (as ids). */
function shown(value: RValue | undefined): unknown {
  if (value?.t === 'unknown' && value.mayBe) return { unknown: value.why, mayBe: value.mayBe.map((uid) => uid.slice(uid.indexOf('#') + 1)) };
  return plain(value);
}

/** A destination EC2 takes: a flow log that names none is refused, and covers nothing whatever its target. */
const TO_S3 = { log_destination_type: 's3', log_destination: 'arn:aws:s3:::flow-logs' };

describe('references a plan cannot follow', () => {
  const change = (address: string, after: unknown, afterUnknown: unknown, mode = 'managed') => ({
    address,
    mode,
    type: address.replace(/^data\./, '').split('.')[0],
    name: address.split('.').pop(),
    change: { actions: [mode === 'data' ? 'read' : 'create'], before: null, after, after_unknown: afterUnknown },
  });
  const flowLog = (name: string, vpcRefs: string[], trafficRefs?: string[]) => ({
    address: `aws_flow_log.${name}`,
    mode: 'managed',
    type: 'aws_flow_log',
    name,
    expressions: { vpc_id: { references: vpcRefs }, traffic_type: trafficRefs ? { references: trafficRefs } : { constant_value: 'ALL' } },
  });
  const plan = {
    format_version: '1.2',
    resource_changes: [
      change('aws_vpc.a', { cidr_block: '10.0.0.0/16' }, { id: true }),
      change('aws_vpc.b', { cidr_block: '10.1.0.0/16' }, { id: true }),
      change('data.aws_vpc.by_tag', { tags: { Name: 'b' } }, { id: true }, 'data'),
      ...['local', 'mixed', 'each', 'data'].map((name) => change(`aws_flow_log.${name}`, { traffic_type: 'ALL', ...TO_S3 }, { id: true, vpc_id: true })),
      change('aws_flow_log.traffic', { ...TO_S3 }, { id: true, vpc_id: true, traffic_type: true }),
    ],
    configuration: {
      root_module: {
        resources: [
          flowLog('local', ['local.vpc_id']),
          flowLog('mixed', ['local.use_b', 'aws_vpc.a.id', 'aws_vpc.a']),
          flowLog('each', ['each.value']),
          flowLog('data', ['data.aws_vpc.by_tag.id', 'data.aws_vpc.by_tag']),
          flowLog('traffic', ['aws_vpc.a.id', 'aws_vpc.a'], ['local.traffic']),
        ],
      },
    },
  };
  const g = graphOf(addTerraformPlans, [documentOf('opaque.json', plan)]);
  const target = (name: string) => nodeOf(g, `opaque.json#aws_flow_log.${name}`).attrs['target'];

  it.each([
    ['local', 'local.vpc_id'],
    ['mixed', 'local.use_b'],
    ['each', 'each.value'],
    ['data', 'data.aws_vpc.by_tag.id'],
  ])('%s: may be any VPC of the plan', (name, through) => {
    expect(shown(target(name))).toEqual({
      unknown: `known only after apply; it depends on ${through}, which a plan does not record`,
      mayBe: ['aws_vpc.a', 'aws_vpc.b'],
    });
  });

  it('keeps references it can follow exact, and leaves other unknowns plain', () => {
    const node = nodeOf(g, 'opaque.json#aws_flow_log.traffic');
    expect(shown(node.attrs['target'])).toEqual({ ref: 'opaque.json#aws_vpc.a.id' });
    expect(shown(node.attrs['trafficType'])).toEqual({ unknown: 'known only after apply; it depends on local.traffic, which a plan does not record' });
  });

  it('makes vpc-flow-logs say "not verifiable", never "no flow log"', () => {
    const rule = RULES.find((r) => r.meta.id === 'vpc-flow-logs')!;
    expect(rule.check(g, {}).map((f) => [f.resourceId, f.messageId, f.level])).toEqual([
      ['aws_vpc.a', 'unverifiable', 'note'],
      ['aws_vpc.b', 'unverifiable', 'note'],
    ]);
  });
});
