/**
 * Unknown values that are one of a few known ones (`RUnknown.oneOf`): which branch or mapping entry
 * applies cannot be known statically, but each candidate can be, so a rule can still tell when all of
 * them fail (a retention that is 14 or 90 days is too short whichever applies).
 */
import type { RScalar, RUnknown, RValue } from './model.js';

/** Most candidates kept: beyond, a value is left plainly unknown. */
const MAX_CANDIDATES = 16;

/**
 * `value` with `oneOf` set when every candidate is a known scalar (or itself one of several): any
 * other candidate (a reference, a collection, a Terraform value of its own kind) leaves it as it is.
 */
export function withOneOf(value: RUnknown, candidates: readonly { readonly t: string }[]): RUnknown {
  const scalars: RScalar[] = [];
  for (const candidate of candidates as readonly RValue[]) {
    if (candidate.t === 'scalar') scalars.push(candidate);
    else if (candidate.t === 'unknown' && candidate.oneOf) scalars.push(...candidate.oneOf);
    else return value;
  }
  if (scalars.length === 0 || scalars.length > MAX_CANDIDATES) return value;
  return { ...value, oneOf: scalars };
}
