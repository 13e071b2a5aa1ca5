/**
 * The engine, synchronously, for callers that cannot await: ESLint's `Language.parse` and rules are
 * synchronous. The same phases as `lint()` (pipeline.ts), with every format's modules imported up front.
 *
 * The run is split where the I/O ends: `loadSync` walks, reads and parses (and reports parse
 * problems); `analyzeLoaded` builds the graph and runs the rules. ESLint needs the split: parse
 * errors must be known in `Language.parse`, while which rules run (and with which options) is known
 * only once the rules are created.
 */
import type { LintResult } from '../core/result.js';
import { addCloudFormation } from '../graph/cloudformation/index.js';
import { addTerraformSource } from '../graph/terraform/index.js';
import { addTerraformPlans } from '../graph/terraform-plan/index.js';
import { parseHcl } from '../parse/hcl/index.js';
import { parseTfJson } from '../parse/hcl/tfjson.js';
import { parseJson } from '../parse/json.js';
import { parseYaml } from '../parse/yaml.js';
import { decodeYaml } from '../graph/terraform/yaml-decode.js';
import { validateLintCall } from './validate-options.js';
import { finish } from './finish.js';
import { buildGraph, graphNeeds, type BuiltGraph } from './graph-build.js';
import type { LintOptions } from './options.js';
import { withNestedTemplates } from './nested-templates.js';
import { parseInputs } from './parse-inputs.js';
import type { Analysis, EngineModules, LintInput, LoadedRun } from './pipeline.js';
import { prepare } from './prepare.js';
import { readInputs } from './read.js';
import * as terraform from './terraform.js';

export type { InputDocument as SyncDocument, LintInput as SyncInput, LoadedRun } from './pipeline.js';
export type { BuiltGraph } from './graph-build.js';

/**
 * Every module, imported statically. A caller may pass a copy with its own parsers in their place (the
 * ESLint plugin's memo of parse results, eslint/parse-memo.ts) to `loadSync` and `buildLoaded`.
 */
export const SYNC_MODULES: Readonly<EngineModules> = { parseJson, parseYaml, parseHcl, parseTfJson, addCloudFormation, addTerraformSource, addTerraformPlans, terraform, decodeYaml };

export function lintSync(input: LintInput, options: LintOptions = {}): LintResult {
  const checked = validateLintCall(input, options);
  return analyzeLoaded(loadSync(input, checked), checked).result;
}

/** Walks, reads and parses the run's files, and the child templates their nested stacks name (nested-templates.ts). Uses `cwd`, `limits`, `ignore`, `context` and `onProgress` of the options. */
export function loadSync(input: LintInput, options: LintOptions = {}, modules: Readonly<EngineModules> = SYNC_MODULES): LoadedRun {
  return withNestedTemplates(parseInputs(readInputs(prepare(input, options)), modules, options.onProgress), modules);
}

/** The graph of a loaded run: built once, it can be analyzed with several rule settings. `modules` parse the Terraform module folders outside the run. */
export function buildLoaded(run: LoadedRun, modules: Readonly<EngineModules> = SYNC_MODULES): BuiltGraph {
  return buildGraph(run, graphNeeds(run.inputs), modules);
}

/** Graph, rules, suppressions and findings of a loaded run. Uses `rules` of the options. */
export function analyzeLoaded(run: LoadedRun, options: LintOptions = {}, built: BuiltGraph = buildLoaded(run)): Analysis {
  return finish(run, built, options);
}
