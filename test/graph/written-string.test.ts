/**
 * Positions inside JSON written as a string: a Terraform heredoc or a CloudFormation YAML block
 * scalar. A finding on a trust policy's principal points at that principal's line and column, not at
 * the `<<EOF` or `|` that opens the string (written-string.ts).
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';

async function trustFindings(path: string, text: string) {
  const result = await lint({ documents: [{ path, text }] });
  return result.findings.filter((f) => f.ruleId === 'role-trust-principal').map((f) => [f.level, f.region.startLine, f.region.startColumn, f.region.endLine, f.region.endColumn]);
}

const ROLE_TF = (policy: string) => `resource "aws_iam_role" "open" {
  name               = "open"
  assume_role_policy = ${policy}
}
`;

describe('a Terraform heredoc policy', () => {
  it('<<EOF: points at the principal inside it', async () => {
    const text = ROLE_TF(`<<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "*" },
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF`);
    // Line 9: `      "Principal": { "AWS": "*" },`; the value "*" in columns 29 to 31.
    expect(await trustFindings('main.tf', text)).toEqual([['error', 9, 29, 9, 32]]);
  });

  it('<<-EOF: maps past the indentation the heredoc strips', async () => {
    const text = ROLE_TF(`<<-EOF
    {
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "sts:AssumeRole"
      }]
    }
  EOF`);
    expect(await trustFindings('main.tf', text)).toEqual([['error', 7, 30, 7, 33]]);
  });

  it('maps the lines around an interpolation, and the interpolated line past its interpolation', async () => {
    const text = `data "aws_caller_identity" "current" {}
${ROLE_TF(`<<EOF
{
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "lambda.amazonaws.com"},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"aws:PrincipalAccount": "\${data.aws_caller_identity.current.account_id}"}}
  }, {
    "Effect": "Allow",
    "Principal": {"AWS": "*"},
    "Action": "sts:AssumeRole"
  }]
}
EOF`)}`;
    const findings = await trustFindings('main.tf', text);
    // The confused-deputy note on lambda (line 8) and the wildcard (line 13) point inside the heredoc.
    expect(findings).toEqual([
      ['note', 8, 30, 8, 52],
      ['error', 13, 26, 13, 29],
    ]);
  });

  it('does not shift the lines after an interpolated one onto a later twin', async () => {
    // Line 9's value ("Allow") is written as an interpolation; it must not match line 14's "Allow".
    const text = `variable "effect" {
  default = "Allow"
}
resource "aws_iam_role" "open" {
  assume_role_policy = <<EOF
{
  "Statement": [
    {
      "Effect": "\${var.effect}",
      "Principal": {"AWS": "*"},
      "Action": "sts:AssumeRole"
    },
    {
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "sts:AssumeRole",
      "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}
    }
  ]
}
EOF
}
`;
    expect(await trustFindings('main.tf', text)).toEqual([['error', 10, 28, 10, 31]]);
  });

  it('keeps what a %{for} makes on the whole string, even when the loop gives its lines one for one (a directive may add and remove lines that happen to balance)', async () => {
    const text = ROLE_TF(`<<-EOT
    {
      "Statement": [
        %{ for p in ["*"] }
        {
          "Effect": "Allow",
          "Principal": { "AWS": "\${p}" },
          "Action": "sts:AssumeRole"
        }
        %{ endfor }
      ]
    }
  EOT`);
    expect(await trustFindings('main.tf', text)).toEqual([['error', 3, 24, 15, 6]]);
  });

  it('keeps what a %{for} of several elements makes on the whole string: its lines are not the written ones', async () => {
    const text = ROLE_TF(`<<-EOT
    {
      "Statement": [
        %{ for i, p in ["arn:aws:iam::111122223333:root", "*"] }
        {
          "Effect": "Allow",
          "Principal": { "AWS": "\${p}" },
          "Action": "sts:AssumeRole"
        }%{ if i == 0 },%{ endif }
        %{ endfor }
      ]
    }
  EOT`);
    expect(await trustFindings('main.tf', text)).toEqual([['error', 3, 24, 15, 6]]);
  });

  it('passed in from a variable default, points where it is used (the string is not written there)', async () => {
    const text = `variable "trust" {
  default = <<EOF
{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
EOF
}
${ROLE_TF('var.trust')}`;
    expect(await trustFindings('main.tf', text)).toEqual([['error', 8, 24, 8, 33]]);
  });
});

describe('a CloudFormation policy in a YAML block scalar', () => {
  it('points at the principal inside it', async () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: |
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
          ]
        }
`;
    expect(await trustFindings('template.yaml', text)).toEqual([['error', 10, 54, 10, 57]]);
  });

  it('maps a one-line double-quoted JSON string through its escapes', async () => {
    const text = `Resources:
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"*\\"}, \\"Action\\": \\"sts:AssumeRole\\"}]}"
`;
    const [finding] = await trustFindings('template.yaml', text);
    // The JSON string "*" is written \"*\" on line 5: from its first backslash to its last quote.
    const line = text.split('\n')[4]!;
    expect(finding).toEqual(['error', 5, line.indexOf('\\"*') + 1, 5, line.indexOf('\\"*') + 6]);
  });

  it('maps a policy string in a JSON template, \\u escapes included', async () => {
    const policy = JSON.stringify(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Sid: 'caf\u00e9' }] })).replace('é', '\\u00e9');
    const text = `{\n  "Resources": {\n    "OpenRole": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "AssumeRolePolicyDocument": ${policy}\n      }\n    }\n  }\n}\n`;
    const line = text.split('\n')[5]!;
    expect(await trustFindings('template.json', text)).toEqual([['error', 6, line.indexOf('\\"*') + 1, 6, line.indexOf('\\"*') + 6]]);
  });

  it('keeps a string with an escape JSON does not have (YAML\'s \\x) on the whole string', async () => {
    const text = `Resources:
  OpenRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"AWS\\": \\"\\x2a\\"}, \\"Action\\": \\"sts:AssumeRole\\"}]}"
`;
    const [finding] = await trustFindings('template.yaml', text);
    expect(finding?.slice(0, 3)).toEqual(['error', 5, 33]);
  });
});
