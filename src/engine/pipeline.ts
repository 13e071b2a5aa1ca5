/**
 * The engine's one pipeline, as synchronous phases over plain data: prepare (which files) → read
 * (bytes, text, which parser) → parse (documents by format) → graph → finish (rules and findings).
 * The format-specific modules are passed in, so two drivers run the same phases: `lint.ts` imports
 * exactly the modules a run needs between phases (SPEC §8), `lint-sync.ts` imports them all statically
 * (ESLint cannot await). This file holds the data passed between the phases.
 */
import type { LintResult } from '../core/result.js';
import type { SourceFile } from '../core/source.js';
import type { WalkResult } from '../discover/walk.js';
import type { addCloudFormation } from '../graph/cloudformation/index.js';
import type { ResourceGraph } from '../graph/model.js';
import type { addTerraformSource } from '../graph/terraform/index.js';
import type { addTerraformPlans } from '../graph/terraform-plan/index.js';
import type { DataDocument, ParseProblem, ParseResult } from '../parse/document.js';
import type { HclFile } from '../parse/hcl/ast.js';
import type { HclResult } from '../parse/hcl/index.js';
import type { InputLimits } from './options.js';
import type * as TerraformGlue from './terraform.js';
import type { decodeYaml } from '../graph/terraform/yaml-decode.js';

/**
 * In-memory input for editors and scripts: a path (for positions and links) and its text.
 * `explicit: false` gives it a walked file's treatment: linted only when it is evidently a template
 * (an editor buffer of `package.json` is skipped, not reported as "not a template"). Default `true`.
 */
export interface InputDocument {
  path: string;
  text: string;
  /**
   * The bytes `text` was decoded from, when they are not valid UTF-8 (an editor's text of such a
   * file): the run reads them as it would the file, and so reports what is wrong with them.
   */
  bytes?: Uint8Array;
  explicit?: boolean;
}

export type LintInput = string[] | { documents: InputDocument[] };

/** A run's findings together with the graph they came from (for `flowguard graph` and editors). */
export interface Analysis {
  result: LintResult;
  graph: ResourceGraph;
}

export type DataParser = (file: SourceFile, limits: InputLimits) => ParseResult;
export type HclParser = (file: SourceFile, limits: InputLimits) => HclResult;

/** The format-specific modules, by name: a run needs only those of the formats it has. */
export interface EngineModules {
  parseJson: DataParser;
  parseYaml: DataParser;
  parseHcl: HclParser;
  parseTfJson: HclParser;
  addCloudFormation: typeof addCloudFormation;
  addTerraformSource: typeof addTerraformSource;
  addTerraformPlans: typeof addTerraformPlans;
  /** The file-system glue of Terraform evaluation (module host, plan source locator). */
  terraform: typeof TerraformGlue;
  /** Terraform's `yamldecode()`, with the YAML parser: only for runs whose source calls it. */
  decodeYaml: typeof decodeYaml;
}

export type ModuleName = keyof EngineModules;
export type ParserName = 'parseJson' | 'parseYaml' | 'parseHcl' | 'parseTfJson';

/** A module a phase asked for: the driver loaded it before running that phase, or it is a driver bug. */
export function need<K extends ModuleName>(modules: Partial<EngineModules>, name: K): EngineModules[K] {
  const module = modules[name];
  if (module === undefined) throw new Error(`flowguard engine: module ${name} was not loaded`);
  return module;
}

/** Terraform source files: native syntax and its JSON variant. */
export const TERRAFORM_SOURCE = /\.tf(\.json)?$/i;

/**
 * Terraform variable files. Input of the module in their folder, which reads them itself as Terraform
 * does (graph/terraform/tfvars.ts); never a document of their own.
 */
export const TERRAFORM_VARIABLES = /\.tfvars(\.json)?$/i;

/** Phase 1: the files of a run, before any is read. */
export interface PreparedRun {
  /** The repository root: findings' paths are relative to it. */
  root: string;
  limits: InputLimits;
  /** `terraform.workspace` for `.tf` source (`LintOptions.terraformWorkspace`); absent: `"default"`. */
  terraformWorkspace?: string;
  walked: WalkResult;
  /**
   * Repository-relative paths of the named files: only findings in them, on their resources or with a
   * related location in them are reported (finish.ts); undefined when all are.
   */
  reported?: ReadonlySet<string>;
  /** Named paths, as given, that the `ignore` patterns excluded entirely (`LintResult.ignoredPaths`). */
  ignoredPaths?: string[];
}

/** Phase 2: one entry per candidate, in the candidates' order. */
export type ReadFile =
  | { file: SourceFile; parser: ParserName; explicit: boolean }
  | { file: SourceFile; problem: ParseProblem }
  /** Not ours (a walked `package.json`, a binary file): counted for progress, never parsed. */
  | { file: SourceFile; skipped: true };

export interface ReadRun extends PreparedRun {
  files: ReadFile[];
  /** The parsers the files need. */
  parsers: ParserName[];
}

export interface FileProblem {
  file: SourceFile;
  problem: ParseProblem;
}

export interface LoadedInputs {
  cloudformation: DataDocument[];
  /** Parsed plans and states, kept for the Terraform adapter. */
  terraformJson: DataDocument[];
  /** Parsed `.tf` and `.tf.json` files. */
  terraformSource: HclFile[];
  problems: FileProblem[];
  /** Every file that was linted (parsed as one of our formats), repository-relative. */
  files: string[];
  /** The resources those files declare together, against `maxTotalResources`. */
  declaredResources: number;
}

/** Phase 3: a run read and parsed, before any graph or rule. */
export interface LoadedRun extends PreparedRun {
  inputs: LoadedInputs;
  /**
   * Child templates that the run read only because a nested stack names them (nested-templates.ts)
   * and that a reported template leads to (all of them when `reported` is undefined),
   * repository-relative: the named parent deploys them, so their parse problems are reported as a
   * named file's are; being read, not named, they are not counted in the summary.
   */
  includedTemplates?: ReadonlySet<string>;
}
