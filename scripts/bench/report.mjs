// The result table (Markdown) and docs/performance.md.
import { writeFileSync } from 'node:fs';

const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const mb = (value) => (value >= 10 ? fmt(value, 1) : value >= 1 ? fmt(value, 2) : fmt(value, 3));

export function verdict(row) {
  if (row.status === 'error') return '✘ error';
  if (row.status === 'unsupported') return '– not yet supported';
  const failed = row.targets.filter((t) => !t.ok).map((t) => t.name);
  return failed.length === 0 ? '✔' : `✘ ${failed.join(', ')}`;
}

export function table(rows) {
  const head = ['input', 'size MB', 'baseline ms', 'flowguard ms', 'ratio', 'CPU ms base / fg (ratio)', 'MB/s', 'peak RSS MB', 'target', '✔/✘', 'notes'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i === 0 || i >= 8 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) {
    const cells = [
      row.input,
      row.sizeText ?? mb(row.sizeMB),
      row.baselineText ?? fmt(row.baselineMs),
      row.fullText ?? fmt(row.fullMs),
      Number.isFinite(row.ratio) ? `${fmt(row.ratio, 2)}×` : '–',
      `${fmt(row.baselineCpuMs)} / ${fmt(row.fullCpuMs)} (${fmt(row.fullCpuMs / row.baselineCpuMs, 2)}×)`,
      Number.isFinite(row.mbps) ? fmt(row.mbps, 1) : '–',
      fmt(row.rssMB),
      row.targets.map((t) => t.text).join('; '),
      verdict(row),
      row.notes.join('; '),
    ];
    lines.push(`| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}

const EXPLANATION = `## What each row measures

Every number is the median of several runs; every run is a fresh \`node\` process (start-up and module
loading included), timed from spawn to exit by the benchmark. Flowguard runs are the CLI as users run
it: \`node dist/src/cli.js --format json --output /dev/null <input>\`. The **baseline** is a child
that only reads, decodes and parses the same files with the same parser modules flowguard uses
(\`parseJson\`, \`parseYaml\`, \`parseHcl\` from \`dist/src/parse/\`), so **ratio** = flowguard ÷ baseline is
the cost of everything that is not parsing: start-up of the CLI, walking, format detection, the graph,
the rules, locating findings and writing the report. Baseline and flowguard runs alternate (with the
other size of a scaling pair in the same series), after an untimed warm-up run that also checks what
was linted, so load from other processes falls on all of them alike. The CPU column is user + system
time of the whole process (all threads, 10 ms resolution): steadier than wall time when the machine
is shared. The build under test is a copy of \`dist/\` taken at the start, so a rebuild during the
benchmark does not change it.

- **CloudFormation YAML / JSON, 500 resources** — one template at CloudFormation's own resource limit:
  VPCs with subnets, route tables, internet gateways, security groups, flow logs, log groups and
  delivery roles, and Lambda functions with execution roles and log groups. Short-form tags in YAML,
  \`Fn::Join\` / \`Fn::GetAtt\` in JSON. One network in seven has no flow log, and a few log groups and
  roles break a rule, so findings (and their source positions) are part of the work.
- **1,000 small templates** — ten per service folder, a hundred per team folder, YAML and JSON mixed
  (30 % JSON); stacks link with \`Fn::ImportValue\` to the network stack next to them. The MB/s target
  is the YAML and JSON targets weighted by bytes.
- **Terraform plan JSON** — \`terraform show -json\` shape, compact: planned_values with child
  modules, resource_changes (no-op, create with \`after_unknown\`, update, delete), configuration with
  module calls and expression references.
- **\`.tf\` files** — a root module calling 49 local modules of ten files each (variables with
  validation, locals, for_each, dynamic blocks, heredoc and \`jsonencode\` policies).
- **one small template** — a 2 KB YAML template end to end against bare \`node -e 0\` (the
  "baseline" column); the note lists what the run loaded that it did not need.
- **scaling** — the same kind of input at 1× and at N× the size, measured in one interleaved series:
  one YAML template of 500 and of 5,000 resources (work inside one file), and 200 vs 2,000 small
  templates (work across files: exports, imports, name lookups; the 200 are the first two team folders
  of the 2,000). The "baseline" column holds the flowguard time at 1×, the "flowguard" column the time
  at N×, and the ratio must stay ≤ 1.1 N. The note gives the same ratio with \`node -e 0\` subtracted
  from both (start-up hides non-linear work at small sizes), the CPU-time ratio, and the parse-only
  ratios for comparison: flowguard growing faster than parse-only is work that is not linear.

How to read it: **MB/s** is end to end (input bytes ÷ flowguard wall time, start-up included), so for
inputs under a megabyte it is dominated by the fixed start-up cost; the notes give MB/s net of
\`node -e 0\`. **Peak RSS** is the flowguard run's maximum resident set (GNU time \`%M\`), against a
budget of 4 × the input bytes + 150 MB (for a scaling row, of its N× input). A row marked *not yet supported* was generated and measured,
but the build under test did not analyse that format (no rule finding came from it).
Benchmarks are not tests: \`npm run bench\` always exits 0, and prints the ✘ rows at the end.

Run \`npm run bench\` (about three minutes; \`-- --quick\` for a smaller check that does not update this
page, \`-- --runs N\` for more samples, \`-- --profile\` to print the top self-time functions of the
slowest run). Numbers on a shared machine are noisy: compare ratios within one run rather than
milliseconds across runs.
`;

export function writeDoc(path, { rows, machine, notes, date }) {
  const text = `# Performance

Latest \`npm run bench\`: ${date}, ${machine}.

${table(rows)}

${notes.length ? `${notes.map((n) => `- ${n}`).join('\n')}\n\n` : ''}${EXPLANATION}`;
  writeFileSync(path, text);
}
