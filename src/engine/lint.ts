/**
 * The engine: paths in, a `LintResult` out. Wires discover → parse → graph → rules → findings.
 * Nothing here throws for bad input: a bad file becomes a `parse-error` finding and the others go on.
 */
import type { Finding, Level, ToolNotification } from '../core/finding.js';
import { fingerprintOf } from '../core/hash.js';
import type { LintResult } from '../core/result.js';
import type { Rule, RuleOptions } from '../core/rule.js';
import { findRepositoryRoot, toRepoPath } from '../discover/repo-root.js';
import { walk, type WalkResult } from '../discover/walk.js';
import { resolve } from 'node:path';
import { GraphBuilder } from '../graph/builder.js';
import { addCloudFormation } from '../graph/cloudformation/index.js';
import type { ResourceGraph } from '../graph/model.js';
import { RULES } from '../../rules/index.js';
import { loadInputs, type FileProblem } from './load.js';
import { DEFAULT_LIMITS, type LintOptions } from './options.js';
import { compareFindings, Regions, toFinding } from './finalize.js';

/** In-memory input for editors and scripts: a path (for positions and links) and its text. */
export interface InputDocument {
  path: string;
  text: string;
}

export type LintInput = string[] | { documents: InputDocument[] };

export async function lint(input: LintInput, options: LintOptions = {}): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = findRepositoryRoot(cwd);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const walked: WalkResult = Array.isArray(input)
    ? walk(input, cwd)
    : { candidates: input.documents.map((d) => ({ absolutePath: resolve(cwd, d.path), explicit: true, text: d.text })), problems: [] };
  const inputs = await loadInputs(walked.candidates, root, limits);

  const builder = new GraphBuilder();
  addCloudFormation(inputs.cloudformation, builder);
  const graph = builder.build();

  const texts = new Map<string, string>();
  for (const doc of [...inputs.cloudformation, ...inputs.terraformJson]) texts.set(doc.file.path, doc.file.text);
  for (const { file } of inputs.problems) texts.set(file.path, file.text);
  const regions = new Regions(texts);

  const enabled = enabledRules(options);
  const findings: Finding[] = [];
  for (const { rule, level, ruleOptions } of enabled) findings.push(...runRule(rule, level, ruleOptions, graph, regions));
  const notifications: ToolNotification[] = walked.problems.map((p) => ({ level: 'error', message: p.message, file: toRepoPath(root, p.absolutePath) }));
  const parseLevel = enabled.find((e) => e.rule.meta.id === 'parse-error')?.level;
  for (const problem of inputs.problems) {
    const finding = parseFinding(problem, regions, parseLevel ?? 'error');
    notifications.push({ level: 'error', message: `${problem.file.path}: ${problem.problem.message}`, file: problem.file.path, region: finding.region });
    if (parseLevel) findings.push(finding);
  }
  findings.sort(compareFindings);
  return {
    findings,
    notifications,
    rules: enabled.map((e) => e.rule.meta),
    files: inputs.files,
    executionSuccessful: walked.problems.length === 0,
  };
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
    const level = setting?.level ?? rule.meta.defaultLevel;
    if (level === 'off') continue;
    const defaults = Object.fromEntries(Object.entries(rule.meta.options).map(([name, o]) => [name, o.default]));
    enabled.push({ rule, level, ruleOptions: { ...defaults, ...setting?.options } });
  }
  return enabled;
}

function runRule(rule: Rule, level: Level, options: RuleOptions, graph: ResourceGraph, regions: Regions): Finding[] {
  return rule.check(graph, options).map((raw) => toFinding(rule.meta, level, raw, regions));
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
