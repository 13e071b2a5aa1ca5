import { describe, expect, it } from 'vitest';
import { formatCompact } from '../../src/report/compact.js';
import { finding, region, sampleResult, shuffled } from './sample-result.js';

const EXPECTED = [
  'broken/template.yaml:7:5: error: Could not parse broken/template.yaml: bad indentation of a mapping entry. [parse-error]',
  'infra/network/flow-logs.yaml:4:3: error: VPC "SharedVpc" has no flow log that captures rejected traffic. [vpc-flow-logs]',
  'infra/network/vpc.yaml:12:3: error: VPC "AppVpc" has no flow log that captures rejected traffic. [vpc-flow-logs]',
  'infra/network/vpc.yaml:41:7: error: Log group "FlowLogGroup" keeps events 14 days; at least 365 are required. [log-group-retention]',
  'infra/network/vpc.yaml:52:3: error: Role "FlowLogRole" trusts ec2.amazonaws.com, not vpc-flow-logs.amazonaws.com. [role-trust-principal]',
  'infra/network/vpc.yaml:60:9: note: Role "AuditRole" trusts a service without aws:SourceAccount or aws:SourceArn. [role-trust-principal]',
  'terraform/logs.tf:3:1: warning: Flow log "aws_flow_log.app" delivers to CloudWatch Logs without a role. [flow-log-delivery]',
  '',
].join('\n');

describe('formatCompact', () => {
  it('prints one exact line per unsuppressed finding, in order', () => {
    expect(formatCompact(sampleResult())).toBe(EXPECTED);
    expect(formatCompact({ ...sampleResult(), findings: shuffled(sampleResult().findings, 9) })).toBe(EXPECTED);
  });

  it('matches the problem-matcher pattern on every line', () => {
    const pattern = /^(.+):(\d+):(\d+): (error|warning|note): (.*) \[([a-z0-9-]+)\]$/;
    for (const line of formatCompact(sampleResult()).trimEnd().split('\n')) expect(line).toMatch(pattern);
  });

  it('keeps a multi-line message on one line', () => {
    const result = { ...sampleResult(), notifications: [], findings: [finding('vpc-flow-logs', 'a.yaml', region(2, 3, 2, 4), 'first\r\n  second', { resourceId: 'A' })] };
    expect(formatCompact(result)).toBe('a.yaml:2:3: error: first second [vpc-flow-logs]\n');
  });

  it('names the root of a module resource, so one module reached from two roots gives two distinct lines', () => {
    const on = (root: string) => ({ ...finding('vpc-flow-logs', 'modules/vpc/main.tf', region(3, 1, 3, 26), 'VPC `module.vpc.aws_vpc.this` has no flow log.', { resourceId: 'module.vpc.aws_vpc.this' }), logicalFile: root });
    const result = { ...sampleResult(), notifications: [], findings: [on('environments/prod/main.tf'), on('environments/dev/main.tf')] };
    // Their order is the fingerprints' (which differ per root in a real run); the lines are what matter.
    expect(formatCompact(result).trimEnd().split('\n').sort()).toEqual([
      'modules/vpc/main.tf:3:1: error: VPC `module.vpc.aws_vpc.this` has no flow log. (root environments/dev/main.tf) [vpc-flow-logs]',
      'modules/vpc/main.tf:3:1: error: VPC `module.vpc.aws_vpc.this` has no flow log. (root environments/prod/main.tf) [vpc-flow-logs]',
    ]);
  });

  it('adds a file notification no finding reports, and prints nothing for a clean run', () => {
    const result = { ...sampleResult(), findings: [], notifications: [{ level: 'warning' as const, message: 'Skipped: too large.', file: 'big.json' }] };
    expect(formatCompact(result)).toBe('big.json:1:1: warning: Skipped: too large. [flowguard]\n');
    expect(formatCompact({ ...sampleResult(), findings: [], notifications: [] })).toBe('');
  });

  it('does not repeat the path a notification message starts with (SARIF and stderr keep it)', () => {
    const notification = { level: 'error' as const, message: 'modules/net/broken.tf: expected an expression', file: 'modules/net/broken.tf', region: region(2, 16, 3, 1) };
    expect(formatCompact({ ...sampleResult(), findings: [], notifications: [notification] })).toBe('modules/net/broken.tf:2:16: error: expected an expression [flowguard]\n');
  });
});
