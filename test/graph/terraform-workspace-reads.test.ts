/**
 * Which values `terraform.workspace` decides (`assumes` on a known value): the finding on such a value
 * says which workspace was linted, so it must not say so of a value that is the same in every workspace.
 */
import { describe, expect, it } from 'vitest';
import { memoryGraph } from './terraform-helpers.js';

const ASSUMED = 'terraform.workspace is taken as "default"';

function retention(sources: Record<string, string>, address: string): { t: string; assumes?: string } | undefined {
  return memoryGraph(sources).nodes.get(`main.tf#${address}`)?.attrs['retentionDays'];
}

describe('terraform.workspace deciding a value', () => {
  it('is said of a retention read from the workspace, directly, through locals and module arguments', () => {
    const main = `locals {
  env  = terraform.workspace
  days = local.env == "prod" ? 731 : 7
  app  = { name = "orders", retention = local.days }
}
resource "aws_cloudwatch_log_group" "direct" {
  retention_in_days = terraform.workspace == "prod" ? 731 : 7
}
resource "aws_cloudwatch_log_group" "local" {
  retention_in_days = local.days
}
resource "aws_cloudwatch_log_group" "member" {
  retention_in_days = local.app.retention
}
resource "aws_cloudwatch_log_group" "listed" {
  retention_in_days = [for d in [local.days] : d][0]
}
module "m" {
  source   = "./m"
  settings = { name = "orders", retention = terraform.workspace == "prod" ? 731 : 14 }
}
`;
    const m = 'variable "settings" {}\nresource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = var.settings.retention\n}\n';
    for (const address of ['direct', 'local', 'member', 'listed']) {
      expect(retention({ 'main.tf': main, 'm/main.tf': m }, `aws_cloudwatch_log_group.${address}`), address).toMatchObject({ t: 'scalar', assumes: ASSUMED });
    }
    expect(retention({ 'main.tf': main, 'm/main.tf': m }, 'module.m.aws_cloudwatch_log_group.g')).toMatchObject({ t: 'scalar', assumes: ASSUMED });
  });

  it('is not said of a retention that is the same in every workspace, beside a name that reads it', () => {
    const main = `locals {
  app = {
    name      = "orders-\${terraform.workspace}"
    retention = 7
  }
}
resource "aws_cloudwatch_log_group" "named" {
  name              = "\${terraform.workspace}-logs"
  retention_in_days = 7
}
resource "aws_cloudwatch_log_group" "member" {
  name              = local.app.name
  retention_in_days = local.app.retention
}
module "m" {
  source   = "./m"
  settings = { name = "orders-\${terraform.workspace}", retention = 14 }
}
`;
    const m = 'variable "settings" {}\nresource "aws_cloudwatch_log_group" "g" {\n  name              = var.settings.name\n  retention_in_days = var.settings.retention\n}\n';
    const sources = { 'main.tf': main, 'm/main.tf': m };
    for (const address of ['aws_cloudwatch_log_group.named', 'aws_cloudwatch_log_group.member', 'module.m.aws_cloudwatch_log_group.g']) {
      const value = retention(sources, address);
      expect(value, address).toMatchObject({ t: 'scalar' });
      expect(value?.assumes, address).toBeUndefined();
    }
  });
});
