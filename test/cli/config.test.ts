/**
 * `.flowguard.yaml` through the CLI (SPEC §5): validation errors (exit 2, `file:line:col: message`),
 * precedence (command line over file over defaults), finding the file from a subfolder up to the
 * repository root and never above it, `ignore` globs, `--config`, `--no-config` and `--print-config`.
 * The runs lint copies of `fixtures/cli/findings` (AppVpc without a flow log; AppLogs 30 days,
 * WeekLogs 7 days, ForeverLogs unset).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, copyFixture, ensureBuilt, expectOrderlyExit, removeDir, runCli, writeTree } from './helpers.js';
import { gitInit, removeScratch, scratch } from './scratch.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const copies: string[] = [];
function findings(config?: string): string {
  const dir = copyFixture('findings');
  copies.push(dir);
  if (config !== undefined) writeFileSync(join(dir, '.flowguard.yaml'), config);
  return dir;
}
afterAll(() => {
  copies.forEach(removeDir);
  removeScratch();
});

interface JsonFinding {
  ruleId: string;
  level: string;
  resourceId: string;
  message: string;
  file: string;
}

function lint(cwd: string, ...args: string[]): { status: number | null; list: string[]; findings: JsonFinding[] } {
  const run = runCli(['--format', 'json', ...args], { cwd });
  expectOrderlyExit(run);
  expect(run.stderr).toBe('');
  const parsed = JSON.parse(run.stdout) as JsonFinding[];
  return { status: run.status, findings: parsed, list: parsed.map((f) => `${f.ruleId}@${f.resourceId}:${f.level}`) };
}

const DEFAULTS = ['vpc-flow-logs@AppVpc:error', 'log-group-retention@AppLogs:error', 'log-group-retention@WeekLogs:error'];

describe('validation errors: exit 2, file:line:col and what is allowed', () => {
  it.each([
    ['an unknown rule', 'rules:\n  log-group-retention: warning\n  vpc-flowlogs: off\n', '.flowguard.yaml:3:3: unknown rule "vpc-flowlogs" (did you mean "vpc-flow-logs"?); rules: vpc-flow-logs, log-group-retention, role-trust-principal, flow-log-delivery, parse-error, suppression'],
    ['a bad level', 'rules:\n  vpc-flow-logs:\n    level: loud\n', '.flowguard.yaml:3:12: bad level "loud" for rule "vpc-flow-logs"; levels: error, warning, note, off'],
    ['an unknown option', 'rules:\n  log-group-retention:\n    options:\n      minimum: 90\n', '.flowguard.yaml:4:7: unknown option "minimum" for rule "log-group-retention" (did you mean "minimumDays"?); options: minimumDays (number), requireExplicit (boolean)'],
    ['a wrong option type', 'rules:\n  log-group-retention:\n    options:\n      requireExplicit: "true"\n', '.flowguard.yaml:4:24: option "requireExplicit" of rule "log-group-retention" must be a boolean; got the string "true"'],
    ['an unknown key', 'ignores:\n  - x\n', '.flowguard.yaml:1:1: unknown key "ignores" (did you mean "ignore"?); allowed: rules, ignore, limits'],
    ['invalid YAML', 'rules:\n  vpc-flow-logs: off\n   bad: indent\n', /^\.flowguard\.yaml:\d+:\d+: not valid YAML: /],
  ])('%s', (_name, config, expected) => {
    const run = runCli([], { cwd: findings(config) });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    if (typeof expected === 'string') expect(run.stderr).toBe(`${expected}\n`);
    else expect(run.stderr).toMatch(expected);
  });

  it('names the file relative to where the user stands, or as given to --config', () => {
    const dir = findings('rules:\n  vpc-flowlogs: off\n');
    gitInit(dir); // outside a work tree only the working directory is searched
    mkdirSync(join(dir, 'ci'));
    writeFileSync(join(dir, 'ci/flowguard.yaml'), 'rules:\n  log-group-retention: { options: { minimumDays: ninety } }\n');
    expect(runCli([], { cwd: join(dir, 'infra') }).stderr).toMatch(/^\.\.\/\.flowguard\.yaml:2:3: unknown rule "vpc-flowlogs"/);
    const given = runCli(['--config', 'ci/flowguard.yaml'], { cwd: dir });
    expect(given.status).toBe(2);
    expect(given.stderr).toBe('ci/flowguard.yaml:2:50: option "minimumDays" of rule "log-group-retention" must be a number; got the string "ninety"\n');
  });

  it('lists every problem, one a line', () => {
    const run = runCli([], { cwd: findings('rules:\n  vpc-flowlogs: off\n  parse-error: loud\nignore: vendor\n') });
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n').map((line) => line.split(' ')[0])).toEqual(['.flowguard.yaml:2:3:', '.flowguard.yaml:3:16:', '.flowguard.yaml:4:9:']);
  });

  it('a --config file that does not exist is exit 2 naming it', () => {
    const run = runCli(['--config', 'nope.yaml'], { cwd: findings() });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('nope.yaml: cannot read the configuration file: no such file or directory\n');
  });

  it('an empty configuration file is valid', () => {
    expect(lint(findings('# nothing configured yet\n')).list).toEqual(DEFAULTS);
  });
});

describe('precedence: command line over file over defaults', () => {
  const config = 'rules:\n  vpc-flow-logs: note\n  log-group-retention:\n    level: warning\n    options:\n      minimumDays: 14\n      requireExplicit: true\n';

  it('the file sets levels and options', () => {
    const { list, status } = lint(findings(config));
    expect(list).toEqual(['vpc-flow-logs@AppVpc:note', 'log-group-retention@WeekLogs:warning', 'log-group-retention@ForeverLogs:warning']);
    expect(status).toBe(0);
  });

  it('--rule overrides the file’s level and keeps its options', () => {
    const { list, status } = lint(findings(config), '--rule', 'log-group-retention=error');
    expect(list).toEqual(['vpc-flow-logs@AppVpc:note', 'log-group-retention@WeekLogs:error', 'log-group-retention@ForeverLogs:error']);
    expect(status).toBe(1);
  });

  it('--min-retention-days and --no-require-explicit-retention override the file’s options and keep its level', () => {
    const { list } = lint(findings(config), '--min-retention-days', '60', '--no-require-explicit-retention');
    expect(list).toEqual(['vpc-flow-logs@AppVpc:note', 'log-group-retention@AppLogs:warning', 'log-group-retention@WeekLogs:warning']);
  });

  it('--no-config ignores the file: defaults again', () => {
    expect(lint(findings(config), '--no-config').list).toEqual(DEFAULTS);
  });

  it('--config reads another file instead of .flowguard.yaml', () => {
    const dir = findings(config);
    writeFileSync(join(dir, 'strict.yaml'), 'rules:\n  log-group-retention:\n    options: { minimumDays: 3653 }\n  vpc-flow-logs: off\n');
    expect(lint(dir, '--config', 'strict.yaml').list).toEqual(['log-group-retention@AppLogs:error', 'log-group-retention@WeekLogs:error']);
  });

  it('a rule turned off in the file is not run; --rule turns it back on', () => {
    const dir = findings('rules:\n  vpc-flow-logs: off\n');
    expect(lint(dir).list).toEqual(DEFAULTS.slice(1));
    expect(lint(dir, '--rule', 'vpc-flow-logs=warning').list).toEqual(['vpc-flow-logs@AppVpc:warning', ...DEFAULTS.slice(1)]);
  });
});

describe('finding .flowguard.yaml', () => {
  it('applies the file at the repository root when run from a subfolder', () => {
    const repo = scratch();
    gitInit(repo);
    writeTree(repo, { '.flowguard.yaml': 'rules:\n  log-group-retention: off\n', 'stacks/app/logs.yaml': shortRetention(), 'stacks/app/deep/x.yaml': shortRetention() });
    const run = runCli(['--format', 'compact'], { cwd: join(repo, 'stacks/app/deep') });
    expectOrderlyExit(run);
    expect(run.stdout).toBe('');
    expect(run.status).toBe(0);
    expect(runCli(['--format', 'compact', '--no-config'], { cwd: join(repo, 'stacks/app/deep') }).status).toBe(1);
  });

  it('does not use a file above the repository root', () => {
    const outer = scratch();
    writeTree(outer, { '.flowguard.yaml': 'rules:\n  log-group-retention: off\n' });
    const repo = join(outer, 'repo');
    mkdirSync(repo);
    gitInit(repo);
    writeTree(repo, { 'sub/logs.yaml': shortRetention() });
    for (const cwd of [repo, join(repo, 'sub')]) {
      const run = runCli(['--format', 'compact'], { cwd });
      expectOrderlyExit(run);
      expect(run.status, cwd).toBe(1);
      expect(run.stdout).toMatch(/\[log-group-retention\]$/m);
    }
  });

  it('outside a git work tree, uses the file in the working directory only', () => {
    const dir = scratch();
    writeTree(dir, { '.flowguard.yaml': 'rules:\n  log-group-retention: off\n', 'sub/logs.yaml': shortRetention() });
    expect(runCli([], { cwd: dir }).status).toBe(0);
    expect(runCli([], { cwd: join(dir, 'sub') }).status).toBe(1);
  });
});

describe('ignore globs', () => {
  it('skips matching files, relative to the repository root, gitignore-style', () => {
    expect(lint(findings('ignore:\n  - "infra/"\n')).list).toEqual(['log-group-retention@WeekLogs:error']);
    expect(lint(findings('ignore:\n  - "*.json"\n')).list).toEqual(['vpc-flow-logs@AppVpc:error', 'log-group-retention@AppLogs:error']);
    expect(lint(findings('ignore:\n  - "*.json"\n  - "!logs.json"\n')).list).toEqual(DEFAULTS);
  });

  it('are relative to the repository root even when run from a subfolder', () => {
    const repo = scratch();
    gitInit(repo);
    writeTree(repo, { '.flowguard.yaml': 'ignore:\n  - "stacks/legacy/**"\n', 'stacks/legacy/old.yaml': shortRetention(), 'stacks/new.yaml': shortRetention() });
    const run = runCli(['--format', 'compact'], { cwd: join(repo, 'stacks') });
    expect(run.stdout.trimEnd().split('\n').map((line) => line.split(':')[0])).toEqual(['stacks/new.yaml']);
  });

  it('a named file that is ignored is not linted either: a warning, and nothing failed (exit 0; see ignored-paths.test.ts)', () => {
    const run = runCli(['logs.json'], { cwd: findings('ignore: ["logs.json"]\n') });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('flowguard: warning: logs.json not linted: .flowguard.yaml\'s "ignore" excludes it\n');
  });
});

describe('--print-config', () => {
  it('prints the effective configuration as YAML and exits 0 without linting', () => {
    const dir = scratch();
    writeTree(dir, { '.flowguard.yaml': 'rules:\n  vpc-flow-logs: warning\nignore: ["vendor/**"]\nlimits:\n  maxNodes: 1000\n  maxDepth: 64\n' });
    const run = runCli(['--print-config', '--min-retention-days', '90', '--max-depth', '100'], { cwd: dir });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        '# flowguard configuration in effect: defaults, then .flowguard.yaml, then the command line',
        'rules:',
        '  vpc-flow-logs:',
        '    level: warning  # config; default error',
        '  log-group-retention:',
        '    level: error',
        '    options:',
        '      minimumDays: 90  # command line; default 365',
        '      requireExplicit: false',
        '  role-trust-principal:',
        '    level: error',
        '    options:',
        '      confusedDeputy: true',
        '  flow-log-delivery:',
        '    level: warning',
        '  parse-error:',
        '    level: error',
        '  suppression:',
        '    level: note',
        'ignore:',
        '  - "vendor/**"',
        'limits:',
        '  maxFileSize: 268435456',
        '  maxDepth: 100  # command line; default 256',
        '  maxAliases: 1000',
        '  maxNodes: 1000  # config; default 16000000',
        '  maxResources: 200000',
        '  maxTotalResources: 500000',
        '  maxReferenceDepth: 64',
        '  fileTimeBudget: 60',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with --format json', () => {
    const run = runCli(['--print-config', '--format', 'json', '--rule', 'suppression=off'], { cwd: scratch() });
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { rules: Record<string, { level: string; options?: object }>; ignore: string[] };
    expect(printed.rules['suppression']).toEqual({ level: 'off' });
    expect(printed.rules['log-group-retention']).toEqual({ level: 'error', options: { minimumDays: 365, requireExplicit: false } });
    expect(printed.ignore).toEqual([]);
    expect(printed).toMatchObject({ limits: { maxFileSize: 268435456, maxNodes: 16000000, fileTimeBudget: 60 } });
  });

  it('limits from the file apply to the run, and a flag overrides its own limit only', () => {
    const tags = Array.from({ length: 30 }, (_, i) => `        - { Key: k${i}, Value: v${i} }`).join('\n');
    const vpc = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      Tags:\n${tags}\n`;
    // 150 values in YAML is well under 2 × its separators; a limit of 100 is past what the bound allows.
    const dir = findings('limits:\n  maxNodes: 100\n  maxDepth: 64\n');
    writeFileSync(join(dir, 'vpc.yaml'), vpc);
    const limited = runCli(['--format', 'compact', 'vpc.yaml'], { cwd: dir });
    expect(limited.stdout).toMatch(/^vpc\.yaml:\d+:\d+: error: may hold more than 100 YAML nodes by here .*\[parse-error\]$/m);
    const raised = runCli(['--format', 'compact', '--max-nodes', '100000', 'vpc.yaml'], { cwd: dir });
    expect(raised.stdout).toMatch(/^vpc\.yaml:3:3: error: VPC `Vpc` has no flow log/m);
    expect(runCli(['--format', 'compact', '--no-config', 'vpc.yaml'], { cwd: dir }).stdout).not.toContain('parse-error');
    // The graph command reads them too.
    expect(runCli(['graph', 'vpc.yaml'], { cwd: dir }).stderr).toContain('may hold more than 100 YAML nodes');
  });

  it('its output, saved, is a configuration that gives the same run', () => {
    const dir = findings('rules:\n  vpc-flow-logs: off\n  log-group-retention:\n    options: { minimumDays: 14 }\n');
    const printed = runCli(['--print-config', '--rule', 'log-group-retention=warning'], { cwd: dir }).stdout;
    writeFileSync(join(dir, 'saved.yaml'), printed);
    const expected = lint(dir, '--rule', 'log-group-retention=warning').list;
    expect(expected).toEqual(['log-group-retention@WeekLogs:warning']);
    expect(lint(dir, '--config', 'saved.yaml').list).toEqual(expected);
  });

  it('an invalid configuration fails --print-config too', () => {
    expect(runCli(['--print-config'], { cwd: findings('rules: 3\n') }).status).toBe(2);
  });
});

function shortRetention(): string {
  return "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 30\n";
}
