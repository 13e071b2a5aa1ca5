import { sha256Hex } from './sha256.js';

/** Fingerprint of a finding: stable across edits that move lines, different per rule/file/resource. */
export function fingerprintOf(ruleId: string, file: string, resourceId: string): string {
  return sha256Hex(`${ruleId}\u0000${file}\u0000${resourceId}`).slice(0, 32);
}
