/**
 * Suppressions written in a resource's `Metadata`: ours (`flowguard.ignore: [{ rule, reason }]`, or a
 * bare rule id as an entry, which gives no reason) and the peers' (`checkov.skip: [{ id, comment }]`,
 * `cfn_nag.rules_to_suppress: [{ id, reason }]`, `cdk_nag.rules_to_suppress: [{ id, reason }]`) for
 * the checks we share with them. Ours in any other shape suppress nothing, and are said to
 * (`malformedSuppressions`); the peers' shapes are the peers' business.
 *
 * checkov reads its skips under the old name too (`bridgecrew.skip`), and, in a YAML template, also
 * finds its skip comment (`# checkov:skip=CKV2_AWS_11:reason`) on the lines of the resource
 * (checkov/cloudformation/context_parser.py, collect_skip_comments).
 *
 * cdk-nag also reads the template's own `Metadata.cdk_nag.rules_to_suppress`, for every resource of the
 * template: that is where `NagSuppressions.addStackSuppressions` writes (NagSuppressionHelper.getSuppressions
 * joins the resource's and the stack's lists), and the usual way CDK apps silence AwsSolutions-VPC7.
 */
import { Buffer } from 'node:buffer';
import type { Span } from '../../core/source.js';
import type { SuppressionDirective } from '../model.js';
import { CHECKOV_SKIP_COMMENT, ruleForPeerId } from '../suppression-ids.js';
import { spanAt, type TemplateContext } from './template.js';
import { hasOwn, isObject, own } from '../values.js';

interface Syntax {
  /** Key under `Metadata`. */
  section: string;
  /** The peer whose ids it takes, when that is not `section` (checkov's old name, `bridgecrew`). */
  peer?: string;
  /** Key of the list inside it. */
  list: string;
  idKey: string;
  reasonKey: string;
}

const SYNTAXES: Syntax[] = [
  { section: 'flowguard', list: 'ignore', idKey: 'rule', reasonKey: 'reason' },
  { section: 'checkov', list: 'skip', idKey: 'id', reasonKey: 'comment' },
  { section: 'bridgecrew', peer: 'checkov', list: 'skip', idKey: 'id', reasonKey: 'comment' },
  { section: 'cfn_nag', list: 'rules_to_suppress', idKey: 'id', reasonKey: 'reason' },
  { section: 'cdk_nag', list: 'rules_to_suppress', idKey: 'id', reasonKey: 'reason' },
];

export function suppressionsOf(ctx: TemplateContext, id: string): SuppressionDirective[] {
  const metadata = own(ctx.resources[id], 'Metadata');
  const onResource = isObject(metadata) ? SYNTAXES.flatMap((syntax) => entriesOf(ctx, ['Resources', id, 'Metadata'], metadata, syntax)) : [];
  const comments = checkovComments(ctx, id);
  const stack = stackSuppressions(ctx);
  return comments.length === 0 && stack.length === 0 ? onResource : [...onResource, ...comments, ...stack];
}

/**
 * checkov's skip comments on the lines of a YAML resource, from its logical id to the end of its value:
 *
 *   FlowLogsGroup:
 *     # checkov:skip=CKV_AWS_66:kept by the central account's subscription
 *     Type: AWS::Logs::LogGroup
 *
 * checkov searches those lines as text; only comments count here (a JSON template has none, and a
 * `checkov:skip=` in a string value is no comment, nor is a line of a block scalar or of a quoted
 * string written over several lines, which the light scan below cannot tell from one).
 */
function checkovComments(ctx: TemplateContext, id: string): SuppressionDirective[] {
  if (ctx.doc.syntax !== 'yaml') return [];
  const text = ctx.doc.file.text;
  // Most templates have no skip comment at all: they are not searched resource by resource.
  if (!mayHoldCheckovSkip(ctx, text)) return [];
  const from = spanAt(ctx, ['Resources', id], 'key').start;
  const to = spanAt(ctx, ['Resources', id]).end;
  const out: SuppressionDirective[] = [];
  // Lines end as YAML ends them (LF, CRLF or a lone CR): in a file of lone CRs, a search for LF alone
  // took the rest of the file for one line, and a skip comment of a later resource for this one's.
  let lineStart = from;
  while (lineStart > 0 && !isLineBreak(text.charCodeAt(lineStart - 1))) lineStart--;
  while (lineStart < to) {
    let lineEnd = lineStart;
    while (lineEnd < text.length && !isLineBreak(text.charCodeAt(lineEnd))) lineEnd++;
    const hash = commentStart(text, lineStart, lineEnd);
    if (hash !== -1) {
      const match = CHECKOV_SKIP_COMMENT.exec(text.slice(hash, lineEnd));
      const rule = match ? ruleForPeerId('checkov', match[1]!) : undefined;
      // A line of a block scalar (`|`, `>`) or of a quoted string continued over lines is the value's text.
      if (match && rule && ctx.doc.inScalar?.(hash) !== true) out.push({ rule, reason: (match[2] ?? '').trim(), span: { file: ctx.doc.file.path, start: hash, end: lineEnd }, syntax: 'checkov', writtenId: match[1]! });
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

function mayHoldCheckovSkip(ctx: TemplateContext, text: string): boolean {
  let known = filesWithSkips.get(ctx);
  if (known === undefined) {
    known = text.includes('checkov:skip=') || text.includes('bridgecrew:skip=');
    filesWithSkips.set(ctx, known);
  }
  return known;
}

const filesWithSkips = new WeakMap<TemplateContext, boolean>();

/**
 * Where a YAML comment starts on a line: a `#` at its start or after white space, outside a quoted
 * scalar; -1 when none. A quote opens a scalar only where a value starts (after `: `, `- `, `[`, `{`,
 * `,` or at the start of the line), so the apostrophe of `Description: don't` opens nothing.
 */
function commentStart(text: string, lineStart: number, lineEnd: number): number {
  let quote: string | undefined;
  for (let at = lineStart; at < lineEnd; at++) {
    const char = text[at]!;
    if (quote === '"') {
      if (char === '\\') at++;
      else if (char === '"') quote = undefined;
    } else if (quote === "'") {
      if (char === "'" && text[at + 1] === "'") at++;
      else if (char === "'") quote = undefined;
    } else if (char === '#' && (at === lineStart || text[at - 1] === ' ' || text[at - 1] === '\t')) {
      return at;
    } else if ((char === '"' || char === "'") && /(?:^|[:\-,[{])\s*$/.test(text.slice(lineStart, at))) {
      quote = char;
    }
  }
  return -1;
}

/** cdk-nag's stack suppressions (template `Metadata`), read once per template. */
function stackSuppressions(ctx: TemplateContext): SuppressionDirective[] {
  let known = stackLevel.get(ctx);
  if (known === undefined) {
    const metadata = own(ctx.doc.value, 'Metadata');
    known = isObject(metadata) ? entriesOf(ctx, ['Metadata'], metadata, CDK_NAG) : [];
    stackLevel.set(ctx, known);
  }
  return known;
}

const stackLevel = new WeakMap<TemplateContext, SuppressionDirective[]>();
const CDK_NAG = SYNTAXES.find((syntax) => syntax.section === 'cdk_nag')!;

/** The directives of one syntax in a `Metadata` mapping written at `at`. */
function entriesOf(ctx: TemplateContext, at: (string | number)[], metadata: unknown, syntax: Syntax): SuppressionDirective[] {
  const entries = own(own(metadata, syntax.section), syntax.list);
  if (!Array.isArray(entries)) return [];
  const out: SuppressionDirective[] = [];
  entries.forEach((entry, index) => {
    const ours = syntax.section === 'flowguard';
    // `ignore: [vpc-flow-logs]`: a rule id without a reason, which the `suppression` rule then asks for.
    const writtenId = ours && typeof entry === 'string' ? entry.trim() : own(entry, syntax.idKey);
    if (typeof writtenId !== 'string' || writtenId === '') return;
    const rule = ours ? writtenId : ruleForPeerId(syntax.peer ?? syntax.section, writtenId);
    if (!rule) return;
    if (syntax === CDK_NAG && !appliesToWholeResource(entry)) return;
    const reason = syntax === CDK_NAG ? cdkNagReason(entry) : own(entry, syntax.reasonKey);
    const span = spanAt(ctx, [...at, syntax.section, syntax.list, index]);
    out.push({ rule, reason: typeof reason === 'string' ? reason.trim() : '', span, syntax: syntax.peer ?? syntax.section, writtenId });
  });
  return out;
}

/**
 * A cdk-nag entry with `applies_to` suppresses only the findings of a granular rule whose finding id
 * it names (NagSuppressionHelper.doesApply; any value JavaScript counts as true, an empty list too). The
 * check flowguard shares, AwsSolutions-VPC7, is not granular: its finding id is empty, so cdk-nag
 * reports the VPC whatever `applies_to` lists, and so do we.
 */
function appliesToWholeResource(entry: unknown): boolean {
  return !own(entry, 'applies_to');
}

/**
 * cdk-nag writes a reason that has characters above U+00FF (Japanese, an em dash) in base64, with
 * `is_reason_encoded: true` (NagSuppressionHelper.toCfnFormat), and decodes it when it reads it back.
 */
function cdkNagReason(entry: unknown): unknown {
  const reason = own(entry, 'reason');
  if (typeof reason !== 'string' || !own(entry, 'is_reason_encoded')) return reason;
  return Buffer.from(reason, 'base64').toString('utf8');
}

/** Where our `Metadata.flowguard` is in a shape that suppresses nothing, and what is expected there. */
export function malformedSuppressions(ctx: TemplateContext, id: string): { span: Span; problem: string }[] {
  const metadata = own(ctx.resources[id], 'Metadata');
  if (!isObject(metadata) || !hasOwn(metadata, 'flowguard')) return [];
  const at = (path: (string | number)[], part?: 'key' | 'value'): Span => spanAt(ctx, ['Resources', id, 'Metadata', 'flowguard', ...path], part);
  const flowguard = own(metadata, 'flowguard');
  if (!isObject(flowguard)) return [{ span: at([]), problem: `\`Metadata.flowguard\` must be a mapping with an \`ignore\` list, found ${described(flowguard)}` }];
  const out: { span: Span; problem: string }[] = [];
  for (const key of Object.keys(flowguard)) {
    if (key !== 'ignore') out.push({ span: at([key], 'key'), problem: `\`Metadata.flowguard\` has no key \`${key}\`; write \`ignore: [{ rule, reason }]\`` });
  }
  if (!hasOwn(flowguard, 'ignore')) return out;
  const ignore = own(flowguard, 'ignore');
  if (!Array.isArray(ignore)) {
    const example = typeof ignore === 'string' && ignore.trim() !== '' ? ignore.trim() : '<rule id>';
    out.push({ span: at(['ignore']), problem: `\`ignore\` must be a list of \`{ rule, reason }\` entries, found ${described(ignore)}; write \`ignore: [{ rule: ${example}, reason: <why> }]\`` });
    return out;
  }
  ignore.forEach((entry, index) => {
    const problem = entryProblem(entry);
    if (problem) out.push({ span: at(['ignore', index]), problem });
  });
  return out;
}

/** What is wrong with one `ignore` entry, if anything. */
function entryProblem(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry.trim() === '' ? 'an `ignore` entry is an empty string; write `{ rule: <rule id>, reason: <why> }`' : undefined;
  if (!isObject(entry)) return `each \`ignore\` entry must be \`{ rule: <rule id>, reason: <why> }\` or a rule id, found ${described(entry)}`;
  const rule = own(entry, 'rule');
  if (rule === undefined) {
    const keys = Object.keys(entry).map((k) => `\`${k}\``);
    return `an \`ignore\` entry must name its rule as \`rule: <rule id>\`, and this one has ${keys.length ? keys.join(', ') : 'no keys'}`;
  }
  if (typeof rule !== 'string' || rule.trim() === '') return `\`rule\` must be one rule id, found ${described(rule)}; write one entry per rule`;
  return undefined;
}

/** A value's kind for messages: `the string "x"`, `a list`, `a mapping`, `the number 7`, `no value`. */
function described(value: unknown): string {
  if (value === null || value === undefined) return 'no value';
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}
