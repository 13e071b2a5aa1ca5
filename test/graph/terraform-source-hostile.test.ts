/**
 * Hostile and odd Terraform source: self-calling and mutually recursive modules, reference cycles,
 * huge counts, exponentially shared values, prototype-named keys, and randomly mutated fixtures.
 * The adapter must terminate quickly, never throw, and turn what it cannot know into unknowns.
 */
import * as fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../src/graph/builder.js';
import { addTerraformSource } from '../../src/graph/terraform/index.js';
import { parseHcl } from '../../src/parse/hcl/index.js';
import { nodeOf, plain } from './helpers.js';
import { diskHost, memoryGraph, TERRAFORM_FIXTURES } from './terraform-helpers.js';

describe('hostile Terraform source', () => {
  it('stops a module that calls itself', () => {
    const graph = memoryGraph({ 'main.tf': 'module "again" {\n  source = "./"\n  count  = 2\n}\nresource "aws_vpc" "v" {}\n' });
    expect(graph.nodes.size).toBeGreaterThan(1);
    expect(graph.nodes.size).toBeLessThan(20_000);
    expect(nodeOf(graph, 'main.tf#aws_vpc.v').kind).toBe('vpc');
  });

  it('stops modules that call each other', () => {
    const graph = memoryGraph({
      'root/main.tf': 'module "a" {\n  source = "../a"\n}\n',
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\nresource "aws_vpc" "a" {}\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\nresource "aws_vpc" "b" {}\n',
    });
    expect(graph.nodes.has('root/main.tf#module.a.aws_vpc.a')).toBe(true);
    expect(graph.nodes.has('root/main.tf#module.a.module.b.aws_vpc.b')).toBe(true);
    const stack = [...graph.nodes.values()].find((n) => n.kind === 'stack');
    expect(stack && plain(stack.attrs['inputs'])).toEqual({});
  });

  // Found by walking a folder of two such modules: no directory was a root, so neither was linted
  // and the run reported nothing at all for them.
  it('lints modules that only call each other (a ring without a caller) from the first of the ring', () => {
    const ring = memoryGraph({
      'a/main.tf': 'module "b" {\n  source = "../b"\n}\nresource "aws_vpc" "a" {}\n',
      'b/main.tf': 'module "a" {\n  source = "../a"\n}\nresource "aws_vpc" "b" {}\n',
    });
    expect([...ring.nodes.keys()].filter((id) => id.includes('aws_vpc')).sort()).toEqual(['a/main.tf#aws_vpc.a', 'a/main.tf#module.b.aws_vpc.b']);
    // A root that calls `./sub` whose `sub` calls `../` back.
    const back = memoryGraph({
      'root/main.tf': 'module "sub" {\n  source = "./sub"\n}\nresource "aws_vpc" "r" {}\n',
      'root/sub/main.tf': 'module "up" {\n  source = "../"\n}\nresource "aws_vpc" "s" {}\n',
    });
    expect([...back.nodes.keys()].filter((id) => id.includes('aws_vpc')).sort()).toEqual(['root/main.tf#aws_vpc.r', 'root/main.tf#module.sub.aws_vpc.s']);
  });

  it('ends reference cycles through module outputs and resource arguments in unknowns', () => {
    const graph = memoryGraph({
      'main.tf': `module "m" {
  source = "./m"
  input  = module.m.output
}
resource "aws_cloudwatch_log_group" "a" {
  name              = aws_cloudwatch_log_group.b.retention_in_days
  retention_in_days = aws_cloudwatch_log_group.b.retention_in_days
}
resource "aws_cloudwatch_log_group" "b" {
  retention_in_days = aws_cloudwatch_log_group.a.retention_in_days
}
resource "aws_vpc" "c" {
  count = length(aws_vpc.c)
}
`,
      'm/main.tf': 'variable "input" {}\noutput "output" {\n  value = var.input\n}\nresource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = var.input\n}\n',
    });
    expect(plain(nodeOf(graph, 'main.tf#module.m.aws_cloudwatch_log_group.g').attrs['retentionDays'])).toEqual({ unknown: 'reference cycle' });
    expect(nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.a').attrs['retentionDays']?.t).toBe('unknown');
    expect(nodeOf(graph, 'main.tf#aws_vpc.c').existence.state).toBe('unknown');
  });

  it('does not expand huge counts and for_each collections', () => {
    const graph = memoryGraph({
      'main.tf': 'resource "aws_vpc" "many" {\n  count = 1000000000\n}\nresource "aws_vpc" "keys" {\n  for_each = toset([for i in range(100000) : tostring(i)])\n}\n',
    });
    expect(nodeOf(graph, 'main.tf#aws_vpc.many').existence).toMatchObject({ state: 'unknown' });
    expect(nodeOf(graph, 'main.tf#aws_vpc.keys').existence).toMatchObject({ state: 'unknown' });
  });

  it('bounds exponentially shared values', () => {
    const locals = ['a0 = ["x"]', ...Array.from({ length: 40 }, (_, i) => `a${i + 1} = [local.a${i}, local.a${i}]`)].join('\n  ');
    const started = Date.now();
    const graph = memoryGraph({
      'main.tf': `locals {\n  ${locals}\n  s0 = "ab"\n  ${Array.from({ length: 40 }, (_, i) => `s${i + 1} = "\${local.s${i}}\${local.s${i}}"`).join('\n  ')}\n}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({ Statement = local.a40 })
  name               = local.s40
}
resource "aws_cloudwatch_log_group" "g" {
  retention_in_days = length(flatten(local.a40)) + (local.a40 == local.a40 ? 0 : 1) + length(distinct(local.a40))
}
`,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(nodeOf(graph, 'main.tf#aws_iam_role.r').attrs['trustPolicy']).toBeDefined();
    expect(nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.g').attrs['retentionDays']?.t).toBe('unknown');
  });

  it('survives deep chains of locals', () => {
    const chain = Array.from({ length: 2_000 }, (_, i) => `l${i + 1} = local.l${i}`).join('\n  ');
    const graph = memoryGraph({ 'main.tf': `locals {\n  l0 = 7\n  ${chain}\n}\nresource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = local.l2000\n}\n` });
    expect(nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.g').attrs['retentionDays']?.t).toBe('unknown');
  });

  it('traces terraform.workspace through long chains of module arguments once per variable', () => {
    // Each module passes three variables on, each made of all three: followed naively, the question
    // "does this retention depend on the workspace?" would be asked 3^22 times at the end of the chain
    // (23 modules: nearly as deep as modules are followed), and the run would never end.
    const depth = 23;
    const chain = (root: string): Record<string, string> => {
      const files: Record<string, string> = { 'main.tf': `module "m1" {\n  source = "./m1"\n  a = ${root}\n  b = 1\n  c = 1\n}\n` };
      for (let i = 1; i <= depth; i++) {
        const next = i < depth ? `module "m${i + 1}" {\n  source = "../m${i + 1}"\n  a = var.a + var.b + var.c\n  b = var.b + var.c + var.a\n  c = var.c + var.a + var.b\n}\n` : '';
        files[`m${i}/main.tf`] = `variable "a" {}\nvariable "b" {}\nvariable "c" {}\n${next}resource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = var.a\n}\n`;
      }
      return files;
    };
    const address = `main.tf#${Array.from({ length: depth }, (_, i) => `module.m${i + 1}`).join('.')}.aws_cloudwatch_log_group.g`;
    const plainChain = memoryGraph(chain('1')).nodes.get(address)?.attrs['retentionDays'];
    expect(plainChain).toMatchObject({ t: 'scalar' });
    expect(plainChain?.assumes).toBeUndefined();
    const workspaceChain = memoryGraph(chain('terraform.workspace == "prod" ? 2 : 1')).nodes.get(address)?.attrs['retentionDays'];
    expect(workspaceChain).toMatchObject({ t: 'scalar', assumes: 'terraform.workspace is taken as "default"' });
  });

  it('asks whether a local reads terraform.workspace once per module instance, not once per resource instance', () => {
    // 20 resources of 1,000 instances each read one element of a local of 200,000: walking the local
    // again for every instance is 4e9 steps (minutes), once per local is 200,000.
    const items = Array.from({ length: 200_000 }, () => '7').join(',');
    const blocks = Array.from({ length: 20 }, (_, i) => `resource "aws_cloudwatch_log_group" "g${i}" {\n  count = 1000\n  retention_in_days = local.days[count.index]\n}\n`).join('');
    const graph = memoryGraph({ 'main.tf': `locals {\n  days = [${items}]\n}\n${blocks}` });
    const last = graph.nodes.get('main.tf#aws_cloudwatch_log_group.g19[999]')?.attrs['retentionDays'];
    expect(last).toMatchObject({ t: 'scalar', value: 7 });
    expect(last?.assumes).toBeUndefined();
  });

  it('keeps prototype-named keys as plain data', () => {
    const graph = memoryGraph({
      'main.tf': 'variable "m" {\n  default = { "__proto__" = { polluted = true }, constructor = 1 }\n}\nresource "aws_vpc" "v" {\n  for_each = var.m\n}\nresource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = merge(var.m, { toString = 2 })\n}\n',
    });
    expect([...graph.nodes.keys()].filter((k) => k.includes('aws_vpc'))).toEqual(['main.tf#aws_vpc.v["__proto__"]', 'main.tf#aws_vpc.v["constructor"]']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    const value = nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.g').attrs['retentionDays'];
    expect(value?.t === 'object' && Object.keys(value.entries)).toEqual(['__proto__', 'constructor', 'toString']);
  });

  it('never throws on randomly mutated fixtures', () => {
    const names = ['basic/main.tf', 'basic/modules/network/main.tf', 'expansion/main.tf', 'disabled/main.tf'];
    const texts = names.map((name) => readFileSync(path.join(TERRAFORM_FIXTURES, name), 'utf8'));
    fc.assert(
      fc.property(fc.nat(names.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.constantFrom('', '0', '"', '}', '[', '${', 'count = 0', 'local.x', '-1', 'null')), { maxLength: 6 }), (which, edits) => {
        let text = texts[which]!;
        for (const [at, length, insert] of edits) {
          const start = at % (text.length + 1);
          text = text.slice(0, start) + insert + text.slice(start + length);
        }
        const absolutePath = path.join(TERRAFORM_FIXTURES, names[which]!);
        const parsed = parseHcl({ absolutePath, path: names[which]!, text });
        if (!parsed.ok) return;
        const builder = new GraphBuilder();
        expect(() => addTerraformSource([parsed.hcl], builder, diskHost(TERRAFORM_FIXTURES))).not.toThrow();
        builder.build();
      }),
      { numRuns: 150, seed: 20_240_611 },
    );
  });
});
