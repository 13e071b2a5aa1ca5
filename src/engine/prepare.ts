/**
 * Phase 1: which files a run reads — the walked paths or the in-memory documents, the context that
 * joins them for links only, minus the ignored ones.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import ignore from 'ignore';
import { findRepositoryRoot, toRepoPath } from '../discover/repo-root.js';
import { walk, type Candidate, type WalkResult } from '../discover/walk.js';
import { DEFAULT_LIMITS, type LintOptions } from './options.js';
import { TERRAFORM_SOURCE, type LintInput, type PreparedRun } from './pipeline.js';

/** Uses `cwd`, `limits`, `ignore` and `context` of the options. */
export function prepare(input: LintInput, options: LintOptions): PreparedRun {
  const cwd = options.cwd ?? process.cwd();
  const root = findRepositoryRoot(cwd);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const walked: WalkResult = Array.isArray(input)
    ? walk(input, cwd)
    : { candidates: input.documents.map((d) => ({ absolutePath: resolve(cwd, d.path), explicit: d.explicit ?? true, text: d.text })), problems: [] };
  const named = Array.isArray(input) ? walked.candidates.filter((c) => c.explicit) : walked.candidates;
  const known = new Set(walked.candidates.map((c) => c.absolutePath));
  const siblings = moduleSiblings(named).filter((c) => !known.has(c.absolutePath));
  const withContext = (options.context?.length ?? 0) > 0 || siblings.length > 0;
  const reported = withContext ? new Set(walked.candidates.map((c) => toRepoPath(root, c.absolutePath))) : undefined;
  if (options.context?.length) {
    // [cli: pre-commit] With context the paths are changed files, not files the user named: pre-commit
    // passes every staged .json/.yaml (package.json, workflows), and one that is not a template must be
    // skipped as a walked file is, not reported as a parse-error. Broken templates are still reported.
    for (const candidate of walked.candidates) candidate.explicit = false;
    mergeContext(walked, walk(options.context, cwd));
  }
  if (siblings.length > 0) mergeContext(walked, { candidates: siblings, problems: [] });
  const ignoredPaths = options.ignore?.length ? dropIgnored(walked, root, options.ignore, namedPaths(input, cwd)) : [];
  return { root, limits, walked, ignoredPaths, ...(reported ? { reported } : {}) };
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
 * A Terraform module is its folder (SPEC §4): a `.tf` file named without the others of its folder
 * would evaluate as a different module (its `variables.tf` declares what `main.tf` uses). The
 * folder's other `.tf` and `.tf.json` files come along as context, as Terraform itself reads them.
 */
function moduleSiblings(named: Candidate[]): Candidate[] {
  const dirs = new Set(named.filter((c) => TERRAFORM_SOURCE.test(c.absolutePath)).map((c) => dirname(c.absolutePath)));
  const siblings: Candidate[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // an editor's virtual file (`doc.md/0.tf`), or a folder gone since
    }
    for (const name of names) {
      const absolutePath = join(dir, name);
      if (TERRAFORM_SOURCE.test(name) && isFile(absolutePath)) siblings.push({ absolutePath, explicit: false });
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

/** Context files join the run as walked files (never "explicit": an unrelated file there is skipped). */
function mergeContext(walked: WalkResult, context: WalkResult): void {
  const known = new Set(walked.candidates.map((c) => c.absolutePath));
  for (const candidate of context.candidates) {
    if (!known.has(candidate.absolutePath)) walked.candidates.push({ ...candidate, explicit: false });
  }
  walked.candidates.sort((a, b) => (a.absolutePath < b.absolutePath ? -1 : a.absolutePath > b.absolutePath ? 1 : 0));
  walked.problems.push(...context.problems.map((p) => ({ ...p, fatal: false })));
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
