/**
 * A nested stack's child template that the run does not have is read as context when its
 * `TemplateURL` (SAM: `Location`) is a relative path to an existing file (src/engine/nested-templates.ts),
 * transitively, each file once. Its findings are reported through the reported template whose stack
 * creates its resources; its parse errors when a reported template leads to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import { lintSync } from '../../src/engine/lint-sync.js';
import { MAX_NESTED_TEMPLATES } from '../../src/engine/nested-templates.js';
import { writeTree } from '../cli/helpers.js';
import { removeScratch, scratch } from '../cli/scratch.js';

afterEach(removeScratch);

function shown(result: LintResult): string[] {
  return result.findings.map((f) => `${f.ruleId}@${f.file}:${f.resourceId ?? f.region.startLine}`);
}

/** A parent that passes a 7-day retention and its VPC into the stack `Child` at `location`. */
function parent(location: string, extra = ''): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ${location}
      Parameters:
        VpcId: !Ref Vpc
        RetentionDays: 7
${extra}`;
}

/** A child that covers the VPC it is given with a flow log into a log group kept `RetentionDays`. */
const FLOW_LOG_CHILD = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  VpcId:
    Type: AWS::EC2::VPC::Id
  RetentionDays:
    Type: Number
    Default: 365
Resources:
  FlowLogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: !Ref RetentionDays
  FlowLog:
    Type: AWS::EC2::FlowLog
    Properties:
      ResourceId: !Ref VpcId
      ResourceType: VPC
      TrafficType: ALL
      LogDestinationType: s3
      LogDestination: arn:aws:s3:::central-flow-logs
`;

/** A template that names `location` as a nested stack and creates nothing else. */
function including(...locations: string[]): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${locations.map((l, i) => `  Stack${i}:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ${l}\n`).join('')}`;
}

describe('a nested stack whose child template is not in the run', () => {
  it('reads the child beside a named parent: its retention, decided by the parent, is reported and the VPC it covers is covered', async () => {
    const dir = scratch();
    writeTree(dir, { 'app.yaml': parent('./flow-logs.yaml'), 'flow-logs.yaml': FLOW_LOG_CHILD });
    const result = await lint(['app.yaml'], { cwd: dir });
    expect(shown(result)).toEqual(['log-group-retention@flow-logs.yaml:FlowLogGroup']);
    expect(result.findings[0]!.related.map((r) => r.file)).toEqual(['app.yaml']);
    // Read, not linted: the summary counts the named file; the child is an input (never written by --output).
    expect(result.files).toEqual(['app.yaml']);
    expect(result.inputs).toEqual(['app.yaml', 'flow-logs.yaml']);
    expect(result.notifications).toEqual([]);
  });

  it('follows SAM Application locations and a child of a child, through folders walks skip', async () => {
    const dir = scratch();
    writeTree(dir, {
      'template.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Network:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: node_modules/net/network.yaml\n",
      'node_modules/net/network.yaml': parent('../logs/flow-logs.yaml'),
      'node_modules/logs/flow-logs.yaml': FLOW_LOG_CHILD,
    });
    for (const paths of [['template.yaml'], []]) {
      const result = await lint(paths, { cwd: dir });
      expect(shown(result), paths.join()).toEqual(['log-group-retention@node_modules/logs/flow-logs.yaml:FlowLogGroup']);
      expect(result.files).toEqual(['template.yaml']);
    }
  });

  it('reads each template once, and ends, when nested stacks form a cycle', async () => {
    const dir = scratch();
    writeTree(dir, {
      'a.yaml': including('./b.yaml'),
      'b.yaml': including('./c.yaml', './b.yaml', './a.yaml'),
      'c.yaml': including('./sub/../b.yaml', './d.yaml'),
      'd.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n",
    });
    const result = await lint(['a.yaml'], { cwd: dir });
    expect(result.inputs).toEqual(['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml']);
    expect(shown(result)).toEqual(['vpc-flow-logs@d.yaml:Vpc']);
    expect(lintSync(['a.yaml'], { cwd: dir })).toEqual(result);
  });

  it('leaves a missing child, a URL, an absolute path and a .tf file unknown, as before: a note, nothing read', async () => {
    const dir = scratch();
    writeTree(dir, { 'flow-logs.yaml': FLOW_LOG_CHILD, 'main.tf': 'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n' });
    for (const location of ['./missing.yaml', './main.tf', 'https://example-bucket.s3.amazonaws.com/flow-logs.yaml', 's3://example-bucket/flow-logs.yaml', join(dir, 'flow-logs.yaml')]) {
      writeTree(dir, { 'app.yaml': parent(location) });
      const result = await lint(['app.yaml'], { cwd: dir });
      expect(result.inputs, location).toEqual(['app.yaml']);
      expect(result.findings.map((f) => `${f.ruleId}:${f.level}:${f.resourceId}`), location).toEqual(['vpc-flow-logs:note:Vpc']);
    }
  });

  it('reports a child that does not parse at the child, since the named parent deploys it', async () => {
    const dir = scratch();
    writeTree(dir, { 'app.yaml': parent('./flow-logs.yaml'), 'flow-logs.yaml': FLOW_LOG_CHILD.replace('  FlowLog:\n', '  FlowLog: [\n') });
    const result = await lint(['app.yaml'], { cwd: dir });
    expect(shown(result)).toEqual(['vpc-flow-logs@app.yaml:Vpc', 'parse-error@flow-logs.yaml:15']);
    expect(result.findings[0]!.level).toBe('note'); // what the broken child creates is unknown
    expect(result.notifications.map((n) => n.file)).toEqual(['flow-logs.yaml']);
    // A context template's broken child is not the named file's problem (the notification stays).
    writeTree(dir, { 'other.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n" });
    const context = await lint(['other.yaml'], { cwd: dir, context: ['app.yaml'] });
    expect(shown(context)).toEqual([]);
    expect(context.notifications.map((n) => n.file)).toEqual(['flow-logs.yaml']);
  });

  it('reports a child that does not parse even when its text names no resource type, but skips one that parses into no template', async () => {
    const dir = scratch();
    // Cut off before any `Type:`: no text that looks like a template, but the stack deploys it.
    writeTree(dir, { 'app.yaml': parent('./flow-logs.yaml'), 'flow-logs.yaml': 'Resources:\n  FlowLog: [\n' });
    const result = await lint(['app.yaml'], { cwd: dir });
    expect(shown(result)).toEqual(['vpc-flow-logs@app.yaml:Vpc', 'parse-error@flow-logs.yaml:2']);
    expect(result.findings[0]!.message).toMatch(/its template flow-logs\.yaml could not be parsed/);
    // A file that parses but is no template of ours (a third-party type only, say) is left unknown, as before.
    writeTree(dir, { 'flow-logs.yaml': 'Resources:\n  Thing:\n    Type: Example::Thing::MODULE\n' });
    const parsed = await lint(['app.yaml'], { cwd: dir });
    expect(parsed.findings.map((f) => `${f.ruleId}:${f.level}:${f.resourceId}`)).toEqual(['vpc-flow-logs:note:Vpc']);
    expect(parsed.notifications).toEqual([]);
  });

  it('with --context, reports a child finding only when a named template creates its resources', async () => {
    const dir = scratch();
    writeTree(dir, {
      'app.yaml': parent('./node_modules/logs/flow-logs.yaml'),
      'other.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
      'node_modules/logs/flow-logs.yaml': FLOW_LOG_CHILD,
    });
    expect(shown(await lint(['other.yaml'], { cwd: dir, context: ['.'] }))).toEqual([]);
    expect(shown(await lint(['app.yaml'], { cwd: dir, context: ['.'] }))).toEqual(['log-group-retention@node_modules/logs/flow-logs.yaml:FlowLogGroup']);
  });

  it('without --context, still reports the problems of files the run reads but does not name: a terraform.tfvars, a module outside the run', async () => {
    const dir = scratch();
    writeTree(dir, {
      'infra/app.yaml': parent('../stacks/flow-logs.yaml'),
      'stacks/flow-logs.yaml': FLOW_LOG_CHILD,
      'infra/main.tf': 'variable "cidr" {\n  type = string\n}\n\nmodule "shared" {\n  source = "../modules/shared"\n}\n',
      'infra/terraform.tfvars': 'cidr = = "10.0.0.0/16"\n',
      'modules/shared/main.tf': 'resource "aws_sns_topic" "alerts" {\n  name = "alerts"\n}\n\n# flowguard:ignore vpc-flow-logs The VPC moved to the network account.\n',
    });
    const expected = ['parse-error@infra/terraform.tfvars:1', 'suppression@modules/shared/main.tf:5', 'log-group-retention@stacks/flow-logs.yaml:FlowLogGroup'];
    const result = await lint(['infra'], { cwd: dir });
    expect(shown(result)).toEqual(expected);
    expect(result.files).toEqual(['infra/app.yaml', 'infra/main.tf']);
    expect(lintSync(['infra'], { cwd: dir })).toEqual(result);
  });

  it('does not lint a Terraform plan that a TemplateURL names: it is no template', async () => {
    const dir = scratch();
    writeTree(dir, { 'app.yaml': parent('./plan.json'), 'plan.json': readFileSync(join(import.meta.dirname, '../../fixtures/graph/terraform-plan/vpc-module-locals.json'), 'utf8') });
    const result = await lint(['app.yaml'], { cwd: dir });
    expect(result.inputs).toEqual(['app.yaml']);
    expect(result.findings.map((f) => `${f.ruleId}:${f.level}:${f.file}:${f.resourceId}`)).toEqual(['vpc-flow-logs:note:app.yaml:Vpc']);
  });

  it('reads a child that the ignore patterns leave out of the run, as a Terraform module there is read', async () => {
    const dir = scratch();
    writeTree(dir, { 'app.yaml': parent('./nested/flow-logs.yaml'), 'nested/flow-logs.yaml': FLOW_LOG_CHILD });
    const result = await lint(['.'], { cwd: dir, ignore: ['nested/'] });
    expect(result.files).toEqual(['app.yaml']);
    expect(shown(result)).toEqual(['log-group-retention@nested/flow-logs.yaml:FlowLogGroup']);
  });

  it(`reads at most ${MAX_NESTED_TEMPLATES} child templates, and says where it stopped`, async () => {
    const dir = scratch();
    const count = MAX_NESTED_TEMPLATES + 2;
    const names = Array.from({ length: count }, (_, i) => `stacks/s${String(i).padStart(4, '0')}.yaml`);
    writeTree(dir, { 'app.yaml': including(...names.map((n) => `./${n}`)), ...Object.fromEntries(names.map((n) => [n, "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"])) });
    const result = await lint(['app.yaml'], { cwd: dir });
    expect(result.inputs).toHaveLength(MAX_NESTED_TEMPLATES + 1);
    expect(result.notifications.map((n) => `${n.level} ${n.file}`)).toEqual([`warning ${names[MAX_NESTED_TEMPLATES]}`]);
    expect(result.notifications[0]!.message).toMatch(/not read: the run already read 1000 templates that nested stacks name/);
  });
});
