/**
 * A flow log that names something its template or module does not declare is never created
 * (CloudFormation and Terraform refuse the configuration), and the VPC it was meant for says so. The
 * fixtures hold the cases that are reported; these hold the ones that must not be: wherever something
 * unseen may declare the name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { nearestName } from '../../src/core/suggest.js';

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
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-undeclared-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
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
});
