/**
 * `flowguard graph` on a fan-out of possible links: roots with partial backends that all read one
 * state may each keep it, so each of their flow logs may target each VPC of the network root. Drawn
 * pair by pair that was n² edges (500 roots: 24 MB of Mermaid, 118 MB of DOT and JSON); the view
 * draws the set once, as a group, so every format grows linearly. Counted here, not timed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { graphViewOf } from '../../src/commands/graph.js';
import { renderDot } from '../../src/report/graph/dot.js';
import { renderJson } from '../../src/report/graph/json.js';
import { renderMermaid } from '../../src/report/graph/mermaid.js';
import type { GraphView } from '../../src/report/graph/model.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';
import { parseDot, parseMermaid } from './graph-syntax.js';

const made: string[] = [];
afterAll(() => made.forEach(removeDir));

/** `n` roots, each with a flow log targeting the network root's VPC `v<i>` through a remote state of unknown place. */
async function fanOut(n: number): Promise<GraphView> {
  const files: Record<string, string> = {};
  let network = 'terraform {\n  backend "s3" {}\n}\n';
  for (let i = 0; i < n; i++) network += `resource "aws_vpc" "v${i}" {\n  cidr_block = "10.0.0.0/16"\n}\noutput "v${i}" {\n  value = aws_vpc.v${i}.id\n}\n`;
  files['network/main.tf'] = network;
  for (let i = 0; i < n; i++) {
    files[`r${i}/main.tf`] =
      `terraform {\n  backend "s3" {}\n}\ndata "terraform_remote_state" "net" {\n  backend = "s3"\n  config = { bucket = "acme-state", key = "network.tfstate" }\n}\n` +
      `resource "aws_flow_log" "main" {\n  vpc_id               = data.terraform_remote_state.net.outputs.v${i}\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = "arn:aws:s3:::acme-flow-logs"\n}\n`;
  }
  const dir = tempDir('flowguard-graph-fan-');
  made.push(dir);
  writeTree(dir, files);
  return graphViewOf([], { cwd: dir });
}

describe('graph: flow logs that may each target any of the same VPCs', () => {
  it('draw one edge from each flow log to a group, and one from the group to each VPC, in every format', async () => {
    const n = 40;
    const view = await fanOut(n);
    const vpcs = view.nodes.filter((node) => node.kind === 'vpc').map((node) => node.id);
    expect(vpcs).toHaveLength(n);
    expect(view.groups).toEqual([{ id: expect.stringMatching(/^any-of:[0-9a-f]{12}$/), members: vpcs }]);
    const group = view.groups![0]!.id;
    expect(view.edges).toHaveLength(n);
    for (const edge of view.edges) expect(edge).toMatchObject({ to: group, label: 'target', tone: 'unknown', verdict: 'may target (unresolved name)' });

    const chart = parseMermaid(renderMermaid(view));
    expect(chart.nodes.size).toBe(2 * n + 1);
    expect(chart.edges).toHaveLength(2 * n);
    const groupId = [...chart.nodes].find(([, label]) => label === `any of ${n}: vpc`)![0];
    expect(chart.edges.filter((e) => e.from === groupId)).toHaveLength(n);
    expect(chart.classes.get('unknown')).toContain(groupId);
    // Every link is dashed grey, the group's to its members too.
    expect(chart.linkStyles.flatMap((s) => s.indexes).sort((a, b) => a - b)).toEqual([...Array(2 * n).keys()]);

    const dot = parseDot(renderDot(view));
    expect(dot.nodes.get(group)).toMatchObject({ label: `any of ${n}: vpc`, shape: 'ellipse' });
    expect(dot.edges).toHaveLength(2 * n);
    expect(dot.edges.filter((e) => e.from === group).map((e) => e.to)).toEqual(vpcs);
  });

  it('grow linearly: twice the roots, about twice the output', async () => {
    const small = await fanOut(30);
    const large = await fanOut(60);
    for (const render of [renderMermaid, renderDot, renderJson]) {
      // Pairs drawn one by one would make it four times as large.
      expect(render(large).length / render(small).length).toBeLessThan(2.3);
    }
  });

  it('draws the pairs themselves where a group would not save edges: two flow logs, two VPCs', async () => {
    const view = await fanOut(2);
    expect(view.groups).toBeUndefined();
    expect(view.edges).toHaveLength(4);
    expect(Object.keys(view)).toEqual(['version', 'inputs', 'files', 'nodes', 'edges', 'problems']);
  });
});
