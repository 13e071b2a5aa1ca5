/**
 * What one file of a run brings in by name: the child templates its nested stacks' local
 * `TemplateURL` (SAM `Location`) names, and the folders its local `module` sources name. A problem of
 * such a file (it does not parse, it was not read) is why what the file passes into it is unknown:
 * the ESLint plugin shows it on the line that names it, since the editor has no other place for it.
 */
import { dirname, posix, resolve } from 'node:path';
import type { Region } from '../core/source.js';
import { toRepoPath } from '../discover/repo-root.js';
import { localTemplatePath } from '../graph/cloudformation/template.js';
import { attributeOf, fileFor, spanOf } from '../graph/terraform/context.js';
import { isLocalSource, sourceOf } from '../graph/terraform/modules.js';
import { own, section } from '../graph/values.js';
import { lazySpan } from '../parse/document.js';
import { Regions } from './finalize.js';
import { relativeLocation } from './nested-templates.js';
import type { LoadedRun } from './pipeline.js';

export interface Include {
  /** Repository-relative: the child template, or the module's folder (`folder` set). */
  path: string;
  folder: boolean;
  /** What names it: the nested stack's logical id, or `module.<name>`. */
  by: string;
  /** Where the file names it: the `TemplateURL` / `source` value (the stack's logical id when a CDK asset names it). */
  region: Region;
}

/** The includes written in `path`, in the order written. `texts` are the run's texts (BuiltGraph.texts). */
export function includesOf(run: LoadedRun, texts: ReadonlyMap<string, string>, path: string): Include[] {
  const regions = new Regions(texts);
  const out: Include[] = [];
  for (const doc of run.inputs.cloudformation) {
    if (doc.file.path !== path) continue;
    const resources = section(doc.value, 'Resources');
    for (const id of Object.keys(resources)) {
      const location = relativeLocation(localTemplatePath(resources[id]));
      if (location === undefined) continue;
      const property = own(resources[id], 'Type') === 'AWS::Serverless::Application' ? 'Location' : 'TemplateURL';
      const written = own(own(resources[id], 'Properties'), property) !== undefined;
      const span = written ? lazySpan(doc, ['Resources', id, 'Properties', property]) : lazySpan(doc, ['Resources', id], 'key');
      out.push({ path: toRepoPath(run.root, resolve(dirname(doc.file.absolutePath), location)), folder: false, by: id, region: regions.of(span) });
    }
  }
  for (const hcl of run.inputs.terraformSource) {
    if (hcl.file.path !== path) continue;
    for (const block of hcl.body.blocks) {
      const source = block.type === 'module' && block.labels.length === 1 ? sourceOf(block) : undefined;
      const attribute = attributeOf(block, 'source');
      if (source === undefined || attribute === undefined || !isLocalSource(source)) continue;
      const folder = toRepoPath(run.root, resolve(dirname(hcl.file.absolutePath), source));
      out.push({ path: folder === '' ? '.' : folder, folder: true, by: `module.${block.labels[0]}`, region: regions.of(spanOf(fileFor(hcl, attribute), attribute.expr)) });
    }
  }
  return out;
}

/** Whether a repository-relative file is the include's template, or a file directly in its module folder. */
export function isIncluded(include: Include, file: string): boolean {
  return include.folder ? posix.dirname(file) === include.path : file === include.path;
}
