/** The diffs behind `--changed-since`, without git: CloudFormation logical ids, Terraform blocks, plan addresses. */
import { describe, expect, it } from 'vitest';
import { changedLogicalIds } from '../../src/engine/changed-since/cloudformation.js';
import { changedAddresses } from '../../src/engine/changed-since/plan.js';
import { compareModules, snapshotModule, splitAddress } from '../../src/engine/changed-since/terraform.js';
import { parseHcl } from '../../src/parse/hcl/index.js';
import { parseTfJson } from '../../src/parse/hcl/tfjson.js';

const parsers = { parseHcl, parseTfJson };
const bucket = (props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ Type: 'AWS::S3::Bucket', Properties: props, ...extra });

describe('changedLogicalIds', () => {
  it('added and modified ids, not removed or unchanged ones', () => {
    const before = { Resources: { Same: bucket(), Edited: bucket({ A: 1 }), Gone: bucket() } };
    const after = { Resources: { Same: bucket(), Edited: bucket({ A: 2 }), New: bucket() } };
    expect([...(changedLogicalIds(before, after) as Set<string>)].sort()).toEqual(['Edited', 'New']);
  });

  it('Condition, DependsOn and Metadata count; DependsOn order and string-vs-list do not', () => {
    const before = { Resources: { C: bucket(), D: bucket({}, { DependsOn: ['X', 'Y'] }), M: bucket(), S: bucket({}, { DependsOn: 'X' }) } };
    const after = { Resources: { C: bucket({}, { Condition: 'IsProd' }), D: bucket({}, { DependsOn: ['Y', 'X'] }), M: bucket({}, { Metadata: { flowguard: {} } }), S: bucket({}, { DependsOn: ['X'] }) } };
    expect([...(changedLogicalIds(before, after) as Set<string>)].sort()).toEqual(['C', 'M']);
  });

  it('a change to Parameters, Mappings, Conditions, Globals or Transform changes every resource', () => {
    for (const section of ['Parameters', 'Mappings', 'Conditions', 'Globals', 'Transform']) {
      expect(changedLogicalIds({ Resources: { A: bucket() } }, { [section]: { X: 1 }, Resources: { A: bucket() } })).toBe('all');
    }
    expect(changedLogicalIds({ Outputs: { X: 1 }, Resources: { A: bucket() } }, { Resources: { A: bucket() } })).toEqual(new Set());
  });

  it("a change to cdk-nag's stack suppressions (template Metadata.cdk_nag) changes every resource; other template Metadata does not", () => {
    const stack = (metadata?: Record<string, unknown>) => ({ ...(metadata ? { Metadata: metadata } : {}), Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } } });
    const nag = { cdk_nag: { rules_to_suppress: [{ id: 'AwsSolutions-VPC7', reason: 'Flow logs are not required for this demo' }] } };
    expect(changedLogicalIds(stack(nag), stack())).toBe('all');
    expect(changedLogicalIds(stack(nag), stack({ ...nag, 'AWS::CloudFormation::Interface': { ParameterGroups: [] } }))).toEqual(new Set());
  });

  it('counts the role SAM generates for a changed function as changed, unless the template has a resource of that name', () => {
    const fn = (handler: string, extra = {}) => ({ Resources: { Worker: { Type: 'AWS::Serverless::Function', Properties: { Handler: handler } }, ...extra } });
    expect([...(changedLogicalIds(fn('a.handler'), fn('b.handler')) as Set<string>)].sort()).toEqual(['Worker', 'WorkerRole']);
    const own = { WorkerRole: { Type: 'AWS::IAM::Role' } };
    expect([...(changedLogicalIds(fn('a.handler', own), fn('b.handler', own)) as Set<string>)]).toEqual(['Worker']);
  });

  it('compares the copies a Fn::ForEach loop makes, by the ids they get', () => {
    const loop = (envs: string[], props: Record<string, unknown>) => ({ Resources: { 'Fn::ForEach::Buckets': ['Env', envs, { 'Logs${Env}': bucket(props) }] } });
    expect([...(changedLogicalIds(loop(['dev', 'prod'], { A: 1 }), loop(['dev', 'prod', 'test'], { A: 1 })) as Set<string>)]).toEqual(['Logstest']);
    expect([...(changedLogicalIds(loop(['dev'], { A: 1 }), loop(['dev'], { A: 2 })) as Set<string>)]).toEqual(['Logsdev']);
  });
});

describe('Terraform module snapshots', () => {
  const snapshot = (files: Record<string, string>) => snapshotModule(new Map(Object.entries(files)), parsers);

  it('changed, added and re-commented resources; whitespace and file moves are no change', () => {
    const before = snapshot({ 'a.tf': 'resource "t" "same" {\n  x = 1\n}\nresource "t" "edited" { x = 1 }\nresource "t" "ignored" {}\nresource "t" "moved" {}\n' });
    const after = snapshot({
      'a.tf': 'resource "t" "same" {\n    x   =   1\n}\nresource "t" "edited" { x = 2 }\n# flowguard:ignore rule reason\nresource "t" "ignored" {}\nresource "t" "new" {}\n',
      'b.tf': 'resource "t" "moved" {}\n',
    });
    const changes = compareModules(before, after);
    expect(changes.all).toBe(false);
    expect([...changes.resources].sort()).toEqual(['t.edited', 't.ignored', 't.new']);
  });

  it('variables, locals, tfvars and unparseable files change the whole module; module calls are tracked by name', () => {
    const base = { 'main.tf': 'variable "v" { default = 1 }\nmodule "m" { source = "./m" }\nresource "t" "r" {}\n' };
    expect(compareModules(snapshot(base), snapshot({ 'main.tf': base['main.tf'].replace('1', '2') })).all).toBe(true);
    expect(compareModules(snapshot(base), snapshot({ ...base, 'terraform.tfvars': 'v = 3\n' })).all).toBe(true);
    expect(compareModules(snapshot(base), snapshot({ ...base, 'x.tf': 'resource {' })).all).toBe(true);
    expect(compareModules(undefined, snapshot(base)).all).toBe(true);
    const call = compareModules(snapshot(base), snapshot({ 'main.tf': base['main.tf'].replace('"./m" }', '"./m"\n x = 1 }') }));
    expect({ all: call.all, calls: [...call.calls] }).toEqual({ all: false, calls: ['m'] });
  });

  it('an override file changes the blocks it merges into, whichever file name sorts first', () => {
    const base = { 'main.tf': 'resource "t" "a" { x = 1 }\nresource "t" "b" { x = 1 }\nmodule "m" { source = "./m" }\n' };
    const withOverride = (text: string) => snapshot({ ...base, 'a_override.tf': text });
    const edited = compareModules(withOverride('resource "t" "a" { x = 2 }\n'), withOverride('resource "t" "a" { x = 3 }\nmodule "m" { y = 1 }\n'));
    expect({ all: edited.all, resources: [...edited.resources], calls: [...edited.calls] }).toEqual({ all: false, resources: ['t.a'], calls: ['m'] });
    // Adding one is a change to what it overrides, and only to that.
    const added = compareModules(snapshot(base), withOverride('resource "t" "b" { x = 2 }\n'));
    expect([...added.resources]).toEqual(['t.b']);
  });

  it('.tf.json files are read too', () => {
    const before = snapshot({ 'main.tf.json': JSON.stringify({ resource: { t: { a: { x: 1 }, b: { x: 1 } } } }) });
    const after = snapshot({ 'main.tf.json': JSON.stringify({ resource: { t: { a: { x: 1 }, b: { x: 2 } } } }) });
    expect([...compareModules(before, after).resources]).toEqual(['t.b']);
  });

  it('splitAddress', () => {
    expect(splitAddress('module.a["k"].module.b.aws_vpc.x[0]')).toEqual({ modules: ['a', 'b'], resource: 'aws_vpc.x' });
    expect(splitAddress('aws_vpc.main')).toEqual({ modules: [], resource: 'aws_vpc.main' });
  });
});

describe('changedAddresses (plans and states)', () => {
  const plan = (after: Record<string, unknown>) => ({
    format_version: '1.2',
    resource_changes: Object.entries(after).map(([address, value]) => ({ address, change: { actions: ['create'], after: value, after_unknown: {} } })),
  });

  it('new addresses and addresses whose planned values changed', () => {
    const changed = changedAddresses(plan({ 'a.x': { v: 1 }, 'a.y': { v: 1 }, 'a.gone': {} }), plan({ 'a.x': { v: 1 }, 'a.y': { v: 2 }, 'module.m.a.z[0]': {} }));
    expect([...(changed as Set<string>)].sort()).toEqual(['a.y', 'module.m.a.z[0]']);
  });

  it('state files: values under values.root_module, child modules included', () => {
    const state = (v: number) => ({ format_version: '1.0', values: { root_module: { resources: [{ address: 'a.x', values: { v: 1 } }], child_modules: [{ resources: [{ address: 'module.m.a.y', values: { v } }] }] } } });
    expect([...(changedAddresses(state(1), state(2)) as Set<string>)]).toEqual(['module.m.a.y']);
  });
});
