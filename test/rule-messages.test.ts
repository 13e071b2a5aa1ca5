/**
 * A finding's fix names the setting as the user's own format spells it: `RetentionInDays` in a
 * CloudFormation template, `retention_in_days` in Terraform (source and plan), never both at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from './cli/helpers.js';

const TERRAFORM = `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_cloudwatch_log_group" "debug" {
  name              = "/app/debug"
  retention_in_days = 1
}

resource "aws_flow_log" "orphan" {
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.debug.arn
}
`;

const PLAN = {
  format_version: '1.2',
  planned_values: {
    root_module: {
      resources: [
        { address: 'aws_vpc.edge', mode: 'managed', type: 'aws_vpc', name: 'edge', values: { cidr_block: '10.9.0.0/16' } },
        { address: 'aws_cloudwatch_log_group.audit', mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'audit', values: { name: 'audit', retention_in_days: 30 } },
      ],
    },
  },
};

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 1
  FlowLog:
    Type: AWS::EC2::FlowLog
    Properties:
      TrafficType: ALL
      LogGroupName: !Ref Logs
`;

describe('fixes spelled as each format writes them', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('flowguard-messages-');
    writeTree(dir, { 'tf/main.tf': TERRAFORM, 'plan/plan.json': JSON.stringify(PLAN), 'cfn/network.yaml': TEMPLATE });
  });
  afterAll(() => removeDir(dir));

  const messages = async (path: string): Promise<string[]> => (await lint([path], { cwd: dir })).findings.map((f) => f.message).sort();

  it('Terraform source', async () => {
    expect(await messages('tf')).toEqual([
      'Flow log `aws_flow_log.orphan` delivers to CloudWatch Logs without a delivery role; set iam_role_arn',
      'Flow log `aws_flow_log.orphan` has no target resource; set vpc_id (or subnet_id, eni_id, transit_gateway_id)',
      'Log group `aws_cloudwatch_log_group.debug` keeps events for 1 day; set retention_in_days to at least 365',
      'VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; add an aws_flow_log with traffic_type = "ALL" that targets it',
    ]);
  });

  it('Terraform plan', async () => {
    expect(await messages('plan/plan.json')).toEqual([
      'Log group `aws_cloudwatch_log_group.audit` keeps events for 30 days; set retention_in_days to at least 365',
      'VPC `aws_vpc.edge` has no flow log capturing REJECT or ALL traffic; add an aws_flow_log with traffic_type = "ALL" that targets it',
    ]);
  });

  it('CloudFormation', async () => {
    expect(await messages('cfn')).toEqual([
      'Flow log `FlowLog` delivers to CloudWatch Logs without a delivery role; set DeliverLogsPermissionArn',
      'Flow log `FlowLog` has no target resource; set ResourceId (with ResourceType VPC, Subnet, NetworkInterface or TransitGateway)',
      'Log group `Logs` keeps events for 1 day; set RetentionInDays to at least 365',
      'VPC `Vpc` has no flow log capturing REJECT or ALL traffic; add an AWS::EC2::FlowLog with TrafficType ALL that targets it',
    ]);
  });
});
