/** Why a Terraform value stops an operation, in words for the unknown or error it becomes. */
import type { Span } from '../../core/source.js';
import type { RTemplate } from '../model.js';
import { unknown } from '../values.js';
import { verror, type V } from './values.js';
import { withMayBe } from './walks.js';

type Part = RTemplate['parts'][number];

/** The value that stops an operation expecting `wanted`: an error, an unknown, or a type error. */
export function problemOf(values: V[], span: Span, wanted: string): V {
  const error = values.find((v) => v.t === 'error');
  if (error) return error;
  const open = values.find((v) => v.t !== 'scalar');
  if (open) return withMayBe(unknown(describeProblem(open), span), values);
  return verror(`expected ${wanted}`, span);
}

/** Why a value is not a known scalar, for messages. */
export function describeProblem(value: V): string {
  switch (value.t) {
    case 'unknown':
    case 'error':
      return value.why;
    case 'ref':
      return `${value.target.slice(value.target.lastIndexOf('#') + 1)}.${value.attribute} is only known after apply`;
    case 'resource':
      return `${value.res.address} is only known after apply`;
    case 'template': {
      const part = value.parts.find((p): p is Exclude<Part, string> => typeof p !== 'string');
      return part ? describeProblem(part) : 'value not known statically';
    }
    case 'module':
      return value.why;
    default:
      return 'value not known statically';
  }
}
