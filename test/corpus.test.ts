/**
 * The real-world corpus (../shared/corpus, with LABELS.tsv) as a test: each unit folder is linted as
 * one run, every labelled `fail` must be reported at error level on that resource, every `pass` must
 * not be reported (notes such as the confused-deputy hint are allowed), and an `unknown` must never
 * become a definite error.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import type { Finding } from '../src/core/finding.js';
import { CORPUS, CORPUS_AVAILABLE, readLabels, type Label } from './helpers/corpus.js';

/** Instance addresses (`module.vpc.aws_vpc.this[0]`) match the label's address without index. */
function sameResource(finding: Finding, label: Label): boolean {
  const file = finding.logicalFile ?? finding.file;
  return file === label.file && finding.ruleId === label.rule && finding.resourceId?.replace(/\[[^\]]*\]/g, '') === label.resource;
}

const available = CORPUS_AVAILABLE;
if (!available && process.env['CI']) throw new Error(`corpus not found at ${CORPUS}; CI must have ../shared/corpus`);

describe.runIf(available)('real-world corpus', () => {
  const labels = available ? readLabels() : [];
  const units = [...new Set(labels.map((l) => l.unit))].sort();
  const results = new Map<string, Promise<Finding[]>>();
  const findingsOf = (unit: string) => {
    if (!results.has(unit)) results.set(unit, lint([], { cwd: resolve(CORPUS, unit) }).then((r) => r.findings));
    return results.get(unit)!;
  };

  it('has CloudFormation, Terraform source and plan labels to check', () => {
    expect(labels.filter((l) => /\.(ya?ml|template\.json)$/.test(l.file) || l.unit === 'aws-solutions-constructs').length).toBeGreaterThan(60);
    expect(labels.filter((l) => l.file.endsWith('.tf')).length).toBeGreaterThan(15);
    expect(labels.filter((l) => /plan.*\.json$/.test(l.file)).length).toBeGreaterThan(3);
  });

  for (const unit of units) {
    describe(unit, () => {
      it('reports no parse errors on the labelled files', async () => {
        const findings = await findingsOf(unit);
        expect(findings.filter((f) => f.ruleId === 'parse-error').map((f) => `${f.file}: ${f.message}`)).toEqual([]);
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
