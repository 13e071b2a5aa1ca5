/**
 * A hand-built run that exercises every reporter path: several files, a CloudFormation VPC finding
 * with related flow-log locations in two files, a log-group finding, a note, a suppressed Terraform
 * finding, and a parse error mirrored by a tool notification (plus one run-level notification).
 */
import { fingerprintOf } from '../../src/core/hash.js';
import type { Finding, RelatedLocation, Suppression } from '../../src/core/finding.js';
import type { LintResult } from '../../src/core/result.js';
import type { RuleMeta } from '../../src/core/rule.js';
import type { Region } from '../../src/core/source.js';

export function rule(id: string, name: string, defaultLevel: RuleMeta['defaultLevel'], securitySeverity: string): RuleMeta {
  return {
    id,
    name,
    shortDescription: `${name} short description.`,
    fullDescription: `${name}: the full description of ${id}.`,
    defaultLevel,
    securitySeverity,
    tags: ['security', 'aws', 'logging'],
    messages: {},
    options: {},
  };
}

export const RULES: RuleMeta[] = [
  rule('vpc-flow-logs', 'VpcFlowLogs', 'error', '5.0'),
  rule('log-group-retention', 'LogGroupRetention', 'error', '4.0'),
  rule('role-trust-principal', 'RoleTrustPrincipal', 'error', '7.5'),
  rule('flow-log-delivery', 'FlowLogDelivery', 'warning', '3.0'),
  rule('parse-error', 'ParseError', 'error', '1.0'),
];

export function region(startLine: number, startColumn: number, endLine: number, endColumn: number): Region {
  return { startLine, startColumn, endLine, endColumn };
}

export function finding(
  ruleId: string,
  file: string,
  at: Region,
  message: string,
  extra: { level?: Finding['level']; resourceId?: string; related?: RelatedLocation[]; suppressions?: Suppression[] } = {},
): Finding {
  const out: Finding = {
    ruleId,
    level: extra.level ?? 'error',
    message,
    file,
    region: at,
    related: extra.related ?? [],
    fingerprint: fingerprintOf(ruleId, file, extra.resourceId ?? ''),
  };
  if (extra.resourceId !== undefined) out.resourceId = extra.resourceId;
  if (extra.suppressions !== undefined) out.suppressions = extra.suppressions;
  return out;
}

const VPC = 'infra/network/vpc.yaml';
const FLOW_LOGS = 'infra/network/flow-logs.yaml';
const TF_MAIN = 'terraform/main.tf';
const TF_LOGS = 'terraform/logs.tf';
const BROKEN = 'broken/template.yaml';

/** Findings in the engine's order (file, line, column, rule, resource). */
export function sampleFindings(): Finding[] {
  return [
    finding('parse-error', BROKEN, region(7, 5, 7, 6), 'Could not parse broken/template.yaml: bad indentation of a mapping entry.'),
    finding('vpc-flow-logs', FLOW_LOGS, region(4, 3, 4, 11), 'VPC "SharedVpc" has no flow log that captures rejected traffic.', {
      resourceId: 'SharedVpc',
    }),
    finding('vpc-flow-logs', VPC, region(12, 3, 12, 9), 'VPC "AppVpc" has no flow log that captures rejected traffic.', {
      resourceId: 'AppVpc',
      related: [
        { file: VPC, region: region(30, 3, 30, 16), message: 'flow log with TrafficType ACCEPT', resourceId: 'AppVpcFlowLog' },
        {
          file: FLOW_LOGS,
          region: region(18, 3, 18, 16),
          message: 'flow log behind condition "EnableRejectLogs" (false by default)',
          resourceId: 'RejectFlowLog',
        },
      ],
    }),
    finding('log-group-retention', VPC, region(41, 7, 41, 22), 'Log group "FlowLogGroup" keeps events 14 days; at least 365 are required.', {
      resourceId: 'FlowLogGroup',
      related: [{ file: VPC, region: region(5, 5, 5, 16), message: 'parameter "RetentionDays" default 14' }],
    }),
    finding('role-trust-principal', VPC, region(52, 3, 52, 14), 'Role "FlowLogRole" trusts ec2.amazonaws.com, not vpc-flow-logs.amazonaws.com.', {
      resourceId: 'FlowLogRole',
    }),
    finding('role-trust-principal', VPC, region(60, 9, 61, 4), 'Role "AuditRole" trusts a service without aws:SourceAccount or aws:SourceArn.', {
      level: 'note',
      resourceId: 'AuditRole',
    }),
    finding('flow-log-delivery', TF_LOGS, region(3, 1, 9, 2), 'Flow log "aws_flow_log.app" delivers to CloudWatch Logs without a role.', {
      level: 'warning',
      resourceId: 'aws_flow_log.app',
    }),
    finding('vpc-flow-logs', TF_MAIN, region(1, 1, 4, 2), 'VPC "aws_vpc.legacy" has no flow log that captures rejected traffic.', {
      resourceId: 'aws_vpc.legacy',
      suppressions: [{ kind: 'inSource', justification: 'legacy VPC, decommissioned in Q3' }],
    }),
  ];
}

export function sampleResult(): LintResult {
  return {
    findings: sampleFindings(),
    notifications: [
      { level: 'error', message: 'Could not parse broken/template.yaml: bad indentation of a mapping entry.', file: BROKEN, region: region(7, 5, 7, 6) },
      { level: 'warning', message: 'Skipped 1 file larger than the 5 MB size limit.' },
    ],
    rules: RULES,
    files: [BROKEN, FLOW_LOGS, VPC, TF_LOGS, TF_MAIN],
    executionSuccessful: true,
  };
}

/** Deterministic shuffle (a fixed LCG), so a failing order can be reproduced. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
