import type { Finding, ToolNotification } from './finding.js';
import type { RuleMeta } from './rule.js';

/** Everything a reporter needs about one run. Findings are sorted (file, line, column, rule, resource). */
export interface LintResult {
  findings: Finding[];
  /** Files that could not be read or parsed, limits hit, and other run-level messages. */
  notifications: ToolNotification[];
  /** Metadata of every rule that was enabled, in a stable order (SARIF `rules[]`, `ruleIndex`). */
  rules: RuleMeta[];
  /**
   * Repository-relative paths of the files that were linted, sorted: those whose findings are reported.
   * Files read only to resolve links (`--context`, the other `.tf` files of a named file's folder) are
   * not among them.
   */
  files: string[];
  /**
   * Repository-relative paths of every file the run read, sorted: the linted files, the context, files
   * that could not be parsed, and what resolving values loaded (Terraform modules outside the named
   * paths, tfvars, `file()` arguments, module manifests). Always set by `lint()`; the CLI never
   * writes `--output` over one of them (SPEC §6).
   */
  inputs?: string[];
  /**
   * Paths named in the input, as given, that the `ignore` patterns exclude entirely: a named file, or
   * a named folder whose every file matches. Nothing of them was linted. Always set by `lint()`.
   */
  ignoredPaths?: string[];
  /**
   * CDK cloud assemblies (`cdk.out`) that the walk left out because `.gitignore` excludes them,
   * relative to the working directory: `flowguard` in a CDK project finds nothing else to lint.
   */
  ignoredAssemblies?: string[];
  /** False when the run itself could not do its job (SARIF `invocations[0].executionSuccessful`). */
  executionSuccessful: boolean;
}
