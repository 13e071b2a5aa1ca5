/**
 * SPEC §8: parsers for formats that are absent are not loaded. Each run is spawned with a loader hook
 * that prints the modules it imports; the assertions name the modules that must (not) appear.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli.js');
const TRACE = join(ROOT, 'test/helpers/trace-loads.mjs');

function loadedModules(files: Record<string, string>, args: string[] = []): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-lazy-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const run = spawnSync(process.execPath, ['--import', TRACE, CLI, ...args, '.'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  expect(run.status, run.stderr).toBeLessThan(2);
  return run.stderr
    .split('\n')
    .filter((line) => line.startsWith('load: ') && line.includes('/dist/'))
    .map((line) => line.slice(line.indexOf('/dist/') + '/dist/'.length));
}

const TEMPLATE_JSON = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } });
const TEMPLATE_YAML = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 30\n";
const TERRAFORM = 'resource "aws_cloudwatch_log_group" "logs" {\n  retention_in_days = 30\n}\n';

describe('modules loaded per run', () => {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('run `npm run build` first (npm test does)');
  });

  it('a CloudFormation JSON run loads neither the YAML nor the HCL parser, nor the Terraform adapters', () => {
    const loaded = loadedModules({ 'stack.json': TEMPLATE_JSON });
    expect(loaded).toContain('src/parse/json.js');
    expect(loaded.filter((m) => /parse\/(yaml|hcl)|graph\/terraform|report\/sarif|eslint/.test(m))).toEqual([]);
  });

  it('a CloudFormation YAML run loads the YAML parser but not the HCL parser', () => {
    const loaded = loadedModules({ 'stack.yaml': TEMPLATE_YAML });
    expect(loaded).toContain('src/parse/yaml.js');
    expect(loaded.filter((m) => m.includes('parse/hcl'))).toEqual([]);
  });

  it('a run with a .tf file loads the HCL parser and not the YAML parser', () => {
    const loaded = loadedModules({ 'main.tf': TERRAFORM });
    expect(loaded).toContain('src/parse/hcl/index.js');
    expect(loaded.filter((m) => m.includes('parse/yaml') || m.includes('graph/cloudformation'))).toEqual([]);
  });

  it('--changed-since code is loaded only with --changed-since', () => {
    expect(loadedModules({ 'stack.json': TEMPLATE_JSON }).filter((m) => m.includes('changed-since'))).toEqual([]);
  });

  it('the SARIF reporter is loaded only for --format sarif', () => {
    expect(loadedModules({ 'stack.json': TEMPLATE_JSON }, ['--format', 'sarif'])).toContain('src/report/sarif.js');
  });
});
