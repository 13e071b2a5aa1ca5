/**
 * The `Resource` of a policy statement, read only as far as a rule needs to tell that a grant is on
 * *other* resources than the one in question: a delivery role granted `logs:PutLogEvents` on
 * `arn:aws:logs:*:*:log-group:/aws/lambda/*` (copied from a Lambda execution role) cannot write to the
 * flow log's `/vpc/flow-logs`. Every doubt reads as "may cover": a rule never fails on a pattern it
 * cannot read.
 */
import type { Span } from '../core/source.js';
import type { RTemplate, RValue } from './model.js';

const LOG_GROUP = ':log-group:';

/**
 * One entry of `Resource`. `whole`: `text` is the entire pattern. Otherwise `text` is only the part
 * after the last piece known at deploy time (`arn:${AWS::Partition}:logs:${AWS::Region}:…` ends in
 * `:log-group:/aws/lambda/*`), empty when nothing after it is written out.
 */
export interface ResourcePattern {
  text: string;
  whole: boolean;
  /** The pattern for a message, pieces known at deploy time as `${…}` (`${AWS::Region}`). */
  shown: string;
  span: Span;
  /**
   * A pattern that starts with an attribute of a resource of the run (`!GetAtt FlowLogs.Arn`,
   * `"${aws_cloudwatch_log_group.app.arn}:*"`), and the text written after it.
   */
  ref?: { target: string; attribute: string; after: string };
  /**
   * A pattern that ends with `:log-group:` and an attribute of a resource of the run
   * (`!Sub …:log-group:${FlowLogGroup}`, `"…:log-group:${aws_cloudwatch_log_group.flow.name}"`):
   * the bare ARN of the group that attribute names, if it names one.
   */
  groupNamedBy?: { target: string; attribute: string };
}

/** A piece known at deploy time, for a message: `AWS::Region`, `FlowLogGroup`, `aws_cloudwatch_log_group.flow.name`, or `…`. */
function partName(part: Exclude<RTemplate['parts'][number], string>): string {
  if (part.t === 'unknown') return part.symbol ?? '…';
  const id = part.target.slice(part.target.lastIndexOf('#') + 1);
  return part.attribute === 'Ref' ? id : `${id}.${part.attribute}`;
}

/** The entries of a `Resource` value (a string or a list). */
export function resourcePatterns(value: RValue): ResourcePattern[] {
  return (value.t === 'array' ? value.items : [value]).map(patternOf);
}

function patternOf(item: RValue): ResourcePattern {
  if (item.t === 'scalar') return { text: String(item.value), whole: true, shown: String(item.value), span: item.span };
  if (item.t === 'ref') return { text: '', whole: false, shown: '${…}', span: item.span, ref: { target: item.target, attribute: item.attribute, after: '' } };
  if (item.t !== 'template') return { text: '', whole: false, shown: '${…}', span: item.span };
  let text = '';
  let shown = '';
  for (const part of item.parts) {
    text = typeof part === 'string' ? text + part : '';
    shown += typeof part === 'string' ? part : `\${${partName(part)}}`;
  }
  const [first, ...rest] = item.parts;
  const refFirst = typeof first !== 'string' && first?.t === 'ref' && rest.every((part) => typeof part === 'string');
  const ref = refFirst ? { target: first.target, attribute: first.attribute, after: rest.join('') } : undefined;
  const last = item.parts[item.parts.length - 1];
  const before = item.parts[item.parts.length - 2];
  const named = typeof last !== 'string' && last?.t === 'ref' && typeof before === 'string' && before.toLowerCase().endsWith(LOG_GROUP);
  const groupNamedBy = named ? { target: last.target, attribute: last.attribute } : undefined;
  return { text, whole: false, shown, span: item.span, ...(ref ? { ref } : {}), ...(groupNamedBy ? { groupNamedBy } : {}) };
}

/**
 * Whether the pattern may cover some resource of the log group `name` (the group itself, or one of
 * its streams: `log-group:<name>` and `log-group:<name>:log-stream:<stream>`). False only when it
 * cannot: another service, another kind of Logs resource, or another log group. Log group and stream
 * names cannot contain `:`, so `:log-group:` is written once in any ARN of them, and the name is what
 * follows it up to the next `:`. `streams`: for an action on the group's log streams, a bare group ARN
 * does not cover (see `isBareLogGroupArn`), whether or not the name is known.
 */
export function mayCoverLogGroup(pattern: ResourcePattern, name: string | undefined, streams = false): boolean {
  const text = withoutPolicyVariables(pattern.text);
  const groupPart = afterLogGroup(text);
  if (streams && groupPart !== undefined && isBare(groupPart)) return false;
  if (groupPart !== undefined && !namesGroupOrStream(groupPart)) return false;
  if (name === undefined || (pattern.whole && text === '*')) return true;
  if (groupPart === undefined) return pattern.whole ? mayBeLogsResource(text) : true;
  // The service is compared ignoring case (see afterLogGroup), the name as written.
  if (pattern.whole && !isLogsService(text.slice(0, text.length - groupPart.length - LOG_GROUP.length).split(':')[2])) return false;
  const colon = groupPart.indexOf(':');
  return mayMatchName(colon === -1 ? groupPart : groupPart.slice(0, colon), name);
}

/**
 * A log group's ARN as written, `arn:aws:logs:…:log-group:<name>` with no wildcard and nothing after
 * the name: it names the group but none of its streams, so `logs:CreateLogStream` and
 * `logs:PutLogEvents` granted on it are denied (AWS SAM found "only the one with a trailing '*'
 * worked", aws/serverless-application-model#527; a policy without `:*` "is created, but it does not
 * work correctly", cloudposse/terraform-aws-cloudwatch-logs#37). Terraform's `aws_cloudwatch_log_group`
 * `arn` is such an ARN (the provider trims the `:*` CloudFormation's `Arn` keeps).
 */
export function isBareLogGroupArn(pattern: ResourcePattern): boolean {
  const groupPart = afterLogGroup(withoutPolicyVariables(pattern.text));
  return groupPart !== undefined && isBare(groupPart);
}

/**
 * A log group's ARN as written with a segment after the name that cannot be `log-stream`
 * (`arn:aws:logs:…:log-group:/vpc/flow:/aws/vpc/flowlogs/flow:*`): it names no resource of any group.
 */
export function isAstrayLogGroupArn(pattern: ResourcePattern): boolean {
  const groupPart = afterLogGroup(withoutPolicyVariables(pattern.text));
  return groupPart !== undefined && !namesGroupOrStream(groupPart);
}

/**
 * Whether the text after `:log-group:` may still be a log group's ARN or one of its streams': a name,
 * then nothing, or `:` and a segment that may be `log-stream` (`:*`, `:log-stream:…`). A name with a
 * wildcard may stretch over what follows, so it may.
 */
function namesGroupOrStream(groupPart: string): boolean {
  const colon = groupPart.indexOf(':');
  return colon === -1 || hasWildcard(groupPart.slice(0, colon)) || mayFollowGroupName(groupPart.slice(colon));
}

/**
 * Whether `rest`, written right after a log group's name (the end of Terraform's `arn`), may still
 * name the group or one of its streams: nothing, or `:` and a segment that may be `log-stream`. IAM
 * compares the segments of an ARN as written, so a path pasted after the group's ARN
 * (`"${aws_cloudwatch_log_group.flow.arn}:/aws/vpc/flowlogs/flow:*"`, MichaelPatsula's flow-log
 * module) names no stream the flow logs service writes to. Case is ignored: a doubt may cover.
 */
export function mayFollowGroupName(rest: string): boolean {
  const plain = withoutPolicyVariables(rest);
  if (plain === '') return true;
  const end = plain.indexOf(':', 1);
  return globMatches(plain.slice(1, end === -1 ? undefined : end).toLowerCase(), 'log-stream');
}

/**
 * Whether an ARN segment with `*` and `?` wildcards may be `text`: one row of the usual table at a
 * time, so a hostile run of wildcards costs its length times the text's, never a backtracking search.
 */
function globMatches(pattern: string, text: string): boolean {
  let row = [true, ...Array.from(text, () => false)];
  for (const c of pattern) {
    const next = [c === '*' && row[0]!];
    for (let j = 1; j <= text.length; j++) {
      next[j] = c === '*' ? row[j]! || next[j - 1]! : row[j - 1]! && (c === '?' || c === text[j - 1]);
    }
    row = next;
  }
  return row[text.length]!;
}

function isBare(groupPart: string): boolean {
  return groupPart !== '' && !groupPart.includes(':') && !hasWildcard(groupPart);
}

/**
 * What follows `:log-group:`, or undefined. Found ignoring case, as the service is compared: whether
 * IAM lowers `Logs` or `Log-Group` was not found written down, and a doubt must read as "may cover".
 */
function afterLogGroup(text: string): string | undefined {
  const at = text.toLowerCase().indexOf(LOG_GROUP);
  return at === -1 ? undefined : text.slice(at + LOG_GROUP.length);
}

/** A whole pattern without `:log-group:`: `arn:aws:logs:*:*:*` may cover it, `arn:aws:s3:::b/*` and `…:destination:d` cannot. */
function mayBeLogsResource(text: string): boolean {
  const fields = text.split(':');
  if (fields.length < 6) return hasWildcard(text);
  if (!isLogsService(fields[2])) return false;
  const resource = fields.slice(5).join(':');
  return hasWildcard(resource) || resource.toLowerCase().startsWith('log-group');
}

function isLogsService(field: string | undefined): boolean {
  return field === undefined || field.toLowerCase() === 'logs' || hasWildcard(field);
}

/**
 * Whether a name pattern (the text between `log-group:` and the next `:`) may match `name`. With a
 * wildcard, only the text before it is compared: `/vpc/*` may match `/vpc/flow-logs`, `/aws/lambda/*`
 * cannot. (A longer literal, `/vpc/flow-logs-*`, cannot either: after the name an ARN goes on with `:`.)
 */
function mayMatchName(pattern: string, name: string): boolean {
  const wildcard = pattern.search(/[*?]/);
  return wildcard === -1 ? pattern === name : name.startsWith(pattern.slice(0, wildcard));
}

/**
 * IAM policy variables (`${aws:PrincipalTag/team}`, written `&{…}` in Terraform's policy document
 * data source) are filled in per request, so each may be any text: read as a wildcard. Left as
 * written, the `:` inside one would also be taken for a separator of the ARN.
 */
function withoutPolicyVariables(text: string): string {
  return text.replace(/[$&]\{[^}]*\}/g, '*');
}

function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
