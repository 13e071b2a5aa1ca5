/**
 * Flow logs beside a VPC that target a VPC the run cannot see (`vpc_id = var.vpc_id`, an input without
 * a value; `VpcId: !Ref VpcIdParameter`). Next to a VPC the same module or template creates and nothing
 * covers, such a flow log may well be what the author meant for it (or it logs another VPC on purpose):
 * the error names it, or it reads as "no flow log" beside the flow log the author can see.
 */
import type { RelatedSpan } from '../src/core/finding.js';
import { linkOf } from '../src/graph/lookup.js';
import type { ResourceGraph, ResourceNode } from '../src/graph/model.js';
import { isDeployed, knownString, named, quote, relatedResource } from './support.js';

/** A flow log whose VPC is not in the run, with why its target is not known. */
export interface FlowLogElsewhere {
  flowLog: ResourceNode;
  why: string;
  related: RelatedSpan;
}

/**
 * The flow logs on VPCs outside the run that would cover a VPC they targeted (`wouldCover`: not one that
 * captures ACCEPT only, say), by the scope of their node (`scopeOf`), in graph order. Made once a run,
 * and only when a VPC has no flow log: one pass over the flow logs.
 */
export function flowLogsElsewhere(graph: ResourceGraph, wouldCover: (flowLog: ResourceNode) => boolean): Map<string, FlowLogElsewhere[]> {
  const byScope = new Map<string, FlowLogElsewhere[]>();
  for (const flowLog of graph.ofKind('flow-log')) {
    const target = flowLog.attrs['target'];
    // A subnet's or an interface's flow log would not cover a VPC wherever it points.
    if (!target || !isDeployed(flowLog) || knownString(flowLog.attrs['targetType']) !== 'VPC') continue;
    // A misspelt name is told apart already (`misnamed`), with the VPC it most likely meant.
    if (target.t === 'unknown' && target.undeclared) continue;
    const link = linkOf(graph, target, ['vpc']);
    if (link.state !== 'unknown' || link.mayBe.length > 0 || !wouldCover(flowLog)) continue;
    const scope = scopeOf(flowLog);
    const message = `flow log ${quote(flowLog.id)} targets a VPC this run cannot see (${link.why}), not this one`;
    const found = { flowLog, why: link.why, related: relatedResource(flowLog, message) };
    const list = byScope.get(scope);
    if (list) list.push(found);
    else byScope.set(scope, [found]);
  }
  return byScope;
}

/** Flow logs the message names; the others are counted, and every one is a related location. */
const MAX_NAMED = 3;

/** What the message adds: the flow logs (a few named, the others counted) and why the first's target is not known. */
export function elsewhereText(found: readonly FlowLogElsewhere[]): string {
  const names = found.slice(0, MAX_NAMED).map((f) => named(f.flowLog));
  const more = found.length - names.length;
  if (more > 0) names.push(`${more} more`);
  const why = found[0]!.why;
  if (names.length === 1) return `flow log ${names[0]} beside it targets a VPC this run cannot see: ${why}`;
  // One reason said once; several are each said at their flow log's related location.
  const because = found.every((f) => f.why === why) ? `: ${why}` : ' (the related locations say why)';
  return `flow logs ${names.slice(0, -1).join(', ')} and ${names.at(-1)} beside it target VPCs this run cannot see${because}`;
}

/**
 * Where a node is written, as an author sees it: one CloudFormation template; one Terraform module
 * instance (its folder and the `module.…` path before the resource's own address).
 */
export function scopeOf(node: ResourceNode): string {
  const file = node.logicalFile ?? node.file;
  if (node.type.includes('::')) return file;
  const at = node.id.lastIndexOf(`${node.type}.`);
  const folder = file.slice(0, file.lastIndexOf('/') + 1);
  return `${folder}|${at > 0 ? node.id.slice(0, at) : ''}`;
}
