/**
 * A VPC handed to a nested stack the run does not hold is a note only if the stack gets the VPC itself
 * (rules/unseen.ts `handedItself`); the walk over what a stack is handed stops after MAX_VALUES values.
 * A VPC beyond that point is still handed by the graph's edge, so the walk cut short must say "may be
 * handed anything", not "handed nothing": an error there would be a false positive.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/engine/lint.js';
import { vpcFlowLogs } from '../../rules/vpc-flow-logs.js';

function template(parametersBefore: number): string {
  const lines = [
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.0.0.0/16',
    '  Network:',
    '    Type: AWS::CloudFormation::Stack',
    '    Properties:',
    '      TemplateURL: https://acme-templates.s3.amazonaws.com/network/flow-logs.yaml',
    '      Parameters:',
  ];
  for (let i = 0; i < parametersBefore; i++) lines.push(`        Setting${i}: value-${i}`);
  lines.push('        VpcId: !Ref Vpc');
  return `${lines.join('\n')}\n`;
}

async function vpcFinding(parametersBefore: number) {
  const { graph } = await analyze({ documents: [{ path: 'network.yaml', text: template(parametersBefore) }] }, { rules: {} });
  const findings = vpcFlowLogs.check(graph, {});
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe('a VPC handed to a nested stack among many parameters', () => {
  it('is a note when the stack gets it among a few', async () => {
    const finding = await vpcFinding(3);
    expect(finding.level).toBe('note');
    expect(finding.data?.['why']).toContain('it is passed to `Network`');
  });

  it('is still a note when it comes after more parameters than the walk looks at', async () => {
    const finding = await vpcFinding(10_001);
    expect(finding.level).toBe('note');
    expect(finding.data?.['why']).toContain('it is passed to `Network`');
  });
});
