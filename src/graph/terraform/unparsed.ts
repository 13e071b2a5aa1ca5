/**
 * A module instance with a `.tf` file that could not be parsed is incomplete: that file may declare
 * anything — a flow log of one of the module's VPCs, a policy for one of its roles, a module call that
 * is handed them. Like a module whose source is not in the run, it becomes a `stack` node the run
 * cannot see (`resolved: false`), handed every resource of the instance and of the modules it calls
 * (their outputs are the instance's to use), and the values its caller passes in. Rules then treat
 * what those resources seem to lack as unknown (rules/unseen.ts): a note, never a definite finding.
 */
import type { Span } from '../../core/source.js';
import type { ResourceNode, RValue } from '../model.js';
import { ref, scalar, setOwn } from '../values.js';
import { scopeFor, type ModuleInstance } from './context.js';
import type { Evaluator } from './evaluate.js';
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
      unparsed: { t: 'array', items: files.map((f) => scalar(f.file, f)), span: file },
      opaque: scalar(`\`${file.file}\`${more} in ${where} could not be parsed`, file),
      inputs: { t: 'object', entries, keySpans: {}, span: file },
    },
    attrKeySpans: {},
    names: [],
    ...(inst.logicalFile !== undefined ? { logicalFile: inst.logicalFile } : {}),
  };
}

/** The arguments the instance's caller passes in, evaluated where the call is written. */
function passedIn(ev: Evaluator, inst: ModuleInstance): Record<string, RValue> {
  const out: Record<string, RValue> = {};
  const caller = inst.caller;
  if (!caller) return out;
  try {
    for (const [name, attribute] of caller.args) setOwn(out, name, toRValue(ev.eval(attribute.expr, scopeFor(caller.scope, attribute))));
  } catch {
    // Evaluation is written not to throw; the arguments stay as far as they were evaluated.
  }
  return out;
}
