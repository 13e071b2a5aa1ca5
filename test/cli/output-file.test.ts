/**
 * `--output FILE` of `flowguard` and `flowguard graph` (SPEC §6: the tool never writes to its inputs):
 * refused (exit 2, the file untouched) over any file the run read, not only the linted ones — a
 * Terraform module loaded from outside the named paths, tfvars, a `file()` argument, the context,
 * the configuration file, the baseline, a file that did not parse — and written into folders it
 * creates, as ESLint's `--output-file` does.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, CLI, ensureBuilt, expectOrderlyExit, fixtureCopies, hashTree, parseSarif, resultsOf, runCli, SPAWN_TIMEOUT_MS, writeTree } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const fixture = fixtureCopies();

/** Runs flowguard expecting the refusal; the whole folder must be as it was. */
function expectRefused(cwd: string, args: string[], output: string, role: string): void {
  const before = hashTree(cwd);
  const run = runCli([...args, '--output', output], { cwd });
  expectOrderlyExit(run);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`flowguard: --output ${output} is ${role}, and flowguard never writes to its inputs; choose another file\n`);
  expect(hashTree(cwd)).toBe(before);
}

describe('--output is never a file the run read', () => {
  // envs/prod/main.tf calls ../../modules/flow-logs, which reads trust-policy.json with file();
  // variables.tf and terraform.tfvars are read with main.tf as Terraform reads a module.
  const MODULE_FILES = ['modules/flow-logs/main.tf', 'modules/flow-logs/trust-policy.json', 'envs/prod/terraform.tfvars', 'envs/prod/variables.tf'];

  it.each(MODULE_FILES)('flowguard envs/prod/main.tf refuses %s', (output) => {
    const cwd = fixture('terraform-modules');
    expectRefused(cwd, ['--format', 'sarif', 'envs/prod/main.tf'], output, 'a file this run reads');
  });

  it.each(MODULE_FILES)('flowguard graph envs/prod/main.tf refuses %s', (output) => {
    const cwd = fixture('terraform-modules');
    expectRefused(cwd, ['graph', 'envs/prod/main.tf'], output, 'a file this run reads');
  });

  it('flowguard graph refuses the file it draws', () => {
    const cwd = fixture('terraform-modules');
    expectRefused(cwd, ['graph', 'envs/prod/main.tf'], 'envs/prod/main.tf', 'one of the files being linted');
  });

  it('refuses a --context file', () => {
    const cwd = fixture('findings');
    expectRefused(cwd, ['--format', 'json', '--context', 'logs.json', 'infra/network.yaml'], 'logs.json', 'a file this run reads');
  });

  it('refuses the configuration file and the baseline', () => {
    const cwd = fixture('findings');
    writeTree(cwd, { '.flowguard.yaml': 'rules:\n  log-group-retention: warning\n', 'ci/flowguard.yaml': 'rules:\n  vpc-flow-logs: warning\n' });
    expectRefused(cwd, ['--format', 'sarif'], '.flowguard.yaml', 'the configuration file');
    expectRefused(cwd, ['--format', 'sarif', '--config', 'ci/flowguard.yaml'], 'ci/flowguard.yaml', 'the configuration file');
    expectRefused(cwd, ['graph'], '.flowguard.yaml', 'the configuration file');
    expect(runCli(['--format', 'sarif', '--output', 'baseline.sarif'], { cwd }).stdout).toMatch(/^✖ /);
    expectRefused(cwd, ['--format', 'sarif', '--baseline', 'baseline.sarif'], 'baseline.sarif', 'the baseline');
  });

  it('refuses a file that could not be parsed', () => {
    const cwd = fixture('findings');
    writeFileSync(join(cwd, 'broken.yaml'), "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties: [\n");
    expectRefused(cwd, ['--format', 'compact'], 'broken.yaml', 'a file this run reads');
  });

  it('refuses an input under another name: a symbolic link to it', () => {
    const cwd = fixture('findings');
    symlinkSync('logs.json', join(cwd, 'report.json'));
    expectRefused(cwd, ['--format', 'json', 'logs.json'], 'report.json', 'one of the files being linted');
  });

  it('rewrites its own report of an earlier run, which the walk skips', () => {
    const cwd = fixture('findings');
    for (let run = 0; run < 2; run++) {
      const result = runCli(['--format', 'sarif', '--output', 'flowguard.sarif', '.'], { cwd });
      expectOrderlyExit(result);
      expect(result.status).toBe(1);
    }
    expect(resultsOf(parseSarif(readFileSync(join(cwd, 'flowguard.sarif'), 'utf8')))).toHaveLength(3);
  });
});

describe('--output into a folder that does not exist', () => {
  it('creates the folders (flowguard and flowguard graph)', () => {
    const cwd = fixture('clean');
    const lint = runCli(['--format', 'sarif', '--output', 'reports/flowguard/run.sarif'], { cwd });
    expectOrderlyExit(lint);
    expect(lint.status).toBe(0);
    expect(lint.stdout).toBe('✔ no problems in 1 file\n');
    expect(resultsOf(parseSarif(readFileSync(join(cwd, 'reports/flowguard/run.sarif'), 'utf8')))).toEqual([]);
    const graph = runCli(['graph', '--output', 'docs/graph/network.mmd'], { cwd });
    expectOrderlyExit(graph);
    expect(graph.status).toBe(0);
    expect(readFileSync(join(cwd, 'docs/graph/network.mmd'), 'utf8')).toMatch(/^flowchart/);
  });

  it('still fails clearly where a folder cannot be made (a file is in the way)', () => {
    const cwd = fixture('clean');
    writeTree(cwd, { reports: 'Reports are kept as CI artifacts.\n' });
    const run = runCli(['--format', 'sarif', '--output', 'reports/run.sarif', 'template.yaml'], { cwd });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('flowguard: cannot write reports/run.sarif: reports is a file, not a folder\n');
  });

  it('names a folder that is a symbolic link to nothing', () => {
    const cwd = fixture('clean');
    symlinkSync('gone', join(cwd, 'reports'));
    const run = runCli(['--format', 'sarif', '--output', 'reports/run.sarif', 'template.yaml'], { cwd });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('flowguard: cannot write reports/run.sarif: reports is a symbolic link to nothing, not a folder\n');
  });

  // Node 20's mkdirSync(…, { recursive: true }) loops for ever here (mkdir /proc: EEXIST, mkdir /proc/nope: ENOENT).
  it.runIf(process.platform === 'linux')('fails, not hangs, where a folder can be neither made nor found (/proc)', () => {
    const cwd = fixture('clean');
    const run = runCli(['--format', 'sarif', '--output', '/proc/flowguard-nope/run.sarif', 'template.yaml'], { cwd });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('flowguard: cannot create the folder /proc/flowguard-nope for /proc/flowguard-nope/run.sarif: no such file or directory\n');
  });

  // The message was "cannot write /dev/full: ENOSPC", the bare error code.
  it.runIf(process.platform === 'linux')('says in words why a write failed (a full device)', () => {
    const cwd = fixture('clean');
    const run = runCli(['--format', 'sarif', '--output', '/dev/full', 'template.yaml'], { cwd });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('flowguard: cannot write /dev/full: no space left on the device\n');
  });

  // The message was "cannot write /dev/stdout: EPIPE". `true` never reads, and the report is larger than a pipe holds.
  it.runIf(process.platform === 'linux')('says in words why a write failed (a pipe nobody reads any more)', () => {
    const cwd = fixture('clean');
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" --format sarif --output /dev/stdout template.yaml | true`], { cwd, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe('flowguard: cannot write /dev/stdout: the pipe was closed by its reader\n');
  });

  // Rethrown by cli.ts's stdout handler, this was a stack trace and exit 1 (as if findings were the problem).
  it.runIf(process.platform === 'linux').each(['sarif', 'text'])('fails with exit 2 and a message when standard output is a full device (%s)', (format) => {
    const cwd = fixture('clean');
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [CLI, '--format', format, 'template.yaml'], { cwd, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
      expect(run.error).toBeUndefined();
      expect(run.stderr).not.toContain('    at ');
      expect(run.stderr).toBe('flowguard: cannot write to standard output: no space left on the device\n');
      expect(run.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });

  it.each(['reports/', 'reports/.', 'reports/..'])('refuses a folder name (%s) instead of writing a file by that name', (output) => {
    const cwd = fixture('clean');
    const run = runCli(['--format', 'sarif', '--output', output, 'template.yaml'], { cwd });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`flowguard: --output ${output} names a folder; give the file to write in it\n`);
    expect(existsSync(join(cwd, 'reports'))).toBe(false);
  });

  // On POSIX a backslash is a character of the name, not a separator.
  it.runIf(process.platform !== 'win32')('writes a file whose name ends in a backslash', () => {
    const cwd = fixture('clean');
    const run = runCli(['--format', 'sarif', '--output', 'report\\', 'template.yaml'], { cwd });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(existsSync(join(cwd, 'report\\'))).toBe(true);
  });
});
