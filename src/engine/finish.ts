/**
 * Phase 4b: the rules on the graph, then in-source suppressions, parse-error findings, notifications,
 * the context filter and the order of the findings.
 */
import { posix, relative, sep } from 'node:path';
import type { ConfiguredLevel, Creator, Finding, Level, RelatedSpan, RuleFinding, ToolNotification } from '../core/finding.js';
import { fingerprintOf } from '../core/hash.js';
import type { LintResult } from '../core/result.js';
import type { Rule, RuleMeta, RuleOptions } from '../core/rule.js';
import { toRepoPath } from '../discover/repo-root.js';
import type { NodeContext, ResourceGraph } from '../graph/model.js';
import { RULES } from '../../rules/index.js';
import { suppression } from '../../rules/suppression.js';
import { compareFindings, Regions, toFinding } from './finalize.js';
import type { BuiltGraph } from './graph-build.js';
import { DEFAULT_TERRAFORM_WORKSPACE, type LintOptions } from './options.js';
import type { ParseProblem } from '../parse/document.js';
import { TERRAFORM_SOURCE, TERRAFORM_VARIABLES, type Analysis, type LoadedRun } from './pipeline.js';
import { withoutPlanRepeats, type FindingIdentity } from './plan-repeats.js';
import { SuppressionLedger } from './suppress.js';

/** Uses `rules` of the options. */
export function finish(run: LoadedRun, { graph, texts, planRoots }: BuiltGraph, options: LintOptions): Analysis {
  const { root, walked, inputs, reported, ignoredPaths, includedTemplates } = run;
  const regions = new Regions(texts);
  const enabled = enabledRules(options);
  const ledger = new SuppressionLedger(graph, { now: options.now ?? new Date(), workspace: options.terraformWorkspace ?? DEFAULT_TERRAFORM_WORKSPACE });
  const findings: Finding[] = [];
  // What each finding is about beyond its rule and resource, for telling a plan's finding from the
  // same one found in `.tf` source: kept only when the run has both. A map of every finding was 7 MB
  // of 100,000 short retentions in one template, alive at the run's peak for nothing (issue 5).
  const identities = inputs.terraformSource.length > 0 && inputs.terraformJson.length > 0 ? new Map<Finding, FindingIdentity>() : undefined;
  // One push per finding: spreading a rule's findings into push() passes each as an argument, and
  // a template with a few hundred thousand of them overflows the stack.
  for (const { rule, level, ruleOptions } of enabled) for (const finding of runRule(rule, level, ruleOptions, graph, regions, ledger, identities)) findings.push(finding);
  const hygiene = enabled.find((e) => e.rule.meta.id === suppression.meta.id);
  if (hygiene) {
    const ran = new Set(enabled.map((e) => e.rule.meta.id));
    for (const raw of ledger.hygiene(ran, RULES.map((rule) => rule.meta.id))) {
      const finding = toFinding(suppression.meta, hygiene.level, raw, regions);
      identities?.set(finding, identityOf(raw));
      findings.push(finding);
    }
  }
  const notifications: ToolNotification[] = walked.problems.map((p) => ({ level: p.fatal ? 'error' : 'warning', message: p.message, file: toRepoPath(root, p.absolutePath) }));
  const parseLevel = enabled.find((e) => e.rule.meta.id === 'parse-error')?.level;
  const problems = [
    ...inputs.problems.map(({ file, problem }) => ({ path: file.path, problem, key: '' })),
    // Inputs that parse but cannot be used as written (duplicate declarations, wrong section shapes,
    // resolution out of time). Notices (a reference chain cut by its depth limit) are no error of the
    // file: the values are unknown, which no rule fails; the user is told, and the run is not failed.
    ...graph.problems.filter((p) => !p.notice).map(({ span, message }) => ({ path: span.file, problem: { message, start: span.start, end: span.end }, key: message })),
  ];
  for (const { path, problem, key } of problems) {
    const finding = parseFinding(path, problem, regions, parseLevel ?? 'error', key);
    notifications.push({ level: 'error', message: `${path}: ${problem.message}`, file: path, region: finding.region });
    if (parseLevel) findings.push(finding);
  }
  for (const { span, message } of graph.problems.filter((p) => p.notice)) {
    notifications.push({ level: 'warning', message: `${span.file}: ${message}`, file: span.file, region: regions.of(span) });
  }
  const concerned = reported ? withModuleInputs(reported, texts, inputs) : undefined;
  // A file's own problems (a parse error of a sibling) stay with that file: only findings on resources
  // are decided by what feeds their module. A child template read because a reported template's
  // nested stack names it is deployed by that template: its problems are reported too. So are those
  // of a Terraform module folder outside the run: only the named files' modules were evaluated, and
  // one of them calls it (Terraform cannot plan the caller without it).
  const outsideRun = reported ? problemsOutsideRun(problems, inputs) : [];
  const ownProblems = reported && (includedTemplates?.size || outsideRun.length > 0) ? new Set([...reported, ...(includedTemplates ?? []), ...outsideRun]) : reported;
  const inContext = ownProblems && concerned ? findings.filter((f) => concernsNamedFile(f, f.resourceId === undefined ? ownProblems : concerned)) : findings;
  // Only a run with `.tf` source can show a plan's problem twice.
  const kept = identities === undefined ? inContext : withoutPlanRepeats(inContext, graph, { plans: new Set(inputs.terraformJson.map((doc) => doc.file.path)), rootOf: planRoots ?? new Map() }, identities, findings);
  kept.sort(compareFindings);
  const result: LintResult = {
    findings: kept,
    notifications,
    rules: enabled.map((e) => e.rule.meta),
    // Context files were read to resolve links, not linted: the summary's count is of the named files.
    // Nor are the child templates nested stacks name that the run only followed (nested-templates.ts).
    files: reported ? namedFiles(inputs.files, reported) : includedTemplates?.size ? inputs.files.filter((file) => !includedTemplates.has(file)) : inputs.files,
    inputs: [...texts.keys()].sort(),
    ignoredPaths: ignoredPaths ?? [],
    ...(walked.ignoredAssemblies?.length ? { ignoredAssemblies: walked.ignoredAssemblies.map((path) => relative(options.cwd ?? process.cwd(), path).split(sep).join('/') || '.') } : {}),
    executionSuccessful: !walked.problems.some((p) => p.fatal),
  };
  return { result, graph };
}

/**
 * Files with a problem in folders the run has no input of, named or context: the `.tf` files of
 * module folders outside it, which the module host read because a module call reaches them. (A
 * sibling's problem, a `terraform.tfvars` beside a named `.tf` file included, stays with that file.)
 */
function problemsOutsideRun(problems: readonly { path: string }[], inputs: LoadedRun['inputs']): string[] {
  const folders = new Set([...inputs.files, ...inputs.problems.map(({ file }) => file.path)].map((path) => posix.dirname(path)));
  return problems.map((p) => p.path).filter((path) => !folders.has(posix.dirname(path)));
}

/**
 * The linted files that were named: a named file, and the files of a Terraform module whose variable
 * file was named (that file is read by its module, whose files it makes the run lint).
 */
function namedFiles(files: readonly string[], named: ReadonlySet<string>): string[] {
  const variableFolders = new Set([...named].filter((file) => TERRAFORM_VARIABLES.test(file)).map((file) => posix.dirname(file)));
  return files.filter((file) => named.has(file) || (TERRAFORM_SOURCE.test(file) && variableFolders.has(posix.dirname(file))));
}

/**
 * Named files that only feed a Terraform module decide any of its resources, as its variable files
 * do, so the `.tf` files of the module's folder count as named too:
 * - a file that is no template but that a module read (`file()`, `templatefile()`: a trust policy
 *   kept as JSON), for the nearest folder above it with `.tf` files;
 * - a `.tf` file that declares values but no `resource` or `module` block (`variables.tf`,
 *   `locals.tf`, data sources), for its folder: a default there can remove the role a flow log needs,
 *   which no related location shows. (`versions.tf`, `providers.tf`, `outputs.tf` decide no resource.)
 * Otherwise a commit that stages only `trust-policy.json` or `variables.tf` would pass what it did.
 */
function withModuleInputs(named: ReadonlySet<string>, texts: ReadonlyMap<string, string>, inputs: LoadedRun['inputs']): ReadonlySet<string> {
  const linted = new Set(inputs.files);
  // A template that does not parse was read but not linted too: it is no input of a module.
  const broken = new Set(inputs.problems.map(({ file }) => file.path));
  const declaresValues = (blocks: readonly { type: string }[]) => blocks.some((b) => b.type === 'variable' || b.type === 'locals' || b.type === 'data');
  const declarationsOnly = new Set(
    inputs.terraformSource.filter((hcl) => declaresValues(hcl.body.blocks) && !hcl.body.blocks.some((b) => b.type === 'resource' || b.type === 'module')).map((hcl) => hcl.file.path),
  );
  // Terraform variable files (`.tfvars`) are not among them: the values they set are related locations where they decide.
  const read = [...named].filter((file) => (texts.has(file) && !linted.has(file) && !broken.has(file) && !TERRAFORM_VARIABLES.test(file)) || declarationsOnly.has(file));
  if (read.length === 0) return named;
  const byFolder = new Map<string, string[]>();
  for (const file of inputs.files) {
    if (!TERRAFORM_SOURCE.test(file)) continue;
    const folder = posix.dirname(file);
    const list = byFolder.get(folder);
    if (list) list.push(file);
    else byFolder.set(folder, [file]);
  }
  const out = new Set(named);
  for (const file of read) {
    for (let folder = posix.dirname(file); ; folder = posix.dirname(folder)) {
      const tf = byFolder.get(folder);
      if (tf) {
        for (const t of tf) out.add(t);
        break;
      }
      if (folder === '.' || folder === '/' || folder === '') break;
    }
  }
  return out;
}

/**
 * With `--context` (or a `.tf` file named without its folder), only findings that concern the named
 * files are reported: the finding is in one, its resource belongs to one (a Terraform module's
 * resource belongs to the file that calls the module, its `logicalFile`), or one of its related
 * locations is in one, or what creates one of those (a `module` call, a nested stack). The last is what a pre-commit hook is for:
 * staging only the flow log that stopped covering a VPC, the `variables.tf` whose default shortened a
 * retention, or the module call whose argument changed the flow log, must report the finding that now
 * sits on the VPC or the log group in a file that is not staged.
 */
function concernsNamedFile(finding: Finding, named: ReadonlySet<string>): boolean {
  const createdIn = (createdBy: readonly Creator[] | undefined): boolean => createdBy?.some((c) => named.has(c.file)) ?? false;
  if (named.has(finding.file) || (finding.logicalFile !== undefined && named.has(finding.logicalFile)) || createdIn(finding.createdBy)) return true;
  return finding.related.some((r) => named.has(r.file) || (r.logicalFile !== undefined && named.has(r.logicalFile)) || createdIn(r.createdBy));
}

interface EnabledRule {
  rule: Rule;
  level: Level;
  ruleOptions: RuleOptions;
}

function enabledRules(options: LintOptions): EnabledRule[] {
  const enabled: EnabledRule[] = [];
  for (const rule of RULES) {
    const setting = options.rules?.[rule.meta.id];
    const level = levelFor(rule.meta, options);
    if (level === 'off') continue;
    const defaults = Object.fromEntries(Object.entries(rule.meta.options).map(([name, o]) => [name, o.default]));
    enabled.push({ rule, level, ruleOptions: { ...defaults, ...setting?.options } });
  }
  return enabled;
}

function runRule(rule: Rule, level: Level, options: RuleOptions, graph: ResourceGraph, regions: Regions, ledger: SuppressionLedger, identities: Map<Finding, FindingIdentity> | undefined): Finding[] {
  return rule.check(graph, options).map((raw) => {
    const placed = withCallSites(raw, graph);
    const suppressions = ledger.apply(rule.meta.id, raw);
    const createdBy = creatorsOf(raw.resourceUid, graph);
    const finding = toFinding(rule.meta, level, placed, regions);
    const shown = { ...finding, ...(suppressions.length > 0 ? { suppressions } : {}), ...(createdBy.length > 0 ? { createdBy } : {}) };
    identities?.set(shown, identityOf(raw));
    return shown;
  });
}

function identityOf(raw: RuleFinding): FindingIdentity {
  return { key: raw.key, unverified: raw.unverified === true };
}

/**
 * A finding on a resource of a Terraform module lists the `module` blocks that create it (outermost
 * first) as related locations: the place a user changes to fix it may be the call, and
 * `--changed-since` follows the calls. Only call sites in `.tf` source: a plan's own record of its
 * module calls (deep in its `configuration`) would cost a scan of the whole plan for little use.
 */
function withCallSites(raw: RuleFinding, graph: ResourceGraph): RuleFinding {
  const calls = callSitesOf(raw.resourceUid, graph);
  const own = raw.related?.map((r) => withNodeFacts(r, graph)) ?? [];
  if (!calls.length) return raw.related ? { ...raw, related: own } : raw;
  const related = [...own, ...calls.map(({ span, message }) => ({ span, message }))];
  // A registry or git module that `terraform init` installed is no file of the repository: code
  // scanning cannot show it, and nobody edits it. The finding goes to the nearest call written in
  // the repository; where the module itself has the problem is the first related location.
  const call = isInstalled(raw.span.file) ? calls.findLast((c) => !isInstalled(c.span.file)) : undefined;
  if (!call) return { ...raw, related };
  const inModule = { span: raw.span, message: 'here in the module installed by terraform init' };
  // Better than the `module` line: a value written in the repository that decides the finding (the
  // call's `flow_log_cloudwatch_log_group_retention_in_days = 30`, a tfvars value). Related values,
  // unlike related resources, have no resource id.
  // The last such value is where the chain of values starts (`retention = var.retention` only passes on
  // what terraform.tfvars sets).
  const deciding = raw.related?.findLast((r) => r.resourceId === undefined && !isInstalled(r.span.file));
  const at = deciding?.span ?? call.span;
  return { ...raw, span: at, related: [inModule, ...related.filter((r) => r.span !== at)] };
}

/**
 * What `--changed-since` and a pre-commit run need to know of a related resource, kept (not reported):
 * - what creates it (a Terraform module or a nested stack is decided by what creates it too: a
 *   changed argument, `traffic_type = "ACCEPT"`, changes the flow log without touching its block or
 *   the VPC);
 * - the file its id belongs to, when not the one it is shown in: a plan's resource shown at its
 *   `.tf` source changes with the plan (`terraform plan -var traffic_type=ACCEPT`).
 */
function withNodeFacts(related: RelatedSpan, graph: ResourceGraph): RelatedSpan {
  // One for each span, as the rules share a span between findings (see finalize.ts `relatedLocationOf`).
  let byGraph = withFacts.get(graph);
  if (!byGraph) withFacts.set(graph, (byGraph = new WeakMap()));
  let found = byGraph.get(related);
  if (!found) byGraph.set(related, (found = nodeFacts(related, graph)));
  return found;
}

const withFacts = new WeakMap<ResourceGraph, WeakMap<RelatedSpan, RelatedSpan>>();

function nodeFacts(related: RelatedSpan, graph: ResourceGraph): RelatedSpan {
  const createdBy = creatorsOf(related.resourceUid, graph);
  const logicalFile = related.resourceUid === undefined ? undefined : graph.nodes.get(related.resourceUid)?.logicalFile;
  return {
    ...related,
    ...(createdBy.length ? { createdBy } : {}),
    ...(logicalFile !== undefined && logicalFile !== related.span.file ? { logicalFile } : {}),
  };
}

/** `Finding.createdBy` of a node: its context entries that name what creates it. */
function creatorsOf(uid: string | undefined, graph: ResourceGraph): Creator[] {
  const context = uid === undefined ? undefined : graph.nodes.get(uid)?.context;
  return context?.flatMap((c) => (c.resourceId === undefined ? [] : [{ file: c.span.file, resourceId: c.resourceId }])) ?? [];
}

/** The `module` blocks (in `.tf` source) that create a node, outermost first. */
function callSitesOf(uid: string | undefined, graph: ResourceGraph): NodeContext[] {
  const context = uid === undefined ? undefined : graph.nodes.get(uid)?.context;
  return context?.filter((c) => TERRAFORM_SOURCE.test(c.span.file)) ?? [];
}

/** A file under `.terraform/modules/`, where `terraform init` puts registry and git modules. */
function isInstalled(file: string): boolean {
  return /(^|\/)\.terraform\/modules\//.test(file);
}

function levelFor(meta: RuleMeta, options: LintOptions): ConfiguredLevel {
  return options.rules?.[meta.id]?.level ?? meta.defaultLevel;
}

/** `key` tells apart several problems of one file (a file that does not parse has one). */
function parseFinding(path: string, problem: ParseProblem, regions: Regions, level: Level, key = ''): Finding {
  return {
    ruleId: 'parse-error',
    level,
    message: problem.message,
    file: path,
    region: regions.of({ file: path, start: problem.start, end: problem.end }),
    related: [],
    fingerprint: fingerprintOf('parse-error', path, key),
  };
}
