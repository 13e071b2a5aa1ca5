/**
 * Fn::ToJsonString and Fn::Length (AWS::LanguageExtensions): their values (language-extensions.ts)
 * and what they decide. Verdicts on realistic templates are in fixtures/cloudformation/
 * role-trust-principal/trust-policy-to-json-string and vpc-flow-logs/length-condition-*.
 */
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import { undeclaredLanguageExtensions } from '../../src/graph/cloudformation/language-transform.js';
import type { RValue } from '../../src/graph/model.js';
import { lint } from '../../src/index.js';
import { documentOf, graphOf, nodeOf, parseDocument, plain, spanPath } from './helpers.js';

const pseudo = (name: string) => ({ unknown: `${name} is only known at deploy time`, pattern: '*' });

const HEADER = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::LanguageExtensions'];

/** The value of `LogGroupName` of a flow log `Log` whose property is written as `lines` (indented under it). */
function valueOf(lines: string[], extra: string[] = []): RValue | undefined {
  const text = [...HEADER, ...extra, 'Resources:', '  Log:', '    Type: AWS::EC2::FlowLog', '    Properties:', '      LogGroupName:', ...lines.map((l) => `        ${l}`), ''].join('\n');
  return nodeOf(graphOf(addCloudFormation, [parseDocument('t.yaml', text)]), 't.yaml#Log').attrs['logGroupName'];
}

const PARAMETERS = [
  'Parameters:',
  '  Name: { Type: String, Default: resolvedValue }',
  '  Names: { Type: CommaDelimitedList, Default: "a, b, c" }',
  '  NoNames: { Type: CommaDelimitedList, Default: "" }',
  '  Given: { Type: CommaDelimitedList }',
  'Conditions:',
  '  Unknown: !Equals [!Ref Given, x]',
];

describe('Fn::ToJsonString', () => {
  it('writes an object or a list as compact JSON, as the transform does', () => {
    expect(plain(valueOf(['Fn::ToJsonString:', '  key1: value1', '  key2: !Ref Name'], PARAMETERS))).toBe('{"key1":"value1","key2":"resolvedValue"}');
    expect(plain(valueOf(['Fn::ToJsonString:', '  - key1: value1', '  - key2: !Ref Name'], PARAMETERS))).toBe('[{"key1":"value1"},{"key2":"resolvedValue"}]');
    expect(plain(valueOf(['Fn::ToJsonString: { n: 3, on: true, none: null, quote: "say \\"hi\\"\\n", list: !Ref Names }'], PARAMETERS))).toBe(
      '{"n":3,"on":true,"none":null,"quote":"say \\"hi\\"\\n","list":["a","b","c"]}',
    );
  });

  it('leaves what is known only at deploy time as a placeholder in its quotes, and keeps the object', () => {
    const value = valueOf(['Fn::ToJsonString:', '  Account: !Ref AWS::AccountId', '  Arn: !Sub "arn:aws:logs:${AWS::Region}:x"', '  Group: !Ref Log']);
    expect(plain(value)).toEqual({
      template: ['{"Account":"', pseudo('AWS::AccountId'), '","Arn":"arn:aws:logs:', pseudo('AWS::Region'), ':x","Group":"', { ref: 't.yaml#Log.Ref' }, '"}'],
    });
    expect(value?.t === 'template' && plain(value.json)).toEqual({ Account: pseudo('AWS::AccountId'), Arn: expect.anything(), Group: { ref: 't.yaml#Log.Ref' } });
  });

  it('drops AWS::NoValue entries, and takes the branch of a known condition', () => {
    const extra = [...PARAMETERS, '  Always: !Equals [a, a]'];
    expect(plain(valueOf(['Fn::ToJsonString:', '  a: !If [Always, 1, 2]', '  b: !Ref AWS::NoValue'], extra))).toBe('{"a":1}');
  });

  it('is unknown when its argument is, or is not an object or a list', () => {
    expect(plain(valueOf(['Fn::ToJsonString: !If [Unknown, { a: 1 }, { b: 2 }]'], PARAMETERS))).toEqual({ unknown: 'condition Unknown cannot be evaluated: parameter Given has no default' });
    expect(plain(valueOf(['Fn::ToJsonString: !Ref Name'], PARAMETERS))).toEqual({ unknown: 'Fn::ToJsonString needs an object or a list, not the string "resolvedValue"' });
    expect(plain(valueOf(['Fn::ToJsonString: text']))).toEqual({ unknown: 'Fn::ToJsonString needs an object or a list' });
  });

  it('compares as its text in a condition', async () => {
    const text = [
      ...HEADER,
      'Conditions:',
      '  Same: !Equals [{ "Fn::ToJsonString": { a: [1, x] } }, "{\\"a\\":[1,\\"x\\"]}"]',
      'Resources:',
      '  Vpc: { Type: AWS::EC2::VPC }',
      '  Log: { Type: AWS::EC2::FlowLog, Condition: Same, Properties: { ResourceType: VPC, ResourceId: !Ref Vpc, TrafficType: ALL, LogDestinationType: s3, LogDestination: arn:aws:s3:::b } }',
      '',
    ].join('\n');
    const result = await lint({ documents: [{ path: 't.yaml', text }] });
    expect(result.findings.filter((f) => f.ruleId === 'vpc-flow-logs')).toEqual([]);
  });
});

describe('Fn::Length', () => {
  const length = (arg: string) => plain(valueOf([`Fn::Length: ${arg}`], PARAMETERS));

  it('counts a written list, a list an intrinsic makes, and a list parameter', () => {
    expect(length('[1, !Ref Name, 3]')).toBe(3);
    expect(length('!Split ["|", "a|b|c"]')).toBe(3);
    expect(length('!Ref Names')).toBe(3);
    expect(length('[a, !Ref AWS::NoValue]')).toBe(1);
  });

  it('counts the one empty item CloudFormation makes of an empty CommaDelimitedList', () => {
    expect(length('!Ref NoNames')).toBe(1);
  });

  it('is unknown when the list is, or when an item may be AWS::NoValue', () => {
    expect(length('!Ref Given')).toEqual({ unknown: 'parameter Given has no default' });
    expect(length('[a, !If [Unknown, b, !Ref AWS::NoValue]]')).toEqual({ unknown: 'an item of the list may be AWS::NoValue: condition Unknown cannot be evaluated: parameter Given has no default' });
    expect(length('!Ref Name')).toEqual({ unknown: 'Fn::Length needs a list' });
  });

  it('decides a condition, and says why when it cannot', async () => {
    const template = (given: string) =>
      [
        ...HEADER,
        'Parameters:',
        `  Subnets: { Type: CommaDelimitedList${given} }`,
        'Conditions:',
        '  Many: !Not [!Equals [{ "Fn::Length": !Ref Subnets }, 1]]',
        'Resources:',
        '  Vpc: { Type: AWS::EC2::VPC }',
        '  Log: { Type: AWS::EC2::FlowLog, Condition: Many, Properties: { ResourceType: VPC, ResourceId: !Ref Vpc, TrafficType: ALL, LogDestinationType: s3, LogDestination: arn:aws:s3:::b } }',
        '',
      ].join('\n');
    const verdict = async (given: string) =>
      (await lint({ documents: [{ path: 't.yaml', text: template(given) }] })).findings.filter((f) => f.ruleId === 'vpc-flow-logs').map((f) => [f.level, f.message]);
    expect(await verdict(', Default: "a,b"')).toEqual([]);
    expect(await verdict(', Default: a')).toEqual([['error', expect.stringContaining('condition Many is false with default parameter values')]]);
    expect(await verdict('')).toEqual([['note', expect.stringContaining('condition Many cannot be evaluated: parameter Subnets has no default')]]);
  });
});

describe('a template that uses the transform without declaring it', () => {
  const problem = (template: Record<string, unknown>) => {
    const doc = documentOf('t.json', template, 'json', JSON.stringify(template));
    const found = undeclaredLanguageExtensions(doc);
    return found && [found.message.slice(0, found.message.indexOf(' needs ')), spanPath(found.span)];
  };
  const uses = {
    Conditions: { Many: { 'Fn::Equals': [{ 'Fn::Length': { Ref: 'Subnets' } }, 2] } },
    Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { 'Fn::ToJsonString': { Statement: [] } } } } },
  };

  it('is reported once, at the first function in the order the template writes its sections', () => {
    expect(problem(uses)).toEqual(['Fn::Length', 'Conditions.Many.Fn::Equals.0.Fn::Length (key)']);
    expect(problem({ Resources: uses.Resources, Conditions: uses.Conditions })).toEqual(['Fn::ToJsonString', 'Resources.Role.Properties.AssumeRolePolicyDocument.Fn::ToJsonString (key)']);
    expect(problem({ Conditions: uses.Conditions })).toEqual(['Fn::Length', 'Conditions.Many.Fn::Equals.0.Fn::Length (key)']);
    expect(problem({ Resources: { 'Fn::ForEach::Vpcs': ['Env', ['a'], { 'Vpc${Env}': { Type: 'AWS::EC2::VPC' } }] } })).toEqual(['Fn::ForEach', 'Resources.Fn::ForEach::Vpcs (key)']);
    const lookup = { 'Fn::FindInMap': ['Traffic', { Ref: 'AWS::Region' }, 'Type', { DefaultValue: 'ALL' }] };
    expect(problem({ Outputs: { Traffic: { Value: lookup } } })).toEqual(['Fn::FindInMap with a DefaultValue', 'Outputs.Traffic.Value.Fn::FindInMap (key)']);
  });

  it('is not reported when the transform is declared, alone, in a list or by name', () => {
    for (const Transform of ['AWS::LanguageExtensions', ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'], [{ Name: 'AWS::LanguageExtensions' }]]) {
      expect(problem({ Transform, ...uses })).toBeUndefined();
    }
  });

  it('is not reported for words that are no function, or outside the sections that allow them', () => {
    expect(problem({ Parameters: { Name: { Type: 'String', MaxLength: 8 } }, Metadata: { Note: { 'Fn::Length': [] } }, Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Key: 'Fn::Length', Value: 'x' }] } } } })).toBeUndefined();
    expect(problem({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { X: { 'Fn::Length': [], Other: 1 } } } } })).toBeUndefined();
  });
});
