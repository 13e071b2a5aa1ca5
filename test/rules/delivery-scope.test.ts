/**
 * flow-log-delivery's grants on other log groups, at the scale of a hostile template: many flow logs
 * sharing one role. The role's policies are read once; more Resource entries than real roles carry
 * leave the flow logs unverified instead of being compared for each of them.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

function template(flowLogs: number, grantedOn: string[]): string {
  const resources: Record<string, unknown> = {
    Role: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }] },
        Policies: [
          {
            PolicyName: 'deliver',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: grantedOn },
                { Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' },
              ],
            },
          },
        ],
      },
    },
  };
  for (let i = 0; i < flowLogs; i++) {
    resources[`Vpc${i}`] = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };
    resources[`Logs${i}`] = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/vpc/network-${i}`, RetentionInDays: 365 } };
    resources[`FlowLog${i}`] = {
      Type: 'AWS::EC2::FlowLog',
      Properties: { ResourceType: 'VPC', ResourceId: { Ref: `Vpc${i}` }, TrafficType: 'ALL', LogGroupName: { Ref: `Logs${i}` }, DeliverLogsPermissionArn: { 'Fn::GetAtt': ['Role', 'Arn'] } },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
}

const delivery = async (text: string) => (await lint({ documents: [{ path: 'network.json', text }] })).findings.filter((f) => f.ruleId === 'flow-log-delivery');

describe('flow-log-delivery: grants on other log groups, many flow logs to one role', () => {
  it('reports every flow log whose group the shared role does not reach, and none whose group it does', async () => {
    const findings = await delivery(template(300, ['arn:aws:logs:*:*:log-group:/vpc/network-1*', 'arn:aws:logs:*:*:log-group:/vpc/network-2:*']));
    // network-1, network-10…19, network-100…199 and network-2 are reached: 1 + 10 + 100 + 1 = 112.
    expect(findings).toHaveLength(300 - 112);
    expect(findings.map((f) => f.resourceId)).not.toContain('FlowLog150');
    expect(findings.find((f) => f.resourceId === 'FlowLog7')?.message).toContain('cannot deliver to log group `/vpc/network-7`');
  });

  it('leaves them unverified when the role has more Resource entries than real roles carry', async () => {
    // 2,000 entries in all, with the DescribeLogGroups statement's "*": still read; one more is not.
    const many = Array.from({ length: 2_000 }, (_, i) => `arn:aws:logs:*:*:log-group:/other/${i}:*`);
    expect(await delivery(template(50, many.slice(0, 1_999)))).toHaveLength(50);
    expect(await delivery(template(50, many))).toEqual([]);
  });
});
