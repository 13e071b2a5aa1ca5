/**
 * What the drawn formats (Mermaid, DOT) print on nodes and edges, before each escapes it in its own
 * syntax. Reasons are cut to a few short lines: a node is a box, not a report; the full text is in
 * the JSON view (and DOT tooltips).
 */
import type { GraphView, Tone, ViewEdge, ViewGroup, ViewNode } from './model.js';

const WIDTH = 48;
const REASON_LINES = 2;

/** The lines of a node's label: id (and CDK construct path), type and line, status, a short reason. */
export function nodeLines(node: ViewNode): string[] {
  const where = node.line === null ? node.type : `${node.type}, line ${node.line}`;
  const root = node.root !== undefined ? [`root ${keepEnd(node.root, WIDTH - 5)}`] : [];
  const lines = [node.resourceId, ...(node.constructPath !== undefined ? [keepEnd(node.constructPath, WIDTH)] : []), where, ...root];
  if (node.status) lines.push(node.status.toUpperCase());
  if (node.reason && node.tone !== 'ok') lines.push(...wrap(plain(node.reason), WIDTH, REASON_LINES));
  return lines.map(printable);
}

/** `target: covers`, `deliveryRole`, `inputs.VpcId`. */
export function edgeText(edge: ViewEdge): string {
  const text = edge.verdict ? `${edge.label}: ${edge.verdict}` : edge.label;
  return printable(truncate(text, WIDTH + 16));
}

/** What a group stands for: `any of 250: vpc`, `any of 5: 3 vpc, 2 subnet`. */
export function groupText(group: ViewGroup, view: GraphView, kindOf = kindsById(view)): string {
  const counts = new Map<string, number>();
  for (const member of group.members) {
    const kind = kindOf.get(member) ?? 'resource';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const kinds = [...counts].map(([kind, n]) => (counts.size === 1 ? kind : `${n} ${kind}`));
  return printable(`any of ${group.members.length}: ${kinds.join(', ')}`);
}

export function kindsById(view: GraphView): Map<string, string> {
  return new Map(view.nodes.map((node) => [node.id, node.kind]));
}

/** The full story of a node or edge, for tooltips. */
export function fullText(parts: (string | null)[]): string {
  return printable(plain(parts.filter((p): p is string => p !== null && p !== '').join(' - ')));
}

/** Colours per tone, shared so Mermaid and DOT agree. */
export const COLORS: Record<Tone, { fill: string; stroke: string; text: string }> = {
  ok: { fill: '#d9f2dd', stroke: '#2e7d32', text: '#1b5e20' },
  fail: { fill: '#fbdada', stroke: '#c62828', text: '#8e0000' },
  unknown: { fill: '#eeeeee', stroke: '#757575', text: '#424242' },
  inactive: { fill: '#f5f5f5', stroke: '#bdbdbd', text: '#9e9e9e' },
  neutral: { fill: '#ffffff', stroke: '#78909c', text: '#263238' },
};

/** Greedy word wrap into at most `maxLines` lines; the last one ends in `…` when text was left out. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const kept = lines.slice(0, maxLines).map((line) => truncate(line, width));
  if (lines.length > maxLines && kept.length > 0) {
    const last = kept[kept.length - 1]!;
    kept[kept.length - 1] = last.endsWith('…') ? last : `${last.slice(0, width - 1)}…`;
  }
  return kept;
}

/** A construct path's end names the construct; its start (the stack) is the file's name already. */
function keepEnd(text: string, width: number): string {
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** Rule messages quote ids in backticks (for Markdown); a drawing shows them plain. */
function plain(text: string): string {
  return text.replace(/`([^`]*)`/g, '$1');
}

/** Control characters (newlines in a weird id) would break line-based syntaxes: show them as spaces. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}
