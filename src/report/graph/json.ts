/**
 * `flowguard graph --format json`: the view as it is, for scripts (`jq '.edges[] | select(.tone == "fail")'`).
 * Pretty-printed, keys in a fixed order, a trailing newline; byte-identical for the same input.
 */
import type { GraphView } from './model.js';

export function renderJson(view: GraphView): string {
  return `${JSON.stringify(view, null, 2)}\n`;
}
