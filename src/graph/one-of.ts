/**
 * Unknown values that are one of a few known ones (`RUnknown.oneOf`): which branch or mapping entry
 * applies cannot be known statically, but each candidate can be, so a rule can still tell when all of
 * them fail (a retention that is 14 or 90 days is too short whichever applies).
 *
 * The candidates hold for that value only, not for anything computed from it (`max(x, 400)`,
 * `list[x]`, a string built around it). So `oneOf` is a non-enumerable property: every copy an
 * operation makes (`{ ...value, span }`, the usual way to pass an unknown on) drops it, and only the
 * value itself, handed on unchanged, keeps it. `keepOneOf` re-attaches it where a copy is the same value.
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
  return keepOneOf({ ...value }, scalars);
}

/** `copy` (a copy of an unknown that is the same value, say without internal fields) with `oneOf` again. */
export function keepOneOf<T extends RUnknown>(copy: T, oneOf: readonly RScalar[] | undefined): T {
  if (oneOf) Object.defineProperty(copy, 'oneOf', { value: oneOf, enumerable: false, writable: false, configurable: true });
  return copy;
}
