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
const END = '}}';

/**
 * The string with each dynamic reference resolved or unknown; a string that is one reference is its
 * value. Found with `indexOf`, one pass over the string: a reference runs to the first `}}` (its parts
 * cannot hold one), and an opening with no `}}` after it is text, as is everything after it.
 */
export function withDynamicReferences(r: Resolver, text: string, span: Span, depth: number): RValue {
  const parts: RTemplate['parts'] = [];
  let last = 0;
  for (let open = text.indexOf(DYNAMIC_REFERENCE_START); open !== -1; open = text.indexOf(DYNAMIC_REFERENCE_START, last)) {
    const close = text.indexOf(END, open + DYNAMIC_REFERENCE_START.length);
    if (close === -1) break;
    if (open > last) parts.push(text.slice(last, open));
    const written = text.slice(open, close + END.length);
    parts.push(...stringParts(referenceValue(r, written, span, depth)));
    last = close + END.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return makeString(parts, span);
}

function referenceValue(r: Resolver, written: string, span: Span, depth: number): RValue {
  const body = written.slice(DYNAMIC_REFERENCE_START.length, -END.length);
  const colon = body.indexOf(':');
  // `{{resolve:ssm:name}}` or `{{resolve:ssm:name:version}}`: a version is digits after the last colon.
  if (colon !== -1 && body.slice(0, colon) === 'ssm') return resolveSsmParameter(r, body.slice(colon + 1).replace(/:\d+$/, ''), span, depth);
  return unknown(`${written} is resolved by CloudFormation at deploy time`, span);
}
