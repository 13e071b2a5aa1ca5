/**
 * Hostile and broken inputs end to end (SPEC §6): each runs through the built CLI with `--format sarif`
 * beside a good template. Whatever the input, the run ends by itself within the spawn timeout, prints
 * no stack trace, exits 0 or 1 (never 2), emits valid SARIF, reports the bad file as a `parse-error`
 * result with a position (and a tool notification), and still lints the good sibling.
 * Inputs are generated here in temporary folders; nothing large is committed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  CLI,
  ensureBuilt,
  expectOrderlyExit,
  parseSarif,
  regionOf,
  removeDir,
  resultsOf,
  runCli,
  SHORT_RETENTION,
  tempDir,
  uriOf,
  writeTree,
  type RunOptions,
  type SarifResultView,
} from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n";
const DEPTH = 200_000;

interface Outcome {
  status: number | null;
  results: SarifResultView[];
  notified: string[];
  stdout: string;
  stderr: string;
}

/**
 * Writes `files` and `good.yaml` (log group `Logs`, 30 days) into a fresh folder and runs
 * `--format sarif <args or the bad files> good.yaml` there. Checks what every hostile run must satisfy.
 */
function lintBeside(
  files: Record<string, string | Uint8Array>,
  options: { args?: string[]; named?: string[]; run?: Partial<RunOptions>; before?: (dir: string) => void } = {},
): Outcome {
  const dir = tempDir();
  dirs.push(dir);
  chmodSync(dir, 0o755); // readable by `nobody` too (see the unreadable-file test)
  writeTree(dir, { ...files, 'good.yaml': SHORT_RETENTION });
  options.before?.(dir);
  const named = options.named ?? Object.keys(files);
  const run = runCli(['--format', 'sarif', ...(options.args ?? []), ...named, 'good.yaml'], { cwd: dir, ...options.run });
  expectOrderlyExit(run);
  expect(run.stderr).toBe('');
  expect([0, 1]).toContain(run.status);
  const log = parseSarif(run.stdout);
  const results = resultsOf(log);
  // The good sibling is still linted, at its exact position.
  const good = results.filter((r) => uriOf(r) === 'good.yaml');
  expect(good.map((r) => [r.ruleId, regionOf(r).startLine, regionOf(r).startColumn])).toEqual([['log-group-retention', 6, 24]]);
  const notified = log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.locations?.[0]?.physicalLocation.artifactLocation.uri ?? '');
  return { status: run.status, results, notified, stdout: run.stdout, stderr: run.stderr };
}

/** The single parse-error result for `file`, also mirrored as a tool notification. */
function parseErrorOf(outcome: Outcome, file: string): { message: string; at: string } {
  expect(outcome.status).toBe(1);
  const errors = outcome.results.filter((r) => r.ruleId === 'parse-error');
  expect(errors.map(uriOf)).toEqual([file]);
  expect(errors[0]!.level).toBe('error');
  expect(outcome.notified).toContain(file);
  const region = regionOf(errors[0]!);
  expect(region.startLine).toBeGreaterThanOrEqual(1);
  expect(region.startColumn).toBeGreaterThanOrEqual(1);
  return { message: errors[0]!.message.text, at: `${region.startLine}:${region.startColumn}` };
}

function billionLaughs(): string {
  const lines = [HEADER.trimEnd(), 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
  lines.push('Resources:', '  Logs:', '    Type: AWS::Logs::LogGroup', '    Properties:', '      Tags: *i', '');
  return lines.join('\n');
}

describe('resource exhaustion', () => {
  it('a YAML alias bomb (billion laughs) is a parse-error at the alias, not an out-of-memory', () => {
    const problem = parseErrorOf(lintBeside({ 'bomb.yaml': billionLaughs() }), 'bomb.yaml');
    expect(problem.message).toMatch(/alias/i);
    expect(Number(problem.at.split(':')[0])).toBeGreaterThan(2);
  });

  it(`${DEPTH}-deep nesting in JSON is a parse-error, not a stack overflow`, () => {
    const deep = `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"X":{"Type":"AWS::Logs::LogGroup","Properties":{"Deep":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}}}`;
    const problem = parseErrorOf(lintBeside({ 'deep.json': deep }), 'deep.json');
    expect(problem.message).toMatch(/nesting deeper than \d+ levels/);
    expect(problem.at).toMatch(/^1:\d+$/);
  });

  it.each([
    ['flow sequences', '['.repeat(DEPTH) + ']'.repeat(DEPTH)],
    ['flow mappings', '{a: '.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)],
  ])(`${DEPTH}-deep nesting in YAML %s is a parse-error`, (_kind, value) => {
    const text = `${HEADER}Resources:\n  X:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      Deep: ${value}\n`;
    const problem = parseErrorOf(lintBeside({ 'deep.yaml': text }), 'deep.yaml');
    expect(problem.message).toMatch(/nesting deeper than \d+ levels/);
    expect(problem.at).toMatch(/^6:\d+$/);
  });

  it('deep block-style nesting in YAML is a parse-error', () => {
    const text = `${HEADER}Resources:\n  X:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      Deep:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(8 + i)}k${i}:`).join('\n')} 1\n`;
    parseErrorOf(lintBeside({ 'deep.yaml': text }), 'deep.yaml');
  });

  // A bare `-` in a flow collection (`!Join [-, [a, b]]`) makes the YAML parser run again on a copy
  // that the dash scan makes; the scan walked back over a whole run of blanks at every position in it,
  // so 150,000 blank lines after `Resources:` took 14 s (quadratic, and outside the file time budget).
  it('a template with a bare flow dash and 400,000 blank lines is linted at once', () => {
    const text = `${HEADER}Resources:${'\n'.repeat(400_000)}  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Join [-, [app, logs]]\n      RetentionInDays: 7\n`;
    const outcome = lintBeside({ 'blank.yaml': text });
    const blank = outcome.results.filter((r) => uriOf(r) === 'blank.yaml');
    expect(blank.map((r) => [r.ruleId, regionOf(r).startLine, regionOf(r).startColumn])).toEqual([['log-group-retention', 400_006, 24]]);
  });

  it('a file larger than --max-file-size is a parse-error naming the limit; smaller files are linted', () => {
    const big = `${HEADER}Description: ${'x'.repeat(2000)}\n${SHORT_RETENTION.slice(HEADER.length)}`;
    const problem = parseErrorOf(lintBeside({ 'big.yaml': big }, { args: ['--max-file-size', '1000'] }), 'big.yaml');
    expect(problem.message).toMatch(/larger than the limit of 1000 bytes/);
    expect(problem.message).toContain('--max-file-size');
    expect(problem.at).toBe('1:1');
  });
});

describe('encodings and bytes', () => {
  it('a binary file named template.yaml is a parse-error when named, skipped silently when walked', () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    const problem = parseErrorOf(lintBeside({ 'template.yaml': bytes }), 'template.yaml');
    expect(problem.message).toMatch(/binary file/);
    const walked = lintBeside({ 'template.yaml': bytes }, { named: ['.'] });
    expect(walked.results.map(uriOf)).toEqual(['good.yaml']);
    expect(walked.notified).toEqual([]);
  });

  it('invalid UTF-8 is a parse-error at the bad byte’s line', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}Description: caf`), Buffer.from([0xe9, 0x20, 0xff]), Buffer.from('\nResources: {}\n')]);
    const problem = parseErrorOf(lintBeside({ 'latin1.yaml': bytes }), 'latin1.yaml');
    expect(problem.message).toMatch(/invalid UTF-8 \(byte 0xE9 .*line 2\)/);
    expect(problem.at).toBe('2:17');
  });

  it('UTF-16 is a parse-error asking for UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SHORT_RETENTION, 'utf16le')]);
    expect(parseErrorOf(lintBeside({ 'utf16.yaml': bytes }), 'utf16.yaml').message).toMatch(/UTF-16.*UTF-8/);
  });

  it.each([
    ['bom.yaml', SHORT_RETENTION],
    ['bom.json', JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }, null, 2)],
  ])('a UTF-8 BOM lints fine (%s), positions unshifted', (name, text) => {
    const outcome = lintBeside({ [name]: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) });
    const found = outcome.results.filter((r) => uriOf(r) === name);
    expect(found.map((r) => r.ruleId)).toEqual(['log-group-retention']);
    const expected = name.endsWith('.json') ? { startLine: 6, startColumn: 28 } : { startLine: 6, startColumn: 24 };
    expect(regionOf(found[0]!)).toMatchObject(expected);
  });

  it('CRLF line endings give the same positions as LF', () => {
    const crlf = lintBeside({ 'crlf.yaml': SHORT_RETENTION.replace(/\n/g, '\r\n') });
    const found = crlf.results.filter((r) => uriOf(r) === 'crlf.yaml');
    expect(found.map((r) => [r.ruleId, regionOf(r)])).toEqual([['log-group-retention', { startLine: 6, startColumn: 24, endLine: 6, endColumn: 26 }]]);
  });

  it('an empty file named explicitly is a parse-error; walked, it is skipped', () => {
    const problem = parseErrorOf(lintBeside({ 'empty.yaml': '' }), 'empty.yaml');
    expect(problem.message).toMatch(/empty/);
    expect(problem.at).toBe('1:1');
    expect(lintBeside({ 'empty.yaml': '' }, { named: ['.'] }).notified).toEqual([]);
  });

  it('a file of only comments named explicitly is an error, not a crash', () => {
    parseErrorOf(lintBeside({ 'comments.yaml': '# nothing\n# here\n' }), 'comments.yaml');
  });
});

describe('invalid syntax', () => {
  it('a duplicate key in JSON is a parse-error at the second key', () => {
    const text = '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "X": { "Type": "AWS::Logs::LogGroup" },\n    "X": { "Type": "AWS::Logs::LogGroup" }\n  }\n}\n';
    const problem = parseErrorOf(lintBeside({ 'dup.json': text }), 'dup.json');
    expect(problem).toEqual({ message: 'duplicate key "X" (first at line 4)', at: '5:5' });
  });

  it('a duplicate key in YAML is a parse-error at the second key', () => {
    const text = `${HEADER}Resources:\n  X:\n    Type: AWS::Logs::LogGroup\n  X:\n    Type: AWS::Logs::LogGroup\n`;
    const problem = parseErrorOf(lintBeside({ 'dup.yaml': text }), 'dup.yaml');
    expect(problem).toEqual({ message: 'duplicate key "X" (first at line 3)', at: '5:3' });
  });

  it('an unknown tag is a parse-error at the tag', () => {
    const text = `${HEADER}Resources:\n  X:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: !Foo bar\n`;
    const problem = parseErrorOf(lintBeside({ 'tag.yaml': text }), 'tag.yaml');
    expect(problem.message).toMatch(/^unknown tag !Foo/);
    expect(problem.at).toBe('6:21');
  });

  it('every bad file in a walked folder is reported, and each only once', () => {
    const outcome = lintBeside(
      {
        'a/bomb.yaml': billionLaughs(),
        'b/deep.json': `{"AWSTemplateFormatVersion":"2010-09-09","Resources":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`,
        'c/dup.yaml': `${HEADER}Resources:\n  X:\n    Type: AWS::Logs::LogGroup\n  X:\n    Type: AWS::Logs::LogGroup\n`,
        'd/tag.yaml': `${HEADER}Resources:\n  X:\n    Type: !Foo AWS::Logs::LogGroup\n`,
        'e/template.yaml': new Uint8Array([0, 1, 2, 3, 0xff]),
      },
      { named: ['.'] },
    );
    expect(outcome.status).toBe(1);
    expect(outcome.results.filter((r) => r.ruleId === 'parse-error').map(uriOf)).toEqual(['a/bomb.yaml', 'b/deep.json', 'c/dup.yaml', 'd/tag.yaml']);
    expect(outcome.notified).toEqual(['a/bomb.yaml', 'b/deep.json', 'c/dup.yaml', 'd/tag.yaml']);
  });
});

describe('valid syntax, odd shapes', () => {
  /** A shape that parses: no crash, no definite finding invented from it, the sibling still linted. */
  it.each([
    ['Resources as a list', `${HEADER}Resources:\n  - Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 1}\n`],
    ['Resources as a string', `${HEADER}Resources: none\n`],
    ['Resources null', `${HEADER}Resources:\n`],
    ['Type as a list', `${HEADER}Resources:\n  X:\n    Type: [AWS::Logs::LogGroup]\n    Properties: {RetentionInDays: 1}\n`],
    ['Type as a number', `${HEADER}Resources:\n  X:\n    Type: 42\n`],
    ['a resource with no Type', `${HEADER}Resources:\n  X:\n    Properties: {RetentionInDays: 1}\n`],
    ['a resource that is a string', `${HEADER}Resources:\n  X: AWS::Logs::LogGroup\n`],
    ['Properties as a string', `${HEADER}Resources:\n  X:\n    Type: AWS::Logs::LogGroup\n    Properties: hello\n`],
    ['Properties as a list', `${HEADER}Resources:\n  X:\n    Type: AWS::EC2::FlowLog\n    Properties: [1, 2]\n`],
    ['RetentionInDays as a mapping', `${HEADER}Resources:\n  X:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: {Days: 30}\n`],
    ['a flow log with every property the wrong type', `${HEADER}Resources:\n  F:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceType: [VPC]\n      ResourceId: {a: 1}\n      TrafficType: 7\n      DeliverLogsPermissionArn: [x]\n      LogGroupName: {b: 2}\n`],
    ['a role with a string trust policy', `${HEADER}Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: '{"Statement": "nope"}'\n      Policies: 5\n`],
    ['a top-level list', `- ${HEADER}`],
    ['a top-level scalar', 'AWSTemplateFormatVersion\n'],
  ])('%s', (_name, text) => {
    const outcome = lintBeside({ 'odd.yaml': text });
    const odd = outcome.results.filter((r) => uriOf(r) === 'odd.yaml');
    for (const result of odd) expect(result.ruleId === 'parse-error' || result.level !== 'error', `${result.ruleId}: ${result.message.text}`).toBe(true);
  });

  it('a reference cycle through resources, parameters, Sub and outputs ends, and reports nothing definite from it', () => {
    const text = [
      HEADER.trimEnd(),
      'Parameters:',
      '  Days:',
      '    Type: Number',
      '    Default: !Ref Days',
      'Resources:',
      '  A:',
      '    Type: AWS::Logs::LogGroup',
      '    Properties:',
      '      RetentionInDays: !Ref B',
      "      LogGroupName: !Sub '${B}-a'",
      '  B:',
      '    Type: AWS::Logs::LogGroup',
      '    Properties:',
      '      RetentionInDays: !GetAtt A.RetentionInDays',
      "      LogGroupName: !Sub '${A}-b'",
      '  C:',
      '    Type: AWS::Logs::LogGroup',
      '    Properties:',
      '      RetentionInDays: !Ref Days',
      '  D:',
      '    Type: AWS::Logs::LogGroup',
      '    Properties:',
      '      RetentionInDays: !ImportValue Loop',
      '  R:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: !GetAtt R.Arn',
      'Outputs:',
      '  Loop:',
      '    Value: !ImportValue Loop',
      '    Export:',
      '      Name: Loop',
      '  Self:',
      '    Value: !Sub "${A}${B}"',
      '    Export:',
      '      Name: !Sub "${AWS::StackName}-${Days}"',
      '',
    ].join('\n');
    const outcome = lintBeside({ 'cycle.yaml': text });
    expect(outcome.results.filter((r) => uriOf(r) === 'cycle.yaml' && r.level === 'error')).toEqual([]);
  });

  it('control characters in a resource id cannot reach the terminal or break line formats', () => {
    const dir = tempDir();
    dirs.push(dir);
    const id = 'Evil\u001b[2J\u001b[31m\n::error file=x::injected\r\u0007';
    writeTree(dir, { 'evil.json': JSON.stringify({ Resources: { [id]: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }) });
    for (const format of ['text', 'compact', 'github']) {
      const run = runCli(['--format', format], { cwd: dir });
      expectOrderlyExit(run);
      expect(run.status).toBe(1);
      expect(run.stdout).not.toContain('\r');
      expect(run.stdout.trimEnd().split('\n').filter((line) => line.startsWith('::'))).toHaveLength(format === 'github' ? 1 : 0);
      // Terminal formats show control characters as \xNN; github escapes like @actions/core (CR, LF, %).
      if (format !== 'github') {
        expect(run.stdout).not.toContain('\u001b');
        expect(run.stdout).not.toContain('\u0007');
        expect(run.stdout).toContain('Evil\\x1b[2J');
      }
    }
    const sarif = runCli(['--format', 'sarif'], { cwd: dir });
    expect(resultsOf(parseSarif(sarif.stdout)).map((r) => r.ruleId)).toEqual(['log-group-retention']);
  });

  // A right-to-left override in a resource id reordered the rest of the printed line ("Trojan
  // Source"), and U+2028 ends a line for a JavaScript problem-matcher regex (`.` stops there).
  it('bidirectional overrides and line separators in a resource id are shown escaped in terminal formats', () => {
    const dir = tempDir();
    dirs.push(dir);
    const id = 'Logs\u202e\u2066evil\u2069\u2028x';
    writeTree(dir, { 'evil.json': JSON.stringify({ Resources: { [id]: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }) });
    for (const format of ['text', 'compact']) {
      const run = runCli(['--format', format], { cwd: dir });
      expectOrderlyExit(run);
      expect(run.status).toBe(1);
      expect(run.stdout).not.toMatch(/[\u202e\u2066\u2069\u2028]/);
      expect(run.stdout).toContain('Log group `Logs\\u202e\\u2066evil\\u2069\\u2028x` keeps events for 30 days');
    }
  });
});

describe('file system oddities', () => {
  it('a symlink loop in a walked folder ends, and each file is linted once', () => {
    const dir = tempDir();
    dirs.push(dir);
    writeTree(dir, { 'stacks/good.yaml': SHORT_RETENTION });
    symlinkSync('..', join(dir, 'stacks/parent'));
    symlinkSync('.', join(dir, 'stacks/self'));
    mkdirSync(join(dir, 'loop'));
    symlinkSync('b.yaml', join(dir, 'loop/a.yaml'));
    symlinkSync('a.yaml', join(dir, 'loop/b.yaml'));
    symlinkSync('missing.yaml', join(dir, 'dangling.yaml'));
    const run = runCli(['--format', 'sarif'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(1);
    expect(resultsOf(parseSarif(run.stdout)).map(uriOf)).toEqual(['stacks/good.yaml']);
  });

  it('a named FIFO is a parse-error instead of a hang', () => {
    const dir = tempDir();
    dirs.push(dir);
    writeTree(dir, { 'good.yaml': SHORT_RETENTION });
    const fifo = spawnSync('mkfifo', [join(dir, 'pipe.yaml')]);
    expect(fifo.status, 'mkfifo is needed for this test').toBe(0);
    const run = runCli(['--format', 'sarif', 'pipe.yaml', 'good.yaml'], { cwd: dir });
    expectOrderlyExit(run);
    const results = resultsOf(parseSarif(run.stdout));
    expect(results.map((r) => `${uriOf(r)}:${r.ruleId}`)).toEqual(['good.yaml:log-group-retention', 'pipe.yaml:parse-error']);
    expect(results[1]!.message.text).toMatch(/not a regular file/);
    // Walked, a FIFO is not a file to open at all.
    const walked = runCli(['--format', 'sarif'], { cwd: dir });
    expect(resultsOf(parseSarif(walked.stdout)).map(uriOf)).toEqual(['good.yaml']);
  });

  // Opening a socket fails (ENXIO) before it can be checked; the message was "cannot read file: ENXIO".
  it('a named Unix socket is a parse-error saying it is not a regular file; walked, it is skipped', async () => {
    const dir = tempDir();
    dirs.push(dir);
    writeTree(dir, { 'good.yaml': SHORT_RETENTION });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'socket.yaml'), resolve));
    try {
      const run = runCli(['--format', 'sarif', 'socket.yaml', 'good.yaml'], { cwd: dir });
      expectOrderlyExit(run);
      expect(run.status).toBe(1);
      const results = resultsOf(parseSarif(run.stdout));
      expect(results.map((r) => `${uriOf(r)}:${r.ruleId}`)).toEqual(['good.yaml:log-group-retention', 'socket.yaml:parse-error']);
      expect(results[1]!.message.text).toBe('not a regular file (a pipe, socket or device); name a template file');
      const walked = runCli(['--format', 'sarif'], { cwd: dir });
      expect(resultsOf(parseSarif(walked.stdout)).map(uriOf)).toEqual(['good.yaml']);
    } finally {
      server.close();
    }
  });

  // A FIFO without a writer blocks a read forever, and /dev/zero (the same check refuses it) never
  // ends: a `.gitignore` or `.flowguard.yaml` symlinked to it in a scanned repository filled memory
  // until the process aborted (std::bad_alloc), and `--config` / `--baseline` naming one did the same.
  describe('files the run reads besides its inputs are FIFOs', () => {
    const withFifo = (name: string, files: Record<string, string> = {}): string => {
      const dir = tempDir();
      dirs.push(dir);
      writeTree(dir, { 'good.yaml': SHORT_RETENTION, ...files });
      expect(spawnSync('mkfifo', [join(dir, name)]).status, 'mkfifo is needed for this test').toBe(0);
      return dir;
    };

    it('a FIFO .gitignore in a walked folder is skipped like an unreadable one; the folder is linted', () => {
      const dir = withFifo('stacks/.gitignore', { 'stacks/app.yaml': SHORT_RETENTION });
      const run = runCli(['--format', 'sarif'], { cwd: dir });
      expectOrderlyExit(run);
      expect(run.status).toBe(1);
      expect(resultsOf(parseSarif(run.stdout)).map((r) => `${uriOf(r)}:${r.ruleId}`)).toEqual(['good.yaml:log-group-retention', 'stacks/app.yaml:log-group-retention']);
    });

    it('a FIFO .flowguard.yaml found at the root exits 2 saying it is not a regular file', () => {
      const dir = withFifo('.flowguard.yaml');
      const run = runCli(['good.yaml'], { cwd: dir });
      expectOrderlyExit(run);
      expect(run.status).toBe(2);
      expect(run.stderr.trim()).toBe('.flowguard.yaml: cannot read the configuration file: not a regular file (a pipe, socket or device)');
    });

    // A pipe the user names is read to its end, as `cat` would: `--baseline <(git show main:x.sarif)`.
    it('--config and --baseline read a pipe the user names (process substitution); a device is still refused', () => {
      const dir = withFifo('unused');
      const sarif = runCli(['--format', 'sarif', '--output', 'base.sarif', 'good.yaml'], { cwd: dir });
      expect(sarif.status).toBe(1);
      const shell = (args: string): ReturnType<typeof spawnSync> =>
        spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" --format json ${args} good.yaml`], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      const baseline = shell('--baseline <(cat base.sarif)');
      expect(baseline.stderr).toBe('');
      expect(baseline.status).toBe(0);
      expect((JSON.parse(String(baseline.stdout)) as { suppressed: boolean }[]).map((f) => f.suppressed)).toEqual([true]);
      const config = shell(`--config <(printf 'rules:\\n  log-group-retention: off\\n')`);
      expect(config.stderr).toBe('');
      expect(config.status).toBe(0);
      expect(JSON.parse(String(config.stdout))).toEqual([]);
      const device = runCli(['--baseline', '/dev/zero', 'good.yaml'], { cwd: dir });
      expectOrderlyExit(device);
      expect(device.status).toBe(2);
      expect(device.stderr.trim()).toBe('flowguard: cannot read baseline /dev/zero: not a regular file (a pipe, socket or device)');
    });
  });

  // Files under /proc say they are empty (size 0) and some never end: /proc/self/pagemap reads hundreds
  // of gigabytes. A committed symlink to it passed every regular-file check and was read to its end
  // (5 GB of memory in 30 s, until killed): as a walked template, as a `.flowguard.yaml`, and as the
  // child of a nested stack whose relative TemplateURL climbs to it (`../../../../proc/self/pagemap`).
  describe.runIf(existsSync('/proc/self/pagemap'))('a kernel file that says it is empty and never ends', () => {
    const LIMIT = ['--max-file-size', String(1024 * 1024)];
    const TOO_LARGE = 'file reads on past its stated size of 0 bytes, larger than the limit of 1.0 MB (raise it with --max-file-size)';

    it('walked through a symlink, it is a parse-error at the size limit; the sibling is still linted', () => {
      const outcome = lintBeside({}, { args: LIMIT, named: ['.'], before: (dir) => symlinkSync('/proc/self/pagemap', join(dir, 'stack.yaml')) });
      expect(parseErrorOf(outcome, 'stack.yaml')).toEqual({ message: TOO_LARGE, at: '1:1' });
    });

    it('named by a nested stack, it is a parse-error at the size limit, reported through the parent', () => {
      const climb = `${'../'.repeat(64)}proc/self/pagemap`;
      const parent = [HEADER.trimEnd(), 'Resources:', '  Child:', '    Type: AWS::CloudFormation::Stack', '    Properties:', `      TemplateURL: ${climb}`, ''].join('\n');
      const outcome = lintBeside({ 'parent.yaml': parent }, { args: LIMIT });
      const errors = outcome.results.filter((r) => r.ruleId === 'parse-error');
      expect(errors.map((r) => [uriOf(r).endsWith('/proc/self/pagemap'), r.message.text])).toEqual([[true, TOO_LARGE]]);
    });

    it('as the .flowguard.yaml, the run exits 2 saying the file is too large', () => {
      const dir = tempDir();
      dirs.push(dir);
      writeTree(dir, { 'good.yaml': SHORT_RETENTION });
      symlinkSync('/proc/self/pagemap', join(dir, '.flowguard.yaml'));
      const run = runCli(['good.yaml'], { cwd: dir });
      expectOrderlyExit(run);
      expect(run.status).toBe(2);
      expect(run.stderr.trim()).toBe('.flowguard.yaml: cannot read the configuration file: larger than 256 MB');
    });
  });

  // The `ignore` package compiles each pattern into one regular expression. A 60,000-character line
  // did not compile and ended the run ("internal error: Invalid regular expression"); twelve `**`
  // between folders backtracked without end on a path 40 folders deep. Git matches both.
  it('a .gitignore line too long to compile or with many ** is a warning, and the rest of the file still applies', () => {
    const dir = tempDir();
    dirs.push(dir);
    const deep = `${'b/'.repeat(40)}app.yaml`;
    writeTree(dir, {
      'good.yaml': SHORT_RETENTION,
      [deep]: SHORT_RETENTION,
      'skipped/app.yaml': SHORT_RETENTION,
      '.gitignore': `${'*a'.repeat(30_000)}b\nb/${'**/b/'.repeat(12)}c\nskipped/\n`,
    });
    const run = runCli(['--format', 'sarif'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(1);
    const log = parseSarif(run.stdout);
    expect(resultsOf(log).map(uriOf)).toEqual([deep, 'good.yaml']);
    const notes = log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => `${n.locations?.[0]?.physicalLocation.artifactLocation.uri}: ${n.message.text}`);
    expect(notes).toEqual([
      '.gitignore: the pattern on line 1 is not used, so flowguard lints what it would ignore: the pattern is 60001 characters long, more than 4096',
      '.gitignore: the pattern on line 2 is not used, so flowguard lints what it would ignore: the pattern has 12 `**` between folders, more than 3 (matching it could take hours on deep paths)',
    ]);
  });

  describe('an unreadable file (chmod 000)', () => {
    const root = process.getuid?.() === 0;
    /** As root, permission bits do not stop reads; the check then runs the CLI as `nobody`. */
    const nobody = { uid: 65534, gid: 65534 };
    const canRunAsNobody = (): boolean =>
      root && spawnSync(process.execPath, [CLI, '--version'], { ...nobody, cwd: '/', timeout: 20_000 }).status === 0;

    it('is a parse-error ("permission denied") for a user it is closed to, named or walked; the sibling is still linted', () => {
      const asNobody = canRunAsNobody();
      if (root && !asNobody) {
        // Cannot drop privileges here (e.g. the CLI is not readable by nobody): say so rather than pass silently.
        console.warn('hostile.test: running as root and cannot run the CLI as nobody; permission-denied path not exercised');
        return;
      }
      const bytes = Buffer.from(SHORT_RETENTION);
      for (const named of [['locked.yaml'], ['.']]) {
        const outcome = lintBeside({ 'locked.yaml': bytes }, { named, run: asNobody ? nobody : {}, before: (dir) => chmodSync(join(dir, 'locked.yaml'), 0o000) });
        expect(parseErrorOf(outcome, 'locked.yaml')).toEqual({ message: 'cannot read file: permission denied', at: '1:1' });
      }
    });

    it('when running as root, is read like any other file (root ignores permission bits)', () => {
      const dir = tempDir();
      dirs.push(dir);
      writeTree(dir, { 'locked.yaml': SHORT_RETENTION });
      chmodSync(join(dir, 'locked.yaml'), 0o000);
      const run = runCli(['--format', 'sarif', 'locked.yaml'], { cwd: dir });
      expectOrderlyExit(run);
      const results = resultsOf(parseSarif(run.stdout));
      if (root) expect(results.map((r) => r.ruleId)).toEqual(['log-group-retention']);
      else expect(results.map((r) => [r.ruleId, r.message.text])).toEqual([['parse-error', 'cannot read file: permission denied']]);
    });
  });
});

describe('AWS::LanguageExtensions loops', () => {
  const loopTemplate = (loops: Record<string, string[]>): string =>
    JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Transform: 'AWS::LanguageExtensions',
        Resources: Object.fromEntries(Object.entries(loops).map(([name, elements]) => [`Fn::ForEach::${name}`, ['E', elements, { 'Logs${E}': { Type: 'AWS::Logs::LogGroup' } }]])),
      },
      null,
      1,
    );

  // Human formats dropped every notification of a file with a parse-error finding, taking each for the
  // finding's mirror: a template whose loops make one id twice lost the warning that a 6,000-element
  // loop was checked only in part, so the text report read as if every copy had been checked.
  it('a loop cut at its limit is still a warning in human formats when the template also repeats a logical id', () => {
    const dir = tempDir();
    dirs.push(dir);
    const big = Array.from({ length: 6000 }, (_, i) => `b${i}`);
    writeTree(dir, { 'loops.json': loopTemplate({ A: ['x'], B: ['x'], Big: big }) });
    const cut = 'Fn::ForEach::Big was expanded only in part: it makes more than 5000 resources, the most one template is expanded to; resources of the copies not made are not checked';
    const compact = runCli(['--format', 'compact', 'loops.json'], { cwd: dir });
    expectOrderlyExit(compact);
    expect(compact.status).toBe(1);
    const lines = compact.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => line.endsWith('[parse-error]') || line.endsWith('[flowguard]'))).toEqual([
      'loops.json:22:5: error: logical id `Logsx` is made twice, by Fn::ForEach::A and by Fn::ForEach::B: CloudFormation refuses a template whose logical ids repeat; only the first is checked [parse-error]',
      `loops.json:27:3: warning: ${cut} [flowguard]`,
    ]);
    const text = runCli(['--format', 'text', 'loops.json'], { cwd: dir });
    expect(text.stdout).toContain(cut);
    const github = runCli(['--format', 'github', 'loops.json'], { cwd: dir });
    expect(github.stdout).toContain(cut);
  });
});
