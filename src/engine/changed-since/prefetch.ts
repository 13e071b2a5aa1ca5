/**
 * What `ChangeIndex` (index.ts) will read at the revision for a run's findings, read ahead in a few
 * batches (`Revision.prefetch`), so that the number of git processes does not grow with the number of
 * files: the templates and files with a finding (and those of their related resources and of the
 * calls and stacks that create them), the changed templates whose dropped imports it collects, the
 * Terraform folders it compares, then those folders' files, then the files their `.tf` read.
 * Reading more than is asked costs a little output, never a result: the index still asks for each
 * file, and what was not read ahead is read on its own.
 */
import { dirname, join, resolve } from 'node:path';
import type { Finding } from '../../core/finding.js';
import type { Revision } from './git.js';
import { isModuleFile, moduleReadNames, TERRAFORM_FILE } from './terraform.js';

export function prefetchFor(revision: Revision, root: string, findings: readonly Finding[], changedTemplates: readonly string[]): void {
  const reads = new Set<string>();
  const dirs = new Set<string>();
  const ignored = new Set<string>();
  const resource = (logicalFile: string, file: string, createdBy: Finding['createdBy']): void => {
    if (TERRAFORM_FILE.test(logicalFile)) dirs.add(resolve(root, dirname(logicalFile)));
    else {
      reads.add(resolve(root, logicalFile));
      if (createdBy?.length) ignored.add(resolve(root, logicalFile));
    }
    if (TERRAFORM_FILE.test(file)) dirs.add(resolve(root, dirname(file)));
    for (const creator of createdBy ?? []) resource(creator.file, creator.file, undefined);
  };
  for (const finding of findings) {
    if (finding.suppressions?.length) continue;
    if (finding.resourceId === undefined) {
      reads.add(resolve(root, finding.file));
      continue;
    }
    resource(finding.logicalFile ?? finding.file, finding.file, finding.createdBy);
    for (const related of finding.related) if (related.resourceId !== undefined) resource(related.logicalFile ?? related.file, related.file, related.createdBy);
  }
  for (const path of changedTemplates) reads.add(join(revision.top, path));
  revision.prefetch({ read: reads, list: dirs, ignored });
  if (dirs.size === 0) return;
  const moduleFiles: string[] = [];
  for (const dir of dirs) for (const name of revision.list(dir)) if (isModuleFile(name)) moduleFiles.push(join(dir, name));
  revision.prefetch({ read: moduleFiles });
  const readByModules: string[] = [];
  for (const path of moduleFiles) {
    if (!TERRAFORM_FILE.test(path)) continue;
    const text = revision.read(path);
    for (const name of text === undefined ? [] : moduleReadNames(text)) if (!name.split('/').includes('..')) readByModules.push(join(dirname(path), name));
  }
  revision.prefetch({ read: readByModules });
}
