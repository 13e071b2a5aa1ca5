/**
 * tfsec's and trivy's ignore comments, read as trivy reads them (pkg/iac/ignore/parse.go), since both
 * prefixes now go through trivy's parser:
 *
 *   #tfsec:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs
 *   # trivy:ignore:AVD-AWS-0178:exp:2026-06-30 logged by the central account
 *   #trivy:ignore:AVD-AWS-0178:ws:sandbox tfsec:ignore:aws-s3-enable-bucket-logging
 *
 * A comment is split at spaces; every word that starts with `tfsec:` or `trivy:` (after any `#`, `/`,
 * `*`) is one directive, the other words are free text. A directive is `key:value` pairs: `ignore:<id>`
 * (required), `exp:<YYYY-MM-DD>` (in effect before that day, UTC), `ws:<workspace>` (in effect only in
 * that Terraform workspace). trivy matches an id against each of a check's ids, so either prefix takes
 * the tfsec id or the AVD id. An id with parameters (`AVD-AWS-0178[name=x]`) limits the directive to
 * resources whose attributes match; flowguard does not evaluate them, so such a directive is not
 * honoured (the finding stays, the safe side).
 */
import { ruleForPeerId } from '../suppression-ids.js';

export interface PeerIgnore {
  syntax: 'tfsec' | 'trivy';
  /** The id as written (`AVD-AWS-0178`). */
  writtenId: string;
  /** The flowguard rule it stands for. */
  rule: string;
  /** `exp:` as written; whether it is a date is the ledger's to say (src/engine/suppress.ts). */
  expires?: string;
  /** `ws:` as written. */
  workspace?: string;
}

/** Whether a comment may hold a tfsec or trivy directive: most comments are skipped on this test alone. */
export function mayHoldPeerIgnore(text: string): boolean {
  return text.includes('tfsec:') || text.includes('trivy:');
}

/** The directives of one comment that name a check flowguard also makes. */
export function peerIgnores(text: string): PeerIgnore[] {
  const out: PeerIgnore[] = [];
  for (const raw of text.split(/\s+/)) {
    const word = raw.replace(/^[#/*]+/, '');
    const syntax = word.startsWith('tfsec:') ? 'tfsec' : word.startsWith('trivy:') ? 'trivy' : undefined;
    if (!syntax) continue;
    const sections = sectionsOf(word.slice(syntax.length + 1));
    const writtenId = sections.get('ignore');
    // An id with parameters applies to some resources only: not honoured (see above).
    if (!writtenId || writtenId.includes('[')) continue;
    const rule = ruleForPeerId('trivy', writtenId) ?? ruleForPeerId('tfsec', writtenId);
    if (!rule) continue;
    const directive: PeerIgnore = { syntax, writtenId, rule };
    const expires = sections.get('exp');
    if (expires !== undefined) directive.expires = expires;
    const workspace = sections.get('ws');
    if (workspace !== undefined) directive.workspace = workspace;
    out.push(directive);
  }
  return out;
}

/**
 * `ignore:AVD-AWS-0178:exp:2026-06-30` → ignore → AVD-AWS-0178, exp → 2026-06-30. As in trivy, a key
 * written again overrides, an empty `ignore` or `ws` is no value, and an empty `exp` is a date that
 * does not parse.
 */
function sectionsOf(directive: string): Map<string, string> {
  const segments = directive.split(':');
  const sections = new Map<string, string>();
  for (let i = 0; i + 1 < segments.length; i += 2) {
    const key = segments[i]!;
    const value = segments[i + 1]!;
    if (value !== '' || key === 'exp') sections.set(key, value);
  }
  return sections;
}
