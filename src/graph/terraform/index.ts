/**
 * Terraform source adapter: `.tf` files → resource nodes (SPEC §2, Terraform paragraph).
 *
 * Every directory of files is a module; a directory no other module of the run calls is a root.
 * Each root is instantiated with its tfvars, each module call once per call and per `count` /
 * `for_each` key with the caller's arguments, and every resource instance becomes a node whose id is
 * its address from the root (`module.vpc.aws_flow_log.this[0]`). Roots never share instances, so
 * resources of different roots never link. Edges come from the references inside attributes.
 */
import type { HclFile } from '../../parse/hcl/ast.js';
import type { GraphBuilder } from '../builder.js';
import type { CallInstance, Expansion, ModuleInstance, ResourceInstance } from './context.js';
import { Evaluator } from './evaluate.js';
import { callExpansion, resourceExpansion, rootInstance } from './instances.js';
import { findRoots, groupByDirectory, ModuleLoader, type ModuleHost } from './modules.js';
import { resourceNode, stackNode } from './resources.js';
import { readTfvars } from './tfvars.js';

export type { ModuleHost } from './modules.js';

/** Evaluation steps per character of input: generous for real modules, a bound for hostile ones. */
const STEPS_PER_CHARACTER = 100;
const MIN_STEPS = 2_000_000;

export function addTerraformSource(files: HclFile[], builder: GraphBuilder, host: ModuleHost): void {
  const groups = groupByDirectory(files);
  const loader = new ModuleLoader(groups, host);
  const size = files.reduce((total, f) => total + f.file.text.length, 0);
  let roots: string[];
  try {
    roots = findRoots(groups, loader);
  } catch {
    // Written not to throw; if finding callers fails, every directory is linted as a root.
    roots = [...groups.keys()];
  }
  for (const dir of groups.keys()) {
    for (const duplicate of loader.definition(dir)?.duplicates ?? []) {
      builder.reportProblem({ span: { file: duplicate.file.file.path, start: duplicate.start, end: duplicate.end }, message: duplicate.message });
    }
  }
  for (const dir of roots) {
    const def = loader.definition(dir);
    if (!def) continue;
    // Each root gets its own budget: one pathological root must not leave the others unevaluated.
    const ev = new Evaluator(loader, host, Math.max(MIN_STEPS, size * STEPS_PER_CHARACTER));
    try {
      const root = { def, tfvars: readTfvars(dir, def.files, files, host) };
      addInstance(ev, rootInstance(root), builder);
    } catch {
      // Evaluation is written not to throw (unknown is a value); this is the backstop for one root.
    }
  }
}

function addInstance(ev: Evaluator, inst: ModuleInstance, builder: GraphBuilder): void {
  for (const decl of inst.def.resources.values()) {
    for (const res of instancesOf(resourceExpansion(ev, inst, decl))) {
      if (!builder.has(res.uid)) builder.add(resourceNode(ev, res));
    }
  }
  for (const name of inst.def.calls.keys()) {
    const expansion = callExpansion(ev, inst, name);
    if (!expansion) continue;
    for (const call of instancesOf<CallInstance>(expansion)) {
      if (call.resolved) addInstance(ev, call.inst, builder);
      else builder.add(stackNode(ev, call, inst));
    }
  }
}

function instancesOf<T extends CallInstance | ResourceInstance>(expansion: Expansion<T>): T[] {
  switch (expansion.mode) {
    case 'single':
      return [expansion.only];
    case 'list':
      return expansion.items;
    case 'map':
      return expansion.items.map(([, item]) => item);
    default:
      return [expansion.phantom];
  }
}
