// Terraform source: a root module calling `modules/<name>` directories, ten `.tf` files each, written
// the way teams write them: typed variables with validation, locals with merge() and for expressions,
// count and for_each, dynamic blocks, jsonencode() and aws_iam_policy_document, heredocs, templates.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from './random.mjs';

const versions = () => `terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}
`;

function variables(n) {
  return `variable "name" {
  description = "Name prefix for every resource of this network"
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "The name must be lower-case letters, digits and hyphens, 3 to 31 characters."
  }
}

variable "cidr" {
  description = "IPv4 CIDR block of the VPC"
  type        = string
  default     = "10.${n % 250}.0.0/16"
}

variable "azs" {
  description = "Availability zones for the subnets"
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

variable "enable_flow_logs" {
  description = "Create a VPC flow log to CloudWatch Logs"
  type        = bool
  default     = true
}

variable "flow_log_traffic_type" {
  type    = string
  default = "ALL"

  validation {
    condition     = contains(["ACCEPT", "REJECT", "ALL"], var.flow_log_traffic_type)
    error_message = "Traffic type must be ACCEPT, REJECT or ALL."
  }
}

variable "flow_log_retention_days" {
  type    = number
  default = ${n % 11 === 5 ? 30 : 400}
}

variable "ingress_ports" {
  type = map(object({
    port        = number
    description = optional(string, "managed by terraform")
    cidrs       = optional(list(string), ["10.0.0.0/8"])
  }))
  default = {
    https    = { port = 443, description = "HTTPS" }
    app      = { port = 8080 }
    postgres = { port = 5432, cidrs = ["10.${n % 250}.0.0/16"] }
  }
}

variable "tags" {
  type    = map(string)
  default = {}
}
`;
}

function locals(n) {
  return `locals {
  tags = merge(var.tags, {
    Module    = "network-${String(n).padStart(2, '0')}"
    ManagedBy = "terraform"
    Network   = var.name
  })

  public_subnets  = { for i, az in var.azs : az => cidrsubnet(var.cidr, 4, i) }
  private_subnets = { for i, az in var.azs : az => cidrsubnet(var.cidr, 4, i + length(var.azs)) }

  flow_log_count = var.enable_flow_logs ? 1 : 0
  log_group_name = "/aws/vpc/\${var.name}"
}
`;
}

function vpc() {
  return `resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = "\${var.name}-vpc" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = "\${var.name}-igw" })
}

resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = "\${var.name}-default-deny" })
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.\${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = concat([aws_route_table.public.id], [aws_route_table.private.id])
  tags              = merge(local.tags, { Name = "\${var.name}-s3" })
}

resource "aws_vpc_endpoint" "interface" {
  for_each = toset(["ssm", "ssmmessages", "ec2messages", "logs", "sts"])

  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.\${data.aws_region.current.name}.\${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [for s in aws_subnet.private : s.id]
  security_group_ids  = [aws_security_group.app.id]
  tags                = merge(local.tags, { Name = "\${var.name}-\${each.key}" })
}

data "aws_region" "current" {}
`;
}

function subnets() {
  return `resource "aws_subnet" "public" {
  for_each = local.public_subnets

  vpc_id                  = aws_vpc.this.id
  cidr_block              = each.value
  availability_zone       = each.key
  map_public_ip_on_launch = true

  tags = merge(local.tags, {
    Name = "\${var.name}-public-\${substr(each.key, -1, 1)}"
    Tier = "public"
  })
}

resource "aws_subnet" "private" {
  for_each = local.private_subnets

  vpc_id            = aws_vpc.this.id
  cidr_block        = each.value
  availability_zone = each.key

  tags = merge(local.tags, {
    Name = "\${var.name}-private-\${substr(each.key, -1, 1)}"
    Tier = "private"
  })
}
`;
}

function routes() {
  return `resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }

  tags = merge(local.tags, { Name = "\${var.name}-public" })
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
  tags   = merge(local.tags, { Name = "\${var.name}-private" })
}

resource "aws_eip" "nat" {
  for_each = local.public_subnets
  domain   = "vpc"
  tags     = merge(local.tags, { Name = "\${var.name}-nat-\${each.key}" })
}

resource "aws_nat_gateway" "this" {
  for_each      = aws_subnet.public
  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = each.value.id
  tags          = merge(local.tags, { Name = "\${var.name}-nat-\${each.key}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route" "private_nat" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = values(aws_nat_gateway.this)[0].id
}

resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private" {
  for_each       = aws_subnet.private
  subnet_id      = each.value.id
  route_table_id = aws_route_table.private.id
}
`;
}

function securityGroups() {
  return `resource "aws_security_group" "app" {
  name_prefix = "\${var.name}-app-"
  description = "Application traffic for \${var.name}"
  vpc_id      = aws_vpc.this.id

  dynamic "ingress" {
    for_each = var.ingress_ports
    content {
      description = ingress.value.description
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs
    }
  }

  egress {
    description = "All outbound"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  lifecycle {
    create_before_destroy = true
  }

  tags = local.tags
}

resource "aws_network_acl" "private" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = [for s in aws_subnet.private : s.id]

  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = var.cidr
    from_port  = 0
    to_port    = 65535
  }

  ingress {
    protocol   = "tcp"
    rule_no    = 200
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 1024
    to_port    = 65535
  }

  egress {
    protocol   = "-1"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }

  tags = merge(local.tags, { Name = "\${var.name}-private" })
}
`;
}

function flowLogs(n) {
  return `# Flow logs to CloudWatch Logs (CIS AWS Foundations 3.9).
resource "aws_cloudwatch_log_group" "flow_logs" {
  count             = local.flow_log_count
  name              = local.log_group_name
  retention_in_days = var.flow_log_retention_days
  tags              = local.tags
}

resource "aws_flow_log" "this" {
  count                    = ${n % 7 === 3 ? '0 # disabled while the collector is migrated' : 'local.flow_log_count'}
  vpc_id                   = aws_vpc.this.id
  traffic_type             = var.flow_log_traffic_type
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn             = aws_iam_role.flow_logs[0].arn
  max_aggregation_interval = 60

  tags = merge(local.tags, { Name = "\${var.name}-flow-log" })
}
`;
}

function iam(n) {
  const service = n % 13 === 6 ? 'ec2.amazonaws.com' : 'vpc-flow-logs.amazonaws.com';
  const heredoc = n % 2 === 0;
  const policy = heredoc
    ? `  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": [
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "logs:DescribeLogGroups",
            "logs:DescribeLogStreams"
          ],
          "Resource": "\${aws_cloudwatch_log_group.flow_logs[0].arn}:*"
        }
      ]
    }
  EOT`
    : `  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"]
      Resource = "\${aws_cloudwatch_log_group.flow_logs[0].arn}:*"
    }]
  })`;
  return `data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "flow_logs_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["${service}"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "flow_logs" {
  count              = local.flow_log_count
  name               = "\${var.name}-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.flow_logs_trust.json
  tags               = local.tags
}

resource "aws_iam_role_policy" "flow_logs" {
  count = local.flow_log_count
  name  = "deliver-flow-logs"
  role  = aws_iam_role.flow_logs[0].id
${policy}
}
`;
}

function outputs() {
  return `output "vpc_id" {
  description = "ID of the VPC"
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  value = [for s in aws_subnet.public : s.id]
}

output "private_subnet_ids" {
  value = values(aws_subnet.private)[*].id
}

output "app_security_group_id" {
  value = aws_security_group.app.id
}

output "flow_log_id" {
  value = try(aws_flow_log.this[0].id, null)
}
`;
}

const MODULE_FILES = { 'versions.tf': versions, 'variables.tf': variables, 'locals.tf': locals, 'vpc.tf': vpc, 'subnets.tf': subnets, 'routes.tf': routes, 'security_groups.tf': securityGroups, 'flow_logs.tf': flowLogs, 'iam.tf': iam, 'outputs.tf': outputs };

function rootFiles(modules, r) {
  const files = {
    'versions.tf': versions(),
    'providers.tf': `provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Repository = "infrastructure"
      Owner      = "platform"
    }
  }
}
`,
    'variables.tf': `variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type    = string
  default = "staging"
}
`,
    'locals.tf': `locals {
  common_tags = {
    Environment = var.environment
    CostCenter  = "cc-${r.int(1000, 9999)}"
  }
}
`,
  };
  const perFile = Math.ceil(modules / 5);
  const outputs = [];
  for (let f = 0; f < 5; f++) {
    const calls = [];
    for (let m = f * perFile; m < Math.min(modules, (f + 1) * perFile); m++) {
      const id = String(m).padStart(2, '0');
      calls.push(`module "network_${id}" {
  source = "./modules/network-${id}"

  name                  = "net-${id}-\${var.environment}"
  cidr                  = "10.${m % 250}.0.0/16"
  flow_log_traffic_type = "${r.pick(['ALL', 'ALL', 'REJECT'])}"
  tags                  = local.common_tags
}
`);
      outputs.push(`output "network_${id}_vpc_id" {\n  value = module.network_${id}.vpc_id\n}\n`);
    }
    files[`networks-${f}.tf`] = calls.join('\n');
  }
  files['outputs.tf'] = outputs.join('\n');
  return files;
}

/** About `count` `.tf` files: `count / 10 - 1` module directories of ten files, and a root of ten. */
export function writeTerraformTree(root, count, seed = 13) {
  const r = rng(seed);
  const modules = Math.max(1, Math.round(count / 10) - 1);
  const files = [];
  const put = (path, text) => {
    writeFileSync(path, text);
    files.push({ path, bytes: Buffer.byteLength(text), syntax: 'hcl' });
  };
  mkdirSync(root, { recursive: true });
  for (const [name, text] of Object.entries(rootFiles(modules, r))) put(join(root, name), text);
  for (let m = 0; m < modules; m++) {
    const dir = join(root, 'modules', `network-${String(m).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, make] of Object.entries(MODULE_FILES)) put(join(dir, name), make(m));
  }
  return files;
}
