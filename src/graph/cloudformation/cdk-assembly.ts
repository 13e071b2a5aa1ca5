/**
 * CDK stages (`cdk.Stage`, the stages of a CDK pipeline) synthesise each into a cloud assembly of its
 * own, `assembly-<Stage>/` inside `cdk.out`. The same app in two stages writes the same export and SSM
 * parameter names twice (an explicit `exportName`, `parameterName`), once per environment, and a
 * stage's stacks read their own: CloudFormation scopes exports and parameters to an account and region,
 * which is what a stage deploys to. When a name read in a stage is written in several templates, those
 * of the reader's own assembly folder are the ones it reads.
 */
import { posix } from 'node:path';
import type { TemplateContext } from './template.js';

/** The entries written in the same CDK stage assembly as the file `reader`, when it is in one and some are; else all of them. */
export function inReadersAssembly<T extends { ctx: TemplateContext }>(entries: readonly T[], reader: string): readonly T[] {
  const folder = posix.dirname(reader);
  if (!posix.basename(folder).startsWith('assembly-')) return entries;
  const near = entries.filter((entry) => posix.dirname(entry.ctx.doc.file.path) === folder);
  return near.length > 0 ? near : entries;
}
