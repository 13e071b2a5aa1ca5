/**
 * Links between templates of one run: `Fn::ImportValue` ↔ `Export.Name`, and nested stacks with a
 * local `TemplateURL` (SPEC §2: "a flow log in another file of the same run counts").
 */
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import { fixture, graphOf, nodeOf, parseDocument, plain, spanPath } from './helpers.js';

const short = (uid: string): string => uid.replace(/^.*\//, '');
const edgesOf = (g: ResourceGraph): string[] => g.edges.map((e) => `${short(e.from)} --${e.via}--> ${short(e.to)}`).sort();

describe('Fn::ImportValue', () => {
  const g = graphOf(addCloudFormation, ['exports/flowlogs.yaml', 'exports/network.yaml'].map(fixture));
  const attr = (id: string, name: string): unknown => plain(nodeOf(g, `exports/flowlogs.yaml#${id}`).attrs[name]);

  it.each([
    ['SharedFlowLog', 'target', { ref: 'exports/network.yaml#VPC.Ref' }],
    ['SharedFlowLog', 'deliveryRole', { ref: 'exports/network.yaml#FlowRole.Arn' }],
    ['SharedFlowLog', 'logGroupName', '10.1.0.0/16'],
    [
      'PatternFlowLog',
      'target',
      { unknown: 'imported export name *-OtherVpcId is not fully known: parameter NetworkStack has no default', pattern: '*-OtherVpcId' },
    ],
    [
      'NamedFlowLog',
      'target',
      { unknown: 'no export named network-OtherVpcId in this run; it may be *-OtherVpcId in exports/network.yaml', pattern: 'network-OtherVpcId' },
    ],
    ['MissingFlowLog', 'target', { unknown: 'no export named legacy-VpcId in this run', pattern: 'legacy-VpcId' }],
  ])('%s.%s', (id, name, expected) => {
    expect(attr(id, name)).toEqual(expected);
  });

  it('links the importing flow log to the exported VPC in the other file', () => {
    expect(edgesOf(g)).toEqual(['flowlogs.yaml#SharedFlowLog --deliveryRole--> network.yaml#FlowRole', 'flowlogs.yaml#SharedFlowLog --target--> network.yaml#VPC']);
    const target = nodeOf(g, 'exports/flowlogs.yaml#SharedFlowLog').attrs['target']!;
    expect(spanPath(target.span)).toBe('Resources.SharedFlowLog.Properties.ResourceId');
    expect(target.origin?.map(spanPath)).toEqual(['Outputs.VpcId.Value']);
  });

  it.each([
    ['PatternFlowLog', ['exports/network.yaml#OtherVPC']],
    ['NamedFlowLog', ['exports/network.yaml#OtherVPC']],
    ['MissingFlowLog', undefined],
  ])('lists the resources %s may import (mayBe)', (id, mayBe) => {
    const target = nodeOf(g, `exports/flowlogs.yaml#${id}`).attrs['target'];
    expect(target?.t === 'unknown' && target.mayBe).toEqual(mayBe);
  });

  it('makes an import with no known name part possibly any export', () => {
    const user = parseDocument('user.yaml', 'Parameters: { Name: { Type: String } }\nResources: { F: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !ImportValue { Ref: Name } } } }\n');
    const g2 = graphOf(addCloudFormation, [user, fixture('exports/network.yaml')]);
    expect(nodeOf(g2, 'user.yaml#F').attrs['target']).toMatchObject({
      t: 'unknown',
      pattern: '*',
      mayBe: ['exports/network.yaml#FlowRole', 'exports/network.yaml#OtherVPC', 'exports/network.yaml#VPC'],
    });
  });

  it('does not care about document order', () => {
    const reversed = graphOf(addCloudFormation, ['exports/network.yaml', 'exports/flowlogs.yaml'].map(fixture));
    expect(edgesOf(reversed)).toEqual(edgesOf(g));
  });

  it('leaves an import unknown when two templates export the same name', () => {
    const net2 = parseDocument('exports/network-copy.yaml', 'Resources: { V: { Type: AWS::EC2::VPC } }\nOutputs: { O: { Value: !Ref V, Export: { Name: shared-VpcId } } }\n');
    const g2 = graphOf(addCloudFormation, [fixture('exports/flowlogs.yaml'), fixture('exports/network.yaml'), net2]);
    expect(plain(nodeOf(g2, 'exports/flowlogs.yaml#SharedFlowLog').attrs['target'])).toEqual({
      unknown: 'export shared-VpcId is defined in several templates (exports/network-copy.yaml, exports/network.yaml)',
      pattern: 'shared-VpcId',
    });
    expect(nodeOf(g2, 'exports/flowlogs.yaml#SharedFlowLog').attrs['target']).toMatchObject({ mayBe: ['exports/network-copy.yaml#V', 'exports/network.yaml#VPC'] });
  });

  it('ignores exports of outputs whose condition is false by default', () => {
    const net = parseDocument(
      'net.yaml',
      'Conditions: { Never: !Equals [a, b] }\nResources: { V: { Type: AWS::EC2::VPC } }\nOutputs: { O: { Condition: Never, Value: !Ref V, Export: { Name: vpc } } }\n',
    );
    const user = parseDocument('user.yaml', 'Resources: { F: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !ImportValue vpc } } }\n');
    const g2 = graphOf(addCloudFormation, [net, user]);
    expect(plain(nodeOf(g2, 'user.yaml#F').attrs['target'])).toEqual({ unknown: 'no export named vpc in this run', pattern: 'vpc' });
  });
});

describe('nested stacks', () => {
  const files = ['nested/parent.yaml', 'nested/children/flowlog.yaml', 'nested/children/dev.yaml'];
  const g = graphOf(addCloudFormation, files.map(fixture));
  const node = (uid: string) => nodeOf(g, `nested/${uid}`);

  it('passes the parent VPC Ref into the child flow log', () => {
    const target = node('children/flowlog.yaml#FlowLog').attrs['target']!;
    expect(plain(target)).toEqual({ ref: 'nested/parent.yaml#VPC.Ref' });
    expect(spanPath(target.span)).toBe('Resources.FlowLog.Properties.ResourceId');
    expect(target.origin?.map(spanPath)).toEqual(['Resources.FlowLogs.Properties.Parameters.VpcId']);
    expect(g.incoming('nested/parent.yaml#VPC').map((e) => `${short(e.from)} --${e.via}`).sort()).toEqual([
      'dev.yaml#DevFlowLog --target',
      'flowlog.yaml#FlowLog --target',
      'parent.yaml#DevFlowLogs --inputs.VpcId',
      'parent.yaml#FlowLogs --inputs.VpcId',
      'parent.yaml#Probe --target',
      'parent.yaml#Remote --inputs.VpcId',
    ]);
  });

  it.each([
    ['children/flowlog.yaml#FlowLog', 'trafficType', 'REJECT'],
    ['children/flowlog.yaml#Group', 'retentionDays', 30],
    ['parent.yaml#Probe', 'target', { ref: 'nested/parent.yaml#VPC.Ref' }],
    ['parent.yaml#Probe', 'logGroupName', { ref: 'nested/children/flowlog.yaml#Group.Ref' }],
    ['parent.yaml#Probe', 'destination', { unknown: 'no output named Nothing in nested/children/flowlog.yaml' }],
    ['parent.yaml#Probe', 'deliveryRole', { unknown: 'output RoleArn of nested stack Remote is not known: its template is not in the run' }],
    ['parent.yaml#FlowLogs', 'resolved', true],
    ['parent.yaml#FlowLogs', 'inputs', { VpcId: { ref: 'nested/parent.yaml#VPC.Ref' }, Traffic: 'REJECT' }],
    ['parent.yaml#Remote', 'resolved', false],
    ['parent.yaml#Remote', 'inputs', { VpcId: { ref: 'nested/parent.yaml#VPC.Ref' } }],
    ['parent.yaml#MissingLocal', 'resolved', false],
    ['parent.yaml#MissingLocal', 'inputs', undefined],
  ])('%s %s', (uid, attr, expected) => {
    expect(plain(node(uid).attrs[attr])).toEqual(expected);
  });

  it('makes child resources absent when the parent stack is absent', () => {
    expect(node('parent.yaml#DevFlowLogs').existence).toMatchObject({ state: 'absent' });
    const { existence } = node('children/dev.yaml#DevFlowLog');
    expect(existence).toMatchObject({
      state: 'absent',
      why: 'nested stack DevFlowLogs (nested/parent.yaml) does not exist: condition IsDev is false with default parameter values',
    });
    expect(existence.state === 'absent' && existence.span.file).toBe('nested/parent.yaml');
    expect(node('children/flowlog.yaml#FlowLog').existence).toEqual({ state: 'present' });
  });

  it('makes child resources unknown when the parent stack may not exist', () => {
    const parent = parseDocument('p.yaml', 'Parameters: { On: { Type: String } }\nConditions: { IsOn: !Equals [!Ref On, yes] }\nResources:\n  S: { Type: AWS::CloudFormation::Stack, Condition: IsOn, Properties: { TemplateURL: c.yaml } }\n');
    const child = parseDocument('c.yaml', 'Resources: { F: { Type: AWS::EC2::FlowLog } }\n');
    const g2 = graphOf(addCloudFormation, [parent, child]);
    expect(nodeOf(g2, 'c.yaml#F').existence).toMatchObject({
      state: 'unknown',
      why: 'nested stack S (p.yaml) may not exist: condition IsOn cannot be evaluated: parameter On has no default',
    });
  });

  it('falls back to the child default for parameters the parent does not pass, and to unknown without one', () => {
    const parent = parseDocument('p.yaml', 'Resources:\n  S: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ./c.yaml, Parameters: { Days: "7" } } }\n');
    const child = parseDocument(
      'c.yaml',
      'Parameters: { Days: { Type: Number, Default: 30 }, Other: { Type: Number, Default: 90 }, Vpc: { Type: String } }\nResources:\n  A: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: !Ref Days } }\n  B: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: !Ref Other } }\n  F: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !Ref Vpc } }\n',
    );
    const g2 = graphOf(addCloudFormation, [child, parent]);
    expect(plain(nodeOf(g2, 'c.yaml#A').attrs['retentionDays'])).toBe(7);
    expect(plain(nodeOf(g2, 'c.yaml#B').attrs['retentionDays'])).toBe(90);
    expect(plain(nodeOf(g2, 'c.yaml#F').attrs['target'])).toEqual({ unknown: 'parameter Vpc has no default' });
  });

  it('takes the first parent in file order when a child template is used twice', () => {
    const mk = (file: string, vpc: string) =>
      parseDocument(file, `Resources:\n  S: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: shared/c.yaml, Parameters: { Vpc: ${vpc} } } }\n`);
    const child = parseDocument('shared/c.yaml', 'Parameters: { Vpc: { Type: String } }\nResources: { F: { Type: AWS::EC2::FlowLog, Properties: { ResourceId: !Ref Vpc } } }\n');
    const g2 = graphOf(addCloudFormation, [mk('b.yaml', 'vpc-b'), child, mk('a.yaml', 'vpc-a')]);
    expect(plain(nodeOf(g2, 'shared/c.yaml#F').attrs['target'])).toBe('vpc-a');
    expect(plain(nodeOf(g2, 'a.yaml#S').attrs['resolved'])).toBe(true);
    // b.yaml's stack passes vpc-b, which the graph's one copy of the child does not have: it is opaque.
    expect(plain(nodeOf(g2, 'b.yaml#S').attrs['resolved'])).toBe(false);
    expect(plain(nodeOf(g2, 'b.yaml#S').attrs['opaque'])).toBe('its template shared/c.yaml is checked with the parameters `S` of a.yaml passes, not with these');
  });

  it.each([
    ['""', 'its TemplateURL is empty, so it names no template'],
    ['5', 'its TemplateURL is 5, neither a path nor a URL, so it names no template'],
    ['[a.yaml]', 'its TemplateURL is ["a.yaml"], neither a path nor a URL, so it names no template'],
    ['null', 'its TemplateURL is null, neither a path nor a URL, so it names no template'],
    ['"https://${B}.s3.amazonaws.com/c.yaml"', 'its TemplateURL is a URL (https://${B}.s3.amazonaws.com/c.yaml), and flowguard reads templates from disk only'],
    ['!Sub "https://${B}.s3.amazonaws.com/c.yaml"', 'its TemplateURL is a URL (https://${B}.s3.amazonaws.com/c.yaml, completed when the stack is deployed), and flowguard reads templates from disk only'],
    ['!Ref B', 'its TemplateURL is made when the stack is deployed (Ref), so which template it names is not known here'],
  ])('says why a TemplateURL written %s names no template of the run', (url, why) => {
    // A literal is written as is: "made when the stack is deployed" would be wrong of it.
    const parent = parseDocument('p.yaml', `Parameters: { B: { Type: String } }\nResources:\n  S: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ${url} } }\n`);
    expect(plain(nodeOf(graphOf(addCloudFormation, [parent]), 'p.yaml#S').attrs['opaque'])).toBe(why);
  });

  it('does not follow a nested stack that includes its own ancestor', () => {
    const a = parseDocument('a.yaml', 'Resources:\n  Down: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: b.yaml } }\n');
    const b = parseDocument('b.yaml', 'Resources:\n  Up: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: a.yaml } }\n');
    const g2 = graphOf(addCloudFormation, [a, b]);
    expect(plain(nodeOf(g2, 'a.yaml#Down').attrs['resolved'])).toBe(true);
    expect(plain(nodeOf(g2, 'b.yaml#Up').attrs['opaque'])).toBe('its template a.yaml includes this one (a cycle of nested stacks)');
  });

  it('knows the outputs of only the stack resource whose parameters the shared child was checked with', () => {
    const parent = parseDocument(
      'p.yaml',
      [
        'Resources:',
        '  First: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: c.yaml, Parameters: { Days: 30 } } }',
        '  Second: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: ./c.yaml, Parameters: { Days: 400 } } }',
        '  One: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: !GetAtt First.Outputs.Days } }',
        '  Two: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: !GetAtt Second.Outputs.Days } }',
        '',
      ].join('\n'),
    );
    const child = parseDocument('c.yaml', 'Parameters: { Days: { Type: Number } }\nResources: { G: { Type: AWS::Logs::LogGroup } }\nOutputs: { Days: { Value: !Ref Days } }\n');
    const g2 = graphOf(addCloudFormation, [parent, child]);
    expect(plain(nodeOf(g2, 'p.yaml#One').attrs['retentionDays'])).toBe(30);
    expect(plain(nodeOf(g2, 'p.yaml#Two').attrs['retentionDays'])).toEqual({
      unknown: 'output Days of nested stack Second is not known: its template c.yaml is checked with the parameters `First` passes, not with these',
    });
  });
});
