/**
 * `Fn::GetStackOutput { StackName, OutputName, Region?, RoleArn? }`: the value of another deployed
 * stack's output, read when this stack is created or updated, across accounts and Regions too, and
 * without an export. Which template of the run (if any) that stack was made from is not known
 * statically (a stack name is chosen at deployment), so the value may be any resource of the run, as
 * a custom resource's attribute may (get-att.ts): a flow log whose target is read so may target any
 * VPC of the run, which is then unverified, never uncovered.
 */
import type { Span } from '../../core/source.js';
import { pathStep } from '../../parse/document.js';
import type { RValue } from '../model.js';
import type { Path, Resolver } from './resolve.js';
import type { TemplateContext } from './template.js';
import { own, unknown } from '../values.js';

export function resolveStackOutput(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
  const name = (key: string): string => {
    const value = own(arg, key) === undefined ? undefined : r.resolve(ctx, own(arg, key), pathStep(at, key), depth + 1);
    return value?.t === 'scalar' && value.value !== null ? String(value.value) : '(not known statically)';
  };
  const why = `Fn::GetStackOutput reads output ${name('OutputName')} of stack ${name('StackName')} at deploy time`;
  return { ...unknown(why, span), unevaluated: 'Fn::GetStackOutput', mayBeAnyIn: r.runFiles };
}
