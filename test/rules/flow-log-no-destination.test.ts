/**
 * A flow log with no destination is refused by EC2's CreateFlowLogs, whatever its type: an S3 or
 * Firehose flow log without `LogDestination`, a CloudWatch Logs one (the default type) without
 * `LogGroupName` / `LogDestination`. Null and "" are no destination (Terraform and the provider send
 * none); an unknown one may be anything, and a destination of either spelling is enough.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const flowLog = (args: string) => `resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n\nvariable "dest" {\n  type    = string\n  default = ""\n}\n\nvariable "unset" {\n  type = string\n}\n\nresource "aws_flow_log" "f" {\n  vpc_id       = aws_vpc.v.id\n  traffic_type = "ALL"\n  iam_role_arn = "arn:aws:iam::123456789012:role/flow-logs"\n${args}}\n`;

const CASES: [string, string | undefined][] = [
  ['', 'delivers to CloudWatch Logs but names no log group: EC2 refuses to create it; set log_destination (or log_group_name)'],
  ['  log_destination = null\n', 'names no log group'],
  ['  log_destination = var.dest\n', 'names no log group'],
  ['  log_destination_type = "s3"\n', 'delivers to s3 but names no destination'],
  ['  log_destination = var.unset\n', undefined],
  ['  log_group_name = "/vpc/flow-logs"\n', undefined],
  ['  log_destination = "arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow-logs"\n', undefined],
];

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-no-destination-');
  writeTree(dir, Object.fromEntries(CASES.map(([args], i) => [`case${i}/main.tf`, flowLog(args)])));
});
afterAll(() => removeDir(dir));

describe('a flow log without a destination', () => {
  CASES.forEach(([args, message], i) => {
    it(args.trim() || '(none set)', async () => {
      const result = await lint([`case${i}`], { cwd: dir });
      const found = result.findings.filter((f) => f.ruleId === 'flow-log-delivery' && /names no/.test(f.message));
      if (message === undefined) expect(found).toEqual([]);
      else {
        expect(found.map((f) => f.message)).toEqual([expect.stringContaining(message)]);
        // The empty string set as a default is shown where it is set.
        if (args.includes('var.dest')) expect(found[0]!.related.map((r) => `${r.region.startLine} ${r.message}`)).toEqual(['7 the empty string is set here']);
      }
    });
  });
});
