import { createRequire } from 'node:module';

// Loaded on the first fingerprint, not with this module: loading node:crypto costs about 3 ms, and a
// run without findings (a clean pre-commit run) needs no hash at all.
const load = createRequire(import.meta.url);
let createHash: typeof import('node:crypto').createHash | undefined;

/** Fingerprint of a finding: stable across edits that move lines, different per rule/file/resource. */
export function fingerprintOf(ruleId: string, file: string, resourceId: string): string {
  createHash ??= (load('node:crypto') as typeof import('node:crypto')).createHash;
  // The first 16 bytes in hex, made as such: `digest('hex').slice(0, 32)` kept all 64 characters
  // behind a slice of them, twice the memory for each finding a run holds until it is reported.
  return createHash('sha256').update(`${ruleId}\u0000${file}\u0000${resourceId}`).digest().toString('hex', 0, 16);
}
