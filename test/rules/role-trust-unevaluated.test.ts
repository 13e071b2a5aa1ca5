/**
 * role-trust-principal's note for a used role whose trust flowguard cannot read because it does not
 * evaluate a function the policy is written with; the whole-document case is the fixture
 * role-trust-principal/trust-policy-from-unevaluated-function.
 */
import { expect, it } from 'vitest';
import { lint } from '../../src/index.js';

const template = (principal: string) => `Resources:
  Vpc: { Type: AWS::EC2::VPC }
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ${principal} }
            Action: sts:AssumeRole
  Log:
    Type: AWS::EC2::FlowLog
    Properties: { ResourceType: VPC, ResourceId: !Ref Vpc, TrafficType: ALL, LogGroupName: logs, DeliverLogsPermissionArn: !GetAtt Role.Arn }
`;

const trust = async (principal: string) =>
  (await lint({ documents: [{ path: 't.yaml', text: template(principal) }] })).findings
    .filter((f) => f.ruleId === 'role-trust-principal' && f.level !== 'note' || f.message.includes('could not be verified'))
    .map((f) => [f.level, f.message, f.region.startLine, f.region.startColumn]);

it('says a service principal flowguard does not evaluate left the role unverified, at the principal', async () => {
  expect(await trust("{ 'Fn::Base64': vpc-flow-logs.amazonaws.com }")).toEqual([
    ['note', 'Role `Role` is the delivery role of flow log `Log` but its trust policy could not be verified: flowguard does not evaluate Fn::Base64', 9, 35],
  ]);
});

it('says nothing of a service principal known only at deploy time', async () => {
  expect(await trust('!Ref AWS::NoSuchParameter')).toEqual([]);
  expect(await trust("!Sub 'vpc-flow-logs.${AWS::URLSuffix}'")).toEqual([]);
});
