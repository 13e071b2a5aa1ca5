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
    return matching.map((d) => ({ kind: 'inSource', justification: d.reason || `suppressed with ${describe(d)} (no reason given)` }));
  }

  /** Notes about the directives themselves, for rules that ran (`enabled`). */
  hygiene(enabled: ReadonlySet<string>): RuleFinding[] {
    const notes: RuleFinding[] = [];
    for (const node of this.graph.nodes.values()) {
      for (const directive of node.suppressions ?? []) {
        const data = { rule: directive.rule, resource: `\`${node.id}\`` };
        const base = { resourceId: node.id, resourceUid: node.uid, span: directive.span, ...(node.logicalFile ? { logicalFile: node.logicalFile } : {}) };
        // Peers' directives may exist for the peer's sake: never call them unused or unexplained.
        if (directive.syntax !== 'flowguard') continue;
        if (!directive.reason) notes.push({ ...base, messageId: 'noReason', key: `reason:${directive.rule}`, data });
        if (enabled.has(directive.rule) && !this.used.has(directive)) notes.push({ ...base, messageId: 'unused', key: `unused:${directive.rule}`, data });
      }
    }
    return notes;
  }
}

function describe(directive: SuppressionDirective): string {
  return directive.syntax === 'flowguard' ? `flowguard ignore ${directive.rule}` : `${directive.syntax} ${directive.writtenId}`;
}
