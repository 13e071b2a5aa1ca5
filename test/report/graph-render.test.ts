/**
 * The graph renderers: Mermaid and DOT outputs parse (see graph-syntax.ts), carry every edge of the
 * view with its label and colour, group nodes by file, and escape hostile ids and labels.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphViewOf, isGraphFormat, runGraphCommand } from '../../src/commands/graph.js';
import { renderDot } from '../../src/report/graph/dot.js';
import { sanitizeId, stableIds } from '../../src/report/graph/ids.js';
import { wrap } from '../../src/report/graph/labels.js';
import { renderJson } from '../../src/report/graph/json.js';
import { escapeLabel, renderMermaid } from '../../src/report/graph/mermaid.js';
import type { GraphView, ViewEdge, ViewNode } from '../../src/report/graph/model.js';
import { bracesBalance, parseDot, parseMermaid } from './graph-syntax.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/graph-view');
const CASES = ['covered', 'accept-only', 'cross-file', 'nested-stack', 'delivery-role', '.'];

const RED = '#c62828';
const GREEN = '#2e7d32';

function viewNode(id: string, extra: Partial<ViewNode> = {}): ViewNode {
  const hash = id.lastIndexOf('#');
  return {
    id,
    resourceId: id.slice(hash + 1),
    kind: 'vpc',
    type: 'AWS::EC2::VPC',
    file: id.slice(0, hash),
    line: 1,
    tone: 'neutral',
    status: null,
    reason: null,
    findings: [],
    ...extra,
  };
}

function viewEdge(from: string, to: string, extra: Partial<ViewEdge> = {}): ViewEdge {
  return { from, to, label: 'target', tone: 'neutral', verdict: null, reason: null, ...extra };
}

function viewOf(nodes: ViewNode[], edges: ViewEdge[] = [], problems: GraphView['problems'] = []): GraphView {
  const files = [...new Set(nodes.map((n) => n.file))].sort();
  return { version: 2, inputs: files, files, nodes, edges, problems };
}

describe('renderMermaid on the fixtures', () => {
  for (const name of CASES) {
    it(`is a valid flowchart with every edge of the view (${name})`, async () => {
      const view = await graphViewOf([], { cwd: resolve(FIXTURES, name) });
      const chart = parseMermaid(renderMermaid(view));
      expect(chart.nodes.size).toBe(view.nodes.length);
      expect(chart.edges).toHaveLength(view.edges.length);
      expect(chart.subgraphs.map((s) => s.title)).toEqual(view.files);
      // Each node sits in the subgraph of its file, and carries its tone's class.
      const idOf = new Map<string, string>();
      for (const [i, sub] of chart.subgraphs.entries()) {
        const inFile = view.nodes.filter((n) => n.file === view.files[i]);
        expect(sub.nodes).toHaveLength(inFile.length);
        inFile.forEach((n, j) => idOf.set(n.id, sub.nodes[j]!));
      }
      for (const n of view.nodes) expect(chart.classes.get(n.tone)).toContain(idOf.get(n.id));
      view.edges.forEach((e, i) => {
        expect(chart.edges[i]).toMatchObject({ from: idOf.get(e.from), to: idOf.get(e.to) });
        expect(chart.edges[i]!.label.startsWith(e.label)).toBe(true);
        expect(chart.edges[i]!.arrow).toBe(e.tone === 'unknown' || e.tone === 'inactive' ? '-.->' : '-->');
      });
    });
  }

  it('shows the coverage verdicts on the edges and colours the VPCs', async () => {
    const text = await runGraphCommand([], { format: 'mermaid', cwd: FIXTURES });
    const chart = parseMermaid(text);
    expect(text).toMatch(/^ {2}n_VpcFlowLog -->\|"target: covers"\| n_Vpc_[0-9a-f]{8}$/m);
    expect(text).toContain('  n_AcceptFlowLog -->|"target: ACCEPT only"| n_WebVpc\n');
    expect(text).toContain('  n_RejectFlowLog -.->|"target: absent by default"| n_WebVpc\n');
    expect(text).toContain('  n_AppVpcFlowLog -.->|"target: may target (unresolved import)"| n_AppVpc\n');
    expect(text).toContain('  n_Observability -.->|"inputs.VpcId: may log it (source not in the run)"| n_Vpc_');
    expect(text).toContain('-->|"deliveryRole: role does not trust vpc-flow-logs.amazonaws.com"| n_Ec2TrustedRole\n');
    expect(chart.classes.get('fail')).toEqual(expect.arrayContaining(['n_WebVpc', 'n_AcceptFlowLog', 'n_Ec2TrustedRole', 'n_FrontFlowLog']));
    expect(chart.classes.get('ok')).toEqual(expect.arrayContaining(['n_SharedVpc', 'n_FrontVpc', 'n_BackVpc']));
    expect(chart.classes.get('unknown')).toEqual(expect.arrayContaining(['n_AppVpc', 'n_Observability']));
    expect(chart.classes.get('inactive')).toEqual(['n_RejectFlowLog']);
    expect(chart.classDefs).toEqual(['ok', 'fail', 'unknown', 'inactive', 'neutral']);
    expect(text).toMatch(/classDef fail fill:#[0-9a-f]{6},stroke:#c62828/);
    // The failing edges are drawn red, by index.
    const failing = chart.edges.flatMap((e, i) => (e.label.includes('ACCEPT only') || e.label.includes('does not trust') ? [i] : []));
    const red = chart.linkStyles.find((s) => s.style.includes(`stroke:${RED}`))!;
    expect(red.indexes).toEqual(expect.arrayContaining(failing));
    // Two files declare `Vpc`: each gets a stable, distinct id.
    const vpcIds = [...chart.nodes.keys()].filter((id) => id.startsWith('n_Vpc_'));
    expect(vpcIds).toHaveLength(2);
    expect(vpcIds.every((id) => /^n_Vpc_[0-9a-f]{8}$/.test(id))).toBe(true);
  });
});

describe('renderDot on the fixtures', () => {
  for (const name of CASES) {
    it(`is a valid digraph with every edge of the view (${name})`, async () => {
      const view = await graphViewOf([], { cwd: resolve(FIXTURES, name) });
      const text = renderDot(view);
      expect(bracesBalance(text)).toBe(true);
      const graph = parseDot(text);
      expect([...graph.nodes.keys()].sort()).toEqual(view.nodes.map((n) => n.id).sort());
      expect(graph.clusters.map((c) => c.id)).toEqual(view.files.map((f) => `cluster_${f}`));
      for (const cluster of graph.clusters) {
        expect(cluster.nodes).toEqual(view.nodes.filter((n) => `cluster_${n.file}` === cluster.id).map((n) => n.id));
      }
      expect(graph.edges.map((e) => [e.from, e.to])).toEqual(view.edges.map((e) => [e.from, e.to]));
    });
  }

  it('colours coverage and failing links', async () => {
    const view = await graphViewOf([], { cwd: FIXTURES });
    const graph = parseDot(renderDot(view));
    const edge = (verdict: string) => graph.edges.find((e) => e.attrs['label']?.includes(verdict))!;
    expect(edge('target: covers').attrs).toMatchObject({ color: GREEN, style: 'bold' });
    expect(edge('target: ACCEPT only').attrs).toMatchObject({ color: RED, style: 'bold' });
    expect(edge('may target (unresolved import)').attrs).toMatchObject({ style: 'dashed' });
    expect(edge('absent by default').attrs).toMatchObject({ style: 'dotted' });
    expect(edge('role does not trust').attrs['tooltip']).toContain('it trusts ec2.amazonaws.com');
    const webVpc = graph.nodes.get('fixtures/graph-view/accept-only/template.yaml#WebVpc')!;
    expect(webVpc).toMatchObject({ color: RED, shape: 'box' });
    expect(webVpc['label']).toBe('WebVpc\nAWS::EC2::VPC, line 16\nNOT COVERED\nRejectFlowLog does not exist by default:\ncondition RejectLogEnabled is false with defaul…');
    expect(graph.nodes.get('fixtures/graph-view/covered/template.yaml#Vpc')).toMatchObject({ color: GREEN });
  });
});

describe('escaping hostile ids and labels', () => {
  const weirdFile = 'infra/we"ird dir/a#b<c>.yaml';
  const nodes = [
    viewNode(`${weirdFile}#end`, { reason: 'say "hi" | #1 <b>&amp;</b> `x` 50% back\\slash\nnew line', tone: 'fail', status: 'not covered' }),
    viewNode(`${weirdFile}#o1`),
    viewNode('b.yaml#a-b', { kind: 'flow-log', type: 'aws_flow_log' }),
    viewNode('b.yaml#a_b', { kind: 'iam-role' }),
    viewNode('b.yaml#module.net.aws_vpc.this["k \\"q\\""]', { kind: 'vpc', type: 'aws_vpc' }),
    viewNode('c.yaml#trailing\\', { kind: 'stack' }),
  ];
  const edges = [
    viewEdge(`${weirdFile}#o1`, `${weirdFile}#end`, { verdict: 'quote " pipe | hash #', tone: 'fail' }),
    viewEdge('b.yaml#a-b', 'b.yaml#a_b', { label: 'deliveryRole', tone: 'ok' }),
    viewEdge('b.yaml#a-b', 'b.yaml#module.net.aws_vpc.this["k \\"q\\""]', { tone: 'unknown', verdict: 'may target (unresolved import)' }),
    viewEdge('c.yaml#trailing\\', 'b.yaml#module.net.aws_vpc.this["k \\"q\\""]', { label: 'inputs.vpc_id', tone: 'inactive' }),
  ];
  const view = viewOf(nodes, edges, [{ file: 'bad "file".yaml', message: 'invalid YAML\nat line 3' }]);

  it('Mermaid: sanitised, unique ids; entity-encoded labels; still a valid chart', () => {
    const text = renderMermaid(view);
    const chart = parseMermaid(text);
    expect(chart.nodes.size).toBe(nodes.length);
    expect(chart.edges).toHaveLength(edges.length);
    for (const id of chart.nodes.keys()) expect(id).toMatch(/^n_[A-Za-z0-9_]+$/);
    expect(chart.nodes.has('n_end')).toBe(true);
    expect(chart.nodes.has('n_o1')).toBe(true);
    // `a-b` and `a_b` sanitise alike: both get a hash, neither wins by order.
    expect([...chart.nodes.keys()].filter((id) => id.startsWith('n_a_b_'))).toHaveLength(2);
    expect(chart.subgraphs[0]!.title).toBe('b.yaml');
    expect(chart.subgraphs.map((s) => s.title)).toContain('infra/we#quot;ird dir/a#35;b#lt;c#gt;.yaml');
    const end = chart.nodes.get('n_end')!;
    expect(end).toContain('say #quot;hi#quot; #124; #35;1 #lt;b#gt;#amp;amp;#lt;/b#gt; x 50#37; back#92;slash new');
    expect(chart.edges[0]!.label).toBe('target: quote #quot; pipe #124; hash #35;');
    expect(text).toContain('  %% not drawn: bad "file".yaml: invalid YAML at line 3\n');
    expect(text.split('\n').filter((l) => l.includes('not drawn'))).toHaveLength(1);
  });

  it('Mermaid: escapeLabel leaves plain text alone', () => {
    expect(escapeLabel('AWS::EC2::VPC, line 7 (ok) [x] {y}')).toBe('AWS::EC2::VPC, line 7 (ok) [x] {y}');
  });

  it('DOT: quoted ids with escaped quotes and backslashes round-trip; still a valid digraph', () => {
    const text = renderDot(view);
    expect(bracesBalance(text)).toBe(true);
    const graph = parseDot(text);
    expect([...graph.nodes.keys()].sort()).toEqual(nodes.map((n) => n.id).sort());
    expect(graph.edges.map((e) => [e.from, e.to])).toEqual(edges.map((e) => [e.from, e.to]));
    expect(text).toContain('"b.yaml#module.net.aws_vpc.this[\\"k \\\\\\"q\\\\\\"\\"]"');
    expect(text).toContain('"c.yaml#trailing\\\\"');
    expect(graph.clusters.map((c) => c.id)).toContain(`cluster_${weirdFile}`);
    // `&` is written `&amp;` so Graphviz shows the text as it is (it reads HTML entities in labels).
    expect(graph.nodes.get(`${weirdFile}#end`)!['label']).toContain('say "hi" | #1 <b>&amp;amp;</b> x 50% back\\slash new');
    expect(text).toContain('  // not drawn: bad "file".yaml: invalid YAML at line 3\n');
  });

  it('an empty view is still a valid chart and digraph', () => {
    const empty = viewOf([]);
    expect(parseMermaid(renderMermaid(empty)).nodes.size).toBe(0);
    expect(parseDot(renderDot(empty)).nodes.size).toBe(0);
    expect(JSON.parse(renderJson(empty))).toEqual(empty);
  });
});

describe('stable ids', () => {
  it('depend on the name, not on the order or the other names', () => {
    const a = stableIds('n_', ['x.yaml#Vpc', 'y.yaml#Vpc', 'x.yaml#Log'], (uid) => uid.split('#')[1]!);
    const b = stableIds('n_', ['x.yaml#Log', 'y.yaml#Vpc', 'x.yaml#Vpc'], (uid) => uid.split('#')[1]!);
    expect([...a].sort()).toEqual([...b].sort());
    expect(a.get('x.yaml#Log')).toBe('n_Log');
    expect(a.get('x.yaml#Vpc')).not.toBe(a.get('y.yaml#Vpc'));
    const c = stableIds('n_', ['x.yaml#Vpc', 'y.yaml#Vpc', 'z.yaml#Other'], (uid) => uid.split('#')[1]!);
    expect(c.get('x.yaml#Vpc')).toBe(a.get('x.yaml#Vpc'));
  });

  it('sanitise to [A-Za-z0-9_] behind the prefix', () => {
    expect(sanitizeId('n_', 'module.net.aws_vpc.this["a b"]')).toBe('n_module_net_aws_vpc_this_a_b');
    expect(sanitizeId('n_', '"""')).toBe('n_x');
    expect(sanitizeId('f_', 'infra/net.yaml')).toBe('f_infra_net_yaml');
  });
});

describe('labels and formats', () => {
  it('wraps reasons into short lines and marks what was cut', () => {
    expect(wrap('one two three', 8, 2)).toEqual(['one two', 'three']);
    expect(wrap('one two three four five', 8, 2)).toEqual(['one two', 'three…']);
    expect(wrap('averyveryverylongword', 8, 2)).toEqual(['averyve…']);
  });

  it('JSON is the view, pretty-printed with a trailing newline', async () => {
    const view = await graphViewOf([], { cwd: resolve(FIXTURES, 'covered') });
    const text = await runGraphCommand([], { format: 'json', cwd: resolve(FIXTURES, 'covered') });
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(view);
    expect(text).toBe(renderJson(view));
  });

  it('knows its formats', () => {
    expect(isGraphFormat('mermaid')).toBe(true);
    expect(isGraphFormat('dot')).toBe(true);
    expect(isGraphFormat('json')).toBe(true);
    expect(isGraphFormat('svg')).toBe(false);
  });
});
