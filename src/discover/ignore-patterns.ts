/**
 * gitignore patterns (the configuration's `ignore`, `.gitignore` files) that the `ignore` package can
 * match without failing or hanging. It compiles each pattern into one regular expression:
 * - a pattern tens of thousands of characters long does not compile ("Regular expression too large",
 *   a stack overflow in the compiler), which ended the run as an internal error;
 * - each `**` between two folders becomes a `(?:\/[^\/]+)*` group, and groups like that backtrack
 *   polynomially in the depth of the path, the power growing with each `**`: four of them took 14–28 s
 *   for one path 200 folders deep, twelve did not finish on a path 40 deep.
 * Git's own matcher has neither problem, and no real pattern comes near these bounds.
 */

/** Longest pattern matched; 5,000 `*a` pairs (10,000 characters) still compile, 10,000 pairs do not. */
export const MAX_PATTERN_LENGTH = 4096;
// Most `**` between folders in one pattern. On a path 200 folders deep that repeats the pattern's
// folder name (`a/**/a/**/a/**/a/b` against `a/a/…/a/c.yaml`), three take ~0.4 s and four ~14 s;
// a realistic `src/**/test/**/fixtures/**/*.yaml` takes a millisecond.
export const MAX_INNER_DOUBLE_STARS = 3;

/** Why `pattern` is not matched, or `undefined` when it can be. */
export function unsafePattern(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is ${pattern.length} characters long, more than ${MAX_PATTERN_LENGTH}`;
  // A leading `**/` and a trailing `/**` match without backtracking over folders; only the ones between do.
  // `/**/a` is anchored `**/a`: the leading slash does not put its `**` between folders.
  const segments = pattern.trim().replace(/^!/, '').replace(/^\//, '').split('/');
  const inner = segments.slice(1, -1).filter((segment) => segment === '**').length;
  if (inner > MAX_INNER_DOUBLE_STARS) return `the pattern has ${inner} \`**\` between folders, more than ${MAX_INNER_DOUBLE_STARS} (matching it could take hours on deep paths)`;
  return undefined;
}
