/**
 * An unknown value that is one of a few known ones (`RUnknown.oneOf`): a Terraform conditional whose
 * condition cannot be known keeps both branches, so a retention too short in both is reported, and
 * one that may be long enough (or `0`, never expire) is not.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { nodeOf } from './helpers.js';
import { memoryGraph } from './terraform-helpers.js';

const MAIN = `variable "is_prod" {
  type = bool
}

resource "aws_cloudwatch_log_group" "short_either_way" {
  name              = "/app/api"
  retention_in_days = var.is_prod ? 90 : 14
}

resource "aws_cloudwatch_log_group" "nested" {
  name              = "/app/nested"
  retention_in_days = var.is_prod ? (var.is_prod ? 30 : 60) : 14
}

resource "aws_cloudwatch_log_group" "long_in_prod" {
  name              = "/app/audit"
  retention_in_days = var.is_prod ? 731 : 14
}

resource "aws_cloudwatch_log_group" "never_in_prod" {
  name              = "/app/never"
  retention_in_days = var.is_prod ? 0 : 14
}

# Computed from a choice, not the choice itself: 400, 731 or 3653 whatever the condition.
# The same choice, passed on: through a local, an interpolation alone, try(), a module argument.
locals {
  days = var.is_prod ? 14 : 90
}

resource "aws_cloudwatch_log_group" "from_local" {
  name              = "/app/local"
  retention_in_days = local.days
}

resource "aws_cloudwatch_log_group" "interpolated" {
  name              = "/app/interpolated"
  retention_in_days = "\${local.days}"
}

resource "aws_cloudwatch_log_group" "tried" {
  name              = "/app/tried"
  retention_in_days = try(local.days, 3)
}

module "logs" {
  source = "./modules/logs"
  days   = var.is_prod ? 30 : 60
}

resource "aws_cloudwatch_log_group" "max_of" {
  name              = "/app/max"
  retention_in_days = max(var.is_prod ? 7 : 14, 400)
}

resource "aws_cloudwatch_log_group" "indexed" {
  name              = "/app/indexed"
  retention_in_days = [400, 731, 400][var.is_prod ? 1 : 2]
}

resource "aws_cloudwatch_log_group" "looked_up" {
  name              = "/app/lookup"
  retention_in_days = lookup({ "1" = 400, "3" = 3653 }, var.is_prod ? 1 : 3)
}
`;

describe('Terraform conditionals with an unknown condition', () => {
  const graph = memoryGraph({
    'main.tf': MAIN,
    'modules/logs/main.tf': 'variable "days" {}\n\nresource "aws_cloudwatch_log_group" "module" {\n  name              = "/app/module"\n  retention_in_days = var.days\n}\n',
  });

  it('keeps the known branches of the value', () => {
    const value = nodeOf(graph, 'main.tf#aws_cloudwatch_log_group.nested').attrs['retentionDays'];
    expect(value?.t === 'unknown' && value.oneOf?.map((v) => v.value)).toEqual([30, 60, 14]);
  });

  it('reports a retention too short whichever branch applies, and only that', () => {
    const retention = RULES.find((r) => r.meta.id === 'log-group-retention')!;
    const findings = retention.check(graph, { minimumDays: 365 }).map((f) => [f.resourceId, f.messageId, f.data?.['choices']]);
    expect(findings.sort()).toEqual([
      ['aws_cloudwatch_log_group.from_local', 'tooShortWhicheverApplies', '14 or 90'],
      ['aws_cloudwatch_log_group.interpolated', 'tooShortWhicheverApplies', '14 or 90'],
      ['aws_cloudwatch_log_group.nested', 'tooShortWhicheverApplies', '14, 30 or 60'],
      ['aws_cloudwatch_log_group.short_either_way', 'tooShortWhicheverApplies', '14 or 90'],
      ['aws_cloudwatch_log_group.tried', 'tooShortWhicheverApplies', '14 or 90'],
      ['module.logs.aws_cloudwatch_log_group.module', 'tooShortWhicheverApplies', '30 or 60'],
    ]);
  });
});
