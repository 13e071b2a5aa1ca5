// `npm run bench`: generates CloudFormation and Terraform inputs in a temporary directory, runs the
// built CLI and a parse-only baseline on them in fresh processes, and prints one Markdown table of
// medians, ratios, throughput and peak memory against the targets (SPEC §8). Benchmarks are not
// tests: this always exits 0. Options: --quick (smaller inputs, fewer runs, docs not updated),
// --runs N, --profile (top self-time functions of the slowest run and of the worst ratio) or
// --profile=<row keys> (yaml, json, tree, plan, tf, small), --no-write, --keep.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, generate, snapshot } from './bench/inputs.mjs';
import { hasGnuTime, startUpSettingsSet } from './bench/measure.mjs';
import { table, verdict, writeDoc } from './bench/report.mjs';
import { MB, SLOW_RUN_MS, SLOW_RUNS, formatRows, parallelRow, profileRun, scalingRow, smallRow, sum } from './bench/rows.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function parseArgs(argv) {
  const options = { quick: false, runs: undefined, profile: false, write: true, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg.startsWith('--profile=')) options.profile = arg.slice(10).split(',');
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--runs' || arg.startsWith('--runs=')) {
      const value = Number(arg.includes('=') ? arg.slice(7) : argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new UsageError('--runs expects a positive whole number');
      options.runs = value;
      options.runsGiven = true;
    } else throw new UsageError(`unknown option ${arg} (options: --quick, --runs N, --profile, --no-write, --keep)`);
  }
  options.runs ??= options.quick ? 3 : 5;
  return options;
}

/** A command line the benchmark does not take. */
class UsageError extends Error {}

const log = (text = '') => process.stderr.write(`${text}\n`);
function machine() {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model?.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB, Node ${process.version}, ${process.platform}`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  ensureBuilt(ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-bench-'));
  const scratch = join(dir, '.scratch');
  mkdirSync(scratch);
  const started = Date.now();
  const loadBefore = loadavg()[0];
  try {
    const product = await snapshot(ROOT, dir);
    const distBuilt = product.built.toISOString().replace(/\.\d+Z$/, 'Z');
    const { inputs } = generate(dir, options.quick);
    const context = { product, cwd: dir, scratch, runs: options.runs, runsGiven: options.runsGiven, startupMs: NaN };
    log(`measuring: ${options.runs} runs per command, interleaved, medians (GNU time: ${hasGnuTime ? 'yes' : 'no, child-reported RSS'})`);
    const done = (row) => log(`  ${row.input}: ${row.fullMs.toFixed(0)} ms (${Number.isFinite(row.ratio) ? row.ratio.toFixed(2) : '–'}×) ${verdict(row)}`);

    const small = smallRow(inputs.small[0], context);
    context.startupMs = small.startupMs;
    done(small.row);

    const cfn = (check) => check.files > 0;
    const yamlBytes = sum(inputs.tree.filter((f) => f.syntax === 'yaml'));
    const jsonBytes = sum(inputs.tree) - yamlBytes;
    const treeTarget = sum(inputs.tree) / MB / (yamlBytes / MB / 8 + jsonBytes / MB / 40);
    const rowSpecs = [
      { key: 'yaml', input: 'CloudFormation YAML, 500 resources', files: inputs.yaml, paths: [inputs.yaml[0].path], mbpsTarget: 8, supported: cfn },
      { key: 'json', input: 'CloudFormation JSON, 500 resources', files: inputs.json, paths: [inputs.json[0].path], mbpsTarget: 40, supported: cfn },
      { key: 'tree', input: `${inputs.tree.length.toLocaleString('en')} small templates (70 % YAML, 30 % JSON)`, files: inputs.tree, paths: [join(dir, 'stacks')], mbpsTarget: treeTarget, supported: cfn },
      { key: 'plan', input: `Terraform plan JSON (${inputs.plan[0].modules} modules)`, files: inputs.plan, paths: [inputs.plan[0].path], mbpsTarget: 40, supported: (c) => (c.byExtension?.json ?? 0) > 0 },
      { key: 'tf', input: `${inputs.tf.length} .tf files (root + ${Math.round(inputs.tf.length / 10) - 1} modules)`, files: inputs.tf, paths: [join(dir, 'terraform')], mbpsTarget: 2, supported: (c) => (c.byExtension?.tf ?? 0) > 0 },
    ];
    const rows = [];
    const byKey = {};
    const yamlFactor = options.quick ? 5 : 10;
    const teams = { key: 'team', input: `${inputs.team.length} small templates`, files: inputs.team, paths: inputs.teamDirs };
    const companions = {
      yaml: { key: 'yaml-scaled', input: `YAML, ${yamlFactor * 500} resources`, files: inputs.yamlScaled, paths: [inputs.yamlScaled[0].path] },
      ...(inputs.treeScaled === inputs.tree ? { tree: teams } : {}),
    };
    for (const spec of rowSpecs) {
      const [row, other] = formatRows(spec, context, companions[spec.key]);
      rows.push(row);
      byKey[spec.key] = row;
      if (other) byKey[other.key] = other;
      done(row);
    }
    rows.push(small.row);

    const scaleYaml = scalingRow({ input: `scaling: one YAML template, 500 → ${yamlFactor * 500} resources`, one: byKey.yaml, many: byKey['yaml-scaled'], factor: yamlFactor, context });
    rows.push(scaleYaml);
    done(scaleYaml);
    if (inputs.treeScaled !== inputs.tree) {
      const many = { ...rowSpecs[2], key: 'tree-scaled', files: inputs.treeScaled, paths: [inputs.scaledRoot] };
      [byKey['tree-scaled'], byKey.team] = formatRows(many, context, teams);
    } else byKey['tree-scaled'] = byKey.tree;
    const treeFactor = Math.round(inputs.treeScaled.length / inputs.team.length);
    const scaleTree = scalingRow({ input: `scaling: small templates, ${inputs.team.length.toLocaleString('en')} → ${inputs.treeScaled.length.toLocaleString('en')}`, one: byKey.team, many: byKey['tree-scaled'], factor: treeFactor, context });
    rows.push(scaleTree);
    done(scaleTree);

    const yamlFiles = inputs.networks.filter((f) => f.syntax === 'yaml').length;
    const parallelInput = `parallel parsing: ${inputs.networks.length.toLocaleString('en')} network stacks (${yamlFiles} YAML, ${inputs.networks.length - yamlFiles} JSON), --jobs 1 vs one thread per core`;
    // The parallel row keeps both cores busy by design: the machine's own load is read before it.
    const loadBeforeParallel = loadavg()[0];
    const parallel = parallelRow({ input: parallelInput, files: inputs.networks, paths: [join(dir, 'networks')] }, context);
    rows.push(parallel);
    done(parallel);

    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const notes = [
      `${options.runs} run${options.runs === 1 ? "" : "s"} per command (${Math.max(options.runs * 2, 6)} for the small template${options.runsGiven ? '' : `, ${SLOW_RUNS} when one run takes over ${SLOW_RUN_MS / 1000} s`}), medians; load average ${loadBefore.toFixed(1)} at the start, ${loadBeforeParallel.toFixed(1)} before the parallel row (which runs two processes at once; other processes share the ${cpus().length} cores); \`node -e 0\` median ${context.startupMs.toFixed(0)} ms${startUpSettingsSet().length > 0 ? ` (every child runs without ${startUpSettingsSet().join(', ')}, which this environment sets: see the start-up row)` : ''}.`,
      `dist/ built ${distBuilt}; inputs generated deterministically (same bytes every run); whole benchmark ${seconds} s.`,
    ];
    const busy = Math.max(loadBefore, loadBeforeParallel) > cpus().length;
    const when = loadBefore > cpus().length ? 'from the start' : 'by the parallel row';
    if (busy) notes.push(`The load average rose above ${cpus().length} ${when}: wall times are inflated and noisy; the CPU-time column (user + system of the run) is the steadier signal.`);
    const out = table(rows);
    process.stdout.write(`\n${out}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);

    const missed = rows.filter((r) => r.status === 'error' || (r.status === 'ok' && r.targets.some((t) => !t.ok)));
    if (missed.length) {
      process.stdout.write(`\n✘ ${missed.length} row(s) miss a target or failed:\n`);
      for (const r of missed) process.stdout.write(`  ✘ ${r.input}: ${verdict(r).slice(2)}${r.status === 'error' ? ` — ${r.notes.filter((n) => /failed/.test(n)).join('; ')}` : ''}\n`);
    } else process.stdout.write('\n✔ every supported row meets its targets\n');
    const unsupported = rows.filter((r) => r.status === 'unsupported');
    if (unsupported.length) process.stdout.write(`– not yet supported (measured, not judged): ${unsupported.map((r) => r.input).join('; ')}\n`);

    if (options.profile) {
      const candidates = rows.filter((r) => r.paths && !r.key.startsWith('scaling') && r.key !== 'small');
      const slowest = candidates.reduce((a, b) => (b.fullMs > a.fullMs ? b : a));
      const worst = candidates.filter((r) => r.status === 'ok').reduce((a, b) => (b.ratio > a.ratio ? b : a), slowest);
      const chosen = Array.isArray(options.profile) ? rows.filter((r) => r.paths && options.profile.includes(r.key)) : [...new Set([slowest, worst])];
      for (const row of chosen) {
        const prof = profileRun(row, context);
        if (!prof) continue;
        process.stdout.write(`\nTop self time, ${row.input} (one profiled run, ${prof.totalMs.toFixed(0)} ms sampled):\n`);
        process.stdout.write('| self ms | share | function | where |\n|---:|---:|---|---|\n');
        for (const t of prof.top) process.stdout.write(`| ${t.ms.toFixed(0)} | ${(t.share * 100).toFixed(1)} % | ${t.name} | ${t.at} |\n`);
      }
    }

    if (options.write && !options.quick) {
      const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      writeDoc(join(ROOT, 'docs', 'performance.md'), { rows, machine: machine(), notes, date });
      process.stdout.write('\ndocs/performance.md updated\n');
    } else process.stdout.write(`\ndocs/performance.md not updated (${options.quick ? '--quick' : '--no-write'})\n`);
  } finally {
    if (options.keep) log(`inputs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  // A mistyped option is the user's: said plainly, exit 2. Anything else is the benchmark's own failure:
  // reported with its stack, and exit 0, since a benchmark is not a test.
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
  } else process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
});
