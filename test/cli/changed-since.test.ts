/**
 * `--changed-since REF`: only findings on resources added or changed since a git revision are
 * reported; the others stay in the output marked suppressed ("unchanged since REF"). Each test builds a
 * scratch git repository, commits, edits, and runs the built CLI in it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, CLI, ensureBuilt, REPO, SPAWN_TIMEOUT_MS } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };

function git(dir: string, ...args: string[]): void {
  const run = spawnSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
  expect(run.status, run.stderr).toBe(0);
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** A repository with `files` committed on `main` (tagged `base`). */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-changed-'));
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'tag', 'base');
  return dir;
}

interface JsonFinding {
  ruleId: string;
  message: string;
  file: string;
  resourceId: string | null;
  suppressed: boolean;
  suppressions: { kind: string; justification: string }[];
}

function run(dir: string, args: string[]): { status: number | null; stdout: string; stderr: string; findings: JsonFinding[] } {
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { cwd: dir, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
  const findings = result.status === 2 ? [] : (JSON.parse(result.stdout) as JsonFinding[]);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, findings };
}

function reported(findings: JsonFinding[]): string[] {
  return findings
    .filter((f) => !f.suppressed)
    .map((f) => `${f.file}#${f.resourceId ?? ''}`)
    .sort();
}

const logGroup = (days: number, extra = ''): string => `    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: ${days}${extra}\n`;
const template = (groups: Record<string, string>): string =>
  `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${Object.entries(groups)
    .map(([id, body]) => `  ${id}:\n${body}`)
    .join('')}`;

describe('--changed-since on CloudFormation', () => {
  it('reports only findings on added and changed resources; unchanged ones are suppressed', () => {
    const dir = repo({ 'stack.yaml': template({ Unchanged: logGroup(30), Changed: logGroup(30), Removed: logGroup(30) }) });
    write(dir, { 'stack.yaml': template({ Unchanged: logGroup(30), Changed: logGroup(60), Added: logGroup(7) }) });
    const before = run(dir, ['.']);
    expect(reported(before.findings)).toEqual(['stack.yaml#Added', 'stack.yaml#Changed', 'stack.yaml#Unchanged']);
    const after = run(dir, ['--changed-since', 'base', '.']);
    expect(after.status).toBe(1);
    expect(reported(after.findings)).toEqual(['stack.yaml#Added', 'stack.yaml#Changed']);
    const unchanged = after.findings.find((f) => f.resourceId === 'Unchanged')!;
    expect(unchanged.suppressions).toEqual([{ kind: 'external', justification: 'unchanged since base' }]);
  });

  it('a resource whose only change is from short form to long form, or JSON to YAML, is unchanged', () => {
    const dir = repo({ 'stack.json': JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30, LogGroupName: { 'Fn::Sub': '${AWS::StackName}-logs' } } } } }, null, 2) });
    write(dir, { 'stack.json': JSON.stringify({ Resources: { Logs: { Properties: { LogGroupName: { 'Fn::Sub': '${AWS::StackName}-logs' }, RetentionInDays: 30 }, Type: 'AWS::Logs::LogGroup' } }, AWSTemplateFormatVersion: '2010-09-09' }) });
    const after = run(dir, ['--changed-since', 'base', '.']);
    expect(after.status).toBe(0);
    expect(reported(after.findings)).toEqual([]);
  });

  it('a changed parameter default marks every resource of the template changed', () => {
    const params = (d: number) => `Parameters:\n  Days:\n    Type: Number\n    Default: ${d}\n`;
    const body = `    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: !Ref Days\n`;
    const dir = repo({ 'stack.yaml': template({ A: body }).replace('Resources:', `${params(30)}Resources:`) });
    write(dir, { 'stack.yaml': template({ A: body }).replace('Resources:', `${params(14)}Resources:`) });
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings)).toEqual(['stack.yaml#A']);
  });

  it('a changed SAM function counts for the role SAM generates for it', () => {
    const fn = (handler: string) =>
      `Transform: AWS::Serverless-2016-10-31\nResources:\n  Worker:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: ${handler}\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: sts:AssumeRole\n            Principal: { AWS: '*' }\n`;
    const dir = repo({ 'app.yaml': fn('a.handler') });
    write(dir, { 'app.yaml': fn('b.handler') });
    // Two findings on the role (anyone may assume it; Lambda may not): both count as changed.
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings).filter((f) => f.includes('Role'))).toEqual(['app.yaml#WorkerRole', 'app.yaml#WorkerRole']);
  });

  it('a changed nested-stack parameter changes what the nested template creates, and the VPC its flow log covered', () => {
    const parent = (traffic: string, days: number) =>
      `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n  Logging:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: nested/logging.yaml\n      Parameters:\n        VpcId: !Ref Vpc\n        TrafficType: ${traffic}\n        RetentionDays: ${days}\n`;
    const child =
      "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  VpcId:\n    Type: String\n  TrafficType:\n    Type: String\n    Default: ALL\n  RetentionDays:\n    Type: Number\n    Default: 365\nResources:\n  FlowLog:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceType: VPC\n      ResourceId: !Ref VpcId\n      TrafficType: !Ref TrafficType\n      LogDestinationType: s3\n      LogDestination: arn:aws:s3:::central-flow-logs\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: !Ref RetentionDays\n";
    const dir = repo({ 'main.yaml': parent('REJECT', 365), 'nested/logging.yaml': child });
    expect(reported(run(dir, ['.']).findings)).toEqual([]);
    // Only the stack resource's parameters change: the VPC, the flow log and the log group are as they were.
    write(dir, { 'main.yaml': parent('ACCEPT', 30) });
    const full = reported(run(dir, ['.']).findings);
    expect(full).toEqual(['main.yaml#Vpc', 'nested/logging.yaml#Logs']);
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings)).toEqual(full);
  });

  it('an unverifiable VPC names the flow logs that may target it but would not cover it, so narrowing one is reported', () => {
    const network =
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\nOutputs:\n  VpcId:\n    Value: !Ref Vpc\n    Export:\n      Name: !Sub '${AWS::StackName}-VpcId'\n";
    const flowLog = (id: string, target: string, traffic: string) =>
      `  ${id}:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceType: VPC\n      ResourceId: ${target}\n      TrafficType: ${traffic}\n      LogDestinationType: s3\n      LogDestination: arn:aws:s3:::central-flow-logs\n`;
    const flowLogs = (traffic: string) =>
      `AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  NetworkStack:\n    Type: String\nResources:\n${flowLog('PatternFlowLog', "!ImportValue { 'Fn::Sub': '${NetworkStack}-VpcId' }", 'ALL')}${flowLog('NamedFlowLog', '!ImportValue network-VpcId', traffic)}`;
    const dir = repo({ 'network.yaml': network, 'flow-logs.yaml': flowLogs('ALL') });
    const notes = () => run(dir, ['.']).findings.filter((f) => f.ruleId === 'vpc-flow-logs');
    const before = notes();
    write(dir, { 'flow-logs.yaml': flowLogs('ACCEPT') });
    const full = notes();
    // The note changes: `NamedFlowLog` no longer leaves the VPC unverified, `PatternFlowLog` still does.
    expect(full.map((f) => `${f.file}#${f.resourceId}`)).toEqual(['network.yaml#Vpc']);
    expect(full[0]!.message).not.toEqual(before[0]!.message);
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings)).toEqual(['network.yaml#Vpc']);
  });

  it('a flow log deleted or retargeted: the VPC it covered counts as changed; so does a resource whose export was renamed', () => {
    const vpc = '    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n';
    const flowLog = (target: string) =>
      `    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceType: VPC\n      ResourceId: !Ref ${target}\n      TrafficType: ALL\n      LogDestinationType: s3\n      LogDestination: arn:aws:s3:::central-flow-logs\n`;
    const exported = (name: string) => `Outputs:\n  VpcId:\n    Value: !Ref Shared\n    Export:\n      Name: ${name}\n`;
    const importer = template({ SharedFlowLog: flowLog('Shared').replace('!Ref Shared', '!ImportValue network-VpcId') });
    // Reached through a subnet: `ResourceId: !GetAtt Subnet.VpcId`.
    const subnet = '    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref ViaSubnet\n      CidrBlock: 10.0.0.0/24\n';
    const viaSubnet = { ViaSubnet: vpc, Subnet: subnet };
    const dir = repo({
      'network.yaml': `${template({ Deleted: vpc, DeletedFlowLog: flowLog('Deleted'), Retargeted: vpc, Other: vpc, RetargetedFlowLog: flowLog('Retargeted'), OtherFlowLog: flowLog('Other'), ...viaSubnet, SubnetFlowLog: flowLog('Subnet').replace('!Ref Subnet', '!GetAtt Subnet.VpcId') })}${template({ Shared: vpc }).replace(/^[^]*Resources:\n/, '')}${exported('network-VpcId')}`,
      'flow-logs.yaml': importer,
    });
    expect(reported(run(dir, ['.']).findings)).toEqual([]);
    write(dir, { 'network.yaml': `${template({ Deleted: vpc, Retargeted: vpc, Other: vpc, RetargetedFlowLog: flowLog('Other'), OtherFlowLog: flowLog('Other'), ...viaSubnet })}${template({ Shared: vpc }).replace(/^[^]*Resources:\n/, '')}${exported('network-VpcId-v2')}` });
    const full = reported(run(dir, ['.']).findings);
    expect(full).toEqual(['network.yaml#Deleted', 'network.yaml#Retargeted', 'network.yaml#Shared', 'network.yaml#ViaSubnet']);
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings)).toEqual(full);
  });

  it('a link cut in another template: an import changed or deleted with its stack changes the resource exported under it', () => {
    const vpc = '    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n';
    const network = `${template({ Renamed: vpc, Gone: vpc }).replace('Resources:', 'Parameters:\n  Env:\n    Type: String\n    Default: network\nResources:')}Outputs:\n  Renamed:\n    Value: !Ref Renamed\n    Export:\n      Name: !Sub '\${Env}-Renamed'\n  Gone:\n    Value: !Ref Gone\n    Export:\n      Name: network-Gone\n`;
    const flowLog = (name: string) =>
      `    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceType: VPC\n      ResourceId: !ImportValue ${name}\n      TrafficType: ALL\n      LogDestinationType: s3\n      LogDestination: arn:aws:s3:::central-flow-logs\n`;
    const dir = repo({ 'network.yaml': network, 'flow-logs.yaml': template({ RenamedFlowLog: flowLog('network-Renamed') }), 'gone.yaml': template({ GoneFlowLog: flowLog('network-Gone') }) });
    expect(reported(run(dir, ['.']).findings)).toEqual([]);
    write(dir, { 'flow-logs.yaml': template({ RenamedFlowLog: flowLog('network-Renamed-v2') }) });
    rmSync(join(dir, 'gone.yaml'));
    const full = reported(run(dir, ['.']).findings);
    expect(full).toEqual(['network.yaml#Gone', 'network.yaml#Renamed']);
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings)).toEqual(full);
  });

  it('a file that did not exist at the revision: all its findings are reported', () => {
    const dir = repo({ 'old.yaml': template({ Old: logGroup(30) }) });
    write(dir, { 'new.yaml': template({ One: logGroup(30), Two: logGroup(14) }) });
    const after = run(dir, ['--changed-since', 'base', '.']);
    expect(reported(after.findings)).toEqual(['new.yaml#One', 'new.yaml#Two']);
  });

  it('a child template under node_modules, which git ignores, changes only through the nested stack that names it; a named ignored template is new', () => {
    const parent = (days: number) =>
      `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logging:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./node_modules/@cfn-modules/log-group/module.yml\n      Parameters:\n        RetentionInDays: ${days}\n`;
    const child = "AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  RetentionInDays:\n    Type: Number\nResources:\n  LogGroup:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: !Ref RetentionInDays\n";
    const dir = repo({ '.gitignore': 'node_modules\n', 'stack.yml': parent(14) });
    // npm install: the module is in the work tree, never in a commit.
    write(dir, { 'node_modules/@cfn-modules/log-group/module.yml': child });
    const finding = 'node_modules/@cfn-modules/log-group/module.yml#LogGroup';
    expect(reported(run(dir, ['stack.yml']).findings)).toEqual([finding]);
    expect(reported(run(dir, ['--changed-since', 'base', 'stack.yml']).findings)).toEqual([]);
    write(dir, { 'stack.yml': parent(7) });
    expect(reported(run(dir, ['--changed-since', 'base', 'stack.yml']).findings)).toEqual([finding]);
    // A template git ignores that the run names itself (a CDK app's cdk.out) stays new in every run.
    write(dir, { '.gitignore': 'node_modules\ncdk.out\n', 'cdk.out/App.template.json': JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }) });
    expect(reported(run(dir, ['--changed-since', 'base', 'cdk.out']).findings)).toEqual(['cdk.out/App.template.json#Logs']);
  });

  it('a file that no longer parses: its parse error is reported', () => {
    const dir = repo({ 'stack.yaml': template({ Logs: logGroup(30) }), 'other.yaml': template({ Other: logGroup(30) }) });
    write(dir, { 'stack.yaml': `${template({ Logs: logGroup(30) })}  Broken: [\n` });
    const after = run(dir, ['--changed-since', 'base', '.']);
    expect(after.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.file}`)).toEqual(['parse-error stack.yaml']);
  });

  it('works from a subfolder, with a commit id or HEAD~1 as the revision', () => {
    const dir = repo({ 'infra/stack.yaml': template({ Kept: logGroup(30) }) });
    write(dir, { 'infra/stack.yaml': template({ Kept: logGroup(30), New: logGroup(1) }) });
    git(dir, 'commit', '-q', '-am', 'add New');
    write(dir, { 'infra/stack.yaml': template({ Kept: logGroup(30), New: logGroup(3) }) });
    expect(reported(run(join(dir, 'infra'), ['--changed-since', 'HEAD~1', '.']).findings)).toEqual(['infra/stack.yaml#New']);
    expect(reported(run(join(dir, 'infra'), ['--changed-since', 'HEAD', '.']).findings)).toEqual(['infra/stack.yaml#New']);
  });
});

describe('--changed-since failures', () => {
  it('an unknown revision is exit 2 with a clear message', () => {
    const dir = repo({ 'stack.yaml': template({ Logs: logGroup(30) }) });
    for (const ref of ['foo', '--output=x', 'base..main']) {
      // `=` passes a ref that starts with `-`; it must reach git as a revision, never as an option.
      const result = run(dir, [`--changed-since=${ref}`, '.']);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`flowguard: --changed-since: unknown revision '${ref}'\n`);
    }
    expect(run(dir, ['--changed-since', 'foo', '.']).stderr).toBe("flowguard: --changed-since: unknown revision 'foo'\n");
    // Without `=`, an option after --changed-since is a forgotten value (git is not even asked).
    const ambiguous = run(dir, ['--changed-since', '--output=x', '.']);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toMatch(/^flowguard: option '--changed-since <ref>' needs a value \(if '--output=x' is the value, write --changed-since=--output=x\)\n/);
  });

  // `git rev-parse --verify '^base^{commit}'` succeeds, printing `^<sha>`: the run went on with that as
  // the commit, read no file at it, and so reported every finding as new, with exit 1.
  it('an exclusion (^base) is no revision: exit 2 saying so', () => {
    const dir = repo({ 'stack.yaml': template({ Logs: logGroup(30) }) });
    for (const ref of ['^base', '^main']) {
      const result = run(dir, ['--changed-since', ref, '.']);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`flowguard: --changed-since: '${ref}' is not one revision; name a branch, tag or commit\n`);
    }
  });

  // CI checks out one commit by default (fetch-depth: 1): the base branch is then simply not there,
  // and "unknown revision 'HEAD~1'" alone reads as a typo.
  it('an unknown revision in a shallow clone, or in a repository without commits, says so', () => {
    const source = repo({ 'stack.yaml': template({ Logs: logGroup(30) }) });
    write(source, { 'stack.yaml': template({ Logs: logGroup(60) }) });
    git(source, 'commit', '-q', '-am', 'second');
    const dir = mkdtempSync(join(tmpdir(), 'flowguard-shallow-'));
    dirs.push(dir);
    git(dir, 'clone', '-q', '--depth', '1', `file://${source}`, 'clone');
    const result = run(join(dir, 'clone'), ['--changed-since', 'HEAD~1', '.']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("flowguard: --changed-since: unknown revision 'HEAD~1' (this clone is shallow: fetch the revision, e.g. `git fetch --unshallow`, or check out with fetch-depth: 0)\n");
    expect(run(source, ['--changed-since', 'nope', '.']).stderr).toBe("flowguard: --changed-since: unknown revision 'nope'\n");
    const empty = mkdtempSync(join(tmpdir(), 'flowguard-empty-'));
    dirs.push(empty);
    git(empty, 'init', '-q');
    write(empty, { 'stack.yaml': template({ Logs: logGroup(30) }) });
    const first = run(empty, ['--changed-since', 'HEAD', '.']);
    expect(first.status).toBe(2);
    expect(first.stderr).toBe("flowguard: --changed-since: unknown revision 'HEAD' (the repository has no commits yet)\n");
  });

  it('outside a git repository is exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowguard-nogit-'));
    dirs.push(dir);
    write(dir, { 'stack.yaml': template({ Logs: logGroup(30) }) });
    const result = spawnSync(process.execPath, [CLI, '--changed-since', 'main', '.'], { cwd: dir, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS, env: { ...process.env, GIT_CEILING_DIRECTORIES: dirname(dir) } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^flowguard: --changed-since: the working directory .* is not in a git repository; run flowguard from inside the repository to compare\n$/);
  });
});

const tfGroup = (name: string, days: number): string => `resource "aws_cloudwatch_log_group" "${name}" {\n  name              = "${name}"\n  retention_in_days = ${days}\n}\n`;

describe('--changed-since on Terraform', () => {
  it('.tf: only the changed and added blocks are reported; moving a block to another file is no change', () => {
    const dir = repo({ 'main.tf': tfGroup('same', 30) + tfGroup('edited', 30) + tfGroup('moved', 30) });
    write(dir, { 'main.tf': `${tfGroup('same', 30)}\n\n${tfGroup('edited', 14)}${tfGroup('added', 7)}`, 'other.tf': tfGroup('moved', 30) });
    const after = run(dir, ['--changed-since', 'base', '.']);
    expect(reported(after.findings)).toEqual(['main.tf#aws_cloudwatch_log_group.added', 'main.tf#aws_cloudwatch_log_group.edited']);
  });

  it('.tf: a changed variable default marks the module changed; a changed module call marks what it creates', () => {
    const moduleDir = { 'modules/logs/main.tf': 'variable "days" {\n  default = 30\n}\n' + tfGroup('inner', 30).replace('30', 'var.days') };
    const root = (days: number) => `module "a" {\n  source = "./modules/logs"\n  days   = ${days}\n}\nmodule "b" {\n  source = "./modules/logs"\n  days   = 30\n}\n`;
    const dir = repo({ ...moduleDir, 'main.tf': root(30) });
    write(dir, { 'main.tf': root(14) });
    expect(reported(run(dir, ['.']).findings).filter((f) => f.includes('inner'))).toHaveLength(2);
    const after = run(dir, ['--changed-since', 'base', '.']);
    expect(reported(after.findings).filter((f) => f.includes('inner'))).toEqual(['modules/logs/main.tf#module.a.aws_cloudwatch_log_group.inner']);
  });

  it('.tf: a changed call of a nested module marks what it creates (the calls are related locations)', () => {
    const files = (count: number) => ({
      'main.tf': 'module "a" {\n  source = "./modules/a"\n}\n',
      'modules/a/main.tf': `module "b" {\n  source = "./b"\n  count  = ${count}\n}\n`,
      'modules/a/b/main.tf': tfGroup('inner', 30),
    });
    const dir = repo(files(0));
    write(dir, files(1));
    const after = run(dir, ['--changed-since', 'base', '.']);
    expect(reported(after.findings)).toEqual(['modules/a/b/main.tf#module.a.module.b[0].aws_cloudwatch_log_group.inner']);
    // Both calls, outermost first, are the finding's related locations.
    const related = (JSON.parse(after.stdout) as { related: { file: string; startLine: number; message: string }[] }[])[0]!.related;
    expect(related.map((r) => [r.file, r.startLine, r.message])).toEqual([
      ['main.tf', 1, 'called from module "a"'],
      ['modules/a/main.tf', 1, 'called from module "b"'],
    ]);
  });

  it('.tf: a changed module call marks what it creates also as a related resource (the VPC its flow log stopped covering)', () => {
    const flowLogModule = {
      'modules/flow-logs/main.tf':
        'variable "vpc_id" {}\nvariable "traffic_type" {\n  default = "ALL"\n}\nresource "aws_flow_log" "this" {\n  vpc_id               = var.vpc_id\n  traffic_type         = var.traffic_type\n  log_destination_type = "s3"\n  log_destination      = "arn:aws:s3:::central-flow-logs"\n}\n',
    };
    const inner = (traffic: string) => `module "flow_logs" {\n  source       = "../flow-logs"\n  vpc_id       = var.vpc_id\n  traffic_type = "${traffic}"\n}\n`;
    const root = (traffic: string) => `resource "aws_vpc" "prod" {\n  cidr_block = "10.50.0.0/16"\n}\nmodule "prod_flow_logs" {\n  source       = "../../modules/flow-logs"\n  vpc_id       = aws_vpc.prod.id\n  traffic_type = "${traffic}"\n}\n`;
    const nestedRoot = 'resource "aws_vpc" "staging" {\n  cidr_block = "10.60.0.0/16"\n}\nmodule "network_logging" {\n  source = "../../modules/logging"\n  vpc_id = aws_vpc.staging.id\n}\n';
    const dir = repo({
      ...flowLogModule,
      'modules/logging/main.tf': 'variable "vpc_id" {}\n' + inner('REJECT'),
      'envs/prod/main.tf': root('REJECT'),
      'envs/staging/main.tf': nestedRoot,
    });
    expect(reported(run(dir, ['.']).findings)).toEqual([]);
    // Only the calls change: the VPCs and the flow-log module's blocks are as they were.
    write(dir, { 'envs/prod/main.tf': root('ACCEPT'), 'modules/logging/main.tf': 'variable "vpc_id" {}\n' + inner('ACCEPT') });
    const full = reported(run(dir, ['.']).findings);
    expect(full).toEqual(['envs/prod/main.tf#aws_vpc.prod', 'envs/staging/main.tf#aws_vpc.staging']);
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings)).toEqual(full);
  });

  it('.tf: a deleted flow log, or one that now names another VPC, changes the VPC it covered', () => {
    const vpc = (name: string) => `resource "aws_vpc" "${name}" {\n  cidr_block = "10.0.0.0/16"\n}\n`;
    const flowLog = (name: string, target: string) =>
      `resource "aws_flow_log" "${name}" {\n  vpc_id               = ${target}\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = "arn:aws:s3:::central-flow-logs"\n}\n`;
    const subnet = 'resource "aws_subnet" "app" {\n  vpc_id     = aws_vpc.via_subnet.id\n  cidr_block = "10.0.0.0/24"\n}\n';
    const dir = repo({
      'vpcs.tf': vpc('deleted') + vpc('retargeted') + vpc('other') + vpc('via_subnet') + subnet,
      'flow-logs.tf': flowLog('deleted', 'aws_vpc.deleted.id') + flowLog('retargeted', 'aws_vpc.retargeted.id') + flowLog('other', 'aws_vpc.other.id') + flowLog('via_subnet', 'aws_subnet.app.vpc_id'),
    });
    expect(reported(run(dir, ['.']).findings)).toEqual([]);
    write(dir, { 'flow-logs.tf': flowLog('retargeted', 'aws_vpc.other.id') + flowLog('other', 'aws_vpc.other.id') });
    const full = reported(run(dir, ['.']).findings);
    expect(full).toEqual(['vpcs.tf#aws_vpc.deleted', 'vpcs.tf#aws_vpc.retargeted', 'vpcs.tf#aws_vpc.via_subnet']);
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings)).toEqual(full);
  });

  it('.tf: a file the module reads with file() (a trust policy as JSON) changes the resources of its folder', () => {
    const module =
      'resource "aws_iam_role" "delivery" {\n  name               = "flow-logs"\n  assume_role_policy = file("${path.module}/trust-policy.json")\n}\nresource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_flow_log" "this" {\n  vpc_id          = aws_vpc.main.id\n  traffic_type    = "ALL"\n  iam_role_arn    = aws_iam_role.delivery.arn\n  log_destination = "arn:aws:logs:eu-west-1:111122223333:log-group:flow-logs"\n}\n';
    const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: service }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }] });
    const dir = repo({ 'main.tf': module, 'trust-policy.json': trust('vpc-flow-logs.amazonaws.com') });
    const roles = (args: string[]) => reported(run(dir, args).findings).filter((f) => f.includes('aws_iam_role'));
    expect(roles(['.'])).toEqual([]);
    write(dir, { 'trust-policy.json': trust('ec2.amazonaws.com') });
    expect(roles(['.'])).toEqual(['main.tf#aws_iam_role.delivery']);
    expect(roles(['--changed-since', 'base', '.'])).toEqual(['main.tf#aws_iam_role.delivery']);
  });

  it('plan JSON beside its source: a flow log whose planned values changed is a changed related resource, though its .tf block did not', () => {
    const fixture = join(REPO, 'fixtures/engine/plan-and-source/jsonencode-trust');
    const plan = readFileSync(join(fixture, 'plan.json'), 'utf8');
    const dir = repo({ 'main.tf': readFileSync(join(fixture, 'main.tf'), 'utf8'), 'plan.json': plan });
    const vpcFindings = () => reported(run(dir, ['.']).findings).filter((f) => f.includes('aws_vpc'));
    expect(vpcFindings()).toEqual([]);
    // `terraform plan -var traffic_type=ACCEPT`: the plan changes, the source does not.
    write(dir, { 'plan.json': plan.replace(/"traffic_type": "ALL"/g, '"traffic_type": "ACCEPT"') });
    expect(vpcFindings()).toEqual(['main.tf#aws_vpc.main']);
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings).filter((f) => f.includes('aws_vpc'))).toEqual(['main.tf#aws_vpc.main']);
  });

  it('plan JSON: only addresses that are new or whose planned values changed are reported', () => {
    const plan = (groups: Record<string, number>) =>
      JSON.stringify({
        format_version: '1.2',
        terraform_version: '1.5.7',
        planned_values: { root_module: { resources: Object.entries(groups).map(([name, days]) => ({ address: `aws_cloudwatch_log_group.${name}`, mode: 'managed', type: 'aws_cloudwatch_log_group', name, values: { name, retention_in_days: days } })) } },
        resource_changes: Object.entries(groups).map(([name, days]) => ({ address: `aws_cloudwatch_log_group.${name}`, mode: 'managed', type: 'aws_cloudwatch_log_group', name, change: { actions: ['create'], before: null, after: { name, retention_in_days: days }, after_unknown: {} } })),
      }, null, 2);
    const dir = repo({ 'plan.json': plan({ same: 30, edited: 30 }) });
    write(dir, { 'plan.json': plan({ same: 30, edited: 14, added: 7 }) });
    expect(reported(run(dir, ['.']).findings)).toHaveLength(3);
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings)).toEqual(['plan.json#aws_cloudwatch_log_group.added', 'plan.json#aws_cloudwatch_log_group.edited']);
  });
});

describe('--changed-since through a symlink to a folder outside the repository', () => {
  it('counts the files behind it unchanged while the link is, and new once it is added or points elsewhere', () => {
    const outside = mkdtempSync(join(tmpdir(), 'flowguard-changed-outside-'));
    dirs.push(outside);
    write(outside, {
      'shared/logs.yaml': template({ SharedLogs: logGroup(30) }),
      'next/logs.yaml': template({ NextLogs: logGroup(14) }),
      'modules/audit/main.tf': 'resource "aws_cloudwatch_log_group" "audit" {\n  retention_in_days = 7\n}\n',
    });
    const dir = repo({ 'stack.yaml': template({ Own: logGroup(30) }) });
    // Git records the links, not the files behind them.
    symlinkSync(join(outside, 'shared'), join(dir, 'shared'));
    symlinkSync(join(outside, 'modules'), join(dir, 'modules'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'shared templates and modules');
    expect(reported(run(dir, ['.']).findings)).toEqual(['modules/audit/main.tf#aws_cloudwatch_log_group.audit', 'shared/logs.yaml#SharedLogs', 'stack.yaml#Own']);
    const unchanged = run(dir, ['--changed-since', 'HEAD', '.']);
    expect(unchanged.status).toBe(0);
    expect(reported(unchanged.findings)).toEqual([]);
    // New since base: all behind them is new.
    expect(reported(run(dir, ['--changed-since', 'base', '.']).findings)).toEqual(['modules/audit/main.tf#aws_cloudwatch_log_group.audit', 'shared/logs.yaml#SharedLogs']);
    // Pointed elsewhere: what it now leads to is new.
    rmSync(join(dir, 'shared'));
    symlinkSync(join(outside, 'next'), join(dir, 'shared'));
    expect(reported(run(dir, ['--changed-since', 'HEAD', '.']).findings)).toEqual(['shared/logs.yaml#NextLogs']);
  });
});

describe('--changed-since in SARIF', () => {
  it('unchanged findings stay in SARIF, suppressed with kind external', () => {
    const dir = repo({ 'stack.yaml': template({ Unchanged: logGroup(30) }) });
    write(dir, { 'stack.yaml': template({ Unchanged: logGroup(30), Added: logGroup(7) }) });
    const result = spawnSync(process.execPath, [CLI, '--format', 'sarif', '--changed-since', 'base', '.'], { cwd: dir, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
    expect(result.status).toBe(1);
    const sarif = JSON.parse(result.stdout) as { runs: { results: { logicalLocations?: unknown; locations: { logicalLocations: { fullyQualifiedName: string }[] }[]; suppressions?: unknown[] }[] }[] };
    const byResource = Object.fromEntries(sarif.runs[0]!.results.map((r) => [r.locations[0]!.logicalLocations[0]!.fullyQualifiedName, r.suppressions ?? []]));
    expect(byResource).toEqual({ 'stack.yaml#Added': [], 'stack.yaml#Unchanged': [{ kind: 'external', justification: 'unchanged since base' }] });
  });
});

describe.skipIf(process.platform === 'win32')('--changed-since over many files', () => {
  /** `n` of each: an edited YAML and JSON template, a renamed, a deleted and a new one, a Terraform folder reading a policy file, a nested child git ignores. */
  function manyChanges(n: number): string {
    const folder = (i: number, days: number) => `resource "aws_cloudwatch_log_group" "g${i}" {\n  retention_in_days = ${days}\n}\nresource "aws_iam_role" "r${i}" {\n  assume_role_policy = file("\${path.module}/trust.json")\n}\n`;
    const json = (days: number) => JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: days } }, Same: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } });
    const stack = (i: number) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logging:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./node_modules/mod${i}/module.yml\n`;
    const child = template({ LogGroup: logGroup(14) });
    const base: Record<string, string> = { '.gitignore': 'node_modules\n' };
    for (let i = 0; i < n; i++) {
      Object.assign(base, { [`cfn/edited${i}.yaml`]: template({ Same: logGroup(30), Edited: logGroup(30) }), [`cfn/edited${i}.json`]: json(30), [`cfn/moved${i}.yaml`]: template({ Moved: logGroup(30) }) });
      Object.assign(base, { [`cfn/deleted${i}.yaml`]: template({ Gone: logGroup(30) }), [`tf/m${i}/main.tf`]: folder(i, 30), [`tf/m${i}/trust.json`]: '{}', [`nested/stack${i}.yaml`]: stack(i) });
    }
    const dir = repo(base);
    for (let i = 0; i < n; i++) {
      write(dir, { [`cfn/edited${i}.yaml`]: template({ Same: logGroup(30), Edited: logGroup(60) }), [`cfn/edited${i}.json`]: json(60), [`cfn/new${i}.yaml`]: template({ Added: logGroup(7) }) });
      write(dir, { [`tf/m${i}/main.tf`]: folder(i, 60), [`node_modules/mod${i}/module.yml`]: child });
      git(dir, 'mv', `cfn/moved${i}.yaml`, `cfn/renamed${i}.yaml`);
      rmSync(join(dir, `cfn/deleted${i}.yaml`));
    }
    return dir;
  }

  /** The findings reported, and how many git processes the run started (through a `git` on PATH that counts). */
  function countedRun(dir: string): { reported: string[]; gitRuns: number } {
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    const bin = mkdtempSync(join(tmpdir(), 'flowguard-git-'));
    dirs.push(bin);
    const log = join(bin, 'runs.log');
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
    const result = spawnSync(process.execPath, [CLI, '--format', 'json', '--changed-since', 'base', '.'], { cwd: dir, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS, env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` } });
    expect(result.status, result.stderr).toBe(1);
    return { reported: reported(JSON.parse(result.stdout) as JsonFinding[]), gitRuns: readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
  }

  // A renamed file is new (git is asked without rename detection); the child git ignores is unchanged with its stack.
  it('starts as many git processes for 12 changed files of each kind as for 2, with the same verdicts', () => {
    const small = countedRun(manyChanges(2));
    const large = countedRun(manyChanges(12));
    const expected = (n: number) =>
      Array.from({ length: n }, (_, i) => [`cfn/edited${i}.json#Logs`, `cfn/edited${i}.yaml#Edited`, `cfn/new${i}.yaml#Added`, `cfn/renamed${i}.yaml#Moved`, `tf/m${i}/main.tf#aws_cloudwatch_log_group.g${i}`]).flat().sort();
    expect(small.reported).toEqual(expected(2));
    expect(large.reported).toEqual(expected(12));
    expect(large.gitRuns).toBe(small.gitRuns);
    expect(large.gitRuns).toBeLessThanOrEqual(12);
  });
});
