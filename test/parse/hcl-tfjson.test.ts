/** `.tf.json`: Terraform JSON syntax converted into the same tree as `.tf`. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS, type ParseProblem } from '../../src/parse/document.js';
import type { Block, Body, HclFile } from '../../src/parse/hcl/ast.js';
import { parseTfJson } from '../../src/parse/hcl/tfjson.js';
import { sourceFile } from './helpers.js';
import { at, checkedAt, fileOf, hclFixture, show } from './hcl-helpers.js';

function tfJson(text: string): HclFile {
  return fileOf(parseTfJson(sourceFile(text, 'main.tf.json'), DEFAULT_PARSE_LIMITS));
}

function tfJsonProblem(text: string): ParseProblem & { at: string } {
  const result = parseTfJson(sourceFile(text, 'main.tf.json'), DEFAULT_PARSE_LIMITS);
  if (result.ok) expect.fail(`expected a problem for ${text}`);
  return { ...result.problem, at: checkedAt(text, result.problem) };
}

function block(body: Body, type: string, ...labels: string[]): Block {
  const found = body.blocks.find((b) => b.type === type && labels.every((label, i) => b.labels[i] === label));
  if (!found) throw new Error(`no block ${type} ${labels.join(' ')}`);
  return found;
}

function attrs(body: Body): Record<string, string> {
  return Object.fromEntries(body.attributes.map((a) => [a.name, show(a.expr)]));
}

describe('Terraform JSON syntax', () => {
  const text = hclFixture('main.tf.json');
  const file = tfJson(text);
  const { body } = file;

  it('turns the object structure into labelled blocks', () => {
    expect(body.blocks.map((b) => [b.type, ...b.labels].join(' '))).toEqual([
      'variable environment',
      'variable azs',
      'locals',
      'resource aws_vpc main',
      'resource aws_cloudwatch_log_group flow',
      'resource aws_iam_role flow',
      'resource aws_flow_log main',
      'data aws_iam_policy_document deliver',
      'module subnets',
      'provider aws',
      'provider aws',
      'output vpc_id',
    ]);
  });

  it('places blocks at the key that names them, and labels and types at their keys', () => {
    const vpc = block(body, 'resource', 'aws_vpc', 'main');
    expect(at(text, vpc.typeRange)).toBe('11:3 "resource"');
    expect(vpc.labelRanges.map((range) => at(text, range))).toEqual(['12:5 "aws_vpc"', '13:7 "main"']);
    expect(checkedAt(text, vpc)).toBe('13:7');
    expect(text.slice(vpc.body.start, vpc.body.end)).toMatch(/^\{[\s\S]*\}$/);
    expect(at(text, block(body, 'locals').typeRange)).toBe('7:3 "locals"');
  });

  it('reads strings as templates, with exact positions for interpolated expressions', () => {
    const flowLog = block(body, 'resource', 'aws_flow_log', 'main').body;
    expect(attrs(flowLog)).toEqual({
      vpc_id: 'tpl(aws_vpc.main.id)',
      traffic_type: '"ALL"',
      log_destination: 'tpl(aws_cloudwatch_log_group.flow.arn)',
      iam_role_arn: 'tpl(aws_iam_role.flow.arn)',
    });
    const vpcId = flowLog.attributes[0]!;
    expect(at(text, vpcId.nameRange)).toBe('33:9 "vpc_id"');
    expect(at(text, vpcId.expr)).toBe('33:19 "${aws_vpc.main.id}"');
    const template = vpcId.expr;
    if (template.k !== 'template') throw new Error('expected a template');
    expect(at(text, template.parts[0] as never)).toBe('33:22 aws_vpc.main.id');
    expect(attrs(block(body, 'locals').body)).toEqual({ name: 'tpl(var.environment "-network")', retention: 'tpl(try(var.log_retention_days, 365))' });
  });

  it('maps positions back through JSON escapes', () => {
    const role = block(body, 'resource', 'aws_iam_role', 'flow').body;
    const policy = role.attributes.find((a) => a.name === 'assume_role_policy')!.expr;
    expect(show(policy)).toBe('tpl(jsonencode({"Version" = "2012-10-17"}))');
    if (policy.k !== 'template' || typeof policy.parts[0] !== 'object' || policy.parts[0].k !== 'call') throw new Error('expected jsonencode');
    const object = policy.parts[0].args[0]!;
    if (object.k !== 'object') throw new Error('expected an object');
    expect(at(text, object.items[0]!.key)).toBe('25:46 \\"Version\\"');
    expect(at(text, object.items[0]!.value)).toBe('25:60 \\"2012-10-17\\"');
  });

  it('knows the nested blocks of the resources the rules read, and keeps other objects as arguments', () => {
    const role = block(body, 'resource', 'aws_iam_role', 'flow').body;
    expect(role.blocks.map((b) => b.type)).toEqual(['inline_policy', 'lifecycle']);
    expect(attrs(block(role, 'lifecycle').body)).toEqual({ ignore_changes: '[tags]' });
    expect(attrs(role).depends_on).toBe('[aws_cloudwatch_log_group.flow]');
    expect(attrs(block(body, 'resource', 'aws_vpc', 'main').body).tags).toBe('{"Name" = tpl(local.name), "Tier" = "core"}');

    const statements = block(body, 'data', 'aws_iam_policy_document', 'deliver').body.blocks;
    expect(statements.map((s) => s.type)).toEqual(['statement', 'statement']);
    expect(statements[1]!.body.blocks.map((b) => [b.type, attrs(b.body)])).toEqual([
      ['principals', { type: '"Service"', identifiers: '["vpc-flow-logs.amazonaws.com"]' }],
    ]);
    expect(checkedAt(text, statements[1]!)).toBe('45:11');
  });

  it('reads the arguments Terraform takes as expressions: variable types, providers, depends_on', () => {
    expect(attrs(block(body, 'variable', 'environment').body)).toEqual({ type: 'string', default: '"prod"' });
    expect(attrs(block(body, 'variable', 'azs').body).type).toBe('list(string)');
    const subnets = attrs(block(body, 'module', 'subnets').body);
    expect(subnets).toMatchObject({ for_each: 'tpl(toset(var.azs))', providers: '{"aws" = aws.west}', az: 'tpl(each.key)' });
  });

  it('reads an array of objects as several blocks', () => {
    const providers = body.blocks.filter((b) => b.type === 'provider');
    expect(providers.map((p) => attrs(p.body))).toEqual([{ region: '"eu-west-1"' }, { alias: '"west"', region: '"us-west-2"' }]);
    expect(checkedAt(text, providers[1]!)).toBe('62:40');
  });

  it('keeps `$${` as a literal and collects "//" comments', () => {
    expect(attrs(block(body, 'output', 'vpc_id').body).description).toBe('"100% ${not interpolated}"');
    expect(file.comments.map((c) => [checkedAt(text, c), c.text])).toEqual([['2:3', 'VPC with flow logs, in Terraform JSON syntax.']]);
  });

  it('accepts a nested dynamic block with its content', () => {
    const source = JSON.stringify({
      resource: { aws_flow_log: { x: { dynamic: { destination_options: { for_each: '${var.o}', content: { file_format: 'parquet' } } } } } },
    });
    const dynamic = tfJson(source).body.blocks[0]!.body.blocks[0]!;
    expect([dynamic.type, dynamic.labels, attrs(dynamic.body), dynamic.body.blocks.map((b) => [b.type, attrs(b.body)])]).toEqual([
      'dynamic',
      ['destination_options'],
      { for_each: 'tpl(var.o)' },
      [['content', { file_format: '"parquet"' }]],
    ]);
  });
});

describe('Terraform JSON syntax: a key written again', () => {
  it('adds the blocks of a block type written twice, as HCL keeps every definition of a JSON property', () => {
    const file = tfJson('{\n  "resource": {"aws_vpc": {"main": {"cidr_block": "10.0.0.0/16"}}},\n  "resource": {"aws_flow_log": {"main": {"traffic_type": "ALL"}}}\n}\n');
    expect(file.body.blocks.map((b) => [b.type, ...b.labels].join(' '))).toEqual(['resource aws_vpc main', 'resource aws_flow_log main']);
  });
});

describe('Terraform JSON problems', () => {
  it.each([
    ['{"resource": {"aws_vpc": {"main": {"a": "${var.x", "b": 1}}}}', /^unclosed '\$\{' opened at line 1$/, '1:42'],
    ['{"resource": {"aws_vpc": "x"}}', /^expected an object of `resource` blocks by label, found a string$/, '1:26'],
    ['{"resource": {"aws_vpc": {"main": [1]}}}', /^expected an object: the body of a `resource` block, found a number$/, '1:36'],
    ['[1]', /^a \.tf\.json file must hold one JSON object of blocks$/, '1:1'],
    ['{"a": ', /expected a value/, '1:7'],
    ['{"resource": {"aws_vpc": {"main": {"cidr_block": "a", "cidr_block": "b"}}}}', /^argument `cidr_block` is set twice \(first at line 1\)$/, '1:55'],
    ['{"resource": {"t": {"n": {"a": "\\"q\\" ${var. }"}}}}', /^expected an attribute name, an index or '\*' after '\.', found '\}'$/, '1:46'],
    ['{"variable": {"x": {"type": "list(string"}}}', /^unclosed '\(' opened at line 1$/, '1:34'],
    ['{"variable": {"x": {"type": "string extra"}}}', /^expected the end of the expression, found `extra`$/, '1:37'],
  ])('%s', (source, message, position) => {
    const found = tfJsonProblem(source);
    expect(found.message).toMatch(message);
    expect(found.at).toBe(position);
  });

  it('refuses nesting past maxDepth before building a tree', () => {
    const deep = 200_000;
    const found = tfJsonProblem(`{"locals": {"a": ${'['.repeat(deep)}${']'.repeat(deep)}}}`);
    expect(found.limit).toBe('maxDepth');
  });
});
