/**
 * A reference to something its module does not declare (`aws_vpc.mian.id` beside `aws_vpc.main`,
 * `var.vpc_idd`): Terraform refuses the configuration ("Reference to undeclared resource"), so the
 * value is an error that names what it most likely meant (`RUnknown.undeclared` once in the graph),
 * and a flow log that uses one is never created (resources.ts).
 *
 * Only in a module the run holds whole: every `.tf` and `.tf.json` file its folder has on disk, each
 * parsed. A file that does not parse may declare the name; so may one the run left out (matched by an
 * `ignore` pattern or by `.gitignore`: a generated file), and a folder that is not on disk (a library
 * caller's documents, an editor's code block in a Markdown file) may have more. So may a Terragrunt
 * folder (`terragrunt.hcl` beside the `.tf` files): Terragrunt copies them beside the module its
 * `terraform { source }` names, and writes the files of `generate` blocks (its own, or an included
 * parent's), before Terraform reads the folder.
 */
import { basename } from 'node:path';
import type { Span } from '../../core/source.js';
import { nearestName, suggestionBudget, type SuggestionBudget } from '../../core/suggest.js';
import type { Undeclared } from '../model.js';
import type { ModuleDef, ModuleInstance } from './context.js';
import type { ModuleHost } from './modules.js';
import { verror, type VError } from './values.js';

/**
 * Suggestions worked out per module instance (each compares the name with every declared one; the
 * nodes a suggestion names differ between instances); past the limit, errors are marked without a guess.
 */
const MAX_SUGGESTED = 64;
const SUGGESTIONS = new WeakMap<ModuleInstance, Map<string, Undeclared>>();
/**
 * The declared name each undeclared one most likely meant, per module (every instance of a module
 * declares the same names: a module called 1,000 times by `count` compares them once), with the
 * edit-distance work its suggestions may still spend.
 */
const NEAREST = new WeakMap<ModuleDef, { budget: SuggestionBudget; near: Map<string, string | undefined> }>();

export interface UndeclaredName {
  /** What the name is written after: `aws_vpc.`, `data.aws_iam_role.`, `var.`, `local.`, `module.`. */
  prefix: string;
  /** The name itself: `mian` of `aws_vpc.mian`. Only names are compared: every candidate shares the prefix. */
  name: string;
  /** What it had to name, for messages: `resource`, `variable`, `local value`, `module call`, `output`. */
  expected: string;
  /** The names declared after the same prefix. */
  candidates: () => Iterable<string>;
  /** The graph node a suggested name stands for (a resource without `count` or `for_each`), if any. */
  uidsOf?: (near: string) => readonly string[];
  /**
   * The graph nodes the name most likely meant when no declared name is close to it: a module's one
   * VPC, read through an output the module does not declare at all (instances.ts).
   */
  meant?: () => readonly string[];
}

export function undeclaredError(host: ModuleHost, inst: ModuleInstance, why: string, span: Span, what: UndeclaredName): VError {
  const error = verror(why, span);
  if (!isWhole(host, inst.def)) return error;
  return { ...error, undeclared: suggestionFor(inst, what) };
}

const MODULE_FILE = /\.tf(\.json)?$/i;
const TERRAGRUNT_CONFIG = /^terragrunt\.hcl(\.json)?$/;
const WHOLE = new WeakMap<ModuleDef, boolean>();

/** Whether the run holds every file of the module's folder, parsed (see the file's comment). */
export function isWhole(host: ModuleHost, def: ModuleDef): boolean {
  let whole = WHOLE.get(def);
  if (whole === undefined) {
    // The same files by name: a document handed to the library, beside no file of its name, is not whole.
    const names = host.listDir?.(def.dir) ?? [];
    const onDisk = new Set(names.filter((name) => MODULE_FILE.test(name)));
    whole =
      def.unparsed.length === 0 &&
      !names.some((name) => TERRAGRUNT_CONFIG.test(name)) &&
      onDisk.size === def.files.length &&
      def.files.every((file) => onDisk.has(basename(file.file.absolutePath)));
    WHOLE.set(def, whole);
  }
  return whole;
}

/**
 * Why Terraform refuses the configuration, for a flow log's `refused` existence. `passedIn`: the name
 * is written in a module that calls the flow log's (`vpc_id = data.aws_vpc.default.id` in its module
 * block), which is the module that does not declare it.
 */
export function refusedFor(undeclared: Undeclared, passedIn = false): string {
  const { name, expected, near } = undeclared;
  if (undeclared.refusal !== undefined) return undeclared.refusal;
  const guess = near === undefined ? '' : ` (did you mean \`${near}\`?)`;
  // `module.vpc.vpc_ids`: the output is the called module's to declare, wherever it is written.
  const output = expected === 'output' ? /^module\.([^.]+)\.(.+)$/.exec(name) : null;
  if (output) return `Terraform refuses the configuration: module \`${output[1]}\` declares no output \`${output[2]}\`${guess}`;
  const where = passedIn ? 'the calling module' : 'its module';
  return `Terraform refuses the configuration: ${where} declares no ${expected} \`${name}\`${guess}`;
}

function suggestionFor(inst: ModuleInstance, what: UndeclaredName): Undeclared {
  let memo = SUGGESTIONS.get(inst);
  if (!memo) SUGGESTIONS.set(inst, (memo = new Map()));
  const key = `${what.prefix}${what.name}`;
  let found = memo.get(key);
  if (found) return found;
  const base = { name: key, expected: what.expected };
  if (memo.size >= MAX_SUGGESTED) return base;
  const near = nearestIn(inst.def, key, what);
  const uids = near === undefined ? (what.meant?.() ?? []) : (what.uidsOf?.(near) ?? []);
  const nearUids = uids.length > 0 ? { nearUids: uids } : {};
  found = near === undefined ? { ...base, ...nearUids } : { ...base, near: `${what.prefix}${near}`, ...nearUids };
  memo.set(key, found);
  return found;
}

function nearestIn(def: ModuleDef, key: string, what: UndeclaredName): string | undefined {
  let known = NEAREST.get(def);
  if (!known) NEAREST.set(def, (known = { budget: suggestionBudget(def.files.reduce((sum, hcl) => sum + hcl.file.text.length, 0)), near: new Map() }));
  if (known.near.has(key)) return known.near.get(key);
  const near = nearestName(what.name, what.candidates(), known.budget);
  known.near.set(key, near);
  return near;
}
