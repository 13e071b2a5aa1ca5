/**
 * A generated repository for the parallel-parsing tests: `count` files of every kind a run meets
 * (CloudFormation YAML and JSON, Terraform `.tf` modules, a plan, files that are not templates), with
 * findings in many files, links across files (exports and imports), and parse errors scattered
 * through (YAML, JSON, HCL, a duplicate key, bytes that are not UTF-8). Deterministic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface TreeFile {
  path: string;
  text: string | Uint8Array;
}

function yamlStack(i: number): string {
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    `Description: stack ${i}`,
    'Parameters:',
    '  Env: {Type: String, Default: dev}',
    'Resources:',
  ];
  if (i % 3 === 0) {
    lines.push('  Vpc:', '    Type: AWS::EC2::VPC', '    Properties:', `      CidrBlock: 10.${i % 250}.0.0/16`, '      Tags: [{Key: Name, Value: !Sub "${AWS::StackName}-vpc"}]');
    if (i % 9 !== 0) {
      lines.push(
        '  FlowLog:',
        '    Type: AWS::EC2::FlowLog',
        '    Properties:',
        '      ResourceId: !Ref Vpc',
        '      ResourceType: VPC',
        `      TrafficType: ${i % 2 ? 'ALL' : 'ACCEPT'}`,
        '      LogGroupName: !Ref FlowLogs',
        '      DeliverLogsPermissionArn: !GetAtt FlowLogRole.Arn',
        '  FlowLogs:',
        '    Type: AWS::Logs::LogGroup',
        `    Properties: {RetentionInDays: ${i % 4 ? 400 : 14}}`,
        '  FlowLogRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        `            Principal: {Service: ${i % 5 ? 'vpc-flow-logs.amazonaws.com' : 'ec2.amazonaws.com'}}`,
        '            Action: sts:AssumeRole',
      );
    }
    lines.push('Outputs:', '  VpcId:', '    Value: !Ref Vpc', `    Export: {Name: net-${i}-VpcId}`);
  } else {
    lines.push(
      '  # flowguard:ignore log-group-retention',
      '  AppLogs:',
      '    Type: AWS::Logs::LogGroup',
      `    Properties: {LogGroupName: /app/${i}, RetentionInDays: ${i % 7 ? 30 : 3653}}`,
      '  Logs:',
      '    Type: AWS::Logs::LogGroup',
      `    Properties: {RetentionInDays: ${i % 2 ? 7 : 731}}`,
      '  ImportedFlowLog:',
      '    Type: AWS::EC2::FlowLog',
      '    Properties:',
      `      ResourceId: !ImportValue net-${i - (i % 3)}-VpcId`,
      '      ResourceType: VPC',
      '      TrafficType: REJECT',
      '      LogDestinationType: s3',
      '      LogDestination: arn:aws:s3:::flow-logs',
    );
  }
  let text = `${lines.join('\n')}\n`;
  if (i % 17 === 5) text = text.replace('Resources:\n', 'Resources:\n  Broken: [unclosed\n'); // a syntax error
  if (i % 31 === 7) text += 'Description: twice\n'; // a duplicate key
  if (i % 13 === 4) text = text.replace(/\n/g, '\r\n'); // CRLF line ends
  return text;
}

function jsonStack(i: number): string {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: `10.${i % 250}.0.0/16` } },
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: i % 2 ? 1 : 400, LogGroupName: { 'Fn::Join': ['', ['/vpc/', { Ref: 'AWS::StackName' }]] } } },
      ...(i % 4 === 0 ? { FlowLog: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: 'ALL', LogGroupName: { Ref: 'Logs' } } } } : {}),
    },
  };
  const text = JSON.stringify(template, null, i % 3 ? 2 : undefined);
  return i % 11 === 3 ? text.replace('"Resources"', '"Resources" "Broken"') : text; // a syntax error
}

function terraformModule(i: number): TreeFile[] {
  const dir = `terraform/module-${String(i).padStart(3, '0')}`;
  const main = [
    'resource "aws_vpc" "main" {',
    `  cidr_block = "10.${i % 250}.0.0/16"`,
    '  tags = { Name = "net-${var.env}" }',
    '}',
    '',
    ...(i % 2
      ? ['resource "aws_flow_log" "main" {', '  vpc_id       = aws_vpc.main.id', '  traffic_type = "ALL"', '  log_destination = aws_cloudwatch_log_group.flow.arn', '  iam_role_arn = aws_iam_role.flow.arn', '}', '']
      : []),
    'resource "aws_cloudwatch_log_group" "flow" {',
    `  name              = "/vpc/${i}"`,
    `  retention_in_days = ${i % 3 ? 90 : 400}`,
    '}',
    '',
    'resource "aws_iam_role" "flow" {',
    '  assume_role_policy = jsonencode({',
    '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "vpc-flow-logs.amazonaws.com" } }]',
    '  })',
    '}',
    '',
  ].join('\n');
  const files: TreeFile[] = [
    { path: `${dir}/main.tf`, text: i % 7 === 6 ? main.replace('resource "aws_iam_role" "flow" {', 'resource "aws_iam_role" "flow" {\n  broken = ') : main },
    { path: `${dir}/variables.tf`, text: 'variable "env" {\n  type    = string\n  default = "dev"\n}\n' },
  ];
  if (i % 4 === 1) files.push({ path: `${dir}/extra.tf.json`, text: JSON.stringify({ resource: { aws_cloudwatch_log_group: { extra: { retention_in_days: 5 } } } }) });
  return files;
}

/** About `count` files (a Terraform module holds two or three). */
export function treeFiles(count: number): TreeFile[] {
  const files: TreeFile[] = [
    { path: 'package.json', text: '{"name": "not-a-template", "version": "1.0.0"}\n' },
    { path: 'charts/app/values.yaml', text: 'replicaCount: 2\nimage: {repository: nginx}\n' },
    { path: 'stacks/binary.yaml', text: new Uint8Array([0x52, 0x65, 0xff, 0xfe, 0x00, 0x0a]) },
    { path: 'plan/tfplan.json', text: JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'aws_vpc.p', mode: 'managed', type: 'aws_vpc', name: 'p', values: { cidr_block: '10.9.0.0/16' } }] } } }) },
  ];
  for (let i = 0; files.length < count; i++) {
    const team = `stacks/team-${String(i % 12).padStart(2, '0')}`;
    if (i % 10 < 6) files.push({ path: `${team}/stack-${String(i).padStart(4, '0')}.yaml`, text: yamlStack(i) });
    else if (i % 10 < 8) files.push({ path: `${team}/stack-${String(i).padStart(4, '0')}.json`, text: jsonStack(i) });
    else files.push(...terraformModule(i));
  }
  return files;
}

export function writeTree(root: string, files: TreeFile[]): void {
  for (const { path, text } of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}
