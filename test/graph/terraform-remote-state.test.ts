/**
 * `data "terraform_remote_state"` joins two roots of a run: a flow log in one root that reads a VPC id
 * from the state another root of the run keeps targets that root's VPC. The fixtures
 * (`fixtures/terraform/vpc-flow-logs/remote-state-*`) hold an S3 backend with modules and a backend
 * completed at `terraform init`; these hold the other backends, workspaces, and what stays unknown.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { linkOf } from '../../src/graph/lookup.js';
import { MAX_MAY_TARGET_RELATED } from '../../rules/vpc-flow-logs.js';
import { memoryGraph } from './terraform-helpers.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) removeDir(dir);
});

function folder(files: Record<string, string>): string {
  const dir = tempDir('flowguard-remote-state-');
  made.push(dir);
  writeTree(dir, files);
  return dir;
}

/** A network root keeping its state as `terraformBlock` says, with one VPC and its id as an output. */
function networkRoot(terraformBlock: string): string {
  return `${terraformBlock}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

output "vpc_id" {
  value = aws_vpc.main.id
}
`;
}

/** A logging root whose flow log targets the VPC id read from the remote state `dataSource` describes. */
function loggingRoot(dataSource: string, trafficType = 'ALL'): string {
  return `data "terraform_remote_state" "network" {
${dataSource}
}

resource "aws_flow_log" "main" {
  vpc_id               = data.terraform_remote_state.network.outputs.vpc_id
  traffic_type         = "${trafficType}"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}
`;
}

async function vpcFindings(files: Record<string, string>, options: { terraformWorkspace?: string } = {}): Promise<string[]> {
  const dir = folder(files);
  const result = await lint([dir], { cwd: dir, ...options });
  return result.findings.filter((f) => f.ruleId === 'vpc-flow-logs').map((f) => `${f.level}: ${f.message}`);
}

describe('Terraform: a remote state that one root of the run keeps', () => {
  it('links a local state (no backend block: terraform.tfstate in the root) read by its path', async () => {
    const findings = await vpcFindings({
      'network/main.tf': networkRoot(''),
      'logging/main.tf': loggingRoot('  backend = "local"\n  config = {\n    path = "../network/terraform.tfstate"\n  }'),
    });
    expect(findings).toEqual([]);
  });

  it('links a local state of another workspace by workspace_dir, where path plays no part', async () => {
    // Terraform keeps a non-default workspace's local state at <workspace_dir>/<name>/terraform.tfstate.
    const reader = (config: string) => `  backend   = "local"\n  workspace = terraform.workspace\n  config = {\n    ${config}\n  }`;
    const network = networkRoot('');
    const byPath = await vpcFindings({ 'network/main.tf': network, 'logging/main.tf': loggingRoot(reader('path = "../network/terraform.tfstate"')) }, { terraformWorkspace: 'prod' });
    expect(byPath).toEqual(['error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; add an aws_flow_log with traffic_type = "ALL" that targets it']);
    const byDir = await vpcFindings({ 'network/main.tf': network, 'logging/main.tf': loggingRoot(reader('workspace_dir = "../network/terraform.tfstate.d"')) }, { terraformWorkspace: 'prod' });
    expect(byDir).toEqual([]);
  });

  it('links a `backend "local"` path written relative to path.module', async () => {
    const findings = await vpcFindings({
      'network/main.tf': networkRoot('terraform {\n  backend "local" {\n    path = "state/network.tfstate"\n  }\n}'),
      'logging/main.tf': loggingRoot('  backend = "local"\n  config = {\n    path = "${path.module}/../network/state/network.tfstate"\n  }'),
    });
    expect(findings).toEqual([]);
  });

  it('links a Terraform Cloud workspace (a `cloud` block) read with the remote backend', async () => {
    const findings = await vpcFindings({
      'network/main.tf': networkRoot('terraform {\n  cloud {\n    organization = "acme"\n    workspaces {\n      name = "network-prod"\n    }\n  }\n}'),
      'logging/main.tf': loggingRoot('  backend = "remote"\n  config = {\n    organization = "acme"\n    workspaces = {\n      name = "network-prod"\n    }\n  }'),
    });
    expect(findings).toEqual([]);
  });

  it('links a gcs state by bucket and prefix, and tells an accept-only flow log from the other root', async () => {
    const findings = await vpcFindings({
      'network/main.tf': networkRoot('terraform {\n  backend "gcs" {\n    bucket = "acme-state"\n    prefix = "network"\n  }\n}'),
      'logging/main.tf': loggingRoot('  backend = "gcs"\n  config = {\n    bucket = "acme-state"\n    prefix = "network"\n  }', 'ACCEPT'),
    });
    expect(findings).toEqual(['error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; `aws_flow_log.main` captures ACCEPT only']);
  });

  it('links Terraform 0.11\'s form: a `config` block, and the output read as the data source\'s attribute', async () => {
    const s3 = 'terraform {\n  backend "s3" {\n    bucket = "acme-state"\n    key    = "network.tfstate"\n  }\n}';
    const reader = `data "terraform_remote_state" "network" {
  backend = "s3"
  config {
    bucket = "acme-state"
    key    = "network.tfstate"
  }
}

resource "aws_flow_log" "main" {
  vpc_id               = "\${data.terraform_remote_state.network.vpc_id}"
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}
`;
    expect(await vpcFindings({ 'network/main.tf': networkRoot(s3), 'logging/main.tf': reader })).toEqual([]);
  });

  it('links a Terraform Cloud workspace read with tfe_outputs, its organization from the tfe provider', async () => {
    const cloud = 'terraform {\n  cloud {\n    organization = "acme"\n    workspaces {\n      name = "network-prod"\n    }\n  }\n}';
    const reader = `provider "tfe" {
  organization = "acme"
}

data "tfe_outputs" "network" {
  workspace = "network-prod"
}

resource "aws_flow_log" "main" {
  vpc_id               = data.tfe_outputs.network.nonsensitive_values.vpc_id
  traffic_type         = "ACCEPT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}
`;
    expect(await vpcFindings({ 'network/main.tf': networkRoot(cloud), 'logging/main.tf': reader })).toEqual([
      'error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; `aws_flow_log.main` captures ACCEPT only',
    ]);
  });

  it('reads an output with lookup() as with the attribute, and a module call\'s outputs the same way', async () => {
    const reader = loggingRoot('  backend = "local"\n  config = {\n    path = "../network/terraform.tfstate"\n  }').replace(
      'data.terraform_remote_state.network.outputs.vpc_id',
      'lookup(data.terraform_remote_state.network.outputs, "vpc_id", "Is not set!")',
    );
    expect(await vpcFindings({ 'network/main.tf': networkRoot(''), 'logging/main.tf': reader })).toEqual([]);
    const called = `module "network" {\n  source = "../network"\n}\n\n${loggingRoot('  backend = "local"\n  config = {\n    path = "nowhere.tfstate"\n  }').replace('data.terraform_remote_state.network.outputs.vpc_id', 'lookup(module.network, "vpc_id", null)')}`;
    expect(await vpcFindings({ 'network/main.tf': networkRoot(''), 'logging/main.tf': called })).toEqual([]);
  });

  it('links the run\'s workspace when the data source reads terraform.workspace', async () => {
    const s3 = 'terraform {\n  backend "s3" {\n    bucket = "acme-state"\n    key    = "network.tfstate"\n  }\n}';
    const reader = '  backend   = "s3"\n  workspace = terraform.workspace\n  config = {\n    bucket = "acme-state"\n    key    = "network.tfstate"\n  }';
    expect(await vpcFindings({ 'network/main.tf': networkRoot(s3), 'logging/main.tf': loggingRoot(reader) }, { terraformWorkspace: 'prod' })).toEqual([]);
  });

  it('links an S3 state of the default workspace whatever workspace_key_prefix the reader writes: it is kept at `key`', async () => {
    const s3 = 'terraform {\n  backend "s3" {\n    bucket = "acme-state"\n    key    = "network.tfstate"\n  }\n}';
    const reader = (prefix: string) => `  backend   = "s3"\n  workspace = terraform.workspace\n  config = {\n    bucket               = "acme-state"\n    key                  = "network.tfstate"\n    workspace_key_prefix = "${prefix}"\n  }`;
    const noFlowLog = 'error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; add an aws_flow_log with traffic_type = "ALL" that targets it';
    expect(await vpcFindings({ 'network/main.tf': networkRoot(s3), 'logging/main.tf': loggingRoot(reader('workspaces')) })).toEqual([]);
    // In another workspace the prefix places the state: `workspaces/prod/…` is not `env:/prod/…`.
    expect(await vpcFindings({ 'network/main.tf': networkRoot(s3), 'logging/main.tf': loggingRoot(reader('workspaces')) }, { terraformWorkspace: 'prod' })).toEqual([noFlowLog]);
    expect(await vpcFindings({ 'network/main.tf': networkRoot(s3), 'logging/main.tf': loggingRoot(reader('env:')) }, { terraformWorkspace: 'prod' })).toEqual([]);
  });
});

describe('Terraform: a partial backend completed by a configuration file', () => {
  const partial = 'terraform {\n  backend "s3" {\n    region = "eu-west-1"\n  }\n}';
  const reader = (key: string) => `  backend = "s3"\n  config = {\n    bucket = "acme-state"\n    key    = "${key}"\n    region = "eu-west-1"\n  }`;
  const settings = (key: string) => `bucket = "acme-state"\nkey    = "${key}"\n`;

  it('links the root whose backend.hcl names the state read', async () => {
    const findings = await vpcFindings({
      'network/main.tf': networkRoot(partial),
      'network/backend.hcl': settings('network/terraform.tfstate'),
      'logging/main.tf': loggingRoot(reader('network/terraform.tfstate'), 'ACCEPT'),
    });
    expect(findings).toEqual(['error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; `aws_flow_log.main` captures ACCEPT only']);
  });

  it('links the root one of whose environment files (env/*.s3.tfbackend) names it', async () => {
    const findings = await vpcFindings({
      'network/main.tf': networkRoot(partial),
      'network/env/dev.s3.tfbackend': settings('dev/network.tfstate'),
      'network/env/prod.s3.tfbackend': settings('prod/network.tfstate'),
      'network/env/prod.tfvars': 'environment = "prod"\n',
      'logging/main.tf': loggingRoot(reader('prod/network.tfstate')),
    });
    expect(findings).toEqual([]);
  });

  it('may still be the root when no file names the state read: the command line may have', async () => {
    const findings = await vpcFindings({
      'network/main.tf': networkRoot(partial),
      'network/backend.hcl': settings('network/terraform.tfstate'),
      'logging/main.tf': loggingRoot(reader('shared/network.tfstate')),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatch(/^note: VPC `aws_vpc\.main` could not be verified: .*or by network, whose backend is completed at terraform init/);
  });
});

describe('Terraform: an S3 state is the object a workspace keeps it in', () => {
  const network = 'terraform {\n  backend "s3" {\n    bucket               = "acme-state"\n    key                  = "terraform.tfstate"\n    workspace_key_prefix = "network"\n  }\n}';
  const byObject = '  backend = "s3"\n  config = {\n    bucket = "acme-state"\n    key    = "network/${terraform.workspace}/terraform.tfstate"\n  }';

  it('links a key that names the object of the run\'s workspace (<workspace_key_prefix>/<workspace>/<key>)', async () => {
    expect(await vpcFindings({ 'network/main.tf': networkRoot(network), 'logging/main.tf': loggingRoot(byObject) }, { terraformWorkspace: 'dev' })).toEqual([]);
  });

  it('links the workspace a data source names to the object that workspace\'s state is, as the backend lays it out', async () => {
    const reader = '  backend   = "s3"\n  workspace = "dev"\n  config = {\n    bucket               = "acme-state"\n    key                  = "terraform.tfstate"\n    workspace_key_prefix = "network"\n  }';
    expect(await vpcFindings({ 'network/main.tf': networkRoot(network), 'logging/main.tf': loggingRoot(reader) }, { terraformWorkspace: 'dev' })).toEqual([]);
  });

  it('does not link the default workspace, whose state is the key itself, not network/default/…', async () => {
    expect(await vpcFindings({ 'network/main.tf': networkRoot(network), 'logging/main.tf': loggingRoot(byObject) })).toEqual([
      'error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; add an aws_flow_log with traffic_type = "ALL" that targets it',
    ]);
  });
});

describe('Terraform: a Terraform Cloud workspace named in full', () => {
  const network = 'terraform {\n  backend "remote" {\n    organization = "acme"\n    workspaces {\n      prefix = "network-"\n    }\n  }\n}';
  const byName = (name: string) => `  backend = "remote"\n  config = {\n    organization = "acme"\n    workspaces = {\n      name = "${name}"\n    }\n  }`;

  it('links the workspace of the run named in full (network-${terraform.workspace}) to a root whose backend has a prefix', async () => {
    expect(await vpcFindings({ 'network/main.tf': networkRoot(network), 'logging/main.tf': loggingRoot(byName('network-${terraform.workspace}')) }, { terraformWorkspace: 'prod' })).toEqual([]);
  });

  it('does not link another environment\'s workspace', async () => {
    expect(await vpcFindings({ 'network/main.tf': networkRoot(network), 'logging/main.tf': loggingRoot(byName('network-staging')) }, { terraformWorkspace: 'prod' })).toEqual([
      'error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; add an aws_flow_log with traffic_type = "ALL" that targets it',
    ]);
  });
});

describe('Terraform: a remote state the run cannot tie to one root', () => {
  const s3 = (key: string) => `terraform {\n  backend "s3" {\n    bucket = "acme-state"\n    key    = "${key}"\n    region = "eu-west-1"\n  }\n}`;
  const s3Reader = (key: string, extra = '') => `  backend = "s3"${extra}\n  config = {\n    bucket = "acme-state"\n    key    = "${key}"\n    region = "eu-west-1"\n  }`;

  it('is another configuration\'s when every root of the run keeps its state elsewhere: the VPC has no flow log', async () => {
    const findings = await vpcFindings({ 'network/main.tf': networkRoot(s3('network.tfstate')), 'logging/main.tf': loggingRoot(s3Reader('shared-network.tfstate')) });
    expect(findings).toEqual(['error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; add an aws_flow_log with traffic_type = "ALL" that targets it']);
  });

  it('is another workspace\'s state than the run evaluates: not this deployment\'s VPC', async () => {
    const findings = await vpcFindings({ 'network/main.tf': networkRoot(s3('network.tfstate')), 'logging/main.tf': loggingRoot(s3Reader('network.tfstate', '\n  workspace = "staging"')) });
    expect(findings).toEqual(['error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; add an aws_flow_log with traffic_type = "ALL" that targets it']);
  });

  it('may be either of two roots that keep their state in the same place: both VPCs are unverified, not failed', async () => {
    const findings = await vpcFindings({
      'network-a/main.tf': networkRoot(s3('network.tfstate')),
      'network-b/main.tf': networkRoot(s3('network.tfstate')),
      'logging/main.tf': loggingRoot(s3Reader('network.tfstate')),
    });
    expect(findings).toHaveLength(2);
    for (const finding of findings) expect(finding).toMatch(/^note: VPC `aws_vpc\.main` could not be verified: .*reads the state that 2 roots of this run keep in the same place/);
  });

  it('may be any root when the data source\'s config is not known statically', async () => {
    const reader = '  backend = "s3"\n  config = {\n    bucket = var.state_bucket\n    key    = "network.tfstate"\n  }';
    const findings = await vpcFindings({
      'network/main.tf': networkRoot(s3('network.tfstate')),
      'logging/main.tf': `variable "state_bucket" {\n  type = string\n}\n\n${loggingRoot(reader)}`,
    });
    expect(findings).toEqual([
      'note: VPC `aws_vpc.main` could not be verified: flow log `aws_flow_log.main` may target it (data.terraform_remote_state.network reads a state whose place is not known statically)',
    ]);
  });

  it('names a few of the roots whose backends are completed at init, not every one', async () => {
    // 1,000 such roots put 1,000 names in every VPC's note: 99 MB of SARIF, and 7 s comparing the reasons.
    const files: Record<string, string> = { 'logging/main.tf': loggingRoot(s3Reader('network.tfstate')) };
    for (const name of ['network', 'a', 'b', 'c', 'd']) files[`${name}/main.tf`] = networkRoot('terraform {\n  backend "s3" {}\n}');
    const findings = await vpcFindings(files);
    expect(findings).toHaveLength(5);
    for (const finding of findings) {
      expect(finding).toMatch(/reads a state kept outside this run or by a, b, c or 2 more roots, whose backends are completed at terraform init\)$/);
    }
  });

  it('ends where two roots read each other\'s outputs in a cycle', async () => {
    const network = `${s3('network.tfstate')}

data "terraform_remote_state" "logging" {
  backend = "s3"
  config = {
    bucket = "acme-state"
    key    = "logging.tfstate"
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

output "vpc_id" {
  value = data.terraform_remote_state.logging.outputs.vpc_id
}
`;
    const logging = `${s3('logging.tfstate')}

${loggingRoot(s3Reader('network.tfstate'))}
output "vpc_id" {
  value = data.terraform_remote_state.network.outputs.vpc_id
}
`;
    // Each output is the other's: no value ever reaches the flow log, so the VPC has none.
    const findings = await vpcFindings({ 'network/main.tf': network, 'logging/main.tf': logging });
    expect(findings).toEqual(['error: VPC `aws_vpc.main` has no flow log capturing REJECT or ALL traffic; add an aws_flow_log with traffic_type = "ALL" that targets it']);
  });
});

/**
 * SPEC §2 over a family of layouts: the network root's VPC, whose only flow log sits in a logging root
 * that reads the VPC id from a remote state, is an error only where that state is surely not the
 * network root's (another workspace than the run's, or a place every root of the run keeps its state
 * elsewhere than); where what it reads is not known statically it is a note; where it is the network
 * root's state, the VPC is covered.
 */
describe('Terraform: remote state never fails a VPC on what cannot be known (property)', () => {
  const known = <T extends string>(...values: T[]) => fc.constantFrom(...values);
  const layout = fc.record({
    network: known('complete', 'partial', 'bucket only'),
    loggingBackend: fc.boolean(),
    bucket: known('acme-state', 'other-state', 'var'),
    key: known('network.tfstate', 'other.tfstate', 'var'),
    workspace: known('absent', 'default', 'staging', 'var', 'terraform.workspace'),
    run: known('default', 'staging'),
  });
  const written = (value: string): string => (value === 'var' ? 'var.unknown' : JSON.stringify(value));

  it('is covered, a note or an error as the state read is the network root\'s, unknown or surely not', async () => {
    await fc.assert(
      fc.asyncProperty(layout, async (l) => {
        const backend = { complete: 'bucket = "acme-state"\n    key    = "network.tfstate"', partial: '', 'bucket only': 'bucket = "acme-state"' }[l.network];
        const workspace = l.workspace === 'absent' ? '' : `\n  workspace = ${l.workspace === 'terraform.workspace' ? 'terraform.workspace' : written(l.workspace)}`;
        const reader = `  backend = "s3"${workspace}\n  config = {\n    bucket = ${written(l.bucket)}\n    key    = ${written(l.key)}\n  }`;
        const logging = `variable "unknown" {\n  type = string\n}\n\n${l.loggingBackend ? 'terraform {\n  backend "s3" {\n    bucket = "acme-state"\n    key    = "logging.tfstate"\n  }\n}\n\n' : ''}${loggingRoot(reader)}`;
        const findings = await vpcFindings({ 'network/main.tf': networkRoot(`terraform {\n  backend "s3" {\n    ${backend}\n  }\n}`), 'logging/main.tf': logging }, { terraformWorkspace: l.run });

        const ws = { absent: 'default', default: 'default', staging: 'staging', var: undefined, 'terraform.workspace': l.run }[l.workspace];
        let expected: 'covered' | 'note' | 'error';
        if (ws !== undefined && ws !== l.run) expected = 'error';
        else if (ws === undefined || l.bucket === 'var' || l.key === 'var') expected = 'note';
        else if (l.network !== 'complete') expected = 'note';
        else expected = l.bucket === 'acme-state' && l.key === 'network.tfstate' ? 'covered' : 'error';
        expect(findings.map((f) => f.split(':')[0])).toEqual(expected === 'covered' ? [] : [expected]);
      }),
      { numRuns: 150, seed: 20_261_129 },
    );
  }, 60_000);
});

/**
 * Roots with partial backends (`backend "s3" {}`) that all read one state: each of them may keep it,
 * so each flow log may target each VPC of them all. 2,000 such roots took 23 s and 1.6 GB, the pairs
 * made one by one (a set of files for each reader, a list of VPCs for each flow log, an entry for each
 * pair). Counted here, not timed: the candidates are one list for all the flow logs, and the findings
 * share their related locations.
 */
describe('Terraform: many roots that may each keep the state they read', () => {
  const roots = 150;
  const files: Record<string, string> = {};
  let network = 'terraform {\n  backend "s3" {}\n}\n';
  for (let i = 0; i < roots; i++) network += `resource "aws_vpc" "v${i}" {\n  cidr_block = "10.0.0.0/16"\n}\noutput "v${i}" {\n  value = aws_vpc.v${i}.id\n}\n`;
  files['network/main.tf'] = network;
  for (let i = 0; i < roots; i++) {
    const reader = `  backend = "s3"\n  config = {\n    bucket = "acme-state"\n    key    = "network.tfstate"\n  }`;
    files[`r${i}/main.tf`] = `terraform {\n  backend "s3" {}\n}\n\n${loggingRoot(reader).replace('outputs.vpc_id', `outputs.v${i}`)}`;
  }

  it('gives every flow log one list of the VPCs it may target', () => {
    const graph = memoryGraph(files);
    const lists = new Set(graph.ofKind('flow-log').map((flowLog) => {
      const link = linkOf(graph, flowLog.attrs['target']!, ['vpc']);
      return link.state === 'unknown' ? link.mayBe : undefined;
    }));
    expect(lists.size).toBe(1);
    expect([...lists][0]).toHaveLength(roots);
  });

  it('notes every VPC, naming a bounded number of flow logs, the same objects in every finding', async () => {
    const dir = folder(files);
    const { findings } = await lint([dir], { cwd: dir });
    const notes = findings.filter((f) => f.ruleId === 'vpc-flow-logs');
    expect(notes).toHaveLength(roots);
    for (const note of notes) {
      expect(note.level).toBe('note');
      expect(note.message).toMatch(/^VPC `aws_vpc\.v\d+` could not be verified: flow logs `aws_flow_log\.main`, `aws_flow_log\.main`, `aws_flow_log\.main` and 147 more \(related locations\) may target it/);
      expect(note.related).toHaveLength(MAX_MAY_TARGET_RELATED);
    }
    // One related location for each flow log named, not one for each pair of VPC and flow log.
    expect(new Set(notes.flatMap((f) => f.related)).size).toBe(MAX_MAY_TARGET_RELATED);
  });
});
