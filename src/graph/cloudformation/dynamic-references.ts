/**
 * CloudFormation dynamic references: `{{resolve:ssm:/network/vpc-id}}`, `{{resolve:ssm-secure:…}}`,
 * `{{resolve:secretsmanager:…}}`, written anywhere inside a string value. CloudFormation replaces each
 * with the stored value at deploy time. An `ssm` reference to a parameter that a stack of the run
 * creates (`AWS::SSM::Parameter`) is that parameter's value, as an import is its export's; any other
 * reference is unknown.
 */
import type { Span } from '../../core/source.js';
import type { RTemplate, RValue } from '../model.js';
import { makeString, stringParts, unknown } from '../values.js';
import type { Resolver } from './resolve.js';
import { resolveSsmParameter } from './ssm-parameters.js';

export const DYNAMIC_REFERENCE_START = '{{resolve:';

/** A reference runs to the first `}}`: its parts (service, key, version) cannot contain one. */
const DYNAMIC_REFERENCE = /\{\{resolve:([^:}]*):([^}]*)\}\}/g;

/** The string with each dynamic reference resolved or unknown; a string that is one reference is its value. */
export function withDynamicReferences(r: Resolver, text: string, span: Span, depth: number): RValue {
  const parts: RTemplate['parts'] = [];
  let last = 0;
  for (const match of text.matchAll(DYNAMIC_REFERENCE)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(...stringParts(referenceValue(r, match[0], match[1]!, match[2]!, span, depth)));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return makeString(parts, span);
}

function referenceValue(r: Resolver, written: string, service: string, key: string, span: Span, depth: number): RValue {
  // `{{resolve:ssm:name}}` or `{{resolve:ssm:name:version}}`: a version is digits after the last colon.
  if (service === 'ssm') return resolveSsmParameter(r, key.replace(/:\d+$/, ''), span, depth);
  return unknown(`${written} is resolved by CloudFormation at deploy time`, span);
}
