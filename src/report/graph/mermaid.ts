/**
 * `flowguard graph --format mermaid`: a Mermaid flowchart, one `subgraph` per file, nodes coloured by
 * `classDef` (green covered / red failing / grey unknown or absent), possible links dashed. Paste it
 * into a Markdown file on GitHub, or https://mermaid.live.
 *
 * Ids are sanitised to `[A-Za-z0-9_]` with a prefix (`n_`, `f_`), which keeps Mermaid keywords
 * (`end`, `class`, …) and the `o`/`x` arrow-head letters away from the start of an id. Labels are
 * always quoted, with the characters Mermaid could read inside them (`"`, `#`, `<`, `>`, `&`, `|`,
 * `` ` ``, `\`, `%`) written as `#code;` entities.
 */
import { stableIds } from './ids.js';
import { COLORS, edgeText, groupText, kindsById, nodeLines, printable } from './labels.js';
import { TONES, type GraphView, type Tone, type ViewKind, type ViewNode } from './model.js';

/** Node shapes by kind: `[open, close]` around the quoted label. */
const SHAPES: Record<ViewKind, [string, string]> = {
  vpc: ['[', ']'],
  subnet: ['[', ']'],
  'flow-log': ['([', '])'],
  'log-group': ['[(', ')]'],
  's3-bucket': ['[(', ')]'],
  'firehose-stream': ['[(', ')]'],
  'iam-role': ['{{', '}}'],
  'iam-policy': ['[/', '/]'],
  'iam-managed-policy': ['[/', '/]'],
  stack: ['[[', ']]'],
  'lambda-function': ['(', ')'],
  'ecs-task-definition': ['(', ')'],
  'instance-profile': ['(', ')'],
};

export function renderMermaid(view: GraphView): string {
  const resourceIds = new Map(view.nodes.map((n) => [n.id, n.resourceId]));
  const nodeIds = stableIds('n_', resourceIds.keys(), (uid) => resourceIds.get(uid) ?? uid);
  const fileIds = stableIds('f_', view.files);
  const groups = view.groups ?? [];
  // A group stands for several nodes a link may lead to (model.ts); its id never looks like a node's.
  for (const [group, id] of stableIds('g_', groups.map((g) => g.id))) nodeIds.set(group, id);
  const out = ['flowchart LR'];
  for (const problem of view.problems) out.push(`  %% not drawn: ${comment(problem.file ? `${problem.file}: ${problem.message}` : problem.message)}`);
  for (const tone of TONES) {
    const c = COLORS[tone];
    const dash = tone === 'unknown' ? ',stroke-dasharray:5 3' : tone === 'inactive' ? ',stroke-dasharray:2 2' : '';
    out.push(`  classDef ${tone} fill:${c.fill},stroke:${c.stroke},color:${c.text}${dash}`);
  }
  const byFile = new Map<string, ViewNode[]>(view.files.map((file) => [file, []]));
  for (const node of view.nodes) byFile.get(node.file)?.push(node);
  for (const file of view.files) {
    out.push(`  subgraph ${fileIds.get(file)!} ["${escapeLabel(file)}"]`);
    for (const node of byFile.get(file) ?? []) {
      const [open, close] = SHAPES[node.kind];
      out.push(`    ${nodeIds.get(node.id)!}${open}"${nodeLines(node).map(escapeLabel).join('<br/>')}"${close}`);
    }
    out.push('  end');
  }
  const kindOf = kindsById(view);
  for (const group of groups) out.push(`  ${nodeIds.get(group.id)!}(("${escapeLabel(groupText(group, view, kindOf))}"))`);
  view.edges.forEach((edge) => {
    const arrow = edge.tone === 'unknown' || edge.tone === 'inactive' ? '-.->' : '-->';
    out.push(`  ${nodeIds.get(edge.from)!} ${arrow}|"${escapeLabel(edgeText(edge))}"| ${nodeIds.get(edge.to)!}`);
  });
  // Each member once, unlabelled: the links to the group say what they are.
  for (const group of groups) for (const member of group.members) out.push(`  ${nodeIds.get(group.id)!} -.-> ${nodeIds.get(member)!}`);
  const memberLinks = groups.reduce((n, group) => n + group.members.length, 0);
  for (const tone of TONES) {
    const ids = [...view.nodes.filter((n) => n.tone === tone).map((n) => nodeIds.get(n.id)!), ...(tone === 'unknown' ? groups.map((g) => nodeIds.get(g.id)!) : [])];
    if (ids.length > 0) out.push(`  class ${ids.join(',')} ${tone}`);
  }
  for (const tone of TONES) {
    const indexes = view.edges.flatMap((edge, i) => (edge.tone === tone ? [i] : []));
    if (tone === 'unknown') for (let i = 0; i < memberLinks; i++) indexes.push(view.edges.length + i);
    if (indexes.length > 0 && tone !== 'neutral') out.push(`  linkStyle ${indexes.join(',')} ${linkStyle(tone)}`);
  }
  return `${out.join('\n')}\n`;
}

function linkStyle(tone: Tone): string {
  const width = tone === 'ok' || tone === 'fail' ? 2 : 1;
  return `stroke:${COLORS[tone].stroke},stroke-width:${width}px,color:${COLORS[tone].text}`;
}

const ENTITIES: Record<string, string> = {
  '"': '#quot;',
  '#': '#35;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '|': '#124;',
  '`': '#96;',
  '\\': '#92;',
  '%': '#37;',
};

/** Text inside a quoted Mermaid label: entity codes for everything Mermaid could read as syntax. */
export function escapeLabel(text: string): string {
  return printable(text).replace(/["#&<>|`\\%]/g, (ch) => ENTITIES[ch]!);
}

/** `%%` comments end at the line's end; nothing else needs escaping there. */
function comment(text: string): string {
  return printable(text);
}
