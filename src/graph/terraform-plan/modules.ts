/**
 * Module calls as `stack` nodes. A plan always holds the called module's resources, so the module is
 * `resolved`; its `inputs` (the call's arguments, references resolved) make a VPC passed into a module
 * an edge of the graph, so `flowguard graph` shows where it went.
 */
import type { Span } from '../../core/source.js';
import { pathStep } from '../../parse/document.js';
import type { ResourceNode, RValue } from '../model.js';
import { array, hasOwn, isObject, object, own, scalar, setOwn, unknown } from '../values.js';
import type { ConfigModule, ModuleCall } from './configuration.js';
import type { PlanContext } from './plan.js';
import { convert, referencesOf, spanOf, UNKNOWN_AFTER_APPLY } from './values.js';
import { nodeRef } from './references.js';

/**
 * `ResourceNode.type` of a module call: `module <source>` (as the `.tf` adapter writes it), which
 * rules quote in messages ("passed to `module.vpc` (module terraform-aws-modules/vpc/aws)").
 */
function moduleType(call: ModuleCall): string {
  const source = own(call.raw, 'source');
  return typeof source === 'string' && source !== '' ? `module ${source}` : 'module';
}

export function moduleNodes(plan: PlanContext): ResourceNode[] {
  const nodes: ResourceNode[] = [];
  for (const module of plan.config.modules.values()) {
    if (module.call) nodes.push(moduleNode(plan, module, module.call));
  }
  return nodes;
}

/** `module.net.module.subnets`: the call's address, without instance keys (one node per call). */
export function moduleAddress(path: readonly string[]): string {
  return path.map((name) => `module.${name}`).join('.');
}

function moduleNode(plan: PlanContext, module: ConfigModule, call: ModuleCall): ResourceNode {
  const id = moduleAddress(module.path);
  const span = spanOf(plan.doc, call.at, 'key');
  const uid = `${plan.doc.file.path}#${id}`;
  const attrs: Record<string, RValue> = {};
  const attrKeySpans: Record<string, Span> = {};
  const sourceAt = [...call.at, 'source'];
  attrs['resolved'] = scalar(true, spanOf(plan.doc, sourceAt));
  if (hasOwn(call.raw, 'source')) attrKeySpans['resolved'] = spanOf(plan.doc, sourceAt, 'key');
  const expressions = own(call.raw, 'expressions');
  if (isObject(expressions)) {
    attrs['inputs'] = inputsOf(plan, call, expressions);
    attrKeySpans['inputs'] = spanOf(plan.doc, [...call.at, 'expressions'], 'key');
  }
  return { uid, id, kind: 'stack', type: moduleType(call), file: plan.doc.file.path, span, existence: { state: 'present' }, attrs, attrKeySpans, names: [] };
}

function inputsOf(plan: PlanContext, call: ModuleCall, expressions: Record<string, unknown>): RValue {
  const at = [...call.at, 'expressions'];
  const entries: Record<string, RValue> = {};
  const keySpans: Record<string, Span> = {};
  // The call is one node for every instance of the calling module: any instance may be meant.
  const keys = call.parent.path.map(() => null);
  for (const name of Object.keys(expressions)) {
    const expression = expressions[name];
    const nameAt = pathStep(at, name);
    const span = spanOf(plan.doc, nameAt);
    setOwn(keySpans, name, spanOf(plan.doc, nameAt, 'key'));
    const refs = referencesOf(expression);
    if (refs.length > 0) {
      const targets = plan.resolver.resolve(call.parent, keys, refs).flatMap((c) => (c.t === 'node' ? [nodeRef(c, span)] : []));
      setOwn(entries, name, targets.length === 1 ? targets[0]! : targets.length > 1 ? array(targets, span) : unknown(UNKNOWN_AFTER_APPLY, span));
    } else if (hasOwn(expression, 'constant_value')) {
      setOwn(entries, name, convert(plan.plain, own(expression, 'constant_value'), pathStep(nameAt, 'constant_value'), undefined, undefined));
    }
  }
  return object(entries, keySpans, spanOf(plan.doc, at));
}
