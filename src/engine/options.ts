import type { ConfiguredLevel } from '../core/finding.js';
import type { RuleOptions } from '../core/rule.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../parse/document.js';

export interface RuleSetting {
  level?: ConfiguredLevel;
  options?: RuleOptions;
}

export interface InputLimits extends ParseLimits {
  /** Largest file read, in bytes; larger files are a parse-error naming this limit. */
  maxFileSize: number;
  /**
   * Longest chain of references followed while resolving one value (CloudFormation Ref → parameter →
   * parent stack → output → export …, Terraform variables, locals, module outputs; plan module
   * variables). Longer chains, and cycles, end as an unknown value, never a definite finding; a chain
   * cut by this limit is told in a warning notification. At most 256 links are followed, whatever this says.
   */
  maxReferenceDepth: number;
  /**
   * Most resources one file declares (template `Resources`, plan instances, `.tf` `resource` and
   * `data` blocks), and most resource instances one Terraform root module makes with `count` and
   * `for_each`; past it, the file or root is a parse-error naming this limit and is not checked
   * (engine/resource-count.ts, graph/terraform/index.ts).
   */
  maxResources: number;
  /**
   * Most resources all the files of a run declare together, counted as `maxResources` counts them per
   * file. The files are taken in the run's order (sorted by path); a file that would take the total
   * past it is a parse-error naming this limit and is not checked (engine/resource-count.ts): a run
   * of many files within `maxResources` each could otherwise still exhaust memory.
   */
  maxTotalResources: number;
  /**
   * Seconds that parsing one file may take, and again that resolving the values of one template, plan
   * or Terraform root module (with its modules) may take. Over budget, the file is a parse-error naming
   * this limit; values it did not get to resolve are unknown, never a definite finding.
   */
  fileTimeBudget: number;
}

/** Every limit, and whether it is a whole number (all but the time budget): validated alike by the library and `.flowguard.yaml`. */
export const LIMIT_KINDS: Readonly<Record<keyof InputLimits, { integer: boolean }>> = {
  maxFileSize: { integer: true },
  maxDepth: { integer: true },
  maxAliases: { integer: true },
  maxNodes: { integer: true },
  maxResources: { integer: true },
  maxTotalResources: { integer: true },
  maxReferenceDepth: { integer: true },
  fileTimeBudget: { integer: false },
};

export const DEFAULT_LIMITS: InputLimits = {
  ...DEFAULT_PARSE_LIMITS,
  maxFileSize: 256 * 1024 * 1024,
  // The graph adapters' own defaults (graph/limits.ts) are the same; not imported, so a run loads no graph module early.
  maxReferenceDepth: 64,
  maxResources: 200_000,
  maxTotalResources: 500_000,
  fileTimeBudget: 60,
};

export interface LintOptions {
  /** Working directory for relative paths; the repository root is found from it. Default: process.cwd(). */
  cwd?: string;
  /** Per-rule level and options, by rule id. */
  rules?: Record<string, RuleSetting>;
  limits?: Partial<InputLimits>;
  /** gitignore-style patterns, relative to the repository root, of files never linted (config `ignore`). */
  ignore?: string[];
  /**
   * Paths linted only so that links resolve (the stack a staged template imports from): their findings
   * are reported only when a related location of the finding is in a named path (the staged flow log
   * that no longer covers their VPC). The pre-commit hook passes the staged files as paths and the
   * repository as context.
   */
  context?: string[];
  /** Called as files are parsed (`done` of `total`); the CLI turns it into a progress line on a TTY. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Threads that read and parse files, the calling thread included (`lint()` only; `lintSync` always
   * uses one). Runs of many files (or megabytes of YAML/HCL) parse in worker threads; smaller runs stay
   * on the calling thread whatever this says. 1 = never start a worker. The result is the same either
   * way. Default: `os.availableParallelism()`.
   */
  jobs?: number;
  /**
   * The Terraform workspace `.tf` source is evaluated for: the value of `terraform.workspace`
   * (`terraform.workspace == "prod" ? 731 : 14`). Default `"default"`, Terraform's own. Plans need
   * none: Terraform evaluated them in theirs.
   */
  terraformWorkspace?: string;
  /**
   * The time tfsec's and trivy's `exp:` dates are compared with (`# trivy:ignore:AVD-AWS-0178:exp:2026-06-30`
   * suppresses before that day, UTC). Default: the clock when the run finishes; set it for a report
   * that must not change with the day.
   */
  now?: Date;
}

/** Terraform's workspace when none is selected, and flowguard's when none is given. */
export const DEFAULT_TERRAFORM_WORKSPACE = 'default';

/**
 * A name Terraform accepts for a workspace: one that Go's `url.PathEscape` leaves as it is (Terraform
 * refuses the others, e.g. `a/b`, `my env`, `eu,us` or `prod(1)`). PathEscape escapes a path segment:
 * of the characters RFC 3986 reserves it keeps only `$ & + : = @`, and it escapes `! ' ( ) * , ;`.
 */
export function isWorkspaceName(name: string): boolean {
  return /^[A-Za-z0-9\-._~$&+:=@]+$/.test(name);
}
