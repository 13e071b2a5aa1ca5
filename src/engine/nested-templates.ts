/**
 * Phase 3b: the child templates of the run's nested stacks that the run does not have, read as
 * context. A nested stack (`AWS::CloudFormation::Stack`, SAM `AWS::Serverless::Application`) with a
 * relative local `TemplateURL` names its child as a Terraform `source = "./modules/vpc"` names its
 * module: `flowguard parent.yaml` must check what the parent creates through it, and a cfn-modules
 * project (`./node_modules/@cfn-modules/vpc/module.yml`, in a folder walks skip) has nothing else.
 * So, as the Terraform module host reads a called module's folder wherever it is, this reads each
 * such child once, transitively, never as a named file: its findings are reported through the stack
 * that creates its resources (`createdBy`, finish.ts), its problems when a reported template leads to it.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, win32 } from 'node:path';
import { toRepoPath } from '../discover/repo-root.js';
import { realPath, type Candidate } from '../discover/walk.js';
import { localTemplatePath } from '../graph/cloudformation/template.js';
import { section } from '../graph/values.js';
import type { DataDocument } from '../parse/document.js';
import { addParsed, parseFile } from './parse-inputs.js';
import { TERRAFORM_SOURCE, type EngineModules, type LoadedRun } from './pipeline.js';
import { isKnown, knownFiles } from './prepare.js';
import { readCandidate } from './read.js';

/** The parsers a child template may need: which one is known only once its text is read. */
export const NESTED_TEMPLATE_PARSERS = ['parseJson', 'parseYaml'] as const;

/**
 * Most child templates one run reads: real projects nest a few dozen; a generated chain of thousands
 * is not read whole (a warning says where it stopped).
 */
export const MAX_NESTED_TEMPLATES = 1000;

/**
 * The child templates the run's templates name that it has not read, as context candidates. Only
 * CloudFormation documents are looked at, and only their two nested-stack resource types: a run
 * without nested stacks pays one pass over its templates' `Resources` keys.
 */
export function nestedTemplatesToRead(run: LoadedRun): Candidate[] {
  return toRead(run.root, run.inputs.cloudformation, knownFiles(run.walked.candidates), new Map());
}

/**
 * The run with the child templates its nested stacks name, and theirs, read and parsed as context.
 * `modules` holds (at least) `NESTED_TEMPLATE_PARSERS`; `first` is `nestedTemplatesToRead(run)`
 * (a driver that loads parsers lazily asks it first). `includedTemplates` names the children a
 * reported template leads to (without --context, all of them); with --context (`reported`), a
 * child's findings are reported only through a reported template that creates its resources.
 */
export function withNestedTemplates(run: LoadedRun, modules: Partial<EngineModules>, first: Candidate[] = nestedTemplatesToRead(run)): LoadedRun {
  if (first.length === 0) return run;
  const { root, limits } = run;
  const known = knownFiles(run.walked.candidates);
  const inputs = { ...run.inputs, cloudformation: [...run.inputs.cloudformation], problems: [...run.inputs.problems], files: [...run.inputs.files] };
  const problems = [...run.walked.problems];
  // Which template names which child (repository-relative), the run's own templates included.
  const names = new Map<string, Set<string>>();
  toRead(root, run.inputs.cloudformation, known, names);
  const followed = new Set<string>();
  reading: for (let next = first; next.length > 0; ) {
    const added: DataDocument[] = [];
    for (const candidate of next) {
      if (followed.size === MAX_NESTED_TEMPLATES) {
        const path = toRepoPath(root, candidate.absolutePath);
        problems.push({ absolutePath: candidate.absolutePath, message: `${path}: not read: the run already read ${MAX_NESTED_TEMPLATES} templates that nested stacks name, and reads no more; what the stacks that name this one create is unknown`, fatal: false });
        break reading;
      }
      followed.add(toRepoPath(root, candidate.absolutePath));
      known.add(candidate.absolutePath);
      if (candidate.identity !== undefined) known.add(candidate.identity);
      const parsed = parseFile(readCandidate(candidate, root, limits), modules, limits);
      // A stack deploys only a template: a Terraform plan or state a TemplateURL names is no child
      // (CloudFormation refuses it), and is not linted as if the user had named it.
      if (parsed.kind === 'terraformJson') continue;
      addParsed(inputs, parsed, limits);
      if (parsed.kind === 'cloudformation') added.push(parsed.document);
    }
    next = toRead(root, added, known, names);
  }
  inputs.files.sort();
  // A run without context reports everything, as before: a `reported` set made here would drop the
  // problems of files the run reads but does not name as candidates (a named `terraform.tfvars`, a
  // Terraform module outside the run), which only --context leaves out.
  const reportedFrom = run.reported ?? new Set(run.walked.candidates.map((c) => toRepoPath(root, c.absolutePath)));
  return { ...run, walked: { ...run.walked, problems }, inputs, includedTemplates: reachedFrom(reportedFrom, names, followed) };
}

function toRead(root: string, documents: readonly DataDocument[], known: ReadonlySet<string>, names: Map<string, Set<string>>): Candidate[] {
  const found = new Map<string, Candidate>();
  const identities = new Set<string>();
  for (const doc of documents) {
    const resources = section(doc.value, 'Resources');
    for (const id of Object.keys(resources)) {
      const location = relativeLocation(localTemplatePath(resources[id]));
      if (location === undefined) continue;
      const absolutePath = resolve(dirname(doc.file.absolutePath), location);
      if (!found.has(absolutePath) && !known.has(absolutePath) && isFile(absolutePath)) {
        const candidate: Candidate = { absolutePath, explicit: false, namedByStack: true, identity: realPath(absolutePath) ?? absolutePath };
        if (!isKnown(known, candidate) && !identities.has(candidate.identity!)) {
          found.set(absolutePath, candidate);
          identities.add(candidate.identity!);
        }
      }
      const named = names.get(doc.file.path);
      if (named) named.add(toRepoPath(root, absolutePath));
      else names.set(doc.file.path, new Set([toRepoPath(root, absolutePath)]));
    }
  }
  return [...found.values()].sort((a, b) => (a.absolutePath < b.absolutePath ? -1 : a.absolutePath > b.absolutePath ? 1 : 0));
}

/** The followed templates a reported template leads to, through nested stacks (followed ones only past the first). */
function reachedFrom(reported: ReadonlySet<string>, names: ReadonlyMap<string, ReadonlySet<string>>, followed: ReadonlySet<string>): Set<string> {
  const reached = new Set<string>();
  const queue = [...reported];
  for (let at = queue.pop(); at !== undefined; at = queue.pop()) {
    for (const child of names.get(at) ?? []) {
      if (!followed.has(child) || reached.has(child)) continue;
      reached.add(child);
      queue.push(child);
    }
  }
  return reached;
}

/**
 * A `TemplateURL` relative to its template: not an absolute path (`/srv/…`, `C:\…`), which names a
 * machine, not the project, nor a `.tf` file, which is no template (and needs parsers a CloudFormation
 * run has not loaded).
 */
export function relativeLocation(location: string | undefined): string | undefined {
  return location === undefined || isAbsolute(location) || win32.isAbsolute(location) || TERRAFORM_SOURCE.test(location) ? undefined : location;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
