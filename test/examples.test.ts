/** The bundled examples (what `npm start` lints) produce exactly the findings examples/README.md documents. */
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';

it('examples/ gives the documented findings', async () => {
  const root = resolve(import.meta.dirname, '..');
  const result = await lint(['examples'], { cwd: root });
  const summary = result.findings.map((f) => `${f.file} ${f.ruleId} ${f.level} ${f.resourceId}`);
  expect(summary).toEqual([
    'examples/cloudformation/network.yaml vpc-flow-logs error AppVpc',
    'examples/cloudformation/network.yaml log-group-retention error FlowLogGroup',
    'examples/cloudformation/network.yaml role-trust-principal error FlowLogRole',
    'examples/cloudformation/network.yaml role-trust-principal note FlowLogRole',
    'examples/cloudformation/network.yaml flow-log-delivery warning AppVpcFlowLog',
    'examples/terraform/main.tf vpc-flow-logs error aws_vpc.shared',
    'examples/terraform/modules/flow-logs/main.tf log-group-retention error module.app_flow_logs.aws_cloudwatch_log_group.this',
  ]);
  expect(result.files).toHaveLength(6);
});
