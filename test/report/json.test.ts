import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatJson, jsonPieces, toJson } from '../../src/report/json.js';
import type { JsonFinding } from '../../src/report/json.js';
import { finding, region, sampleResult, shuffled } from './sample-result.js';

const parse = (text: string): JsonFinding[] => JSON.parse(text) as JsonFinding[];

describe('formatJson', () => {
  it('is a pretty-printed array with a trailing newline, one entry per finding, suppressed ones included', () => {
    const text = formatJson(sampleResult());
    expect(text.startsWith('[\n  {\n    "ruleId": ')).toBe(true);
    expect(text.endsWith(']\n')).toBe(true);
    const findings = parse(text);
    expect(findings).toHaveLength(8);
    expect(findings.filter((f) => f.suppressed).map((f) => f.resourceId)).toEqual(['aws_vpc.legacy']);
  });

  it('spells out each finding with the same keys every time', () => {
    const findings = parse(formatJson(sampleResult()));
    const vpc = findings.find((f) => f.resourceId === 'AppVpc')!;
    expect(vpc).toEqual({
      ruleId: 'vpc-flow-logs',
      level: 'error',
      message: 'VPC "AppVpc" has no flow log that captures rejected traffic.',
      file: 'infra/network/vpc.yaml',
      startLine: 12,
      startColumn: 3,
      endLine: 12,
      endColumn: 9,
      resourceId: 'AppVpc',
      related: [
        {
          file: 'infra/network/vpc.yaml',
          startLine: 30,
          startColumn: 3,
          endLine: 30,
          endColumn: 16,
          message: 'flow log with TrafficType ACCEPT',
          resourceId: 'AppVpcFlowLog',
        },
        {
          file: 'infra/network/flow-logs.yaml',
          startLine: 18,
          startColumn: 3,
          endLine: 18,
          endColumn: 16,
          message: 'flow log behind condition "EnableRejectLogs" (false by default)',
          resourceId: 'RejectFlowLog',
        },
      ],
      fingerprint: sampleResult().findings[2]!.fingerprint,
      suppressed: false,
      suppressions: [],
    });
    const keys = Object.keys(vpc);
    for (const f of findings) expect(Object.keys(f)).toEqual(keys);
    const parseError = findings.find((f) => f.ruleId === 'parse-error')!;
    expect(parseError.resourceId).toBeNull();
    expect(parseError.related).toEqual([]);
    expect(findings.find((f) => f.suppressed)!.suppressions).toEqual([
      { kind: 'inSource', justification: 'legacy VPC, decommissioned in Q3' },
    ]);
  });

  it('is deterministic and independent of input order', () => {
    const expected = formatJson(sampleResult());
    expect(formatJson(sampleResult())).toBe(expected);
    expect(formatJson({ ...sampleResult(), findings: shuffled(sampleResult().findings, 11) })).toBe(expected);
  });

  it('normalises paths and regions like the other formats', () => {
    const [f] = parse(
      formatJson({ ...sampleResult(), findings: [finding('vpc-flow-logs', './a\\b.yaml', region(4, 2, 4, 2), 'x', { resourceId: 'A' })] }),
    );
    // A backslash separates folders only on Windows; elsewhere `a\b.yaml` is one file's name.
    expect(f).toMatchObject({ file: sep === '\\' ? 'a/b.yaml' : 'a\\b.yaml', startLine: 4, startColumn: 2, endLine: 4, endColumn: 3 });
  });

  it('is, piece by piece, exactly what JSON.stringify prints of toJson, one finding a piece', () => {
    expect(formatJson(sampleResult())).toBe(`${JSON.stringify(toJson(sampleResult()), null, 2)}\n`);
    const pieces = [...jsonPieces(sampleResult())].filter((piece) => piece.includes('"ruleId"'));
    expect(pieces).toHaveLength(sampleResult().findings.length);
  });

  it('prints an empty array for a clean run', () => {
    expect(formatJson({ ...sampleResult(), findings: [] })).toBe('[]\n');
  });
});
