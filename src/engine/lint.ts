/**
 * The engine: paths in, a `LintResult` out. Runs the pipeline's phases (pipeline.ts) and imports,
 * between them, exactly the parsers and graph adapters the run's formats need (SPEC §8).
 * Nothing here throws for bad input: a bad file becomes a `parse-error` finding and the others go on.
 */
import type { LintResult } from '../core/result.js';
import { finish } from './finish.js';
import { buildGraph, graphNeeds } from './graph-build.js';
import type { LintOptions } from './options.js';
import { parseInputs } from './parse-inputs.js';
import type { Analysis, EngineModules, LintInput, ModuleName } from './pipeline.js';
import { prepare } from './prepare.js';
import { readInputs } from './read.js';

export type { Analysis, InputDocument, LintInput } from './pipeline.js';

export async function lint(input: LintInput, options: LintOptions = {}): Promise<LintResult> {
  return (await analyze(input, options)).result;
}

export async function analyze(input: LintInput, options: LintOptions = {}): Promise<Analysis> {
  const read = readInputs(prepare(input, options));
  const modules = await load(read.parsers);
  const run = parseInputs(read, modules, options.onProgress);
  const needs = graphNeeds(run.inputs);
  return finish(run, buildGraph(run, needs, await load(needs.modules, modules)), options);
}

const LOADERS: { [K in ModuleName]: () => Promise<EngineModules[K]> } = {
  parseJson: async () => (await import('../parse/json.js')).parseJson,
  parseYaml: async () => (await import('../parse/yaml.js')).parseYaml,
  parseHcl: async () => (await import('../parse/hcl/index.js')).parseHcl,
  // Its own module: `.tf` files alone must not load jsonc-parser, nor the other way round.
  parseTfJson: async () => (await import('../parse/hcl/tfjson.js')).parseTfJson,
  addCloudFormation: async () => (await import('../graph/cloudformation/index.js')).addCloudFormation,
  addTerraformSource: async () => (await import('../graph/terraform/index.js')).addTerraformSource,
  addTerraformPlans: async () => (await import('../graph/terraform-plan/index.js')).addTerraformPlans,
  terraform: () => import('./terraform.js'),
};

async function load(names: readonly ModuleName[], into: Partial<EngineModules> = {}): Promise<Partial<EngineModules>> {
  await Promise.all(names.map((name) => loadOne(name, into)));
  return into;
}

async function loadOne<K extends ModuleName>(name: K, into: Partial<EngineModules>): Promise<void> {
  into[name] ??= await LOADERS[name]();
}
