/**
 * A flow log that names something its template or module does not declare is never created
 * (CloudFormation and Terraform refuse the configuration), and the VPC it was meant for says so. The
 * fixtures hold the cases that are reported; these hold the ones that must not be: wherever something
 * unseen may declare the name.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import fc from 'fast-check';
import { nearestName } from '../../src/core/suggest.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const FLOW_LOG_TF = `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/flow-logs"
  retention_in_days = 365
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow_logs.arn
}
`;

const ROLE_TF = `
resource "aws_iam_role" "flow_logs" {
  name = "flow-logs"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "vpc-flow-logs.amazonaws.com" } }]
  })
}
`;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) removeDir(dir);
});

function folder(files: Record<string, string>): string {
  const dir = tempDir('flowguard-undeclared-');
  made.push(dir);
  writeTree(dir, files);
  return dir;
}

const refusals = (findings: { message: string }[]) => findings.filter((f) => /refuses the (template|configuration)/.test(f.message)).map((f) => f.message);

describe('Terraform: a name the module does not declare', () => {
  it('is reported when the module folder is whole', async () => {
    const dir = folder({ 'main.tf': FLOW_LOG_TF });
    const result = await lint([dir], { cwd: dir });
    expect(refusals(result.findings)).toEqual([
      'VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; `aws_flow_log.main` is never created: Terraform refuses the configuration: its module declares no resource `aws_iam_role.flow_logs`',
      'Flow log `aws_flow_log.main` is never created: Terraform refuses the configuration: its module declares no resource `aws_iam_role.flow_logs`',
    ]);
  });

  it('is declared by the folder\'s other file, read as the module\'s even when only main.tf is named', async () => {
    const dir = folder({ 'main.tf': FLOW_LOG_TF, 'iam.tf': ROLE_TF });
    const result = await lint([join(dir, 'main.tf')], { cwd: dir });
    expect(refusals(result.findings)).toEqual([]);
  });

  it('is not reported when another file of the folder does not parse: it may declare the name', async () => {
    const dir = folder({ 'main.tf': FLOW_LOG_TF, 'iam.tf': `${ROLE_TF}\nresource "aws_iam_role_policy" "x" {\n` });
    const result = await lint([dir], { cwd: dir });
    expect(refusals(result.findings)).toEqual([]);
    expect(result.findings.some((f) => f.ruleId === 'parse-error')).toBe(true);
  });

  it('is not reported when an ignore pattern leaves a file of the folder out', async () => {
    // Terraform reads the ignored file; the run does not.
    const dir = folder({ 'main.tf': FLOW_LOG_TF, 'iam_generated.tf': ROLE_TF });
    const result = await lint([dir], { cwd: dir, ignore: ['*_generated.tf'] });
    expect(refusals(result.findings)).toEqual([]);
  });

  it('is not reported in a Terragrunt folder: Terragrunt may write the file that declares it', async () => {
    const generate = `generate "iam" {\n  path      = "iam.tf"\n  if_exists = "overwrite"\n  contents  = file("../_shared/flow-log-role.tf")\n}\n`;
    const dir = folder({ 'main.tf': FLOW_LOG_TF, 'terragrunt.hcl': generate });
    const result = await lint([dir], { cwd: dir });
    expect(refusals(result.findings)).toEqual([]);
  });

  it('is not reported for documents handed to the library: their folder is not on disk', async () => {
    const result = await lint({ documents: [{ path: 'snippets/flow-log.tf', text: FLOW_LOG_TF }] });
    expect(refusals(result.findings)).toEqual([]);
  });

  it('is not reported for an evaluator root that is no AWS type (`ephemeral.…`)', async () => {
    const text = FLOW_LOG_TF.replace('aws_iam_role.flow_logs.arn', 'ephemeral.vault_role.flow.arn').concat(ROLE_TF);
    const dir = folder({ 'main.tf': text });
    const result = await lint([dir], { cwd: dir });
    expect(refusals(result.findings)).toEqual([]);
  });
});

const NETWORK_MODULE_TF = `
variable "cidr_block" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block = var.cidr_block
}

output "vpc_id" {
  value = aws_vpc.this.id
}
`;

const CALLER_TF = `
module "network" {
  source     = "./modules/network"
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id               = module.network.vpc_ids
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}
`;

describe('Terraform: an output the called module does not declare', () => {
  it('is refused, with the output it most likely meant, when the module folder is whole', async () => {
    const dir = folder({ 'main.tf': CALLER_TF, 'modules/network/main.tf': NETWORK_MODULE_TF });
    const result = await lint([dir], { cwd: dir });
    expect(refusals(result.findings)).toEqual([
      'Flow log `aws_flow_log.main` is never created: Terraform refuses the configuration: module `network` declares no output `vpc_ids` (did you mean `module.network.vpc_id`?)',
    ]);
  });

  it('is not refused when a file of the module folder does not parse: it may declare the output', async () => {
    const dir = folder({ 'main.tf': CALLER_TF, 'modules/network/main.tf': NETWORK_MODULE_TF, 'modules/network/outputs.tf': 'output "vpc_ids" {\n  value = [aws_vpc.this.id\n' });
    const result = await lint([dir], { cwd: dir });
    expect(refusals(result.findings)).toEqual([]);
  });

  it('is not refused when read from a state: it holds the outputs of the last apply', async () => {
    const reader = `data "terraform_remote_state" "network" {
  backend = "local"
  config = {
    path = "../network/terraform.tfstate"
  }
}

resource "aws_flow_log" "main" {
  vpc_id               = data.terraform_remote_state.network.outputs.vpc_ids
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-logs"
}
`;
    const dir = folder({ 'network/main.tf': NETWORK_MODULE_TF.replace('type = string', 'type    = string\n  default = "10.0.0.0/16"'), 'logging/main.tf': reader });
    const result = await lint([dir], { cwd: dir });
    expect(refusals(result.findings)).toEqual([]);
  });
});

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  FlowLogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 365
  FlowLog:
    Type: AWS::EC2::FlowLog
    Properties:
      ResourceType: VPC
      ResourceId: !Ref Vpc
      TrafficType: ALL
      LogGroupName: !Ref FlowLogGroup
      DeliverLogsPermissionArn: !GetAtt DeliveryRole.Arn
`;

describe('CloudFormation: a name the template does not declare', () => {
  it('is reported in a template without a transform, written in Fn::Sub too', async () => {
    const text = TEMPLATE.replace('!GetAtt DeliveryRole.Arn', "!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${DeliveryRoleName}'");
    const result = await lint({ documents: [{ path: 'network.yaml', text }] });
    expect(refusals(result.findings)).toContain('Flow log `FlowLog` is never created: CloudFormation refuses the template: it declares no parameter or resource `DeliveryRoleName`');
  });

  it('is not reported when SAM may generate it, nor under an account macro', async () => {
    for (const transform of ['AWS::Serverless-2016-10-31', '[AWS::LanguageExtensions, OrgRoles]']) {
      const text = TEMPLATE.replace("Resources:", `Transform: ${transform}\nResources:`);
      const result = await lint({ documents: [{ path: 'network.yaml', text }] });
      expect(refusals(result.findings)).toEqual([]);
    }
  });

  it('is not reported beside an AWS::Include snippet of resources: it may declare the name', async () => {
    const text = TEMPLATE.replace('Resources:\n', "Resources:\n  Fn::Transform:\n    Name: AWS::Include\n    Parameters:\n      Location: s3://platform-snippets/flow-log-roles.yaml\n");
    expect(text).toContain('AWS::Include');
    const result = await lint({ documents: [{ path: 'network.yaml', text }] });
    expect(refusals(result.findings)).toEqual([]);
  });

  it('is not reported in a Serverless Framework project, whose resources files are merged into one template', async () => {
    const vpc = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n";
    const flowLog = TEMPLATE.replace("AWSTemplateFormatVersion: '2010-09-09'\n", '').replace('  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n', '');
    expect(flowLog).not.toContain('AWS::EC2::VPC');
    const files = { 'resources/vpc.yml': vpc, 'resources/flow-logs.yml': flowLog.replace('!GetAtt DeliveryRole.Arn', "!Sub 'arn:aws:iam::${AWS::AccountId}:role/flow-logs'") };
    const project = folder({ ...files, 'serverless.yml': 'service: network\nprovider:\n  name: aws\nresources:\n  - ${file(resources/vpc.yml)}\n  - ${file(resources/flow-logs.yml)}\n' });
    expect(refusals((await lint([project], { cwd: project })).findings)).toEqual([]);
    // The same files outside a project: the flow log's template declares no Vpc.
    const alone = folder(files);
    expect(refusals((await lint([alone], { cwd: alone })).findings)).toEqual(['Flow log `FlowLog` is never created: CloudFormation refuses the template: it declares no parameter or resource `Vpc`']);
  });

  it('is reported under AWS::LanguageExtensions alone, which adds no names', async () => {
    const text = TEMPLATE.replace('Resources:', 'Transform: AWS::LanguageExtensions\nResources:');
    const result = await lint({ documents: [{ path: 'network.yaml', text }] });
    expect(refusals(result.findings)).toHaveLength(2);
  });

  it('is not reported beside a Fn::ForEach loop whose collection is not known: it may make the name', async () => {
    const text = TEMPLATE.replace('Resources:', `Transform: AWS::LanguageExtensions
Parameters:
  Roles:
    Type: CommaDelimitedList
Resources:
  Fn::ForEach::Roles:
    - Name
    - !Ref Roles
    - '\${Name}Role':
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument: {}`);
    const result = await lint({ documents: [{ path: 'network.yaml', text }] });
    expect(refusals(result.findings)).toEqual([]);
  });
});

describe('CloudFormation: a name something unseen may declare', () => {
  const MODULE = `  Delivery:
    Type: MyOrg::Logging::FlowLogRole::MODULE
    Properties:
      LogGroupName: /vpc/flow-logs
`;

  it('is not reported when it names a module\'s resource, with or without a dot', async () => {
    for (const use of ['!GetAtt DeliveryRole.Arn', '!Ref Delivery.Role', '!GetAtt [Delivery.Role, Arn]']) {
      const text = TEMPLATE.replace('!GetAtt DeliveryRole.Arn', use).concat(MODULE);
      const result = await lint({ documents: [{ path: 'network.yaml', text }] });
      expect(refusals(result.findings)).toEqual([]);
    }
  });

  it('is reported beside a module when it does not start with the module\'s logical id', async () => {
    const text = TEMPLATE.replace('!GetAtt DeliveryRole.Arn', '!GetAtt FlowRole.Arn').concat(MODULE);
    const result = await lint({ documents: [{ path: 'network.yaml', text }] });
    expect(refusals(result.findings)).toContain('Flow log `FlowLog` is never created: CloudFormation refuses the template: it declares no resource `FlowRole`');
  });

  it('is not reported beside an AWS::Include of resources: the snippet may declare it', async () => {
    const text = TEMPLATE.concat(`  Fn::Transform:
    Name: AWS::Include
    Parameters:
      Location: s3://snippets/iam.yaml
`);
    const result = await lint({ documents: [{ path: 'network.yaml', text }] });
    expect(refusals(result.findings)).toEqual([]);
  });
});

describe('many or long names a template does not declare', () => {
  // Each run ends (the timeout stops a hang; nothing here measures speed): 10,000 such names looked
  // through every resource for a module (quadratic, minutes, then out of memory at 20,000), and 64
  // long ones each worked out whole edit-distance tables against 5,000 long names (138 s).
  const template = (vpcs: string[], targets: string[]): string => {
    const resources: Record<string, unknown> = {};
    for (const id of vpcs) resources[id] = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };
    targets.forEach((target, i) => {
      resources[`Flow${i}`] = {
        Type: 'AWS::EC2::FlowLog',
        Properties: { ResourceId: { Ref: target }, ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::flow-logs' },
      };
    });
    return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
  };
  const ids = (n: number, name: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => name(i));

  it('10,000 flow logs, each naming a VPC it does not declare', { timeout: 20_000 }, async () => {
    const text = template(ids(10_000, (i) => `Vpc${i}`), ids(10_000, (i) => `Network${i}`));
    const result = await lint({ documents: [{ path: 'network.json', text }] });
    expect(refusals(result.findings)).toHaveLength(10_000);
  });

  it('64 names of 190 characters beside 5,000 declared ones as long', { timeout: 20_000 }, async () => {
    const text = template(ids(5_000, (i) => `Vpc${i}`.padEnd(190, 'x')), ids(64, (i) => `Network${i}`.padEnd(190, 'y')));
    const result = await lint({ documents: [{ path: 'network.json', text }] });
    expect(refusals(result.findings)).toHaveLength(64);
  });
});

describe('nearestName', () => {
  it('takes a swap of two letters and a change of case as one edit each', () => {
    expect(nearestName('mian', ['main', 'other'])).toBe('main');
    expect(nearestName('VPC', ['Vpc', 'Subnet'])).toBe('Vpc');
    expect(nearestName('FlowLogsRole', ['FlowLogRole', 'FlowLogGroup'])).toBe('FlowLogRole');
  });

  it('names none when two are as close, or none is close enough', () => {
    expect(nearestName('Subnet', ['SubnetA', 'SubnetB'])).toBeUndefined();
    expect(nearestName('vpc', ['main'])).toBeUndefined();
    expect(nearestName('x', [])).toBeUndefined();
  });

  it('agrees with the whole edit-distance table, though it works out only a band of it', () => {
    const word = fc.stringMatching(/^[abAB]{0,12}$/);
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 8 }), (name, candidates) => {
        expect(nearestName(name, candidates)).toBe(referenceNearest(name, candidates));
      }),
      { numRuns: 2000 },
    );
  });

  it('stops comparing once the work allowed is spent, and then names none', () => {
    // Thousands of long names cost a square of their length each: a template of them took minutes.
    let compared = 0;
    function* declared(): Generator<string> {
      for (let i = 0; i < 10_000; i++, compared++) yield `Vpc${i}`.padEnd(190, 'x');
    }
    const budget = { cells: 1_000_000 };
    expect(nearestName('Vpc10000'.padEnd(190, 'y'), declared(), budget)).toBeUndefined();
    expect(compared).toBeLessThan(1_000);
    expect(nearestName('Vpc1', ['Subnet', 'Vpc1x'], budget)).toBeUndefined();
    expect(nearestName('Vpc1', ['Subnet', 'Vpc1x'], { cells: 1_000 })).toBe('Vpc1x');
  });
});

/** `nearestName` as written first: the whole optimal-string-alignment table for every candidate. */
function referenceNearest(word: string, candidates: readonly string[]): string | undefined {
  const allowed = Math.max(1, Math.floor(word.length / 3));
  const distances = candidates
    .filter((candidate) => candidate !== word)
    .map((candidate) => ({ candidate, distance: osa(word.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= allowed);
  const least = Math.min(...distances.map(({ distance }) => distance));
  const nearest = distances.filter(({ distance }) => distance === least);
  return nearest.length === 1 ? nearest[0]!.candidate : undefined;
}

function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
