/**
 * `Fn::ImportValue` joined to `Outputs.*.Export.Name` across all templates of the run. Export names
 * are resolved in their own template (parameters with defaults, pseudo parameters); a name that is
 * not fully known is kept as a glob (`${AWS::StackName}-VPC` → `*-VPC`) so that an import can be seen
 * to *possibly* match it.
 */
import type { Span } from '../../core/source.js';
import type { RUnknown, RValue } from '../model.js';
import { inReadersAssembly } from './cdk-assembly.js';
import { outputAbsence } from './conditions.js';
import { NamedEntries, nameOf, type NamedEntry } from './named-entries.js';
import type { Path, Resolver } from './resolve.js';
import type { TemplateContext } from './template.js';
import { hasOwn, own, relocate, toPattern, unknown, whyNotKnown, withMayBe } from '../values.js';

export interface ExportEntry extends NamedEntry {
  ctx: TemplateContext;
  output: string;
}

export class ExportTable extends NamedEntries<ExportEntry> {
  static build(r: Resolver): ExportTable {
    const entries: ExportEntry[] = [];
    for (const ctx of r.contexts) {
      for (const output of Object.keys(ctx.outputs)) {
        const exportDecl = own(ctx.outputs[output], 'Export');
        if (!hasOwn(exportDecl, 'Name')) continue;
        // An output whose condition is false by default exports nothing.
        const at = ['Outputs', output, 'Export', 'Name'];
        if (r.top(ctx, at, () => outputAbsence(r, ctx, output, 0)) !== undefined) continue;
        const named = nameOf(r.top(ctx, at, () => r.resolve(ctx, own(exportDecl, 'Name'), at, 0)));
        if (named) entries.push({ ctx, output, ...named });
      }
    }
    return new ExportTable(entries);
  }
}

export function resolveImport(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
  if (r.buildingExports) return unknown('Fn::ImportValue cannot be used in an export name', span);
  const nameValue = r.resolve(ctx, arg, at, depth + 1);
  if (!nameValue || nameValue.t === 'object' || nameValue.t === 'array') return unknown('Fn::ImportValue needs an export name', span);
  const table = r.exports;
  if (nameValue.t !== 'scalar' || nameValue.value === null) {
    const pattern = toPattern(nameValue);
    const why = `imported export name ${pattern} is not fully known: ${whyNotKnown(nameValue)}`;
    return possibly(r, unknown(why, span, pattern), table.possiblyMatching(pattern), depth);
  }
  const name = String(nameValue.value);
  const exact = inReadersAssembly(table.lookup(name), ctx.doc.file.path);
  const [only] = exact;
  if (only && exact.length === 1) return relocate(r.output(only.ctx, only.output, depth + 1), span);
  if (exact.length > 1) {
    const files = exact.map((e) => e.ctx.doc.file.path).join(', ');
    return possibly(r, unknown(`export ${name} is defined in several templates (${files})`, span, name), exact, depth);
  }
  const maybe = table.possiblyNamed(name);
  if (maybe.length > 0) {
    const list = maybe.map((e) => `${e.pattern} in ${e.ctx.doc.file.path}`).join(', ');
    return possibly(r, unknown(`no export named ${name} in this run; it may be ${list}`, span, name), maybe, depth);
  }
  return unknown(`no export named ${name} in this run`, span, name);
}

/** The unknown import, with the resources that the candidate exports export (`mayBe`). */
function possibly(r: Resolver, value: RUnknown, candidates: readonly ExportEntry[], depth: number): RUnknown {
  return withMayBe(value, candidates.map((e) => r.output(e.ctx, e.output, depth + 1)));
}
