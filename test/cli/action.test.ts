/**
 * `action.yml` (SPEC §7, GitHub code scanning): valid YAML with the expected inputs and steps, scripts
 * that take inputs only through the environment, and the lint and fail steps run here as the runner
 * would run them (bash, GITHUB_ACTION_PATH, GITHUB_OUTPUT). Also: SARIF URIs stay relative to the
 * repository root when flowguard runs in a subfolder and writes the report to a file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/parse/yaml.js';
import { allUris, BUILD_TIMEOUT_MS, copyFixture, ensureBuilt, parseSarif, REPO, removeDir, resultsOf, runCli, SHORT_RETENTION, uriOf, writeTree } from './helpers.js';
import { gitInit, removeScratch, scratch } from './scratch.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);
const dirs: string[] = [];
afterAll(() => {
  dirs.forEach(removeDir);
  removeScratch();
});

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}

interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

function action(): Action {
  const text = readFileSync(join(REPO, 'action.yml'), 'utf8');
  const parsed = parseYaml({ absolutePath: join(REPO, 'action.yml'), path: 'action.yml', text });
  if (!parsed.ok) throw new Error(`action.yml: ${parsed.problem.message}`);
  return parsed.document.value as Action;
}

const step = (id: string): Step => {
  const found = action().runs.steps.find((s) => s.id === id || s.name === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};

/** `${{ inputs.x }}` in a step's env, with the inputs' defaults and `overrides`. */
function stepEnv(s: Step, overrides: Record<string, string> = {}): Record<string, string> {
  const inputs = Object.fromEntries(Object.entries(action().inputs).map(([name, input]) => [name, overrides[name] ?? input.default ?? '']));
  return Object.fromEntries(
    Object.entries(s.env ?? {}).map(([key, value]) => [key, value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? '')]),
  );
}

function runStep(s: Step, cwd: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('bash', ['-e', '-c', s.run!], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs and defaults', () => {
    const a = action();
    expect(a.name).toBe('flowguard');
    // Both input languages, within the 125 characters GitHub Marketplace allows a description.
    expect(a.description).toMatch(/CloudFormation and Terraform/);
    expect(a.description.length).toBeLessThanOrEqual(125);
    expect(a.runs.using).toBe('composite');
    expect(Object.fromEntries(Object.entries(a.inputs).map(([name, input]) => [name, input.default]))).toEqual({
      paths: '.',
      args: '',
      'sarif-file': 'flowguard.sarif',
      category: 'flowguard',
      upload: 'true',
    });
    for (const input of Object.values(a.inputs)) expect(input.description).toBeTruthy();
    expect(Object.keys(a.outputs)).toEqual(['sarif-file', 'exit-code']);
  });

  it('installs, runs flowguard to SARIF, uploads with the category, then fails on findings', () => {
    const steps = action().runs.steps;
    expect(steps.map((s) => s.name)).toEqual(['Install flowguard', 'Run flowguard', 'Upload SARIF to code scanning', 'Fail on findings']);
    expect(steps[0]!.run).toContain('npm ci');
    expect(steps[0]!['working-directory']).toBe('${{ github.action_path }}');
    expect(steps[1]!.run).toContain('node "$GITHUB_ACTION_PATH/dist/cli/cli.js" "${args[@]}" --format sarif --output "$FLOWGUARD_SARIF" -- "${paths[@]}"');
    expect(steps[2]).toMatchObject({
      if: "inputs.upload == 'true'",
      uses: 'github/codeql-action/upload-sarif@v4',
      with: { sarif_file: '${{ inputs.sarif-file }}', category: '${{ inputs.category }}' },
    });
    expect(steps[3]!.env).toEqual({ FLOWGUARD_EXIT_CODE: '${{ steps.lint.outputs.exit-code }}' });
  });

  it('gives every script a shell and no `${{ }}` inside a script (inputs go through env)', () => {
    for (const s of action().runs.steps.filter((s) => s.run !== undefined)) {
      expect(s.shell, s.name).toBe('bash');
      expect(s.run, s.name).not.toContain('${{');
    }
  });

  it('the lint step writes SARIF and exit-code=1 on findings, and lets the job go on to the upload', () => {
    const cwd = copyFixture('findings');
    dirs.push(cwd);
    const output = join(cwd, 'github-output');
    const run = runStep(step('lint'), cwd, { ...stepEnv(step('lint')), GITHUB_ACTION_PATH: REPO, GITHUB_OUTPUT: output });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('exit-code=1\n');
    expect(run.stdout).toMatch(/^✖ 3 problems/);
    const results = resultsOf(parseSarif(readFileSync(join(cwd, 'flowguard.sarif'), 'utf8')));
    expect(results.map((r) => r.ruleId)).toEqual(['vpc-flow-logs', 'log-group-retention', 'log-group-retention']);
  });

  it('the lint step splits paths and args, and stops the job when the run itself fails (exit 2)', () => {
    const cwd = copyFixture('findings');
    dirs.push(cwd);
    const output = join(cwd, 'out');
    const lint = step('lint');
    const clean = runStep(lint, cwd, { ...stepEnv(lint, { paths: 'logs.json infra', args: '--rule vpc-flow-logs=off --min-retention-days 7', 'sarif-file': 'r.sarif' }), GITHUB_ACTION_PATH: REPO, GITHUB_OUTPUT: output });
    expect(clean.status, clean.stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('exit-code=0\n');
    expect(resultsOf(parseSarif(readFileSync(join(cwd, 'r.sarif'), 'utf8')))).toEqual([]);
    const failed = runStep(lint, cwd, { ...stepEnv(lint, { args: '--config missing.yaml' }), GITHUB_ACTION_PATH: REPO, GITHUB_OUTPUT: output });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('missing.yaml: cannot read the configuration file');
  });

  it('the lint step takes one path per line, spaces kept, and no args can change the report format or file', () => {
    const cwd = copyFixture('findings');
    dirs.push(cwd);
    writeTree(cwd, { 'my infra/logs.yaml': SHORT_RETENTION });
    const output = join(cwd, 'out');
    const lint = step('lint');
    const env = stepEnv(lint, { paths: '  my infra\n\nlogs.json\n', args: '--format text --output elsewhere.txt' });
    const run = runStep(lint, cwd, { ...env, GITHUB_ACTION_PATH: REPO, GITHUB_OUTPUT: output });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('exit-code=1\n');
    const results = resultsOf(parseSarif(readFileSync(join(cwd, 'flowguard.sarif'), 'utf8')));
    // SARIF URIs are percent-encoded.
    expect(results.map((r) => uriOf(r)).sort()).toEqual(['logs.json', 'my%20infra/logs.yaml']);
  });

  it('the lint step reads a folded (>) paths value, which ends with a line break, as paths separated by spaces', () => {
    const cwd = copyFixture('findings');
    dirs.push(cwd);
    const output = join(cwd, 'out');
    const lint = step('lint');
    const run = runStep(lint, cwd, { ...stepEnv(lint, { paths: 'logs.json infra\n' }), GITHUB_ACTION_PATH: REPO, GITHUB_OUTPUT: output });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe('exit-code=1\n');
  });

  it('the last step fails the job exactly when flowguard did not exit 0', () => {
    const fail = step('Fail on findings');
    const found = runStep(fail, REPO, { FLOWGUARD_EXIT_CODE: '1' });
    expect(found.status).toBe(1);
    expect(found.stdout).toMatch(/^::error title=flowguard::/);
    expect(runStep(fail, REPO, { FLOWGUARD_EXIT_CODE: '0' }).status).toBe(0);
  });
});

describe('SARIF URIs for code scanning', () => {
  it('are relative to the repository root when run from a subfolder with --output', () => {
    const repo = scratch();
    gitInit(repo);
    writeTree(repo, { 'infra/stacks/logs.yaml': SHORT_RETENTION, 'infra/other.yaml': SHORT_RETENTION });
    const run = runCli(['--format', 'sarif', '--output', 'report.sarif', 'stacks', '../infra/other.yaml'], { cwd: join(repo, 'infra') });
    expect(run.status).toBe(1);
    const log = parseSarif(readFileSync(join(repo, 'infra/report.sarif'), 'utf8'));
    expect(resultsOf(log).map(uriOf)).toEqual(['infra/other.yaml', 'infra/stacks/logs.yaml']);
    expect(allUris(log).every((uri) => uri.startsWith('infra/'))).toBe(true);
  });
});
