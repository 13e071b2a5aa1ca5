/**
 * Every output format against what its consumer accepts, through the built CLI, on a git repository
 * whose names are hostile to each consumer: a folder with a space, a template named
 * `my stack,v2:prod.yaml` (`,` and `:` end a GitHub workflow-command property), a path with `#`, `%`
 * and non-ASCII characters, and resource ids in CJK. The consumers' rules are taken from their own
 * sources: `@actions/core` (`escapeData` / `escapeProperty`) and the runner for `--format github`, the
 * problemMatcher regex documented in docs/editor.md for `--format compact`, GitHub code scanning's
 * SARIF limits, and the README for `--format json`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  ensureBuilt,
  expectOrderlyExit,
  parseSarif,
  removeDir,
  REPO,
  resultsOf,
  runCli,
  tempDir,
  uriOf,
  writeTree,
} from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const NETWORK = `AWSTemplateFormatVersion: "2010-09-09"
Description: prod network
Resources:
  AppVpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  AppLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 30
  FlowLogRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
  AcceptOnly:
    Type: AWS::EC2::FlowLog
    Properties:
      ResourceType: VPC
      ResourceId: !Ref AppVpc
      TrafficType: ACCEPT
      LogGroupName: !Ref AppLogs
      DeliverLogsPermissionArn: !GetAtt FlowLogRole.Arn
`;

/** Two VPCs whose ids differ in display width from their length (CJK: 2 columns a character). */
const WIDE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  "本番VPC":
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.1.0.0/16
  PlainVpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.2.0.0/16
  "Cafe\u0301Vpc":
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.3.0.0/16
`;

const LEGACY_TF = `# flowguard:ignore vpc-flow-logs legacy, torn down nightly
resource "aws_vpc" "legacy" {
  cidr_block = "10.2.0.0/16"
}

resource "aws_cloudwatch_log_group" "short" {
  name              = "short"
  retention_in_days = 7
}
`;

/** Resource ids that are hostile to line-based consumers: a line break, `::`, `%0A`, `,`, brackets, a tab, an escape. */
const ODD_IDS = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    'Evil\nVpc::error file=x.yaml::pwned%0A,': { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.4.0.0/16' } },
    'Tab\tVpc [x](1) \u001b[31mred\r': { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.5.0.0/16' } },
  },
}, null, 2);

const FILES = {
  'net work/my stack,v2:prod.yaml': NETWORK,
  'odd ids.json': ODD_IDS,
  'ünï/日本/テンプレート#1%20.yaml': WIDE,
  'root.tf': LEGACY_TF,
};

const dirs: string[] = [];
let repo: string;
beforeAll(() => {
  repo = tempDir('flowguard-consumers-');
  dirs.push(repo);
  writeTree(repo, FILES);
  const init = spawnSync('git', ['init', '-q', '.'], { cwd: repo, encoding: 'utf8' });
  expect(init.status, init.stderr).toBe(0);
});
afterAll(() => dirs.forEach(removeDir));

function lint(args: string[], cwd = repo) {
  const run = runCli(args, { cwd });
  expectOrderlyExit(run);
  return run;
}

/** Display width on a terminal, for the characters these fixtures use: CJK is 2 columns, combining marks 0. */
function columns(text: string): number {
  let width = 0;
  for (const c of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(c) ? 2 : /\p{M}/u.test(c) ? 0 : 1;
  return width;
}

describe('--format text', () => {
  it('aligns the rule column by display width, also after CJK characters and combining marks', () => {
    const run = lint(['ünï']);
    expect(run.status).toBe(1);
    const rows = run.stdout.split('\n').filter((line) => line.endsWith('vpc-flow-logs'));
    expect(rows).toHaveLength(3);
    const ruleColumns = rows.map((row) => columns(row.slice(0, row.lastIndexOf('vpc-flow-logs'))));
    expect(new Set(ruleColumns).size, rows.join('\n')).toBe(1);
    // Two spaces between the longest message and the rule, as in ESLint's stylish format.
    expect(rows.some((row) => row.endsWith('targets it  vpc-flow-logs'))).toBe(true);
  });
});

describe('--format sarif', () => {
  it('is valid, and each URI is a relative reference that decodes to the file from the repository root', () => {
    // From a subfolder, naming the root: URIs stay relative to the root, not to the working directory.
    const run = lint(['--format', 'sarif', '..'], join(repo, 'net work'));
    expect(run.status).toBe(1);
    const results = resultsOf(parseSarif(run.stdout));
    const uris = new Set(results.map(uriOf));
    expect([...uris].sort()).toEqual([
      '%C3%BCn%C3%AF/%E6%97%A5%E6%9C%AC/%E3%83%86%E3%83%B3%E3%83%97%E3%83%AC%E3%83%BC%E3%83%88%231%2520.yaml',
      'net%20work/my%20stack,v2:prod.yaml',
      'odd%20ids.json',
      'root.tf',
    ]);
    for (const uri of uris) {
      expect(new URL(uri, 'https://example.invalid/repo/').href.startsWith('https://example.invalid/repo/')).toBe(true);
      expect(existsSync(join(repo, decodeURIComponent(uri))), uri).toBe(true);
    }
    const fingerprints = results.map((r) => `${r.ruleId} ${(r as { partialFingerprints?: Record<string, string> }).partialFingerprints?.['flowguard/v1']}`);
    expect(new Set(fingerprints).size).toBe(results.length);
  });

  it('keeps at most 100 related locations a result (all GitHub code scanning stores) and links only to those', () => {
    const dir = tempDir('flowguard-consumers-many-');
    dirs.push(dir);
    let template = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: { CidrBlock: 10.0.0.0/16 }\n';
    for (let i = 0; i < 120; i++) {
      template += `  AcceptOnly${i}:\n    Type: AWS::EC2::FlowLog\n    Properties: { ResourceType: VPC, ResourceId: !Ref Vpc, TrafficType: ACCEPT, LogDestinationType: s3, LogDestination: arn:aws:s3:::flow-logs }\n`;
    }
    writeTree(dir, { 'many.yaml': template });
    const run = lint(['--format', 'sarif', 'many.yaml'], dir);
    expect(run.status).toBe(1);
    const [vpc] = resultsOf(parseSarif(run.stdout)).filter((r) => r.ruleId === 'vpc-flow-logs');
    const related = vpc!.relatedLocations ?? [];
    expect(related).toHaveLength(100);
    const ids = related.map((location) => (location as { id?: number }).id);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const links = [...vpc!.message.text.matchAll(/\]\((\d+)\)/g)].map((m) => Number(m[1]));
    expect(links.length).toBeGreaterThan(0);
    expect(Math.max(...links)).toBeLessThanOrEqual(100);
    // The message names a few and counts the rest; all of them stay related locations up to the limit.
    expect(vpc!.message.text).toContain('and 117 more flow logs that do not cover it');
  });
});

describe('--format json', () => {
  it('has exactly the fields the README documents, for findings and their related locations', () => {
    const run = lint(['--format', 'json', '.']);
    expect(run.status).toBe(1);
    const findings = JSON.parse(run.stdout) as Record<string, unknown>[];
    const withRelated = findings.find((f) => (f['related'] as unknown[]).length > 0)!;
    const readme = readFileSync(resolve(REPO, 'README.md'), 'utf8');
    const start = readme.indexOf('#### The JSON format');
    expect(start, 'README has a "#### The JSON format" section').toBeGreaterThan(-1);
    const section = readme.slice(start);
    const documented = (table: string): string[] =>
      [...table.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]!).sort();
    const [findingTable, relatedTable] = section.split('\n\n').filter((block) => block.startsWith('| field'));
    expect(documented(findingTable ?? '')).toEqual(Object.keys(findings[0]!).sort());
    expect(documented(relatedTable ?? '')).toEqual(Object.keys((withRelated['related'] as Record<string, unknown>[])[0]!).sort());
  });
});

/** JSON findings that every human format reports (the unsuppressed ones), in report order. */
function unsuppressed(): { ruleId: string; level: string; message: string; file: string; startLine: number; startColumn: number }[] {
  const run = lint(['--format', 'json', '.']);
  return (JSON.parse(run.stdout) as { suppressed: boolean }[]).filter((f) => !f.suppressed) as never;
}

describe('--format compact', () => {
  /** The problemMatcher regexp exactly as docs/editor.md tells users to paste it. */
  function documentedPattern(): RegExp {
    const doc = readFileSync(resolve(REPO, 'docs/editor.md'), 'utf8');
    const literal = /"regexp": ("(?:[^"\\]|\\.)*")/.exec(doc);
    expect(literal, 'docs/editor.md has a problemMatcher regexp').not.toBeNull();
    return new RegExp(JSON.parse(literal![1]!) as string);
  }

  it('the problemMatcher documented in docs/editor.md reads back every line: file, line, column, severity, rule', () => {
    const pattern = documentedPattern();
    const run = lint(['--format', 'compact', '.']);
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const expected = unsuppressed();
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, i) => {
      const match = pattern.exec(line);
      expect(match, line).not.toBeNull();
      const [, file, lineNo, column, severity, , rule] = match!;
      const finding = expected[i]!;
      // `fileLocation: ["relative", "${workspaceFolder}"]`: the path must name the file from the root.
      expect(existsSync(join(repo, file!)), file).toBe(true);
      expect([file, Number(lineNo), Number(column), severity, rule]).toEqual([finding.file, finding.startLine, finding.startColumn, finding.level, finding.ruleId]);
    });
    expect(lines.some((line) => line.startsWith('net work/my stack,v2:prod.yaml:'))).toBe(true);
    expect(lines.some((line) => line.startsWith('ünï/日本/テンプレート#1%20.yaml:'))).toBe(true);
  });
});

describe('--format github', () => {
  /** A workflow command parsed the way the Actions runner parses it (ActionCommand.TryParseV2). */
  function parseCommand(line: string): { command: string; properties: Record<string, string>; data: string } {
    expect(line.startsWith('::'), line).toBe(true);
    const end = line.indexOf('::', 2);
    expect(end, line).toBeGreaterThan(2);
    const head = line.slice(2, end);
    const space = head.indexOf(' ');
    const command = space === -1 ? head : head.slice(0, space);
    const properties: Record<string, string> = {};
    if (space !== -1) {
      for (const pair of head.slice(space + 1).split(',')) {
        const eq = pair.indexOf('=');
        properties[pair.slice(0, eq)] = pair
          .slice(eq + 1)
          .replace(/%0D/g, '\r')
          .replace(/%0A/g, '\n')
          .replace(/%3A/g, ':')
          .replace(/%2C/g, ',')
          .replace(/%25/g, '%');
      }
    }
    const data = line.slice(end + 2).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
    return { command, properties, data };
  }

  it('gives the runner back each path, position, level and message exactly, whatever they contain', () => {
    const run = lint(['--format', 'github', '.']);
    expect(run.status).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const expected = unsuppressed();
    expect(lines).toHaveLength(expected.length);
    const levels: Record<string, string> = { error: 'error', warning: 'warning', note: 'notice' };
    lines.forEach((line, i) => {
      const { command, properties, data } = parseCommand(line);
      const finding = expected[i]!;
      expect(command).toBe(levels[finding.level]);
      expect(properties['file']).toBe(finding.file);
      expect(Number(properties['line'])).toBe(finding.startLine);
      expect(properties['title']).toBe(`flowguard ${finding.ruleId}`);
      expect(data).toBe(finding.message);
    });
    expect(expected.some((f) => f.message.includes('\n') && f.message.includes('::'))).toBe(true);
    expect(expected.some((f) => f.level === 'note')).toBe(true);
    expect(expected.some((f) => f.level === 'warning')).toBe(true);
  });
});

describe('exit codes (SPEC §6) are the same in every format', () => {
  const TEMPLATES = {
    'warning.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  FlowLog:
    Type: AWS::EC2::FlowLog
    Properties: { ResourceType: VPC, ResourceId: !Ref Vpc, TrafficType: ALL, LogDestinationType: cloud-watch-logs, LogGroupName: flows }
`,
    'note.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }
`,
    'suppressed.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Metadata:
      flowguard:
        ignore:
          - { rule: vpc-flow-logs, reason: flow logs come from the central network account }
    Properties: { CidrBlock: 10.0.0.0/16 }
`,
    'broken.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources: [\n',
  };
  const CASES: [string, string[], number][] = [
    ['a warning, default --fail-level', ['warning.yaml'], 0],
    ['a warning, --fail-level warning', ['--fail-level', 'warning', 'warning.yaml'], 1],
    ['a note, --fail-level warning', ['--fail-level', 'warning', 'note.yaml'], 0],
    ['a note, --fail-level note', ['--fail-level', 'note', 'note.yaml'], 1],
    ['a suppressed error, --fail-level note', ['--fail-level', 'note', 'suppressed.yaml'], 0],
    ['a parse error', ['broken.yaml', 'suppressed.yaml'], 1],
    ['a parse error, --fail-level none', ['--fail-level', 'none', 'broken.yaml'], 0],
    ['a parse error, parse-error off, beside a file that parses', ['--rule', 'parse-error=off', 'broken.yaml', 'suppressed.yaml'], 0],
    ['only a parse error, parse-error off: nothing linted', ['--rule', 'parse-error=off', 'broken.yaml'], 2],
  ];
  let dir: string;
  beforeAll(() => {
    dir = tempDir('flowguard-consumers-exit-');
    dirs.push(dir);
    writeTree(dir, TEMPLATES);
  });

  it.each(CASES)('%s', (_, args, status) => {
    for (const format of ['text', 'sarif', 'json', 'compact', 'github']) {
      const run = runCli(['--format', format, ...args], { cwd: dir });
      expectOrderlyExit(run);
      expect(run.status, `--format ${format} ${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(status);
      if (format === 'sarif' && status !== 2) parseSarif(run.stdout);
    }
  });
});

describe.skipIf(process.platform === 'win32')('a file whose name has a backslash (a name character outside Windows)', () => {
  it('is reported under its own name in every format, not as a folder that does not exist', () => {
    const dir = tempDir('flowguard-consumers-backslash-');
    dirs.push(dir);
    writeTree(dir, { 'stacks/we\\ird.yaml': NETWORK });
    expect(spawnSync('git', ['init', '-q', '.'], { cwd: dir }).status).toBe(0);
    const json = JSON.parse(lint(['--format', 'json', '.'], dir).stdout) as { file: string }[];
    expect(new Set(json.map((f) => f.file))).toEqual(new Set(['stacks/we\\ird.yaml']));
    const uris = new Set(resultsOf(parseSarif(lint(['--format', 'sarif', '.'], dir).stdout)).map(uriOf));
    expect(uris).toEqual(new Set(['stacks/we%5Cird.yaml']));
    expect(existsSync(join(dir, decodeURIComponent([...uris][0]!)))).toBe(true);
    for (const line of lint(['--format', 'compact', '.'], dir).stdout.trimEnd().split('\n')) expect(line.startsWith('stacks/we\\ird.yaml:'), line).toBe(true);
    for (const line of lint(['--format', 'github', '.'], dir).stdout.trimEnd().split('\n')) expect(line, line).toContain(' file=stacks/we\\ird.yaml,');
    expect(lint([], dir).stdout.split('\n')[0]).toBe('stacks/we\\ird.yaml');
  });
});
