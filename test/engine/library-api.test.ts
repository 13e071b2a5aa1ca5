/**
 * The library API as SPEC §7 writes it: `lint(paths | documents, options) → findings`, `toSarif(findings)`.
 * `lint` returns a `LintResult` (its `findings` and what SARIF needs besides); `toSarif` takes either.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, toSarif, type LintResult } from '../../src/index.js';
import type { SarifLog } from '../../src/report/sarif.js';
import { validateSarif } from '../helpers/sarif-schema.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/cloudformation');
const document = (name: string) => ({ path: `examples/cloudformation/${name}`, text: readFileSync(join(EXAMPLES, name), 'utf8') });

async function linted(): Promise<LintResult> {
  return lint({ documents: [document('network.yaml'), document('shared-vpc.yaml'), document('shared-vpc-flow-logs.yaml')] });
}

describe('toSarif', () => {
  it('takes a lint result, or only its findings, and gives the same results', async () => {
    const result = await linted();
    expect(result.findings.length).toBeGreaterThan(2);
    const whole = (await toSarif(result)) as SarifLog;
    const fromFindings = (await toSarif(result.findings)) as SarifLog;
    expect(validateSarif(fromFindings)).toEqual([]);
    // The rule lists differ (all enabled rules, or the ones named), so the indexes may too.
    const withoutIndex = (log: SarifLog) => log.runs[0]!.results.map(({ ruleIndex: _, ...rest }) => rest);
    expect(withoutIndex(fromFindings)).toEqual(withoutIndex(whole));
    const { rules } = fromFindings.runs[0]!.tool.driver;
    for (const result of fromFindings.runs[0]!.results) expect(rules![result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('describes exactly the rules the given findings name, with matching rule indexes', async () => {
    const retention = (await linted()).findings.filter((finding) => finding.ruleId === 'log-group-retention');
    expect(retention.length).toBeGreaterThan(0);
    const log = (await toSarif(retention)) as SarifLog;
    expect(validateSarif(log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules!.map((rule) => rule.id)).toEqual(['log-group-retention']);
    expect(run.results.map((result) => [result.ruleId, result.ruleIndex])).toEqual(retention.map(() => ['log-group-retention', 0]));
    expect(run.invocations![0]!.executionSuccessful).toBe(true);
  });

  it('gives a valid empty log for no findings', async () => {
    const log = (await toSarif([])) as SarifLog;
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0]!.results).toEqual([]);
  });
});
