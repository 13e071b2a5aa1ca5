import { describe, expect, it } from 'vitest';
import { isBareLogGroupArn, mayCoverLogGroup, resourcePatterns, type ResourcePattern } from '../../src/graph/iam-resources.js';
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
});
