/**
 * Peers' ids for the checks flowguard also makes, so suppressions users already wrote keep working.
 * Only checks that test the same thing are mapped: cfn_nag's W84 (log group without a KMS key) is
 * about encryption, not retention, and is deliberately not honoured.
 */
import { nameTable } from '../core/name-table.js';

export const PEER_RULE_IDS: Readonly<Record<string, Readonly<Record<string, string>>>> = nameTable({
  checkov: nameTable({
    CKV2_AWS_11: 'vpc-flow-logs', // Ensure VPC flow logging is enabled in all VPCs
    CKV_AWS_66: 'log-group-retention', // Ensure that CloudWatch Log Group specifies retention days
    CKV_AWS_338: 'log-group-retention', // Ensure CloudWatch log groups retains logs for at least 1 year
  }),
  cfn_nag: nameTable({
    W60: 'vpc-flow-logs', // VPC should have a flow log attached
    W86: 'log-group-retention', // CloudWatchLogs LogGroup does not have retention
  }),
  cdk_nag: nameTable({
    'AwsSolutions-VPC7': 'vpc-flow-logs', // The VPC does not have an associated Flow Log
  }),
  tfsec: nameTable({
    'aws-ec2-require-vpc-flow-logs-for-all-vpcs': 'vpc-flow-logs',
  }),
  trivy: nameTable({
    'AVD-AWS-0178': 'vpc-flow-logs', // VPC Flow Logs is a recommended best practice
    // trivy also matches a check's AVD id in lower case and its short code (pkg/iac/scan Results.Ignore).
    'avd-aws-0178': 'vpc-flow-logs',
    'require-vpc-flow-logs-for-all-vpcs': 'vpc-flow-logs',
  }),
});

/** The flowguard rule a peer id stands for, or undefined when we do not honour it. */
export function ruleForPeerId(syntax: string, id: string): string | undefined {
  return PEER_RULE_IDS[syntax]?.[id];
}

/**
 * checkov's skip comment, as checkov searches a line (checkov/common/comment/enum.py): anywhere in the
 * comment, under its old `bridgecrew:` name too, spaces before the id, a reason only right after it
 * (`:reason`), other words ignored. Group 1 is the id, group 2 the reason. checkov reads it in Terraform
 * blocks and in CloudFormation YAML resources alike.
 */
export const CHECKOV_SKIP_COMMENT = /(?:checkov|bridgecrew):skip= *([A-Za-z0-9_]+)(?::(.*))?/;
