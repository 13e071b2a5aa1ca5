import { describe, expect, it } from 'vitest';
import { parseData } from '../../src/parse/index.js';
import { documentOf, fixtureText, problemOf, sourceFile } from './helpers.js';

describe('parseData', () => {
  it('parses text that opens with { or [ as JSON', () => {
    const document = documentOf(parseData(sourceFile(fixtureText('vpc-flow-logs.json'), 'vpc.template')));
    expect(document.syntax).toBe('json');
  });

  it('parses anything else as YAML, whatever the extension', () => {
    const document = documentOf(parseData(sourceFile(fixtureText('vpc-flow-logs.yaml'), 'vpc.json')));
    expect(document.syntax).toBe('yaml');
  });

  it('reports broken JSON as a JSON error instead of retrying it as YAML', () => {
    // `{a: 1}` is a valid YAML flow mapping, but a file that opens like JSON is meant to be JSON.
    expect(problemOf(parseData(sourceFile('{a: 1}'))).message).toBe('unexpected "a": property names must be in double quotes');
  });

  it('uses the default limits when none are given', () => {
    expect(problemOf(parseData(sourceFile('['.repeat(300)))).limit).toBe('maxDepth');
    expect(problemOf(parseData(sourceFile(`- ${'['.repeat(300)}`))).limit).toBe('maxDepth');
  });

  it('calls an empty or blank file empty', () => {
    expect(problemOf(parseData(sourceFile(''))).message).toBe('empty file');
    expect(problemOf(parseData(sourceFile(' \n'))).message).toBe('empty file');
  });
});
