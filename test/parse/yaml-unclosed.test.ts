/**
 * An unclosed quote or bracket in YAML makes js-yaml give up lines later, with "deficient
 * indentation" at the next key. The parse error points at the quote or bracket that opened it.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS } from '../../src/parse/document.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { unclosedBefore } from '../../src/parse/yaml-unclosed.js';
import { problemOf, sourceFile } from './helpers.js';

const TEMPLATE = (value: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      ${value}
  Logs:
    Type: AWS::Logs::LogGroup
`;

/** Line and column (1-based) of an offset. */
function at(text: string, offset: number): [number, number] {
  const lines = text.slice(0, offset).split('\n');
  return [lines.length, lines[lines.length - 1]!.length + 1];
}

describe('a document marker inside a quoted string', () => {
  it.each([
    ['Description: "Delivery role for VPC flow logs.\n---\n        Owned by the network team."', 'double-quoted string', '---'],
    ["Description: 'Delivery role for VPC flow logs.\n...\n        Owned by the network team.'", 'single-quoted string', '...'],
  ])('%s: says the marker ends the document, where it is', (value, what, marker) => {
    const text = TEMPLATE(value);
    const problem = problemOf(parseYaml(sourceFile(text)));
    expect(problem.message).toBe(
      `the line \`${marker}\` at column 1 (line 7) ends the YAML document inside the ${what} opened at line 6: YAML allows no document marker (\`---\`, \`...\`) at the start of a line of a quoted string ("found unexpected document separator"); indent that line (a continuation line's leading spaces are not part of the string)`,
    );
    expect(at(text, problem.start)).toEqual([7, 1]);
    expect(problem.end - problem.start).toBe(3);
  });

  it('is no marker indented, nor followed by more text: the string goes on (or is unclosed)', () => {
    expect(parseYaml(sourceFile(TEMPLATE('Description: "Delivery role\n        ---\n        Owned by the network team."'))).ok).toBe(true);
    const text = TEMPLATE('Description: "Delivery role\n---x\n        Owned by the network team.');
    expect(problemOf(parseYaml(sourceFile(text))).message).not.toMatch(/document marker/);
  });
});

describe('parse errors of unclosed YAML', () => {
  it.each([
    ["CidrBlock: '10.0.0.0/16", 'single-quoted string', 18],
    ['CidrBlock: "10.0.0.0/16', 'double-quoted string', 18],
    ['Tags: [{Key: a, Value: b}', 'flow sequence [', 13],
    ['Tags: {Key: a, Value: b', 'flow mapping {', 13],
    ["CidrBlock: !Sub '${Prefix}.0.0/16", 'single-quoted string', 23],
  ])('%s: points at the opening character', (value, what, column) => {
    const text = TEMPLATE(value);
    const problem = problemOf(parseYaml(sourceFile(text)));
    expect(problem.message).toBe(`this ${what} is never closed (the YAML parser stopped at line 7: deficient indentation)`);
    expect(at(text, problem.start)).toEqual([6, column]);
  });

  it('points at a flow sequence whose entries run over several lines', () => {
    const text = TEMPLATE('Tags:\n        [{Key: Name, Value: app},\n         {Key: Team, Value: net}');
    const problem = problemOf(parseYaml(sourceFile(text)));
    expect(problem.message).toMatch(/^this flow sequence \[ is never closed/);
    expect(at(text, problem.start)).toEqual([7, 9]);
  });

  it.each([
    ['a quote on a continuation line of plain text', "Description: This VPC is\n        'the main one\n      CidrBlock: 10.0.0.0/16\n     Bad: x"],
    ['a bracket on a continuation line of plain text', 'Description: Network stack\n        [see the runbook\n      CidrBlock: 10.0.0.0/16\n     Bad: x'],
    ["a quote after a dash in plain text", "Description: sizes - 'small\n      CidrBlock: 10.0.0.0/16\n     Bad: x"],
  ])('does not blame %s for an indentation error below it', (_, value) => {
    const problem = problemOf(parseYaml(sourceFile(TEMPLATE(value))));
    expect(problem.message).toBe('bad indentation of a mapping entry');
  });

  // A hang guard, not a timing: the look-back once ran per character over the blanks (a minute for
  // this input); now it runs only for quotes and brackets, and the test takes milliseconds.
  it('does not look back over long runs of blanks for every character', { timeout: 20_000 }, () => {
    const text = TEMPLATE(`Tags: [a,${' '.repeat(200_000)}\n     Bad: x`);
    expect(problemOf(parseYaml(sourceFile(text))).message).toBe('deficient indentation');
  });

  it('leaves a real indentation error as js-yaml words it', () => {
    const text = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n   Properties:\n      CidrBlock: '10.0.0.0/16'\n";
    expect(problemOf(parseYaml(sourceFile(text))).message).not.toContain('never closed');
  });
});

describe('unclosedBefore', () => {
  it.each([
    ['an apostrophe in plain text', "Description: it's a VPC\nName: x\n"],
    ['quotes in a comment', "# don't \"quote\" me\nName: x\n"],
    ['quotes in a block scalar', "Script: |\n  echo 'it\n  say \"hi\nName: x\n"],
    ['an escaped quote in a double-quoted string', 'A: "say \\"hi\\""\nName: x\n'],
    ["a doubled quote in a single-quoted string", "A: 'it''s'\nName: x\n"],
    ['a closed multi-line flow sequence', 'A: [a,\n  b]\nName: x\n'],
  ])('finds nothing open after %s', (_, text) => {
    expect(unclosedBefore(text, text.length)).toBeUndefined();
  });

  it('stays linear on one long line of quoted items', () => {
    // 200,000 quoted items on one line, the bracket never closed: each quote looks back a few characters only.
    const text = `A: [${Array.from({ length: 200_000 }, (_, i) => `!Ref 'v${i}'`).join(', ')}\nB: x\n`;
    expect(unclosedBefore(text, text.length)).toEqual({ offset: 3, what: 'flow sequence [' });
  });

  it('finds the innermost open bracket', () => {
    const text = 'A: [a, {b: c}, [d\n';
    expect(unclosedBefore(text, text.length)).toEqual({ offset: 15, what: 'flow sequence [' });
  });
});

describe('parse errors of templated YAML', () => {
  const HINT = 'the file holds template placeholders';

  it('says that a file with Go / Helm placeholders on the failing line is rendered by another tool', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      Tags:
        - Key: Name
          Value: {{ .Environment }}-vpc
`;
    const problem = problemOf(parseYaml(sourceFile(text)));
    expect(problem.message).toMatch(/^bad indentation of a mapping entry; the file holds template placeholders/);
    expect(at(text, problem.start)[0]).toBe(9);
  });

  it('says so when a placeholder is a whole value, which YAML reads as a mapping used as a key', () => {
    // `CidrBlock: {{ .Values.cidr }}` is valid YAML (a flow mapping whose key is a flow mapping), so
    // it is our own reading that refuses it, not js-yaml: the hint must come with that problem too.
    const text = TEMPLATE('CidrBlock: {{ .Values.cidr }}');
    const problem = problemOf(parseYaml(sourceFile(text)));
    expect(problem.message).toMatch(/^a mapping or sequence cannot be used as a mapping key; the file holds template placeholders/);
    expect(at(text, problem.start)[0]).toBe(6);
  });

  it('gives no hint with a limit that is hit on a line with placeholders', () => {
    const text = TEMPLATE('Tags: [[[[{{ .Values.tags }}]]]]');
    const problem = problemOf(parseYaml(sourceFile(text), { ...DEFAULT_PARSE_LIMITS, maxDepth: 5 }));
    expect(problem.limit).toBe('maxDepth');
    expect(problem.message).not.toContain(HINT);
  });

  it('says so for a Jinja block tag on the line before', () => {
    const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n{% for env in envs %}\n  Vpc{{ env }}:\n    Type: AWS::EC2::VPC\n";
    expect(problemOf(parseYaml(sourceFile(text))).message).toContain(HINT);
  });

  it('gives no hint for a CloudFormation dynamic reference beside a plain YAML error', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: '{{resolve:secretsmanager:db:SecretString:password}}'
        Engine: postgres
`;
    const problem = problemOf(parseYaml(sourceFile(text)));
    expect(problem.message).not.toContain(HINT);
  });
});
