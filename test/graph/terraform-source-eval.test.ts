/**
 * Expression evaluation, table-driven: each case is the value of one argument of a probe resource
 * (`retention_in_days = <expr>`, after an optional prelude of variables, locals and resources),
 * shown in the compact `plain` form of helpers.ts. Null values leave the attribute unset (undefined).
 */
import { describe, expect, it } from 'vitest';
import { roleTrustPrincipal } from '../../rules/role-trust-principal.js';
import { vpcFlowLogs } from '../../rules/vpc-flow-logs.js';
import { nodeOf, plain } from './helpers.js';
import { memoryGraph } from './terraform-helpers.js';
import { iterationPairs } from '../../src/graph/terraform/templates.js';
import { knownString, MAX_ORIGIN, objectOf, relocate, type V } from '../../src/graph/terraform/values.js';
import { scalar } from '../../src/graph/values.js';

function evaluate(expr: string, prelude = ''): unknown {
  const graph = memoryGraph({ 'main.tf': `${prelude}\nresource "aws_cloudwatch_log_group" "probe" {\n  retention_in_days = ${expr}\n}\n` });
  return plain(nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.probe').attrs['retentionDays']);
}

const VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n';
const REF = { ref: 'main.tf#aws_vpc.main.id' };

const CASES: [name: string, expr: string, expected: unknown, prelude?: string][] = [
  ['number literal', '30', 30],
  // retention_in_days = 0 is "never expire", whether written 0 or as a string Terraform converts to 0.
  ['0 means never expire: an explicit null', '0', null],
  ['"0" is converted to 0 as Terraform does', 'var.by_env["dev"]', null, 'variable "by_env" {\n  type = map(string)\n  default = { dev = "0", prod = "365" }\n}'],
  ['"0.0" too', '"0.0"', null],
  ['"365" stays as written (the rule reads numeric strings)', 'var.by_env["prod"]', '365', 'variable "by_env" {\n  type = map(string)\n  default = { dev = "0", prod = "365" }\n}'],
  ['"00x" is no number', '"00x"', '00x'],
  ['arithmetic and precedence', '1 + 2 * 3 - 4 / 2', 5],
  ['range() counts from 0 towards its limit, down too', '[range(3), range(-3), range(1, 4), range(5, 1, -2)]', [[0, 1, 2], [0, -1, -2], [1, 2, 3], [5, 3]]],
  ['comparison and logic', '3 > 2 && !(1 == 2) || false', true],
  ['string concatenation in a template', '"a-${1 + 1}-b"', 'a-2-b'],
  ['a lone interpolation keeps its type', '"${[1, 2]}"', [1, 2]],
  ['heredoc template', '<<-EOT\n    x ${"y"}\n  EOT', 'x y\n'],
  ['conditional on a known bool', 'true ? "yes" : "no"', 'yes'],
  ['variable default', 'var.days', 14, 'variable "days" {\n  default = 14\n}'],
  ['variable without default', 'var.days', { unknown: 'variable days has no default' }, 'variable "days" {}'],
  ['null comparison on a variable', 'var.x != null ? "set" : "unset"', 'unset', 'variable "x" {\n  default = null\n}'],
  // Terraform compares types: a list(…) or map(…) variable is never equal to the empty tuple or object
  // literal (tflint's terraform_empty_list_check); an untyped one, still a tuple, is.
  ['a typed list is never == []', '[var.l == [], var.l != [], length(var.l) == 0, var.u == []]', [false, true, true, true], 'variable "l" {\n  type    = list(string)\n  default = []\n}\nvariable "u" {\n  default = []\n}'],
  ['a typed list is never a tuple, empty or not', 'var.t == ["ALL"]', false, 'variable "t" {\n  type    = list(string)\n  default = ["ALL"]\n}'],
  ['a set variable equals the set of the same elements, in any order', 'var.s == toset(["a", "b"])', true, 'variable "s" {\n  type    = set(string)\n  default = ["b", "a", "b"]\n}'],
  // What a function or a conditional returns may be a list: compared with a tuple, no verdict.
  ['a conditional of tuples compared with [] is not known', 'local.ids == [] ? 1 : 0', { unknown: 'the condition cannot be known statically: == of collections whose types are not known statically (a list is never equal to a tuple)' }, 'variable "enabled" {\n  default = false\n}\nlocals {\n  ids = var.enabled ? ["a"] : []\n}'],
  ['a typed map is never == {}', '[var.m == {}, var.o == {}, tomap(var.m) == tomap({})]', [false, true, true], 'variable "m" {\n  type    = map(string)\n  default = {}\n}\nvariable "o" {\n  default = {}\n}'],
  ['reference to a resource attribute', 'aws_vpc.main.id', REF, VPC],
  ['reference to an argument set in the resource', 'aws_vpc.main.cidr_block', '10.0.0.0/16', VPC],
  ['computed attribute is no reference', 'aws_vpc.main.owner_id', { unknown: 'aws_vpc.main.owner_id is only known after apply' }, VPC],
  ['template around a reference', '"vpc/${aws_vpc.main.id}"', { template: ['vpc/', REF] }, VPC],
  ['locals, memoised and chained', 'local.b', 'x-x', 'locals {\n  a = "x"\n  b = "${local.a}-${local.a}"\n}'],
  ['local reference cycle', 'local.a', { unknown: 'reference cycle' }, 'locals {\n  a = local.b\n  b = local.a\n}'],
  ['try() skips errors', 'try(var.m.missing, var.m.present, "fallback")', 'here', 'variable "m" {\n  default = { present = "here" }\n}'],
  ['try() past an index out of range', 'try(aws_vpc.none[0].id, "none")', 'none', 'resource "aws_vpc" "none" {\n  count = 0\n}'],
  ['can()', '[can(var.m.present), can(var.m.missing)]', [true, false], 'variable "m" {\n  default = { present = 1 }\n}'],
  ['coalesce skips null and empty', 'coalesce(null, "", "c")', 'c'],
  ['coalescelist', 'coalescelist([], ["a"])', ['a']],
  ['merge', 'merge({ a = 1, b = 1 }, { b = 2 }, null)', { a: 1, b: 2 }],
  ['concat, flatten, distinct, compact', 'distinct(compact(flatten(concat([["a", ""]], [["a", null, "b"]]))))', ['a', 'b']],
  ['lookup with default', '[lookup({ a = 1 }, "a", 0), lookup({ a = 1 }, "z", 0)]', [1, 0]],
  ['element wraps around', 'element(["a", "b"], 3)', 'b'],
  ['length of list, map and string', '[length([1, 2]), length({ a = 1 }), length("abc")]', [2, 1, 3]],
  ['conversions', '[tostring(1), tonumber("2"), tobool("true")]', ['1', 2, true]],
  ['tobool and conditions take "1" and "0" as go-cty does', '[tobool("1"), tobool("0"), "1" ? "on" : "off", !"0"]', [true, false, 'on', true]],
  ['toset sorts and dedupes strings', 'toset(["b", "a", "b"])', ['a', 'b']],
  ['format and join', 'join("/", [format("%s-%d", "a", 1), "%"])', 'a-1/%'],
  ['split, replace, lower, upper', '[split(",", "a,b"), replace("a.b", ".", "-"), lower("AB"), upper("ab")]', [['a', 'b'], 'a-b', 'ab', 'AB']],
  ['keys and values sort by key', '[keys({ b = 1, a = 2 }), values({ b = 1, a = 2 })]', [['a', 'b'], [2, 1]]],
  ['contains and one', '[contains(["a"], "a"), contains(["a"], "b"), one(["x"])]', [true, false, 'x']],
  ['max and min, with expansion', '[max(1, 5, 3), min([4, 2]...)]', [5, 2]],
  ['for expression over a list with a condition', '[for i, v in ["a", "b", "c"] : "${i}${v}" if v != "b"]', ['0a', '2c']],
  ['for expression building an object', '{ for k, v in { a = 1, b = 2 } : upper(k) => v * 10 }', { A: 10, B: 20 }],
  // Each iteration's variables are a layer on those around them: an inner `for` sees the outer value,
  // its own key shadows the outer key, and the value variable wins over a key variable of its name.
  ['nested for: outer variables seen, inner ones shadow', '[for k, v in { a = 1 } : [for k, w in { b = 2 } : "${k}${v}${w}"]]', [['b12']]],
  ['for whose key and value variables share a name: the value', '[for x, x in { a = "v" } : x]', ['v']],
  ['%{for} in a template inside a for', '[for v in ["a", "b"] : "%{for w in ["1", "2"]}${v}${w}%{endfor}"]', ['a1a2', 'b1b2']],
  ['for expression grouping', '{ for s in ["ax", "ay", "bz"] : substr(s, 0, 1) => s... }', { a: ['ax', 'ay'], b: ['bz'] }],
  ['splat over counted resources', 'aws_vpc.many[*].id', [{ ref: 'main.tf#aws_vpc.many[0].id' }, { ref: 'main.tf#aws_vpc.many[1].id' }], 'resource "aws_vpc" "many" {\n  count = 2\n}'],
  // The attribute-only splat of Terraform 0.11 code: the index after `.*.id` picks from the list of ids.
  ['legacy splat, then an index into the list it makes', 'aws_vpc.many.*.id[1]', { ref: 'main.tf#aws_vpc.many[1].id' }, 'resource "aws_vpc" "many" {\n  count = 2\n}'],
  // As in HCL, a `.N` right after `.*` belongs to its run: it indexes each element.
  ['legacy splat with a legacy .N index', 'var.nets.*.ids.0', ['a', 'c'], 'variable "nets" {\n  default = [{ ids = ["a", "b"] }, { ids = ["c"] }]\n}'],
  ['full splat indexes each element', 'var.nets[*].ids[0]', ['a', 'c'], 'variable "nets" {\n  default = [{ ids = ["a", "b"] }, { ids = ["c"] }]\n}'],
  ['legacy splat of nested attributes, then an index', 'var.nets.*.cfg.id[1]', 'y', 'variable "nets" {\n  default = [{ cfg = { id = "x" } }, { cfg = { id = "y" } }]\n}'],
  ['an index with a string key on a resource is its attribute', 'aws_vpc.one["id"]', { ref: 'main.tf#aws_vpc.one.id' }, 'resource "aws_vpc" "one" {}'],
  ['counted resource without index is the list of instances', 'length(aws_vpc.many)', 2, 'resource "aws_vpc" "many" {\n  count = 2\n}'],
  ['for_each resource is a map of instances', 'keys(aws_vpc.each)', ['a', 'b'], 'resource "aws_vpc" "each" {\n  for_each = toset(["b", "a"])\n}'],
  ['jsonencode in a string context', '"${jsonencode({ a = [1] })}"', '{"a":[1]}'],
  ['jsondecode', 'jsondecode("{\\"a\\": 1}").a', 1],
  // The engine loads the decoder only for runs whose source calls yamldecode(); a host without it (a module outside such a run) leaves it unknown.
  ['yamldecode without the decoder loaded', 'yamldecode("a: 1")', { unknown: 'yamldecode() in a module outside the run is not evaluated (the run loads its YAML decoder only for source that calls it)' }],
  ['object type with optional defaults', 'var.o.b', 'dflt', 'variable "o" {\n  type = object({ a = string, b = optional(string, "dflt") })\n  default = { a = "x" }\n}'],
  ['an optional attribute set to null takes its default', 'var.o.days', 30, 'variable "o" {\n  type = object({ name = string, days = optional(number, 30) })\n  default = { name = "x", days = null }\n}'],
  ['an optional attribute without default stays null (the argument is unset)', 'var.o.days', undefined, 'variable "o" {\n  type = object({ name = string, days = optional(number) })\n  default = { name = "x", days = null }\n}'],
  ['path.module of a root', 'path.module', '.'],
  ['an unknown function', 'cidrsubnet("10.0.0.0/16", 8, 1)', { unknown: 'function cidrsubnet() is not evaluated statically' }],
  // Not functions of Terraform, only of Object.prototype: never looked up there.
  ['a function named valueOf', 'valueOf(7)', { unknown: 'function valueOf() is not evaluated statically' }],
  ['a function named constructor', 'constructor(7)', { unknown: 'function constructor() is not evaluated statically' }],
  ['a data source attribute', 'data.aws_region.current.name', { unknown: 'data.aws_region.current.name is read from the provider at plan time' }, 'data "aws_region" "current" {}'],
  ['false && unknown short-circuits', 'false && data.aws_region.current.name == "x"', false, 'data "aws_region" "current" {}'],
];

describe('Terraform expression evaluation', () => {
  for (const [name, expr, expected, prelude] of CASES) {
    it(name, () => {
      expect(evaluate(expr, prelude)).toEqual(expected);
    });
  }

  it('an unknown condition gives an unknown that may be either branch', () => {
    const graph = memoryGraph({
      'main.tf': `${VPC}
variable "use_main" {}
resource "aws_flow_log" "probe" {
  vpc_id = var.use_main ? aws_vpc.main.id : "vpc-123"
}
`,
    });
    const target = nodeOf(graph, 'main.tf#aws_flow_log.probe').attrs['target']!;
    expect(target).toMatchObject({ t: 'unknown', mayBe: ['main.tf#aws_vpc.main'] });
  });

  it('count.index and each.* outside a counted block are errors, seen as unknown values', () => {
    expect(evaluate('count.index')).toEqual({ unknown: 'count.index is only available in a block with count' });
    expect(evaluate('each.key')).toEqual({ unknown: 'each is only available in a block with for_each' });
  });

  it('a variable without default in a called module is unknown when the caller omits it', () => {
    const graph = memoryGraph({
      'main.tf': 'module "m" {\n  source = "./m"\n}\n',
      'm/main.tf': 'variable "days" {}\nresource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = var.days\n}\n',
    });
    expect(plain(nodeOf(graph, 'main.tf#module.m.aws_cloudwatch_log_group.g').attrs['retentionDays'])).toEqual({ unknown: 'variable days has no default' });
  });

  it('a module output reads the module instance, and a missing module is not in the run', () => {
    const graph = memoryGraph({
      'main.tf': `module "m" {
  source = "./m"
  days   = 7
}
module "gone" {
  source = "./gone"
}
resource "aws_cloudwatch_log_group" "a" {
  retention_in_days = module.m.days
}
resource "aws_cloudwatch_log_group" "b" {
  retention_in_days = module.gone.days
}
`,
      'm/main.tf': 'variable "days" {}\noutput "days" {\n  value = var.days * 2\n}\n',
    });
    expect(plain(nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.a').attrs['retentionDays'])).toBe(14);
    expect(plain(nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.b').attrs['retentionDays'])).toEqual({ unknown: 'module gone is not in the run' });
    expect(nodeOf(graph, 'main.tf#module.gone')).toMatchObject({ kind: 'stack', id: 'module.gone' });
  });

  it('gives resources of a module call with an unknown for_each an unknown existence, and keys them when known', () => {
    const graph = memoryGraph({
      'main.tf': `variable "names" {}
module "unknown" {
  source   = "./m"
  for_each = var.names
}
module "known" {
  source   = "./m"
  for_each = { a = 1 }
}
module "absent_registry" {
  source = "org/thing/aws"
  count  = 0
}
`,
      'm/main.tf': 'resource "aws_vpc" "v" {}\n',
    });
    expect(nodeOf(graph, 'main.tf#module.unknown.aws_vpc.v').existence).toMatchObject({ state: 'unknown', why: 'the for_each of module unknown cannot be known statically (variable names has no default)' });
    expect(nodeOf(graph, 'main.tf#module.known["a"].aws_vpc.v').existence).toEqual({ state: 'present' });
    expect(nodeOf(graph, 'main.tf#module.absent_registry')).toMatchObject({ kind: 'stack', existence: { state: 'absent', why: 'the count of module absent_registry is 0' } });
  });

  it('reads .auto.tfvars after terraform.tfvars, and .tfvars.json', () => {
    const graph = memoryGraph(
      { 'main.tf': 'variable "a" {}\nvariable "b" {}\nresource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = [var.a, var.b]\n}\n' },
      { 'terraform.tfvars': 'a = 1\nb = 1\n', 'x.auto.tfvars': 'b = 2\n', 'y.auto.tfvars.json': '{"a": 3}' },
    );
    expect(plain(nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.g').attrs['retentionDays'])).toEqual([3, 2]);
  });

  it('reads .tf.json sources like .tf', () => {
    const graph = memoryGraph({
      'main.tf.json': JSON.stringify({ variable: { days: { default: 3 } }, resource: { aws_cloudwatch_log_group: { g: { retention_in_days: '${var.days}' } } } }),
    });
    expect(plain(nodeOf(graph, 'main.tf.json#aws_cloudwatch_log_group.g').attrs['retentionDays'])).toBe(3);
  });

  it('lets a flow log that targets a looked-up VPC (data "aws_vpc") possibly cover every VPC of the root', () => {
    const graph = memoryGraph({
      'main.tf': [
        'resource "aws_default_vpc" "default" {}',
        'data "aws_vpc" "default" {',
        '  default = true',
        '}',
        'resource "aws_flow_log" "default" {',
        '  vpc_id               = data.aws_vpc.default.id',
        '  traffic_type         = "ALL"',
        '  log_destination_type = "s3"',
        '  log_destination      = "arn:aws:s3:::central-flow-logs"',
        '}',
        '',
      ].join('\n'),
    });
    const [finding, ...rest] = vpcFlowLogs.check(graph, {});
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ resourceId: 'aws_default_vpc.default', messageId: 'unverifiable', level: 'note' });
    expect(plain(nodeOf(graph, 'main.tf#aws_flow_log.default').attrs['target'])).toMatchObject({ unknown: 'data.aws_vpc.default.id is read from the provider at plan time' });
  });

  // Data sources the schema does not know return whatever they find or are given; a VPC id read
  // back from them may be one of this root's VPCs, so a flow log on it is a maybe, never a definite miss.
  it.each([
    ['data "aws_vpcs" ids, for_each', 'data "aws_vpcs" "all" {\n  depends_on = [aws_vpc.main]\n}', 'for_each = toset(data.aws_vpcs.all.ids)', 'each.value'],
    ['data "aws_vpcs" ids, count', 'data "aws_vpcs" "all" {}', 'count = length(data.aws_vpcs.all.ids)', 'data.aws_vpcs.all.ids[count.index]'],
    ['data "aws_ssm_parameter" value', 'data "aws_ssm_parameter" "vpc" {\n  name = "/network/vpc-id"\n}', '', 'data.aws_ssm_parameter.vpc.value'],
    ['terraform_remote_state output', 'data "terraform_remote_state" "net" {\n  backend = "s3"\n}', '', 'data.terraform_remote_state.net.outputs.vpc_id'],
  ])('lets a flow log on a VPC id from %s possibly cover the VPCs of the root', (_, data, repeat, target) => {
    const graph = memoryGraph({
      'main.tf': [
        'resource "aws_vpc" "main" {',
        '  cidr_block = "10.0.0.0/16"',
        '}',
        data,
        'resource "aws_flow_log" "all" {',
        `  ${repeat}`,
        `  vpc_id               = ${target}`,
        '  traffic_type         = "ALL"',
        '  log_destination_type = "s3"',
        '  log_destination      = "arn:aws:s3:::central-flow-logs"',
        '}',
        '',
      ].join('\n'),
    });
    const findings = vpcFlowLogs.check(graph, {});
    expect(findings.map((f) => [f.resourceId, f.messageId, f.level])).toEqual([['aws_vpc.main', 'unverifiable', 'note']]);
  });

  it('keeps a non-identifying attribute of a known kind of data source (data.aws_vpc.x.cidr_block) from naming any resource', () => {
    const graph = memoryGraph({
      'main.tf': 'resource "aws_vpc" "main" {}\ndata "aws_vpc" "x" {\n  default = true\n}\nresource "aws_flow_log" "f" {\n  vpc_id       = data.aws_vpc.x.cidr_block\n  traffic_type = "ALL"\n}\n',
    });
    expect(vpcFlowLogs.check(graph, {}).map((f) => [f.resourceId, f.messageId])).toEqual([['aws_vpc.main', 'noFlowLog']]);
  });

  it('still matches a role by name in an ARN built with a data source that identifies no resource (the account id)', () => {
    const graph = memoryGraph({
      'main.tf': [
        'data "aws_caller_identity" "current" {}',
        'resource "aws_iam_role" "flow" {',
        '  name               = "flow-logs"',
        '  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })',
        '}',
        'resource "aws_vpc" "v" {}',
        'resource "aws_flow_log" "f" {',
        '  vpc_id       = aws_vpc.v.id',
        '  traffic_type = "ALL"',
        '  iam_role_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/flow-logs"',
        '}',
        '',
      ].join('\n'),
    });
    expect(roleTrustPrincipal.check(graph, {}).map((f) => [f.resourceId, f.messageId])).toContainEqual(['aws_iam_role.flow', 'missingService']);
  });

  it('places each .tf.json resource at the key that names it, not at the `resource` key they share', () => {
    const text = JSON.stringify({ resource: { aws_vpc: { a: { cidr_block: '10.0.0.0/16' }, b: { cidr_block: '10.1.0.0/16' } } } }, null, 2);
    const graph = memoryGraph({ 'main.tf.json': text });
    for (const name of ['a', 'b']) {
      const { span } = nodeOf(graph, `main.tf.json#aws_vpc.${name}`);
      expect(text.slice(span.start, span.end)).toBe(`"${name}"`);
    }
  });

  it('says that terraform.workspace is taken as "default" when it decides a count', () => {
    const graph = memoryGraph({
      'main.tf': [
        'locals {',
        '  settings = { prod = { flow_logs = true }, staging = { flow_logs = true } }',
        '}',
        'resource "aws_flow_log" "f" {',
        '  count        = lookup(local.settings, terraform.workspace, { flow_logs = false }).flow_logs ? 1 : 0',
        '  traffic_type = "ALL"',
        '}',
        '',
      ].join('\n'),
    });
    expect(nodeOf(graph, 'main.tf#aws_flow_log.f').existence).toMatchObject({ state: 'absent', why: 'count is 0: terraform.workspace is taken as "default"' });
  });

  it('names the variable file that decides a count', () => {
    const graph = memoryGraph(
      { 'main.tf': 'variable "flow_logs" {\n  default = true\n}\nresource "aws_flow_log" "f" {\n  count        = var.flow_logs ? 1 : 0\n  traffic_type = "ALL"\n}\n' },
      { 'terraform.tfvars': 'flow_logs = true\n', 'dev.auto.tfvars': 'flow_logs = false\n' },
    );
    expect(nodeOf(graph, 'main.tf#aws_flow_log.f').existence).toMatchObject({ state: 'absent', why: 'count is 0: var.flow_logs is false (from dev.auto.tfvars)' });
  });

  it('gives the resources of a module the suppressions written on its call, outermost first', () => {
    const graph = memoryGraph({
      'main.tf': '# flowguard:ignore vpc-flow-logs logged by the network account\nmodule "net" {\n  source = "./net"\n}\n',
      'net/main.tf': '# flowguard:ignore log-group-retention archive\nmodule "logs" {\n  source = "./logs"\n}\nresource "aws_vpc" "v" {}\n',
      'net/logs/main.tf': '# checkov:skip=CKV_AWS_338:short on purpose\nresource "aws_cloudwatch_log_group" "g" {}\n',
    });
    const rules = (id: string) => nodeOf(graph, id).suppressions?.map((d) => `${d.syntax}:${d.rule}`);
    expect(rules('main.tf#module.net.aws_vpc.v')).toEqual(['flowguard:vpc-flow-logs']);
    expect(rules('main.tf#module.net.module.logs.aws_cloudwatch_log_group.g')).toEqual(['flowguard:vpc-flow-logs', 'flowguard:log-group-retention', 'checkov:log-group-retention']);
  });
});

describe('Terraform: a for over a large map, in many places', () => {
  it('pairs a map once, however many copies of it are iterated', () => {
    // 2,000 flow logs that each pick their VPC from one map of 2,000 sorted its keys 2,000 times.
    const span = { file: 'main.tf', start: 0, end: 10 };
    const map = objectOf(['b', 'a', 'c'].map((k, i): [string, V] => [k, scalar(i, { file: 'main.tf', start: 20 + i, end: 21 + i })]), span);
    const first = iterationPairs(relocate(map, { file: 'main.tf', start: 100, end: 110 }), span, 'a for expression');
    const again = iterationPairs(relocate(map, { file: 'main.tf', start: 200, end: 210 }), span, 'a for expression');
    expect(Array.isArray(first) && first.map(([k]) => knownString(k))).toEqual(['a', 'b', 'c']);
    expect(again).toBe(first);
  });
});

describe('Terraform: a long chain of locals', () => {
  it('keeps a bounded origin for each value, the place it is written last', () => {
    // Each value of a chain of 10,000 locals kept every place before it: 50 million spans, 576 MB.
    // (60 links: within the reference depth; a longer chain is resolved through values met before.)
    const locals = Array.from({ length: 60 }, (_, i) => (i === 0 ? '  a0 = 30' : `  a${i} = local.a${i - 1}`)).join('\n');
    const graph = memoryGraph({ 'main.tf': `locals {\n${locals}\n}\nresource "aws_cloudwatch_log_group" "probe" {\n  retention_in_days = local.a59\n}\n` });
    const value = nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.probe').attrs['retentionDays']!;
    expect(plain(value)).toBe(30);
    expect(value.origin).toHaveLength(MAX_ORIGIN);
    // Where 30 is written: `a0 = 30`, on the second line.
    const written = value.origin!.at(-1)!;
    expect(written.start).toBe('locals {\n  a0 = '.length);
  });
});

describe('Terraform: a function that hands back a value written elsewhere', () => {
  // `lookup(local.by_env, "dev")` is used at the argument and decided in the locals: the value sits at
  // the call, with the place it is written as its origin, as `local.by_env["dev"]` does.
  const prelude = 'locals {\n  by_env = { prod = 400, dev = 14 }\n  days   = [7, 365]\n  only   = [3]\n}\n';
  const cases: [name: string, expr: string, written: string][] = [
    ['lookup()', 'lookup(local.by_env, "dev", 90)', 'dev = '],
    ['element()', 'element(local.days, 0)', 'days   = ['],
    ['one()', 'one(local.only)', 'only   = ['],
    ['tonumber()', 'tonumber(local.by_env["dev"])', 'dev = '],
  ];
  for (const [name, expr, written] of cases) {
    it(name, () => {
      const text = `${prelude}resource "aws_cloudwatch_log_group" "probe" {\n  retention_in_days = ${expr}\n}\n`;
      const value = nodeOf(memoryGraph({ 'main.tf': text }), 'main.tf#aws_cloudwatch_log_group.probe').attrs['retentionDays']!;
      expect(value.span.start).toBe(text.indexOf(expr));
      expect(value.origin?.at(-1)?.start).toBe(text.indexOf(written) + written.length);
    });
  }
});
