/** The real-world corpus (../shared/corpus) and its labels, shared by the corpus tests. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const CORPUS = process.env['FLOWGUARD_CORPUS'] ?? resolve(import.meta.dirname, '../../../shared/corpus');
export const CORPUS_AVAILABLE = existsSync(resolve(CORPUS, 'LABELS.tsv'));

export interface Label {
  unit: string;
  file: string;
  rule: string;
  resource: string;
  verdict: 'pass' | 'fail' | 'unknown';
  reason: string;
}

export function readLabels(): Label[] {
  const lines = readFileSync(resolve(CORPUS, 'LABELS.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [unit, file, rule, resource, verdict, reason] = line.split('\t') as [string, string, string, string, Label['verdict'], string];
    return { unit, file, rule, resource, verdict, reason };
  });
}
