/**
 * CDK's cross-region references (`crossRegionReferences: true`): the producing stack's
 * `Custom::CrossRegionExportWriter` writes each value of `WriterProps.exports` to an SSM parameter of
 * the consumer's region, named by its key (`/cdk/exports/<Consumer>/<id>`); the consumer's
 * `Custom::CrossRegionExportReader` reads them back (`ReaderProps.imports`: that name →
 * `{{resolve:ssm:<name>}}`), and a resource uses one as `Fn::GetAtt [Reader, <name>]`. The writer's
 * exports join the run's SSM parameters (ssm-parameters.ts), so the read finds the value the other
 * stack writes, as an `Fn::ImportValue` finds an export.
 */
import { pathStep, type SpanPath } from '../../parse/document.js';
import type { Span } from '../../core/source.js';
import type { RValue } from '../model.js';
import type { Resolver } from './resolve.js';
import { propertiesOf, type TemplateContext } from './template.js';
import { hasOwn, isObject, own, relocate, unknown } from '../values.js';

export const CROSS_REGION_READER = 'Custom::CrossRegionExportReader';
export const CROSS_REGION_WRITER = 'Custom::CrossRegionExportWriter';

/** `Fn::GetAtt [reader, name]`: what the reader's `ReaderProps.imports` says it reads for `name`. */
export function crossRegionImport(r: Resolver, ctx: TemplateContext, reader: string, name: string, span: Span, depth: number): RValue {
  const props = own(propertiesOf(ctx.resources[reader]), 'ReaderProps');
  const imports = own(props, 'imports');
  if (!isObject(imports) || !hasOwn(imports, name)) return unknown(`${reader} reads no cross-region reference ${name}`, span);
  const value = r.resolve(ctx, imports[name], pathStep(['Resources', reader, 'Properties', 'ReaderProps', 'imports'], name), depth + 1);
  return value ? relocate(value, span) : unknown(`${reader} reads no cross-region reference ${name}`, span);
}

/** The SSM parameters a writer creates: each name, and the path of the value written under it. */
export function crossRegionWrites(ctx: TemplateContext, writer: string): { name: string; raw: unknown; valueAt: SpanPath }[] {
  const exports = own(own(propertiesOf(ctx.resources[writer]), 'WriterProps'), 'exports');
  if (!isObject(exports)) return [];
  const at = ['Resources', writer, 'Properties', 'WriterProps', 'exports'];
  return Object.keys(exports).map((name) => ({ name, raw: exports[name], valueAt: pathStep(at, name) }));
}
