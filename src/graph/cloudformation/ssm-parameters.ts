/**
 * SSM Parameter Store as a link between stacks: one stack writes a value (`AWS::SSM::Parameter` with
 * `Name: /network/vpc-id`, `Value: !Ref Vpc`), another reads it, through a parameter of type
 * `AWS::SSM::Parameter::Value<…>` whose value is the parameter's name (CDK's `valueForStringParameter`)
 * or through `{{resolve:ssm:/network/vpc-id}}`. A read joins the parameter of the run with that name,
 * as `Fn::ImportValue` joins an export; a name no parameter of the run has is unknown (the parameter
 * may be written by anything). Names are resolved in their own template; a partly known name is a
 * glob that a read may *possibly* match.
 */
import type { Span } from '../../core/source.js';
import type { RValue } from '../model.js';
import { existenceOf } from './conditions.js';
import { NamedEntries, nameOf, type NamedEntry } from './named-entries.js';
import type { Resolver } from './resolve.js';
import { propertiesOf, spanAt, type TemplateContext } from './template.js';
import { own, relocate, unknown, withMayBe } from '../values.js';
import type { SpanPath } from '../../parse/document.js';
import { inReadersAssembly } from './cdk-assembly.js';
import { CROSS_REGION_WRITER, crossRegionWrites } from './cdk-cross-region.js';

interface SsmEntry extends NamedEntry {
  ctx: TemplateContext;
  id: string;
  /** A value CDK's cross-region export writer puts under this name (cdk-cross-region.ts); else the parameter's `Value`. */
  written?: { raw: unknown; at: SpanPath };
}

export class SsmParameterTable extends NamedEntries<SsmEntry> {
  static build(r: Resolver): SsmParameterTable {
    const entries: SsmEntry[] = [];
    for (const ctx of r.contexts) {
      for (const id of Object.keys(ctx.resources)) {
        const type = own(ctx.resources[id], 'Type');
        if (type === CROSS_REGION_WRITER) {
          if (r.top(ctx, ['Resources', id], () => existenceOf(r, ctx, id, 0)).state === 'absent') continue;
          for (const { name, raw, valueAt } of crossRegionWrites(ctx, id)) entries.push({ ctx, id, name, pattern: name, written: { raw, at: valueAt } });
          continue;
        }
        if (type !== 'AWS::SSM::Parameter') continue;
        const at = ['Resources', id, 'Properties', 'Name'];
        // A parameter absent by default writes nothing; one without a Name gets a generated one no read can know.
        if (r.top(ctx, at, () => existenceOf(r, ctx, id, 0)).state === 'absent') continue;
        const named = nameOf(r.top(ctx, at, () => r.resolve(ctx, own(propertiesOf(ctx.resources[id]), 'Name'), at, 0)));
        if (named) entries.push({ ctx, id, ...named });
      }
    }
    return new SsmParameterTable(entries);
  }
}

/** The value a read of the SSM parameter `name` gets, placed at `span`; `why` says what reads it, for an unknown. */
export function resolveSsmParameter(r: Resolver, name: string, span: Span, depth: number, why = `SSM parameter ${name} is read at deploy time`): RValue {
  if (r.buildingSsmTable) return unknown(`${why} (inside the name of another SSM parameter)`, span);
  const table = r.ssmParameters;
  const exact = inReadersAssembly(table.lookup(name), span.file);
  const [only] = exact;
  if (only && exact.length === 1) return relocate(parameterValue(r, only, depth + 1), span);
  const candidates = exact.length > 1 ? exact : table.possiblyNamed(name);
  if (candidates.length === 0) return unknown(`${why}; no AWS::SSM::Parameter of this run is named so`, span);
  const where = candidates.map((e) => `${e.id} in ${e.ctx.doc.file.path}`).join(', ');
  return withMayBe(unknown(`${why}; it may be written by ${where}`, span), candidates.map((e) => parameterValue(r, e, depth + 1)));
}

function parameterValue(r: Resolver, entry: SsmEntry, depth: number): RValue {
  const { ctx, id, written } = entry;
  const at = written?.at ?? ['Resources', id, 'Properties', 'Value'];
  const raw = written ? written.raw : own(propertiesOf(ctx.resources[id]), 'Value');
  return r.named(
    ctx,
    ctx.memo.ssmValues,
    'SSM parameter',
    written ? `${id} ${entry.name ?? ''}` : id,
    () => r.resolve(ctx, raw, at, depth + 1) ?? unknown(`SSM parameter ${written ? entry.name : id} has no Value`, spanAt(ctx, at)),
    (why) => unknown(why, spanAt(ctx, at)),
  );
}
