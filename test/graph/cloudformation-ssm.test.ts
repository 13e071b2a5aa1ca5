/**
 * SSM Parameter Store as a link between stacks: a parameter of type `AWS::SSM::Parameter::Value<…>`
 * and a `{{resolve:ssm:…}}` dynamic reference read the value of the run's `AWS::SSM::Parameter` with
 * that name, as `Fn::ImportValue` reads an export; other dynamic references are unknown.
 */
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import { fixture, graphOf, nodeOf, plain, spanPath } from './helpers.js';

describe('SSM parameters written and read by stacks of the run', () => {
  const g = graphOf(addCloudFormation, ['ssm/network.yaml', 'ssm/reader.yaml'].map(fixture));
  const attr = (id: string, name: string): unknown => plain(nodeOf(g, `ssm/reader.yaml#${id}`).attrs[name]);

  it.each([
    // The parameter's default is the name; its value is what network.yaml writes under that name.
    ['ByTypedParameter', 'target', { ref: 'ssm/network.yaml#Vpc.Ref' }],
    ['ByTypedParameter', 'logGroupName', 'core'],
    // A version suffix (`:2`) still names the parameter; a reference inside a longer string is one part of it.
    ['ByDynamicReference', 'target', { ref: 'ssm/network.yaml#Vpc.Ref' }],
    ['ByDynamicReference', 'logGroupName', { template: ['/vpc/core/', { unknown: 'AWS::Region is only known at deploy time', pattern: '*' }] }],
    ['ByDynamicReference', 'trafficType', { unknown: '{{resolve:secretsmanager:traffic:SecretString:type}} is resolved by CloudFormation at deploy time' }],
    // `/${AWS::StackName}/vpc-id` may be `/network-stack/vpc-id`: possibly that VPC, not certainly.
    [
      'ByPattern',
      'target',
      { unknown: 'SSM parameter /network-stack/vpc-id is read at deploy time; it may be written by StackScopedParameter in ssm/network.yaml' },
    ],
    ['ByPattern', 'logGroupName', { unknown: 'parameter Unpublished is read from SSM parameter /prod/network/not-written at deploy time; no AWS::SSM::Parameter of this run is named so' }],
    // A `List<…>` parameter reads a `StringList` parameter as its list.
    ['BySubnetList', 'target', 'subnet-4e5f6a7b'],
    ['ByPattern', 'trafficType', { unknown: 'SSM parameter /twice is read at deploy time; it may be written by DuplicateA in ssm/network.yaml, DuplicateB in ssm/network.yaml' }],
  ])('%s.%s', (id, name, expected) => {
    expect(attr(id, name)).toEqual(expected);
  });

  it('keeps what a partly known name may be, so the VPC is a possible target', () => {
    const target = nodeOf(g, 'ssm/reader.yaml#ByPattern').attrs['target']!;
    expect(target.t === 'unknown' && target.mayBe).toEqual(['ssm/network.yaml#Vpc']);
  });

  it('points a joined value at where it is read, with where it is written as its origin', () => {
    const target = nodeOf(g, 'ssm/reader.yaml#ByDynamicReference').attrs['target']!;
    expect(spanPath(target.span)).toBe('Resources.ByDynamicReference.Properties.ResourceId');
    expect(target.origin?.map(spanPath)).toEqual(['Resources.VpcIdParameter.Properties.Value']);
  });
});
