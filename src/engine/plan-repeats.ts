/**
 * A plan linted together with its `.tf` source reports many problems twice: once from the source and
 * once from the plan, at places that differ (a finding inside a `jsonencode()` policy from the source,
 * on the `assume_role_policy` argument from the plan) and with fingerprints that differ (the plan's
 * resource ids are relative to the plan). Two code-scanning alerts for one problem.
 *
 * So findings are matched on what identifies the problem, not on where it is shown: the rule, the
 * resource address and the root module it is relative to (a source finding's root module folder; the
 * plan's root module folder: beside the plan, or the folder the run matched its configuration to), and
 * the finding's key (which problem of the resource: `role`, `deputy:ec2.amazonaws.com`). In one such
 * slot, one finding stays: the most definite (an error over a "could not be verified" note), and on a
 * tie the source's, whose position is the more precise and whose fingerprint does not depend on the plan.
 * A plan's "could not be verified" note about a resource the source judged without a finding goes too:
 * the source, which resolves the module's values itself, found nothing to report there.
 * Plan findings the source has no counterpart for (a value set with `-var`, a plan older than the
 * source) all stay; where the source judged the same resource, the message says the problem is the
 * plan's, since the `.tf` line it is shown at may read as if it were fixed.
 */
import * as path from 'node:path';
import type { Finding, Level } from '../core/finding.js';
import type { ResourceGraph } from '../graph/model.js';
import { TERRAFORM_SOURCE } from './pipeline.js';

/** What a finding's problem is, beyond its rule and resource: recorded when the rule's finding is made. */
export interface FindingIdentity {
  key: string | undefined;
  /** The finding says a check could not be concluded (an unknown value), not that something fails. */
  unverified: boolean;
}

const RANK: Record<Level, number> = { note: 0, warning: 1, error: 2 };

export interface PlanRoots {
  /** The run's plans and states (repository-relative paths). */
  plans: ReadonlySet<string>;
  /** The folder of a plan's root module source when it is not the plan's own folder (see `locateRoot`). */
  rootOf: ReadonlyMap<string, string>;
}

/**
 * `everything`: the run's findings before `--context` kept only those of the named files; the source's
 * own verdict on a resource is in it even when the source file was not named (a staged plan).
 */
export function withoutPlanRepeats(findings: Finding[], graph: ResourceGraph, roots: PlanRoots, identities: ReadonlyMap<Finding, FindingIdentity>, everything: readonly Finding[] = findings): Finding[] {
  const planOf = (f: Finding): string | undefined => {
    const file = f.logicalFile ?? f.file;
    return roots.plans.has(file) ? file : undefined;
  };
  if (roots.plans.size === 0 || !findings.some((f) => planOf(f) !== undefined)) return findings;
  const fromSource = (f: Finding): boolean => f.resourceId !== undefined && TERRAFORM_SOURCE.test(f.logicalFile ?? f.file);
  const slotOf = (f: Finding, root: string): string => JSON.stringify([f.ruleId, root, f.resourceId, identities.get(f)?.key ?? '']);
  const planRoot = (plan: string): string => roots.rootOf.get(plan) ?? path.posix.dirname(plan);

  // The best finding of each slot that a plan finding shares with source findings.
  const slots = new Map<string, Finding[]>();
  for (const finding of findings) {
    const plan = planOf(finding);
    const root = plan !== undefined ? planRoot(plan) : fromSource(finding) ? path.posix.dirname(finding.logicalFile ?? finding.file) : undefined;
    if (root === undefined || finding.resourceId === undefined) continue;
    const slot = slotOf(finding, root);
    const list = slots.get(slot);
    if (list) list.push(finding);
    else slots.set(slot, [finding]);
  }
  const dropped = new Set<Finding>();
  for (const list of slots.values()) {
    if (list.length < 2 || !list.some((f) => planOf(f) !== undefined) || list.every((f) => planOf(f) !== undefined)) continue;
    const best = list.reduce((a, b) => (RANK[b.level] > RANK[a.level] || (RANK[b.level] === RANK[a.level] && planOf(a) !== undefined && planOf(b) === undefined) ? b : a));
    for (const finding of list) if (finding !== best) dropped.add(finding);
  }
  // A plan's unverified note where the source judged the same resource and reported nothing.
  let judged: Set<string> | undefined;
  for (const [slot, list] of slots) {
    if (list.some((f) => planOf(f) === undefined)) continue;
    for (const finding of list) {
      if (!identities.get(finding)?.unverified) continue;
      judged ??= sourceResources(graph, roots.plans);
      const [, root] = JSON.parse(slot) as [string, string];
      if (judged.has(JSON.stringify([root, finding.resourceId]))) dropped.add(finding);
    }
  }
  const kept = dropped.size === 0 ? findings : findings.filter((f) => !dropped.has(f));
  // Slots where the source itself reports the problem definitely.
  const sourceSays = new Set<string>();
  for (const f of everything) {
    if (planOf(f) !== undefined || !fromSource(f) || identities.get(f)?.unverified) continue;
    sourceSays.add(slotOf(f, path.posix.dirname(f.logicalFile ?? f.file)));
  }
  return kept.map((finding) => {
    const plan = planOf(finding);
    if (plan === undefined || finding.resourceId === undefined || identities.get(finding)?.unverified) return finding;
    if (sourceSays.has(slotOf(finding, planRoot(plan)))) return finding;
    judged ??= sourceResources(graph, roots.plans);
    if (!judged.has(JSON.stringify([planRoot(plan), finding.resourceId]))) return finding;
    // Shown at a `.tf` line that, read on its own, shows no such problem (the value there is another, or
    // unknown): say where it comes from.
    return { ...finding, message: `${finding.message} (from ${plan}; the .tf source alone does not show it: a variable value, a data source or an older plan decides it)` };
  });
}

/** `[root module folder, address]` of every resource the `.tf` source adapter made. */
function sourceResources(graph: ResourceGraph, plans: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const node of graph.nodes.values()) {
    const logical = node.logicalFile ?? node.file;
    if (plans.has(logical) || !TERRAFORM_SOURCE.test(logical)) continue;
    out.add(JSON.stringify([path.posix.dirname(logical), node.id]));
  }
  return out;
}
