/**
 * `Ref: Role.Arn` in a flow log's properties: a Ref takes a logical id or a parameter name, which has
 * no dot, so CloudFormation refuses the template and the flow log never exists. SAM reads some dotted
 * Refs itself (`Ref: Function.Alias`) and a macro may rewrite anything: there the Ref is left alone.
 * `${Role.Arn}` inside Fn::Sub is Fn::GetAtt, and a VPC's own Ref is no dotted one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const template = (head: string, role: string) => `AWSTemplateFormatVersion: '2010-09-09'
${head}Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  FlowLogRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: vpc-flow-logs.amazonaws.com
            Action: sts:AssumeRole
  FlowLog:
    Type: AWS::EC2::FlowLog
    Properties:
      ResourceId: !Ref Vpc
      ResourceType: VPC
      TrafficType: ALL
      LogGroupName: /vpc/flow-logs
      DeliverLogsPermissionArn: ${role}
`;

const REFUSED = 'CloudFormation refuses the template: Ref FlowLogRole.Arn names no parameter or resource (a logical id has no dot); write Fn::GetAtt FlowLogRole.Arn';

const CASES: [string, string, string, string | undefined][] = [
  ['short form', '', '!Ref FlowLogRole.Arn', REFUSED],
  ['long form', '', '{ Ref: FlowLogRole.Arn }', REFUSED],
  ['inside Fn::Join', '', "!Join ['', [!Ref FlowLogRole.Arn]]", REFUSED],
  ['no such resource', '', '!Ref DeliveryRole.Arn', 'CloudFormation refuses the template: Ref DeliveryRole.Arn names no parameter or resource (a logical id has no dot)'],
  ['with AWS::LanguageExtensions', 'Transform: AWS::LanguageExtensions\n', '!Ref FlowLogRole.Arn', REFUSED],
  ['with the SAM transform', 'Transform: AWS::Serverless-2016-10-31\n', '!Ref FlowLogRole.Arn', undefined],
  ['with a macro', 'Transform: [AWS::LanguageExtensions, RefRewriter]\n', '!Ref FlowLogRole.Arn', undefined],
  ['Fn::Sub with an attribute', '', "!Sub '${FlowLogRole.Arn}'", undefined],
  ['Fn::GetAtt', '', '!GetAtt FlowLogRole.Arn', undefined],
];

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-dotted-ref-');
  writeTree(dir, Object.fromEntries(CASES.map(([, head, role], i) => [`case${i}/template.yaml`, template(head, role)])));
});
afterAll(() => removeDir(dir));

describe('a flow log with a Ref to a dotted name', () => {
  CASES.forEach(([name, , , why], i) => {
    it(name, async () => {
      const result = await lint([`case${i}`], { cwd: dir });
      const refused = result.findings.filter((f) => f.ruleId === 'flow-log-delivery' && /never created/.test(f.message)).map((f) => f.message);
      const vpc = result.findings.filter((f) => f.ruleId === 'vpc-flow-logs').map((f) => f.message);
      if (why === undefined) {
        expect(refused).toEqual([]);
        expect(vpc).toEqual([]);
      } else {
        expect(refused).toEqual([`Flow log \`FlowLog\` is never created: ${why}`]);
        expect(vpc).toEqual([expect.stringContaining(`\`FlowLog\` is never created: ${why}`)]);
      }
    });
  });
});
