import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { formatSarif, helpUriOf, sarifPieces, toSarif, toUriReference } from '../../src/report/sarif.js';
import type { SarifLog } from '../../src/report/sarif.js';
import { validateSarif } from '../helpers/sarif-schema.js';
import { finding, region, RULES, sampleResult, shuffled } from './sample-result.js';

// An empty folder: no rule has a page, so help falls back to fullDescription whatever `rules/` holds.
const noPagesDir = mkdtempSync(join(tmpdir(), 'flowguard-no-pages-'));
const noPages = pathToFileURL(`${noPagesDir}/`);
afterAll(() => rmSync(noPagesDir, { recursive: true, force: true }));

function sarif(result: LintResult = sampleResult(), version = '0.1.0'): SarifLog {
  return toSarif(result, { version }, { rulePages: noPages });
}

describe('toSarif', () => {
  it('is valid against the OASIS SARIF 2.1.0 schema', () => {
    expect(validateSarif(sarif())).toEqual([]);
  });

  it('the schema check catches a broken log (so the test above means something)', () => {
    const log = sarif() as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validateSarif(log).join('\n')).toMatch(/\/runs\/0\/results\/0\/level/);
  });

  it('describes the tool and every rule as GitHub code scanning expects', () => {
    const log = sarif();
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.columnKind).toBe('utf16CodeUnits');
    const driver = run.tool.driver;
    expect(driver).toMatchObject({
      name: 'flowguard',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/flowguard/flowguard',
    });
    expect(driver.rules.map((r) => r.id)).toEqual([
      'flow-log-delivery',
      'log-group-retention',
      'parse-error',
      'role-trust-principal',
      'vpc-flow-logs',
    ]);
    const vpc = driver.rules.find((r) => r.id === 'vpc-flow-logs')!;
    expect(vpc).toEqual({
      id: 'vpc-flow-logs',
      name: 'VpcFlowLogs',
      shortDescription: { text: 'VpcFlowLogs short description.' },
      fullDescription: { text: 'VpcFlowLogs: the full description of vpc-flow-logs.' },
      help: {
        text: 'VpcFlowLogs: the full description of vpc-flow-logs.',
        markdown: 'VpcFlowLogs: the full description of vpc-flow-logs.',
      },
      helpUri: 'https://github.com/flowguard/flowguard/blob/main/rules/vpc-flow-logs.md',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'aws', 'logging'], 'security-severity': '5.0', precision: 'high', 'problem.severity': 'error' },
    });
    const delivery = driver.rules.find((r) => r.id === 'flow-log-delivery')!;
    expect(delivery.defaultConfiguration.level).toBe('warning');
    expect(delivery.properties['problem.severity']).toBe('warning');
    for (const rule of driver.rules) {
      expect(rule.properties.tags).toContain('security');
      expect(typeof rule.properties['security-severity']).toBe('string');
    }
  });

  it('maps a note rule to problem.severity "recommendation" and adds a missing security tag', () => {
    const meta = { ...RULES[0]!, id: 'deputy', defaultLevel: 'note' as const, tags: ['aws'] };
    const rule = sarif({ ...sampleResult(), rules: [meta] }).runs[0]!.tool.driver.rules.find((r) => r.id === 'deputy')!;
    expect(rule.properties['problem.severity']).toBe('recommendation');
    expect(rule.properties.tags).toEqual(['aws', 'security']);
  });

  it('points every ruleIndex at the rule with that id', () => {
    const run = sarif().runs[0]!;
    expect(run.results).toHaveLength(8);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('gives a finding whose rule the engine did not list a descriptor, so its ruleIndex stays valid', () => {
    const result = sampleResult();
    result.findings.push(finding('mystery-rule', 'z.yaml', region(1, 1, 1, 2), 'Something.', { level: 'warning' }));
    const run = sarif(result).runs[0]!;
    const index = run.results.find((r) => r.ruleId === 'mystery-rule')!.ruleIndex;
    expect(run.tool.driver.rules[index]).toMatchObject({ id: 'mystery-rule', name: 'MysteryRule', defaultConfiguration: { level: 'warning' } });
    expect(run.tool.driver.rules[index]!.properties['security-severity']).toBeUndefined();
    expect(validateSarif({ ...sarif(result) })).toEqual([]);
  });

  it('writes each result with its location, resource, related locations and fingerprint', () => {
    const results = sarif().runs[0]!.results;
    const vpc = results.find((r) => r.ruleId === 'vpc-flow-logs' && r.message.text.includes('AppVpc'))!;
    expect(vpc).toEqual({
      ruleId: 'vpc-flow-logs',
      ruleIndex: 4,
      level: 'error',
      // GitHub shows related locations only where the message links to them (sarif-links.test.ts).
      message: {
        text: 'VPC "AppVpc" has no flow log that captures rejected traffic. (see [flow log with TrafficType ACCEPT](1), [flow log behind condition "EnableRejectLogs" (false by default)](2))',
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'infra/network/vpc.yaml' },
            region: { startLine: 12, startColumn: 3, endLine: 12, endColumn: 9 },
          },
          logicalLocations: [{ name: 'AppVpc', fullyQualifiedName: 'infra/network/vpc.yaml#AppVpc', kind: 'resource' }],
        },
      ],
      relatedLocations: [
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: 'infra/network/vpc.yaml' },
            region: { startLine: 30, startColumn: 3, endLine: 30, endColumn: 16 },
          },
          logicalLocations: [{ name: 'AppVpcFlowLog', fullyQualifiedName: 'infra/network/vpc.yaml#AppVpcFlowLog', kind: 'resource' }],
          message: { text: 'flow log with TrafficType ACCEPT' },
        },
        {
          id: 2,
          physicalLocation: {
            artifactLocation: { uri: 'infra/network/flow-logs.yaml' },
            region: { startLine: 18, startColumn: 3, endLine: 18, endColumn: 16 },
          },
          logicalLocations: [
            { name: 'RejectFlowLog', fullyQualifiedName: 'infra/network/flow-logs.yaml#RejectFlowLog', kind: 'resource' },
          ],
          message: { text: 'flow log behind condition "EnableRejectLogs" (false by default)' },
        },
      ],
      partialFingerprints: { 'flowguard/v1': sampleResult().findings[2]!.fingerprint },
    });
    for (const result of results) expect(result.partialFingerprints['flowguard/v1']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('leaves out logicalLocations for a finding without a resource (parse errors)', () => {
    const parse = sarif().runs[0]!.results.find((r) => r.ruleId === 'parse-error')!;
    expect(parse.locations[0]!.logicalLocations).toBeUndefined();
    expect(parse.relatedLocations).toBeUndefined();
  });

  it('keeps suppressed findings, marked with their suppressions', () => {
    const results = sarif().runs[0]!.results;
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]!.suppressions).toEqual([{ kind: 'inSource', justification: 'legacy VPC, decommissioned in Q3' }]);
  });

  it('reports the invocation and its notifications, with a location only when the file is known', () => {
    const invocation = sarif().runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'Could not parse broken/template.yaml: bad indentation of a mapping entry.' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'broken/template.yaml' },
              region: { startLine: 7, startColumn: 5, endLine: 7, endColumn: 6 },
            },
          },
        ],
      },
      { level: 'warning', message: { text: 'Skipped 1 file larger than the 5 MB size limit.' } },
    ]);
    expect(sarif({ ...sampleResult(), executionSuccessful: false }).runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
  });

  it('uses only relative URIs, without uriBaseId, absolute paths or timestamps', () => {
    const text = formatSarif(sampleResult(), { version: '0.1.0' }, { rulePages: noPages });
    const uris = [...text.matchAll(/"uri": "([^"]*)"/g)].map((m) => m[1]!);
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) {
      expect(uri).not.toMatch(/^(\/|\.\/|[A-Za-z]:|file:)/);
      expect(uri).not.toContain('\\');
    }
    expect(text).not.toContain('uriBaseId');
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });

  it('cleans up paths that still carry ./ (or backslashes, on Windows), and encodes what a URI cannot hold', () => {
    const windows = sep === '\\';
    const result: LintResult = {
      ...sampleResult(),
      findings: [
        finding('vpc-flow-logs', './my stacks/vpc#1.yaml', region(1, 1, 1, 4), 'VPC "A" has no flow log.', { resourceId: 'A' }),
        finding('vpc-flow-logs', '.\\win\\vpc.yaml', region(1, 1, 1, 4), 'VPC "B" has no flow log.', { resourceId: 'B' }),
      ],
    };
    const locations = sarif(result).runs[0]!.results.map((r) => r.locations[0]!);
    const [location, backslashed] = ['A', 'B'].map((id) => locations.find((l) => l.logicalLocations![0]!.name === id));
    expect(location!.physicalLocation.artifactLocation.uri).toBe('my%20stacks/vpc%231.yaml');
    expect(location!.logicalLocations![0]!.fullyQualifiedName).toBe('my stacks/vpc#1.yaml#A');
    // Outside Windows a backslash is a character of the file name, kept (and encoded) to name the file.
    expect(backslashed!.physicalLocation.artifactLocation.uri).toBe(windows ? 'win/vpc.yaml' : '.%5Cwin%5Cvpc.yaml');
    expect(toUriReference('c:odd/file.yaml')).toBe('c%3Aodd/file.yaml');
    expect(toUriReference('dir/a:b.yaml')).toBe('dir/a:b.yaml');
    expect(toUriReference('ünïcode/100%.json')).toBe('%C3%BCn%C3%AFcode/100%25.json');
  });

  it('makes every region non-empty and well-ordered', () => {
    const result: LintResult = {
      ...sampleResult(),
      findings: [
        finding('vpc-flow-logs', 'a.yaml', region(3, 5, 3, 5), 'Empty.', { resourceId: 'A' }),
        finding('vpc-flow-logs', 'b.yaml', region(0, 0, 0, 0), 'Zeros.', { resourceId: 'B' }),
        finding('vpc-flow-logs', 'c.yaml', region(9, 4, 2, 1), 'Backwards.', { resourceId: 'C' }),
        finding('vpc-flow-logs', 'd.yaml', region(2, 7, 5, 1), 'Multi-line.', { resourceId: 'D' }),
      ],
    };
    const regions = sarif(result).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.region);
    expect(regions).toEqual([
      { startLine: 3, startColumn: 5, endLine: 3, endColumn: 6 },
      { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
      { startLine: 9, startColumn: 4, endLine: 9, endColumn: 5 },
      { startLine: 2, startColumn: 7, endLine: 5, endColumn: 1 },
    ]);
  });

  it('omits semanticVersion when the version is not SemVer', () => {
    expect(sarif(sampleResult(), 'dev-build').runs[0]!.tool.driver).not.toHaveProperty('semanticVersion');
    expect(sarif(sampleResult(), '1.2.3-rc.1').runs[0]!.tool.driver.semanticVersion).toBe('1.2.3-rc.1');
  });

  it('builds help URIs from the rule id', () => {
    expect(helpUriOf('log-group-retention')).toBe('https://github.com/flowguard/flowguard/blob/main/rules/log-group-retention.md');
  });
});

describe('formatSarif', () => {
  const format = (result: LintResult): string => formatSarif(result, { version: '0.1.0' }, { rulePages: noPages });

  it('is 2-space JSON with a trailing newline', () => {
    const text = format(sampleResult());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "$schema": ')).toBe(true);
    expect(JSON.parse(text)).toEqual(sarif());
  });

  it('is byte-identical for the same input', () => {
    expect(format(sampleResult())).toBe(format(sampleResult()));
  });

  it('is, piece by piece, exactly what JSON.stringify prints of toSarif', () => {
    const empty: LintResult = { findings: [], notifications: [], rules: [], files: [], executionSuccessful: false };
    for (const result of [sampleResult(), empty]) {
      expect(format(result)).toBe(`${JSON.stringify(toSarif(result, { version: '0.1.0' }, { rulePages: noPages }), null, 2)}\n`);
    }
  });

  it('comes in pieces of at most one result, so no report has to be one string', () => {
    const many = Array.from({ length: 300 }, (_, i) => finding('vpc-flow-logs', `stacks/s${i}.yaml`, region(3, 3, 3, 9), `VPC V${i} has no flow log`, { resourceId: `V${i}` }));
    const pieces = [...sarifPieces({ ...sampleResult(), findings: many }, { version: '0.1.0' }, { rulePages: noPages })];
    const results = pieces.filter((piece) => piece.includes('"ruleId"'));
    expect(results).toHaveLength(300);
    for (const piece of results) expect(piece.match(/"ruleId"/g)).toHaveLength(1);
  });

  it('does not depend on the order of findings, rules or notifications', () => {
    const expected = format(sampleResult());
    for (const seed of [1, 7, 42, 1234, 99991]) {
      const base = sampleResult();
      const result: LintResult = {
        ...base,
        findings: shuffled(base.findings, seed),
        rules: shuffled(base.rules, seed + 1),
        notifications: shuffled(base.notifications, seed + 2),
      };
      expect(format(result)).toBe(expected);
    }
  });

  it('puts results in file, line, column order', () => {
    const results = sarif({ ...sampleResult(), findings: shuffled(sampleResult().findings, 3) }).runs[0]!.results;
    const keys = results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region!.startLine}`);
    expect(keys).toEqual([
      'broken/template.yaml:7',
      'infra/network/flow-logs.yaml:4',
      'infra/network/vpc.yaml:12',
      'infra/network/vpc.yaml:41',
      'infra/network/vpc.yaml:52',
      'infra/network/vpc.yaml:60',
      'terraform/logs.tf:3',
      'terraform/main.tf:1',
    ]);
  });

  it('still validates for an empty run', () => {
    const empty: LintResult = { findings: [], notifications: [], rules: [], files: [], executionSuccessful: true };
    const log = JSON.parse(format(empty)) as SarifLog;
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0]!.results).toEqual([]);
  });
});

describe('rule help in SARIF', () => {
  const pagesDir = mkdtempSync(join(tmpdir(), 'flowguard-pages-'));
  afterAll(() => rmSync(pagesDir, { recursive: true, force: true }));
  writeFileSync(
    join(pagesDir, 'vpc-flow-logs.md'),
    '# vpc-flow-logs\n\n## Why is this bad?\n\nWithout **flow logs**, see [EC2.6](https://docs.aws.amazon.com/x).\n',
  );

  it('ships a rule page as help.markdown and its plain-text form as help.text; others fall back', () => {
    const rules = toSarif(sampleResult(), { version: '0.1.0' }, { rulePages: pathToFileURL(`${pagesDir}/`) }).runs[0]!.tool.driver.rules;
    const vpc = rules.find((r) => r.id === 'vpc-flow-logs')!;
    expect(vpc.help.markdown).toBe('# vpc-flow-logs\n\n## Why is this bad?\n\nWithout **flow logs**, see [EC2.6](https://docs.aws.amazon.com/x).\n');
    expect(vpc.help.text).toBe('vpc-flow-logs\n\nWhy is this bad?\n\nWithout flow logs, see EC2.6 (https://docs.aws.amazon.com/x).\n');
    const retention = rules.find((r) => r.id === 'log-group-retention')!;
    expect(retention.help).toEqual({ text: retention.fullDescription.text, markdown: retention.fullDescription.text });
  });
});
