/**
 * A `.tf` file that cannot be parsed may declare anything: its module is incomplete. The resources
 * of that module, of the modules it calls, and what its caller hands it get notes ("could not be
 * verified"), never definite findings that the missing file may contradict; a module none of whose
 * files parse says so, instead of "not part of this run".
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { analyze, lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const cwd = '/nonexistent/flowguard-unparsed';

async function run(files: Record<string, string>): Promise<LintResult> {
  return lint({ documents: Object.entries(files).map(([path, text]) => ({ path, text })) }, { cwd, jobs: 1 });
}

function shown(result: LintResult): string[] {
  return result.findings.map((f) => `${f.ruleId} ${f.level} ${f.file}:${f.region.startLine}${f.resourceId ? ` ${f.resourceId}` : ''}`);
}

function message(result: LintResult, ruleId: string, resourceId: string): string | undefined {
  return result.findings.find((f) => f.ruleId === ruleId && f.resourceId === resourceId)?.message;
}

const VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n';

// The unterminated string on line 7 makes the whole file unparsable: its flow log is not seen.
const BROKEN_FLOW_LOG = `resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
  tags = {
    Name = "main-flow-log
  }
}
`;

const ROLE = `resource "aws_iam_role" "flow_logs" {
  name = "vpc-flow-logs-delivery"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "vpc-flow-logs.amazonaws.com" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } } }]
  })
}
resource "aws_flow_log" "cwl" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = "arn:aws:logs:eu-west-1:111122223333:log-group:/vpc/main"
  iam_role_arn    = aws_iam_role.flow_logs.arn
}
`;

describe('a module with a .tf file that cannot be parsed', () => {
  it('makes its VPC a note that names the file, not an error', async () => {
    const result = await run({ 'net/vpc.tf': VPC, 'net/flow-logs.tf': BROKEN_FLOW_LOG });
    expect(shown(result)).toEqual(['parse-error error net/flow-logs.tf:7', 'vpc-flow-logs note net/vpc.tf:1 aws_vpc.main']);
    expect(message(result, 'vpc-flow-logs', 'aws_vpc.main')).toBe('VPC `aws_vpc.main` could not be verified: `flow-logs.tf` in the same module could not be parsed and may create its flow log');
    expect(result.findings[1]!.related.map((r) => r.message)).toEqual(['`net/flow-logs.tf` could not be parsed']);
  });

  it('makes the delivery actions its role lacks a note (the file may hold the policy)', async () => {
    const result = await run({ 'net/main.tf': `${VPC}${ROLE}`, 'net/iam.tf': 'resource "aws_iam_role_policy" "deliver" {\n  role = aws_iam_role.flow_logs.id\n  policy = <<EOF\n{"Statement": [\nEOF\n' });
    expect(shown(result)).toEqual(['parse-error error net/iam.tf:1', 'flow-log-delivery note net/main.tf:15 aws_flow_log.cwl']);
    expect(message(result, 'flow-log-delivery', 'aws_flow_log.cwl')).toMatch(/^Flow log `aws_flow_log.cwl` could not be verified: no policy of this run grants its role `aws_iam_role.flow_logs` .*, but `iam.tf` in the same module could not be parsed and may grant them$/);
  });

  it('counts every file that could not be parsed, and stands for them all with one node', async () => {
    const result = await run({ 'net/vpc.tf': VPC, 'net/flow-logs.tf': BROKEN_FLOW_LOG, 'net/routes.tf': 'resource "aws_route_table" "main" {\n  vpc_id = aws_vpc.main.id\n' });
    expect(message(result, 'vpc-flow-logs', 'aws_vpc.main')).toBe('VPC `aws_vpc.main` could not be verified: `flow-logs.tf` (and 1 more file) in the same module could not be parsed and may create its flow log');
    expect(result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => f.file)).toEqual(['net/flow-logs.tf', 'net/routes.tf']);
  });

  it('reaches the VPCs of the modules it calls, and the VPCs its caller hands it', async () => {
    const result = await run({
      'live/main.tf': `${VPC}module "network" {\n  source = "../modules/network"\n  shared_vpc_id = aws_vpc.main.id\n}\nresource "aws_vpc" "elsewhere" {\n  cidr_block = "10.9.0.0/16"\n}\n`,
      'modules/network/main.tf': 'variable "shared_vpc_id" {}\nmodule "spoke" {\n  source = "../spoke"\n}\n',
      'modules/network/flow-logs.tf': BROKEN_FLOW_LOG,
      'modules/spoke/main.tf': 'resource "aws_vpc" "this" {\n  cidr_block = "10.1.0.0/16"\n}\noutput "vpc_id" {\n  value = aws_vpc.this.id\n}\n',
    });
    expect(shown(result)).toEqual([
      // The root's own VPC, handed to the module, and the VPC of the module it calls: notes.
      'vpc-flow-logs note live/main.tf:1 aws_vpc.main',
      // A VPC the incomplete module never sees stays an error.
      'vpc-flow-logs error live/main.tf:8 aws_vpc.elsewhere',
      'parse-error error modules/network/flow-logs.tf:7',
      'vpc-flow-logs note modules/spoke/main.tf:1 module.network.module.spoke.aws_vpc.this',
    ]);
    expect(message(result, 'vpc-flow-logs', 'aws_vpc.main')).toBe('VPC `aws_vpc.main` could not be verified: `modules/network/flow-logs.tf` in `module.network` could not be parsed and may create its flow log');
  });

  it('says a module none of whose files parse could not be parsed, not that it is outside the run', async () => {
    const result = await run({
      'main.tf': `${VPC}module "fl" {\n  source = "./modules/fl"\n  vpc_id = aws_vpc.main.id\n}\n`,
      'modules/fl/main.tf': 'variable "vpc_id" {}\nresource "aws_flow_log" "this" {\n  vpc_id = var.vpc_id\n  tags = { Name = "x"\n}\n',
    });
    expect(shown(result)).toEqual(['vpc-flow-logs note main.tf:1 aws_vpc.main', 'parse-error error modules/fl/main.tf:2']);
    expect(message(result, 'vpc-flow-logs', 'aws_vpc.main')).toBe('VPC `aws_vpc.main` could not be verified: it is passed to `module.fl` (module ./modules/fl), which may create its flow log: its source modules/fl/main.tf could not be parsed');
  });

  it('reads a module folder outside the run the same way: a file that does not parse makes it incomplete', async () => {
    const dir = tempDir('flowguard-unparsed-');
    try {
      writeTree(dir, {
        'live/main.tf': `${VPC}module "flow_logs" {\n  source = "../modules/flow-logs"\n  vpc_id = aws_vpc.main.id\n}\n`,
        'modules/flow-logs/variables.tf': 'variable "vpc_id" {\n  type = string\n}\n',
        'modules/flow-logs/main.tf': BROKEN_FLOW_LOG.replace('aws_vpc.main.id', 'var.vpc_id'),
      });
      // Only the root is linted: the module folder is read from disk, as context. Terraform refuses
      // the root for the module's syntax error, so that file is a parse-error all the same.
      const result = await lint([join(dir, 'live/main.tf')], { cwd: dir, jobs: 1 });
      expect(shown(result)).toEqual(['vpc-flow-logs note live/main.tf:1 aws_vpc.main', 'parse-error error modules/flow-logs/main.tf:7']);
      expect(message(result, 'vpc-flow-logs', 'aws_vpc.main')).toBe('VPC `aws_vpc.main` could not be verified: `modules/flow-logs/main.tf` in `module.flow_logs` could not be parsed and may create its flow log');
    } finally {
      removeDir(dir);
    }
  });

  it('leaves a module whose files all parse complete', async () => {
    const result = await run({ 'net/vpc.tf': VPC, 'net/other.tf': 'resource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = 365\n}\n' });
    expect(shown(result)).toEqual(['vpc-flow-logs error net/vpc.tf:1 aws_vpc.main']);
  });
});

describe('what a module with an unparsable file is handed', () => {
  it('is what may hold a resource: a VPC id passed in counts, a list built from literals is not evaluated per instance', async () => {
    const result = await run({
      'main.tf': `${VPC}
module "workers" {
  source = "./workers"
  count  = 3
  vpc_id = aws_vpc.main.id
  names  = [for i in range(100000) : "worker-\${i}"]
}
`,
      'workers/main.tf': 'variable "vpc_id" {}\nvariable "names" {}\n',
      'workers/flow-logs.tf': BROKEN_FLOW_LOG.replace('aws_vpc.main.id', 'var.vpc_id'),
    });
    // The VPC handed to the module may get its flow log in the broken file: a note, not an error.
    expect(shown(result).filter((f) => f.startsWith('vpc-flow-logs'))).toEqual(['vpc-flow-logs note main.tf:1 aws_vpc.main']);
    // 100,000 names for each of 3 instances would have spent the whole evaluation budget.
    expect(result.notifications.filter((n) => /too much to evaluate/.test(n.message))).toEqual([]);
  });

  it('keeps on the node only the arguments that may hold a resource', async () => {
    const { graph } = await analyze({ documents: Object.entries({
      'main.tf': `${VPC}\nmodule "workers" {\n  source = "./workers"\n  vpc_id = aws_vpc.main.id\n  names  = [for i in range(3) : "worker-\${i}"]\n  tags   = { team = "platform" }\n}\n`,
      'workers/main.tf': 'variable "vpc_id" {}\nvariable "names" {}\nvariable "tags" {}\n',
      'workers/flow-logs.tf': BROKEN_FLOW_LOG,
    }).map(([path, text]) => ({ path, text })) }, { cwd, jobs: 1 });
    const node = [...graph.nodes.values()].find((n) => n.type === 'file that could not be parsed');
    const inputs = node?.attrs['inputs'];
    const passed = inputs?.t === 'object' ? inputs.entries['passed'] : undefined;
    expect(passed?.t === 'object' && Object.keys(passed.entries)).toEqual(['vpc_id']);
  });
});
