/**
 * Phase 4a: one graph for the whole run, built by the adapter of each format the run has. Which
 * adapters (and parsers, for module folders outside the run) that takes is decided first, so a
 * driver can load just those.
 */
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GraphBuilder } from '../graph/builder.js';
import type { ResourceGraph } from '../graph/model.js';
import { DEFAULT_TERRAFORM_WORKSPACE } from './options.js';
import { need, TERRAFORM_SOURCE, type EngineModules, type LoadedInputs, type LoadedRun, type ModuleName } from './pipeline.js';
import { serverlessProjectLookup } from './serverless-projects.js';

export interface GraphNeeds {
  modules: ModuleName[];
  /** Terraform module folders outside the run are parsed (with `parseHcl` and `parseTfJson`). */
  moduleSources: boolean;
}

export function graphNeeds(inputs: LoadedInputs): GraphNeeds {
  const modules: ModuleName[] = [];
  const source = inputs.terraformSource.length > 0;
  const plans = inputs.terraformJson.length > 0;
  if (inputs.cloudformation.length > 0) modules.push('addCloudFormation');
  if (source || plans) modules.push('terraform');
  if (source) modules.push('addTerraformSource');
  if (plans) modules.push('addTerraformPlans');
  // Module sources beside a plan are parsed only if there are any: a plan-only run loads no HCL parser.
  const moduleSources = source || (plans && hasTerraformSource(inputs.terraformJson.map((doc) => dirname(doc.file.absolutePath))));
  if (moduleSources) modules.push('parseHcl', 'parseTfJson');
  // `yamldecode()` is evaluated synchronously, so its decoder (and the YAML parser) is loaded before
  // the graph is built, and only when the run's Terraform source names it.
  if (inputs.terraformSource.some((hcl) => hcl.file.text.includes('yamldecode'))) modules.push('decodeYaml');
  return { modules, moduleSources };
}

export interface BuiltGraph {
  graph: ResourceGraph;
  /**
   * Texts of every file the run read, by repository-relative path: the inputs and what the Terraform
   * module host loaded. Findings point into them; their paths are `LintResult.inputs`.
   */
  texts: Map<string, string>;
  /** The folder of a plan's root module source, when the run found it elsewhere than beside the plan (repository-relative). */
  planRoots?: Map<string, string>;
  /**
   * Modules the build would have used had they been loaded: `decodeYaml`, for a `yamldecode()` in a
   * module folder outside the run (its value was unknown). The caller loads them and builds again.
   */
  missing?: ModuleName[];
}

/** `modules` holds (at least) those `needs` names. */
export function buildGraph(run: LoadedRun, needs: GraphNeeds, modules: Partial<EngineModules>): BuiltGraph {
  const { inputs, root, limits, terraformWorkspace } = run;
  const texts = new Map<string, string>();
  for (const doc of [...inputs.cloudformation, ...inputs.terraformJson]) texts.set(doc.file.path, doc.file.text);
  for (const hcl of inputs.terraformSource) texts.set(hcl.file.path, hcl.file.text);
  for (const { file } of inputs.problems) texts.set(file.path, file.text);

  const builder = new GraphBuilder();
  let planRoots: Map<string, string> | undefined;
  const missing: ModuleName[] = [];
  if (inputs.cloudformation.length > 0) {
    const unparsed = new Map(inputs.problems.map(({ file }) => [resolve(file.absolutePath), file.path]));
    need(modules, 'addCloudFormation')(inputs.cloudformation, builder, limits, unparsed, serverlessProjectLookup(root));
  }
  if (inputs.terraformSource.length > 0 || inputs.terraformJson.length > 0) {
    const tf = need(modules, 'terraform');
    // The decoder, whenever it is loaded: the run's source calls yamldecode() (graphNeeds), an earlier
    // build found a module folder outside the run that does (`missing`), or the caller loads every
    // module (lint-sync.ts). Without it, a yamldecode() makes this build report it `missing`.
    const yaml = modules.decodeYaml;
    const parsers = needs.moduleSources ? { hcl: need(modules, 'parseHcl'), tfJson: need(modules, 'parseTfJson'), ...(yaml ? { yaml } : {}) } : undefined;
    // The module host adds the texts it reads.
    const host = new tf.DiskModuleHost(root, limits, texts, tf.byDirectory(inputs.terraformSource), parsers, tf.unparsedByDirectory(inputs.problems));
    if (inputs.terraformSource.length > 0) need(modules, 'addTerraformSource')(inputs.terraformSource, builder, host, limits, terraformWorkspace ?? DEFAULT_TERRAFORM_WORKSPACE);
    if (inputs.terraformJson.length > 0) {
      const locator = tf.planSourceLocator(root, host);
      need(modules, 'addTerraformPlans')(inputs.terraformJson, builder, { ...locator, limits });
      planRoots = locator.roots();
    }
    if (host.missedYamlDecoder) missing.push('decodeYaml');
  }
  return { graph: builder.build(), texts, ...(planRoots ? { planRoots } : {}), ...(missing.length > 0 ? { missing } : {}) };
}

/** Does any of these directories hold Terraform source (a plan's module source beside it)? */
function hasTerraformSource(dirs: Iterable<string>): boolean {
  for (const dir of dirs) {
    try {
      if (readdirSync(dir).some((n) => TERRAFORM_SOURCE.test(n))) return true;
    } catch {
      // unreadable: nothing to find there
    }
  }
  return false;
}
