/** `.tf` native syntax: the tree of a realistic file, with exact positions, and every expression form. */
import { describe, expect, it } from 'vitest';
import type { Block, Body } from '../../src/parse/hcl/ast.js';
import { at, expression, hclFixture, parsed, ranges, show } from './hcl-helpers.js';

function block(body: Body, type: string, ...labels: string[]): Block {
  const found = body.blocks.find((b) => b.type === type && labels.every((label, i) => b.labels[i] === label));
  if (!found) throw new Error(`no block ${type} ${labels.join(' ')}`);
  return found;
}

function attr(body: Body, name: string) {
  const found = body.attributes.find((a) => a.name === name);
  if (!found) throw new Error(`no attribute ${name}`);
  return found;
}

describe('a realistic Terraform file', () => {
  const text = hclFixture('main.tf');
  const file = parsed(text);
  const { body } = file;

  it('lists the top-level blocks in order, with their labels', () => {
    expect(body.attributes).toEqual([]);
    expect(body.blocks.map((b) => [b.type, ...b.labels].join(' '))).toEqual([
      'terraform',
      'locals',
      'resource aws_vpc main',
      'resource aws_cloudwatch_log_group flow',
      'resource aws_iam_role flow',
      'resource aws_flow_log main',
      'data aws_iam_policy_document assume',
      'module network',
      'module subnets',
    ]);
  });

  it('places blocks, labels and bodies at their exact line and column', () => {
    const vpc = block(body, 'resource', 'aws_vpc', 'main');
    expect(at(text, vpc.typeRange)).toBe('13:1 resource');
    expect(vpc.labelRanges.map((range) => at(text, range))).toEqual(['13:10 "aws_vpc"', '13:20 "main"']);
    expect(at(text, vpc.body).split(' ')[0]).toBe('13:27');
    expect(text.slice(vpc.start, vpc.end)).toMatch(/^resource "aws_vpc" "main" \{[\s\S]*\n\}$/);
    expect(at(text, { start: vpc.end - 1, end: vpc.end })).toBe('18:1 }');

    const inline = block(block(body, 'resource', 'aws_iam_role', 'flow').body, 'inline_policy');
    expect(at(text, inline.typeRange)).toBe('36:3 inline_policy');
    expect(inline.labels).toEqual([]);
    const statement = block(block(body, 'data', 'aws_iam_policy_document', 'assume').body, 'statement');
    expect(at(text, block(statement.body, 'principals').typeRange)).toBe('61:5 principals');
  });

  it('places attribute names and values', () => {
    const flowLog = block(body, 'resource', 'aws_flow_log', 'main').body;
    const vpcId = attr(flowLog, 'vpc_id');
    expect(at(text, vpcId.nameRange)).toBe('52:3 vpc_id');
    expect(at(text, vpcId.expr)).toBe('52:21 aws_vpc.main.id');
    expect(at(text, vpcId)).toBe('52:3 vpc_id          = aws_vpc.main.id');
    expect(at(text, attr(flowLog, 'traffic_type').expr)).toBe('53:21 "ALL"');
    const count = attr(block(body, 'module', 'network').body, 'count');
    expect(at(text, count.expr)).toBe('71:12 var.create ? 1 : 0');
    expect(show(count.expr)).toBe('(var.create ? 1 : 0)');
  });

  it('reads traversals step by step, with a range for each step', () => {
    const expr = attr(block(body, 'resource', 'aws_flow_log', 'main').body, 'vpc_id').expr;
    expect(expr).toMatchObject({ k: 'traversal', root: 'aws_vpc', steps: [{ k: 'attr', name: 'main' }, { k: 'attr', name: 'id' }] });
    if (expr.k !== 'traversal') return;
    expect(expr.steps.map((step) => at(text, step))).toEqual(['52:28 .main', '52:33 .id']);
    const moduleOutput = attr(block(body, 'module', 'subnets').body, 'vpc_id').expr;
    expect(show(moduleOutput)).toBe('module.network[0].vpc_id');
    expect(show(attr(block(body, 'module', 'subnets').body, 'az').expr)).toBe('each.key');
  });

  it('keeps jsonencode() arguments as objects and heredoc policies as templates', () => {
    const role = block(body, 'resource', 'aws_iam_role', 'flow').body;
    const trust = attr(role, 'assume_role_policy').expr;
    expect(show(trust)).toBe(
      'jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Principal" = {"Service" = "vpc-flow-logs.amazonaws.com"}, "Action" = "sts:AssumeRole"}]})',
    );
    if (trust.k !== 'call' || trust.args[0]?.k !== 'object') throw new Error('expected jsonencode({…})');
    const principal = trust.args[0].items[1]!.value;
    expect(at(text, trust.args[0].items[0]!.key)).toBe('28:5 Version');
    expect(at(text, principal).split('\n')[0]).toBe('29:17 [{');

    const policy = attr(block(role, 'inline_policy').body, 'policy').expr;
    expect(policy.k).toBe('template');
    if (policy.k !== 'template') return;
    expect(policy.heredoc).toBe(true);
    expect(at(text, policy).split('\n')[0]).toBe('38:14 <<-EOT');
    expect(text.slice(policy.end - 3, policy.end)).toBe('EOT');
    const [before, arn, after] = policy.parts;
    expect(before).toBe('{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],\n    "Resource": "');
    expect(typeof arn === 'object' && at(text, arn)).toBe('44:26 aws_cloudwatch_log_group.flow.arn');
    expect(after).toBe(':*"\n  }]\n}\n');
  });

  it('reads locals: templates, try(), for expressions', () => {
    const locals = block(body, 'locals').body;
    expect(show(attr(locals, 'name').expr)).toBe('tpl(var.environment "-network")');
    expect(show(attr(locals, 'retention').expr)).toBe('try(var.log_retention_days, 365)');
    expect(show(attr(locals, 'azs').expr)).toBe('slice(data.aws_availability_zones.available.names, 0, 3)');
    expect(show(attr(locals, 'extra_tags').expr)).toBe('{for k, v in var.tags : lower(k) => v if (v != null)}');
  });

  it('collects every comment with its text and range', () => {
    expect(file.comments.map((c) => `${at(text, c).split(' ')[0]} ${c.text}`)).toEqual([
      '1:1 VPC with flow logs delivered to CloudWatch Logs.',
      '53:27 REJECT alone misses accepted traffic',
      '68:1 Optional shared network, then one subnet module per zone.',
    ]);
    expect(text.slice(file.comments[2]!.start, file.comments[2]!.end)).toBe('/* Optional shared network, then one subnet module per zone. */');
  });

  it('nests every range inside its parent and inside the text', () => {
    let count = 0;
    for (const { range, parent } of ranges(body)) {
      count++;
      expect(range.start).toBeLessThanOrEqual(range.end);
      if (parent) expect(parent.start <= range.start && range.end <= parent.end, `${at(text, range)} in ${at(text, parent)}`).toBe(true);
    }
    expect(count).toBeGreaterThan(150);
  });
});

describe('expressions', () => {
  it.each([
    ['42', '42'],
    ['1.5e3', '1500'],
    ['-7', '-7'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['"plain"', '"plain"'],
    ['var.region', 'var.region'],
    ['local.subnets[0].id', 'local.subnets[0].id'],
    ['aws_subnet.private.0.id', 'aws_subnet.private[0].id'],
    ['aws_subnet.private.1.2', 'aws_subnet.private[1][2]'],
    ['aws_subnet.private.*.id', 'aws_subnet.private[*].id'],
    ['aws_subnet.private[*].id', 'aws_subnet.private[*].id'],
    ['var.map["key"]', 'var.map["key"]'],
    ['var.list[count.index]', 'var.list[count.index]'],
    ['count.index', 'count.index'],
    ['path.module', 'path.module'],
    ['terraform.workspace', 'terraform.workspace'],
    ['self.private_ip', 'self.private_ip'],
    ['data.aws_region.current.name', 'data.aws_region.current.name'],
    ['each.value.cidr', 'each.value.cidr'],
    ['f()', 'f()'],
    ['max(1, 2, 3,)', 'max(1, 2, 3)'],
    ['max(var.numbers...)', 'max(var.numbers...)'],
    ['merge(local.a, local.list...)', 'merge(local.a, local.list...)'],
    ['provider::aws::arn_parse(var.arn).region', 'rel(provider::aws::arn_parse(var.arn)).region'],
    ['f(x)[0]', 'rel(f(x))[0]'],
    ['(var.a).b', 'rel(paren(var.a)).b'],
    ['[1, 2][*]', 'rel([1, 2])[*]'],
    ['[]', '[]'],
    ['[1, "a", [true]]', '[1, "a", [true]]'],
    ['[\n  1,\n  2,\n]', '[1, 2]'],
    ['{}', '{}'],
    ['{ a = 1, b = 2 }', '{"a" = 1, "b" = 2}'],
    ['{ a: 1, "b": 2 }', '{"a" = 1, "b" = 2}'],
    ['{\n  a = 1\n  b = 2\n}', '{"a" = 1, "b" = 2}'],
    ['{ (var.key) = 1, "${var.p}-x" = 2 }', '{paren(var.key) = 1, tpl(var.p "-x") = 2}'],
    ['{ null = 1, true = 2 }', '{"null" = 1, "true" = 2}'],
    ['{ for = 1, in = 2 }', '{"for" = 1, "in" = 2}'],
    ['[for]', '[for]'],
    ['[for s in var.list : upper(s)]', '[for s in var.list : upper(s)]'],
    ['[for i, s in var.list : s if i > 0]', '[for i, s in var.list : s if (i > 0)]'],
    ['{for k, v in var.map : v => k...}', '{for k, v in var.map : v => k...}'],
    ['{\n  for k, v in var.map :\n  k => v\n  if v != ""\n}', '{for k, v in var.map : k => v if (v != "")}'],
    ['a ? b : c', '(a ? b : c)'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a || b && c', '(a || (b && c))'],
    ['a == b != c', '((a == b) != c)'],
    ['a < b == c >= d', '((a < b) == (c >= d))'],
    ['1 + 2 * 3 - 4 / 5 % 6', '((1 + (2 * 3)) - ((4 / 5) % 6))'],
    ['!a && -b > 0', '((!a) && ((-b) > 0))'],
    ['- -1', '1'],
    ['!!var.enabled', '(!(!var.enabled))'],
    ['(1 + 2) * 3', '(paren((1 + 2)) * 3)'],
    ['var.a ? 1 : 0 + 1', '(var.a ? 1 : (0 + 1))'],
    ['var.x &&\n  var.y', '(var.x && var.y)'],
    ['(\n  var.create\n  ? 1\n  : 0\n)', 'paren((var.create ? 1 : 0))'],
    ['f(\n  a,\n  b\n)', 'f(a, b)'],
  ])('%s → %s', (source, expected) => {
    expect(show(expression(source))).toBe(expected);
  });

  it('gives each expression the range of its source', () => {
    const source = 'x = 1 + f(a.b[0], [c]) * (d ? e : -2)\n';
    const file = parsed(source);
    const seen = [...ranges(file.body.attributes[0]!.expr)].map(({ range }) => source.slice(range.start, range.end));
    expect(seen).toEqual([
      '1 + f(a.b[0], [c]) * (d ? e : -2)',
      '1',
      'f(a.b[0], [c]) * (d ? e : -2)',
      'f(a.b[0], [c])',
      'a.b[0]',
      '.b',
      '[0]',
      '0',
      '[c]',
      'c',
      '(d ? e : -2)',
      'd ? e : -2',
      'd',
      'e',
      '-2',
    ]);
  });
});

describe('blocks and bodies', () => {
  it('reads one-line blocks, empty blocks, identifier labels and nested blocks', () => {
    const text = 'variable "x" { default = 1 }\nlifecycle {}\nthing a "b" c {\n  inner {\n    deep { v = [1] }\n  }\n}\n';
    const { body } = parsed(text);
    expect(body.blocks.map((b) => [b.type, b.labels.join('|'), b.body.attributes.map((a) => a.name).join(',')])).toEqual([
      ['variable', 'x', 'default'],
      ['lifecycle', '', ''],
      ['thing', 'a|b|c', ''],
    ]);
    expect(body.blocks[2]!.labelRanges.map((r) => at(text, r))).toEqual(['3:7 a', '3:9 "b"', '3:13 c']);
    expect(show(body.blocks[2]!.body.blocks[0]!.body.blocks[0]!.body.attributes[0]!.expr)).toBe('[1]');
  });

  it("keeps an argument written twice as HCL 1's block (`name = { … }`) for the graph, the first in `attributes`", () => {
    const text = 'statement {\n  principals = { type = "Service" }\n  principals = [{ type = "AWS" }]\n}\n';
    const file = parsed(text);
    const statement = file.body.blocks[0]!.body;
    expect(statement.attributes.map((a) => at(text, a.nameRange))).toEqual(['2:3 principals']);
    expect(statement.repeated?.map((a) => at(text, a.nameRange))).toEqual(['3:3 principals']);
    expect(file.repeated?.map((r) => [at(text, r.attribute.nameRange), r.first, r.body === statement])).toEqual([['3:3 principals', text.indexOf('principals'), true]]);
    expect(parsed('a = { b = 1 }\n').repeated).toBeUndefined();
  });

  it('accepts a file of nothing, or only comments', () => {
    expect(parsed('').body).toEqual({ start: 0, end: 0, attributes: [], blocks: [] });
    const file = parsed('# one\n// two\n/* three */');
    expect(file.comments.map((c) => c.text)).toEqual(['one', 'two', 'three']);
  });

  it('reads attributes at the top level (terraform.tfvars style) and a last line without a line break', () => {
    const { body } = parsed('region = "eu-west-1"\nazs    = ["a", "b"]');
    expect(body.attributes.map((a) => `${a.name}=${show(a.expr)}`)).toEqual(['region="eu-west-1"', 'azs=["a", "b"]']);
  });

  it('reads Unicode identifiers and keeps UTF-16 offsets', () => {
    const text = 'tags = { Naïve = "é" }\nnaïve_ü = "𝄞" # 𝄞\n';
    const { body } = parsed(text);
    expect(show(body.attributes[0]!.expr)).toBe('{"Naïve" = "é"}');
    expect(at(text, body.attributes[1]!.nameRange)).toBe('2:1 naïve_ü');
    expect(at(text, body.attributes[1]!.expr)).toBe('2:11 "𝄞"');
  });
});
