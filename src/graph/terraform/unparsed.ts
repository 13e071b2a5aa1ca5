/**
 * A module instance with a `.tf` file that could not be parsed is incomplete: that file may declare
 * anything — a flow log of one of the module's VPCs, a policy for one of its roles, a module call that
 * is handed them. Like a module whose source is not in the run, it becomes a `stack` node the run
 * cannot see (`resolved: false`), handed every resource of the instance and of the modules it calls
 * (their outputs are the instance's to use), and the values its caller passes in. Rules then treat
 * what those resources seem to lack as unknown (rules/unseen.ts): a note, never a definite finding.
 */
import type { Span } from '../../core/source.js';
import type { Expr } from '../../parse/hcl/ast.js';
import type { ResourceNode, RValue } from '../model.js';
import { ref, scalar, setOwn } from '../values.js';
import { scopeFor, type ModuleInstance } from './context.js';
import type { Evaluator } from './evaluate.js';
import { varValue } from './instances.js';

/** Roots of a traversal that cannot lead to a resource of the graph. */
const NO_RESOURCE_ROOTS = new Set(['count', 'each', 'path', 'terraform', 'self']);
const HANDS_RESOURCE = new WeakMap<Expr, boolean>();

/**
 * Whether an argument may hand a resource to the module: it reads a variable, local, module output,
 * data source or resource (a traversal from a root other than `count`, `each`, `path`, a `for`
 * variable). Decided once per written argument, whatever the number of instances.
 */
function mayHandResource(expr: Expr): boolean {
  let known = HANDS_RESOURCE.get(expr);
  if (known === undefined) HANDS_RESOURCE.set(expr, (known = readsNamedValue(expr, new Set(), 0)));
  return known;
}

function readsNamedValue(expr: Expr, bound: ReadonlySet<string>, depth: number): boolean {
  // Deeper than any real argument: treated as reading anything.
  if (depth > 64) return true;
  const next = (e: Expr | undefined, names = bound): boolean => e !== undefined && readsNamedValue(e, names, depth + 1);
  switch (expr.k) {
    case 'traversal':
      return (!NO_RESOURCE_ROOTS.has(expr.root) && !bound.has(expr.root)) || expr.steps.some((s) => s.k === 'index' && next(s.key));
    case 'relative':
      return next(expr.source) || expr.steps.some((s) => s.k === 'index' && next(s.key));
    case 'template':
      return expr.parts.some((p) => typeof p !== 'string' && next(p));
    case 'call':
      return expr.args.some((a) => next(a));
    case 'tuple':
      return expr.items.some((i) => next(i));
    case 'object':
      return expr.items.some((i) => next(i.key) || next(i.value));
    case 'conditional':
      return next(expr.condition) || next(expr.then) || next(expr.otherwise);
    case 'binary':
      return next(expr.left) || next(expr.right);
    case 'unary':
      return next(expr.operand);
    case 'parens':
      return next(expr.expr);
    case 'for': {
      const inner = new Set([...bound, expr.valueVar, ...(expr.keyVar ? [expr.keyVar] : [])]);
      return next(expr.collection) || next(expr.key, inner) || next(expr.value, inner) || next(expr.condition, inner);
    }
    case 'templateIf':
      return next(expr.condition) || [...expr.then, ...expr.otherwise].some((p) => typeof p !== 'string' && next(p));
    case 'templateFor': {
      const inner = new Set([...bound, expr.valueVar, ...(expr.keyVar ? [expr.keyVar] : [])]);
      return next(expr.collection) || expr.body.some((p) => typeof p !== 'string' && next(p, inner));
    }
    default:
      return false;
  }
}

/** The list of a module's unparsable files, made once and shared by its instances (a call with `count = 1000`). */
const FILE_LISTS = new WeakMap<readonly Span[], RValue>();

function fileList(files: readonly Span[]): RValue {
  let list = FILE_LISTS.get(files);
  if (!list) FILE_LISTS.set(files, (list = { t: 'array', items: files.map((f) => scalar(f.file, f)), span: files[0]! }));
  return list;
}
import { toRValue } from './walks.js';

/**
 * One node for all the files of the instance that could not be parsed (named by the first: the rules
 * name it in their messages), so that many broken files cost no more than one. `declared`: the uids
 * of the resources of the instance and of the modules it calls.
 */
export function unparsedNode(ev: Evaluator, inst: ModuleInstance, files: readonly Span[], declared: readonly string[]): ResourceNode {
  const file = files[0]!;
  const id = inst.address ? `${inst.address}/${file.file.slice(file.file.lastIndexOf('/') + 1)}` : file.file;
  const where = inst.address ? `\`${inst.address}\`` : 'the root module';
  const more = files.length > 1 ? ` (and ${files.length - 1} more ${files.length === 2 ? 'file' : 'files'})` : '';
  const entries: Record<string, RValue> = {
    declared: { t: 'array', items: declared.map((uid) => ref(uid, 'id', file)), span: file },
    passed: { t: 'object', entries: passedIn(ev, inst), keySpans: {}, span: file },
  };
  return {
    uid: `${inst.logicalFile ?? file.file}#${id}`,
    id,
    kind: 'stack',
    type: 'file that could not be parsed',
    file: file.file,
    span: file,
    existence: inst.existence,
    attrs: {
      resolved: scalar(false, file),
      unparsed: fileList(files),
      opaque: scalar(`\`${file.file}\`${more} in ${where} could not be parsed`, file),
      inputs: { t: 'object', entries, keySpans: {}, span: file },
    },
    attrKeySpans: {},
    names: [],
    ...(inst.logicalFile !== undefined ? { logicalFile: inst.logicalFile } : {}),
  };
}

/**
 * The arguments the instance's caller passes in, as the module's variables: memoised per instance, so
 * an argument the module's other files already read costs nothing more.
 */
function passedIn(ev: Evaluator, inst: ModuleInstance): Record<string, RValue> {
  const out: Record<string, RValue> = {};
  const caller = inst.caller;
  if (!caller) return out;
  try {
    for (const [name, attribute] of caller.args) {
      // Only what may hold a resource matters (a VPC id the broken file may log): a list of names
      // built from literals hands none over, and is not worth evaluating again for every instance.
      if (!mayHandResource(attribute.expr)) continue;
      // A variable the parsed files declare is read as the module reads it; one only the broken file
      // may declare is evaluated where the call writes it.
      const value = inst.def.variables.has(name) ? varValue(ev, inst, name) : ev.eval(attribute.expr, scopeFor(caller.scope, attribute));
      setOwn(out, name, toRValue(value));
    }
  } catch {
    // Evaluation is written not to throw; the arguments stay as far as they were evaluated.
  }
  return out;
}
