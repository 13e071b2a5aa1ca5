/**
 * `limits.maxReferenceDepth` (`--max-reference-depth`): a chain of references longer than the limit
 * ends in an unknown value, never in a definite finding, and the run says so once per file in a
 * warning notification naming the limit and its option (no parse-error: the file is not wrong). The
 * same chain within the limit (the default, 64) resolves. Through the library, `lint` and `lintSync`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import { lintSync } from '../../src/engine/lint-sync.js';
import type { LintOptions } from '../../src/engine/options.js';
import { toSarif } from '../../src/report/sarif.js';
import { validateSarif } from '../helpers/sarif-schema.js';
import { removeDir, tempDir } from '../robustness/helpers.js';

let cwd: string;
beforeAll(() => void (cwd = tempDir('flowguard-depth-')));
afterAll(() => removeDir(cwd));

type Files = Record<string, string>;
const documents = (files: Files) => ({ documents: Object.entries(files).map(([path, text]) => ({ path, text })) });
const runners: [string, (files: Files, options: LintOptions) => Promise<LintResult>][] = [
  ['lint', (files, options) => lint(documents(files), { cwd, jobs: 1, ...options })],
  ['lintSync', async (files, options) => lintSync(documents(files), { cwd, ...options })],
];

const describeFinding = (f: Finding): string => `${f.ruleId}@${f.resourceId ?? f.file}${f.level === 'error' ? '' : `(${f.level})`}`;
const notice = (depth: number, what: string) => `reference chain longer than ${depth} links while resolving ${what}; treated as unknown (raise it with --max-reference-depth)`;

/** The notifications about the depth limit, as `file: message`, and a check of what every such run must give. */
function depthNotices(result: LintResult): string[] {
  const errors = validateSarif(toSarif(result, { version: 'test' }));
  expect(errors, errors.slice(0, 5).join('\n')).toEqual([]);
  expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  const notices = result.notifications.filter((n) => n.message.includes('--max-reference-depth'));
  for (const n of notices) expect(n).toMatchObject({ level: 'warning', file: expect.any(String), region: expect.objectContaining({ startLine: expect.any(Number) }) });
  return notices.map((n) => n.message);
}

/**
 * f-root.yaml owns the VPC and passes it down nested stacks e → d → c → b → a-leaf, whose flow log
 * targets it: five parameters in a row. a-leaf sorts first, so its flow log is resolved through the
 * whole chain at once. z-other.yaml is unrelated and keeps its definite finding whatever happens.
 */
function nestedStacks(): Files {
  const header = "AWSTemplateFormatVersion: '2010-09-09'";
  const param = 'Parameters:\n  VpcId:\n    Type: String';
  const stack = (child: string, value: string) => `  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ${child}\n      Parameters:\n        VpcId: ${value}`;
  return {
    'a-leaf.yaml': [
      header,
      param,
      'Resources:',
      '  FlowLog:',
      '    Type: AWS::EC2::FlowLog',
      '    Properties:',
      '      ResourceType: VPC',
      '      ResourceId: !Ref VpcId',
      '      TrafficType: ALL',
      '      LogDestinationType: s3',
      '      LogDestination: arn:aws:s3:::flow-log-bucket',
      '',
    ].join('\n'),
    'b.yaml': `${header}\n${param}\nResources:\n${stack('a-leaf.yaml', '!Ref VpcId')}\n`,
    'c.yaml': `${header}\n${param}\nResources:\n${stack('b.yaml', '!Ref VpcId')}\n`,
    'd.yaml': `${header}\n${param}\nResources:\n${stack('c.yaml', '!Ref VpcId')}\n`,
    'e.yaml': `${header}\n${param}\nResources:\n${stack('d.yaml', '!Ref VpcId')}\n`,
    'f-root.yaml': `${header}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n${stack('e.yaml', '!Ref Vpc')}\n`,
    'z-other.yaml': `${header}\nResources:\n  Lonely:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.1.0.0/16\n`,
  };
}

const LOCALS_CHAIN = `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

locals {
  l0 = aws_vpc.main.id
  l1 = local.l0
  l2 = local.l1
  l3 = local.l2
  l4 = local.l3
}

resource "aws_flow_log" "logs" {
  vpc_id               = local.l4
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-log-bucket"
}
`;

/** root → m1 → m2 → m3: the VPC is made three modules down and its id comes back up through their outputs. */
const MODULE_OUTPUTS: Files = {
  'root/main.tf': `module "m1" {
  source = "./m1"
}

resource "aws_flow_log" "logs" {
  vpc_id               = module.m1.vpc_id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-log-bucket"
}
`,
  'root/m1/main.tf': 'module "m2" {\n  source = "../m2"\n}\n\noutput "vpc_id" {\n  value = module.m2.vpc_id\n}\n',
  'root/m2/main.tf': 'module "m3" {\n  source = "../m3"\n}\n\noutput "vpc_id" {\n  value = module.m3.vpc_id\n}\n',
  'root/m3/main.tf': 'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n\noutput "vpc_id" {\n  value = aws_vpc.this.id\n}\n',
  'other/main.tf': 'resource "aws_vpc" "lonely" {\n  cidr_block = "10.1.0.0/16"\n}\n',
};

/** A plan whose flow logs reach their VPCs through module variables (one hop of `var.*` each). */
const MODULES_PLAN = readFileSync(new URL('../../fixtures/graph/terraform-plan/modules.json', import.meta.url), 'utf8');

describe.each(runners)('reference depth (%s)', (_name, run) => {
  it('CloudFormation: a chain of nested-stack parameters longer than the limit is unknown, and told once per file', async () => {
    const result = await run(nestedStacks(), { limits: { maxReferenceDepth: 3 } });
    const notices = depthNotices(result);
    expect(notices).toContain(`a-leaf.yaml: ${notice(3, 'FlowLog.Properties.ResourceId')}`);
    // Once per file: a-leaf's notice is not repeated for its other values.
    expect(notices.filter((n) => n.startsWith('a-leaf.yaml:'))).toHaveLength(1);
    // The flow log may target the VPC: a note, never the definite "no flow log".
    expect(result.findings.map(describeFinding)).toEqual(['vpc-flow-logs@Vpc(note)', 'vpc-flow-logs@Lonely']);
  });

  it('CloudFormation: the same chain resolves within the default limit', async () => {
    const result = await run(nestedStacks(), {});
    expect(depthNotices(result)).toEqual([]);
    expect(result.findings.map(describeFinding)).toEqual(['vpc-flow-logs@Lonely']);
  });

  it('Terraform: a chain of locals longer than the limit is unknown, and told once', async () => {
    const result = await run({ 'net/main.tf': LOCALS_CHAIN, 'other/main.tf': MODULE_OUTPUTS['other/main.tf']! }, { limits: { maxReferenceDepth: 3 } });
    expect(depthNotices(result)).toEqual([`net/main.tf: ${notice(3, 'aws_flow_log.logs')}`]);
    expect(result.findings.map(describeFinding)).toEqual(['vpc-flow-logs@aws_vpc.main(note)', 'vpc-flow-logs@aws_vpc.lonely']);
  });

  it('Terraform: the same locals resolve within the default limit', async () => {
    const result = await run({ 'net/main.tf': LOCALS_CHAIN }, {});
    expect(depthNotices(result)).toEqual([]);
    expect(result.findings.map(describeFinding)).toEqual([]);
  });

  it('Terraform: a chain of module outputs longer than the limit is unknown', async () => {
    const result = await run(MODULE_OUTPUTS, { limits: { maxReferenceDepth: 2 } });
    expect(depthNotices(result)).toEqual([`root/main.tf: ${notice(2, 'aws_flow_log.logs')}`]);
    expect(result.findings.map(describeFinding)).toEqual(['vpc-flow-logs@aws_vpc.lonely', 'vpc-flow-logs@module.m1.module.m2.module.m3.aws_vpc.this(note)']);
  });

  it('Terraform: the same module outputs resolve within the default limit', async () => {
    const result = await run(MODULE_OUTPUTS, {});
    expect(depthNotices(result)).toEqual([]);
    expect(result.findings.map(describeFinding)).toEqual(['vpc-flow-logs@aws_vpc.lonely']);
  });

  it('follows at most 256 links whatever the limit says: deeper recursion would exhaust the call stack', async () => {
    const locals = Array.from({ length: 1000 }, (_, i) => (i === 0 ? '  l0 = aws_vpc.main.id' : `  l${i} = local.l${i - 1}`)).join('\n');
    const chainTo = (last: number) => LOCALS_CHAIN.replace(/locals \{[^}]*\}/, `locals {\n${locals}\n}`).replace('vpc_id               = local.l4', `vpc_id = local.l${last}`);
    const chain = chainTo(999);
    const result = await run({ 'net/main.tf': chain }, { limits: { maxReferenceDepth: 1_000_000 } });
    expect(depthNotices(result)).toEqual([
      'net/main.tf: reference chain longer than 256 links while resolving aws_flow_log.logs; treated as unknown (the most flowguard follows, whatever --max-reference-depth says)',
    ]);
    expect(result.findings.map(describeFinding)).toEqual(['vpc-flow-logs@aws_vpc.main(note)']);
    const within = await run({ 'net/main.tf': chainTo(250) }, { limits: { maxReferenceDepth: 1_000_000 } });
    expect(within.findings.map(describeFinding)).toEqual([]);
  });

  it('plan: a module variable chain longer than the limit may be any VPC of the plan', async () => {
    const result = await run({ 'plan.json': MODULES_PLAN }, { limits: { maxReferenceDepth: 0 } });
    expect(depthNotices(result)).toEqual([`plan.json: ${notice(0, 'aws_flow_log.network')}`]);
    expect(result.findings.filter((f) => f.ruleId === 'vpc-flow-logs').map(describeFinding)).toEqual([
      'vpc-flow-logs@aws_vpc.main(note)',
      'vpc-flow-logs@module.network.aws_vpc.this[0](note)',
      'vpc-flow-logs@module.regional["eu-west-1"].aws_vpc.this(note)',
    ]);
  });

  it('plan: the same chain resolves within the default limit', async () => {
    const result = await run({ 'plan.json': MODULES_PLAN }, {});
    expect(depthNotices(result)).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'vpc-flow-logs').map(describeFinding)).toEqual(['vpc-flow-logs@module.regional["eu-west-1"].aws_vpc.this']);
  });

  it('ends reference cycles as unknown without a notice: a cycle is no limit', async () => {
    const cycle = 'locals {\n  a = local.b\n  b = local.a\n}\n\nresource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = local.a\n}\n';
    for (const maxReferenceDepth of [2, 64, 100_000]) {
      const result = await run({ 'c/main.tf': cycle }, { limits: { maxReferenceDepth } });
      expect(depthNotices(result)).toEqual([]);
      expect(result.findings).toEqual([]);
    }
  });
});
