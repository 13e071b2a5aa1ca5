/**
 * Terraform in-source suppressions: comments on the lines right above a resource block, or inside it.
 *
 *   # flowguard:ignore vpc-flow-logs Logged by the central network account.
 *   # checkov:skip=CKV2_AWS_11:Logged by the central network account.
 *   # tfsec:ignore:aws-ec2-require-vpc-flow-logs-for-all-vpcs
 *   # trivy:ignore:AVD-AWS-0178:exp:2026-06-30   (tfsec's and trivy's: ./peer-ignores.ts)
 *
 * Peers' ids count only for the checks flowguard shares with them (see ../suppression-ids.ts). A
 * directive on no such block applies to nothing, and is reported as such (`detachedDirectives`).
 */
import type { Block, Comment, HclFile } from '../../parse/hcl/ast.js';
import type { SuppressionDirective } from '../model.js';
import { CHECKOV_SKIP_COMMENT, ruleForPeerId } from '../suppression-ids.js';
import { mayHoldPeerIgnore, peerIgnores } from './peer-ignores.js';

const SYNTAXES: { syntax: string; pattern: RegExp }[] = [
  // Several rules, joined by commas: `# flowguard:ignore vpc-flow-logs,log-group-retention reason`.
  // A comma and a space end the ids (`vpc-flow-logs, temporary sandbox` gives the reason "temporary sandbox").
  { syntax: 'flowguard', pattern: /^flowguard:ignore\s+([a-z0-9-]+(?:,[a-z0-9-]+)*),?\s*(.*)$/ },
  { syntax: 'checkov', pattern: CHECKOV_SKIP_COMMENT },
];

/** The suppressions of a declaration: on its block, and on the blocks of override files merged into it. */
export function declSuppressions(decl: { file: HclFile; overrides?: readonly { file: HclFile; block: Block }[] }, block: Block): SuppressionDirective[] {
  const own = suppressionsOf(decl.file, block);
  if (!decl.overrides) return own;
  return [...own, ...decl.overrides.flatMap((o) => suppressionsOf(o.file, o.block))];
}

export function suppressionsOf(file: HclFile, block: Block): SuppressionDirective[] {
  if (!hasDirectives(file)) return [];
  const out: SuppressionDirective[] = [];
  for (const comment of applicableComments(file, block)) out.push(...parseDirectives(file, comment));
  return out;
}

/**
 * Directives that apply to nothing: in a comment on no `resource` or `module` block (cut off from the
 * block below by a blank line, at the end of a file, or on a `variable` or `data` block, which no
 * finding is about). The peers' count only for the ids flowguard honours: a detached
 * `checkov:skip=CKV2_AWS_11` suppresses nothing here either (and, outside its block, not for checkov).
 */
export function detachedDirectives(file: HclFile): SuppressionDirective[] {
  if (!hasDirectives(file)) return [];
  const attached = new Set<Comment>();
  for (const block of file.body.blocks) {
    if (block.type === 'resource' || block.type === 'module') for (const comment of applicableComments(file, block)) attached.add(comment);
  }
  const out: SuppressionDirective[] = [];
  for (const comment of file.comments) if (!attached.has(comment)) out.push(...parseDirectives(file, comment));
  return out;
}

/**
 * Whether any comment of the file is a directive of one of `SYNTAXES`. Most files have none: they
 * then skip matching their comments against each of their blocks (a search per block, per instance).
 */
function hasDirectives(file: HclFile): boolean {
  let known = filesWithDirectives.get(file);
  if (known === undefined) {
    known = file.comments.some((comment) => mayHoldPeerIgnore(comment.text) || SYNTAXES.some(({ pattern }) => pattern.test(comment.text)));
    filesWithDirectives.set(file, known);
  }
  return known;
}

const filesWithDirectives = new WeakMap<HclFile, boolean>();

/** Comments inside the block, and the unbroken run of comment lines directly above it. */
function applicableComments(file: HclFile, block: Block): Comment[] {
  // Comments are in file order and never overlap: the ones inside the block are one run of them,
  // found by search. Filtering every comment for every block was quadratic in a file of thousands of
  // blocks that each hold a directive.
  const inside: Comment[] = [];
  for (let i = lastCommentBefore(file.comments, block.start) + 1; i < file.comments.length && file.comments[i]!.end <= block.end; i++) {
    if (file.comments[i]!.start >= block.start) inside.push(file.comments[i]!);
  }
  const above: Comment[] = [];
  let next = block.start;
  for (let i = lastCommentBefore(file.comments, block.start); i >= 0; i--) {
    const comment = file.comments[i]!;
    const gap = file.file.text.slice(comment.end, next);
    // Only white space with at most one line break: a blank line ends the run.
    if (gap.trim() !== '' || (gap.match(/\n/g)?.length ?? 0) > 1) break;
    // Pushed and reversed once: unshift() moved the whole run at each step, quadratic in a run of
    // 100,000 directive lines above one block.
    above.push(comment);
    next = comment.start;
  }
  return [...above.reverse(), ...inside];
}

function lastCommentBefore(comments: Comment[], offset: number): number {
  let low = 0;
  let high = comments.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (comments[mid]!.end <= offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * The directives of one comment: one per rule it names. flowguard's own syntax owns its comment (and
 * may name several rules); otherwise each peer reads the comment for itself, as checkov and trivy each
 * search it for their own words, so `# checkov:skip=CKV2_AWS_11:central trivy:ignore:AVD-AWS-0178`
 * holds a directive of each.
 */
function parseDirectives(file: HclFile, comment: Comment): SuppressionDirective[] {
  const span = { file: file.file.path, start: comment.start, end: comment.end };
  const out: SuppressionDirective[] = [];
  for (const { syntax, pattern } of SYNTAXES) {
    const match = pattern.exec(comment.text);
    if (!match) continue;
    const reason = (match[2] ?? '').trim();
    const ids = syntax === 'flowguard' ? match[1]!.split(',').map((id) => id.trim()) : [match[1]!];
    for (const writtenId of ids) {
      const rule = syntax === 'flowguard' ? writtenId : ruleForPeerId(syntax, writtenId);
      if (rule) out.push({ rule, reason, span, syntax, writtenId });
    }
    if (syntax === 'flowguard') return out;
  }
  if (!mayHoldPeerIgnore(comment.text)) return out;
  for (const { syntax, writtenId, rule, expires, workspace } of peerIgnores(comment.text)) {
    // tfsec and trivy take no reason: the words after the directive are free text for them.
    const directive: SuppressionDirective = { rule, reason: '', span, syntax, writtenId };
    if (expires !== undefined) directive.expires = expires;
    if (workspace !== undefined) directive.workspace = workspace;
    out.push(directive);
  }
  return out;
}
