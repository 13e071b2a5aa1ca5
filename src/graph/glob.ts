/**
 * Globs over names that are only partly known: `*` is any run of characters. Export and import names
 * (`${AWS::StackName}-VPC` → `*-VPC`) and resource names or ARNs built around unknown parts are kept
 * as globs, and one may name the other when some string fits both: a wildcard on either side.
 */

/** Longest glob compared (longer ones never overlap); export names are at most 255 characters. */
export const MAX_GLOB_LENGTH = 1024;

/** Whether some string matches both globs. */
export function globsOverlap(a: string, b: string): boolean {
  if (a.length > MAX_GLOB_LENGTH || b.length > MAX_GLOB_LENGTH) return false;
  // A common string starts with both texts before the first `*` and ends with both after the last:
  // most pairs fail that at once, without the table below (an allocation and length² steps).
  if (!endsAgree(a, b)) return false;
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  // dp[i][j]: the suffixes a[i:] and b[j:] can match a common string.
  const dp = new Uint8Array((n + 1) * width);
  dp[n * width + m] = 1;
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      const x = a[i];
      const y = b[j];
      let ok = false;
      if (x === '*') ok = dp[(i + 1) * width + j] === 1 || (j < m && dp[i * width + j + 1] === 1);
      else if (y === '*') ok = dp[i * width + j + 1] === 1 || (i < n && dp[(i + 1) * width + j] === 1);
      else ok = x !== undefined && x === y && dp[(i + 1) * width + j + 1] === 1;
      dp[i * width + j] = ok ? 1 : 0;
    }
  }
  return dp[0] === 1;
}

/** Whether the literal starts of two globs (before any `*`) agree, and their literal ends (after the last `*`). */
function endsAgree(a: string, b: string): boolean {
  const [headA, headB] = [literalHead(a), literalHead(b)];
  const [tailA, tailB] = [a.slice(a.lastIndexOf('*') + 1), b.slice(b.lastIndexOf('*') + 1)];
  return (headA.startsWith(headB) || headB.startsWith(headA)) && (tailA.endsWith(tailB) || tailB.endsWith(tailA));
}

function literalHead(glob: string): string {
  const star = glob.indexOf('*');
  return star === -1 ? glob : glob.slice(0, star);
}
