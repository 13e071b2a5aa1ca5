/**
 * `Fn::GetAtt`: what a resource's attribute is. Mostly a reference to the resource (`Role.Arn`), but
 * some attributes are values of their own: a nested stack's `Outputs.X`, a property the resource
 * copies (`Subnet.VpcId`), what a custom resource's function returns, CDK's cross-region reader. Apart
 * from the resolver, which calls it for `Fn::GetAtt` and for `${Res.Attr}` in `Fn::Sub`.
 */
import { pathStep } from '../../parse/document.js';
import type { Span } from '../../core/source.js';
import { nameTable } from '../../core/name-table.js';
import type { RValue } from '../model.js';
import { hasOwn, own, ref, relocate, unknown } from '../values.js';
import { CROSS_REGION_READER, crossRegionImport } from './cdk-cross-region.js';
import { isCustomResource } from './kinds.js';
import type { Path, Resolver } from './resolve.js';
import { nestedStackOf, propertiesOf, uidOf, type TemplateContext } from './template.js';
import { undeclaredName } from './undeclared.js';

/** `Fn::GetAtt` attributes that return one of the resource's own properties (type.attribute → property). */
const PROPERTY_ATTRIBUTES: Readonly<Record<string, string>> = nameTable({
  'AWS::EC2::Subnet.VpcId': 'VpcId',
  'AWS::EC2::SecurityGroup.VpcId': 'VpcId',
  'AWS::EC2::VPC.CidrBlock': 'CidrBlock',
});

/** The other `AWS::EC2::VPC` attributes that are not its id (`Ref`, `VpcId`): they name no resource of the run. */
const VPC_NON_ID_ATTRIBUTES = new Set(['CidrBlockAssociations', 'DefaultNetworkAcl', 'DefaultSecurityGroup', 'Ipv6CidrBlocks']);

/** `Fn::GetAtt` in both forms (`Res.Attr`, `[Res, Attr]` with the attribute resolved). */
export function resolveGetAtt(r: Resolver, ctx: TemplateContext, arg: unknown, at: Path, span: Span, depth: number): RValue {
  let name: unknown;
  let attribute: unknown;
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    [name, attribute] = dot > 0 ? [arg.slice(0, dot), arg.slice(dot + 1)] : [arg, undefined];
  } else if (Array.isArray(arg) && arg.length === 2) {
    name = arg[0];
    const attr = r.resolve(ctx, arg[1], pathStep(at, 1), depth + 1);
    attribute = attr?.t === 'scalar' ? attr.value : undefined;
  }
  if (typeof name !== 'string' || typeof attribute !== 'string' || attribute === '') {
    return unknown('Fn::GetAtt needs a resource and an attribute name', span);
  }
  if (!hasOwn(ctx.resources, name)) return undeclaredName(ctx, name, 'resource', span);
  const type = own(ctx.resources[name], 'Type');
  if (attribute.startsWith('Outputs.')) {
    if (type === 'AWS::CloudFormation::Stack' || type === 'AWS::Serverless::Application') {
      return nestedOutput(r, ctx, name, attribute.slice('Outputs.'.length), span, depth);
    }
  }
  if (type === CROSS_REGION_READER) return crossRegionImport(r, ctx, name, attribute, span, depth);
  if (typeof type === 'string' && isCustomResource(type)) {
    // What the custom resource's function returns: a lookup (CDK's AwsCustomResource reading an SSM
    // parameter of another region) may return any resource of the run, as a Terraform data source may.
    return { ...unknown(`${name}.${attribute} is returned by custom resource ${name} (${type}) at deploy time`, span), mayBeAnyIn: r.runFiles };
  }
  const copied = typeof type === 'string' ? PROPERTY_ATTRIBUTES[`${type}.${attribute}`] : undefined;
  if (copied !== undefined) return copiedProperty(r, ctx, name, copied, span, depth);
  if (type === 'AWS::EC2::VPC' && VPC_NON_ID_ATTRIBUTES.has(attribute)) return unknown(`${name}.${attribute} is known only at deploy time (it is not the VPC's id)`, span);
  return ref(uidOf(ctx, name), attribute, span);
}

/** `Fn::GetAtt Subnet.VpcId`: the value the resource's own property gives (here, the VPC it is in). */
function copiedProperty(r: Resolver, ctx: TemplateContext, name: string, property: string, span: Span, depth: number): RValue {
  const props = propertiesOf(ctx.resources[name]);
  if (!hasOwn(props, property)) return unknown(`${name} sets no ${property}`, span);
  const value = r.resolve(ctx, props[property], pathStep(['Resources', name, 'Properties'], property), depth + 1);
  return value ? relocate(value, span) : unknown(`${name} sets no ${property}`, span);
}

function nestedOutput(r: Resolver, ctx: TemplateContext, stackId: string, output: string, span: Span, depth: number): RValue {
  const nested = nestedStackOf(ctx, stackId);
  if ('opaque' in nested) return unknown(`output ${output} of nested stack ${stackId} is not known: ${nested.opaque}`, span);
  return relocate(r.output(nested.child, output, depth), span);
}
