/**
 * The real-world corpus (../shared/corpus, with LABELS.tsv) as a test: each unit folder is linted as
 * one run, every labelled `fail` must be reported at error level on that resource, every `pass` must
 * not be reported (notes such as the confused-deputy hint are allowed), and an `unknown` must never
 * become a definite error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import type { Finding } from '../src/core/finding.js';

const CORPUS = process.env['FLOWGUARD_CORPUS'] ?? resolve(import.meta.dirname, '../../shared/corpus');
/** Units and files that are Terraform: their labels belong to the Terraform milestone (issue 3). */
const TERRAFORM_UNITS = new Set(['terraform-aws-modules-vpc', 'aws-ia-terraform-aws-vpc', 'checkov', 'terraform-json']);

interface Label {
  unit: string;
  file: string;
  rule: string;
  resource: string;
  verdict: 'pass' | 'fail' | 'unknown';
  reason: string;
}

function readLabels(): Label[] {
  const lines = readFileSync(resolve(CORPUS, 'LABELS.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [unit, file, rule, resource, verdict, reason] = line.split('\t') as [string, string, string, string, Label['verdict'], string];
    return { unit, file, rule, resource, verdict, reason };
  });
}

/** Instance addresses (`module.vpc.aws_vpc.this[0]`) match the label's address without index. */
function sameResource(finding: Finding, label: Label): boolean {
  return finding.file === label.file && finding.ruleId === label.rule && finding.resourceId?.replace(/\[[^\]]*\]/g, '') === label.resource;
}

const available = existsSync(resolve(CORPUS, 'LABELS.tsv'));
if (!available && process.env['CI']) throw new Error(`corpus not found at ${CORPUS}; CI must have ../shared/corpus`);

describe.runIf(available)('real-world corpus (CloudFormation labels)', () => {
  const labels = available ? readLabels().filter((l) => !TERRAFORM_UNITS.has(l.unit) && !l.file.endsWith('.tf')) : [];
  const units = [...new Set(labels.map((l) => l.unit))].sort();
  const results = new Map<string, Promise<Finding[]>>();
  const findingsOf = (unit: string) => {
    if (!results.has(unit)) results.set(unit, lint([], { cwd: resolve(CORPUS, unit) }).then((r) => r.findings));
    return results.get(unit)!;
  };

  it('has CloudFormation labels to check', () => {
    expect(labels.length).toBeGreaterThan(60);
  });

  for (const unit of units) {
    describe(unit, () => {
      it('reports no parse errors on the labelled files', async () => {
        const findings = await findingsOf(unit);
        const labelled = new Set(labels.filter((l) => l.unit === unit).map((l) => l.file));
        expect(findings.filter((f) => f.ruleId === 'parse-error' && labelled.has(f.file)).map((f) => `${f.file}: ${f.message}`)).toEqual([]);
      });
      for (const label of labels.filter((l) => l.unit === unit)) {
        it(`${label.verdict}: ${label.rule} ${label.resource} in ${label.file}`, async () => {
          const matching = (await findingsOf(unit)).filter((f) => sameResource(f, label));
          const errors = matching.filter((f) => f.level === 'error');
          const blocking = matching.filter((f) => f.level !== 'note');
          if (label.verdict === 'fail') expect(errors.map((f) => f.message), label.reason).not.toEqual([]);
          else if (label.verdict === 'pass') expect(blocking.map((f) => f.message), label.reason).toEqual([]);
          else expect(errors.map((f) => f.message), label.reason).toEqual([]);
        });
      }
    });
  }
});
