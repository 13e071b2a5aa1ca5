/**
 * role-trust-principal — a role must be assumable by the service that uses it, and by nobody else.
 * A flow-log delivery role must trust vpc-flow-logs.amazonaws.com (CIS's remediation text says
 * ec2.amazonaws.com, which makes delivery fail). Wildcard trust without a pinning condition is an
 * error; service trust without aws:SourceAccount / aws:SourceArn is a confused-deputy note.
 */
import type { RelatedSpan, RuleFinding } from '../src/core/finding.js';
import type { Span } from '../src/core/source.js';
import type { Rule } from '../src/core/rule.js';
import { allowsAssumeRole, coversAction, excludesAllButKey, pinsKey, readPolicy, serviceOf, type Principal, type Statement } from '../src/graph/iam.js';
import type { ResourceNode } from '../src/graph/model.js';
import { mayUseAnyRole, roleUses, usesThatCount, type RoleUse } from './role-uses.js';
import { isDeployed, named, relatedResource, subject, withData } from './support.js';

/** Condition keys that pin who may assume a role trusted by `*` or a service. */
// Not sts:ExternalId: it is a value the caller sends, not who the caller is (AWS: "not a secret"), so
// with Principal "*" anyone who learns it may assume the role.
const PINNING_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:principalaccount', 'aws:principalarn', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:sourceowner'];
const CONFUSED_DEPUTY_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths'];

export const roleTrustPrincipal: Rule = {
  meta: {
    id: 'role-trust-principal',
    name: 'RoleTrustPrincipal',
    shortDescription: 'Roles must trust exactly the service that uses them.',
    fullDescription:
      'A role must be assumable by the service that uses it, and by nobody else. A flow-log delivery role must trust ' +
      'vpc-flow-logs.amazonaws.com (not ec2.amazonaws.com, as the CIS remediation text says); cross-account Firehose ' +
      'delivery roles trust delivery.logs.amazonaws.com. Trusting "*" without a condition that pins the caller is an ' +
      'error; service trust without aws:SourceAccount or aws:SourceArn is reported as a note (confused deputy).',
    defaultLevel: 'error',
    securitySeverity: '7.5',
    tags: ['security', 'iam', 'logging'],
    messages: {
      missingService: 'Role {role} is {use} but its trust policy does not allow {service} to assume it{hint}; trust Service {service}',
      extraPrincipal: 'Role {role} is {use} but also trusts {principal}; only {service} should assume it',
      wildcard: 'Role {role} can be assumed by anyone ({principal}) without a condition that pins the caller; name the principal or add an aws:PrincipalAccount or aws:PrincipalOrgID condition',
      confusedDeputy: 'Role {role} trusts {service} without an aws:SourceAccount or aws:SourceArn condition (confused-deputy protection)',
      unverified: 'Role {role} is {use} but its trust policy could not be verified: {why}',
      refused: 'Role {role} is never created: {why}',
    },
    options: {
      confusedDeputy: {
        type: 'boolean',
        default: true,
        description: 'Report service trust without an aws:SourceAccount or aws:SourceArn condition (a note).',
      },
    },
  },
  check(graph, options) {
    // Off for repositories of many function and instance roles, where these notes outnumber the errors.
    const deputyNotes = options['confusedDeputy'] !== false;
    const findings: RuleFinding[] = [];
    const uses = roleUses(graph);
    // A use cut short by a limit may be of any role: then no principal can be called one too many.
    const exclusive = !mayUseAnyRole(graph);
    for (const role of graph.ofKind('iam-role')) {
      // Written so that the provider refuses it (its trust policy beside `Properties`): said, not read as trusting nobody.
      if (role.existence.state === 'absent' && role.existence.refused) {
        findings.push({ ...subject(role), span: role.existence.span, messageId: 'refused', key: 'refused', data: { role: named(role), why: role.existence.why } });
      }
      if (!isDeployed(role)) continue;
      const policy = readPolicy(role.attrs['trustPolicy']);
      if (policy.state !== 'known') {
        if (policy.unevaluated) findings.push(...unverified(role, usesThatCount(uses.get(role.uid) ?? [], () => false), policy.why, role.attrs['trustPolicy']?.span));
        continue;
      }
      const trusting = policy.statements.filter(allowsAssumeRole);
      if (!deniesOutsiders(policy.statements)) findings.push(...wildcardTrust(role, trusting));
      // A statement whose Effect is unknown may be the one that trusts the right service.
      const trusts = (service: string): boolean => trusting.some((s) => s.principals.some((p) => serviceOf(p) === service));
      const counted = usesThatCount(uses.get(role.uid) ?? [], trusts);
      if (!policy.statements.some((s) => s.effect === 'unknown')) findings.push(...useMismatches(role, trusting, policy.statements, counted, exclusive));
      if (deputyNotes) findings.push(...confusedDeputy(role, trusting));
    }
    return findings;
  },
};

function wildcardTrust(role: ResourceNode, statements: Statement[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const statement of statements) {
    // A condition known only at deploy time may be the one that pins the caller.
    if (statement.conditionUnknown) continue;
    if (PINNING_KEYS.some((key) => statement.conditions.some((test) => pinsKey(test, key)))) continue;
    if (statement.notPrincipal) {
      const principal = 'NotPrincipal: everyone but the principals it names';
      out.push({ messageId: 'wildcard', key: 'wildcard:NotPrincipal', data: { role: named(role), principal }, ...subject(role), span: statement.notPrincipal, related: writtenElsewhere(role) });
    }
    for (const p of statement.principals) {
      if ((p.type === '*' || p.type === 'AWS') && p.value === '*') {
        out.push({ messageId: 'wildcard', key: `wildcard:${p.type}`, data: { role: named(role), principal: p.type === '*' ? 'Principal "*"' : 'AWS "*"' }, ...subject(role), span: p.span, related: writtenElsewhere(role) });
      }
    }
  }
  return out;
}

/**
 * Whether a `Deny` turns away everyone outside fixed accounts or an organisation: it denies
 * sts:AssumeRole to every principal, and each of its conditions holds for all but fixed values of a
 * pinning key (`StringNotEquals aws:PrincipalOrgID o-…`). An `Allow` of `*` beside it is pinned as if
 * it had the condition itself. A further condition of another kind (`aws:MultiFactorAuthPresent`)
 * would let outsiders through whenever it does not hold: no pin. An `Effect` or action known only at
 * deploy time may make it that `Deny` (`Effect: !Ref DenyOrAllow`): then the trust is not known to be open.
 */
function deniesOutsiders(statements: Statement[]): boolean {
  return statements.some(
    (s) =>
      s.effect !== 'Allow' &&
      !s.notPrincipal &&
      s.principals.some((p) => (p.type === '*' || p.type === 'AWS') && p.value === '*') &&
      coversAction(s, 'sts:assumerole') !== false &&
      // Known only at deploy time, the condition may be such a one.
      (s.conditionUnknown === true || (s.conditions.length > 0 && s.conditions.every((test) => PINNING_KEYS.some((key) => excludesAllButKey(test, key))))),
  );
}

/**
 * Where the trust policy's text is written when the role only uses it (a wrapper module's
 * `assume_role_policy = var.policy`, the heredoc in its caller): the finding stays on the role, and
 * this points at the principals to change.
 */
function writtenElsewhere(role: ResourceNode): RelatedSpan[] {
  // The origin lists every value the text passed through (`var.policy`, `local.trust`, …); the last is the text.
  const written = role.attrs['trustPolicy']?.origin?.at(-1);
  return written ? [{ span: written, message: 'the trust policy, as written' }] : [];
}

/**
 * Where a principal is set when the policy takes it from elsewhere (a wrapper module's
 * `Service = var.service`, set by `service = "ec2.amazonaws.com"` in its caller): the place to change.
 */
function principalSetAt(principal: Principal): RelatedSpan[] {
  const at = principal.origin?.at(-1);
  if (!at) return [];
  const what = principal.value === undefined ? `the ${principal.type} principal` : `${principal.type} ${principal.value}`;
  return [{ span: at, message: `${what} is set here` }];
}

function useMismatches(role: ResourceNode, statements: Statement[], all: Statement[], uses: RoleUse[], exclusive: boolean): RuleFinding[] {
  const out: RuleFinding[] = [];
  const principals = statements.flatMap((s) => s.principals);
  // An unknown principal may be the right one, if it may be a service: an `AWS` or `Federated`
  // principal built at deploy time (the account root, `!Sub arn:…:root`) never is.
  const open = principals.find((p) => p.value === undefined && (p.type === 'Service' || p.type === '*'));
  if (open) return open.unevaluated === undefined ? out : unverified(role, uses, open.unevaluated, open.span);
  const services = new Set(uses.map((u) => u.service));
  for (const use of uses) {
    const trusted = principals.some((p) => serviceOf(p) === use.service);
    const data = { role: named(role), use: use.describe, service: use.service };
    const related = [relatedResource(use.user, `${use.describe.replace(/^the /, '')} uses this role`), ...writtenElsewhere(role)];
    if (!trusted) {
      const trustsEc2 = principals.some((p) => serviceOf(p) === 'ec2.amazonaws.com');
      // The service is written, but in a statement that allows no sts:AssumeRole (its Action missing,
      // often indented under Principal, or another action): asking for the service alone would puzzle.
      const naming = all.find((s) => s.effect === 'Allow' && !allowsAssumeRole(s) && s.principals.some((p) => serviceOf(p) === use.service));
      const hint =
        trustsEc2 && use.service === 'vpc-flow-logs.amazonaws.com'
          ? ' (it trusts ec2.amazonaws.com, as the CIS remediation text wrongly says)'
          : naming
            ? ' (a statement names it but allows no sts:AssumeRole: check its Action)'
            : '';
      const span = statements[0]?.span ?? naming?.span ?? role.attrKeySpans['trustPolicy'] ?? role.span;
      const setAt = principals.filter((p) => p.type === 'Service').flatMap(principalSetAt);
      out.push({ messageId: 'missingService', key: `missing:${use.service}`, data: withData(data, { hint }), ...subject(role), span, related: [...related, ...setAt] });
      continue;
    }
    if (!exclusive || !use.dedicated || uses.some((u) => !u.dedicated)) continue;
    for (const p of principals) {
      if (services.has(serviceOf(p) ?? '')) continue;
      // Known only at deploy time and perhaps absent (`!If [Cond, arn, !Ref AWS::NoValue]`): no verdict.
      if (p.value === undefined && p.mayBeAbsent) continue;
      const principal = p.value !== undefined ? `${p.type} ${p.value}` : `an ${p.type} principal known only at deploy time`;
      out.push({ messageId: 'extraPrincipal', key: `extra:${principal}`, data: withData(data, { principal }), ...subject(role), span: p.span, related: [...related, ...principalSetAt(p)] });
    }
  }
  return dedupe(out);
}

/**
 * A role that is used, whose trust cannot be checked because flowguard does not evaluate a function
 * it is written with (`Fn::Base64`, a misspelt name): a note that says so, once, naming every use. A
 * trust policy known only at deploy time (a parameter without a default) needs no note: the template
 * shows it. An unused role needs none either: nothing would be checked.
 */
function unverified(role: ResourceNode, uses: RoleUse[], why: string, span: Span | undefined): RuleFinding[] {
  const [first] = uses;
  if (!first) return [];
  const related = uses.map((use) => relatedResource(use.user, `${use.describe.replace(/^the /, '')} uses this role`));
  const data = { role: named(role), use: first.describe, why };
  return [{ messageId: 'unverified', key: 'unverified', level: 'note', unverified: true, data, ...subject(role), span: span ?? role.attrKeySpans['trustPolicy'] ?? role.span, related }];
}

function confusedDeputy(role: ResourceNode, statements: Statement[]): RuleFinding[] {
  const out: RuleFinding[] = [];
  const told = new Set<string>();
  for (const statement of statements) {
    // Any test of these keys counts here: this is a hint (a note), not a verdict on who may assume the role.
    if (statement.conditions.some((test) => CONFUSED_DEPUTY_KEYS.includes(test.key))) continue;
    for (const p of statement.principals) {
      if (p.type !== 'Service' || p.value === undefined) continue;
      // Once per service: a service named in two statements (or twice by a `%{for}`) is one hint.
      if (told.has(p.value)) continue;
      told.add(p.value);
      out.push({ messageId: 'confusedDeputy', key: `deputy:${p.value}`, level: 'note', data: { role: named(role), service: p.value }, ...subject(role), span: p.span });
    }
  }
  return out;
}

/** One finding per problem: a role used by two flow logs is told once, naming both users. */
function dedupe(findings: RuleFinding[]): RuleFinding[] {
  const byKey = new Map<string, RuleFinding>();
  for (const finding of findings) {
    const key = `${finding.key}|${finding.span.start}`;
    const first = byKey.get(key);
    if (first) first.related = [...(first.related ?? []), ...(finding.related ?? [])];
    else byKey.set(key, { ...finding });
  }
  return [...byKey.values()];
}
