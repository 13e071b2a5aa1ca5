/**
 * The name indexes behind `linkOf` for partly known names: an ARN glob finds the resources it may
 * name by lookups (literal prefix, literal tail, ARN service family), with the same answer a scan of
 * every node would give, minus resources of another AWS service.
 */
import { describe, expect, it } from 'vitest';
import { addCloudFormation } from '../../src/graph/cloudformation/index.js';
import { linkOf } from '../../src/graph/lookup.js';
import type { ResourceKind, RValue } from '../../src/graph/model.js';
import { globFamily } from '../../src/graph/name-index.js';
import { graphOf, parseDocument } from './helpers.js';

const TEMPLATE = `
Parameters:
  Env: { Type: String }
Resources:
  AppLogs: { Type: AWS::Logs::LogGroup, Properties: { LogGroupName: !Sub '/app/\${Env}/logs' } }
  NamedLogs: { Type: AWS::Logs::LogGroup, Properties: { LogGroupName: /app/prod/logs } }
  OtherLogs: { Type: AWS::Logs::LogGroup, Properties: { LogGroupName: !Sub '/other/\${Env}' } }
  TeamBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: !Sub 'team-flow-logs-\${Env}' } }
  KnownBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: team-flow-logs-1 } }
  AuditBucket: { Type: AWS::S3::Bucket, Properties: { BucketName: audit } }
  Role: { Type: AWS::IAM::Role, Properties: { RoleName: flow-logs, AssumeRolePolicyDocument: {} } }
`;

const graph = graphOf(addCloudFormation, [parseDocument('names.yaml', TEMPLATE)]);
const span = { file: 'x', start: 0, end: 0 };
const unknownPart: Extract<RValue, { t: 'unknown' }> = { t: 'unknown', why: 'parameter Env has no default', span };

/** A template value: literal strings, `*` for an unknown part. */
function glob(text: string): RValue {
  const parts = text.split('*').flatMap((literal, i) => (i === 0 ? [literal] : [unknownPart, literal])).filter((p) => p !== '');
  return { t: 'template', parts, span };
}

function mayBe(value: RValue, kinds: ResourceKind[]): string[] {
  const link = linkOf(graph, value, kinds);
  if (link.state === 'node') return [`node ${link.node.id}`];
  return link.state === 'unknown' ? link.mayBe.map((n) => n.id) : [link.state];
}

describe('partly known names', () => {
  it.each<[string, ResourceKind[], string[]]>([
    // Prefix range of known names plus overlapping globs; log groups are `logs` ARNs, never `s3`.
    // Answers come in graph order (by logical id).
    ['arn:aws:s3:::team-flow-logs-*', ['log-group', 's3-bucket'], ['KnownBucket', 'TeamBucket']],
    ['arn:aws:s3:::*', ['s3-bucket'], ['AuditBucket', 'KnownBucket', 'TeamBucket']],
    ['arn:aws:logs:eu-west-1:*:log-group:/app/*', ['log-group', 's3-bucket'], ['AppLogs', 'NamedLogs']],
    // A glob that ends in a literal name: the tail lookup finds the known name; `/other/${Env}` may
    // be `/other/prod/logs`.
    ['*/prod/logs', ['log-group'], ['AppLogs', 'NamedLogs', 'OtherLogs']],
    ['arn:*:iam::*:role/flow-logs', ['iam-role'], ['node Role']],
    // Nothing of the kind can match.
    ['arn:aws:s3:::elsewhere-*', ['s3-bucket'], []],
    // No literal at all: everything of the kinds may be meant, in graph order.
    ['*', ['s3-bucket'], ['AuditBucket', 'KnownBucket', 'TeamBucket']],
  ])('%s (%s)', (text, kinds, expected) => {
    expect(mayBe(glob(text), kinds)).toEqual(expected);
  });

  it('answers the same question twice alike (the answer is remembered, not shared)', () => {
    const first = linkOf(graph, glob('arn:aws:s3:::team-flow-logs-*'), ['s3-bucket']);
    const second = linkOf(graph, glob('arn:aws:s3:::team-flow-logs-*'), ['s3-bucket']);
    expect(first).toEqual(second);
    if (first.state === 'unknown' && second.state === 'unknown') expect(first.mayBe).not.toBe(second.mayBe);
  });
});

describe('globFamily', () => {
  it.each([
    ['arn:aws:s3:::bucket-*', 'arn:s3'],
    ['arn:*:logs:*:*:log-group:/app/*:*', 'arn:logs'],
    ['arn:aws:*', 'arn:*'],
    ['arn:*', 'arn:*'],
    ['*', 'any'],
    ['ar*', 'any'],
    ['*-flow-logs', 'any'],
    ['/aws/lambda/*', 'plain'],
    ['flow-logs', 'plain'],
  ])('%s → %s', (text, family) => {
    expect(globFamily(text)).toBe(family);
  });
});
