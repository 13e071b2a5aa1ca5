import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { formatSummary, formatText } from '../../src/report/text.js';
import { finding, region, sampleResult, shuffled } from './sample-result.js';

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

const EXPECTED = `broken/template.yaml
  7:5  error  Could not parse broken/template.yaml: bad indentation of a mapping entry.  parse-error

infra/network/flow-logs.yaml
  4:3  error  VPC "SharedVpc" has no flow log that captures rejected traffic.  vpc-flow-logs

infra/network/vpc.yaml
  12:3  error  VPC "AppVpc" has no flow log that captures rejected traffic. (+2 related)               vpc-flow-logs
  41:7  error  Log group "FlowLogGroup" keeps events 14 days; at least 365 are required. (+1 related)  log-group-retention
  52:3  error  Role "FlowLogRole" trusts ec2.amazonaws.com, not vpc-flow-logs.amazonaws.com.           role-trust-principal
  60:9  note   Role "AuditRole" trusts a service without aws:SourceAccount or aws:SourceArn.           role-trust-principal

terraform/logs.tf
  3:1  warning  Flow log "aws_flow_log.app" delivers to CloudWatch Logs without a role.  flow-log-delivery

flowguard
  warning  Skipped 1 file larger than the 5 MB size limit.

✖ 7 problems (5 errors, 1 warning, 1 note), 1 suppressed
`;

const empty: LintResult = { findings: [], notifications: [], rules: [], files: ['a.yaml', 'b.tf', 'c.json'], executionSuccessful: true };

describe('formatText', () => {
  it('groups by file with aligned columns and a summary, without colour', () => {
    const text = formatText(sampleResult(), { color: false });
    expect(text).toBe(EXPECTED);
    expect(text).not.toContain('\x1b');
  });

  it('leaves out suppressed findings and the parse-error notification a finding already reports', () => {
    const text = formatText(sampleResult(), { color: false });
    expect(text).not.toContain('aws_vpc.legacy');
    expect(text).not.toContain('terraform/main.tf');
    expect(text.match(/bad indentation/g)).toHaveLength(1);
  });

  it('colours the same text when asked', () => {
    const text = formatText(sampleResult(), { color: true });
    expect(text).toContain('\x1b[4minfra/network/vpc.yaml\x1b[24m');
    expect(text).toContain('\x1b[31merror\x1b[39m');
    expect(text).toContain('\x1b[33mwarning\x1b[39m');
    expect(text).toContain('\x1b[36mnote \x1b[39m');
    expect(text).toContain('\x1b[1m\x1b[31m✖ 7 problems');
    expect(stripAnsi(text)).toBe(EXPECTED);
  });

  it('says so when there is nothing to report, counting suppressed findings', () => {
    expect(formatText(empty, { color: false })).toBe('✔ no problems in 3 files\n');
    expect(formatText({ ...empty, files: ['a.yaml'] }, { color: false })).toBe('✔ no problems in 1 file\n');
    const onlySuppressed = { ...empty, findings: sampleResult().findings.filter((f) => f.suppressions) };
    expect(formatText(onlySuppressed, { color: false })).toBe('✔ no problems in 3 files (1 suppressed)\n');
    expect(formatText(empty, { color: true })).toBe('\x1b[1m\x1b[32m✔ no problems in 3 files\x1b[39m\x1b[22m\n');
  });

  it('does not count "0 files" when none was linted (every named path ignored)', () => {
    expect(formatText({ ...empty, files: [] }, { color: false })).toBe('✔ nothing to lint\n');
  });

  it('uses singular words and the colour of the worst level in the summary', () => {
    const one = { ...empty, findings: [finding('flow-log-delivery', 'a.tf', region(1, 1, 1, 2), 'No role.', { level: 'warning', resourceId: 'x' })] };
    expect(formatText(one, { color: false })).toMatch(/\n✖ 1 problem \(0 errors, 1 warning, 0 notes\)\n$/);
    expect(formatText(one, { color: true })).toContain('\x1b[1m\x1b[33m✖ 1 problem');
  });

  it('does not depend on the order of findings', () => {
    const base = sampleResult();
    const result = { ...base, findings: shuffled(base.findings, 5), notifications: shuffled(base.notifications, 6) };
    expect(formatText(result, { color: false })).toBe(EXPECTED);
  });

  it('prints paths relative to cwd, given relative to the root or absolute with the root', () => {
    const text = formatText(sampleResult(), { color: false, cwd: 'infra' });
    expect(text).toContain('\nnetwork/vpc.yaml\n');
    expect(text).toContain('\n../terraform/logs.tf\n');
    const absolute = formatText(sampleResult(), { color: false, cwd: '/repo/infra/network', root: '/repo' });
    expect(absolute).toContain('\nvpc.yaml\n');
    expect(absolute.startsWith('../../broken/template.yaml\n')).toBe(true);
    // An absolute cwd without a root cannot be related to repository paths: leave them as they are.
    expect(formatText(sampleResult(), { color: false, cwd: '/elsewhere' })).toBe(EXPECTED);
  });

  it('lists a notification about a file without a finding under that file', () => {
    const result: LintResult = {
      ...empty,
      notifications: [{ level: 'warning', message: 'Skipped: larger than 5 MB.', file: 'big.json' }],
    };
    expect(formatText(result, { color: false })).toBe('big.json\n  warning  Skipped: larger than 5 MB.\n\n✔ no problems in 3 files\n');
  });

  it('says the run failed instead of ticking it off when a named path could not be read', () => {
    const missing = { level: 'error' as const, message: 'cannot read /work/typo.yaml: no such file or directory', file: 'typo.yaml' };
    const nothing: LintResult = { ...empty, files: [], notifications: [missing], executionSuccessful: false };
    expect(formatText(nothing, { color: false })).toBe('typo.yaml\n  error  cannot read /work/typo.yaml: no such file or directory\n\n✖ the run failed (see above): nothing linted\n');
    const some: LintResult = { ...empty, files: ['a.yaml'], notifications: [missing], executionSuccessful: false };
    expect(formatText(some, { color: false })).toMatch(/\n✖ the run failed \(see above\): no problems in the 1 file linted\n$/);
  });

  it('does not repeat, under the file, the path a notification message starts with', () => {
    const result: LintResult = { ...empty, notifications: [{ level: 'error', message: 'b.tf: expected an expression', file: 'b.tf', region: region(2, 16, 3, 1) }] };
    expect(formatText(result, { color: false })).toBe('b.tf\n  2:16  error  expected an expression\n\n✔ no problems in 3 files\n');
  });

  it('keeps every finding on one line and neutralises control characters from the input', () => {
    const evil = finding('vpc-flow-logs', 'a\x1b[2J.yaml', region(1, 1, 1, 2), 'VPC "\x1b]0;pwned\x07X"\nhas\tno flow log.', { resourceId: 'X' });
    const text = formatText({ ...empty, findings: [evil] }, { color: false });
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('\x07');
    expect(text).toContain('a\\x1b[2J.yaml\n');
    expect(text).toContain('VPC "\\x1b]0;pwned\\x07X" has no flow log.');
  });

  // Found by fuzzing: a template naming an undeclared resource with a 200,000-character name (the
  // message quotes it) took minutes to print, as Intl.Segmenter is quadratic in Node 20, and padded
  // every other row of the file with as many spaces.
  it('prints a message that quotes a huge non-ASCII value at once, without padding the other rows to it', { timeout: 5_000 }, () => {
    const huge = finding('flow-log-delivery', 'a.yaml', region(3, 1, 3, 2), `Flow log \`F\` names \`${'x'.repeat(60_000)}é\`, which is not declared`, { resourceId: 'F' });
    const short = finding('vpc-flow-logs', 'a.yaml', region(1, 1, 1, 2), 'VPC `Vpc` has no flow log.', { resourceId: 'Vpc' });
    const lines = formatText({ ...empty, findings: [huge, short] }, { color: false }).split('\n');
    expect(lines[1]).toBe('  1:1  error  VPC `Vpc` has no flow log.  vpc-flow-logs');
    expect(lines[2]).toMatch(/^ {2}3:1 {2}error {2}Flow log `F` names `x+é`, which is not declared {2}flow-log-delivery$/);
  });

  it('gives the summary line alone for --output runs', () => {
    expect(formatSummary(sampleResult(), { color: false })).toBe('✖ 7 problems (5 errors, 1 warning, 1 note), 1 suppressed');
    expect(formatSummary(empty, { color: false })).toBe('✔ no problems in 3 files');
    expect(stripAnsi(formatSummary(sampleResult(), { color: true }))).toBe(formatSummary(sampleResult(), { color: false }));
  });
});
