/**
 * Resource graph + findings → the graph view (plain data). Coverage and link verdicts come from the
 * rules (see `verdicts.ts`); the run's findings are attached to the resources they are about.
 */
import type { Finding } from '../../core/finding.js';
import type { LintResult } from '../../core/result.js';
import type { Span } from '../../core/source.js';
import type { ResourceGraph, ResourceNode } from '../../graph/model.js';
import { isUnparsed, linksOf, stackResolved, type Unlinked } from './links.js';
import { compareText, isViewKind, type GraphView, type Tone, type ViewEdge, type ViewFinding, type ViewNode, type ViewProblem } from './model.js';
import { ruleVerdicts, trafficOf, type RuleVerdicts } from './verdicts.js';

export interface GraphViewOptions {
  /** 1-based line of a span; the command reads the sources to answer. Without it lines are null. */
  lineOf?: (span: Span) => number | undefined;
}

export function toGraphView(graph: ResourceGraph, result: LintResult, options: GraphViewOptions = {}): GraphView {
  const drawn = [...graph.nodes.values()].filter((node) => isViewKind(node.kind));
  const shown = new Set(drawn.map((node) => node.uid));
  const verdicts = ruleVerdicts(graph);
  const { edges, groups, unlinked } = linksOf(graph, shown, verdicts);
  const findings = findingsByResource(result.findings);
  const unlinkedBy = groupBy(unlinked, (u) => u.from);
  const context: NodeContext = { verdicts, failedDelivery: groupBy(edges.filter((e) => e.tone === 'fail' && DELIVERY_LINKS.has(e.label)), (e) => e.from) };
  const nodes = drawn.map((node) => toViewNode(node, context, findings.get(resourceKey(node.logicalFile ?? node.file, node.id)) ?? [], unlinkedBy.get(node.uid) ?? [], options));
  nodes.sort((a, b) => compareText(a.file, b.file) || compareText(a.resourceId, b.resourceId) || compareText(a.id, b.id));
  edges.sort(compareEdges);
  return {
    version: 2,
    inputs: [...result.files].sort(compareText),
    files: [...new Set(nodes.map((n) => n.file))].sort(compareText),
    nodes,
    edges,
    ...(groups.length > 0 ? { groups } : {}),
    problems: problemsOf(result),
  };
}

/** A flow log whose link through one of these fails cannot deliver. */
const DELIVERY_LINKS = new Set(['deliveryRole', 'crossAccountRole', 'destination', 'logGroupName']);

interface NodeContext {
  verdicts: RuleVerdicts;
  /** Failing delivery links (role, destination) by flow log uid. */
  failedDelivery: Map<string, ViewEdge[]>;
}

function toViewNode(node: ResourceNode, context: NodeContext, findings: ViewFinding[], unlinked: Unlinked[], options: GraphViewOptions): ViewNode {
  const judged = statusOf(node, context, findings);
  const notes = unlinked.map((u) => `${u.label}: ${u.reason}`).sort(compareText);
  const reasons = [...(judged.reason ? [judged.reason] : []), ...notes];
  return {
    id: node.uid,
    resourceId: node.id,
    ...(node.constructPath !== undefined ? { constructPath: node.constructPath } : {}),
    kind: node.kind as ViewNode['kind'],
    type: node.type,
    file: node.file,
    ...(node.logicalFile !== undefined && node.logicalFile !== node.file ? { root: node.logicalFile } : {}),
    line: options.lineOf?.(node.span) ?? null,
    tone: judged.tone,
    status: judged.status,
    reason: reasons.length > 0 ? reasons.join('; ') : null,
    findings,
  };
}

interface Status {
  tone: Tone;
  status: string | null;
  reason: string | null;
}

const VPC_TONES: Record<string, Tone> = { covered: 'ok', 'not covered': 'fail', unverifiable: 'unknown', 'absent by default': 'inactive' };

function statusOf(node: ResourceNode, context: NodeContext, findings: ViewFinding[]): Status {
  if (node.kind === 'vpc') {
    const verdict = context.verdicts.vpcs.get(node.uid);
    if (verdict) return { tone: VPC_TONES[verdict.state] ?? 'neutral', status: verdict.state, reason: verdict.reason };
  }
  if (node.existence.state === 'absent') return { tone: 'inactive', status: 'absent by default', reason: node.existence.why };
  if (node.kind === 'flow-log') return flowLogStatus(node, context);
  const failing = findings.filter((f) => !f.suppressed && f.level !== 'note');
  if (failing.length > 0) return { tone: 'fail', status: `fails ${unique(failing.map((f) => f.ruleId)).join(', ')}`, reason: failing.map((f) => f.message).join('; ') };
  if (node.existence.state === 'unknown') return { tone: 'unknown', status: 'may not exist', reason: node.existence.why };
  if (node.kind === 'stack') {
    if (stackResolved(node)) return { tone: 'neutral', status: 'source in the run', reason: null };
    // A file of the run that could not be parsed stands for what it may declare (graph/terraform/unparsed.ts).
    if (isUnparsed(node)) return { tone: 'unknown', status: 'could not be parsed', reason: 'what it declares cannot be seen: the resources handed to it may be used there' };
    return { tone: 'unknown', status: 'source not in the run', reason: 'its resources cannot be seen: values passed to it may be used there' };
  }
  const notes = findings.filter((f) => !f.suppressed && f.level === 'note');
  return { tone: 'neutral', status: null, reason: notes.length > 0 ? notes.map((f) => f.message).join('; ') : null };
}

function flowLogStatus(flowLog: ResourceNode, context: NodeContext): Status {
  const traffic = trafficOf(flowLog);
  const problems = [...(context.verdicts.delivery.get(flowLog.uid) ?? []).map((j) => j.message), ...(context.failedDelivery.get(flowLog.uid) ?? []).flatMap((e) => (e.reason ? [e.reason] : []))];
  if (problems.length > 0) return { tone: 'fail', status: `${traffic.status}, cannot deliver`, reason: unique(problems).join('; ') };
  if (flowLog.existence.state === 'unknown') return { tone: 'unknown', status: `${traffic.status}, may not exist`, reason: flowLog.existence.why };
  return { tone: traffic.tone, status: traffic.status, reason: null };
}

function findingsByResource(findings: readonly Finding[]): Map<string, ViewFinding[]> {
  const out = new Map<string, ViewFinding[]>();
  for (const finding of findings) {
    if (finding.resourceId === undefined) continue;
    const key = resourceKey(finding.logicalFile ?? finding.file, finding.resourceId);
    const entry: ViewFinding = { ruleId: finding.ruleId, level: finding.level, message: finding.message, suppressed: (finding.suppressions?.length ?? 0) > 0 };
    const list = out.get(key);
    if (list) list.push(entry);
    else out.set(key, [entry]);
  }
  for (const list of out.values()) list.sort((a, b) => compareText(a.ruleId, b.ruleId) || compareText(a.message, b.message));
  return out;
}

function resourceKey(file: string, resourceId: string): string {
  return `${file}\u0000${resourceId}`;
}

function problemsOf(result: LintResult): ViewProblem[] {
  // A notification's message starts with its file (`broken.yaml: …`), which the view keeps apart.
  const messageOf = (file: string | undefined, message: string) => (file !== undefined && message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message);
  const problems = result.notifications.filter((n) => n.level !== 'note').map((n) => ({ file: n.file ?? null, message: messageOf(n.file, n.message) }));
  return problems.sort((a, b) => compareText(a.file ?? '', b.file ?? '') || compareText(a.message, b.message));
}

function compareEdges(a: ViewEdge, b: ViewEdge): number {
  return compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.label, b.label) || compareText(a.verdict ?? '', b.verdict ?? '');
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
