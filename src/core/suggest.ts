/** "Did you mean …?" for misspelt rule ids, option names and keys, and for names a template does not declare. */

/**
 * The closest candidate within a few edits of `word`, or else the first that `word` abbreviates
 * (`warn` → `warning`, `minDays` → `minimumDays`); undefined when nothing is close.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(2, Math.floor(word.length / 3));
  if (bestDistance <= allowed) return best;
  return lower.length >= 3 ? candidates.find((candidate) => isSubsequence(lower, candidate.toLowerCase())) : undefined;
}

/**
 * The one declared name a misspelt reference most likely meant (`VPC` → `Vpc`, `mian` → `main`):
 * the only candidate at the least distance, within a third of the name's length (at least one edit),
 * letter case not counted. Two candidates as close (`Subnet` → `SubnetA`, `SubnetB`) name none: a
 * wrong guess in a message sends the reader the wrong way.
 */
export function nearestName(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  let ties = 0;
  for (const candidate of candidates) {
    if (candidate === word || Math.abs(candidate.length - word.length) > allowed) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      ties = 0;
    } else if (distance === bestDistance) ties++;
  }
  return ties === 0 ? best : undefined;
}

function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const c of long) if (c === short[at]) at++;
  return at === short.length;
}

/** ` (did you mean "x"?)`, or nothing. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/**
 * Edit distance with a swap of two neighbouring letters as one edit (`mian` → `main`), the commonest
 * slip in typed names (optimal string alignment). The words are short (ids, keys and names), so rows
 * of plain arrays are enough.
 */
function editDistance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Infinity;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, before[j - 2]! + 1);
      current.push(distance);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
