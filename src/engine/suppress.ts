/**
 * In-source suppressions: a finding on a resource whose source says "ignore this rule here" stays in
 * the output, marked suppressed (SARIF `suppressions`), and does not count for the exit code. Our own
 * directives that suppress nothing, and directives without a reason, are reported as notes.
 */
import type { RuleFinding, Suppression } from '../core/finding.js';
import type { ResourceGraph, SuppressionDirective } from '../graph/model.js';
import { didYouMean } from '../core/suggest.js';


/** What a run says about when a tfsec or trivy directive is in effect: against its `exp:` and `ws:` (SuppressionDirective). */
export interface SuppressionScope {
  /** The run's time; a directive expires at the start (UTC) of its `exp:` day, as in trivy. */
  now: Date;
  /** The workspace `.tf` source is evaluated in (`LintOptions.terraformWorkspace`). */
  workspace: string;
}

export class SuppressionLedger {
  private readonly used = new Set<SuppressionDirective>();
  /** Directives that name a finding's rule but are out of time: the finding stays, and a note says why. */
  private readonly lapsed = new Set<SuppressionDirective>();

  constructor(
    private readonly graph: ResourceGraph,
    private readonly scope: SuppressionScope,
  ) {}

  /** The suppressions that apply to a rule's finding (empty when none). */
  apply(ruleId: string, finding: RuleFinding): Suppression[] {
    if (!finding.resourceUid) return [];
    const directives = this.graph.nodes.get(finding.resourceUid)?.suppressions ?? [];
    const matching = directives.filter((d) => d.rule === ruleId && this.inWorkspace(d) && this.inTime(d));
    for (const directive of directives) if (directive.rule === ruleId && this.inWorkspace(directive) && !this.inTime(directive)) this.lapsed.add(directive);
    for (const directive of matching) this.used.add(directive);
    // The same directive written twice is one suppression (SARIF requires unique items).
    const justifications = new Set(matching.map((d) => d.reason || `suppressed with ${describe(d)} (no reason given)`));
    return [...justifications].map((justification) => ({ kind: 'inSource', justification }));
  }

  /**
   * Notes about the directives themselves, for rules that ran (`enabled`); `known` is every rule id.
   * A directive counts once per place it is written: the instances of a `count`/`for_each` block, or
   * of a module called twice, each carry the comment above the block, and it is used if any of them
   * used it.
   */
  hygiene(enabled: ReadonlySet<string>, known: readonly string[]): RuleFinding[] {
    const notes: RuleFinding[] = [];
    const seen = new Set<string>();
    const usedAt = new Set([...this.used].map(writtenAt));
    const note = (finding: RuleFinding, directive: SuppressionDirective) => {
      // A directive written twice on one resource, or one comment over many instances: one note. A
      // module call's comment that a resource inherits is apart from the resource's own.
      const identities = [`${finding.resourceUid}|${directive.owner ?? ''}|${finding.key}`, `${writtenAt(directive)}|${finding.messageId}`];
      if (!identities.some((identity) => seen.has(identity))) notes.push(finding);
      for (const identity of identities) seen.add(identity);
    };
    for (const node of this.graph.nodes.values()) {
      for (const directive of node.suppressions ?? []) {
        const about = directive.owner ?? node.id;
        const data = { rule: directive.rule, resource: `\`${about}\`` };
        const base = { resourceId: about, resourceUid: node.uid, span: directive.span, ...(node.logicalFile ? { logicalFile: node.logicalFile } : {}) };
        // Peers' directives may exist for the peer's sake: never call them unused or unexplained.
        if (directive.syntax !== 'flowguard') continue;
        if (!known.includes(directive.rule)) {
          note({ ...base, messageId: 'unknownRule', key: `unknown:${directive.rule}`, data: { ...data, hint: didYouMean(directive.rule, known) } }, directive);
          continue;
        }
        if (!directive.reason) note({ ...base, messageId: 'noReason', key: `reason:${directive.rule}`, data }, directive);
        if (enabled.has(directive.rule) && !usedAt.has(writtenAt(directive))) note({ ...base, messageId: 'unused', key: `unused:${directive.rule}`, data }, directive);
      }
    }
    return [...notes, ...this.lapsedNotes(), ...this.inertNotes()];
  }

  private inWorkspace(directive: SuppressionDirective): boolean {
    return directive.workspace === undefined || directive.workspace === this.scope.workspace;
  }

  private inTime(directive: SuppressionDirective): boolean {
    if (directive.expires === undefined) return true;
    const day = expiryDay(directive.expires);
    return day !== undefined && this.scope.now.getTime() < day;
  }

  /**
   * A tfsec or trivy directive out of time, on a finding it would otherwise suppress: the finding is
   * reported, as those tools report it, and this note says why (an expiry date is easily forgotten;
   * one that is no date never worked). One note per place written.
   */
  private lapsedNotes(): RuleFinding[] {
    const notes: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const node of this.graph.nodes.values()) {
      for (const directive of node.suppressions ?? []) {
        if (!this.lapsed.has(directive) || seen.has(writtenAt(directive))) continue;
        seen.add(writtenAt(directive));
        const about = directive.owner ?? node.id;
        const written = describe(directive, 'as written');
        const expired = expiryDay(directive.expires!) !== undefined;
        notes.push({
          messageId: expired ? 'expired' : 'notADate',
          resourceId: about,
          resourceUid: node.uid,
          span: directive.span,
          key: `${expired ? 'expired' : 'notADate'}:${directive.rule}`,
          data: { directive: written, resource: `\`${about}\``, rule: directive.rule, date: directive.expires! },
          ...(node.logicalFile ? { logicalFile: node.logicalFile } : {}),
        });
      }
    }
    return notes;
  }

  /**
   * Suppressions that apply to nothing (see `InertSuppression`). One note per place written: a
   * `Fn::ForEach` template's `Metadata` is every copy's. A comment on no block belongs to no resource:
   * its fingerprint tells apart the same directive written twice in a file by its order, not its line.
   */
  private inertNotes(): RuleFinding[] {
    const notes: RuleFinding[] = [];
    const seen = new Set<string>();
    const occurrences = new Map<string, number>();
    for (const inert of this.graph.inertSuppressions) {
      const at = `${inert.span.file}\u0000${inert.span.start}`;
      if (seen.has(at)) continue;
      seen.add(at);
      if (inert.why === 'shape') {
        const data = { resource: `\`${inert.resourceId}\``, problem: inert.problem };
        notes.push({ messageId: 'malformed', resourceId: inert.resourceId, resourceUid: inert.resourceUid, span: inert.span, key: `malformed:${inert.problem}`, data });
        continue;
      }
      const directive = describe(inert.directive, 'as written');
      const key = `detached:${inert.span.file}:${directive}`;
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      notes.push({ messageId: 'detached', resourceId: '', span: inert.span, key: `${key}#${occurrence}`, data: { directive } });
    }
    return notes;
  }
}

/**
 * The instant an `exp:` date ends a directive, as trivy reads it (Go's `time.Parse("2006-01-02")`:
 * midnight UTC that day); undefined when it is not such a date (`2026-6-30`, `2026-02-30`), which trivy
 * treats as long past.
 */
export function expiryDay(written: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(written);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Not Date.UTC, which reads years 0 to 99 as 1900 to 1999 (Go reads `0099-12-31` as year 99).
  const date = new Date(0);
  const time = date.setUTCFullYear(year, month - 1, day);
  // Rolled over from 2026-02-30 to March; Go refuses it ("day out of range").
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return time;
}

/** Where a directive is written, and for which rule: the same for every instance that carries it. */
function writtenAt(directive: SuppressionDirective): string {
  return `${directive.span.file}\u0000${directive.span.start}\u0000${directive.rule}`;
}

/** `flowguard ignore vpc-flow-logs`, `checkov CKV2_AWS_11`; `as written`: the comment's own form (`checkov:skip=CKV2_AWS_11`). */
function describe(directive: SuppressionDirective, form: 'words' | 'as written' = 'words'): string {
  if (form === 'words') return directive.syntax === 'flowguard' ? `flowguard ignore ${directive.rule}` : `${directive.syntax} ${directive.writtenId}`;
  const sections = `${directive.expires !== undefined ? `:exp:${directive.expires}` : ''}${directive.workspace !== undefined ? `:ws:${directive.workspace}` : ''}`;
  return `${COMMENT_PREFIX[directive.syntax] ?? `${directive.syntax}:`}${directive.writtenId}${sections}`;
}

/** How each syntax writes an id in a Terraform comment (graph/terraform/suppressions.ts). */
const COMMENT_PREFIX: Readonly<Record<string, string>> = { flowguard: 'flowguard:ignore ', checkov: 'checkov:skip=', tfsec: 'tfsec:ignore:', trivy: 'trivy:ignore:' };
