/**
 * In-source suppressions: a finding on a resource whose source says "ignore this rule here" stays in
 * the output, marked suppressed (SARIF `suppressions`), and does not count for the exit code. Our own
 * directives that suppress nothing, and directives without a reason, are reported as notes.
 */
import type { RuleFinding, Suppression } from '../core/finding.js';
import type { ResourceGraph, SuppressionDirective } from '../graph/model.js';


export class SuppressionLedger {
  private readonly used = new Set<SuppressionDirective>();

  constructor(private readonly graph: ResourceGraph) {}

  /** The suppressions that apply to a rule's finding (empty when none). */
  apply(ruleId: string, finding: RuleFinding): Suppression[] {
    if (!finding.resourceUid) return [];
    const directives = this.graph.nodes.get(finding.resourceUid)?.suppressions ?? [];
    const matching = directives.filter((d) => d.rule === ruleId);
    for (const directive of matching) this.used.add(directive);
    // The same directive written twice is one suppression (SARIF requires unique items).
    const justifications = new Set(matching.map((d) => d.reason || `suppressed with ${describe(d)} (no reason given)`));
    return [...justifications].map((justification) => ({ kind: 'inSource', justification }));
  }

  /** Notes about the directives themselves, for rules that ran (`enabled`). */
  hygiene(enabled: ReadonlySet<string>): RuleFinding[] {
    const notes: RuleFinding[] = [];
    const seen = new Set<string>();
    const note = (finding: RuleFinding) => {
      // A directive written twice is reported once (one fingerprint, one finding).
      const identity = `${finding.resourceUid}|${finding.key}`;
      if (!seen.has(identity)) notes.push(finding);
      seen.add(identity);
    };
    for (const node of this.graph.nodes.values()) {
      for (const directive of node.suppressions ?? []) {
        const data = { rule: directive.rule, resource: `\`${node.id}\`` };
        const base = { resourceId: node.id, resourceUid: node.uid, span: directive.span, ...(node.logicalFile ? { logicalFile: node.logicalFile } : {}) };
        // Peers' directives may exist for the peer's sake: never call them unused or unexplained.
        if (directive.syntax !== 'flowguard') continue;
        if (!directive.reason) note({ ...base, messageId: 'noReason', key: `reason:${directive.rule}`, data });
        if (enabled.has(directive.rule) && !this.used.has(directive)) note({ ...base, messageId: 'unused', key: `unused:${directive.rule}`, data });
      }
    }
    return notes;
  }
}

function describe(directive: SuppressionDirective): string {
  return directive.syntax === 'flowguard' ? `flowguard ignore ${directive.rule}` : `${directive.syntax} ${directive.writtenId}`;
}
