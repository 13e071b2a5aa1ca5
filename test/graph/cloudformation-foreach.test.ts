/**
 * Fn::ForEach under Resources (AWS::LanguageExtensions): the copies each loop makes, their logical
 * ids and substituted properties (foreach.ts), and where their findings point (the loop's template).
 * The verdicts on a realistic template are in fixtures/cloudformation/vpc-flow-logs/foreach-loops.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import { expandResources } from '../../src/graph/cloudformation/foreach.js';
import { lint } from '../../src/index.js';
import { graphOf, parseDocument } from './helpers.js';

describe('expandResources', () => {
  it('leaves a template without loops as it is', () => {
    const section = { Vpc: { Type: 'AWS::EC2::VPC' } };
    expect(expandResources(section, {}).resources).toBe(section);
  });

  it('makes one copy per element, with ${} and &{} in ids and Fn::Sub, and !Ref of the identifier', () => {
    const { resources, origins, unknownLoops } = expandResources(
      {
        'Fn::ForEach::Topics': [
          'Name',
          ['orders', 'audit-log'],
          { 'Topic&{Name}': { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Name' }, DisplayName: { 'Fn::Sub': '${Name} in ${AWS::Region}' }, Tag: { 'Fn::Sub': 'topic-${Name}' } } } },
        ],
      },
      {},
    );
    expect(resources).toEqual({
      Topicorders: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'orders', DisplayName: { 'Fn::Sub': 'orders in ${AWS::Region}' }, Tag: 'topic-orders' } },
      Topicauditlog: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'audit-log', DisplayName: { 'Fn::Sub': 'audit-log in ${AWS::Region}' }, Tag: 'topic-audit-log' } },
    });
    expect(origins.get('Topicauditlog')).toEqual(['Resources', 'Fn::ForEach::Topics', 2, 'Topic&{Name}']);
    expect(unknownLoops.size).toBe(0);
  });

  it('takes the collection from a parameter default, and nests loops', () => {
    const { resources } = expandResources(
      {
        'Fn::ForEach::Envs': ['Env', { Ref: 'Envs' }, { 'Fn::ForEach::Kinds': ['Kind', ['A', 'B'], { '${Env}${Kind}': { Type: 'AWS::SNS::Topic' } }] }],
      },
      { Envs: { Type: 'CommaDelimitedList', Default: 'dev, prod' } },
    );
    expect(Object.keys(resources)).toEqual(['devA', 'devB', 'prodA', 'prodB']);
  });

  it('takes the collection from a list in Mappings, or the DefaultValue of a Fn::FindInMap', () => {
    const mappings = { Net: { Vpcs: { Names: ['app-a', 'app-b'] } } };
    const loop = (lookup: unknown) => ({ 'Fn::ForEach::Vpcs': ['Name', { 'Fn::FindInMap': lookup }, { 'Vpc&{Name}': { Type: 'AWS::EC2::VPC' } }] });
    const found = expandResources(loop(['Net', 'Vpcs', 'Names']), {}, undefined, mappings);
    expect(Object.keys(found.resources)).toEqual(['Vpcappa', 'Vpcappb']);
    expect(found.unknownLoops.size).toBe(0);
    const fallback = expandResources(loop(['Net', 'Vpcs', 'Other', { DefaultValue: ['c'] }]), {}, undefined, mappings);
    expect(Object.keys(fallback.resources)).toEqual(['Vpcc']);
    const missing = expandResources(loop(['Net', 'Vpcs', 'Other']), {}, undefined, mappings);
    expect(missing.unknownLoops.get('Vpc${Name}')).toBe(
      'it is made by Fn::ForEach::Vpcs for each element of a collection that comes from Fn::FindInMap [Net, Vpcs, Other], which is not in the template\'s Mappings',
    );
  });

  it('names copies with Ref and GetAtt of a Fn::Sub id, and lets a Sub variable shadow the identifier', () => {
    const { resources } = expandResources(
      {
        'Fn::ForEach::X': [
          'Env',
          ['dev'],
          {
            'Log${Env}': { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: { Ref: { 'Fn::Sub': 'Vpc${Env}' } }, Role: { 'Fn::GetAtt': [{ 'Fn::Sub': 'Role${Env}' }, 'Arn'] }, Name: { 'Fn::Sub': ['${Env}-x', { Env: 'own' }] } } },
          },
        ],
      },
      {},
    );
    expect(resources['Logdev']).toEqual({ Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: { Ref: 'Vpcdev' }, Role: { 'Fn::GetAtt': ['Roledev', 'Arn'] }, Name: { 'Fn::Sub': ['${Env}-x', { Env: 'own' }] } } });
  });

  it('keeps a resource named __proto__ as a resource, not as the object prototype', () => {
    const section = JSON.parse('{"__proto__": {"Type": "AWS::SNS::Topic"}, "Fn::ForEach::T": ["N", ["a"], {"T${N}": {"Type": "AWS::SNS::Topic"}}]}') as Record<string, unknown>;
    const { resources } = expandResources(section, {});
    expect(Object.keys(resources)).toEqual(['__proto__', 'Ta']);
    expect(Object.getPrototypeOf(resources)).toBe(Object.prototype);
  });

  it('keeps the first of two resources with one name, and says where the second is written', () => {
    const { resources, repeated } = expandResources({ Topicdev: { Type: 'First' }, 'Fn::ForEach::T': ['N', ['dev'], { 'Topic${N}': { Type: 'Second' } }] }, {});
    expect(resources).toEqual({ Topicdev: { Type: 'First' } });
    expect(repeated).toEqual([{ id: 'Topicdev', at: ['Resources', 'Fn::ForEach::T', 2, 'Topic${N}'], first: ['Resources', 'Topicdev'] }]);
  });

  // CloudFormation refuses a template whose loops make one logical id twice; the second copy was
  // dropped without a word, so a 1-day log group written beside a loop was never checked or mentioned.
  it('reports a logical id made twice as a parse-error where the second is written, and lints the first', async () => {
    const text = [
      'Transform: AWS::LanguageExtensions',
      'Parameters:',
      '  Envs: { Type: CommaDelimitedList }',
      'Resources:',
      '  Fn::ForEach::Long:',
      '    - Env',
      '    - [a, a]',
      '    - Logs${Env}: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: 30 } }',
      '  Fn::ForEach::Short:',
      '    - Env',
      '    - [a]',
      '    - Logs${Env}: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: 7 } }',
      '  Logsa: { Type: AWS::Logs::LogGroup, Properties: { RetentionInDays: 1 } }',
      // Placeholders of loops whose collection is not known are no repeat.
      "  Fn::ForEach::U1: [Env, !Ref Envs, { 'Vpc${Env}': { Type: AWS::EC2::VPC } }]",
      "  Fn::ForEach::U2: [Env, !Ref Envs, { 'Vpc${Env}': { Type: AWS::EC2::VPC } }]",
      '',
    ].join('\n');
    const result = await lint({ documents: [{ path: 'loops.yaml', text }] });
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => `${f.region.startLine}:${f.region.startColumn} ${f.message}`);
    expect(errors).toEqual([
      '8:7 Fn::ForEach::Long makes logical id `Logsa` twice: CloudFormation refuses a template whose logical ids repeat; only the first is checked',
      '12:7 logical id `Logsa` is made twice, by Fn::ForEach::Long and by Fn::ForEach::Short: CloudFormation refuses a template whose logical ids repeat; only the first is checked',
      '13:3 logical id `Logsa` is made twice, by Fn::ForEach::Long and by the resource written under Resources: CloudFormation refuses a template whose logical ids repeat; only the first is checked',
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => f.message)).toEqual([expect.stringContaining('`Logsa` keeps events for 30 days')]);
  });

  it.each([
    ['a parameter without default', { Ref: 'Envs' }, { Envs: { Type: 'CommaDelimitedList' } }, 'comes from parameter Envs, which has no default'],
    ['an intrinsic', { 'Fn::GetAZs': '' }, {}, 'is not known statically'],
    ['a Fn::FindInMap keyed by a pseudo parameter', { 'Fn::FindInMap': ['Net', { Ref: 'AWS::Region' }, 'Names'] }, {}, 'comes from Fn::FindInMap with keys not known statically'],
    ['a list with an intrinsic', ['a', { Ref: 'AWS::Region' }], {}, 'is not a list of strings known statically'],
    // The default of an SSM parameter type is the SSM parameter's name, not the list.
    ['an SSM parameter', { Ref: 'Kinds' }, { Kinds: { Type: 'AWS::SSM::Parameter::Value<List<String>>', Default: '/net/kinds' } }, 'comes from parameter Kinds, whose value is read from SSM at deploy time'],
  ])('makes the resources of a loop over %s once, as written, and says why they may not exist', (_, collection, parameters, why) => {
    const { resources, unknownLoops } = expandResources(
      { 'Fn::ForEach::L': ['Env', collection, { 'Vpc${Env}': { Type: 'AWS::EC2::VPC' }, 'Log${Env}': { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: { Ref: { 'Fn::Sub': 'Vpc${Env}' } }, Traffic: { Ref: 'Env' } } } }] },
      parameters,
    );
    expect(resources).toEqual({
      'Vpc${Env}': { Type: 'AWS::EC2::VPC' },
      // The placeholder id names the copy of the same element; the identifier itself stays unknown.
      'Log${Env}': { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: { Ref: 'Vpc${Env}' }, Traffic: { Ref: 'Env' } } },
    });
    expect(unknownLoops.get('Vpc${Env}')).toBe(`it is made by Fn::ForEach::L for each element of a collection that ${why}`);
  });
});

describe('a loop inside a loop whose collection is unknown', () => {
  it('makes copies that may not exist, whatever its own collection', () => {
    const { resources, unknownLoops } = expandResources(
      { 'Fn::ForEach::Outer': ['Env', { Ref: 'Envs' }, { 'Fn::ForEach::Inner': ['Kind', ['ALL'], { 'Flow${Env}${Kind}': { Type: 'AWS::EC2::FlowLog' } }] }] },
      { Envs: { Type: 'CommaDelimitedList' } },
    );
    expect(Object.keys(resources)).toEqual(['Flow${Env}ALL']);
    expect(unknownLoops.get('Flow${Env}ALL')).toBe('it is made by Fn::ForEach::Outer for each element of a collection that comes from parameter Envs, which has no default');
  });
});

describe('expandResources on any input', () => {
  // Loops of any shape, nested, with any collection: never a throw, and never more copies than the budget.
  const name = fc.constantFrom('A', 'Env', 'x', '');
  const loop: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    body: fc.dictionary(fc.oneof(fc.constantFrom('R${A}', 'R&{Env}', 'Fn::ForEach::N', '${x}${A}'), fc.string({ maxLength: 6 })), fc.oneof(tie('loop'), fc.jsonValue({ maxDepth: 3 })), { maxKeys: 4 }),
    loop: fc.oneof(
      { maxDepth: 4, depthIdentifier: 'loop' },
      fc.jsonValue({ maxDepth: 2 }),
      fc.tuple(name, fc.oneof(fc.array(fc.string({ maxLength: 3 }), { maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), fc.constant({ Ref: 'P' })), tie('body')),
    ),
  })).loop;

  it('terminates, throws nothing, and keeps the copies bounded', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('Fn::ForEach::A', 'Fn::ForEach::B', 'Plain'), loop, { maxKeys: 3 }), fc.jsonValue({ maxDepth: 2 }), (section, p) => {
        const { resources, origins } = expandResources(section, { P: { Default: p } });
        expect(Object.keys(resources).length).toBeLessThanOrEqual(5003);
        for (const id of origins.keys()) expect(Object.prototype.hasOwnProperty.call(resources, id)).toBe(true);
      }),
      { seed: 20_251_128, numRuns: 300 },
    );
  });
});

describe('expandResources on hostile loops', () => {
  it('stops at 5,000 copies', () => {
    const elements = Array.from({ length: 20_000 }, (_, i) => `e${i}`);
    const { resources } = expandResources({ 'Fn::ForEach::Many': ['X', elements, { 'T${X}': { Type: 'AWS::SNS::Topic' } }] }, {});
    expect(Object.keys(resources)).toHaveLength(5000);
  });

  it('stops copying a large body once 250,000 objects are copied', () => {
    // 4,000 copies of a VPC with 60,000 tags would be 240 million objects.
    const tags = Array.from({ length: 60_000 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const elements = Array.from({ length: 4000 }, (_, i) => `e${i}`);
    const { resources, cut } = expandResources({ 'Fn::ForEach::Vpcs': ['Env', elements, { 'Vpc${Env}': { Type: 'AWS::EC2::VPC', Properties: { Tags: tags } } }] }, {});
    expect(Object.keys(resources).length).toBeLessThanOrEqual(5);
    expect(cut?.why).toBe('its copies hold more than 250000 objects and lists');
    // Every copy made is whole: none shares a tag object with the template (a half-made copy would).
    for (const copy of Object.values(resources) as { Properties: { Tags: unknown[] } }[]) {
      expect(copy.Properties.Tags.every((tag, i) => tag !== tags[i])).toBe(true);
    }
  });

  it('tells the user, with the limit, when copies were not made', async () => {
    const elements = Array.from({ length: 6000 }, (_, i) => `e${i}`);
    const text = JSON.stringify({ Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::Many': ['X', elements, { 'Topic${X}': { Type: 'AWS::SNS::Topic' } }] } }, null, 2);
    const result = await lint({ documents: [{ path: 'many.json', text }] });
    expect(result.notifications).toEqual([
      expect.objectContaining({ level: 'warning', file: 'many.json', message: expect.stringContaining('Fn::ForEach::Many was expanded only in part: it makes more than 5000 resources') }),
    ]);
  });
});

describe('findings on resources a loop made', () => {
  const template = (collection: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::LanguageExtensions
Parameters:
  Envs:
    Type: CommaDelimitedList
${collection}
Resources:
  Fn::ForEach::Groups:
    - Env
    - !Ref Envs
    - Logs\${Env}:
        Type: AWS::Logs::LogGroup
        Properties:
          RetentionInDays: 30
`;

  it('point into the loop, one finding per copy', async () => {
    const result = await lint({ documents: [{ path: 'logs.yaml', text: template('    Default: dev,prod') }] });
    expect(result.findings.map((f) => [f.ruleId, f.resourceId, f.region.startLine, f.region.startColumn])).toEqual([
      ['log-group-retention', 'Logsdev', 14, 28],
      ['log-group-retention', 'Logsprod', 14, 28],
    ]);
    expect(new Set(result.findings.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('of a loop whose collection is unknown are still checked, once', async () => {
    const result = await lint({ documents: [{ path: 'logs.yaml', text: template('') }] });
    expect(result.findings.map((f) => [f.ruleId, f.resourceId, f.level, f.region.startLine])).toEqual([['log-group-retention', 'Logs${Env}', 'error', 14]]);
  });
});

describe('a loop in a nested template', () => {
  const child = parseDocument(
    'flow-logs.yaml',
    [
      'Transform: AWS::LanguageExtensions',
      'Parameters:',
      '  Traffics: { Type: CommaDelimitedList, Default: ACCEPT }',
      'Resources:',
      '  Fn::ForEach::Logs:',
      '    - T',
      '    - !Ref Traffics',
      '    - FlowLog${T}: { Type: AWS::EC2::FlowLog, Properties: { TrafficType: !Ref T } }',
      '',
    ].join('\n'),
  );
  const parent = (traffics: string) => parseDocument('main.yaml', `Resources:\n  Logs: { Type: AWS::CloudFormation::Stack, Properties: { TemplateURL: flow-logs.yaml, Parameters: { Traffics: ${traffics} } } }\n`);
  const ids = (traffics: string) => graphOf(addCloudFormation, [parent(traffics), child]).ofKind('flow-log').map((n) => [n.id, n.existence.state]);

  it('runs over the list its stack resource passes, not over the default', () => {
    expect(ids("'ACCEPT,REJECT'")).toEqual([
      ['FlowLogACCEPT', 'present'],
      ['FlowLogREJECT', 'present'],
    ]);
  });

  it('is unknown when the stack passes a value that is not known statically', () => {
    expect(ids('!Ref AWS::NoValue')).toEqual([['FlowLog${T}', 'unknown']]);
  });
});

