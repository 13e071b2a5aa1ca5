/**
 * The adapters' backstop: resolution is written not to throw, but a step that could (a locator that
 * parses other files, absurd input) must not cost the run its other results. Undefined when it threw.
 */
export function guarded<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
