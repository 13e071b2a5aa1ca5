/**
 * A VPC nothing covers, beside flow logs on VPCs the run cannot see: the error names them (a few, the
 * rest counted), says why once when they share a reason, and lists each as a related location. Flow
 * logs that would not cover a VPC anyway (ACCEPT only, a subnet's) and those of another template are
 * not named.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';

const flowLog = (name: string, target: string, extra = { type: 'VPC', traffic: 'ALL' }) => [
  `  ${name}:`,
  '    Type: AWS::EC2::FlowLog',
  '    Properties:',
  `      ResourceId: ${target}`,
  `      ResourceType: ${extra.type}`,
  `      TrafficType: ${extra.traffic}`,
  '      LogDestinationType: s3',
  '      LogDestination: arn:aws:s3:::acme-flow-logs',
];

const network = [
  'Parameters:',
  '  LegacyVpcId: { Type: "AWS::EC2::VPC::Id" }',
  '  SharedVpcId: { Type: String }',
  '  SubnetId: { Type: "AWS::EC2::Subnet::Id" }',
  'Resources:',
  '  AppVpc:',
  '    Type: AWS::EC2::VPC',
  '    Properties:',
  '      CidrBlock: 10.20.0.0/16',
  ...flowLog('LegacyAll', '!Ref LegacyVpcId'),
  ...flowLog('LegacyReject', '!Ref LegacyVpcId', { type: 'VPC', traffic: 'REJECT' }),
  ...flowLog('LegacyAcceptOnly', '!Ref LegacyVpcId', { type: 'VPC', traffic: 'ACCEPT' }),
  ...flowLog('SharedAll', '!ImportValue shared-network-VpcId'),
  ...flowLog('SharedSsm', '"{{resolve:ssm:/shared/vpc-id}}"'),
  ...flowLog('SubnetAll', '!Ref SubnetId', { type: 'Subnet', traffic: 'ALL' }),
  '',
].join('\n');

const other = ['Parameters:', '  VpcId: { Type: String }', 'Resources:', ...flowLog('OtherStackLog', '!Ref VpcId'), ''].join('\n');

describe('flow logs beside an uncovered VPC that target VPCs the run cannot see', () => {
  it('are named, a few, with the reasons at their related locations', async () => {
    const result = await lint({ documents: [{ path: 'network.yaml', text: network }, { path: 'other.yaml', text: other }] });
    const [finding, ...rest] = result.findings.filter((f) => f.ruleId === 'vpc-flow-logs');
    expect(rest).toEqual([]);
    expect(finding!.level).toBe('error');
    expect(finding!.message).toContain(
      'targets it (flow logs `LegacyAll`, `LegacyReject`, `SharedAll` and 1 more beside it target VPCs this run cannot see (the related locations say why))',
    );
    expect(finding!.related.map((r) => r.resourceId)).toEqual(['LegacyAll', 'LegacyReject', 'SharedAll', 'SharedSsm']);
    expect(finding!.related[0]!.message).toContain('parameter LegacyVpcId has no default');
  });
});
