import { createHash } from 'node:crypto';

/** Fingerprint of a finding: stable across edits that move lines, different per rule/file/resource. */
export function fingerprintOf(ruleId: string, file: string, resourceId: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${file}\u0000${resourceId}`).digest('hex').slice(0, 32);
}
