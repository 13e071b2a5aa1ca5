/**
 * Terraform override files (`override.tf`, `*_override.tf`, `*_override.tf.json`) merged as Terraform
 * merges them (internal/configs/module_merge_body.go): arguments replace arguments, nested blocks
 * replace every block of their type, locals replace locals one by one, files apply in lexical order.
 * Whatever an override sets is evaluated, and reported, where the override writes it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import type { Span } from '../../src/core/source.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import { RULES } from '../../rules/index.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';
import { nodeOf, plain } from './helpers.js';
import { fixtureGraph, memoryGraph, TERRAFORM_FIXTURES } from './terraform-helpers.js';

function textAt(span: Pick<Span, 'file' | 'start' | 'end'>): string {
  return readFileSync(path.join(TERRAFORM_FIXTURES, span.file), 'utf8').slice(span.start, span.end);
}

function findings(graph: ResourceGraph): string[] {
  return RULES.flatMap((rule) => rule.check(graph, {}).map((f) => `${rule.meta.id} ${f.resourceId} ${f.messageId}`)).sort();
}

describe('override files of a root and of its module (overrides/)', () => {
  const graph = fixtureGraph('overrides');
  const id = (address: string) => `overrides/main.tf#${address}`;

  it('merges arguments of a module call: the lexically last override file wins', () => {
    // main.tf passes ACCEPT, ci_override.tf REJECT, override.tf (after "ci_…") ALL.
    expect(plain(nodeOf(graph, id('module.network.aws_flow_log.this')).attrs['trafficType'])).toBe('ALL');
    // An argument only the earlier override sets stays: ci_override.tf renames the network.
    expect(nodeOf(graph, id('module.network.aws_cloudwatch_log_group.flow')).names.map(plain)).toContain('/vpc/shop-ci');
  });

  it('replaces a local value by name, whichever locals block holds it', () => {
    const api = nodeOf(graph, id('aws_cloudwatch_log_group.api'));
    expect(plain(api.attrs['retentionDays'])).toBe(30);
    // The argument itself is still written in main.tf.
    expect(api.attrKeySpans['retentionDays']!.file).toBe('overrides/main.tf');
  });

  it('replaces an argument of a resource, with its key where the override writes it', () => {
    const audit = nodeOf(graph, id('aws_cloudwatch_log_group.audit'));
    expect(plain(audit.attrs['retentionDays'])).toBe(90);
    expect(textAt(audit.attrs['retentionDays']!.span)).toBe('90');
    expect(textAt(audit.attrKeySpans['retentionDays']!)).toBe('retention_in_days');
    expect(audit.attrKeySpans['retentionDays']!.file).toBe('overrides/override.tf');
    // The resource is still declared where main.tf declares it.
    expect(audit.file).toBe('overrides/main.tf');
    expect(textAt(audit.span)).toBe('resource "aws_cloudwatch_log_group" "audit"');
  });

  it('takes comments on an override block as suppressions of the resource', () => {
    const audit = nodeOf(graph, id('aws_cloudwatch_log_group.audit'));
    expect(audit.suppressions?.map((s) => [s.rule, s.reason, s.span.file])).toEqual([
      ['log-group-retention', 'Audit logs are exported to S3 by the archive job.', 'overrides/override.tf'],
    ]);
  });

  it('replaces every nested block of a type the override writes', () => {
    const worker = nodeOf(graph, id('aws_iam_role.worker'));
    const inline = plain(worker.attrs['inlinePolicies']) as unknown[];
    expect(inline).toEqual([{ Version: '2012-10-17', Statement: [] }]);
  });

  it('merges a .tf.json override into a module: a variable default and a trust policy', () => {
    const role = nodeOf(graph, id('module.network.aws_iam_role.flow'));
    expect(plain(role.attrs['trustPolicy'])).toMatchObject({ Statement: [{ Principal: { Service: 'vpc-flow-logs.amazonaws.com' } }] });
    expect(textAt(role.attrKeySpans['trustPolicy']!)).toBe('"assume_role_policy"');
    expect(role.attrKeySpans['trustPolicy']!.file).toBe('overrides/modules/network/trust_override.tf.json');
    expect(plain(nodeOf(graph, id('module.network.aws_cloudwatch_log_group.flow')).attrs['retentionDays'])).toBe(14);
  });

  it('reports what the merged configuration deserves, not what the base files alone say', () => {
    // Without the overrides: the VPC's flow log would capture ACCEPT only (an error), the delivery
    // role would trust ec2 (an error), and the api and flow log groups would pass.
    expect(findings(graph)).toEqual([
      'log-group-retention aws_cloudwatch_log_group.api tooShort',
      'log-group-retention aws_cloudwatch_log_group.audit tooShort',
      'log-group-retention module.network.aws_cloudwatch_log_group.flow tooShort',
      'role-trust-principal aws_iam_role.worker confusedDeputy',
      'role-trust-principal module.network.aws_iam_role.flow confusedDeputy',
    ]);
  });
});

describe('override blocks in memory', () => {
  it('makes an override block with no base block a problem, as Terraform rejects it, and merges nothing', () => {
    const override = 'resource "aws_flow_log" "main" {\n  vpc_id       = aws_vpc.main.id\n  traffic_type = "ALL"\n}\n\nlocals {\n  x = 1\n}\n';
    const graph = memoryGraph({ 'main.tf': 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n', 'dev_override.tf': override });
    expect(graph.problems.map((p) => [p.span.file, p.span.start, p.message])).toEqual([
      ['dev_override.tf', 0, 'resource aws_flow_log.main in override file dev_override.tf has nothing to override: no other file of the module declares it (Terraform rejects the configuration)'],
      ['dev_override.tf', override.indexOf('x = 1'), 'local value "x" in override file dev_override.tf has nothing to override: no other file of the module declares it (Terraform rejects the configuration)'],
    ]);
    expect([...graph.nodes.values()].map((n) => n.id)).toEqual(['aws_vpc.main']);
  });

  it('replaces plain and dynamic blocks of a type with a dynamic block of that type, evaluated in the override file', () => {
    const graph = memoryGraph({
      'main.tf': [
        'resource "aws_iam_role" "r" {',
        '  name               = "r"',
        '  assume_role_policy = "{}"',
        '  inline_policy {',
        '    name   = "a"',
        '    policy = jsonencode({ Statement = [{ Action = "s3:GetObject" }] })',
        '  }',
        '  dynamic "inline_policy" {',
        '    for_each = ["b"]',
        '    content {',
        '      name   = inline_policy.value',
        '      policy = jsonencode({ Statement = [{ Action = "s3:PutObject" }] })',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
      'override.tf': [
        'locals {',
        '}',
        'resource "aws_iam_role" "r" {',
        '  dynamic "inline_policy" {',
        '    for_each = { logs = "logs:PutLogEvents" }',
        '    content {',
        '      name   = inline_policy.key',
        '      policy = jsonencode({ Statement = [{ Action = inline_policy.value }] })',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const role = nodeOf(graph, 'main.tf#aws_iam_role.r');
    expect(plain(role.attrs['inlinePolicies'])).toEqual([{ Statement: [{ Action: 'logs:PutLogEvents' }] }]);
    expect(role.attrKeySpans['inlinePolicies']!.file).toBe('override.tf');
  });

  it('overrides the count of a resource', () => {
    const graph = memoryGraph({
      'main.tf': 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n\nresource "aws_flow_log" "main" {\n  count        = 1\n  vpc_id       = aws_vpc.main.id\n  traffic_type = "ALL"\n  log_destination_type = "s3"\n  log_destination = "arn:aws:s3:::logs"\n}\n',
      'override.tf': 'resource "aws_flow_log" "main" {\n  count = 0\n}\n',
    });
    const flowLog = nodeOf(graph, 'main.tf#aws_flow_log.main');
    expect(flowLog.existence).toMatchObject({ state: 'absent', why: 'count is 0' });
    if (flowLog.existence.state !== 'absent') throw new Error('expected absent');
    expect(flowLog.existence.span).toMatchObject({ file: 'override.tf', start: 43, end: 44 });
    expect(findings(graph)).toEqual(['vpc-flow-logs aws_vpc.main nearMiss']);
  });
});

describe('override files end to end', () => {
  it('points a retention decided by an overriding local at that local, and keeps the suppressed finding as suppressed', async () => {
    const result = await lint(['overrides'], { cwd: TERRAFORM_FIXTURES });
    // Paths are relative to the repository root.
    const local = (file: string | undefined) => file?.replace(/^fixtures\/graph\/terraform-source\//, '');
    const api = result.findings.find((f) => f.resourceId === 'aws_cloudwatch_log_group.api');
    expect([local(api?.file), api?.region.startLine, api?.related.map((r) => [local(r.file), r.region.startLine, r.message])]).toEqual([
      'overrides/main.tf',
      12,
      [['overrides/override.tf', 7, 'the value that decides the retention']],
    ]);
    const audit = result.findings.find((f) => f.resourceId === 'aws_cloudwatch_log_group.audit');
    expect([local(audit?.file), audit?.region.startLine, audit?.suppressions?.map((x) => [x.kind, x.justification])]).toEqual([
      'overrides/override.tf',
      12,
      [['inSource', 'Audit logs are exported to S3 by the archive job.']],
    ]);
  });
});

describe('plan results on an argument an override file sets', () => {
  it('points at the override file beside the plan, the resource header staying in the base file', async () => {
    const dir = tempDir('flowguard-plan-override-');
    try {
      writeTree(dir, {
        'main.tf': 'resource "aws_cloudwatch_log_group" "app" {\n  name              = "app"\n  retention_in_days = 365\n}\n',
        'z_override.tf': '\n\nresource "aws_cloudwatch_log_group" "app" {\n  retention_in_days = 7\n}\n',
        'plan.json': JSON.stringify({
          format_version: '1.2',
          planned_values: { root_module: { resources: [{ address: 'aws_cloudwatch_log_group.app', mode: 'managed', type: 'aws_cloudwatch_log_group', name: 'app', values: { name: 'app', retention_in_days: 7 } }] } },
        }),
      });
      const result = await lint(['plan.json'], { cwd: dir });
      expect(result.findings.map((f) => [f.ruleId, f.file, f.region.startLine, f.region.startColumn])).toEqual([['log-group-retention', 'z_override.tf', 4, 23]]);
    } finally {
      removeDir(dir);
    }
  });
});

describe('override files the repository ignores', () => {
  it('are left out however the module is reached, as a walk of the folder leaves them out', async () => {
    const dir = tempDir('flowguard-ignored-override-');
    try {
      writeTree(dir, {
        '.git/HEAD': 'ref: refs/heads/main\n',
        // Terraform's own .gitignore template: override files are local.
        '.gitignore': 'override.tf\n*_override.tf\n',
        'network/main.tf':
          'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n\nresource "aws_flow_log" "main" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = "arn:aws:s3:::central-flow-logs"\n}\n',
        'network/dev_override.tf': 'resource "aws_flow_log" "main" {\n  traffic_type = "ACCEPT"\n}\n',
        'root/main.tf': 'module "network" {\n  source = "../network"\n}\n',
      });
      for (const paths of [['network'], ['network/main.tf'], ['root'], ['root/main.tf']]) {
        expect((await lint(paths, { cwd: dir })).findings, paths.join(' ')).toEqual([]);
      }
    } finally {
      removeDir(dir);
    }
  });
});
