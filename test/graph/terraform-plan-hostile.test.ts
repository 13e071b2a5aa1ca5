/**
 * Truncated, odd and hostile plans: missing sections, wrong types, reference cycles, prototype keys,
 * random mutations of real plans, and large plans (linear work: these would time out if quadratic).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { parseAddress } from '../../src/graph/terraform-plan/address.js';
import { addTerraformPlans } from '../../src/graph/terraform-plan/index.js';
import type { ResourceGraph, RValue } from '../../src/graph/model.js';
import { documentOf, graphOf, nodeOf, plain } from './helpers.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/graph/terraform-plan');
const fixtureValue = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

function build(value: unknown, file = 'p.json'): ResourceGraph {
  return graphOf(addTerraformPlans, [documentOf(file, value)]);
}

/** Every span of the graph can be read, and every rule runs on it. */
function expectUsable(graph: ResourceGraph): void {
  const visit = (value: RValue): void => {
    expect(Number.isInteger(value.span.start)).toBe(true);
    if (value.t === 'object') Object.values(value.entries).forEach(visit);
    if (value.t === 'array') value.items.forEach(visit);
    if (value.t === 'template') for (const part of value.parts) if (typeof part !== 'string') visit(part);
  };
  for (const node of graph.nodes.values()) {
    expect(Number.isInteger(node.span.start)).toBe(true);
    Object.values(node.attrs).forEach(visit);
    node.names.forEach(visit);
  }
  for (const rule of RULES) expect(() => rule.check(graph, {})).not.toThrow();
}

const vpc = (address: string, values: unknown = {}) => ({ address, mode: 'managed', type: 'aws_vpc', name: address.split('.')[1], values });

describe('truncated and odd shapes', () => {
  it.each([
    ['no sections', { format_version: '1.2' }],
    ['an array', [1, 2]],
    ['a string', 'plan'],
    ['null', null],
    ['planned_values of the wrong type', { format_version: '1.2', planned_values: [] }],
    ['root_module a string', { format_version: '1.2', planned_values: { root_module: 'x' } }],
    ['resources an object', { format_version: '1.2', planned_values: { root_module: { resources: { a: 1 } } } }],
    ['child_modules of junk', { format_version: '1.2', planned_values: { root_module: { child_modules: [null, 3, { resources: 'x' }] } } }],
    ['resource_changes an object', { format_version: '1.2', resource_changes: { a: 1 } }],
    ['resource_changes of junk', { format_version: '1.2', resource_changes: [null, 1, 'x', { change: 5 }, { address: 7 }] }],
    ['state values of junk', { format_version: '1.0', values: { root_module: { resources: [null, { address: null }] } } }],
  ])('%s: no nodes, no crash', (_name, value) => {
    const g = build(value);
    expect(g.nodes.size).toBe(0);
  });

  it('skips resources without a usable address', () => {
    const g = build({
      format_version: '1.2',
      planned_values: { root_module: { resources: [vpc(''), vpc('aws_vpc'), vpc('module.'), vpc('aws_vpc.a[each.key]'), vpc('aws_vpc.ok')] } },
    });
    expect([...g.nodes.keys()]).toEqual(['p.json#aws_vpc.ok']);
  });

  it('reads a resource_changes entry without after, or with after of the wrong type', () => {
    const change = (address: string, change: unknown) => ({ address, mode: 'managed', type: 'aws_flow_log', name: 'f', change });
    const g = build({
      format_version: '1.2',
      resource_changes: [
        change('aws_flow_log.a', { actions: ['create'] }),
        change('aws_flow_log.b', { actions: ['create'], after: 'oops', after_unknown: ['x'] }),
        change('aws_flow_log.c', { actions: 'create', after: { vpc_id: 5, traffic_type: ['ALL'] }, after_unknown: { vpc_id: 'yes' } }),
      ],
    });
    expect([...g.nodes.values()].map((n) => [n.id, n.kind])).toEqual([
      ['aws_flow_log.a', 'flow-log'],
      ['aws_flow_log.b', 'flow-log'],
      ['aws_flow_log.c', 'flow-log'],
    ]);
    expect(nodeOf(g, 'p.json#aws_flow_log.a').attrs).toEqual({});
    expect(plain(nodeOf(g, 'p.json#aws_flow_log.c').attrs['target'])).toBe(5);
    expectUsable(g);
  });

  it('falls back to the configuration when a plan was trimmed of after_unknown', () => {
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [vpc('aws_vpc.a'), { address: 'aws_flow_log.f', mode: 'managed', type: 'aws_flow_log', name: 'f', values: { traffic_type: 'ALL' } }] } },
      configuration: { root_module: { resources: [{ address: 'aws_flow_log.f', mode: 'managed', type: 'aws_flow_log', name: 'f', expressions: { vpc_id: { references: ['aws_vpc.a.id', 'aws_vpc.a'] } } }] } },
    };
    expect(plain(nodeOf(build(plan), 'p.json#aws_flow_log.f').attrs['target'])).toEqual({ ref: 'p.json#aws_vpc.a.id' });
  });

  it('tolerates configuration of the wrong types', () => {
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [vpc('aws_vpc.a')] } },
      resource_changes: [{ address: 'aws_flow_log.f', mode: 'managed', type: 'aws_flow_log', name: 'f', change: { actions: ['create'], after: {}, after_unknown: { vpc_id: true } } }],
      configuration: {
        root_module: {
          resources: [null, { type: 'aws_flow_log', name: 'f', expressions: { vpc_id: { references: [3, null, 'aws_vpc.a', '', '[', 'aws_vpc.a[', 'var', 'count.index'] } } }],
          module_calls: { bad: 'x', worse: { source: 4, module: [], expressions: 'y' } },
        },
      },
    };
    const g = build(plan);
    expect(plain(nodeOf(g, 'p.json#aws_flow_log.f').attrs['target'])).toEqual({ ref: 'p.json#aws_vpc.a.id' });
    expect(g.ofKind('stack').map((s) => s.id)).toEqual(['module.worse']);
    expectUsable(g);
  });

  it('ends reference cycles between module outputs and variables', () => {
    const plan = {
      format_version: '1.2',
      resource_changes: [{ address: 'aws_flow_log.f', mode: 'managed', type: 'aws_flow_log', name: 'f', change: { actions: ['create'], after: {}, after_unknown: { vpc_id: true } } }],
      configuration: {
        root_module: {
          resources: [{ address: 'aws_flow_log.f', mode: 'managed', type: 'aws_flow_log', name: 'f', expressions: { vpc_id: { references: ['module.m.out', 'module.m'] } } }],
          module_calls: {
            m: {
              source: './m',
              expressions: { x: { references: ['module.m.out', 'module.m'] } },
              module: { outputs: { out: { expression: { references: ['var.x'] } } } },
            },
          },
        },
      },
    };
    expect(plain(nodeOf(build(plan), 'p.json#aws_flow_log.f').attrs['target'])).toEqual({ unknown: 'known only after apply' });
  });

  it('keeps prototype-named keys as plain data', () => {
    const values = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x", "assume_role_policy": "{\\"__proto__\\": 1, \\"Statement\\": []}"}');
    const g = build({ format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values }] } } });
    expect(plain(nodeOf(g, 'p.json#aws_iam_role.r').attrs['trustPolicy'])).toEqual(JSON.parse('{"__proto__": 1, "Statement": []}'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reads a resource type named like an Object.prototype member as a type it does not know', () => {
    const resources = ['constructor', 'valueOf', '__proto__'].map((type) => ({ address: `${type}.x`, mode: 'managed', type, name: 'x', values: { id: type } }));
    const g = build({ format_version: '1.0', values: { root_module: { resources } } });
    const nodes = [...g.nodes.values()].map((n) => [n.id, n.kind, n.existence.state]);
    expect(nodes).toEqual([
      ['__proto__.x', 'other', 'present'],
      ['constructor.x', 'other', 'present'],
      ['valueOf.x', 'other', 'present'],
    ]);
    expectUsable(g);
  });

  it('turns a policy string that is not JSON into an unknown', () => {
    const g = build({ format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { assume_role_policy: '{"Statement": [' } }] } } });
    expect(plain(nodeOf(g, 'p.json#aws_iam_role.r').attrs['trustPolicy'])).toEqual({ unknown: 'policy document is a string that is not valid JSON' });
  });

  it('survives deeply nested values', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 500; i++) deep = [deep];
    const g = build({ format_version: '1.0', values: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { inline_policy: deep, managed_policy_arns: deep } }] } } });
    expectUsable(g);
  });
});

describe('addresses', () => {
  it.each([
    ['aws_vpc.main', { modules: [], mode: 'managed', type: 'aws_vpc', name: 'main', key: undefined }],
    ['module.vpc.aws_vpc.this[0]', { modules: [{ name: 'vpc', key: '' }], type: 'aws_vpc', name: 'this', key: '0' }],
    ['module.r["us-east-1"].module.l.data.aws_iam_policy_document.t', { modules: [{ name: 'r', key: '"us-east-1"' }, { name: 'l', key: '' }], mode: 'data', type: 'aws_iam_policy_document', name: 't' }],
    ['aws_vpc.main["a.b[1]"]', { type: 'aws_vpc', name: 'main', key: '"a.b[1]"' }],
    ['aws_vpc.main["quo\\"te"].id', { key: '"quo\\"te"', rest: [{ attr: 'id' }] }],
    // Keys are normalised: an escape that needs none is decoded, plain text is kept as written.
    ['aws_vpc.main["\\u0061"]', { key: '"a"' }],
    ['aws_vpc.main["zürich"]', { key: '"zürich"' }],
  ])('%s', (text, expected) => {
    expect(parseAddress(text)).toMatchObject(expected);
  });

  it.each([
    ['empty', ''],
    ['no name', 'aws_vpc'],
    ['an empty step', 'aws_vpc..main'],
    ['an open bracket', 'aws_vpc.main['],
    ['an open string key', 'aws_vpc.main["x]'],
    ['a key that is no constant', 'aws_vpc.main[each.key]'],
    ['an absurd length', 'x'.repeat(20_000)],
  ])('rejects %s', (_name, text) => {
    expect(parseAddress(text)).toBeUndefined();
  });
});

describe('mutated real plans', () => {
  const plans = ['flow-logs.json', 'modules.json', 'iam.json', 'state.json'].map(fixtureValue);
  const paths = plans.map((plan) => containerPaths(plan));

  it('never throw and always give usable graphs', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.option(fc.jsonValue({ maxDepth: 3 }))), { minLength: 1, maxLength: 8 }), (which, mutations) => {
        const index = which % plans.length;
        const plan = structuredClone(plans[index]);
        for (const [at, replacement] of mutations) {
          const list = paths[index]!;
          setAt(plan, list[at % list.length]!, replacement);
        }
        expectUsable(build(plan));
      }),
      { numRuns: 400 },
    );
  });
});

/** Paths of every object and array in a value (the places a mutation may replace). */
function containerPaths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return out;
  out.push(at);
  for (const [key, child] of Object.entries(value)) containerPaths(child, [...at, Array.isArray(value) ? Number(key) : key], out);
  return out;
}

/** Replaces (or, with null from fc.option, deletes) the value at a path, if the path still exists. */
function setAt(root: unknown, at: (string | number)[], replacement: unknown): void {
  if (at.length === 0) return;
  let parent: unknown = root;
  for (const step of at.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return;
    parent = (parent as Record<string | number, unknown>)[step];
  }
  if (typeof parent !== 'object' || parent === null) return;
  const last = at[at.length - 1]!;
  if (replacement === null && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (replacement === null) delete (parent as Record<string | number, unknown>)[last];
  else (parent as Record<string | number, unknown>)[last] = replacement;
}

describe('large plans', () => {
  it('links thousands of for_each module instances each to its own VPC', () => {
    const count = 3_000;
    const keys = Array.from({ length: count }, (_, i) => `k${i}`);
    const change = (address: string, type: string, after: unknown, afterUnknown: unknown) => ({
      address,
      module_address: address.slice(0, address.indexOf('].') + 1),
      mode: 'managed',
      type,
      name: 'this',
      change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
    });
    const plan = {
      format_version: '1.2',
      resource_changes: keys.flatMap((k) => [
        change(`module.m["${k}"].aws_vpc.this`, 'aws_vpc', { cidr_block: '10.0.0.0/16' }, { id: true }),
        change(`module.m["${k}"].aws_flow_log.this`, 'aws_flow_log', { traffic_type: 'ALL', log_destination_type: 's3', log_destination: 'arn:aws:s3:::flow-logs' }, { id: true, vpc_id: true }),
      ]),
      configuration: {
        root_module: {
          module_calls: {
            m: {
              source: './m',
              for_each_expression: { references: ['var.keys'] },
              module: {
                resources: [
                  { address: 'aws_vpc.this', mode: 'managed', type: 'aws_vpc', name: 'this', expressions: {} },
                  { address: 'aws_flow_log.this', mode: 'managed', type: 'aws_flow_log', name: 'this', expressions: { vpc_id: { references: ['aws_vpc.this.id', 'aws_vpc.this'] } } },
                ],
              },
            },
          },
        },
      },
    };
    const g = build(plan);
    expect(g.ofKind('flow-log')).toHaveLength(count);
    expect(g.edges.filter((e) => e.via === 'target')).toHaveLength(count);
    expect(plain(nodeOf(g, 'p.json#module.m["k1234"].aws_flow_log.this').attrs['target'])).toEqual({ ref: 'p.json#module.m["k1234"].aws_vpc.this.id' });
    expect(RULES.find((r) => r.meta.id === 'vpc-flow-logs')!.check(g, {})).toEqual([]);
  });

  it('shares one candidate list among thousands of references to a counted resource', () => {
    const count = 5_000;
    const plan = {
      format_version: '1.2',
      resource_changes: Array.from({ length: count }, (_, i) => [
        { address: `aws_vpc.az[${i}]`, mode: 'managed', type: 'aws_vpc', name: 'az', index: i, change: { actions: ['create'], after: {}, after_unknown: { id: true } } },
        { address: `aws_flow_log.az[${i}]`, mode: 'managed', type: 'aws_flow_log', name: 'az', index: i, change: { actions: ['create'], after: { traffic_type: 'ALL' }, after_unknown: { vpc_id: true } } },
      ]).flat(),
      configuration: {
        root_module: {
          resources: [{ address: 'aws_flow_log.az', mode: 'managed', type: 'aws_flow_log', name: 'az', expressions: { vpc_id: { references: ['aws_vpc.az', 'count.index'] } } }],
        },
      },
    };
    const g = build(plan);
    const targets = g.ofKind('flow-log').map((n) => n.attrs['target']);
    const first = targets[0];
    expect(first?.t === 'unknown' && first.mayBe?.length).toBe(count);
    expect(new Set(targets.map((t) => (t?.t === 'unknown' ? t.mayBe : undefined))).size).toBe(1);
  });
});
