/**
 * The rule names an `aws_flow_log`'s wrong target by its argument; its table must be the Terraform
 * schema's FLOW_LOG_TARGETS turned around (every target but the VPC), or a new target type would be
 * described as a CloudFormation `ResourceType`.
 */
import { expect, it } from 'vitest';
import { FLOW_LOG_TARGET_ARGUMENTS } from '../../rules/support.js';
import { FLOW_LOG_TARGETS } from '../../src/graph/terraform/schema.js';

it('names every aws_flow_log target argument but vpc_id', () => {
  const fromSchema = Object.fromEntries(Object.entries(FLOW_LOG_TARGETS).filter(([, type]) => type !== 'VPC').map(([argument, type]) => [type, argument]));
  expect(FLOW_LOG_TARGET_ARGUMENTS).toEqual(fromSchema);
});
