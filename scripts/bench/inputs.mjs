// Benchmark inputs: the build under test (a snapshot of dist/) and the generated CloudFormation and
// Terraform inputs, all in the benchmark's temporary directory.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeLargeTemplate, writeNetworkTree, writeTemplateTree } from './cloudformation.mjs';
import { writePlan } from './terraform-plan.mjs';
import { writeTerraformTree } from './terraform-source.mjs';

const log = (text = '') => process.stderr.write(`${text}\n`);

export function ensureBuilt(root) {
  const cli = join(root, 'dist', 'cli', 'cli.js');
  if (existsSync(cli)) return;
  log('dist/cli/cli.js is missing: running `npm run build` …');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0 || !existsSync(cli)) throw new Error('npm run build failed; the benchmark needs dist/');
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Copies dist/ (with package.json and a link to node_modules) into the temporary directory, so that a
 * rebuild by someone else during the benchmark cannot change or half-break the build under test.
 * Waits for dist/ to be quiet for a moment, so the copy is not taken in the middle of a build.
 */
export async function snapshot(root, dir) {
  const target = join(dir, 'flowguard');
  for (let attempt = 0; ; attempt++) {
    const before = newestMtime(join(root, 'dist'));
    if (Date.now() - before < 3000 && attempt < 10) {
      await sleep(3000);
      continue;
    }
    rmSync(target, { recursive: true, force: true });
    cpSync(join(root, 'dist'), join(target, 'dist'), { recursive: true });
    if (newestMtime(join(root, 'dist')) === before || attempt >= 10) break;
  }
  copyFileSync(join(root, 'package.json'), join(target, 'package.json'));
  // The bundled CLI reads its rule help pages from the package's rules/ folder.
  cpSync(join(root, 'rules'), join(target, 'rules'), { recursive: true, filter: (path) => !path.endsWith('.ts') });
  linkDependencies(join(root, 'node_modules'), join(target, 'node_modules'));
  return { root: target, dist: join(target, 'dist'), cli: join(target, 'dist', 'cli', 'cli.js'), built: statSync(join(root, 'dist', 'cli', 'cli.js')).mtime };
}

/**
 * The snapshot's node_modules: a link to each package of the project's. js-yaml among them is only
 * the types' source: dist/src loads its own copy with the parser state the build fixes
 * (dist/src/vendor/js-yaml.js, scripts/vendor-js-yaml.mjs), so the parse-only baseline, which imports
 * the parsers of dist/src, parses with the same js-yaml code as the CLI, and a ratio does not count
 * the fix as less work beyond parsing.
 */
function linkDependencies(from, to) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) symlinkSync(join(from, name), join(to, name), 'dir');
}

export function generate(dir, quick) {
  const started = Date.now();
  // Scaling pairs: one YAML template at 1× and N×, and the small-template tree at 1× and 10× (the
  // 1× being the first team folders of the larger tree). At 100 templates start-up hides everything,
  // so the full run scales 200 → 2,000; --quick reuses the 300-template tree (100 → 300).
  const sizes = quick
    ? { resources: 500, scaleResources: 2500, templates: 300, planBytes: 10e6, tfFiles: 100, scaledTemplates: 0, scaledTeams: 1 }
    : { resources: 500, scaleResources: 5000, templates: 1000, planBytes: 50e6, tfFiles: 500, scaledTemplates: 2000, scaledTeams: 2 };
  const inputs = {
    yaml: [writeLargeTemplate(join(dir, 'network.yaml'), sizes.resources, 'yaml')],
    json: [writeLargeTemplate(join(dir, 'network.json'), sizes.resources, 'json')],
    yamlScaled: [writeLargeTemplate(join(dir, 'network-scaled.yaml'), sizes.scaleResources, 'yaml')],
    tree: writeTemplateTree(join(dir, 'stacks'), sizes.templates),
    plan: [writePlan(join(dir, 'plan', 'tfplan.json'), sizes.planBytes)],
    tf: writeTerraformTree(join(dir, 'terraform'), sizes.tfFiles),
    // Parallel parsing: 1,000 network stacks of about 9 KB, 90 % YAML (9 MB), in both modes.
    networks: writeNetworkTree(join(dir, 'networks'), 1000),
  };
  const scaledRoot = join(dir, sizes.scaledTemplates ? 'stacks-scaled' : 'stacks');
  inputs.treeScaled = sizes.scaledTemplates ? writeTemplateTree(scaledRoot, sizes.scaledTemplates) : inputs.tree;
  inputs.teamDirs = [...new Set(inputs.treeScaled.map((f) => relative(scaledRoot, f.path).split(sep)[0]))].sort().slice(0, sizes.scaledTeams);
  inputs.team = inputs.treeScaled.filter((f) => inputs.teamDirs.includes(relative(scaledRoot, f.path).split(sep)[0]));
  inputs.teamDirs = inputs.teamDirs.map((d) => join(scaledRoot, d));
  inputs.scaledRoot = scaledRoot;
  // "One small template": the network stack with its own flow log, about 2 KB of YAML.
  inputs.small = [inputs.tree.filter((f) => f.syntax === 'yaml').sort((a, b) => Math.abs(a.bytes - 2048) - Math.abs(b.bytes - 2048))[0]];
  log(`generated inputs in ${((Date.now() - started) / 1000).toFixed(1)} s under ${dir}`);
  return { inputs, sizes };
}
