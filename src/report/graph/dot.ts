/**
 * `flowguard graph --format dot`: a Graphviz digraph (`dot -Tsvg graph.dot > graph.svg`), one
 * `cluster_` subgraph per file, nodes and edges coloured by tone, possible links dashed, absent
 * ones dotted. Node ids are the graph uids, quoted; every string escapes `"` and `\`, and shown text
 * also `&`. Tooltips (SVG hover text) carry the full reason that labels shorten.
 */
import { COLORS, edgeText, fullText, groupText, kindsById, nodeLines, printable } from './labels.js';
import type { GraphView, Tone, ViewKind, ViewNode } from './model.js';

const SHAPES: Record<ViewKind, string> = {
  vpc: 'box',
  subnet: 'box',
  'flow-log': 'box',
  'log-group': 'cylinder',
  's3-bucket': 'cylinder',
  'firehose-stream': 'cds',
  'iam-role': 'box',
  'iam-policy': 'note',
  'iam-managed-policy': 'note',
  stack: 'component',
  'lambda-function': 'box',
  'ecs-task-definition': 'box',
  'instance-profile': 'box',
};

const EDGE_STYLES: Record<Tone, string> = { ok: 'bold', fail: 'bold', unknown: 'dashed', inactive: 'dotted', neutral: 'solid' };

export function renderDot(view: GraphView): string {
  const out = ['digraph flowguard {'];
  for (const problem of view.problems) out.push(`  // not drawn: ${printable(problem.file ? `${problem.file}: ${problem.message}` : problem.message)}`);
  out.push('  graph [rankdir=LR, fontname="Helvetica", fontsize=11];');
  out.push(`  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, fillcolor="${COLORS.neutral.fill}", color="${COLORS.neutral.stroke}"];`);
  out.push(`  edge [fontname="Helvetica", fontsize=9, color="${COLORS.neutral.stroke}"];`);
  const byFile = new Map<string, ViewNode[]>(view.files.map((file) => [file, []]));
  for (const node of view.nodes) byFile.get(node.file)?.push(node);
  for (const file of view.files) {
    out.push(`  subgraph ${quote(`cluster_${file}`)} {`);
    out.push(`    label=${text(file)};`);
    out.push('    style="rounded,dashed";');
    out.push('    color="#b0bec5";');
    for (const node of byFile.get(file) ?? []) out.push(`    ${quote(node.id)} [${nodeAttributes(node)}];`);
    out.push('  }');
  }
  const groups = view.groups ?? [];
  const kindOf = kindsById(view);
  const u = COLORS.unknown;
  // A group stands for several nodes a link may lead to (model.ts): outside the files' clusters.
  for (const group of groups) {
    const label = text(groupText(group, view, kindOf));
    out.push(`  ${quote(group.id)} [label=${label}, shape=ellipse, style="filled,dashed", fillcolor=${quote(u.fill)}, color=${quote(u.stroke)}, fontcolor=${quote(u.text)}, tooltip=${label}];`);
  }
  for (const edge of view.edges) {
    const c = COLORS[edge.tone];
    const attrs = [
      `label=${text(edgeText(edge))}`,
      `color=${quote(c.stroke)}`,
      `fontcolor=${quote(c.text)}`,
      `style=${EDGE_STYLES[edge.tone]}`,
      `tooltip=${text(fullText([edge.label, edge.verdict, edge.reason]))}`,
    ];
    out.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [${attrs.join(', ')}];`);
  }
  // Each member once, unlabelled: the links to the group say what they are.
  for (const group of groups) for (const member of group.members) out.push(`  ${quote(group.id)} -> ${quote(member)} [color=${quote(u.stroke)}, style=dashed];`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

function nodeAttributes(node: ViewNode): string {
  const c = COLORS[node.tone];
  const style = node.tone === 'unknown' ? 'rounded,filled,dashed' : node.tone === 'inactive' ? 'rounded,filled,dotted' : 'rounded,filled';
  return [
    `label=${labelLines(nodeLines(node))}`,
    `shape=${SHAPES[node.kind]}`,
    `style=${quote(style)}`,
    `fillcolor=${quote(c.fill)}`,
    `color=${quote(c.stroke)}`,
    `fontcolor=${quote(c.text)}`,
    `tooltip=${text(fullText([node.resourceId, node.type, node.status, node.reason]))}`,
  ].join(', ');
}

/** A DOT quoted string: `"` and `\` escaped (so a label shows them literally), control characters as spaces. */
export function quote(value: string): string {
  return `"${printable(value).replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

/** Text Graphviz shows: also `&` as `&amp;`, since it reads HTML entities (`&lt;`) in labels and tooltips. */
function text(value: string): string {
  return quote(value.replace(/&/g, '&amp;'));
}

/** Lines of a label, each escaped, joined by DOT's centred line break `\n`. */
function labelLines(lines: string[]): string {
  return `"${lines.map((line) => text(line).slice(1, -1)).join('\\n')}"`;
}
