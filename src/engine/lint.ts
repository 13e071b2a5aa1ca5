/**
 * The engine: paths in, a `LintResult` out. Runs the pipeline's phases (pipeline.ts) and imports,
 * between them, exactly the parsers and graph adapters the run's formats need (SPEC §8).
 * Nothing here throws for bad input: a bad file becomes a `parse-error` finding and the others go on.
 */
import type { LintResult } from '../core/result.js';
import { finish } from './finish.js';
import { buildGraph, graphNeeds } from './graph-build.js';
import type { LintOptions } from './options.js';
import { defaultJobs, workMeter } from './parallel/plan.js';
import { parseInputs } from './parse-inputs.js';
import type { Analysis, EngineModules, LintInput, LoadedRun, ModuleName, PreparedRun, ReadFile } from './pipeline.js';
import { prepare } from './prepare.js';
import { readCandidate, withFiles } from './read.js';
import { validateLintCall } from './validate-options.js';

export type { Analysis, InputDocument, LintInput } from './pipeline.js';

export async function lint(input: LintInput, options: LintOptions = {}): Promise<LintResult> {
  return (await analyze(input, validateLintCall(input, options))).result;
}

export async function analyze(input: LintInput, options: LintOptions = {}): Promise<Analysis> {
  const modules: Partial<EngineModules> = {};
  const run = await loadNestedTemplates(await loadRun(prepare(input, options), modules, options), modules);
  const needs = graphNeeds(run.inputs);
  const built = buildGraph(run, needs, await load(needs.modules, modules));
  if (built.missing === undefined) return finish(run, built, options);
  // A module folder outside the run calls yamldecode(), which graphNeeds could not see in the run's own
  // source: load the decoder and build again (rare; the parsed inputs are reused as they are).
  const more = { ...needs, modules: [...needs.modules, ...built.missing] };
  return finish(run, buildGraph(run, more, await load(more.modules, modules)), options);
}

/**
 * Phase 3b, on this thread whatever phase 3 used: the child templates of the run's nested stacks that
 * it does not have (nested-templates.ts). Loaded only for runs with CloudFormation, and the parsers
 * a child may need only when there is one to read.
 */
async function loadNestedTemplates(run: LoadedRun, modules: Partial<EngineModules>): Promise<LoadedRun> {
  if (run.inputs.cloudformation.length === 0) return run;
  const nested = await import('./nested-templates.js');
  const first = nested.nestedTemplatesToRead(run);
  if (first.length === 0) return run;
  return nested.withNestedTemplates(run, await load(nested.NESTED_TEMPLATE_PARSERS, modules), first);
}

/**
 * Phases 2 and 3: in this thread, or, for runs large enough to pay for it, in worker threads too
 * (parallel/). The files read here decide which: once they hold enough to parse (parallel/plan.ts),
 * the workers start, and the files read so far are the main thread's to parse, not read again.
 */
async function loadRun(prepared: PreparedRun, modules: Partial<EngineModules>, options: LintOptions): Promise<LoadedRun> {
  const { candidates } = prepared.walked;
  const jobs = options.jobs ?? defaultJobs();
  const meter = workMeter(candidates.length, jobs);
  const files: ReadFile[] = [];
  for (const candidate of candidates) {
    const read = readCandidate(candidate, prepared.root, prepared.limits);
    files.push(read);
    if (meter?.add('parser' in read ? read.parser : undefined, read.file.text.length)) {
      const { loadParallel } = await import('./parallel/pool.js');
      return loadParallel(prepared, { jobs, modules, load, onProgress: options.onProgress, read: files });
    }
  }
  const read = withFiles(prepared, files);
  await load(read.parsers, modules);
  return parseInputs(read, modules, options.onProgress);
}

const LOADERS: { [K in ModuleName]: () => Promise<EngineModules[K]> } = {
  parseJson: async () => (await import('../parse/json.js')).parseJson,
  parseYaml: async () => (await import('../parse/yaml.js')).parseYaml,
  parseHcl: async () => (await import('../parse/hcl/index.js')).parseHcl,
  // Its own module, loaded only for runs with Terraform source (graph-build.ts `graphNeeds`): a folder
  // of modules the run reads may hold `.tf.json` files beside `.tf` ones, so such a run loads both.
  parseTfJson: async () => (await import('../parse/hcl/tfjson.js')).parseTfJson,
  addCloudFormation: async () => (await import('../graph/cloudformation/index.js')).addCloudFormation,
  addTerraformSource: async () => (await import('../graph/terraform/index.js')).addTerraformSource,
  addTerraformPlans: async () => (await import('../graph/terraform-plan/index.js')).addTerraformPlans,
  terraform: () => import('./terraform.js'),
  decodeYaml: async () => (await import('../graph/terraform/yaml-decode.js')).decodeYaml,
};

async function load(names: readonly ModuleName[], into: Partial<EngineModules> = {}): Promise<Partial<EngineModules>> {
  await Promise.all(names.map((name) => loadOne(name, into)));
  return into;
}

async function loadOne<K extends ModuleName>(name: K, into: Partial<EngineModules>): Promise<void> {
  into[name] ??= await LOADERS[name]();
}
