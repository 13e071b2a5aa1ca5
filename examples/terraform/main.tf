# A root module: the network and, through a local module, its flow logs.
# Linted by `npm start` (flowguard examples); see examples/README.md for the expected findings.

variable "environment" {
  type    = string
  default = "staging"
}

locals {
  # Production keeps a full year of flow logs; other environments keep them for a month.
  retention_days = var.environment == "production" ? 365 : 30
}

resource "aws_vpc" "app" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "app-${var.environment}" }
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.app.id
  cidr_block        = cidrsubnet(aws_vpc.app.cidr_block, 4, count.index)
  availability_zone = ["eu-west-1a", "eu-west-1b"][count.index]
}

# The shared VPC of another team: covered by the module's flow log below only when enabled.
resource "aws_vpc" "shared" {
  cidr_block = "10.30.0.0/16"
}

module "app_flow_logs" {
  source         = "./modules/flow-logs"
  vpc_id         = aws_vpc.app.id
  retention_days = local.retention_days
}

module "shared_flow_logs" {
  source  = "./modules/flow-logs"
  count   = var.environment == "production" ? 1 : 0
  vpc_id  = aws_vpc.shared.id
}
