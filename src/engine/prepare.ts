/**
 * Phase 1: which files a run reads — the walked paths or the in-memory documents, the context that
 * joins them for links only, minus the ignored ones.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import ignore from 'ignore';
import { findRepositoryRoot, toRepoPath } from '../discover/repo-root.js';
import { gitIgnoredIn, identityOf, realPath, walk, type Candidate, type WalkResult } from '../discover/walk.js';
import { DEFAULT_LIMITS, type LintOptions } from './options.js';
import { TERRAFORM_SOURCE, TERRAFORM_VARIABLES, type LintInput, type PreparedRun } from './pipeline.js';

/** Uses `cwd`, `limits`, `ignore` and `context` of the options. */
export function prepare(input: LintInput, options: LintOptions): PreparedRun {
  const cwd = options.cwd ?? process.cwd();
  const root = findRepositoryRoot(cwd);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const walked: WalkResult = Array.isArray(input)
    ? walk(input, cwd)
    : { candidates: input.documents.map((d) => ({ absolutePath: resolve(cwd, d.path), explicit: d.explicit ?? true, text: d.bytes ?? d.text })), problems: [] };
  const variableFiles = Array.isArray(input) ? takeVariableFiles(walked) : [];
  const named = Array.isArray(input) ? walked.candidates.filter((c) => c.explicit) : walked.candidates;
  const known = knownFiles(walked.candidates);
  const siblings = moduleSiblings([...named, ...variableFiles]).filter((c) => !isKnown(known, c));
  const withContext = (options.context?.length ?? 0) > 0 || siblings.length > 0;
  // A named variable file is reported like a named template: the findings its values decide (their
  // related location is in it) are shown, though they sit on the module's `.tf` lines.
  const reported = withContext ? new Set([...walked.candidates, ...variableFiles].map((c) => toRepoPath(root, c.absolutePath))) : undefined;
  for (const file of variableFiles) {
    const unread = unreadVariableFile(file.absolutePath);
    if (unread) walked.problems.push({ absolutePath: file.absolutePath, message: `${toRepoPath(root, file.absolutePath)}: ${unread}`, fatal: false });
  }
  if (options.context?.length) {
    // [cli: pre-commit] With context the paths are changed files, not files the user named: pre-commit
    // passes every staged .json/.yaml (package.json, workflows), and one that is not a template must be
    // skipped as a walked file is, not reported as a parse-error. Broken templates are still reported.
    for (const candidate of walked.candidates) candidate.explicit = false;
    mergeContext(walked, walk(options.context, cwd));
  }
  if (siblings.length > 0) mergeContext(walked, { candidates: siblings, problems: [] });
  const ignoredPaths = options.ignore?.length ? dropIgnored(walked, root, options.ignore, namedPaths(input, cwd)) : [];
  return { root, limits, walked, ignoredPaths, ...(reported ? { reported } : {}), ...(options.terraformWorkspace !== undefined ? { terraformWorkspace: options.terraformWorkspace } : {}) };
}

/** The paths the caller named, as given, and where they are. */
interface NamedPath {
  given: string;
  absolutePath: string;
}

function namedPaths(input: LintInput, cwd: string): NamedPath[] {
  const given = Array.isArray(input) ? input : input.documents.filter((d) => d.explicit !== false).map((d) => d.path);
  return given.map((path) => ({ given: path, absolutePath: resolve(cwd, path) }));
}

/**
 * Terraform variable files (`terraform.tfvars`, `prod.auto.tfvars.json`) are no template, plan or
 * module file: named, they would be a parse-error "not a template"; walked, they are skipped. They are
 * Terraform input all the same, read by the module of their folder (graph/terraform/tfvars.ts), so
 * they leave the candidates and a named one brings its folder's module into the run instead.
 */
function takeVariableFiles(walked: WalkResult): Candidate[] {
  const variableFiles = walked.candidates.filter((c) => TERRAFORM_VARIABLES.test(c.absolutePath));
  if (variableFiles.length === 0) return [];
  walked.candidates = walked.candidates.filter((c) => !TERRAFORM_VARIABLES.test(c.absolutePath));
  return variableFiles.filter((c) => c.explicit);
}

/** Why a named variable file changes nothing in the run, if it does not: said, not silently accepted. */
function unreadVariableFile(absolutePath: string): string | undefined {
  const dir = dirname(absolutePath);
  if (!listNames(dir).some((name) => TERRAFORM_SOURCE.test(name))) return 'no Terraform module (.tf files) in its folder reads this variable file';
  if (!/^(terraform\.tfvars(\.json)?|.+\.auto\.tfvars(\.json)?)$/.test(basename(absolutePath))) {
    return 'Terraform reads this variable file only when a run names it (-var-file), and so flowguard does not; the values come from terraform.tfvars, *.auto.tfvars and the defaults';
  }
  return undefined;
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * A Terraform module is its folder (SPEC §4): a `.tf` file named without the others of its folder
 * would evaluate as a different module (its `variables.tf` declares what `main.tf` uses). The
 * folder's other `.tf` and `.tf.json` files come along as context, as Terraform itself reads them;
 * for a named variable file, the whole module that reads it does.
 */
function moduleSiblings(named: Candidate[]): Candidate[] {
  const dirs = new Set(named.filter((c) => TERRAFORM_SOURCE.test(c.absolutePath) || TERRAFORM_VARIABLES.test(c.absolutePath)).map((c) => dirname(c.absolutePath)));
  const siblings: Candidate[] = [];
  for (const dir of dirs) {
    // An editor's virtual file (`doc.md/0.tf`), or a folder gone since, lists nothing.
    const realDir = realPath(dir) ?? dir;
    const ignores = gitIgnoredIn(dir);
    for (const name of listNames(dir)) {
      const absolutePath = join(dir, name);
      if (TERRAFORM_SOURCE.test(name) && !ignores(name) && isFile(absolutePath)) siblings.push({ absolutePath, explicit: false, identity: identityOf(name, realDir, absolutePath) });
    }
  }
  return siblings;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Context files join the run as walked files (never "explicit": an unrelated file there is skipped).
 * A file the run already has, by its path or by what it is (a named symlink to it), is not read twice.
 */
function mergeContext(walked: WalkResult, context: WalkResult): void {
  const known = knownFiles(walked.candidates);
  for (const candidate of context.candidates) {
    if (!isKnown(known, candidate)) walked.candidates.push({ ...candidate, explicit: false });
  }
  walked.candidates.sort((a, b) => (a.absolutePath < b.absolutePath ? -1 : a.absolutePath > b.absolutePath ? 1 : 0));
  walked.problems.push(...context.problems.map((p) => ({ ...p, fatal: false })));
}

export function knownFiles(candidates: readonly Candidate[]): Set<string> {
  return new Set(candidates.flatMap((c) => (c.identity === undefined ? [c.absolutePath] : [c.absolutePath, c.identity])));
}

export function isKnown(known: ReadonlySet<string>, candidate: Candidate): boolean {
  return known.has(candidate.absolutePath) || (candidate.identity !== undefined && known.has(candidate.identity));
}

/**
 * Drops the files the `ignore` patterns match. Returns the named paths they excluded entirely (a
 * named file, or a named folder whose every file matches), which the CLI warns about, as ESLint
 * warns about an ignored file it is given: a pre-commit hook passes staged files whatever the
 * configuration ignores.
 */
function dropIgnored(walked: WalkResult, root: string, patterns: string[], named: readonly NamedPath[]): string[] {
  const matcher = ignore().add(patterns);
  const dropped: string[] = [];
  walked.candidates = walked.candidates.filter((c) => {
    const path = toRepoPath(root, c.absolutePath);
    const kept = path.startsWith('..') || !matcher.ignores(path);
    if (!kept) dropped.push(c.absolutePath);
    return kept;
  });
  if (dropped.length === 0) return [];
  const droppedFiles = new Set(dropped);
  const within = (dir: string) => (file: string) => file.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  return named
    .filter(({ absolutePath }) => droppedFiles.has(absolutePath) || (dropped.some(within(absolutePath)) && !walked.candidates.some((c) => within(absolutePath)(c.absolutePath))))
    .map(({ given }) => given);
}
