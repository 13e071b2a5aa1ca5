import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { finding, region, sampleResult } from './sample-result.js';

describe('formatGithub', () => {
  it('prints one workflow command per unsuppressed finding, then run-level notifications', () => {
    expect(formatGithub(sampleResult()).split('\n')).toEqual([
      '::error file=broken/template.yaml,line=7,col=5,endLine=7,endColumn=6,title=flowguard parse-error::Could not parse broken/template.yaml: bad indentation of a mapping entry.',
      '::error file=infra/network/flow-logs.yaml,line=4,col=3,endLine=4,endColumn=11,title=flowguard vpc-flow-logs::VPC "SharedVpc" has no flow log that captures rejected traffic.',
      '::error file=infra/network/vpc.yaml,line=12,col=3,endLine=12,endColumn=9,title=flowguard vpc-flow-logs::VPC "AppVpc" has no flow log that captures rejected traffic.',
      '::error file=infra/network/vpc.yaml,line=41,col=7,endLine=41,endColumn=22,title=flowguard log-group-retention::Log group "FlowLogGroup" keeps events 14 days; at least 365 are required.',
      '::error file=infra/network/vpc.yaml,line=52,col=3,endLine=52,endColumn=14,title=flowguard role-trust-principal::Role "FlowLogRole" trusts ec2.amazonaws.com, not vpc-flow-logs.amazonaws.com.',
      // Multi-line regions: GitHub rejects col/endColumn unless line === endLine.
      '::notice file=infra/network/vpc.yaml,line=60,endLine=61,title=flowguard role-trust-principal::Role "AuditRole" trusts a service without aws:SourceAccount or aws:SourceArn.',
      '::warning file=terraform/logs.tf,line=3,endLine=9,title=flowguard flow-log-delivery::Flow log "aws_flow_log.app" delivers to CloudWatch Logs without a role.',
      '::warning title=flowguard::Skipped 1 file larger than the 5 MB size limit.',
      '',
    ]);
  });

  it('escapes data and properties the way @actions/core does', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('dir,x/a:b%.yaml\n')).toBe('dir%2Cx/a%3Ab%25.yaml%0A');
    const result = {
      ...sampleResult(),
      notifications: [],
      findings: [finding('vpc-flow-logs', 'odd,dir/a:b.yaml', region(1, 2, 1, 5), 'VPC "A" is 50% covered\n::error::injected', { resourceId: 'A' })],
    };
    expect(formatGithub(result)).toBe(
      '::error file=odd%2Cdir/a%3Ab.yaml,line=1,col=2,endLine=1,endColumn=5,title=flowguard vpc-flow-logs::VPC "A" is 50%25 covered%0A::error::injected\n',
    );
  });

  it('names the root of a module resource, so one module reached from two roots gives two distinct annotations', () => {
    const on = (root: string) => ({ ...finding('vpc-flow-logs', 'modules/vpc/main.tf', region(3, 1, 3, 26), 'VPC `module.vpc.aws_vpc.this` has no flow log.', { resourceId: 'module.vpc.aws_vpc.this' }), logicalFile: root });
    const result = { ...sampleResult(), notifications: [], findings: [on('environments/prod/main.tf'), on('environments/dev/main.tf')] };
    expect(formatGithub(result).trimEnd().split('\n').sort()).toEqual([
      '::error file=modules/vpc/main.tf,line=3,col=1,endLine=3,endColumn=26,title=flowguard vpc-flow-logs::VPC `module.vpc.aws_vpc.this` has no flow log. (root environments/dev/main.tf)',
      '::error file=modules/vpc/main.tf,line=3,col=1,endLine=3,endColumn=26,title=flowguard vpc-flow-logs::VPC `module.vpc.aws_vpc.this` has no flow log. (root environments/prod/main.tf)',
    ]);
  });

  it('prints nothing for a clean run', () => {
    expect(formatGithub({ ...sampleResult(), findings: [], notifications: [] })).toBe('');
  });
});
