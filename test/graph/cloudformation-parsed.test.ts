/**
 * The adapter on documents from the real parsers (`parseData`): same graph as with the test helper,
 * and spans that point at the source text a finding would show.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import type { DataDocument } from '../../src/parse/document.js';
import { parseData } from '../../src/parse/index.js';
import { fixture, graphOf, plain } from './helpers.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/graph/cloudformation');

function parsed(name: string): DataDocument {
  const absolutePath = path.join(FIXTURES, name);
  const result = parseData({ path: name, absolutePath, text: readFileSync(absolutePath, 'utf8') });
  if (!result.ok) throw new Error(`${name}: ${result.problem.message}`);
  return result.document;
}

function summary(g: ResourceGraph): unknown {
  return {
    nodes: [...g.nodes.values()].map((n) => ({ uid: n.uid, kind: n.kind, existence: n.existence.state, attrs: Object.fromEntries(Object.entries(n.attrs).map(([k, v]) => [k, plain(v)])) })),
    edges: g.edges.map((e) => `${e.from} --${e.via}--> ${e.to}`),
  };
}

const sets = [['refs.yaml'], ['parameters.yaml'], ['strings.json'], ['conditions.yaml'], ['exports/network.yaml', 'exports/flowlogs.yaml']];

describe('with the real parsers', () => {
  it.each(sets.map((s) => [s.join(' + '), s]))('%s gives the same graph', (_, files) => {
    // Nested stacks are left out: the helper's documents live under /repo, real ones on disk.
    expect(summary(graphOf(addCloudFormation, files.map(parsed)))).toEqual(summary(graphOf(addCloudFormation, files.map(fixture))));
  });

  it('joins a nested stack by its TemplateURL on disk', () => {
    const g = graphOf(addCloudFormation, ['nested/parent.yaml', 'nested/children/flowlog.yaml'].map(parsed));
    expect(plain(g.nodes.get('nested/children/flowlog.yaml#FlowLog')!.attrs['target'])).toEqual({ ref: 'nested/parent.yaml#VPC.Ref' });
  });

  it('points spans at the source text', () => {
    const doc = parsed('parameters.yaml');
    const g = graphOf(addCloudFormation, [doc]);
    const text = (s: { start: number; end: number }): string => doc.file.text.slice(s.start, s.end);
    const node = g.nodes.get('parameters.yaml#FromParam')!;
    const retention = node.attrs['retentionDays']!;
    expect(text(node.span)).toBe('FromParam');
    expect(text(node.attrKeySpans['retentionDays']!)).toBe('RetentionInDays');
    expect(text(retention.span)).toContain('Retention');
    expect(text(retention.origin![0]!)).toBe("'400'");
  });
});

describe('booleans as CloudFormation reads YAML (yes, no, on, off)', () => {
  const graphOfText = (text: string): ResourceGraph => {
    const result = parseData({ path: 't.yaml', absolutePath: '/repo/t.yaml', text });
    if (!result.ok) throw new Error(result.problem.message);
    return graphOf(addCloudFormation, [result.document]);
  };
  const template = (parameter: string, equals: string) =>
    `Parameters:\n  Enable:\n    Type: String\n    Default: ${parameter}\nConditions:\n  Enabled: !Equals [!Ref Enable, ${equals}]\n` +
    'Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n  Log:\n    Type: AWS::EC2::FlowLog\n    Condition: Enabled\n    Properties: {ResourceId: !Ref Vpc, ResourceType: VPC, TrafficType: ALL}\n';
  const existence = (g: ResourceGraph) => g.nodes.get('t.yaml#Log')!.existence;

  it.each([
    ['yes', 'yes', 'present'],
    ['Yes', 'true', 'present'],
    ['yes', "'true'", 'present'],
    ['off', 'false', 'present'],
    ["'yes'", "'yes'", 'present'],
    ['yes', "'yes'", 'absent'],
    ["'on'", 'on', 'absent'],
    ['no', "'no'", 'absent'],
  ])('Default: %s against !Equals [.., %s]: the flow log is %s', (parameter, equals, state) => {
    expect(existence(graphOfText(template(parameter, equals))).state).toBe(state);
  });

  it('says which unquoted word decided a false condition, wherever it is written', () => {
    const fromDefault = existence(graphOfText(template('yes', "'yes'")));
    expect(fromDefault).toMatchObject({
      why: 'condition Enabled is false with default parameter values (CloudFormation reads the unquoted yes as true, so Fn::Equals compares "true" with "yes"; quote yes to compare the text)',
    });
    const fromLiteral = existence(graphOfText(template("'On'", 'On')));
    expect(fromLiteral).toMatchObject({ why: expect.stringContaining('reads the unquoted On as true, so Fn::Equals compares "On" with "true"') });
    // Inside Fn::Not / Fn::And too; and no hint when no such word decides.
    const nested = template('no', "'no'").replace('!Equals [!Ref Enable, \'no\']', "!And [!Not [!Equals [!Ref Enable, 'no']], !Equals [a, a]]");
    expect(existence(graphOfText(nested)).state).toBe('present');
    const negated = template('no', "'no'").replace('!Equals [!Ref Enable, \'no\']', "!Not [!Equals [!Ref Enable, 'false']]");
    expect(existence(graphOfText(negated))).toMatchObject({ state: 'absent', why: 'condition Enabled is false with default parameter values' });
    // A condition named On, Yes, … must be quoted where it is used as a value.
    const named = graphOfText(template('yes', 'yes').replaceAll('Enabled', 'On'));
    expect(existence(named)).toMatchObject({ state: 'unknown', why: 'Condition must name a condition (CloudFormation reads the unquoted On as true; quote it)' });
    // Passed down by a parent stack: the word is in the parent's file, the condition in the child's.
    const parsedAt = (path: string, text: string) => {
      const result = parseData({ path, absolutePath: `/repo/${path}`, text });
      if (!result.ok) throw new Error(result.problem.message);
      return result.document;
    };
    const parent = parsedAt('parent.yaml', 'Resources:\n  Network:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: child.json\n      Parameters:\n        Enable: yes\n');
    const child = parsedAt('child.json', JSON.stringify({ Parameters: { Enable: { Type: 'String' } }, Conditions: { Enabled: { 'Fn::Equals': [{ Ref: 'Enable' }, 'yes'] } }, Resources: { Log: { Type: 'AWS::Logs::LogGroup', Condition: 'Enabled' } } }));
    expect(graphOf(addCloudFormation, [parent, child]).nodes.get('child.json#Log')!.existence).toMatchObject({
      state: 'absent',
      why: expect.stringContaining('(CloudFormation reads the unquoted yes as true, so Fn::Equals compares "true" with "yes"; quote yes to compare the text)'),
    });
    const plainFalse = existence(graphOfText(template("'x'", "'y'")));
    expect(plainFalse).toMatchObject({ state: 'absent', why: 'condition Enabled is false with default parameter values' });
  });

  it('gives the hint only when quoting the word would change the comparison', () => {
    const plain = 'condition Enabled is false with default parameter values';
    // Off by default, on purpose: quoting `no` still compares "no" with "yes".
    expect(existence(graphOfText(template('no', "'yes'")))).toMatchObject({ state: 'absent', why: plain });
    expect(existence(graphOfText(template('no', 'yes')))).toMatchObject({ state: 'absent', why: plain });
    // Fn::Equals is case-sensitive: "Yes" is not "yes" either.
    expect(existence(graphOfText(template('Yes', "'yes'")))).toMatchObject({ state: 'absent', why: plain });
    expect(existence(graphOfText(template("'x'", 'yes')))).toMatchObject({ state: 'absent', why: plain });
    // A false Fn::Equals under Fn::Not is no reason for a false condition.
    const andNot = template('yes', "'yes'").replace("!Equals [!Ref Enable, 'yes']", "!And [!Equals [a, b], !Not [!Equals [!Ref Enable, 'yes']]]");
    expect(existence(graphOfText(andNot))).toMatchObject({ state: 'absent', why: plain });
  });
});
