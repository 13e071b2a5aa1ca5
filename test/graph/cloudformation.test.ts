/**
 * CloudFormation adapter, one template at a time: kinds, attributes, edges and the intrinsics of
 * SPEC §2, on realistic fixtures under `fixtures/graph/cloudformation/`.
 */
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import { PRESENT, type ResourceGraph } from '../../src/graph/model.js';
import { fixture, graphOf, nodeOf, parseDocument, plain, spanPath } from './helpers.js';

const graphs = new Map<string, ResourceGraph>();
function graph(file: string): ResourceGraph {
  let g = graphs.get(file);
  if (!g) graphs.set(file, (g = graphOf(addCloudFormation, [fixture(file)])));
  return g;
}

const ANY = { unknown: 'only known at deploy time', pattern: '*' };
const pseudo = (name: string): unknown => ({ unknown: `${name} is only known at deploy time`, pattern: '*' });

describe('kinds', () => {
  it.each([
    ['VPC', 'vpc', 'AWS::EC2::VPC'],
    ['Subnet', 'subnet', 'AWS::EC2::Subnet'],
    ['Eni', 'network-interface', 'AWS::EC2::NetworkInterface'],
    ['Tgw', 'transit-gateway', 'AWS::EC2::TransitGateway'],
    ['Attachment', 'transit-gateway-attachment', 'AWS::EC2::TransitGatewayVpcAttachment'],
    ['FlowLog', 'flow-log', 'AWS::EC2::FlowLog'],
    ['FlowLogGroup', 'log-group', 'AWS::Logs::LogGroup'],
    ['FlowLogRole', 'iam-role', 'AWS::IAM::Role'],
    ['ExtraPolicy', 'iam-policy', 'AWS::IAM::Policy'],
    ['ReadOnly', 'iam-managed-policy', 'AWS::IAM::ManagedPolicy'],
    ['LogBucket', 's3-bucket', 'AWS::S3::Bucket'],
    ['Stream', 'firehose-stream', 'AWS::KinesisFirehose::DeliveryStream'],
    ['Handler', 'lambda-function', 'AWS::Lambda::Function'],
    ['SamHandler', 'lambda-function', 'AWS::Serverless::Function'],
    ['Task', 'ecs-task-definition', 'AWS::ECS::TaskDefinition'],
    ['Gateway', 'other', 'AWS::EC2::InternetGateway'],
    // A custom resource's function is outside the run: one that says it makes flow logs is a
    // consumer that may use what it is handed; any other is handed a VPC only to read it.
    ['Custom', 'stack', 'Custom::VpcFlowLogs'],
    ['Lookup', 'other', 'Custom::Thing'],
  ])('%s is a %s node', (id, kind, type) => {
    const node = nodeOf(graph('refs.yaml'), `refs.yaml#${id}`);
    expect(node).toMatchObject({ id, kind, type, file: 'refs.yaml', existence: { state: 'present' } });
    expect(spanPath(node.span)).toBe(`Resources.${id} (key)`);
  });

  it('gives other kinds no attributes', () => {
    expect(nodeOf(graph('refs.yaml'), 'refs.yaml#Gateway').attrs).toEqual({});
  });

  it("gives a custom resource its properties as inputs, never resolved", () => {
    const attrs = nodeOf(graph('refs.yaml'), 'refs.yaml#Custom').attrs;
    expect(plain(attrs['inputs'])).toEqual({ Target: { ref: 'refs.yaml#VPC.Ref' } });
    expect(plain(attrs['resolved'])).toBe(false);
  });
});

/** [fixture, resource, attribute, expected plain value, span path of the value, origin span paths] */
type Row = [string, string, string, unknown, string?, string[]?];

const attributeRows: Row[] = [
  // Ref / GetAtt
  ['refs.yaml', 'FlowLog', 'targetType', 'VPC'],
  ['refs.yaml', 'FlowLog', 'target', { ref: 'refs.yaml#VPC.Ref' }, 'Resources.FlowLog.Properties.ResourceId'],
  ['refs.yaml', 'FlowLog', 'trafficType', 'ALL'],
  ['refs.yaml', 'FlowLog', 'logGroupName', { ref: 'refs.yaml#FlowLogGroup.Ref' }],
  ['refs.yaml', 'FlowLog', 'deliveryRole', { ref: 'refs.yaml#FlowLogRole.Arn' }],
  ['refs.yaml', 'SubnetFlowLog', 'destinationType', 's3'],
  ['refs.yaml', 'SubnetFlowLog', 'destination', { ref: 'refs.yaml#LogBucket.Arn' }],
  ['refs.yaml', 'FlowLogGroup', 'retentionDays', 365],
  ['refs.yaml', 'FlowLogRole', 'managedPolicies', [{ ref: 'refs.yaml#ReadOnly.Ref' }]],
  ['refs.yaml', 'ExtraPolicy', 'roles', [{ ref: 'refs.yaml#FlowLogRole.Ref' }]],
  ['refs.yaml', 'ExtraPolicy', 'document', { Version: '2012-10-17', Statement: [] }],
  ['refs.yaml', 'Handler', 'role', { ref: 'refs.yaml#FlowLogRole.Arn' }],
  ['refs.yaml', 'SamHandler', 'role', 'arn:aws:iam::123456789012:role/network/vpc-flow-logs'],
  ['refs.yaml', 'Task', 'taskRole', { ref: 'refs.yaml#FlowLogRole.Ref' }],
  ['refs.yaml', 'Task', 'executionRole', { ref: 'refs.yaml#FlowLogRole.Arn' }],
  // parameters with defaults (origin = the Default), lists, mappings
  ['parameters.yaml', 'FromParam', 'retentionDays', 400, 'Resources.FromParam.Properties.RetentionInDays', ['Parameters.Retention.Default']],
  ['parameters.yaml', 'FlowLog', 'trafficType', 'REJECT', 'Resources.FlowLog.Properties.TrafficType', ['Parameters.Traffic.Default']],
  ['parameters.yaml', 'FlowLog', 'target', 'subnet-2', 'Resources.FlowLog.Properties.ResourceId', ['Parameters.Subnets.Default']],
  ['parameters.yaml', 'FromMapping', 'retentionDays', 731, undefined, ['Mappings.EnvMap.prod.Retention']],
  ['parameters.yaml', 'FromRegionMapping', 'retentionDays', 90, undefined, ['Mappings.RegionMap.us-east-1.Retention', 'Mappings.RegionMap.eu-west-1.Retention']],
  ['parameters.yaml', 'FromMappingDefault', 'retentionDays', 14, 'Resources.FromMappingDefault.Properties.RetentionInDays'],
  ['parameters.yaml', 'FromMappingMissing', 'retentionDays', { unknown: 'mapping EnvMap has no entry staging/Retention' }],
  ['parameters.yaml', 'FromNoDefault', 'retentionDays', { unknown: 'parameter NoDefault has no default' }, undefined, ['Parameters.NoDefault']],
  ['parameters.yaml', 'FromSsm', 'retentionDays', { unknown: 'parameter AmiId is read from SSM parameter /aws/service/ami at deploy time; no AWS::SSM::Parameter of this run is named so' }],
  ['parameters.yaml', 'FromUndefined', 'retentionDays', { unknown: 'no parameter or resource named Nowhere' }],
  ['parameters.yaml', 'FlowLog', 'destinationType', undefined],
  // Sub (both forms, pseudo parameters, escapes), Join, Select, Split
  ['strings.json', 'SubArnFlowLog', 'deliveryRole', { template: ['arn:', pseudo('AWS::Partition'), ':iam::', pseudo('AWS::AccountId'), ':role/', { ref: 'strings.json#FlowRole.Ref' }] }],
  ['strings.json', 'SubArnFlowLog', 'destination', { template: ['arn:', pseudo('AWS::Partition'), ':logs:', pseudo('AWS::Region'), ':', pseudo('AWS::AccountId'), ':log-group:', { ref: 'strings.json#Group.Ref' }] }],
  ['strings.json', 'SubArnFlowLog', 'logGroupName', '${Literal}-flow'],
  ['strings.json', 'JoinFlowLog', 'deliveryRole', { ref: 'strings.json#FlowRole.Arn' }],
  ['strings.json', 'JoinFlowLog', 'destination', { template: ['arn:aws:s3:::', { ref: 'strings.json#Bucket.Ref' }, '/flow/'] }],
  ['strings.json', 'JoinFlowLog', 'logGroupName', 'alpha/beta/gamma'],
  ['strings.json', 'JoinFlowLog', 'target', 'vpc-c'],
  ['strings.json', 'JoinFlowLog', 'trafficType', 'REJECT'],
  ['strings.json', 'JoinFlowLog', 'crossAccountRole', { unknown: 'Fn::Select index 5 is out of range' }],
  ['strings.json', 'Unsupported', 'target', { unknown: 'flowguard does not evaluate Fn::Base64' }],
  ['strings.json', 'Unsupported', 'trafficType', { unknown: 'flowguard does not evaluate Fn::GetAZs' }],
  ['strings.json', 'Unsupported', 'logGroupName', { unknown: 'Fn::Sub needs a string and a map of variables' }],
  ['strings.json', 'Unsupported', 'destination', { unknown: 'flowguard does not evaluate Fn::Cidr', pattern: '*' }],
  // Fn::If on conditions evaluated with default parameter values
  ['conditions.yaml', 'ProdFlowLog', 'trafficType', 'ALL', 'Resources.ProdFlowLog.Properties.TrafficType.Fn::If.1'],
  ['conditions.yaml', 'DevFlowLog', 'trafficType', 'REJECT'],
  ['conditions.yaml', 'Combined', 'trafficType', 'REJECT'],
  ['conditions.yaml', 'Combined', 'logGroupName', 'zero'],
  ['conditions.yaml', 'OwnerFlowLog', 'trafficType', { unknown: 'condition HasOwner cannot be evaluated: parameter Owner has no default' }],
  ['conditions.yaml', 'OwnerFlowLog', 'logGroupName', { unknown: 'condition ProdAndOwner cannot be evaluated: parameter Owner has no default' }],
  ['conditions.yaml', 'Combined', 'deliveryRole', { unknown: 'condition Missing cannot be evaluated: no condition named Missing' }],
];

describe('attributes', () => {
  it.each(attributeRows)('%s %s.%s', (file, id, attr, expected, spanAt, origins) => {
    const node = nodeOf(graph(file), `${file}#${id}`);
    const value = node.attrs[attr];
    expect(plain(value)).toEqual(expected);
    if (value && spanAt) expect(spanPath(value.span)).toBe(spanAt);
    if (value && origins) expect((value.origin ?? []).map(spanPath)).toEqual(origins);
    if (value) expect(spanPath(node.attrKeySpans[attr]!)).toMatch(/^Resources\.\w+\.Properties\.\w+ \(key\)$/);
  });
});

describe('IAM documents', () => {
  it('keeps object trust policies as object trees', () => {
    const role = nodeOf(graph('refs.yaml'), 'refs.yaml#FlowLogRole');
    expect(plain(role.attrs['trustPolicy'])).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(plain(role.attrs['inlinePolicies'])).toEqual([
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { ref: 'refs.yaml#FlowLogGroup.Arn' } }],
      },
    ]);
  });

  it('parses a trust policy given as a JSON string', () => {
    const role = nodeOf(graph('strings.json'), 'strings.json#FlowRole');
    expect(plain(role.attrs['trustPolicy'])).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('parses a !Sub-built JSON policy, keeping placeholders as template parts, and drops AWS::NoValue items', () => {
    const role = nodeOf(graph('strings.json'), 'strings.json#FlowRole');
    expect(plain(role.attrs['inlinePolicies'])).toEqual([
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'logs:PutLogEvents',
            Resource: { template: ['arn:aws:logs:*:', pseudo('AWS::AccountId'), ':log-group:flow-*'] },
          },
        ],
      },
    ]);
  });

  it('makes a trust policy string that is not JSON unknown', () => {
    const role = nodeOf(graph('strings.json'), 'strings.json#BrokenTrust');
    expect(plain(role.attrs['trustPolicy'])).toEqual({ unknown: 'policy document is a string that is not valid JSON' });
  });
});

describe('names', () => {
  it.each([
    ['refs.yaml', 'FlowLogRole', ['vpc-flow-logs', { template: ['arn:', ANY, ':iam::', ANY, ':role/network/vpc-flow-logs'] }]],
    [
      'refs.yaml',
      'FlowLogGroup',
      [
        '/vpc/flow-logs',
        { template: ['arn:', ANY, ':logs:', ANY, ':', ANY, ':log-group:/vpc/flow-logs'] },
        { template: ['arn:', ANY, ':logs:', ANY, ':', ANY, ':log-group:/vpc/flow-logs:*'] },
      ],
    ],
    ['refs.yaml', 'Stream', ['flow-stream', { template: ['arn:', ANY, ':firehose:', ANY, ':', ANY, ':deliverystream/flow-stream'] }]],
    // Generated names: found through references only.
    ['refs.yaml', 'LogBucket', []],
    ['refs.yaml', 'ReadOnly', []],
    ['strings.json', 'FlowRole', []],
    ['refs.yaml', 'VPC', []],
    // Partly known names.
    [
      'strings.json',
      'Group',
      [
        { template: ['/flow/', pseudo('AWS::Region'), '/vpc'] },
        { template: ['arn:', ANY, ':logs:', ANY, ':', ANY, ':log-group:/flow/', pseudo('AWS::Region'), '/vpc'] },
        { template: ['arn:', ANY, ':logs:', ANY, ':', ANY, ':log-group:/flow/', pseudo('AWS::Region'), '/vpc:*'] },
      ],
    ],
    [
      'strings.json',
      'Bucket',
      [
        { template: ['flow-logs-', pseudo('AWS::AccountId')] },
        { template: ['arn:', ANY, ':s3:::flow-logs-', pseudo('AWS::AccountId')] },
        { template: ['arn:', ANY, ':s3:::flow-logs-', pseudo('AWS::AccountId'), '/', ANY] },
      ],
    ],
    // A name with no known part gives no ARN (it would match every log group).
    ['parameters.yaml', 'FromRegionMappingDisagree', [{ unknown: 'mapping key is not known: AWS::Region is only known at deploy time' }]],
  ])('%s %s', (file, id, names) => {
    expect(nodeOf(graph(file), `${file}#${id}`).names.map(plain)).toEqual(names);
  });
});

describe('existence', () => {
  it.each([
    ['ProdFlowLog', { state: 'present' }],
    ['VPC', { state: 'present' }],
    ['DevFlowLog', { state: 'absent', why: 'condition NotProd is false with default parameter values' }],
    ['OwnerFlowLog', { state: 'unknown', why: 'condition HasOwner cannot be evaluated: parameter Owner has no default' }],
    ['Combined', { state: 'present' }],
    ['Undeclared', { state: 'unknown', why: 'condition Missing cannot be evaluated: no condition named Missing' }],
    ['BadCondition', { state: 'unknown', why: 'Condition must name a condition' }],
  ])('%s', (id, expected) => {
    const { existence } = nodeOf(graph('conditions.yaml'), `conditions.yaml#${id}`);
    expect(existence).toMatchObject(expected);
    if (existence.state !== 'present') expect(spanPath(existence.span!)).toBe(`Resources.${id}.Condition`);
  });

  it('is one shared object for every resource that is present, unconditionally or by a true condition', () => {
    // A template of 100,000 resources kept 100,000 copies of `{ state: 'present' }` (issue 5).
    const present = ['ProdFlowLog', 'VPC', 'Combined'].map((id) => nodeOf(graph('conditions.yaml'), `conditions.yaml#${id}`).existence);
    for (const existence of present) expect(existence).toBe(PRESENT);
  });
});

describe('edges', () => {
  it.each([
    ['refs.yaml', ['Attachment --vpc--> VPC', 'Custom --inputs.Target--> VPC', 'ExtraPolicy --roles[0]--> FlowLogRole', 'FlowLog --deliveryRole--> FlowLogRole', 'FlowLog --logGroupName--> FlowLogGroup', 'FlowLog --target--> VPC', 'FlowLogRole --inlinePolicies[0].Statement[0].Resource--> FlowLogGroup', 'FlowLogRole --managedPolicies[0]--> ReadOnly', 'Handler --role--> FlowLogRole', 'Subnet --vpc--> VPC', 'SubnetFlowLog --destination--> LogBucket', 'SubnetFlowLog --target--> Subnet', 'Task --executionRole--> FlowLogRole', 'Task --taskRole--> FlowLogRole']],
    ['strings.json', ['JoinFlowLog --deliveryRole--> FlowRole', 'JoinFlowLog --destination--> Bucket', 'SubArnFlowLog --deliveryRole--> FlowRole', 'SubArnFlowLog --destination--> Group']],
    ['conditions.yaml', ['DevFlowLog --target--> VPC', 'OwnerFlowLog --target--> VPC', 'ProdFlowLog --target--> VPC']],
  ])('%s', (file, expected) => {
    const short = (uid: string): string => uid.slice(uid.indexOf('#') + 1);
    const edges = graph(file).edges.map((e) => `${short(e.from)} --${e.via}--> ${short(e.to)}`).sort();
    expect(edges).toEqual(expected);
  });

  it('points the flow log → VPC edge at ResourceId', () => {
    const [edge] = graph('refs.yaml').incoming('refs.yaml#VPC').filter((e) => e.from === 'refs.yaml#FlowLog');
    expect(spanPath(edge!.span)).toBe('Resources.FlowLog.Properties.ResourceId');
  });
});

describe('Fn::GetAtt attributes that are not the resource itself', () => {
  const doc = parseDocument(
    't.yaml',
    [
      'Resources:',
      '  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }',
      '  Subnet: { Type: AWS::EC2::Subnet, Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24 } }',
      '  ViaSubnet: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !GetAtt Subnet.VpcId } }',
      '  ViaCidr: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !GetAtt Vpc.CidrBlock } }',
      '  ViaGroup: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !GetAtt Vpc.DefaultSecurityGroup } }',
      '  ViaVpcId: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !GetAtt Vpc.VpcId } }',
      '',
    ].join('\n'),
  );
  const g = graphOf(addCloudFormation, [doc]);
  it.each([
    // A subnet's VpcId is the property it was given: the VPC.
    ['ViaSubnet', { ref: 't.yaml#Vpc.Ref' }],
    ['ViaCidr', '10.0.0.0/16'],
    ['ViaGroup', { unknown: "Vpc.DefaultSecurityGroup is known only at deploy time (it is not the VPC's id)" }],
    ['ViaVpcId', { ref: 't.yaml#Vpc.VpcId' }],
  ])('%s', (id, expected) => {
    expect(plain(nodeOf(g, `t.yaml#${id}`).attrs['target'])).toEqual(expected);
  });
});
