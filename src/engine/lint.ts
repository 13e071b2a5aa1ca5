/**
 * The engine: paths in, a `LintResult` out. Wires discover → parse → graph → rules → findings.
 * Nothing here throws for bad input: a bad file becomes a `parse-error` finding and the others go on.
 */
import type { ConfiguredLevel, Finding, Level, ToolNotification } from '../core/finding.js';
import { fingerprintOf } from '../core/hash.js';
import type { LintResult } from '../core/result.js';
import type { Rule, RuleMeta, RuleOptions } from '../core/rule.js';
import { SuppressionLedger } from './suppress.js';
import { findRepositoryRoot, toRepoPath } from '../discover/repo-root.js';
import { walk, type WalkResult } from '../discover/walk.js';
import { dirname, resolve } from 'node:path';
import ignore from 'ignore';
import { GraphBuilder } from '../graph/builder.js';
import type { ResourceGraph } from '../graph/model.js';
import { RULES } from '../../rules/index.js';
import { suppression } from '../../rules/suppression.js';
import { loadInputs, type FileProblem, type LoadedInputs } from './load.js';
import { DEFAULT_LIMITS, type InputLimits, type LintOptions } from './options.js';
import { compareFindings, Regions, toFinding } from './finalize.js';

/** In-memory input for editors and scripts: a path (for positions and links) and its text. */
export interface InputDocument {
  path: string;
  text: string;
}

export type LintInput = string[] | { documents: InputDocument[] };

export async function lint(input: LintInput, options: LintOptions = {}): Promise<LintResult> {
  return (await analyze(input, options)).result;
}

/** A run's findings together with the graph they came from (for `flowguard graph` and editors). */
export interface Analysis {
  result: LintResult;
  graph: ResourceGraph;
}

export async function analyze(input: LintInput, options: LintOptions = {}): Promise<Analysis> {
  const cwd = options.cwd ?? process.cwd();
  const root = findRepositoryRoot(cwd);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const walked: WalkResult = Array.isArray(input)
    ? walk(input, cwd)
    : { candidates: input.documents.map((d) => ({ absolutePath: resolve(cwd, d.path), explicit: true, text: d.text })), problems: [] };
  const reported = options.context?.length ? new Set(walked.candidates.map((c) => c.absolutePath)) : undefined;
  if (options.context?.length) {
    // [cli: pre-commit] With context the paths are changed files, not files the user named: pre-commit
    // passes every staged .json/.yaml (package.json, workflows), and one that is not a template must be
    // skipped as a walked file is, not reported as a parse-error. Broken templates are still reported.
    for (const candidate of walked.candidates) candidate.explicit = false;
    mergeContext(walked, walk(options.context, cwd));
  }
  if (options.ignore?.length) dropIgnored(walked, root, options.ignore);
  const inputs = await loadInputs(walked.candidates, root, limits);

  const texts = new Map<string, string>();
  for (const doc of [...inputs.cloudformation, ...inputs.terraformJson]) texts.set(doc.file.path, doc.file.text);
  for (const hcl of inputs.terraformSource) texts.set(hcl.file.path, hcl.file.text);
  for (const { file } of inputs.problems) texts.set(file.path, file.text);
  const graph = await buildGraph(inputs, root, limits, texts);
  const regions = new Regions(texts);

  const enabled = enabledRules(options);
  const ledger = new SuppressionLedger(graph);
  const findings: Finding[] = [];
  for (const { rule, level, ruleOptions } of enabled) findings.push(...runRule(rule, level, ruleOptions, graph, regions, ledger));
  const hygiene = enabled.find((e) => e.rule.meta.id === suppression.meta.id);
  if (hygiene) {
    const ran = new Set(enabled.map((e) => e.rule.meta.id));
    for (const raw of ledger.hygiene(ran)) findings.push(toFinding(suppression.meta, hygiene.level, raw, regions));
  }
  const notifications: ToolNotification[] = walked.problems.map((p) => ({ level: p.fatal ? 'error' : 'warning', message: p.message, file: toRepoPath(root, p.absolutePath) }));
  const parseLevel = enabled.find((e) => e.rule.meta.id === 'parse-error')?.level;
  for (const problem of inputs.problems) {
    const finding = parseFinding(problem, regions, parseLevel ?? 'error');
    notifications.push({ level: 'error', message: `${problem.file.path}: ${problem.problem.message}`, file: problem.file.path, region: finding.region });
    if (parseLevel) findings.push(finding);
  }
  const kept = reported ? findings.filter((f) => reportedFiles(reported, root).has(f.file)) : findings;
  kept.sort(compareFindings);
  const result: LintResult = {
    findings: kept,
    notifications,
    rules: enabled.map((e) => e.rule.meta),
    files: inputs.files,
    executionSuccessful: !walked.problems.some((p) => p.fatal),
  };
  return { result, graph };
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

function runRule(rule: Rule, level: Level, options: RuleOptions, graph: ResourceGraph, regions: Regions, ledger: SuppressionLedger): Finding[] {
  return rule.check(graph, options).map((raw) => {
    const finding = toFinding(rule.meta, level, raw, regions);
    const suppressions = ledger.apply(rule.meta.id, raw);
    return suppressions.length > 0 ? { ...finding, suppressions } : finding;
  });
}

function levelFor(meta: RuleMeta, options: LintOptions): ConfiguredLevel {
  return options.rules?.[meta.id]?.level ?? meta.defaultLevel;
}

function parseFinding({ file, problem }: FileProblem, regions: Regions, level: Level): Finding {
  return {
    ruleId: 'parse-error',
    level,
    message: problem.message,
    file: file.path,
    region: regions.of({ file: file.path, start: problem.start, end: problem.end }),
    related: [],
    fingerprint: fingerprintOf('parse-error', file.path, ''),
  };
}

/** Context files join the run as walked files (never "explicit": an unrelated file there is skipped). */
function mergeContext(walked: WalkResult, context: WalkResult): void {
  const known = new Set(walked.candidates.map((c) => c.absolutePath));
  for (const candidate of context.candidates) {
    if (!known.has(candidate.absolutePath)) walked.candidates.push({ ...candidate, explicit: false });
  }
  walked.candidates.sort((a, b) => (a.absolutePath < b.absolutePath ? -1 : a.absolutePath > b.absolutePath ? 1 : 0));
  walked.problems.push(...context.problems.map((p) => ({ ...p, fatal: false })));
}

function dropIgnored(walked: WalkResult, root: string, patterns: string[]): void {
  const matcher = ignore().add(patterns);
  walked.candidates = walked.candidates.filter((c) => {
    const path = toRepoPath(root, c.absolutePath);
    return path.startsWith('..') || !matcher.ignores(path);
  });
}

const reportedCache = new WeakMap<Set<string>, Set<string>>();

function reportedFiles(absolutePaths: Set<string>, root: string): Set<string> {
  let paths = reportedCache.get(absolutePaths);
  if (!paths) {
    paths = new Set([...absolutePaths].map((p) => toRepoPath(root, p)));
    reportedCache.set(absolutePaths, paths);
  }
  return paths;
}

/** One graph for the whole run; each format's adapter is loaded only when the run has that format. */
async function buildGraph(inputs: LoadedInputs, root: string, limits: InputLimits, texts: Map<string, string>): Promise<ResourceGraph> {
  const builder = new GraphBuilder();
  if (inputs.cloudformation.length > 0) {
    const { addCloudFormation } = await import('../graph/cloudformation/index.js');
    addCloudFormation(inputs.cloudformation, builder);
  }
  if (inputs.terraformSource.length > 0 || inputs.terraformJson.length > 0) {
    const tf = await import('./terraform.js');
    const planDirs = inputs.terraformJson.map((doc) => dirname(doc.file.absolutePath));
    // Module sources beside a plan are parsed only if there are any: a plan-only run loads no HCL parser.
    const needsHcl = inputs.terraformSource.length > 0 || tf.hasTerraformSource(planDirs);
    const parsers = needsHcl ? await tf.loadHclParsers() : undefined;
    const host = new tf.DiskModuleHost(root, limits, texts, tf.byDirectory(inputs.terraformSource), parsers);
    if (inputs.terraformSource.length > 0) {
      const { addTerraformSource } = await import('../graph/terraform/index.js');
      addTerraformSource(inputs.terraformSource, builder, host);
    }
    if (inputs.terraformJson.length > 0) {
      const { addTerraformPlans } = await import('../graph/terraform-plan/index.js');
      addTerraformPlans(inputs.terraformJson, builder, { locateSource: tf.planSourceLocator(root, host) });
    }
  }
  return builder.build();
}
