/**
 * Graph values carry lazily located spans whose paths share their parents' (`pathStep`): the path a
 * span locates must be exactly the one an array would have given, for keys and values, in JSON and YAML.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lazySpan, pathSegments, pathStep, type PathSegment, type SpanPath } from '../../src/parse/document.js';
import { parseJson } from '../../src/parse/json.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { documentOf, sourceFile } from './helpers.js';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 30
      Tags:
        - Key: team
          Value: !Sub '\${AWS::StackName}-logs'
`;

describe('pathStep / pathSegments', () => {
  it('gives the segments root first, from an array base or from the empty path', () => {
    const base: SpanPath = ['Resources', 'Logs'];
    expect(pathSegments(pathStep(pathStep(pathStep(base, 'Properties'), 'Tags'), 0))).toEqual(['Resources', 'Logs', 'Properties', 'Tags', 0]);
    expect(pathSegments(pathStep([], 'Resources'))).toEqual(['Resources']);
    expect(pathSegments(base)).toBe(base);
  });

  it('leaves the parent as it was: siblings share it', () => {
    const parent = pathStep(['Resources'], 'Logs');
    const a = pathStep(parent, 'Type');
    const b = pathStep(parent, 'Properties');
    expect(pathSegments(a)).toEqual(['Resources', 'Logs', 'Type']);
    expect(pathSegments(b)).toEqual(['Resources', 'Logs', 'Properties']);
    expect(pathSegments(parent)).toEqual(['Resources', 'Logs']);
  });

  it('equals the array of the same segments, however the path is split into an array base and steps', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.nat(9)), { maxLength: 8 }), fc.nat(8), (segments: PathSegment[], cut) => {
        const split = Math.min(cut, segments.length);
        let path: SpanPath = segments.slice(0, split);
        for (const segment of segments.slice(split)) path = pathStep(path, segment);
        expect(pathSegments(path)).toEqual(segments);
      }),
    );
  });

  it('locates a LazySpan built from steps where the array path points, in YAML and JSON', () => {
    const yaml = documentOf(parseYaml(sourceFile(TEMPLATE, 'stack.yaml')));
    const tag: SpanPath = pathStep(pathStep(pathStep(pathStep(['Resources', 'Logs'], 'Properties'), 'Tags'), 0), 'Value');
    const span = lazySpan(yaml, tag);
    expect(TEMPLATE.slice(span.start, span.end)).toBe("!Sub '${AWS::StackName}-logs'");
    const key = lazySpan(yaml, pathStep(pathStep(['Resources', 'Logs'], 'Properties'), 'RetentionInDays'), 'key');
    expect(TEMPLATE.slice(key.start, key.end)).toBe('RetentionInDays');

    const text = JSON.stringify({ Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } } } }, null, 2);
    const json = documentOf(parseJson(sourceFile(text, 'stack.json')));
    const retention = lazySpan(json, pathStep(pathStep(pathStep(['Resources'], 'Logs'), 'Properties'), 'RetentionInDays'));
    expect(text.slice(retention.start, retention.end)).toBe('30');
  });
});
