/**
 * `limits.fileTimeBudget` (`--file-time-budget`): a file whose parsing, or whose resolution (a
 * template, a plan, a Terraform root module), runs out of time is a `parse-error` naming the limit and
 * its option; the other files of the run are still linted, and nothing the budget cut short becomes a
 * definite finding. Deterministic: the deadline's clock is replaced by one that advances one second
 * per reading (read on every tick), so a budget of N seconds is about N units of work. Resolution
 * tests keep that clock still until parsing is done (the last `onProgress` call), so that only the
 * resolution spends the budget.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadlineClock } from '../../src/core/deadline.js';
import type { Finding } from '../../src/core/finding.js';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import { lintSync } from '../../src/engine/lint-sync.js';
import type { LintOptions } from '../../src/engine/options.js';
import { toSarif } from '../../src/report/sarif.js';
import { validateSarif } from '../helpers/sarif-schema.js';
import { removeDir, tempDir } from '../robustness/helpers.js';

const DEFAULT_CLOCK = { ...deadlineClock };
const BUDGET = 100;
const PARSE_MESSAGE = `parsing took longer than the per-file time budget of ${BUDGET} s (raise it with --file-time-budget)`;
const RESOLVE_MESSAGE = (what: string) =>
  `resolving references took longer than the per-file time budget of ${BUDGET} s; the rest of ${what} values were treated as unknown (raise it with --file-time-budget)`;

let cwd: string;
/** Clock state: `running` false keeps the time still (parsing, in the resolution tests). */
let time = 0;
let running = true;

beforeEach(() => {
  cwd = tempDir('flowguard-budget-');
  time = 0;
  running = true;
  deadlineClock.every = 1;
  deadlineClock.now = () => (running ? (time += 1000) : time);
});

afterEach(() => {
  Object.assign(deadlineClock, DEFAULT_CLOCK);
  removeDir(cwd);
});

type Files = Record<string, string>;
type Linter = (files: Files, options: LintOptions) => Promise<LintResult>;

const viaLint: Linter = (files, options) => lint({ documents: Object.entries(files).map(([path, text]) => ({ path, text })) }, { cwd, jobs: 1, ...options });
const viaLintSync: Linter = async (files, options) => lintSync({ documents: Object.entries(files).map(([path, text]) => ({ path, text })) }, { cwd, ...options });

/** Options whose clock stands still until every file is parsed. */
function resolutionOnly(limits: LintOptions['limits'] = { fileTimeBudget: BUDGET }): LintOptions {
  running = false;
  return { limits, onProgress: (done, total) => void (running = done === total) };
}

const describeFinding = (f: Finding): string => `${f.ruleId}@${f.resourceId ?? f.file}${f.level === 'error' ? '' : `(${f.level})`}`;
const definite = (result: LintResult, file: string): string[] =>
  result.findings.filter((f) => f.file === file && f.level !== 'note' && f.ruleId !== 'parse-error').map(describeFinding);
const parseErrors = (result: LintResult): Finding[] => result.findings.filter((f) => f.ruleId === 'parse-error');

/** SARIF validates and carries the parse error as a tool notification. */
function expectSarif(result: LintResult, message: string): void {
  const log = toSarif(result, { version: 'test' }) as { runs: { invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
  const errors = validateSarif(log);
  expect(errors, errors.slice(0, 5).join('\n')).toEqual([]);
  const notifications = log.runs[0]!.invocations[0]!.toolExecutionNotifications;
  expect(notifications).toContainEqual(expect.objectContaining({ level: 'error', message: { text: expect.stringContaining(message) } }));
}

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

/** A template with a VPC and nothing else: a definite vpc-flow-logs error, proof that the file was linted. */
const LONELY_VPC = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Lonely:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.1.0.0/16\n";
const LONELY_VPC_TF = 'resource "aws_vpc" "lonely" {\n  cidr_block = "10.1.0.0/16"\n}\n';

function logGroups(count: number): string {
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
  for (let i = 0; i < count; i++) lines.push(`  Group${i}:`, '    Type: AWS::Logs::LogGroup', '    Properties:', '      RetentionInDays: 400');
  return `${lines.join('\n')}\n`;
}

describe.each([
  ['lint', viaLint],
  ['lintSync', viaLintSync],
])('parsing over budget (%s)', (_name, run) => {
  it('makes a YAML template a parse-error where parsing stopped, and lints the other files', async () => {
    const big = logGroups(300);
    const result = await run({ 'big.yaml': big, 'small.yaml': LONELY_VPC }, { limits: { fileTimeBudget: BUDGET } });
    const [problem, ...others] = parseErrors(result);
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ file: 'big.yaml', level: 'error', message: PARSE_MESSAGE });
    // About BUDGET events in: well past the header, well before the end.
    expect(problem!.region.startLine).toBeGreaterThan(3);
    expect(problem!.region.startLine).toBeLessThan(big.split('\n').length / 2);
    expect(definite(result, 'small.yaml')).toEqual(['vpc-flow-logs@Lonely']);
    expect(result.files).toEqual(['small.yaml']);
    expectSarif(result, PARSE_MESSAGE);
  });

  it('makes a .tf file a parse-error at the token where parsing stopped, and lints the other roots', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100; i++) lines.push(`resource "aws_cloudwatch_log_group" "g${i}" {`, '  retention_in_days = 400', '}');
    const big = `${lines.join('\n')}\n`;
    const result = await run({ 'big/main.tf': big, 'small/main.tf': LONELY_VPC_TF }, { limits: { fileTimeBudget: BUDGET } });
    const [problem, ...others] = parseErrors(result);
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ file: 'big/main.tf', level: 'error', message: PARSE_MESSAGE });
    expect(problem!.region.startLine).toBeGreaterThan(5);
    expect(problem!.region.startLine).toBeLessThan(lines.length / 2);
    expect(definite(result, 'small/main.tf')).toEqual(['vpc-flow-logs@aws_vpc.lonely']);
    expectSarif(result, PARSE_MESSAGE);
  });

  it('makes a JSON file that parses (JSON.parse is not interrupted) a parse-error at its start when the checks run out', async () => {
    const template = { AWSTemplateFormatVersion: '2010-09-09', Resources: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`G${i}`, { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 400 } }])) };
    const result = await run({ 'big.json': JSON.stringify(template, null, 1), 'small.yaml': LONELY_VPC }, { limits: { fileTimeBudget: BUDGET } });
    expect(parseErrors(result)).toEqual([expect.objectContaining({ file: 'big.json', message: PARSE_MESSAGE, region: expect.objectContaining({ startLine: 1, startColumn: 1 }) })]);
    expect(definite(result, 'small.yaml')).toEqual(['vpc-flow-logs@Lonely']);
  });

  it('leaves files within the budget alone', async () => {
    const result = await run({ 'big.yaml': logGroups(300), 'small.yaml': LONELY_VPC }, { limits: { fileTimeBudget: 1_000_000 } });
    expect(parseErrors(result)).toEqual([]);
    expect(result.files).toEqual(['big.yaml', 'small.yaml']);
  });
});

/** A CloudFormation policy whose resolution alone spends the budget, then a VPC and the flow log that covers it. */
function heavyTemplate(statements: number): string {
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', '  Heavy:', '    Type: AWS::IAM::ManagedPolicy', '    Properties:', '      PolicyDocument:', '        Statement:'];
  for (let i = 0; i < statements; i++) lines.push('          - Effect: Allow', `            Action: s3:GetObject${i}`, "            Resource: '*'");
  lines.push(
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: 10.0.0.0/16',
    '  FlowLog:',
    '    Type: AWS::EC2::FlowLog',
    '    Properties:',
    '      ResourceType: VPC',
    '      ResourceId: !Ref Vpc',
    '      TrafficType: ALL',
    '      LogDestinationType: s3',
    '      LogDestination: arn:aws:s3:::flow-log-bucket',
  );
  return `${lines.join('\n')}\n`;
}

const HEAVY_TF = `locals {
  xs = [for i in range(500) : i * 2]
}

resource "aws_cloudwatch_log_group" "heavy" {
  retention_in_days = length(local.xs) > 0 ? 400 : 400
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "logs" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::flow-log-bucket"
}
`;

function heavyPlan(arns: number): string {
  const resource = (type: string, name: string, values: object) => ({ address: `${type}.${name}`, mode: 'managed', type, name, values });
  const resources = [
    resource('aws_iam_role', 'heavy', { name: 'heavy', managed_policy_arns: Array.from({ length: arns }, (_, i) => i) }),
    resource('aws_vpc', 'main', { id: 'vpc-0a1b2c3d', cidr_block: '10.0.0.0/16' }),
    resource('aws_flow_log', 'logs', { vpc_id: 'vpc-0a1b2c3d', traffic_type: 'ALL', log_destination_type: 's3', log_destination: 'arn:aws:s3:::flow-log-bucket' }),
  ];
  const lonely = resource('aws_vpc', 'lonely', { id: 'vpc-99', cidr_block: '10.1.0.0/16' });
  return JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: [...resources, lonely] } } }, null, 1);
}

describe.each([
  ['lint', viaLint],
  ['lintSync', viaLintSync],
])('resolution over budget (%s)', (_name, run) => {
  it('CloudFormation: the template is a parse-error where it stopped, its cut values are unknown, the others are linted', async () => {
    const big = heavyTemplate(100);
    const result = await run({ 'big.yaml': big, 'small.yaml': LONELY_VPC }, resolutionOnly());
    const message = RESOLVE_MESSAGE("this file's");
    expect(parseErrors(result)).toEqual([expect.objectContaining({ file: 'big.yaml', level: 'error', message })]);
    expect(parseErrors(result)[0]!.region.startLine).toBe(lineOf(big, 'PolicyDocument'));
    // The flow log's target was not resolved: the VPC may be covered, so it is a note, never an error.
    expect(definite(result, 'big.yaml')).toEqual([]);
    expect(result.findings.filter((f) => f.resourceId === 'Vpc').map(describeFinding)).toEqual(['vpc-flow-logs@Vpc(note)']);
    expect(definite(result, 'small.yaml')).toEqual(['vpc-flow-logs@Lonely']);
    expect(result.files).toEqual(['big.yaml', 'small.yaml']);
    expectSarif(result, message);
  });

  it('CloudFormation: a policy or a role user cut short may concern any role: no missing action, no extra principal', async () => {
    // The role and the flow log resolve; the budget runs out in Heavy; the policy that grants the
    // delivery actions and the Lambda function that also uses the role come after it.
    const statements = heavyTemplate(100).split('\n').slice(2, 7 + 300).join('\n');
    const template = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: { Service: [vpc-flow-logs.amazonaws.com, lambda.amazonaws.com] }',
      '            Action: sts:AssumeRole',
      '            Condition: { StringEquals: { aws:SourceAccount: "111122223333" } }',
      '  FlowLog:',
      '    Type: AWS::EC2::FlowLog',
      '    Properties:',
      '      ResourceType: VPC',
      '      ResourceId: vpc-0a1b2c3d',
      '      TrafficType: ALL',
      '      LogGroupName: flow-logs',
      '      DeliverLogsPermissionArn: !GetAtt Role.Arn',
      statements,
      '  Policy:',
      '    Type: AWS::IAM::Policy',
      '    Properties:',
      '      PolicyName: delivery',
      '      Roles: [!Ref Role]',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: [logs:CreateLogStream, logs:PutLogEvents, logs:DescribeLogGroups, logs:DescribeLogStreams]',
      "            Resource: '*'",
      '  Function:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Role: !GetAtt Role.Arn',
      '',
    ].join('\n');
    const result = await run({ 'iam.yaml': template }, resolutionOnly());
    expect(parseErrors(result)).toEqual([expect.objectContaining({ file: 'iam.yaml', message: RESOLVE_MESSAGE("this file's") })]);
    expect(parseErrors(result)[0]!.region.startLine).toBe(lineOf(template, 'PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3'));
    expect(definite(result, 'iam.yaml')).toEqual([]);
    const within = await run({ 'iam.yaml': template }, resolutionOnly({ fileTimeBudget: 1_000_000 }));
    expect(within.findings.map(describeFinding)).toEqual([]);
  });

  it('CloudFormation: within the budget the same template resolves and the VPC is covered', async () => {
    const result = await run({ 'big.yaml': heavyTemplate(100) }, resolutionOnly({ fileTimeBudget: 1_000_000 }));
    expect(result.findings.map(describeFinding)).toEqual([]);
  });

  it('Terraform: the root module is a parse-error where it stopped, its cut values are unknown, other roots are linted', async () => {
    const result = await run({ 'heavy/main.tf': HEAVY_TF, 'small/main.tf': LONELY_VPC_TF }, resolutionOnly());
    const message = RESOLVE_MESSAGE("this root module's");
    expect(parseErrors(result)).toEqual([expect.objectContaining({ file: 'heavy/main.tf', level: 'error', message })]);
    expect(parseErrors(result)[0]!.region.startLine).toBe(lineOf(HEAVY_TF, 'resource "aws_cloudwatch_log_group"'));
    expect(definite(result, 'heavy/main.tf')).toEqual([]);
    expect(result.findings.filter((f) => f.resourceId === 'aws_vpc.main').map(describeFinding)).toEqual(['vpc-flow-logs@aws_vpc.main(note)']);
    expect(definite(result, 'small/main.tf')).toEqual(['vpc-flow-logs@aws_vpc.lonely']);
    expectSarif(result, message);
  });

  it('Terraform: within the budget the same root resolves and the VPC is covered', async () => {
    const result = await run({ 'heavy/main.tf': HEAVY_TF }, resolutionOnly({ fileTimeBudget: 1_000_000 }));
    expect(result.findings.map(describeFinding)).toEqual([]);
  });

  it('plan: the plan is a parse-error where it stopped, its cut values are unknown, other files are linted', async () => {
    const plan = heavyPlan(500);
    const result = await run({ 'plan.json': plan, 'small.yaml': LONELY_VPC }, resolutionOnly());
    const message = RESOLVE_MESSAGE("this file's");
    expect(parseErrors(result)).toEqual([expect.objectContaining({ file: 'plan.json', level: 'error', message })]);
    expect(parseErrors(result)[0]!.region.startLine).toBe(lineOf(plan, '"aws_iam_role.heavy"'));
    // `aws_vpc.lonely` has no flow log at all, but the cut flow log may target it too: notes only.
    expect(definite(result, 'plan.json')).toEqual([]);
    expect(result.findings.filter((f) => f.resourceId === 'aws_vpc.main').map(describeFinding)).toEqual(['vpc-flow-logs@aws_vpc.main(note)']);
    expect(definite(result, 'small.yaml')).toEqual(['vpc-flow-logs@Lonely']);
    expectSarif(result, message);
  });

  it('plan: within the budget the flow log covers its VPC', async () => {
    const result = await run({ 'plan.json': heavyPlan(500) }, resolutionOnly({ fileTimeBudget: 1_000_000 }));
    expect(result.findings.map(describeFinding)).toEqual(['vpc-flow-logs@aws_vpc.lonely']);
  });
});
