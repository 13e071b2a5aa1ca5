/**
 * log-group-retention — log groups must keep events at least `minimumDays` (365). Unset retention
 * means never expire and passes unless `requireExplicit` is set. (Terraform's `0` also means never
 * expire: the Terraform adapters turn it into an explicit `null`, so the rule sees "unset"; a
 * CloudFormation `0` is not a value CloudWatch accepts.) A DELIVERY-class log group keeps events one day
 * whatever its retention says.
 */
import type { RuleFinding } from '../src/core/finding.js';
import type { Rule } from '../src/core/rule.js';
import type { ResourceNode, RValue } from '../src/graph/model.js';
import { isDeployed, named, spelled, subject, withData } from './support.js';

/** The values CloudWatch Logs accepts for retention (PutRetentionPolicy); anything else fails to deploy. */
export const ALLOWED_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The list as messages quote it: made once, not for each log group (120 bytes each, 12 MB for 100,000). */
const ALLOWED_TEXT = ALLOWED_RETENTION_DAYS.join(', ');

export const logGroupRetention: Rule = {
  meta: {
    id: 'log-group-retention',
    name: 'LogGroupRetention',
    shortDescription: 'Log groups must retain events for at least the required period.',
    fullDescription:
      'Every CloudWatch Logs log group must keep events for at least minimumDays (365 by default). Unset retention ' +
      '(never expire) passes unless requireExplicit is set; a value CloudWatch does not accept fails the deployment. ' +
      'AWS Security Hub CloudWatch.16.',
    defaultLevel: 'error',
    securitySeverity: '4.0',
    tags: ['security', 'logging', 'security-hub-cloudwatch.16'],
    messages: {
      tooShort: 'Log group {group} keeps events for {duration}{source}; {advice}',
      tooShortWhicheverApplies: 'Log group {group} keeps events for {choices} days, whichever applies ({why}); {advice}',
      invalid: 'Log group {group} has retention {days}{source}, which CloudWatch Logs does not accept (deployment fails); use one of {allowed}',
      invalidNearest:
        'Log group {group} has retention {days}{source}, which CloudWatch Logs does not accept (deployment fails); use {nearest}, the shortest it accepts of at least {atLeast} days, or another of {allowed}',
      notANumber: 'Log group {group} has retention "{value}"{source}, which is not a number of days',
      unset: 'Log group {group} sets no retention (events never expire); set {property} explicitly (requireExplicit)',
      neverExpires: 'Log group {group} keeps events forever{source}: its {property} of 0 means never expire; {advice} (requireExplicit)',
      refused: 'Log group {group} is never created: {why}',
      deliveryClass: 'Log group {group} is in the DELIVERY log class{source}, which keeps events in CloudWatch Logs for only one day whatever {property} says; keep the delivered copy for at least {minimum} days where it is delivered (S3, Firehose) and suppress this finding with that reason, or use the STANDARD or INFREQUENT_ACCESS class',
    },
    options: {
      minimumDays: { type: 'number', integer: true, minimum: 1, default: 365, description: 'Fewest days of retention accepted.' },
      requireExplicit: { type: 'boolean', default: false, description: 'Report log groups that set no retention (never expire).' },
    },
  },
  check(graph, options) {
    const minimum = typeof options['minimumDays'] === 'number' ? options['minimumDays'] : 365;
    const requireExplicit = options['requireExplicit'] === true;
    const findings: RuleFinding[] = [];
    const advise = adviser(minimum);
    for (const group of graph.ofKind('log-group')) {
      // Written so that the provider refuses it (its retention beside `Properties`): said, not read as "never expires".
      if (group.existence.state === 'absent' && group.existence.refused) {
        findings.push({ ...subject(group), span: group.existence.span, messageId: 'refused', key: 'refused', data: { group: named(group), why: group.existence.why } });
      }
      if (!isDeployed(group)) continue;
      const finding = checkGroup(group, minimum, requireExplicit, advise);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

type Base = Pick<RuleFinding, 'resourceId' | 'resourceUid' | 'logicalFile'> & { data: Record<string, string | number> };

function checkGroup(group: ResourceNode, minimum: number, requireExplicit: boolean, advise: (property: string) => string): RuleFinding | undefined {
  const value = group.attrs['retentionDays'];
  const property = spelled(group, 'RetentionInDays', 'retention_in_days');
  const base = { ...subject(group), data: { group: named(group), minimum, advice: advise(property), property, allowed: ALLOWED_TEXT } };
  const known = value?.t === 'scalar' && value.value !== null ? value : undefined;
  // A value CloudWatch refuses fails the deployment, whatever the class: told first.
  const refused = known && refusedRetention(known, base);
  if (refused) return refused;
  const delivery = deliveryClass(group, minimum);
  if (delivery) return { ...base, span: delivery.span, related: originOf(delivery, 'the value that sets the log class'), messageId: 'deliveryClass', data: withData(base.data, { source: sourceNote(delivery) }) };
  if (value === undefined || (value.t === 'scalar' && value.value === null)) {
    // Past the longest retention CloudWatch keeps (3653 days), only "never expire" meets the minimum.
    if (!requireExplicit || minimum > LONGEST_RETENTION) return undefined;
    if (value && writtenZero(group, value)) return { ...base, messageId: 'neverExpires', span: value.span, related: originOf(value), data: withData(base.data, { source: sourceNote(value) }) };
    return { ...base, messageId: 'unset', span: group.span };
  }
  if (value.t === 'unknown' && value.oneOf) return whicheverApplies(value, value.oneOf, minimum, base);
  if (!known) return undefined; // unknown: never a definite failure
  const days = retentionDays(known);
  if (days >= minimum) return undefined;
  return { ...base, span: known.span, related: originOf(known), messageId: 'tooShort', data: withData(base.data, { duration: days === 1 ? '1 day' : `${days} days`, source: sourceNote(known) }) };
}

const LONGEST_RETENTION = ALLOWED_RETENTION_DAYS[ALLOWED_RETENTION_DAYS.length - 1]!;

/** The advice for each spelling of the property, made once a run rather than once a log group. */
function adviser(minimum: number): (property: string) => string {
  const made = new Map<string, string>();
  return (property) => {
    let text = made.get(property);
    if (text === undefined) made.set(property, (text = advice(minimum, property)));
    return text;
  };
}

/**
 * What to set: the minimum itself, or the first value CloudWatch accepts above it (a minimum of 366
 * cannot be set; 400 can), or, past the longest it keeps, no retention at all (never expire).
 */
function advice(minimum: number, property: string): string {
  const first = ALLOWED_RETENTION_DAYS.find((days) => days >= minimum);
  if (first === minimum) return `set ${property} to at least ${minimum}`;
  if (first !== undefined) return `set ${property} to at least ${first} (CloudWatch accepts no value from ${minimum} to ${first - 1})`;
  return `remove ${property}, so that events never expire (CloudWatch keeps them at most ${LONGEST_RETENTION} days, less than ${minimum})`;
}

/**
 * A retention of 0 that the code or the plan writes: Terraform's "never expire" (its adapters turn
 * it into null). Not CloudFormation's empty property, nor a value that is not written (a provider
 * default in a plan, shown at the declaration).
 */
function writtenZero(group: ResourceNode, value: RValue): boolean {
  const cloudFormation = group.type.includes('::');
  const atDeclaration = value.span.file === group.span.file && value.span.start === group.span.start && value.span.end === group.span.end;
  return !cloudFormation && !atDeclaration;
}

function retentionDays(value: RValue & { t: 'scalar' }): number {
  return typeof value.value === 'number' ? value.value : Number(String(value.value).trim());
}

/** A retention that is not a number, or not one of the values CloudWatch Logs accepts. */
function refusedRetention(value: RValue & { t: 'scalar' }, base: Base): RuleFinding | undefined {
  const days = retentionDays(value);
  const where = { span: value.span, related: originOf(value) };
  const source = sourceNote(value);
  // A number too large for JavaScript (1e400) is still a number, which CloudWatch refuses.
  const number = typeof value.value === 'number' && !Number.isNaN(days);
  if ((!number && !Number.isFinite(days)) || String(value.value).trim() === '') return { ...base, ...where, messageId: 'notANumber', data: withData(base.data, { value: String(value.value), source }) };
  if (!ALLOWED_RETENTION_DAYS.includes(days)) {
    // Quoted as written (`1e400`, `99999999999999999999`), not as the number it became (`Infinity`, `1e20`).
    const writtenAt = { days: [value.span, ...(value.origin ?? [])] };
    // The fix most authors mean (2555 for seven years is 2557), and one that also meets the minimum.
    const atLeast = Math.max(Math.ceil(days), Number(base.data['minimum']));
    const nearest = ALLOWED_RETENTION_DAYS.find((allowed) => allowed >= atLeast);
    if (nearest !== undefined) return { ...base, ...where, messageId: 'invalidNearest', data: withData(base.data, { days, source, nearest, atLeast }), writtenAt };
    return { ...base, ...where, messageId: 'invalid', data: withData(base.data, { days, source }), writtenAt };
  }
  return undefined;
}

/**
 * The `DELIVERY` log class, when it is known: CloudWatch Logs ignores such a group's retention (Lambda
 * logs passed on to S3 or Firehose) and keeps its events one day, so neither "never expire" nor the
 * value written holds.
 */
function deliveryClass(group: ResourceNode, minimum: number): RValue | undefined {
  const logClass = group.attrs['logGroupClass'];
  return logClass?.t === 'scalar' && logClass.value === 'DELIVERY' && minimum > 1 ? logClass : undefined;
}

/**
 * An unknown retention that is one of a few known values (an `Fn::If` or conditional whose condition
 * cannot be evaluated, a mapping read with an unknown key): too short only if every one of them is.
 */
function whicheverApplies(value: RValue & { why: string }, candidates: readonly RValue[], minimum: number, base: Base): RuleFinding | undefined {
  const days = candidates.map((c) => (c.t !== 'scalar' || c.value === null || String(c.value).trim() === '' ? Number.NaN : Number(c.value)));
  // 0 is "never expire" to Terraform (and a failed deployment to CloudFormation): no verdict from it.
  if (!days.every((d) => Number.isFinite(d) && d > 0 && d < minimum)) return undefined;
  const distinct = [...new Set(days)].sort((a, b) => a - b);
  const choices = distinct.length === 1 ? String(distinct[0]) : `${distinct.slice(0, -1).join(', ')} or ${distinct[distinct.length - 1]}`;
  return { ...base, span: value.span, related: originOf(value), messageId: 'tooShortWhicheverApplies', data: withData(base.data, { choices, why: value.why }) };
}

function originOf(value: RValue, message = 'the value that decides the retention'): { span: RValue['span']; message: string }[] {
  return [...(value.origin ?? []), ...(value.decidedBy ?? [])].map((span) => ({ span, message }));
}

/**
 * Where the value comes from when it is not written where it is used: the file where its chain of
 * values starts (the last origin: a `terraform.tfvars` value, a variable's default), so the reader
 * knows where to look; the related locations give the exact places. And what the value assumes
 * (the Terraform workspace), since another deployment of the same code may keep events longer.
 */
function sourceNote(value: RValue): string {
  const notes: string[] = [];
  const start = value.origin?.at(-1);
  if (start) notes.push(start.file === value.span.file ? 'from a value set elsewhere in this file' : `from a value set in ${start.file}`);
  if (value.assumes) notes.push(value.assumes);
  return notes.length === 0 ? '' : ` (${notes.join('; ')})`;
}
