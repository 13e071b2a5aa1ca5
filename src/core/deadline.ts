/**
 * The per-file time budget (`--file-time-budget`), made cheap enough for the hottest loops of the
 * parsers and resolvers: `tick()` is a counter decrement, and the clock is read only once every
 * `deadlineClock.every` ticks (well under a millisecond of work between two readings), so a run pays
 * next to nothing for it. Once spent, a deadline stays spent: every later `tick()` answers true at once.
 *
 * The budget counts the file's own work, not wall time since it was created: `suspend()` and
 * `resume()` stop the clock while another file's work runs in between (CloudFormation resolves the
 * export names of every template before it resolves any resource).
 */

/**
 * Where deadlines read the time (milliseconds) and how many ticks pass between two readings.
 * Internal: tests replace `now` with a clock that advances on every reading, so that a budget runs
 * out after a known amount of work rather than of wall-clock time. Not part of the public API.
 */
export const deadlineClock = {
  // Not `performance.now()`: the first touch of the `performance` global loads perf_hooks and nine of
  // Node's internal modules (1–3 ms of a run's start-up); `process.hrtime` is already there.
  now: (): number => {
    const [seconds, nanoseconds] = process.hrtime();
    return seconds * 1000 + nanoseconds / 1e6;
  },
  every: 2048,
};

export class Deadline {
  /** Ticks left before the next reading of the clock. */
  private left: number;
  /** The clock reading at which the budget is spent (while running). */
  private end: number;
  /** Milliseconds of budget left (while suspended). */
  private remaining = 0;
  private suspended = false;
  private spent = false;

  /** `seconds` of budget from now; `Infinity` (or NaN) never runs out and never reads the clock again. */
  constructor(readonly seconds: number) {
    const finite = Number.isFinite(seconds);
    this.end = finite ? deadlineClock.now() + seconds * 1000 : Infinity;
    this.left = finite ? deadlineClock.every : Infinity;
  }

  /** A deadline that never runs out. */
  static none(): Deadline {
    return new Deadline(Infinity);
  }

  /** True once the budget is spent (as last seen by `tick()`). */
  get expired(): boolean {
    return this.spent;
  }

  /** Counts one unit of work; true once the budget is spent. */
  tick(): boolean {
    return --this.left <= 0 && this.reached();
  }

  /** Stops the clock: the work that follows is not this file's. `now`: a clock reading just taken, to share one. */
  suspend(now?: number): void {
    if (this.suspended || this.spent || this.end === Infinity) return;
    this.remaining = this.end - (now ?? deadlineClock.now());
    this.suspended = true;
  }

  /** Restarts the clock with what was left at `suspend()`. `now`: a clock reading just taken, to share one. */
  resume(now?: number): void {
    if (!this.suspended) return;
    this.end = (now ?? deadlineClock.now()) + this.remaining;
    this.suspended = false;
  }

  /** Whether `suspend` and `resume` read the clock (a deadline that never runs out has none to stop). */
  get timed(): boolean {
    return this.end !== Infinity || this.suspended;
  }

  private reached(): boolean {
    // Spent: `left` stays at or below zero, so every later tick comes straight here.
    if (this.spent) return true;
    if (!this.suspended && deadlineClock.now() >= this.end) {
      this.spent = true;
      return true;
    }
    this.left = deadlineClock.every;
    return false;
  }
}
