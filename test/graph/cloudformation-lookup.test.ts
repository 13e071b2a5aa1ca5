/**
 * The names and `mayBe` links the adapter produces, read the way the rules read them (`linkOf` in
 * graph/lookup.ts): a flow log's role ARN, destination, log group name or imported VPC id resolves
 * to the node it names.
 */
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import { linkOf } from '../../src/graph/lookup.js';
import type { ResourceKind, RValue } from '../../src/graph/model.js';
import { fixture, graphOf, nodeOf, parseDocument } from './helpers.js';

const g = graphOf(addCloudFormation, ['refs.yaml', 'strings.json', 'exports/network.yaml', 'exports/flowlogs.yaml'].map(fixture));
const span = { file: 'x', start: 0, end: 0 };
const literal = (value: string): RValue => ({ t: 'scalar', value, span });
const attr = (uid: string, name: string) => (): RValue => nodeOf(g, uid).attrs[name]!;

function linked(value: RValue, kinds: ResourceKind[]): string {
  const link = linkOf(g, value, kinds);
  if (link.state === 'node' || link.state === 'wrong-kind') return `${link.state} ${link.node.uid}`;
  if (link.state === 'unknown') return `unknown [${link.mayBe.map((n) => n.uid).join(', ')}]`;
  return 'external';
}

describe('values resolve to the nodes they name', () => {
  it.each<[string, () => RValue, ResourceKind[], string]>([
    ['GetAtt Arn', attr('refs.yaml#FlowLog', 'deliveryRole'), ['iam-role'], 'node refs.yaml#FlowLogRole'],
    ['!Sub role ARN with ${FlowRole}', attr('strings.json#SubArnFlowLog', 'deliveryRole'), ['iam-role'], 'node strings.json#FlowRole'],
    ['!Sub log group ARN with ${Name} = Ref', attr('strings.json#SubArnFlowLog', 'destination'), ['log-group'], 'node strings.json#Group'],
    ['!Join bucket ARN with a prefix', attr('strings.json#JoinFlowLog', 'destination'), ['s3-bucket'], 'node strings.json#Bucket'],
    ['literal role ARN with a path', attr('refs.yaml#SamHandler', 'role'), ['iam-role'], 'node refs.yaml#FlowLogRole'],
    ['literal role ARN, other name', () => literal('arn:aws:iam::123456789012:role/other'), ['iam-role'], 'external'],
    ['literal log group ARN with :*', () => literal('arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow-logs:*'), ['log-group'], 'node refs.yaml#FlowLogGroup'],
    ['literal log group name', () => literal('/vpc/flow-logs'), ['log-group'], 'node refs.yaml#FlowLogGroup'],
    ['literal firehose ARN', () => literal('arn:aws:firehose:eu-west-1:123456789012:deliverystream/flow-stream'), ['firehose-stream'], 'node refs.yaml#Stream'],
    ['imported VPC', attr('exports/flowlogs.yaml#SharedFlowLog', 'target'), ['vpc'], 'node exports/network.yaml#VPC'],
    ['imported VPC, import name a glob', attr('exports/flowlogs.yaml#PatternFlowLog', 'target'), ['vpc'], 'unknown [exports/network.yaml#OtherVPC]'],
    ['imported VPC, export name a glob', attr('exports/flowlogs.yaml#NamedFlowLog', 'target'), ['vpc'], 'unknown [exports/network.yaml#OtherVPC]'],
    ['missing export', attr('exports/flowlogs.yaml#MissingFlowLog', 'target'), ['vpc'], 'unknown []'],
  ])('%s', (_, value, kinds, expected) => {
    expect(linked(value(), kinds)).toBe(expected);
  });
});

describe('mayBe', () => {

  it('lists both branches of an Fn::If whose condition is not known', () => {
    const doc = parseDocument(
      'if.yaml',
      'Parameters: { Env: { Type: String } }\nConditions: { Prod: !Equals [!Ref Env, prod] }\nResources:\n  A: { Type: AWS::EC2::VPC }\n  B: { Type: AWS::EC2::VPC }\n  F: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !If [Prod, !Ref A, !Ref B] } }\n',
    );
    const target = nodeOf(graphOf(addCloudFormation, [doc]), 'if.yaml#F').attrs['target'];
    expect(target).toMatchObject({ t: 'unknown', why: 'condition Prod cannot be evaluated: parameter Env has no default', mayBe: ['if.yaml#A', 'if.yaml#B'] });
  });
});
