/**
 * The resource limits (`--max-resources`, `--max-total-resources`, docs/limits.md). The node limit bounds what parsing a file
 * costs, not what the graph and the findings cost afterwards: about 1 KB a resource and 1.2 KB a
 * finding, so 1 million bare `AWS::EC2::VPC` resources (35 MB, 2 million values) took 2.36 GB, and
 * twice that exhausted the default heap, a fatal error. A file declaring more resources than the
 * limit is refused as soon as it is parsed, as a file that does not parse is: the rest of the run is
 * linted, and what depended on the file is unknown. CloudFormation itself takes 500 resources a
 * template; real plans hold tens of thousands of instances. A run of many files, each within the limit,
 * is bounded as a whole by the total.
 */
import type { DataDocument, ParseProblem } from '../parse/document.js';
import type { HclFile } from '../parse/hcl/ast.js';
import { isObject, own } from '../graph/values.js';

/** The resources a file declares, or the problem when they are more than one file may declare. */
export type ResourceCount = { count: number; problem?: undefined } | { count?: undefined; problem: ParseProblem };

/** A template's `Resources` (each `Fn::ForEach` counts once here; its copies have their own limit). */
export function templateResources(doc: DataDocument, maxResources: number): ResourceCount {
  const resources = own(doc.value, 'Resources');
  const count = isObject(resources) ? Object.keys(resources).length : 0;
  if (count <= maxResources) return { count };
  return { problem: tooMany(maxResources, 'resources', doc.locate(['Resources'], 'key')) };
}

/**
 * A plan's or state's resource instances: the larger of those in `planned_values` / `values` (with
 * their child modules) and the entries of `resource_changes`, which the graph reads both.
 */
export function planResources(doc: DataDocument, maxResources: number): ResourceCount {
  const changes = own(doc.value, 'resource_changes');
  const planned = moduleResources(own(own(doc.value, 'planned_values'), 'root_module')) + moduleResources(own(own(doc.value, 'values'), 'root_module'));
  const changed = Array.isArray(changes) ? changes.length : 0;
  if (Math.max(planned, changed) <= maxResources) return { count: Math.max(planned, changed) };
  const section = changed > planned ? 'resource_changes' : own(doc.value, 'planned_values') !== undefined ? 'planned_values' : 'values';
  return { problem: tooMany(maxResources, 'resource instances', doc.locate([section], 'key')) };
}

/** A `.tf` file's `resource` and `data` blocks, at the first block past the limit. */
export function sourceResources(hcl: HclFile, maxResources: number): ResourceCount {
  let count = 0;
  for (const block of hcl.body.blocks) {
    if ((block.type === 'resource' || block.type === 'data') && ++count > maxResources) return { problem: tooMany(maxResources, '`resource` and `data` blocks', block) };
  }
  return { count };
}

/**
 * The run-wide limit (`--max-total-resources`): a file whose resources would take the total the run's
 * files declare past it. Files are added in the run's order, so which one is refused does not depend
 * on the number of threads.
 */
export function pastTotalLimit(declaredBefore: number, count: number, maxTotal: number): ParseProblem | undefined {
  if (declaredBefore + count <= maxTotal) return undefined;
  const total = (declaredBefore + count).toLocaleString('en');
  const its = `${count.toLocaleString('en')} resource${count === 1 ? '' : 's'}`;
  const max = maxTotal.toLocaleString('en');
  // A file that passes the total alone (a limit set low) says so: "the files of this run" would be only it.
  const why = declaredBefore === 0 ? `it declares ${its}, more than the ${max} all the files of this run may declare together` : `with its ${its} the files of this run would declare ${total}, more than ${max} together`;
  return {
    message: `not checked: ${why} (raise it with --max-total-resources)`,
    start: 0,
    end: 0,
    limit: 'maxTotalResources',
  };
}

function tooMany(maxResources: number, what: string, at: { start: number; end: number }): ParseProblem {
  return { message: `more than ${maxResources.toLocaleString('en')} ${what} (raise it with --max-resources)`, start: at.start, end: at.end, limit: 'maxResources' };
}

/** Resources of a plan module and its child modules, without recursion (module nesting is data here). */
function moduleResources(root: unknown): number {
  let count = 0;
  const modules: unknown[] = [root];
  while (modules.length > 0) {
    const module = modules.pop();
    const resources = own(module, 'resources');
    if (Array.isArray(resources)) count += resources.length;
    const children = own(module, 'child_modules');
    if (Array.isArray(children)) for (const child of children) modules.push(child);
  }
  return count;
}
