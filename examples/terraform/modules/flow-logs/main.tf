# Flow logs for one VPC, delivered to CloudWatch Logs through a dedicated role.

variable "vpc_id" {
  type = string
}

variable "retention_days" {
  type    = number
  default = 365
}

variable "traffic_type" {
  type    = string
  default = "ALL"
}

data "aws_caller_identity" "current" {}

resource "aws_flow_log" "this" {
  vpc_id               = var.vpc_id
  traffic_type         = var.traffic_type
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.this.arn
  iam_role_arn         = aws_iam_role.delivery.arn
}

resource "aws_cloudwatch_log_group" "this" {
  name_prefix       = "/vpc/flow-logs/"
  retention_in_days = var.retention_days
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "delivery" {
  name_prefix        = "vpc-flow-logs-"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy" "delivery" {
  role = aws_iam_role.delivery.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"]
      Resource = "*"
    }]
  })
}
