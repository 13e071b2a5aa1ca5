/**
 * IAM policies in Terraform source: `aws_iam_policy_document` data sources (static and dynamic
 * statements, principals, conditions, source documents), `jsonencode()`, heredoc and file() JSON,
 * inline policies and attachments — all as the object trees the rules read.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import { nodeOf, plain } from './helpers.js';
import { memoryGraph } from './terraform-helpers.js';

function trustOf(source: string, extra: Record<string, string> = {}): unknown {
  const graph = memoryGraph({ 'main.tf': source }, extra);
  return plain(nodeOf(graph, 'main.tf#aws_iam_role.r').attrs['trustPolicy']);
}

function findings(graph: ResourceGraph): string[] {
  return RULES.flatMap((rule) => rule.check(graph, {}).map((f) => `${rule.meta.id} ${f.level ?? rule.meta.defaultLevel} ${f.resourceId} ${f.messageId}`)).sort();
}

const ROLE = 'resource "aws_iam_role" "r" {\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n';

describe('aws_iam_policy_document', () => {
  it('merges principals blocks by type and renders a "*" principal as Principal "*"', () => {
    const trust = trustOf(`${ROLE}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
  statement {
    effect  = "Deny"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
`);
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] } },
        { Effect: 'Deny', Action: ['sts:AssumeRole'], Principal: '*' },
      ],
    });
  });

  it('expands dynamic statements and conditions over known collections', () => {
    const trust = trustOf(`${ROLE}
variable "services" {
  default = ["vpc-flow-logs.amazonaws.com"]
}
variable "conditions" {
  default = [{ test = "StringEquals", variable = "aws:SourceAccount", values = ["111122223333"] }]
}
data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = var.services
    iterator = svc
    content {
      sid     = "Trust\${svc.key}"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "Service"
        identifiers = [svc.value]
      }
      dynamic "condition" {
        for_each = var.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}
`);
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Trust0',
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Principal: { Service: ['vpc-flow-logs.amazonaws.com'] },
          Condition: { StringEquals: { 'aws:SourceAccount': ['111122223333'] } },
        },
      ],
    });
  });

  it('reads Terraform 0.11 blocks written as arguments (principals = { … }, statement = [{ … }]) as the blocks', () => {
    const trust = trustOf(`${ROLE}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals = {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
    condition = {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
  statement = [{
    actions    = ["sts:AssumeRole"]
    principals = [{ "type" = "AWS", identifiers = ["arn:aws:iam::111122223333:root"] }, { type = "AWS", identifiers = ["arn:aws:iam::444455556666:root"] }]
  }, {
    effect     = "Deny"
    actions    = ["sts:AssumeRole"]
    principals = { type = "*", identifiers = ["*"] }
  }]
}
`);
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRole'],
          Principal: { Service: ['vpc-flow-logs.amazonaws.com'] },
          Condition: { StringEquals: { 'aws:SourceAccount': ['111122223333'] } },
        },
        { Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] } },
        { Effect: 'Deny', Action: ['sts:AssumeRole'], Principal: '*' },
      ],
    });
  });

  it('leaves a principals argument whose objects are not written out unknown, not absent', () => {
    const graph = memoryGraph({
      'main.tf': `${ROLE}
variable "principals" {}
data "aws_iam_policy_document" "trust" {
  statement {
    actions    = ["sts:AssumeRole"]
    principals = var.principals
  }
}
resource "aws_flow_log" "f" {
  vpc_id          = "vpc-1"
  traffic_type    = "ALL"
  log_destination = "arn:aws:logs:us-east-1:111122223333:log-group:flow"
  iam_role_arn    = aws_iam_role.r.arn
}
`,
    });
    const trust = plain(nodeOf(graph, 'main.tf#aws_iam_role.r').attrs['trustPolicy']) as { Statement: { Principal?: unknown }[] };
    expect(trust.Statement[0]!.Principal).toMatchObject({ unknown: expect.stringContaining('`principals` written as an argument') });
    expect(findings(graph).filter((f) => f.startsWith('role-trust-principal'))).toEqual([]);
  });

  it('makes statements unknown where a dynamic for_each (or a condition) cannot be known', () => {
    const graph = memoryGraph({
      'main.tf': `${ROLE}
variable "extra" {}
data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = var.extra
    content {
      actions = ["sts:AssumeRole"]
    }
  }
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    dynamic "condition" {
      for_each = var.extra
      content {
        test     = "StringEquals"
        variable = "aws:PrincipalOrgID"
        values   = ["o-123"]
      }
    }
  }
}
`,
    });
    const statements = (plain(nodeOf(graph, 'main.tf#aws_iam_role.r').attrs['trustPolicy']) as { Statement: unknown[] }).Statement;
    expect(statements).toHaveLength(2);
    expect(statements.every((s) => typeof s === 'object' && s !== null && 'unknown' in s)).toBe(true);
    // The AWS "*" principal might be pinned by the condition we cannot read: no definite error.
    expect(findings(graph)).toEqual([]);
  });

  it('puts statements of source_policy_documents first', () => {
    const trust = trustOf(`${ROLE}
data "aws_iam_policy_document" "base" {
  statement {
    sid     = "Base"
    actions = ["sts:AssumeRole"]
  }
}
data "aws_iam_policy_document" "trust" {
  source_policy_documents = [data.aws_iam_policy_document.base.json, jsonencode({ Statement = [{ Sid = "Json", Effect = "Allow" }] })]
  statement {
    sid     = "Own"
    actions = ["sts:TagSession"]
  }
}
`);
    expect((trust as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid)).toEqual(['Base', 'Json', 'Own']);
  });

  // The provider merges source, own and override statements in turn; a Sid replaces the earlier statement with that Sid, in place.
  const BASE = `data "aws_iam_policy_document" "base" {
  statement {
    sid     = "Trust"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
  statement {
    actions = ["sts:TagSession"]
  }
}
`;
  // The document's own statement that replaces base's "Trust" (ec2) with the flow-logs service.
  const FLOW_LOGS_TRUST = `  statement {
    sid     = "Trust"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
`;
  const principalsOf = (trust: unknown) => (trust as { Statement: { Sid?: string; Principal?: unknown }[] }).Statement.map((s) => [s.Sid ?? '', s.Principal ?? null]);

  it('lets a statement of the document replace the source statement with the same Sid', () => {
    const trust = trustOf(`${ROLE}${BASE}
data "aws_iam_policy_document" "trust" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
${FLOW_LOGS_TRUST}  statement {
    sid     = "Extra"
    actions = ["sts:TagSession"]
  }
}
`);
    expect(principalsOf(trust)).toEqual([
      ['Trust', { Service: ['vpc-flow-logs.amazonaws.com'] }],
      ['', null],
      ['Extra', null],
    ]);
  });

  it('lets override_policy_documents replace the statement of the document with the same Sid', () => {
    const trust = trustOf(`${ROLE}${BASE}
data "aws_iam_policy_document" "trust" {
  override_policy_documents = [data.aws_iam_policy_document.base.json]
${FLOW_LOGS_TRUST}}
`);
    expect(principalsOf(trust)).toEqual([
      ['Trust', { Service: ['ec2.amazonaws.com'] }],
      ['', null],
    ]);
  });

  it('makes the statements with a Sid unknown when a later one has a Sid that is not known statically', () => {
    const trust = trustOf(`${ROLE}${BASE}
variable "sid" {}
data "aws_iam_policy_document" "trust" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid     = var.sid
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}
`);
    const [replaced, kept, own] = (trust as { Statement: unknown[] }).Statement;
    expect(replaced).toMatchObject({ unknown: 'a statement that may be replaced by one whose Sid is not known statically' });
    expect(kept).toEqual({ Effect: 'Allow', Action: ['sts:TagSession'] });
    expect(own).toMatchObject({ Principal: { Service: ['vpc-flow-logs.amazonaws.com'] } });
  });

  it('reports no extra principal for a delivery role whose ec2 statement an override replaced', () => {
    const graph = memoryGraph({
      'main.tf': `${BASE}
data "aws_iam_policy_document" "trust" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid     = "Trust"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}
resource "aws_iam_role" "flow" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_vpc" "v" {}
resource "aws_cloudwatch_log_group" "g" {}
resource "aws_flow_log" "f" {
  vpc_id          = aws_vpc.v.id
  traffic_type    = "ALL"
  iam_role_arn    = aws_iam_role.flow.arn
  log_destination = aws_cloudwatch_log_group.g.arn
}
`,
    });
    expect(findings(graph).filter((f) => f.startsWith('role-trust-principal'))).toEqual([]);
  });

  // AWS's organisation-wide trust: allow everyone, deny everyone outside the organisation.
  const ORG_TRUST = (denyConditions: string) => `${ROLE}
variable "organization_id" {
  type    = string
  default = "o-a1b2c3d4e5"
}
data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "AllowAnyPrincipal"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
  statement {
    sid     = "DenyOutsideOrganisation"
    effect  = "Deny"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
${denyConditions}
  }
}
`;
  const ORG_CONDITION = `    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.organization_id]
    }`;

  it('takes a Deny of everyone outside the organisation as pinning an AWS "*" trust', () => {
    expect(findings(memoryGraph({ 'main.tf': ORG_TRUST(ORG_CONDITION) }))).toEqual([]);
  });

  it('still reports the AWS "*" trust when the Deny has a condition that outsiders can escape', () => {
    const mfa = `${ORG_CONDITION}
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }`;
    expect(findings(memoryGraph({ 'main.tf': ORG_TRUST(mfa) }))).toEqual(['role-trust-principal error aws_iam_role.r wildcard']);
    // A Deny that tests the organisation with a wildcard value excludes nobody.
    const wildcard = ORG_CONDITION.replace('[var.organization_id]', '["*"]').replace('StringNotEquals', 'StringNotLike');
    expect(findings(memoryGraph({ 'main.tf': ORG_TRUST(wildcard) }))).toEqual(['role-trust-principal error aws_iam_role.r wildcard']);
  });
});

describe('service principals with the partition DNS suffix', () => {
  /** A flow log's delivery role trusting `service` (pinned to the account), after `prelude`. */
  const deliveryRoleTrusting = (prelude: string, service: string) =>
    memoryGraph({
      'main.tf': `${prelude}
resource "aws_iam_role" "flow" {
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "${service}" }, Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } } }] })
}
resource "aws_vpc" "v" {}
resource "aws_flow_log" "f" {
  vpc_id               = aws_vpc.v.id
  traffic_type         = "ALL"
  iam_role_arn         = aws_iam_role.flow.arn
}
`,
    });
  const trustFindings = (graph: ResourceGraph) => findings(graph).filter((f) => f.startsWith('role-trust-principal'));

  it('reads "ec2.${data.aws_partition.current.dns_suffix}" as ec2.amazonaws.com', () => {
    const graph = deliveryRoleTrusting('data "aws_partition" "current" {}', 'ec2.${data.aws_partition.current.dns_suffix}');
    expect(trustFindings(graph)).toEqual(['role-trust-principal error aws_iam_role.flow missingService']);
  });

  it('keeps a principal with another unknown part unknown (no verdict)', () => {
    const graph = deliveryRoleTrusting('variable "service" {}', '${var.service}.amazonaws.com');
    expect(trustFindings(graph)).toEqual([]);
  });
});

describe('JSON policy arguments', () => {
  it('takes a jsonencode() tree as it is, and reports a wildcard trust', () => {
    const graph = memoryGraph({
      'main.tf': `resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }]
  })
}
`,
    });
    expect(plain(nodeOf(graph, 'main.tf#aws_iam_role.r').attrs['trustPolicy'])).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '*' } }],
    });
    expect(findings(graph)).toEqual(['role-trust-principal error aws_iam_role.r wildcard']);
  });

  describe('templatefile()', () => {
    const TRUST_TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [
%{ for service in services ~}
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": { "Service": "\${service}" },
      "Condition": { "StringEquals": { "aws:SourceAccount": "\${account_id}" } }
    }%{ if service != services[length(services) - 1] },%{ endif }
%{ endfor ~}
  ]
}
`;
    const flowLogWith = (roleArgument: string) => `resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_cloudwatch_log_group" "flow" {
  retention_in_days = 365
}
resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.r.arn
}
resource "aws_iam_role" "r" {
  ${roleArgument}
}
`;

    it('renders the template with its variables: a CIS-style ec2 delivery role is reported', () => {
      const graph = memoryGraph(
        { 'main.tf': flowLogWith('assume_role_policy = templatefile("${path.module}/policies/trust.json.tpl", { services = ["ec2.amazonaws.com"], account_id = "111122223333" })') },
        { 'policies/trust.json.tpl': TRUST_TEMPLATE },
      );
      expect(plain(nodeOf(graph, 'main.tf#aws_iam_role.r').attrs['trustPolicy'])).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }],
      });
      expect(findings(graph).filter((f) => f.startsWith('role-trust-principal'))).toEqual(['role-trust-principal error aws_iam_role.r missingService']);
    });

    it('accepts the right service, and leaves a template with unknown variables unknown', () => {
      const right = memoryGraph(
        { 'main.tf': flowLogWith('assume_role_policy = templatefile("${path.module}/policies/trust.json.tpl", { services = ["vpc-flow-logs.amazonaws.com"], account_id = "111122223333" })') },
        { 'policies/trust.json.tpl': TRUST_TEMPLATE },
      );
      expect(findings(right).filter((f) => f.startsWith('role-trust-principal'))).toEqual([]);
      const unknownVars = memoryGraph(
        { 'main.tf': `variable "services" {}\n${flowLogWith('assume_role_policy = templatefile("${path.module}/policies/trust.json.tpl", { services = var.services, account_id = "111122223333" })')}` },
        { 'policies/trust.json.tpl': TRUST_TEMPLATE },
      );
      expect(findings(unknownVars).filter((f) => f.startsWith('role-trust-principal'))).toEqual([]);
    });

    it('gives a template only its own variables: var.* inside it is an error in Terraform, not the module\'s value', () => {
      // Terraform refuses `\${var.who}` in a template file ("vars" are its only names); rendering it
      // with the module's variable gave a wildcard error on a configuration Terraform never applies.
      const graph = memoryGraph(
        { 'main.tf': `variable "who" {\n  default = "*"\n}\nresource "aws_iam_role" "r" {\n  assume_role_policy = templatefile("\${path.module}/trust.json.tpl", {})\n}\n` },
        { 'trust.json.tpl': '{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"${var.who}"}}]}' },
      );
      expect(nodeOf(graph, 'main.tf#aws_iam_role.r').attrs['trustPolicy']?.t).not.toBe('object');
      expect(findings(graph)).toEqual([]);
    });

    it('gives an unknown, never a crash, for a missing or unparsable template and for a template that calls templatefile()', () => {
      const graph = memoryGraph(
        {
          'main.tf': `resource "aws_iam_role" "missing" {
  assume_role_policy = templatefile("\${path.module}/nope.tpl", {})
}
resource "aws_iam_role" "broken" {
  assume_role_policy = templatefile("\${path.module}/broken.tpl", {})
}
resource "aws_iam_role" "nested" {
  assume_role_policy = templatefile("\${path.module}/self.tpl", {})
}
`,
        },
        { 'broken.tpl': '{ "Statement": ${unclosed', 'self.tpl': '${templatefile("self.tpl", {})}' },
      );
      for (const id of ['missing', 'broken', 'nested']) expect(nodeOf(graph, `main.tf#aws_iam_role.${id}`).attrs['trustPolicy']?.t).toBe('unknown');
      expect(findings(graph)).toEqual([]);
    });
  });

  it('parses a heredoc and a file() document, and leaves invalid JSON unknown', () => {
    const graph = memoryGraph(
      {
        'main.tf': `resource "aws_iam_role" "r" {
  assume_role_policy = file("\${path.module}/trust.json")
}
resource "aws_iam_role" "bad" {
  assume_role_policy = <<EOF
{ "Version": "2012-10-17", "Statement": [ }
EOF
}
`,
      },
      { 'trust.json': '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"vpc-flow-logs.amazonaws.com"}}]}' },
    );
    expect(plain(nodeOf(graph, 'main.tf#aws_iam_role.r').attrs['trustPolicy'])).toMatchObject({ Statement: [{ Principal: { Service: 'vpc-flow-logs.amazonaws.com' } }] });
    expect(plain(nodeOf(graph, 'main.tf#aws_iam_role.bad').attrs['trustPolicy'])).toEqual({ unknown: 'policy document is a string that is not valid JSON' });
  });

  it('collects inline_policy blocks (dynamic ones too) into the inline policies', () => {
    const graph = memoryGraph({
      'main.tf': `variable "statements" {
  default = { logs = "logs:PutLogEvents" }
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({ Statement = [] })
  inline_policy {
    name   = "static"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "logs:CreateLogStream", Resource = "*" }] })
  }
  dynamic "inline_policy" {
    for_each = var.statements
    content {
      name   = inline_policy.key
      policy = jsonencode({ Statement = [{ Effect = "Allow", Action = inline_policy.value, Resource = "*" }] })
    }
  }
}
`,
    });
    const inline = plain(nodeOf(graph, 'main.tf#aws_iam_role.r').attrs['inlinePolicies']) as { Statement: { Action: string }[] }[];
    expect(inline.map((p) => p.Statement[0]!.Action)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('links an attachment to the managed policy of the run, so delivery permissions are seen', () => {
    const graph = memoryGraph({
      'main.tf': `resource "aws_vpc" "v" {}
resource "aws_flow_log" "f" {
  vpc_id         = aws_vpc.v.id
  traffic_type   = "ALL"
  iam_role_arn   = aws_iam_role.r.arn
  log_group_name = "flow-logs"
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "vpc-flow-logs.amazonaws.com" }, Condition = { StringEquals = { "aws:SourceAccount" = "1" } } }] })
}
resource "aws_iam_policy" "p" {
  name   = "flow-logs"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "*" }] })
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}
`,
    });
    const attachment = nodeOf(graph, 'main.tf#aws_iam_role_policy_attachment.a');
    expect(attachment.kind).toBe('iam-policy');
    expect(graph.outgoing(attachment.uid).map((e) => `${e.via} ${e.to}`)).toEqual(['roles main.tf#aws_iam_role.r', 'attachedPolicy main.tf#aws_iam_policy.p']);
    expect(findings(graph)).toEqual(['flow-log-delivery warning aws_flow_log.f missingActions']);
  });
});
