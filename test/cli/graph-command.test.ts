/**
 * `flowguard graph` through the CLI: the command line (help, formats, paths, configuration). What the
 * graph contains is tested with `src/commands/graph.ts` itself.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, fixtureCopies, ensureBuilt, expectOrderlyExit, REPO, runCli, writeTree } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const fixture = fixtureCopies();

describe('flowguard graph', () => {
  it('--help works and lists the formats', () => {
    const run = runCli(['graph', '--help'], { cwd: REPO });
    expectOrderlyExit(run);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: flowguard graph \[options\] \[paths\.\.\.\]/);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('choices: "mermaid", "dot", "json", default: "mermaid"');
    expect(run.stdout).toContain('--config <file>');
  });

  it('rejects an unknown format and a missing path (exit 2)', () => {
    const cwd = fixture('clean');
    const format = runCli(['graph', '--format', 'svg'], { cwd });
    expect(format.status).toBe(2);
    expect(format.stderr).toBe("flowguard: option '--format <format>' does not accept 'svg'; use one of mermaid, dot, json\nrun 'flowguard graph --help' for the options\n");
    const missing = runCli(['graph', 'nope.yaml'], { cwd });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('flowguard: cannot read nope.yaml: no such file or directory\n');
  });

  it('exits 2 like flowguard itself when nothing was found, saying so in the same words', () => {
    const cwd = fixture('clean');
    writeTree(cwd, { 'docs/README.md': '# Network\n', 'docs/mkdocs.yaml': 'site_name: network\n' });
    for (const command of [['graph', 'docs'], ['docs']]) {
      const run = runCli(command, { cwd });
      expectOrderlyExit(run);
      expect(run.status, command.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe('flowguard: no CloudFormation template, Terraform file or plan found in docs\n');
    }
  });

  it('exits 2 when nothing could be parsed, with the parse problem: a diagram of nothing is no graph', () => {
    const cwd = fixture('clean');
    writeTree(cwd, { 'broken.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: [\n" });
    const run = runCli(['graph', 'broken.yaml'], { cwd });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^flowguard: error: broken\.yaml: .*never closed.*\nflowguard: nothing linted: broken\.yaml could not be read or parsed\n$/);
  });

  it.runIf(existsSync(resolve(REPO, 'dist/src/commands/graph.js')))('prints the graph of the templates in each format', () => {
    const cwd = fixture('findings');
    for (const format of ['mermaid', 'dot', 'json']) {
      const run = runCli(['graph', '--format', format], { cwd });
      expectOrderlyExit(run);
      expect(run.status, `${format}: ${run.stderr}`).toBe(0);
      expect(run.stdout).toContain('AppVpc');
    }
    const json = JSON.parse(runCli(['graph', '--format', 'json'], { cwd }).stdout) as { files: string[] };
    expect(json.files).toEqual(['infra/network.yaml', 'logs.json']);
    expect(runCli(['graph'], { cwd }).stdout).toBe(runCli(['graph', '--format', 'mermaid'], { cwd }).stdout);
  });

  it.runIf(existsSync(resolve(REPO, 'dist/src/commands/graph.js')))('honours the configuration’s ignore globs and --no-config', () => {
    const cwd = fixture('findings');
    writeFileSync(join(cwd, '.flowguard.yaml'), 'ignore: ["logs.json"]\n');
    const files = (...args: string[]) => (JSON.parse(runCli(['graph', '--format', 'json', ...args], { cwd }).stdout) as { files: string[] }).files;
    expect(files()).toEqual(['infra/network.yaml']);
    expect(files('--no-config')).toEqual(['infra/network.yaml', 'logs.json']);
    writeFileSync(join(cwd, '.flowguard.yaml'), 'ignore: "logs.json"\n');
    const bad = runCli(['graph'], { cwd });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^\.flowguard\.yaml:1:9: "ignore" must be a list/);
  });
});
