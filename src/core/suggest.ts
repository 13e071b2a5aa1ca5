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

/** Edit-distance work left for suggestions (see `nearestName`). */
export interface SuggestionBudget {
  cells: number;
}

/**
 * The edit-distance work one template or module of `length` characters may spend on suggestions:
 * in proportion to its text (a run of many templates stays linear), and plenty for the few names
 * a mistake leaves undeclared (a name of 30 letters against 100 declared ones costs 65,000 cells;
 * a template of 100 resources is some 20,000 characters).
 */
export function suggestionBudget(length: number): SuggestionBudget {
  return { cells: 100_000 + 4 * length };
}

/**
 * The one declared name a misspelt reference most likely meant (`VPC` → `Vpc`, `mian` → `main`):
 * the only candidate at the least distance, within a third of the name's length (at least one edit),
 * letter case not counted. Two candidates as close (`Subnet` → `SubnetA`, `SubnetB`) name none: a
 * wrong guess in a message sends the reader the wrong way.
 *
 * `budget` is the edit-distance work (cells of the table) the caller still allows, shared by the
 * suggestions of one template or module: each comparison charges the cells it worked out, and once
 * the budget is spent nothing is named, so thousands of long names cost a bounded time.
 */
export function nearestName(word: string, candidates: Iterable<string>, budget: SuggestionBudget = suggestionBudget(Infinity)): string | undefined {
  const lower = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  let ties = 0;
  for (const candidate of candidates) {
    if (candidate === word || Math.abs(candidate.length - word.length) > allowed) continue;
    if (budget.cells <= 0) return undefined;
    // Bounded by the best so far: a farther candidate costs a few rows of a narrow band, not the whole table.
    const distance = editDistance(lower, candidate.toLowerCase(), Math.min(bestDistance, allowed), budget);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      ties = 0;
    } else if (distance === bestDistance) ties++;
  }
  return budget.cells < 0 ? undefined : ties === 0 ? best : undefined;
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
 * slip in typed names (optimal string alignment), or `max + 1` when it is more than `max`. Only the
 * band of cells within `max` of the diagonal can hold a distance up to `max`, and the work stops at a
 * row past `max` throughout: a template of thousands of long names that suggestions compare costs
 * rows of width 2·max + 1, not the square of the names' length. The cells worked out are charged to
 * `budget`.
 */
function editDistance(a: string, b: string, max = Infinity, budget?: SuggestionBudget): number {
  if (a.length > MAX_LENGTH || b.length > MAX_LENGTH) return Infinity;
  const limit = Math.min(max, Math.max(a.length, b.length));
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  // Three rows (two before this one: a swap reaches back two), reused: no allocation per row.
  let before = ROWS[0]!;
  let previous = ROWS[1]!;
  let current = ROWS[2]!;
  // Cells outside the band hold `over`: no path through them stays within `limit`.
  for (let j = 0; j <= b.length; j++) previous[j] = j <= limit ? j : over;
  let previousMin = 0;
  let cells = 0;
  let distance = over;
  for (let i = 1; i <= a.length; i++) {
    current.fill(over, 0, b.length + 1);
    current[0] = i <= limit ? i : over;
    let rowMin = current[0]!;
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    cells += to - from + 1;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let cell = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cell = Math.min(cell, before[j - 2]! + 1);
      cell = Math.min(cell, over);
      current[j] = cell;
      if (cell < rowMin) rowMin = cell;
    }
    // Every cell of a later row is at least the least of this row and the one before (a swap reaches back two).
    if (rowMin > limit && previousMin > limit) {
      if (budget) budget.cells -= cells;
      return over;
    }
    [before, previous, current] = [previous, current, before];
    previousMin = rowMin;
  }
  distance = previous[b.length]!;
  if (budget) budget.cells -= cells;
  return distance;
}

/** Longer names are not compared (no id, key or name a person types is this long). */
const MAX_LENGTH = 200;
const ROWS = [0, 1, 2].map(() => new Int32Array(MAX_LENGTH + 1));
