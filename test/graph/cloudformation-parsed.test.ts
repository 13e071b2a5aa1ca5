/**
 * The adapter on documents from the real parsers (`parseData`): same graph as with the test helper,
 * and spans that point at the source text a finding would show.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import type { DataDocument } from '../../src/parse/document.js';
import { parseData } from '../../src/parse/index.js';
import { fixture, graphOf, plain } from './helpers.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/graph/cloudformation');

function parsed(name: string): DataDocument {
  const absolutePath = path.join(FIXTURES, name);
  const result = parseData({ path: name, absolutePath, text: readFileSync(absolutePath, 'utf8') });
  if (!result.ok) throw new Error(`${name}: ${result.problem.message}`);
  return result.document;
}

function summary(g: ResourceGraph): unknown {
  return {
    nodes: [...g.nodes.values()].map((n) => ({ uid: n.uid, kind: n.kind, existence: n.existence.state, attrs: Object.fromEntries(Object.entries(n.attrs).map(([k, v]) => [k, plain(v)])) })),
    edges: g.edges.map((e) => `${e.from} --${e.via}--> ${e.to}`),
  };
}

const sets = [['refs.yaml'], ['parameters.yaml'], ['strings.json'], ['conditions.yaml'], ['exports/network.yaml', 'exports/flowlogs.yaml']];

describe('with the real parsers', () => {
  it.each(sets.map((s) => [s.join(' + '), s]))('%s gives the same graph', (_, files) => {
    // Nested stacks are left out: the helper's documents live under /repo, real ones on disk.
    expect(summary(graphOf(addCloudFormation, files.map(parsed)))).toEqual(summary(graphOf(addCloudFormation, files.map(fixture))));
  });

  it('joins a nested stack by its TemplateURL on disk', () => {
    const g = graphOf(addCloudFormation, ['nested/parent.yaml', 'nested/children/flowlog.yaml'].map(parsed));
    expect(plain(g.nodes.get('nested/children/flowlog.yaml#FlowLog')!.attrs['target'])).toEqual({ ref: 'nested/parent.yaml#VPC.Ref' });
  });

  it('points spans at the source text', () => {
    const doc = parsed('parameters.yaml');
    const g = graphOf(addCloudFormation, [doc]);
    const text = (s: { start: number; end: number }): string => doc.file.text.slice(s.start, s.end);
    const node = g.nodes.get('parameters.yaml#FromParam')!;
    const retention = node.attrs['retentionDays']!;
    expect(text(node.span)).toBe('FromParam');
    expect(text(node.attrKeySpans['retentionDays']!)).toBe('RetentionInDays');
    expect(text(retention.span)).toContain('Retention');
    expect(text(retention.origin![0]!)).toBe("'400'");
  });
});
