/**
 * The light scan for open quotes (yaml-unclosed.ts), resumed where an earlier scan of the same text
 * passed. The repairs of one YAML error and the placing of it scan the same text up to about the same
 * place several times (what is open where js-yaml stopped, whether a line to read a copy from has
 * anything open, the quote to blame): a 10 MB template with a shallow quoted scalar at its top and a
 * mistake at its end was scanned whole 6 times, a second of its three. Each scan keeps the line starts
 * it passed outside any quote and block scalar (a scan started there goes on exactly as one from the
 * start would), and a later scan of that text starts from the last one before where it ends. Kept
 * while one file is parsed (`withScanMemo`), then let go.
 */
import { scanUnclosed, type ScanPoint } from './yaml-unclosed.js';

let memo: { text: string; points: ScanPoint[] }[] | undefined;

/** Runs `parse` with `scanRemembered` remembering; nothing is kept after it. */
export function withScanMemo<T>(parse: () => T): T {
  const outer = memo;
  memo = [];
  try {
    return parse();
  } finally {
    memo = outer;
  }
}

/**
 * `scanUnclosed(text, before, onQuoted, from)`, from the furthest point known before `before`; with
 * `onQuoted`, which must hear of every quoted scalar after `from`, from `from` (its points are kept).
 */
export function scanRemembered(text: string, before: number, from?: ScanPoint, onQuoted?: (open: number, close: number) => void): ReturnType<typeof scanUnclosed> {
  if (memo === undefined) return scanUnclosed(text, before, onQuoted, from);
  let entry = memo.find((m) => m.text === text);
  if (entry === undefined) {
    entry = { text, points: [] };
    memo.push(entry);
  }
  const known = onQuoted === undefined ? pointBefore(entry.points, Math.min(before, text.length)) : undefined;
  const start = known !== undefined && known.offset > (from?.offset ?? 0) ? known : from;
  const found: ScanPoint[] = [];
  const scanned = scanUnclosed(text, before, onQuoted, start, found);
  addPoints(entry.points, found);
  return scanned;
}

/** The last point at or before `offset` (points sorted by offset). */
function pointBefore(points: readonly ScanPoint[], offset: number): ScanPoint | undefined {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.offset <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? points[lo - 1] : undefined;
}

function addPoints(points: ScanPoint[], found: readonly ScanPoint[]): void {
  if (found.length === 0) return;
  const known = new Set(points.map((p) => p.offset));
  // A loop, not `push(...found)`: a 256 MB file (the default size limit) has 65,536 points, near the
  // number of arguments a call may take.
  for (const point of found) if (!known.has(point.offset)) points.push(point);
  points.sort((a, b) => a.offset - b.offset);
}
