/**
 * Template directives (`%{if}`, `%{for}`, with `~` strip markers) and `setproduct()`, evaluated as
 * Terraform evaluates them; what cannot be known stays one unknown part of the string; nested loops
 * over large collections end in an unknown, within the evaluation budget.
 */
import { describe, expect, it } from 'vitest';
import { vpcFlowLogs } from '../../rules/vpc-flow-logs.js';
import { nodeOf, plain } from './helpers.js';
import { memoryGraph } from './terraform-helpers.js';

/** The value of `retention_in_days = <expr>` of a probe log group, after a prelude. */
function evaluate(expr: string, prelude = ''): unknown {
  const graph = memoryGraph({ 'main.tf': `${prelude}\nresource "aws_cloudwatch_log_group" "probe" {\n  retention_in_days = ${expr}\n}\n` });
  return plain(nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.probe').attrs['retentionDays']);
}

const FLAGS = 'variable "on" {\n  default = true\n}\nvariable "off" {\n  default = false\n}\nvariable "unset" {}\n';

const CASES: [name: string, expr: string, expected: unknown, prelude?: string][] = [
  ['%{if} on a true variable', '"%{ if var.on }ALL%{ else }ACCEPT%{ endif }"', 'ALL', FLAGS],
  ['%{if} on a false variable', '"%{ if var.off }ALL%{ else }ACCEPT%{ endif }"', 'ACCEPT', FLAGS],
  ['%{if} without %{else} on false is empty', '"<%{ if var.off }x%{ endif }>"', '<>', FLAGS],
  ['%{if} around an interpolation keeps the text around it', '"a-%{ if var.on }${1 + 1}%{ endif }-b"', 'a-2-b', FLAGS],
  ['a lone %{if} is still a string', '"%{ if var.on }${[1]}%{ endif }"', { unknown: 'a list cannot be used in a string' }, FLAGS],
  ['tonumber() of a chosen branch', 'tonumber("%{ if var.off }3653%{ else }7%{ endif }")', 7, FLAGS],
  ['%{if} on a value that is no bool is an error', '"%{ if "maybe" }x%{ endif }"', { unknown: 'the condition of a %{if} directive is not a bool' }],
  ['%{if} on an unknown keeps the known parts', '"arn:aws:iam::1:role/%{ if var.unset }a%{ else }b%{ endif }"', { template: ['arn:aws:iam::1:role/', { unknown: 'the condition of a %{if} directive cannot be known statically: variable unset has no default' }] }, FLAGS],
  ['%{if} on an unknown whose branches agree is known', '"%{ if var.unset }x%{ else }x%{ endif }"', 'x', FLAGS],
  ['%{for} over a list', '"%{ for s in ["a", "b"] }${s};%{ endfor }"', 'a;b;'],
  ['%{for} with index and value', '"%{ for i, s in ["a", "b"] }${i}=${s} %{ endfor }"', '0=a 1=b '],
  ['%{for} over a map, in key order', '"%{ for k, v in { b = 2, a = 1 } }${k}${v}%{ endfor }"', 'a1b2'],
  ['%{for} over an empty list', '"[%{ for s in [] }${s}%{ endfor }]"', '[]'],
  ['%{for} over null is an error', '"%{ for s in null }${s}%{ endfor }"', { unknown: 'a %{for} directive cannot iterate over null' }],
  ['%{for} over an unknown is one unknown part', '"ids: %{ for s in var.unset }${s}%{ endfor }"', { template: ['ids: ', { unknown: 'variable unset has no default' }] }, FLAGS],
  ['strip markers trim the text beside them', '"%{ for s in ["a", "b"] ~}\\n  ${s} \\t%{~ endfor }"', 'ab'],
  ['nested directives', '"%{ for s in ["a", "b", "c"] }%{ if s != "b" }${upper(s)}%{ endif }%{ endfor }"', 'AC'],
  ['a heredoc %{for} keeps the line breaks around its body', '<<-EOT\n  %{ for s in ["a", "b"] }\n  - ${s}\n  %{ endfor }\n  EOT', '\n- a\n\n- b\n\n'],
  // As HCL does: `~}` trims the rest of its line only, and the next line, no longer after a line break, keeps its indentation.
  ['a heredoc %{for ~} joins the lines of its body', '<<-EOT\n  %{ for s in ["a", "b"] ~}\n  ${s}\n  %{ endfor ~}\n  EOT', '  a\n  b\n'],
  // `%{~` trims the indentation before it before `<<-` measures the lines: the shortest is then 0.
  ['strip markers act before a heredoc\'s indentation is removed', '<<-EOT\n  %{~ for s in ["a", "b"] ~}\n  ${s}\n  %{~ endfor ~}\n  EOT', '  a\n  b\n'],
  ['setproduct of two lists, the first varying slowest', 'setproduct(["a", "b"], [1, 2])', [['a', 1], ['a', 2], ['b', 1], ['b', 2]]],
  ['setproduct with an empty argument is empty', 'setproduct(["a"], [], [1])', []],
  ['setproduct needs two arguments', 'setproduct(["a"])', { unknown: 'setproduct() needs at least two arguments' }],
  ['setproduct of an unknown is unknown', 'setproduct(["a"], var.unset)', { unknown: 'variable unset has no default' }, FLAGS],
  ['setproduct too large to expand', 'setproduct(range(1000), range(1000))', { unknown: 'setproduct() too large to evaluate statically' }],
  ['a for expression over setproduct', '{ for pair in setproduct(["x", "y"], ["ACCEPT"]) : "${pair[0]}-${pair[1]}" => pair[1] }', { 'x-ACCEPT': 'ACCEPT', 'y-ACCEPT': 'ACCEPT' }],
];

describe('template directives and setproduct()', () => {
  for (const [name, expr, expected, prelude] of CASES) {
    it(name, () => {
      expect(evaluate(expr, prelude)).toEqual(expected);
    });
  }

  it('decides a flow log traffic type written with %{if}, so the VPC gets a definite verdict', () => {
    const graph = memoryGraph({
      'main.tf': `variable "capture_all" {
  type    = bool
  default = false
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "%{ if var.capture_all }ALL%{ else }ACCEPT%{ endif }"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}
`,
    });
    expect(vpcFlowLogs.check(graph, {}).map((f) => [f.messageId, f.level ?? 'error'])).toEqual([['nearMiss', 'error']]);
  });

  it('covers VPCs with flow logs keyed by setproduct() of VPCs and traffic types, and not the VPC left out', () => {
    const graph = memoryGraph({
      'main.tf': `locals {
  vpcs          = { app = "10.0.0.0/16", data = "10.1.0.0/16" }
  traffic_types = ["ACCEPT", "REJECT"]
  flow_logs = {
    for pair in setproduct(keys(local.vpcs), local.traffic_types) :
    "\${pair[0]}-\${lower(pair[1])}" => { vpc = pair[0], traffic_type = pair[1] }
  }
}
resource "aws_vpc" "this" {
  for_each   = local.vpcs
  cidr_block = each.value
}
resource "aws_flow_log" "this" {
  for_each             = local.flow_logs
  vpc_id               = aws_vpc.this[each.value.vpc].id
  traffic_type         = each.value.traffic_type
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs/\${each.key}/"
}
resource "aws_vpc" "orphan" {
  cidr_block = "10.9.0.0/16"
}
`,
    });
    expect(graph.nodes.has('main.tf#aws_flow_log.this["data-reject"]')).toBe(true);
    expect(vpcFlowLogs.check(graph, {}).map((f) => [f.resourceId, f.messageId, f.level ?? 'error'])).toEqual([['aws_vpc.orphan', 'noFlowLog', 'error']]);
  });

  it('names the variable a %{if} reads when it makes a count 0', () => {
    const graph = memoryGraph({
      'main.tf': 'variable "flow_logs" {\n  default = false\n}\nresource "aws_flow_log" "f" {\n  count        = tonumber("%{ if var.flow_logs }1%{ else }0%{ endif }")\n  traffic_type = "ALL"\n}\n',
    });
    expect(nodeOf(graph, 'main.tf#aws_flow_log.f').existence).toMatchObject({ state: 'absent', why: 'count is 0: var.flow_logs defaults to false' });
  });

  it('ends nested loops over large collections in an unknown, within the evaluation budget', () => {
    const loops = '%{ for a in range(10000) }%{ for b in range(10000) }%{ for c in range(10000) }%{ endfor }%{ endfor }%{ endfor }';
    expect(evaluate(`"${loops}"`)).toEqual({ unknown: 'too much to evaluate statically' });
  });

  it('ends a loop that builds too long a string in an unknown', () => {
    expect(evaluate(`"%{ for a in range(10000) }${'x'.repeat(100)}%{ endfor }"`)).toEqual({ unknown: 'string too long to resolve' });
  });
});
