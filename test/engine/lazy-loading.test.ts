/**
 * SPEC §8: parsers for formats that are absent are not loaded. Each run of the CLI users run (the
 * bundle in dist/cli/) is spawned with a loader hook that prints the files it imports, and a hook that
 * prints Node's own modules (`process.moduleLoadList`) at exit. A bundle chunk stands for the sources
 * the build recorded in dist/cli/meta.json; the assertions name the modules that must (not) appear.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledSources } from '../helpers/bundle.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli/cli.js');
const TRACE = join(ROOT, 'test/helpers/trace-loads.mjs');
/** Node's built-in modules are not files: the loader hook never sees them. */
const BUILTINS =
  'data:text/javascript,' +
  encodeURIComponent(
    'import { writeSync } from "node:fs"; import { createRequire } from "node:module"; process.on("exit", () => { for (const m of process.moduleLoadList) if (m.startsWith("NativeModule ")) writeSync(2, "builtin: " + m.slice(13) + "\\n"); for (const f of Object.keys(createRequire(process.cwd() + "/").cache)) writeSync(2, "cjs: " + f + "\\n"); });',
  );

interface Loads {
  /** flowguard's own modules, relative to dist/. */
  flowguard: string[];
  /** Every module loaded, as a URL or a bundled source path (packages under node_modules included). */
  files: string[];
  /** Node's modules: `fs`, `child_process`, `internal/…`. */
  builtins: string[];
  /** CommonJS files loaded with `require` (which the loader hook does not see), as paths. */
  required: string[];
}

function traceRun(files: Record<string, string>, args: string[] = []): Loads {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-lazy-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const run = spawnSync(process.execPath, ['--import', TRACE, '--import', BUILTINS, CLI, ...args, '.'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBeLessThan(2);
    const lines = run.stderr.split('\n');
    const after = (prefix: string) => lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));
    const loaded = bundledSources(after('load: '));
    return {
      flowguard: loaded.filter((url) => url.includes('/dist/')).map((url) => url.slice(url.indexOf('/dist/') + '/dist/'.length)),
      files: loaded,
      builtins: after('builtin: '),
      required: after('cjs: '),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function loadedModules(files: Record<string, string>, args: string[] = []): string[] {
  return traceRun(files, args).flowguard;
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

  it('jsonc-parser is loaded only for a JSON file that JSON.parse refuses', () => {
    const valid = traceRun({ 'stack.json': TEMPLATE_JSON });
    expect(valid.flowguard).toContain('src/parse/json.js');
    expect([...valid.files, ...valid.required].filter((f) => f.includes('jsonc-parser'))).toEqual([]);
    const broken = traceRun({ 'stack.json': TEMPLATE_JSON.replace('"Resources"', '"Resources" "x"') });
    expect(broken.required.filter((f) => f.includes('/jsonc-parser/'))).not.toEqual([]);
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

  it('a .tf run loads the YAML decoder, and js-yaml, only when its source calls yamldecode()', () => {
    const plain = traceRun({ 'main.tf': TERRAFORM, 'config.yaml': 'days: 30\n' });
    expect(plain.flowguard).toContain('src/parse/hcl/index.js');
    expect(plain.flowguard.filter((m) => m.includes('yaml'))).toEqual([]);
    expect(plain.files.filter((f) => f.includes('js-yaml'))).toEqual([]);
    const decoding = traceRun({ 'main.tf': TERRAFORM.replace('30', 'yamldecode(file("config.yaml")).days'), 'config.yaml': 'days: 30\n' });
    expect(decoding.flowguard).toContain('src/graph/terraform/yaml-decode.js');
    expect(decoding.flowguard.filter((m) => m.includes('parse/yaml') || m.includes('graph/cloudformation'))).toEqual([]);
    expect(decoding.files.filter((f) => f.includes('js-yaml'))).not.toEqual([]);
  });

  it('--changed-since code is loaded only with --changed-since', () => {
    expect(loadedModules({ 'stack.json': TEMPLATE_JSON }).filter((m) => m.includes('changed-since'))).toEqual([]);
  });

  it('the SARIF reporter is loaded only for --format sarif', () => {
    expect(loadedModules({ 'stack.json': TEMPLATE_JSON }, ['--format', 'sarif'])).toContain('src/report/sarif.js');
  });

  it('a lint run loads no command-line parsing package and no child_process (start-up time)', () => {
    const { files, builtins, flowguard } = traceRun({ 'stack.yaml': TEMPLATE_YAML }, ['--format', 'json']);
    // The hooks saw the run: without this, an empty trace would pass every "not loaded" below.
    expect(flowguard).toContain('src/cli/args.js');
    expect(builtins).toContain('fs');
    expect(builtins).toContain('internal/util/parse_args/parse_args');
    expect(files.filter((url) => /\/node_modules\/(commander|yargs|minimist|meow|cac|arg|sade)\//.test(url))).toEqual([]);
    expect(builtins.filter((name) => /child_process|dgram/.test(name))).toEqual([]);
  });

  it('node:crypto is loaded only to fingerprint findings, and perf_hooks never (start-up time)', () => {
    const clean = traceRun({ 'stack.yaml': TEMPLATE_YAML.replace('RetentionInDays: 30', 'RetentionInDays: 365') }, ['--format', 'json']);
    expect(clean.builtins).toContain('fs');
    // `internal/perf/utils` and a few more come with the tracing hooks' loader thread: the `performance`
    // global is `internal/perf/performance`, and `perf_hooks` its public face.
    const perfHooks = (name: string) => name === 'perf_hooks' || name === 'internal/perf/performance';
    expect(clean.builtins.filter((name) => name.includes('crypto') || perfHooks(name))).toEqual([]);
    const withFindings = traceRun({ 'stack.yaml': TEMPLATE_YAML }, ['--format', 'json']);
    expect(withFindings.builtins).toContain('crypto');
    expect(withFindings.builtins.filter(perfHooks)).toEqual([]);
  });
});
