import { describe, expect, it } from 'vitest';
import { isAstrayLogGroupArn, isBareLogGroupArn, mayCoverLogGroup, mayFollowGroupName, resourcePatterns, type ResourcePattern } from '../../src/graph/iam-resources.js';
import type { RValue } from '../../src/graph/model.js';

const span = { file: 'p.json', start: 0, end: 0 };
const whole = (text: string): ResourcePattern => ({ text, whole: true, shown: text, span });
const GROUP = '/vpc/flow-logs';

describe('mayCoverLogGroup', () => {
  it.each([
    ['*', true],
    ['arn:aws:logs:*:*:*', true],
    ['arn:aws:logs:eu-west-1:111122223333:*', true],
    ['arn:aws:logs:*:*:log-group:*', true],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs', true],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:*', true],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:log-stream:*', true],
    ['arn:aws:logs:*:*:log-group:/vpc/*', true],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-?ogs:*', true],
    ['arn:aws-cn:*:*:*:log-group:/vpc/flow-logs', true],
    // Service and resource type in another case: not known to be refused by IAM, so they may cover.
    ['arn:aws:Logs:*:*:Log-Group:/vpc/*', true],
    ['arn:aws:LOGS:*:*:LOG-GROUP', true],
    ['arn:aws:logs:*:*:log-group:/VPC/flow-logs', false],
    // IAM policy variables are filled in per request (their `:` separates nothing).
    ['arn:aws:logs:*:*:log-group:/vpc/${aws:PrincipalTag/team}:*', true],
    ['arn:aws:logs:*:*:log-group:${aws:username}', true],
    ['arn:aws:logs:*:*:log-group:/vpc/&{aws:PrincipalTag/team}:*', true],
    ['arn:aws:logs:*:*:log-group:/aws/lambda/${aws:username}', false],
    // Another log group, another kind of Logs resource, another service.
    ['arn:aws:logs:*:*:log-group:/aws/lambda/*', false],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs-prod:*', false],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs-*', false],
    ['arn:aws:logs:*:*:log-group:/vpc/flow', false],
    ['arn:aws:logs:*:*:destination:central', false],
    ['arn:aws:s3:::flow-log-archive/*', false],
    ['arn:aws:firehose:*:*:log-group:/vpc/flow-logs', false],
    ['not-an-arn', false],
  ])('%s → %s', (pattern, expected) => {
    expect(mayCoverLogGroup(whole(pattern), GROUP)).toBe(expected);
  });

  it.each([
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs', true],
    ['arn:aws:logs:eu-west-1:111122223333:log-group:/vpc/flow-logs', true],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:*', false],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:log-stream:*', false],
    ['arn:aws:logs:*:*:log-group:/vpc/*', false],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-log?', false],
    ['arn:aws:logs:*:*:log-group:/vpc/${aws:PrincipalTag/team}', false],
    ['arn:aws:logs:*:*:*', false],
    ['*', false],
  ])('%s names a log group and none of its streams: %s', (pattern, bare) => {
    expect(isBareLogGroupArn(whole(pattern))).toBe(bare);
    // For actions on the group's streams, a bare ARN covers nothing; for the others it is the group.
    if (bare) expect([mayCoverLogGroup(whole(pattern), GROUP, true), mayCoverLogGroup(whole(pattern), GROUP)]).toEqual([false, true]);
  });

  it('reads a pattern with pieces known only at deploy time by what is written after the last one', () => {
    const unknown: RValue = { t: 'unknown', why: 'pseudo parameter', symbol: 'AWS::Region', span };
    const template = (...parts: Array<string | RValue>): RValue => ({ t: 'template', parts: parts as never, span });
    const [lambda, own, arn, bucket] = resourcePatterns({
      t: 'array',
      span,
      items: [
        template('arn:aws:logs:', unknown, ':111122223333:log-group:/aws/lambda/*'),
        template('arn:aws:logs:', unknown, ':111122223333:log-group:/vpc/flow-logs:*'),
        template({ t: 'ref', target: 'main.tf#aws_cloudwatch_log_group.other', attribute: 'arn', span }, ':*'),
        template('arn:aws:s3:::', unknown),
      ],
    });
    expect(lambda).toMatchObject({ text: ':111122223333:log-group:/aws/lambda/*', whole: false, shown: 'arn:aws:logs:${AWS::Region}:111122223333:log-group:/aws/lambda/*' });
    expect(lambda!.ref).toBeUndefined();
    // A pattern that starts with a resource's attribute keeps it, for the rule to look that resource up.
    expect(arn!.ref).toEqual({ target: 'main.tf#aws_cloudwatch_log_group.other', attribute: 'arn', after: ':*' });
    expect(mayCoverLogGroup(lambda!, GROUP)).toBe(false);
    expect(mayCoverLogGroup(own!, GROUP)).toBe(true);
    // Only `:*` is written out: the ARN may be any log group's.
    expect(mayCoverLogGroup(arn!, GROUP)).toBe(true);
    expect(arn!.shown).toBe('${aws_cloudwatch_log_group.other.arn}:*');
    // Nothing after the unknown part: anything.
    expect(mayCoverLogGroup(bucket!, GROUP)).toBe(true);
  });

  it.each([
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:/aws/vpc/flowlogs/flow:*', false],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:stream:*', false],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:log-stream:eni-0a1b-all', true],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:LOG-STREAM:*', true],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:log-*', true],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:l?g-stream:*', true],
    ['arn:aws:logs:*:*:log-group:/vpc/flow-logs:${aws:username}', true],
    // A wildcard in the name may stretch over what follows it.
    ['arn:aws:logs:*:*:log-group:/vpc/*:/aws/vpc/flowlogs/flow:*', true],
  ])('%s: after the name, a segment that may be log-stream: %s', (pattern, covers) => {
    expect([mayCoverLogGroup(whole(pattern), GROUP), mayCoverLogGroup(whole(pattern), GROUP, true)]).toEqual([covers, covers]);
    expect(isAstrayLogGroupArn(whole(pattern))).toBe(!covers);
    // It names no resource of any log group, whose name is then not needed.
    if (!covers) expect(mayCoverLogGroup(whole(pattern), undefined, true)).toBe(false);
  });

  it('reads what follows a log group ARN of the run', () => {
    expect(mayFollowGroupName('')).toBe(true);
    expect(mayFollowGroupName(':*')).toBe(true);
    expect(mayFollowGroupName(':log-stream:*')).toBe(true);
    expect(mayFollowGroupName(':${aws:PrincipalTag/team}:*')).toBe(true);
    expect(mayFollowGroupName(':/aws/vpc/flowlogs/flow-vpc:*')).toBe(false);
    // A hostile run of wildcards costs its length, not a search.
    expect(mayFollowGroupName(`:${'*a'.repeat(5_000)}b`)).toBe(false);
  });
});
