/**
 * A custom resource (`Custom::…`, `AWS::CloudFormation::CustomResource`) as a consumer the run cannot
 * see: its function gets the resource's `Properties` at deploy time and may do anything with them, as
 * a nested stack whose template is not in the run may with its parameters. So it is a `stack` node
 * that is never `resolved`, whose `inputs` are its properties, and the rules treat what it is handed
 * as they treat what such a stack is handed: a VPC whose id it gets may be given its flow log there.
 * A CloudFormation module about flow logs is read the same way (modules.ts): what it holds is in the
 * registry, and its properties are what the module's template gets.
 */
import type { Span } from '../../core/source.js';
import { pathStep } from '../../parse/document.js';
import type { RRef, RUnknown, RValue } from '../model.js';
import { ATTRIBUTES } from '../vocabulary.js';
import type { Resolver } from './resolve.js';
import { propertiesOf, spanAt, type TemplateContext } from './template.js';
import { array, object, scalar, setOwn, unknown } from '../values.js';

const STACK = ATTRIBUTES.stack;

/** Properties CloudFormation reads itself: the function to call, and how long to wait for it. */
const OWN_PROPERTIES = new Set(['ServiceToken', 'ServiceTimeout']);

/**
 * Attributes that name the resource itself: its physical id (`Ref`), its ARN, a VPC's id. Any other
 * (`Fn::GetAtt [Vpc, DefaultSecurityGroup]`, which CDK hands its `Custom::VpcRestrictDefaultSG`, or
 * `CidrBlock`) names something else, and handing it over hands the resource nothing.
 */
const IDENTITIES = new Set(['Ref', 'Arn', 'VpcId']);

/** Sets the custom resource's `inputs` (its properties but the service token), `resolved: false` and why. */
export function addCustomResourceInputs(r: Resolver, ctx: TemplateContext, id: string, attrs: Record<string, RValue>, keySpans: Record<string, Span>, opaque: string): void {
  const props = propertiesOf(ctx.resources[id]);
  const at = ['Resources', id, 'Properties'];
  const entries: Record<string, RValue> = {};
  const entrySpans: Record<string, Span> = {};
  for (const property of Object.keys(props)) {
    if (OWN_PROPERTIES.has(property)) continue;
    const propertyAt = pathStep(at, property);
    const value = r.top(ctx, propertyAt, () => r.resolve(ctx, props[property], propertyAt, 0));
    if (!value) continue;
    setOwn(entries, property, identitiesOnly(value));
    setOwn(entrySpans, property, spanAt(ctx, propertyAt, 'key'));
  }
  const span = spanAt(ctx, ['Resources', id], 'key');
  attrs[STACK.inputs] = object(entries, entrySpans, span);
  attrs[STACK.resolved] = scalar(false, span);
  attrs[STACK.opaque] = scalar(opaque, span);
  keySpans[STACK.resolved] = span;
}

function identityRef(ref: RRef): RRef | RUnknown {
  return IDENTITIES.has(ref.attribute) ? ref : unknown(`${ref.target}.${ref.attribute} is not the resource itself`, ref.span);
}

/** The value with every reference to something other than a resource itself made unknown. */
function identitiesOnly(value: RValue): RValue {
  switch (value.t) {
    case 'ref':
      return identityRef(value);
    case 'template':
      return { ...value, parts: value.parts.map((part) => (typeof part === 'string' || part.t === 'unknown' ? part : identityRef(part))) };
    case 'array':
      return array(value.items.map(identitiesOnly), value.span);
    case 'object': {
      const entries: Record<string, RValue> = {};
      for (const key of Object.keys(value.entries)) setOwn(entries, key, identitiesOnly(value.entries[key]!));
      return { ...value, entries };
    }
    default:
      return value;
  }
}
