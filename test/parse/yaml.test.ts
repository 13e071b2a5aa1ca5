import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/parse/decode.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { DEFAULT_PARSE_LIMITS } from '../../src/parse/document.js';
import { documentOf, fixtureBytes, fixtureText, lineColumn, located, problemOf, sourceFile } from './helpers.js';

const parse = (text: string) => parseYaml(sourceFile(text));
const valueOf = (text: string) => documentOf(parse(text)).value;

describe('parseYaml: CloudFormation short-form tags', () => {
  it.each([
    ['!Ref Vpc', { Ref: 'Vpc' }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    ['!GetAtt Role.Arn', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!GetAtt Stack.Outputs.VpcId', { 'Fn::GetAtt': ['Stack', 'Outputs.VpcId'] }],
    ['!GetAtt [Role, Arn]', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!GetAtt "Role.Arn"', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!Sub "${AWS::StackName}-vpc"', { 'Fn::Sub': '${AWS::StackName}-vpc' }],
    ['!Sub ["${A}-x", {A: !Ref B}]', { 'Fn::Sub': ['${A}-x', { A: { Ref: 'B' } }] }],
    ['!If [IsProd, 365, !Ref AWS::NoValue]', { 'Fn::If': ['IsProd', 365, { Ref: 'AWS::NoValue' }] }],
    ['!Join ["-", [a, !Ref B]]', { 'Fn::Join': ['-', ['a', { Ref: 'B' }]] }],
    ['!Select [0, !GetAZs ""]', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }],
    ['!Split [",", "a,b"]', { 'Fn::Split': [',', 'a,b'] }],
    ['!FindInMap [Map, !Ref AWS::Region, Ami]', { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Ami'] }],
    ['!ImportValue shared-VpcId', { 'Fn::ImportValue': 'shared-VpcId' }],
    ['!Equals [!Ref Env, prod]', { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }],
    ['!Not [!Condition IsProd]', { 'Fn::Not': [{ Condition: 'IsProd' }] }],
    ['!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Base64 {"Fn::Sub": "x=${X}"}', { 'Fn::Base64': { 'Fn::Sub': 'x=${X}' } }],
    ['!Cidr [!GetAtt Vpc.CidrBlock, 4, 8]', { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 4, 8] }],
    ['!GetAZs', { 'Fn::GetAZs': '' }],
    ['!GetAZs us-east-1', { 'Fn::GetAZs': 'us-east-1' }],
    ['!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } }],
    ['!Length [a, b]', { 'Fn::Length': ['a', 'b'] }],
    ['!ToJsonString {a: 1}', { 'Fn::ToJsonString': { a: 1 } }],
    ['!GetStackOutput {StackName: network, OutputName: VpcId}', { 'Fn::GetStackOutput': { StackName: 'network', OutputName: 'VpcId' } }],
    ['!ForEach [Topics, [A, B], {"Topic${Topics}": {Type: "AWS::SNS::Topic"}}]', { 'Fn::ForEach': ['Topics', ['A', 'B'], { 'Topic${Topics}': { Type: 'AWS::SNS::Topic' } }] }],
    ['!Contains [[a], !Ref P]', { 'Fn::Contains': [['a'], { Ref: 'P' }] }],
    ['!Ref "123"', { Ref: '123' }],
    ['!Ref 123', { Ref: '123' }],
  ])('%s', (source, expected) => {
    expect(valueOf(`Value: ${source}\n`)).toEqual({ Value: expected });
  });

  it('applies a tag to block content on the following lines', () => {
    expect(valueOf('Value: !Sub\n  - "${A}"\n  - A: !Ref B\n')).toEqual({ Value: { 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] } });
    expect(valueOf('Value: !If\n  - C\n  - a\n  - b\n')).toEqual({ Value: { 'Fn::If': ['C', 'a', 'b'] } });
  });

  it('reads the realistic fixture exactly as its JSON twin', () => {
    const yaml = valueOf(fixtureText('vpc-flow-logs.yaml'));
    expect(yaml).toEqual(JSON.parse(fixtureText('vpc-flow-logs.json')));
  });
});

describe('parseYaml: a bare dash as a flow collection entry', () => {
  // YAML 1.2 and js-yaml refuse `[-, …]`; PyYAML and SnakeYAML (cfn-lint, the AWS CLI, CloudFormation) read "-".
  it.each([
    ['!Join [-, [a, !Ref B]]', { 'Fn::Join': ['-', ['a', { Ref: 'B' }]] }],
    ['[a, -]', ['a', '-']],
    ['[-]', ['-']],
    ['{Separator: -, Next: x}', { Separator: '-', Next: 'x' }],
    ['[\n  -,\n  b]', ['-', 'b']],
  ])('%s', (source, expected) => {
    expect(valueOf(`Value: ${source}\n`)).toEqual({ Value: expected });
  });

  it('keeps every other value and every position as written', () => {
    const text = 'A: !Join [-, [x, y]]\nB: "[-, kept]"\nC: [-, z] # [-, comment]\nD: -,w\n';
    const document = documentOf(parse(text));
    expect(document.value).toEqual({ A: { 'Fn::Join': ['-', ['x', 'y']] }, B: '[-, kept]', C: ['-', 'z'], D: '-,w' });
    expect(located(document, ['C', 1])).toEqual({ at: '3:8', text: 'z' });
    expect(located(document, ['A', 'Fn::Join', 0])).toEqual({ at: '1:11', text: '-' });
  });

  it('still reports a real mistake after such a dash, where it is', () => {
    const text = 'A: !Join [-, [x, y]]\nB: [a, }]\n';
    expect(lineColumn(text, problemOf(parse(text)).start)).toBe('2:8');
  });

  it('still refuses a dash followed by a space, as PyYAML does', () => {
    expect(problemOf(parse('A: [- , b]\n')).message).toMatch(/./);
  });
});

describe('parseYaml: a quoted scalar whose later lines sit no deeper than its key', () => {
  // YAML 1.2 and js-yaml refuse it ("deficient indentation"); PyYAML and SnakeYAML (cfn-lint, CloudFormation) read it.
  it.each([
    ["R:\n  P: '{\n      \"a\": 1\n  }'\n", '{ "a": 1 }'],
    ['R:\n  P: "{\n    \\"a\\": 1\n  }"\n', '{ "a": 1 }'],
    ["R:\n  P: 'x\n\n  y'\n", 'x\ny'],
    ["R:\r\n  P: 'x\r\n y'\r\n", 'x y'],
    // A lone CR is a line break (old Mac line ends, a stray CR in a line): js-yaml and PyYAML agree.
    ["R:\r  P: 'x\r y'\r", 'x y'],
    ['R:\r  P: "x\r  y"\r', 'x y'],
    ["R:\n  P: '{\n    \"a\": 1,\r \"b\": 2\n  }'\n", '{ "a": 1, "b": 2 }'],
    ["R:\n  P: '{\n  \"a\": 1,\n  \"b\": \"it''s\"\n  }'\n", '{ "a": 1, "b": "it\'s" }'],
    ["R:\n  - 'a\n  b'\n", undefined],
  ])('%j', (source, expected) => {
    const value = valueOf(source) as { R: { P: string } | string[] };
    if (expected === undefined) expect(value).toEqual({ R: ['a b'] });
    else expect(value).toEqual({ R: { P: expected } });
  });

  it('keeps the keys after it and their positions', () => {
    const text = "R:\n  A: '{\n    x\n  }'\n  B: b\n  C: \"\n  y\"\n";
    const document = documentOf(parse(text));
    expect(document.value).toEqual({ R: { A: '{ x }', B: 'b', C: ' y' } });
    expect(located(document, ['R', 'B'])).toEqual({ at: '5:6', text: 'b' });
  });

  it('still refuses other shallow lines, where js-yaml found them', () => {
    const text = 'A:\n  B: [a,\n b]\n';
    expect(lineColumn(text, problemOf(parse(text)).start)).toBe('3:2');
    expect(problemOf(parse('A: x\n B: y\n')).message).toMatch(/./);
  });

  it('reports a mistake after such scalars where it is, as in a copy with their lines indented', () => {
    // Not "this single-quoted string is never closed" at line 2: that string is closed and read.
    for (const [text, fixed] of [
      ["R:\n  P: 'a\n  b'\n  Q: [x,\n y]\n", "R:\n  P: 'a\n   b'\n  Q: [x,\n y]\n"],
      ["R:\n  P: 'a\n  b'\n Q: y\n", "R:\n  P: 'a\n   b'\n Q: y\n"],
      ["R:\r\n  P: \"a\r\n  b\"\r\n  Q: 'c\r\n d'\r\n  S: {a: 1\r\n }\r\n", "R:\r\n  P: \"a\r\n   b\"\r\n  Q: 'c\r\n   d'\r\n  S: {a: 1\r\n }\r\n"],
    ]) {
      const problem = problemOf(parse(text!));
      const expected = problemOf(parse(fixed!));
      expect({ message: problem.message, at: lineColumn(text!, problem.start) }).toEqual({ message: expected.message, at: lineColumn(fixed!, expected.start) });
    }
  });

  it('reads any number of them, with their values and the positions after them', () => {
    // Joined all at once: one more run of js-yaml for the file, not one per scalar (8 at most, before).
    const policies = Array.from({ length: 20 }, (_, i) => `  P${i}: '{\n    "a": ${i}\n  }'\n  Q${i}: "x\n  y"\n`);
    const text = `R:\n${policies.join('')}  Last: v\n`;
    const document = documentOf(parse(text));
    const value = document.value as { R: Record<string, string> };
    expect(value.R['P19']).toBe('{ "a": 19 }');
    expect(value.R['Q19']).toBe('x y');
    expect(located(document, ['R', 'Last'])).toEqual({ at: '102:9', text: 'v' });
  });

  it('still refuses such a scalar as a key, or holding a document marker, as PyYAML does', () => {
    // Joined, each would read: a key on one line, a `---` line inside the string.
    for (const text of ['R:\n  - "a\n  b": c\n', 'R:\n  P: {"a\n  b": c}\n', "R:\n  P: 'a\n---\n  b'\nQ: 1\n", "R:\n  P: 'a\n... b'\nQ: 1\n"]) {
      expect(problemOf(parse(text)).message).toMatch(/./);
    }
    expect(valueOf("R:\n  P: 'a\n---b'\n")).toEqual({ R: { P: 'a ---b' } });
    expect(valueOf('R:\n  ? "a\n  b"\n  : c\n')).toEqual({ R: { 'a b': 'c' } });
  });
});

describe('parseYaml: scalars', () => {
  it.each([
    ['null', null], ['Null', null], ['NULL', null], ['~', null], ['', null],
    ['true', true], ['True', true], ['TRUE', true], ['false', false], ['FALSE', false],
    // CloudFormation reads YAML 1.1 booleans (PyYAML's and SnakeYAML's list: not y/n).
    ['yes', true], ['Yes', true], ['YES', true], ['no', false], ['No', false], ['NO', false],
    ['on', true], ['On', true], ['ON', true], ['off', false], ['Off', false], ['OFF', false],
    ['yEs', 'yEs'], ['oN', 'oN'], ['y', 'y'], ['n', 'n'], ['Y', 'Y'], ['onion', 'onion'], ['nope', 'nope'], ['"yes"', 'yes'], ["'off'", 'off'],
    ['0', 0], ['123', 123], ['-5', -5], ['+5', 5], ['0x1F', 31], ['0o17', 15],
    ['1.5', 1.5], ['1e3', 1000], ['.5', 0.5], ['-1.25E-2', -0.0125], ['.inf', Infinity], ['-.Inf', -Infinity], ['.nan', NaN],
    ['2010-09-09', '2010-09-09'], ['10.0.0.0/16', '10.0.0.0/16'], ['1_000', '1_000'], ['0b101', '0b101'],
    ['012345678901', '012345678901'], ['007', '007'], ['12345678901234567890', '12345678901234567890'],
    ['9007199254740993', '9007199254740993'], ['100000000000000000000', 100000000000000000000],
    ['"123"', '123'], ["'true'", 'true'], ['"null"', 'null'], ['"a\\tb"', 'a\tb'], ["'it''s'", "it's"],
    ['plain\n  folded', 'plain folded'], ['|\n  line 1\n  line 2\n', 'line 1\nline 2\n'], ['>-\n  a\n  b\n', 'a b'],
  ])('%j → %j', (source, expected) => {
    expect(valueOf(`v: ${source}`)).toEqual({ v: expected });
  });

  it.each([
    ['!!str 123', '123'], ['!!str', ''], ['!!int "42"', 42], ['!!int 0x10', 16], ['!!float 1', 1], ['!!float "2.5"', 2.5],
    ['!!bool "true"', true], ['!!null ""', null], ['!!binary aGk=', 'aGk='], ['! 12', '12'],
    ['!<tag:yaml.org,2002:int> "7"', 7], ['!!timestamp 2001-12-14', '2001-12-14'],
    ['!!map {a: 1}', { a: 1 }], ['!!seq [1]', [1]], ['! [1]', [1]], ['!<!Ref> x', { Ref: 'x' }],
  ])('honours the standard tag in %j', (source, expected) => {
    expect(valueOf(`v: ${source}`)).toEqual({ v: expected });
  });

  it('reads booleans as CloudFormation does in values, also under !!bool, but keeps keys as written', () => {
    expect(valueOf('v: !!bool yes\nw: !!bool Off\n')).toEqual({ v: true, w: false });
    // A logical id, parameter or mapping key named On or Yes keeps its name.
    expect(valueOf('On: yes\nyes: [no, on]\nOff: {NO: OFF}\n')).toEqual({ On: true, yes: [false, true], Off: { NO: false } });
  });

  it('keeps yes/no/on/off as strings under the core schema (our configuration file)', () => {
    const core = documentOf(parseYaml(sourceFile('level: off\nv: [yes, No, ON]\nt: true\n'), DEFAULT_PARSE_LIMITS, 'core'));
    expect(core.value).toEqual({ level: 'off', v: ['yes', 'No', 'ON'], t: true });
    expect(problemOf(parseYaml(sourceFile('v: !!bool yes\n'), DEFAULT_PARSE_LIMITS, 'core')).message).toBe('"yes" is not a valid !!bool value');
  });

  it('turns keys into strings as JSON objects need them', () => {
    expect(valueOf('1: a\n~: b\ntrue: c\n"quoted key": d\n!!str 2: e\n0x10: f\n')).toEqual({
      '1': 'a',
      null: 'b',
      true: 'c',
      'quoted key': 'd',
      '2': 'e',
      '16': 'f',
    });
  });

  it('keeps `__proto__` and `constructor` as own keys without touching the prototype', () => {
    const value = valueOf('__proto__: {polluted: true}\nconstructor: 1\ntoString: 2\n') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('merge keys (<<), expanded as `aws cloudformation package` and SAM expand them', () => {
    it('brings in the keys the mapping does not have; explicit keys win wherever they stand', () => {
      expect(valueOf('base: &b {a: 1, b: 2}\nx:\n  <<: *b\n  b: 3\n')).toEqual({ base: { a: 1, b: 2 }, x: { a: 1, b: 3 } });
      expect(valueOf('base: &b {a: 1, b: 2}\nx:\n  b: 3\n  <<: *b\n')).toEqual({ base: { a: 1, b: 2 }, x: { b: 3, a: 1 } });
    });

    it('merges a list of mappings, earlier ones first, and an inline mapping', () => {
      const text = 'p: &p {a: 1, b: 1}\nq: &q {b: 2, c: 2}\nx:\n  <<: [*p, *q]\ny:\n  <<: {d: 4}\n  e: 5\n';
      expect(valueOf(text)).toMatchObject({ x: { a: 1, b: 1, c: 2 }, y: { d: 4, e: 5 } });
    });

    it('keeps a quoted or tagged << an ordinary key', () => {
      expect(valueOf('b: &b {a: 1}\nx:\n  "<<": *b\n')).toEqual({ b: { a: 1 }, x: { '<<': { a: 1 } } });
      expect(valueOf('b: &b {a: 1}\nx:\n  !!str <<: *b\n')).toEqual({ b: { a: 1 }, x: { '<<': { a: 1 } } });
    });

    it('still refuses a key given twice explicitly, and a merge of something that is not a mapping', () => {
      expect(problemOf(parse('b: &b {a: 1}\nx:\n  <<: *b\n  c: 1\n  c: 2\n')).message).toBe('duplicate key "c" (first at line 4)');
      expect(problemOf(parse('s: &s [1]\nx:\n  <<: *s\n'))).toMatchObject({ message: 'a merge key (<<) needs a mapping or a list of mappings' });
    });

    it('locates a merged key at the merge, and what is inside its value where the anchor writes it', () => {
      const text = [
        'Resources:',
        '  App:',
        '    Properties: &logs',
        '      RetentionInDays: 30',
        '      Tags: [{Key: team, Value: web}]',
        '  Audit:',
        '    Properties:',
        '      <<: *logs',
        '      LogGroupName: /audit',
        '',
      ].join('\n');
      const document = documentOf(parse(text));
      const audit = ['Resources', 'Audit', 'Properties'];
      expect(located(document, [...audit, 'RetentionInDays'])).toEqual({ at: '8:11', text: '*logs' });
      expect(located(document, [...audit, 'RetentionInDays'], 'key')).toEqual({ at: '8:7', text: '<<' });
      expect(located(document, [...audit, 'Tags', 0, 'Value'])).toEqual({ at: '5:33', text: 'web' });
      expect(located(document, [...audit, 'LogGroupName'])).toEqual({ at: '9:21', text: '/audit' });
    });
  });

  it('shares the anchored value rather than copying it', () => {
    const value = valueOf('a: &p {CidrBlock: 10.0.0.0/16}\nb: *p\nc: &s !Ref X\nd: *s\n') as Record<string, object>;
    expect(value.b).toBe(value.a);
    expect(value.d).toBe(value.c);
    expect(value.d).toEqual({ Ref: 'X' });
  });

  it('returns the first document of a stream, and where the next non-empty one starts', () => {
    const later = (text: string) => documentOf(parse(text)).laterDocumentAt;
    expect(valueOf('a: 1\n---\nb: 2\n')).toEqual({ a: 1 });
    expect(later('a: 1\n---\nb: 2\n')).toBe(9);
    expect(later('--- [1]\n--- {b: 2}\n')).toBe(12);
    expect(later('x: 1\n---\n- 1\n')).toBe(9);
    // An empty document does not hide one after it.
    expect(later('x: 1\n---\n---\ny: 2\n')).toBe(13);
    // An explicit start or end marker, or an empty document after the first, is no second document.
    for (const text of ['%YAML 1.2\n---\nx: 1\n...\n', '---\nx: 1\n', 'x: 1\n---\n', 'x: 1\n...\n---\n# only a comment\n']) {
      expect(valueOf(text)).toEqual({ x: 1 });
      expect(later(text)).toBeUndefined();
    }
  });

  it.each(['', '   \n  ', '# only a comment\n', '---\n', '--- # nothing\n...\n'])('calls %j an empty file', (text) => {
    expect(problemOf(parse(text)).message).toBe('empty file');
  });

  it('refuses an empty first document before a second, where the second starts', () => {
    const text = '---\n...\n---\nAWSTemplateFormatVersion: "2010-09-09"\n';
    const problem = problemOf(parse(text));
    expect(problem.message).toMatch(/^the first YAML document is empty and a second one starts here/);
    expect(problem.start).toBe(text.indexOf('AWSTemplateFormatVersion'));
  });

  it('accepts a document that is just null or a scalar', () => {
    expect(valueOf('~')).toBeNull();
    expect(valueOf('hello')).toBe('hello');
  });
});

describe('parseYaml: positions', () => {
  const document = documentOf(parse(fixtureText('vpc-flow-logs.yaml')));
  const flowLog = ['Resources', 'FlowLog', 'Properties'];

  it('locates keys and values, quotes included', () => {
    expect(located(document, [...flowLog, 'TrafficType'], 'key')).toEqual({ at: '68:7', text: 'TrafficType' });
    expect(located(document, [...flowLog, 'TrafficType'])).toEqual({ at: '68:20', text: 'ALL' });
    expect(located(document, ['AWSTemplateFormatVersion'])).toEqual({ at: '1:27', text: '"2010-09-09"' });
  });

  it('locates a nested property and a list item', () => {
    const statement = ['Resources', 'FlowLogRole', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0];
    expect(located(document, [...statement, 'Action', 1])).toEqual({ at: '59:21', text: 'logs:PutLogEvents' });
    expect(located(document, [...statement, 'Effect'], 'key')).toEqual({ at: '56:17', text: 'Effect' });
    expect(located(document, ['Parameters', 'Environment', 'AllowedValues'])).toEqual({ at: '6:20', text: '[dev, prod]' });
    expect(located(document, ['Parameters', 'Environment', 'AllowedValues', 1])).toEqual({ at: '6:26', text: 'prod' });
  });

  it('locates a tagged value as the whole node and its long-form key as the tag', () => {
    const tag = ['Resources', 'Vpc', 'Properties', 'Tags', 0, 'Value'];
    expect(located(document, tag)).toEqual({ at: '18:18', text: '!Sub "${AWS::StackName}-vpc"' });
    expect(located(document, [...tag, 'Fn::Sub'], 'key')).toEqual({ at: '18:18', text: '!Sub' });
    expect(located(document, [...tag, 'Fn::Sub'])).toEqual({ at: '18:23', text: '"${AWS::StackName}-vpc"' });
  });

  it('locates both halves of a dotted !GetAtt', () => {
    const arn = [...flowLog, 'DeliverLogsPermissionArn'];
    expect(located(document, arn)).toEqual({ at: '71:33', text: '!GetAtt FlowLogRole.Arn' });
    expect(located(document, [...arn, 'Fn::GetAtt'], 'key')).toEqual({ at: '71:33', text: '!GetAtt' });
    expect(located(document, [...arn, 'Fn::GetAtt', 0])).toEqual({ at: '71:41', text: 'FlowLogRole' });
    expect(located(document, [...arn, 'Fn::GetAtt', 1])).toEqual({ at: '71:53', text: 'Arn' });
  });

  it('locates a tagged block sequence and the items inside it', () => {
    const zone = ['Resources', 'SubnetA', 'Properties', 'AvailabilityZone'];
    expect(located(document, zone)).toEqual({ at: '24:25', text: '!Select\n        - 0\n        - !GetAZs ""' });
    expect(located(document, [...zone, 'Fn::Select', 1])).toEqual({ at: '26:11', text: '!GetAZs ""' });
    expect(located(document, [...zone, 'Fn::Select', 1, 'Fn::GetAZs'])).toEqual({ at: '26:19', text: '""' });
  });

  it('falls back to the key of the nearest existing ancestor for a missing path', () => {
    expect(located(document, [...flowLog, 'LogFormat'])).toEqual({ at: '65:5', text: 'Properties' });
    expect(located(document, [...flowLog, 'ResourceId', 'Ref', 'deeper'])).toEqual({ at: '66:19', text: '!Ref' });
    expect(located(document, [...flowLog, 'ResourceId', 'Fn::GetAtt'])).toEqual({ at: '66:7', text: 'ResourceId' });
    expect(located(document, ['Parameters', 'Environment', 'AllowedValues', 9])).toEqual({ at: '6:5', text: 'AllowedValues' });
    expect(located(document, ['Transform']).at).toBe('1:1');
  });

  it('locates block scalars from their indicator and empty values at their key', () => {
    const doc = documentOf(parse('Description: |\n  line one\n  line two\nEmpty:\nNext: 1\n'));
    expect(located(doc, ['Description'])).toEqual({ at: '1:14', text: '|\n  line one\n  line two' });
    expect(located(doc, ['Empty'])).toEqual({ at: '4:1', text: 'Empty' });
  });

  it('locates an alias where it is written, and paths through it in the anchored node', () => {
    const doc = documentOf(parse('a: &p {CidrBlock: 10.0.0.0/16}\nb: *p\n'));
    expect(located(doc, ['b'])).toEqual({ at: '2:4', text: '*p' });
    expect(located(doc, ['b', 'CidrBlock'])).toEqual({ at: '1:19', text: '10.0.0.0/16' });
    expect(located(doc, ['a'])).toEqual({ at: '1:4', text: '&p {CidrBlock: 10.0.0.0/16}' });
  });

  it('locates escaped and irregular keys by their decoded names', () => {
    const doc = documentOf(parse('"a\\u0062": 1\n~: 2\n? |\n  block\n: 3\n'));
    expect(located(doc, ['ab'], 'key')).toEqual({ at: '1:1', text: '"a\\u0062"' });
    expect(located(doc, ['null'], 'key')).toEqual({ at: '2:1', text: '~' });
    expect(located(doc, ['block\n'], 'key').at).toBe('3:3');
  });

  it('finds keys in a large mapping through its index', () => {
    const text = Array.from({ length: 200 }, (_, i) => `Key${i}: ${i}`).join('\n');
    const doc = documentOf(parse(text));
    expect(located(doc, ['Key150'])).toEqual({ at: '151:9', text: '150' });
    expect(located(doc, ['Key7'], 'key')).toEqual({ at: '8:1', text: 'Key7' });
    expect(located(doc, ['Key999']).at).toBe('1:1');
  });

  it('gets positions right with CRLF line endings', () => {
    const doc = documentOf(parse(fixtureText('crlf.yaml')));
    expect(located(doc, ['Resources', 'Vpc', 'Type'])).toEqual({ at: '3:11', text: 'AWS::EC2::VPC' });
    expect(located(doc, ['Resources', 'Vpc', 'Properties', 'CidrBlock'])).toEqual({ at: '5:18', text: '!Ref Cidr' });
    const whole = documentOf(parse(fixtureText('vpc-flow-logs.yaml').replace(/\n/g, '\r\n')));
    expect(located(whole, [...flowLog, 'TrafficType'])).toEqual({ at: '68:20', text: 'ALL' });
    expect(whole.value).toEqual(document.value);
  });

  it('counts offsets from after a byte order mark', () => {
    const decoded = decodeText(fixtureBytes('bom.yaml'));
    if (!decoded.ok) expect.fail(decoded.problem.message);
    const doc = documentOf(parse(decoded.text));
    expect(located(doc, ['Resources', 'Vpc', 'Type'])).toEqual({ at: '3:11', text: 'AWS::EC2::VPC' });
  });

  it('locates the ends of flow collections at their closing brackets', () => {
    const doc = documentOf(parse('a: [1, [2, 3] ,  ]\nb: { c: {}, d: [ ] # note\n  }\n'));
    expect(located(doc, ['a'])).toEqual({ at: '1:4', text: '[1, [2, 3] ,  ]' });
    expect(located(doc, ['a', 1])).toEqual({ at: '1:8', text: '[2, 3]' });
    expect(located(doc, ['b'])).toEqual({ at: '2:4', text: '{ c: {}, d: [ ] # note\n  }' });
    expect(located(doc, ['b', 'd'])).toEqual({ at: '2:16', text: '[ ]' });
  });
});
