// Packs: chunks that every sample run of the CLI loads together, written as one file (scripts/bundle.mjs).
//
// Why: esbuild splits the CLI at every dynamic import, into one chunk per set of entry points that
// reach a module. A lint of one small YAML template loaded 50 of them: 100 reads (chunk and code cache)
// and 50 scripts to compile, about 4 ms of CPU of a run whose own start-up is some 30 ms beyond
// `node -e 0` (docs/decisions.md). Chunk boundaries follow the source's imports, not what runs use:
// a run that loads the rules always loads the graph helpers, the engine always the reporters' shared
// code. So the build runs the CLI on small sample inputs (each input kind × each report format × stdout
// or --output), records which chunks each run loaded, and packs the chunks that were loaded by
// exactly the same sample runs. Whatever one of those runs loads, it loads as a whole pack, and it
// needs every chunk in it; a run the samples do not cover (a plan, --changed-since, a baseline) loads
// the chunks no sample loaded one by one, as before. The samples keep every input kind apart, so a
// pack never mixes parsers: a JSON run still loads no YAML parser (test/engine/lazy-loading.test.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runThroughLoader } from './run-through-loader.mjs';

// The inputs, one per kind a run can load code for. Small on purpose: which chunks a run loads depends
// on the kinds of input and on what is asked for, not on size. Each has findings, as most runs do.
const TEMPLATE = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
  },
};
const TERRAFORM = [
  'resource "aws_vpc" "main" {',
  '  cidr_block = "10.0.0.0/16"',
  '}',
  '',
  'resource "aws_cloudwatch_log_group" "flow_logs" {',
  '  retention_in_days = RETENTION',
  '}',
  '',
].join('\n');
const PLAN = {
  format_version: '1.2',
  terraform_version: '1.9.0',
  planned_values: { root_module: { resources: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', name: 'main', provider_name: 'registry.terraform.io/hashicorp/aws', values: { cidr_block: '10.0.0.0/16' } }] } },
  configuration: { root_module: { resources: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', name: 'main', expressions: { cidr_block: { constant_value: '10.0.0.0/16' } } }] } },
};

/** Sample inputs by kind: file name → text. */
const INPUTS = {
  'cloudformation-yaml': { 'network.yaml': yamlOf(TEMPLATE) },
  'cloudformation-json': { 'network.json': JSON.stringify(TEMPLATE, null, 2) },
  terraform: { 'main.tf': TERRAFORM.replace('RETENTION', '30') },
  // yamldecode() loads js-yaml without the YAML template parser: a kind of its own, or js-yaml would
  // share a pack with that parser.
  'terraform-yamldecode': { 'main.tf': TERRAFORM.replace('RETENTION', 'yamldecode(file("logs.yaml")).days'), 'logs.yaml': 'days: 30\n' },
  'terraform-plan': { 'tfplan.json': JSON.stringify(PLAN) },
};
const FORMATS = ['text', 'json', 'sarif', 'compact', 'github'];

function yamlOf(template) {
  const lines = [`AWSTemplateFormatVersion: '${template.AWSTemplateFormatVersion}'`, 'Resources:'];
  for (const [id, resource] of Object.entries(template.Resources)) {
    lines.push(`  ${id}:`, `    Type: ${resource.Type}`, '    Properties:');
    for (const [key, value] of Object.entries(resource.Properties)) lines.push(`      ${key}: ${typeof value === 'string' ? `'${value}'` : value}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs the bundle in `outDir` (not packed yet) once per sample and returns, per run, the names of the
 * chunks it loaded, in the order it loaded them.
 */
export function traceSampleRuns(outDir) {
  const scratch = mkdtempSync(join(tmpdir(), 'flowguard-packs-'));
  const traces = [];
  try {
    for (const [kind, files] of Object.entries(INPUTS)) {
      const dir = join(scratch, kind);
      mkdirSync(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      for (const format of FORMATS) {
        for (const output of ['stdout', 'file']) {
          const trace = join(scratch, 'trace.json');
          const args = ['--format', format, ...(output === 'file' ? ['--output', join(scratch, 'report')] : []), dir];
          const run = runThroughLoader(outDir, args, 'writeFileSync(output, JSON.stringify(loader.loadedChunks()));', trace);
          // Exit 1: the samples have findings, as they should.
          if (run.status !== 0 && run.status !== 1) throw new Error(`bundle: sample run ${kind} ${format} ${output} exited ${run.status}: ${run.stderr.trim()}`);
          traces.push({ run: `${kind} ${format} ${output}`, chunks: JSON.parse(readFileSync(trace, 'utf8')) });
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return traces;
}

/**
 * Groups the chunks by the sample runs that loaded them: one pack per set of runs that loaded two or
 * more chunks. Members keep the order of their first load; packs that order too, so a build is the
 * same bytes every time.
 */
export function groupIntoPacks(traces) {
  const runsOf = new Map();
  traces.forEach(({ chunks }, index) => {
    for (const chunk of chunks) {
      if (!runsOf.has(chunk)) runsOf.set(chunk, []);
      runsOf.get(chunk).push(index);
    }
  });
  const bySignature = new Map();
  for (const [chunk, runs] of runsOf) {
    const signature = runs.join(',');
    if (!bySignature.has(signature)) bySignature.set(signature, []);
    bySignature.get(signature).push(chunk);
  }
  return [...bySignature.values()]
    .filter((members) => members.length > 1)
    .map((members) => ({ name: `pack-${createHash('sha256').update(members.join('\n')).digest('base64url').slice(0, 8)}.js`, members }));
}

/** The parameters of a chunk's function: CommonJS's five, and the chunk's own URL for `import.meta.url` (chunk-loader.cjs). */
export const CHUNK_PARAMETERS = 'exports, require, module, __filename, __dirname, __flowguardModuleUrl';

/**
 * Writes each pack (an object of the member chunks' functions, by chunk name) in place of its members,
 * and returns `meta` (file → sources) with the packs in place of their members, and which pack holds
 * each chunk.
 */
export function writePacks(outDir, packs, meta) {
  const packOf = {};
  const files = { ...meta };
  for (const { name, members } of packs) {
    const parts = members.map((chunk) => `${JSON.stringify(chunk)}: function (${CHUNK_PARAMETERS}) {\n${readFileSync(join(outDir, chunk), 'utf8')}\n}`);
    writeFileSync(join(outDir, name), `({\n${parts.join(',\n')}\n})\n`);
    files[name] = [...new Set(members.flatMap((chunk) => meta[chunk]))].sort();
    for (const chunk of members) {
      unlinkSync(join(outDir, chunk));
      delete files[chunk];
      packOf[chunk] = name;
    }
  }
  return { packOf, meta: Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) };
}
