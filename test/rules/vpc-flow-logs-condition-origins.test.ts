/**
 * A flow log left out of the default deployment by a false Condition: the VPC's error names, as
 * related locations, the parameter defaults (or the values a parent stack passes) that make it false,
 * as it names a Terraform variable default that makes a count 0. Only the values that decide it: the
 * false operand of an Fn::And, every operand of a false Fn::Or, through Fn::Not and named conditions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const template = (conditions: string) => `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  EnableFlowLogs:
    Type: String
    Default: 'false'
    AllowedValues: ['true', 'false']
  Environment:
    Type: String
    Default: dev
    AllowedValues: [dev, production]
Conditions:
${conditions}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  FlowLog:
    Type: AWS::EC2::FlowLog
    Condition: CreateFlowLogs
    Properties:
      ResourceId: !Ref Vpc
      ResourceType: VPC
      TrafficType: ALL
      LogDestinationType: s3
      LogDestination: arn:aws:s3:::central-flow-logs
`;

const LEAVES = 'this value leaves flow log `FlowLog` out of the default deployment';

// Line 5 is EnableFlowLogs' default, line 9 Environment's.
const CASES: [string, string, number[]][] = [
  ['a parameter default', "  CreateFlowLogs: !Equals [!Ref EnableFlowLogs, 'true']", [5]],
  ['the false operand of Fn::And only', "  CreateFlowLogs: !And [!Equals [!Ref Environment, dev], !Equals [!Ref EnableFlowLogs, 'true']]", [5]],
  ['every operand of a false Fn::Or', "  CreateFlowLogs: !Or [!Equals [!Ref Environment, production], !Equals [!Ref EnableFlowLogs, 'true']]", [9, 5]],
  ['through Fn::Not', '  CreateFlowLogs: !Not [!Equals [!Ref Environment, dev]]', [9]],
  ['through a named condition', "  IsProduction: !Equals [!Ref Environment, production]\n  CreateFlowLogs: !Condition IsProduction", [9]],
  ['nothing when no parameter decides it', "  CreateFlowLogs: !Equals ['on', 'off']", []],
];

const PARENT = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  NetworkStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested-stacks/vpc.yaml
      Parameters:
        EnableFlowLogs: 'false'
`;

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-condition-origins-');
  const files: Record<string, string> = Object.fromEntries(CASES.map(([, conditions], i) => [`case${i}/template.yaml`, template(conditions)]));
  files['nested/parent.yaml'] = PARENT;
  files['nested/nested-stacks/vpc.yaml'] = template("  CreateFlowLogs: !Equals [!Ref EnableFlowLogs, 'true']").replace("Default: 'false'", "Default: 'true'");
  writeTree(dir, files);
});
afterAll(() => removeDir(dir));

describe('a flow log behind a condition false by default', () => {
  CASES.forEach(([name, , lines], i) => {
    it(name, async () => {
      const result = await lint([`case${i}`], { cwd: dir });
      const [finding, ...others] = result.findings.filter((f) => f.ruleId === 'vpc-flow-logs');
      expect(others).toEqual([]);
      expect(finding!.message).toContain('`FlowLog` does not exist by default: condition CreateFlowLogs is false');
      const decided = finding!.related.filter((r) => r.message === LEAVES).map((r) => r.region.startLine);
      expect(decided).toEqual(lines);
    });
  });

  it('names the value a parent stack passes, in the parent', async () => {
    const result = await lint(['nested'], { cwd: dir });
    const [finding] = result.findings.filter((f) => f.ruleId === 'vpc-flow-logs');
    const decided = finding!.related.filter((r) => r.message === LEAVES).map((r) => `${r.file}:${r.region.startLine}`);
    expect(decided).toEqual(['nested/parent.yaml:8']);
  });
});
