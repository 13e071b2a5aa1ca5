/**
 * CloudFormation modules (`Type: Org::Network::Vpc::MODULE`): a registered template fragment whose
 * resources CloudFormation adds to the stack, named by the module's logical id and theirs, with or
 * without a dot (`Network.Vpc`, `NetworkVpc`). What a module holds is in the account's registry, not
 * in the template: a name that starts with a module's logical id may be one of its resources, and a
 * module handed a VPC that says it is about flow logs may create the VPC's flow log (kinds.ts), as a
 * custom resource may.
 */
import { own } from '../values.js';

const MODULE_TYPE = /^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+::MODULE$/;

/** Whether the resource written is a module. */
export function isModule(resource: unknown): boolean {
  const type = own(resource, 'Type');
  return typeof type === 'string' && isModuleType(type);
}

export function isModuleType(type: string): boolean {
  return MODULE_TYPE.test(type);
}
