/**
 * Suppressions written in a resource's `Metadata`: ours (`flowguard.ignore: [{ rule, reason }]`) and
 * the peers' (`checkov.skip: [{ id, comment }]`, `cfn_nag.rules_to_suppress: [{ id, reason }]`,
 * `cdk_nag.rules_to_suppress: [{ id, reason }]`) for the checks we share with them.
 */
import type { SuppressionDirective } from '../model.js';
import { ruleForPeerId } from '../suppression-ids.js';
import { spanAt, type TemplateContext } from './template.js';
import { isObject, own } from '../values.js';

interface Syntax {
  /** Key under `Metadata`. */
  section: string;
  /** Key of the list inside it. */
  list: string;
  idKey: string;
  reasonKey: string;
}

const SYNTAXES: Syntax[] = [
  { section: 'flowguard', list: 'ignore', idKey: 'rule', reasonKey: 'reason' },
  { section: 'checkov', list: 'skip', idKey: 'id', reasonKey: 'comment' },
  { section: 'cfn_nag', list: 'rules_to_suppress', idKey: 'id', reasonKey: 'reason' },
  { section: 'cdk_nag', list: 'rules_to_suppress', idKey: 'id', reasonKey: 'reason' },
];

export function suppressionsOf(ctx: TemplateContext, id: string): SuppressionDirective[] {
  const metadata = own(ctx.resources[id], 'Metadata');
  if (!isObject(metadata)) return [];
  const out: SuppressionDirective[] = [];
  for (const syntax of SYNTAXES) {
    const entries = own(own(metadata, syntax.section), syntax.list);
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      const writtenId = own(entry, syntax.idKey);
      if (typeof writtenId !== 'string') return;
      const rule = syntax.section === 'flowguard' ? writtenId : ruleForPeerId(syntax.section, writtenId);
      if (!rule) return;
      const reason = own(entry, syntax.reasonKey);
      const span = spanAt(ctx, ['Resources', id, 'Metadata', syntax.section, syntax.list, index]);
      out.push({ rule, reason: typeof reason === 'string' ? reason.trim() : '', span, syntax: syntax.section, writtenId });
    });
  }
  return out;
}
