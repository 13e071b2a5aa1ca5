/**
 * Resolution terminates and never throws: reference cycles, long chains, size blow-ups and
 * malformed shapes all end as unknown values (or skipped resources), never as a crash or a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import type { ResourceNode } from '../../src/graph/model.js';
import type { DataDocument } from '../../src/parse/document.js';
import { documentOf, fixture, graphOf, nodeOf, parseDocument, plain } from './helpers.js';

const build = (documents: DataDocument[]) => graphOf(addCloudFormation, documents);
const internalError = (node: ResourceNode): string | undefined =>
  node.existence.state === 'unknown' && node.existence.why.startsWith('could not be resolved') ? node.existence.why : undefined;

describe('cycles', () => {
  it('ends Condition cycles as unknown', () => {
    const g = build([fixture('cycles/conditions.yaml')]);
    expect(nodeOf(g, 'cycles/conditions.yaml#Cyclic').existence).toMatchObject({
      state: 'unknown',
      why: expect.stringMatching(/^condition A cannot be evaluated: reference cycle through condition [AB] \(cycles\/conditions\.yaml\)$/),
    });
    expect(nodeOf(g, 'cycles/conditions.yaml#SelfCyclic').existence).toMatchObject({ state: 'unknown' });
    expect(plain(nodeOf(g, 'cycles/conditions.yaml#Cyclic').attrs['trafficType'])).toMatchObject({ unknown: expect.stringContaining('reference cycle') });
    expect(nodeOf(g, 'cycles/conditions.yaml#Fine').existence).toEqual({ state: 'present' });
  });

  it('ends ImportValue cycles across templates as unknown, and ignores imports inside export names', () => {
    const g = build(['cycles/import-a.yaml', 'cycles/import-b.yaml'].map(fixture));
    expect(plain(nodeOf(g, 'cycles/import-a.yaml#FlowLog').attrs['target'])).toEqual({
      unknown: 'reference cycle through output A (cycles/import-a.yaml)',
    });
  });

  it('ends a nested-stack parameter that depends on its own output as unknown', () => {
    const g = build(['cycles/nested-parent.yaml', 'cycles/nested-child.yaml'].map(fixture));
    expect(plain(nodeOf(g, 'cycles/nested-parent.yaml#Child').attrs['inputs'])).toEqual({
      Name: { template: [{ unknown: 'reference cycle through parameter Name (cycles/nested-child.yaml)' }, '-derived'] },
    });
    expect(plain(nodeOf(g, 'cycles/nested-child.yaml#Group').names[0])).toMatchObject({ template: [{ unknown: expect.stringContaining('reference cycle') }, '-derived-logs'] });
  });

  it('does not nest a template inside itself, directly or through another', () => {
    const self = build([fixture('cycles/self.yaml')]);
    expect(plain(nodeOf(self, 'cycles/self.yaml#Group').names[0])).toBe('1');
    const mutual = build(['cycles/mutual-b.yaml', 'cycles/mutual-a.yaml'].map(fixture));
    expect(plain(nodeOf(mutual, 'cycles/mutual-a.yaml#Group').names[0])).toBe('a');
    expect(plain(nodeOf(mutual, 'cycles/mutual-b.yaml#Group').names[0])).toBe('a-from-a');
  });

  it('stops long chains of nested stacks', () => {
    // t<i> includes t<i-1>: the leaf t000 sorts first, so its parameter is resolved through the
    // whole chain at once (later templates then find their parameters memoised).
    const file = (i: number): string => `t${String(i).padStart(3, '0')}.json`;
    const chain = (length: number): DataDocument[] =>
      Array.from({ length }, (_, i) =>
        documentOf(`chain/${file(i)}`, {
          Parameters: { Name: { Type: 'String', Default: i === length - 1 ? 'root' : 'inner' } },
          Resources: {
            Next: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: file(i - 1), Parameters: { Name: { Ref: 'Name' } } } },
            Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { Ref: 'Name' } } },
          },
        }),
      );
    const short = build(chain(20));
    expect(plain(nodeOf(short, 'chain/t000.json#Group').names[0])).toBe('root');
    const long = build(chain(100));
    expect(plain(nodeOf(long, 'chain/t000.json#Group').names[0])).toMatchObject({ unknown: expect.stringMatching(/^resolution too deep at parameter Name/) });
  });

  it('stays linear on conditions that use each other twice', () => {
    const conditions: Record<string, unknown> = { C0: { 'Fn::Equals': ['a', 'a'] } };
    for (let i = 1; i < 100; i++) conditions[`C${i}`] = { 'Fn::And': [{ Condition: `C${i - 1}` }, { Condition: `C${i - 1}` }] };
    const g = build([documentOf('c.json', { Conditions: conditions, Resources: { R: { Type: 'AWS::EC2::VPC', Condition: 'C99' } } })]);
    expect(nodeOf(g, 'c.json#R').existence).toMatchObject({ state: 'unknown', why: expect.stringContaining('resolution too deep') });
    const g2 = build([documentOf('c.json', { Conditions: conditions, Resources: { R: { Type: 'AWS::EC2::VPC', Condition: 'C40' } } })]);
    expect(nodeOf(g2, 'c.json#R').existence).toEqual({ state: 'present' });
  });

  it('caps strings that double at every nested Fn::Sub', () => {
    let value: unknown = 'ab';
    for (let i = 0; i < 40; i++) value = { 'Fn::Sub': ['${x}${x}', { x: value }] };
    const g = build([documentOf('s.json', { Resources: { L: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: value } } } })]);
    const name = JSON.stringify(plain(nodeOf(g, 's.json#L').names[0]));
    expect(name).toContain('string too long to resolve');
    expect(name.length).toBeLessThan(200_000);
  });

  it('caps trees that YAML aliases make exponentially large', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}, *a${i - 1}]`);
    lines.push('Resources:', '  P:', '    Type: AWS::IAM::Policy', '    Properties:', '      PolicyDocument: *a8');
    const g = build([parseDocument('bomb.yaml', lines.join('\n'))]);
    expect(JSON.stringify(plain(nodeOf(g, 'bomb.yaml#P').attrs['document']))).toContain('value too large to resolve');
  });
});

const hostileTemplates: Array<[string, unknown]> = [
  ['a list', [1, 2]],
  ['a string', 'Resources'],
  ['null', null],
  ['Resources as a list', { Resources: [{ Type: 'AWS::EC2::VPC' }] }],
  ['resources that are not objects', { Resources: { A: null, B: 'x', C: [1], D: 7 } }],
  ['Type that is not a string', { Resources: { A: { Type: ['AWS::EC2::VPC'] }, B: { Type: 3 }, C: {} } }],
  ['Properties that are not objects', { Resources: { A: { Type: 'AWS::EC2::FlowLog', Properties: 'x' }, B: { Type: 'AWS::IAM::Role', Properties: [1] }, C: { Type: 'AWS::EC2::FlowLog', Properties: null } } }],
  ['sections of the wrong shape', { Parameters: [1], Conditions: 'x', Mappings: 3, Outputs: [{ Export: {} }], Resources: { A: { Type: 'AWS::EC2::FlowLog', Condition: { x: 1 }, Properties: { ResourceId: { Ref: 'P' } } } } }],
  // JSON.parse makes `__proto__` an own key, as a parser of untrusted text would.
  [
    'prototype names',
    JSON.parse(
      '{"Parameters": {"__proto__": {"Default": "x"}, "constructor": "y"}, "Resources": {"__proto__": {"Type": "AWS::EC2::VPC"}, "toString": {"Type": "AWS::EC2::FlowLog", "Properties": {"ResourceId": {"Ref": "constructor"}, "TrafficType": {"Ref": "hasOwnProperty"}, "LogGroupName": {"Fn::GetAtt": ["__proto__", "x"]}, "DeliverLogsPermissionArn": {"Ref": "__proto__"}}}}}',
    ),
  ],
];

const badIntrinsics: unknown[] = [
  { Ref: { Ref: 'x' } },
  { Ref: ['a'] },
  { 'Fn::GetAtt': ['a', 'b', 'c'] },
  { 'Fn::GetAtt': 7 },
  { 'Fn::GetAtt': 'NoDot' },
  { 'Fn::GetAtt': ['Missing', { Ref: 'AWS::Region' }] },
  { 'Fn::Sub': [] },
  { 'Fn::Sub': ['x', 'y'] },
  { 'Fn::Sub': 7 },
  { 'Fn::Sub': '${' },
  { 'Fn::Sub': '${}${.}${AWS::NoValue}${Missing.Attr}' },
  { 'Fn::Join': 'x' },
  { 'Fn::Join': [{ a: 1 }, ['x']] },
  { 'Fn::Join': [',', 'notalist'] },
  { 'Fn::Join': [',', [{ a: 1 }, ['nested']]] },
  { 'Fn::Select': [-1, ['a']] },
  { 'Fn::Select': [{ x: 1 }, ['a']] },
  { 'Fn::Select': ['1.5', ['a', 'b']] },
  { 'Fn::Split': ['', 'abc'] },
  { 'Fn::Split': [',', { Ref: 'AWS::Region' }] },
  { 'Fn::FindInMap': ['M'] },
  { 'Fn::FindInMap': [{ a: 1 }, 'x', 'y'] },
  { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }] },
  { 'Fn::FindInMap': ['Missing', 'a', 'b'] },
  { 'Fn::If': ['C'] },
  { 'Fn::If': [{ c: 1 }, 'a', 'b'] },
  { 'Fn::ImportValue': { a: 1 } },
  { 'Fn::ImportValue': [] },
  { 'Fn::Transform': { Name: 'AWS::Include' } },
  { 'Fn::Unknown': 1 },
];

describe('hostile shapes', () => {
  it.each(hostileTemplates)('tolerates %s', (_, value) => {
    const g = build([documentOf('h.json', value)]);
    for (const node of g.nodes.values()) expect(internalError(node)).toBeUndefined();
  });

  it('skips malformed resources but keeps well-formed ones', () => {
    const g = build([documentOf('h.json', { Resources: { A: null, B: { Type: 3 }, C: { Type: 'AWS::EC2::VPC', Properties: 'x' } } })]);
    expect([...g.nodes.keys()]).toEqual(['h.json#C']);
  });

  it('keeps a resource named __proto__ and a parameter named constructor apart from Object.prototype', () => {
    const [, value] = hostileTemplates.find(([name]) => name === 'prototype names')!;
    const g = build([documentOf('h.json', value)]);
    expect(nodeOf(g, 'h.json#__proto__').kind).toBe('vpc');
    const log = nodeOf(g, 'h.json#toString');
    expect(plain(log.attrs['deliveryRole'])).toBe('x');
    expect(plain(log.attrs['target'])).toEqual({ unknown: 'parameter constructor is malformed' });
    expect(plain(log.attrs['trafficType'])).toEqual({ unknown: 'no parameter or resource named hasOwnProperty' });
    expect(plain(log.attrs['logGroupName'])).toEqual({ ref: 'h.json#__proto__.x' });
  });

  it.each(badIntrinsics.map((v) => [JSON.stringify(v), v]))('resolves %s to a value without throwing', (_, intrinsic) => {
    const template = {
      Mappings: { M: { a: { b: 1 } } },
      Conditions: {},
      Resources: { F: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: intrinsic, LogGroupName: { 'Fn::Sub': ['${X}', { X: intrinsic }] } } } },
    };
    const node = nodeOf(build([documentOf('h.json', template)]), 'h.json#F');
    expect(internalError(node)).toBeUndefined();
    for (const value of Object.values(node.attrs)) expect(['scalar', 'unknown', 'template', 'ref', 'array', 'object']).toContain(value.t);
  });

  it('treats deeply nested values as unknown beyond the depth cap', () => {
    let value: unknown = 'x';
    for (let i = 0; i < 2000; i++) value = { a: value };
    const g = build([documentOf('d.json', { Resources: { P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: value } } } })]);
    expect(JSON.stringify(plain(nodeOf(g, 'd.json#P').attrs['document']))).toContain('resolution too deep');
  });

  it('never throws on random templates', () => {
    const fn = fc.constantFrom('Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::If', 'Fn::ImportValue', 'Condition', 'Fn::Equals', 'Fn::And', 'Fn::Not');
    const name = fc.constantFrom('A', 'B', 'P', 'Q', 'C', 'M', 'x', '__proto__', 'AWS::Region', 'AWS::NoValue', 'A.Arn', 'S.Outputs.O', '${A}-${P}', '');
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        name,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(name, tie('value'), { maxKeys: 3 }),
        fc.tuple(fn, tie('value')).map(([f, v]) => ({ [f]: v })),
      ),
    }));
    const type = fc.constantFrom('AWS::EC2::VPC', 'AWS::EC2::FlowLog', 'AWS::IAM::Role', 'AWS::Logs::LogGroup', 'AWS::CloudFormation::Stack', 'AWS::S3::Bucket');
    const resource = fc.record({ Type: type, Condition: fc.option(name, { nil: undefined }), Properties: fc.dictionary(fc.constantFrom('ResourceId', 'TrafficType', 'RoleName', 'LogGroupName', 'AssumeRolePolicyDocument', 'Policies', 'TemplateURL', 'Parameters'), value, { maxKeys: 4 }) });
    const template = fc.record({
      Parameters: fc.dictionary(name, fc.oneof(fc.record({ Type: fc.constantFrom('String', 'CommaDelimitedList', 'Number'), Default: fc.option(fc.string(), { nil: undefined }) }), value), { maxKeys: 3 }),
      Conditions: fc.dictionary(name, value, { maxKeys: 3 }),
      Mappings: fc.dictionary(name, value, { maxKeys: 2 }),
      Resources: fc.dictionary(fc.constantFrom('A', 'B', 'S', 'x', 'Q'), resource, { maxKeys: 4 }),
      Outputs: fc.dictionary(fc.constantFrom('O', 'A'), fc.record({ Value: value, Export: fc.record({ Name: value }) }), { maxKeys: 2 }),
    });
    fc.assert(
      fc.property(fc.array(template, { minLength: 1, maxLength: 3 }), (templates) => {
        const docs = templates.map((t, i) => documentOf(`r${i}.json`, t));
        const g = build(docs);
        // The adapter turns an exception into an unknown node; resolution itself must never throw.
        for (const node of g.nodes.values()) expect(internalError(node)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
