/**
 * Terraform source adapter: `.tf` files → resource nodes (SPEC §2, Terraform paragraph).
 *
 * Every directory of files is a module; a directory no other module of the run calls is a root.
 * Each root is instantiated with its tfvars, each module call once per call and per `count` /
 * `for_each` key with the caller's arguments, and every resource instance becomes a node whose id is
 * its address from the root (`module.vpc.aws_flow_log.this[0]`). Roots never share instances; a
 * resource of one root links to another's only through `data "terraform_remote_state"` that reads
 * where the other keeps its state (remote-state.ts). Edges come from the references inside attributes.
 */
import { Deadline } from '../../core/deadline.js';
import type { Span } from '../../core/source.js';
import type { HclFile } from '../../parse/hcl/ast.js';
import type { GraphBuilder } from '../builder.js';
import { guarded } from '../guarded.js';
import { CutLedger, DEFAULT_RESOLUTION_LIMITS, markIncomplete, type ResolutionLimits } from '../limits.js';
import type { InputProblem, ResourceNode } from '../model.js';
import { expansionInstances, headerSpan, type CallInstance, type ModuleDef, type ModuleInstance, type RootModule } from './context.js';
import { Evaluator } from './evaluate.js';
import { callExpansion, resourceExpansion, rootInstance, varValue } from './instances.js';
import { findRoots, groupByDirectory, isVarFile, ModuleLoader, type ModuleHost } from './modules.js';
import { resourceNode, stackNode } from './resources.js';
import { detachedDirectives } from './suppressions.js';
import { unparsedNode } from './unparsed.js';
import { readTfvars } from './tfvars.js';
import { RemoteStates } from './remote-state.js';
import { backendConfigFiles } from './backend-config-files.js';

export type { ModuleHost } from './modules.js';

/** Evaluation steps per character of input: generous for real modules, a bound for hostile ones. */
const STEPS_PER_CHARACTER = 100;
const MIN_STEPS = 2_000_000;

/** `workspace`: the value of `terraform.workspace` (`LintOptions.terraformWorkspace`). */
export function addTerraformSource(files: HclFile[], builder: GraphBuilder, host: ModuleHost, limits: ResolutionLimits = DEFAULT_RESOLUTION_LIMITS, workspace = 'default'): void {
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
    for (const problem of loader.definition(dir)?.problems ?? []) {
      builder.reportProblem({ span: { file: problem.file.file.path, start: problem.start, end: problem.end }, message: problem.message });
    }
  }
  const ledger = new CutLedger(builder, limits);
  // Another root's state is read with a root of its own, whose variable files are read again (only
  // then); their problems are reported where that root is evaluated.
  const otherRoot = (dir: string): RootModule | undefined => {
    const def = loader.definition(dir);
    return def ? { def, workspace, tfvars: readTfvars(dir, def.files, files, host) } : undefined;
  };
  const remoteStates = new RemoteStates(roots, (dir) => loader.definition(dir), otherRoot, workspace, (dir) => backendConfigFiles(host, dir));
  // An invalid `count` in a module called many times is one problem of its file, not one per instance.
  const reported = new Set<string>();
  const report = (problem: InputProblem): void => {
    const key = `${problem.span.file}:${problem.span.start}:${problem.span.end}:${problem.message}`;
    if (reported.has(key)) return;
    reported.add(key);
    builder.reportProblem(problem);
  };
  for (const dir of roots) {
    const def = loader.definition(dir);
    if (!def) continue;
    // Each root gets its own budgets (steps and time): one pathological root must not leave the others unevaluated.
    const onTimeUp = (deadline: Deadline): void => ledger.time(deadline, rootSpan(def, ledger.subject?.span), "this root module's");
    const ev = new Evaluator(loader, host, Math.max(MIN_STEPS, size * STEPS_PER_CHARACTER), ledger, new Deadline(limits.fileTimeBudget), onTimeUp, report);
    ev.remoteStates = remoteStates;
    const mark = builder.mark();
    const maxResources = limits.maxResources ?? DEFAULT_RESOLUTION_LIMITS.maxResources!;
    try {
      const root = { def, workspace, tfvars: readTfvars(dir, def.files, files, host, (problem) => builder.reportProblem(problem)) };
      // Roots never share instances: a cut value may name a resource of this root only (their logical file is one of its files).
      ev.reach = new Set(def.files.map((f) => f.file.path));
      const inst = rootInstance(root);
      addInstance(ev, inst, builder, ev.reach, { left: maxResources });
      // Terraform checks every value a variable file sets against its variable's type, used or not.
      for (const name of root.tfvars.keys()) if (def.variables.has(name)) varValue(ev, inst, name);
    } catch (error) {
      // Evaluation is written not to throw (unknown is a value); this is the backstop for one root.
      if (error instanceof TooManyInstances) {
        // A part of a root would be judged without the rest (a flow log not made yet): none of it is.
        builder.discardSince(mark);
        const message = `this root module makes more than ${maxResources.toLocaleString('en')} resource instances, count and for_each included; none of its resources was checked (raise it with --max-resources)`;
        builder.reportProblem({ span: rootSpan(def, undefined), message });
      }
    }
  }
  guarded(() => {
    for (const problem of loader.problemsOutsideRun()) builder.reportProblem(problem);
  });
  guarded(() => reportDetachedSuppressions(files, loader, builder));
}

/**
 * Suppression comments on no block, in the module folders read: the run's and those its calls
 * reached, not those `terraform init` installed (nobody edits them; their findings sit on the call).
 */
function reportDetachedSuppressions(files: readonly HclFile[], loader: ModuleLoader, builder: GraphBuilder): void {
  const seen = new Set<string>();
  for (const file of [...files, ...loader.loadedDefinitions().flatMap((def) => def.files)]) {
    if (isVarFile(file) || seen.has(file.file.path) || /(^|\/)\.terraform\/modules\//.test(file.file.path)) continue;
    seen.add(file.file.path);
    for (const directive of detachedDirectives(file)) builder.reportInertSuppression({ why: 'detached', span: directive.span, directive });
  }
}

/**
 * Adds the nodes of a module instance and of the modules it calls. `seen` collects the uids of the
 * resources added, for an instance above with a file that could not be parsed (undefined when none).
 */
/**
 * Thrown when a root module makes more resource instances than `--max-resources`: `count` and
 * `for_each` multiply blocks (1,000 blocks of `count = 1000` are a 60 KB file and 1 million
 * instances, 2.3 GB), which the per-file block count cannot see.
 */
class TooManyInstances extends Error {}

function addInstance(ev: Evaluator, inst: ModuleInstance, builder: GraphBuilder, reach: ReadonlySet<string>, budget: { left: number }, seen?: string[]): void {
  const { ledger } = ev;
  const prefix = inst.address ? `${inst.address}.` : '';
  // An unparsed file of this instance may use all it declares, and all its modules declare.
  const collected = inst.def.unparsed.length > 0 ? [] : seen;
  for (const decl of inst.def.resources.values()) {
    const span = headerSpan(decl.file, decl.block);
    ledger.subject = { file: decl.file.file.path, span, what: `${prefix}${decl.mode === 'data' ? 'data.' : ''}${decl.type}.${decl.name}` };
    const cuts = ledger.count;
    for (const res of expansionInstances(resourceExpansion(ev, inst, decl))) {
      if (builder.has(res.uid)) continue;
      if (--budget.left < 0) throw new TooManyInstances();
      ledger.subject = { file: decl.file.file.path, span, what: res.address };
      builder.add(complete(resourceNode(ev, res), ledger.count > cuts, reach));
      collected?.push(res.uid);
    }
  }
  for (const [name, decl] of inst.def.calls) {
    const subject = { file: decl.file.file.path, span: headerSpan(decl.file, decl.node), what: `${prefix}module.${name}` };
    ledger.subject = subject;
    const cuts = ledger.count;
    const expansion = callExpansion(ev, inst, name);
    if (!expansion) continue;
    for (const call of expansionInstances<CallInstance>(expansion)) {
      ledger.subject = subject;
      if (call.resolved) addInstance(ev, call.inst, builder, reach, budget, collected);
      else builder.add(complete(stackNode(ev, call, inst), ledger.count > cuts, reach));
    }
  }
  if (collected === seen) return;
  const node = unparsedNode(ev, inst, inst.def.unparsed, collected!);
  if (!builder.has(node.uid)) builder.add(node);
  if (seen) for (const uid of collected!) seen.push(uid);
}

/** A node whose evaluation met a cut (depth, time) holds unknowns that may be anything: see graph/limits.ts. */
function complete(node: ResourceNode, cut: boolean, reach: ReadonlySet<string>): ResourceNode {
  if (cut) markIncomplete(node, reach);
  return node;
}

/** Where a root module's time-budget problem goes: where it stopped when that is in the root, else the root's first file. */
function rootSpan(def: ModuleDef, stopped: Span | undefined): Span {
  if (stopped && def.files.some((f) => f.file.path === stopped.file)) return stopped;
  return { file: def.files[0]?.file.path ?? '', start: 0, end: 0 };
}

