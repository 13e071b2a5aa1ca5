import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/parse/decode.js';
import { DEFAULT_PARSE_LIMITS } from '../../src/parse/document.js';
import { parseJson } from '../../src/parse/json.js';
import { documentOf, fixtureBytes, fixtureText, lineColumn, located, problemOf, sourceFile } from './helpers.js';

const parse = (text: string, limits = DEFAULT_PARSE_LIMITS) => parseJson(sourceFile(text, 'template.json'), limits);

describe('parseJson: values', () => {
  it('parses a realistic template to exactly what JSON.parse gives', () => {
    const text = fixtureText('vpc-flow-logs.json');
    const document = documentOf(parse(text));
    expect(document.syntax).toBe('json');
    expect(document.file.path).toBe('template.json');
    expect(document.value).toEqual(JSON.parse(text));
  });

  it('keeps `__proto__` as an own key, not a prototype', () => {
    const value = documentOf(parse('{"__proto__": {"polluted": true}, "a": {"__proto__": 1}}')).value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('accepts a top-level scalar or array (the classifier decides what it is)', () => {
    expect(documentOf(parse('[1, "two", null]')).value).toEqual([1, 'two', null]);
  });
});

describe('parseJson: lazy positions', () => {
  const text = fixtureText('vpc-flow-logs.json');
  const document = documentOf(parse(text));
  const flowLog = ['Resources', 'FlowLog', 'Properties'];

  it('locates a property key and its value', () => {
    expect(located(document, [...flowLog, 'TrafficType'], 'key')).toEqual({ at: '188:9', text: '"TrafficType"' });
    expect(located(document, [...flowLog, 'TrafficType'])).toEqual({ at: '188:24', text: '"ALL"' });
  });

  it('locates an object value as the whole object', () => {
    expect(located(document, [...flowLog, 'ResourceId'])).toEqual({ at: '184:23', text: '{\n          "Ref": "Vpc"\n        }' });
  });

  it('locates list items, nested properties and long-form function arguments', () => {
    const statement = ['Resources', 'FlowLogRole', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0];
    expect(located(document, [...statement, 'Action', 1])).toEqual({ at: '164:21', text: '"logs:PutLogEvents"' });
    expect(located(document, [...flowLog, 'DeliverLogsPermissionArn', 'Fn::GetAtt', 1])).toEqual({ at: '196:13', text: '"Arn"' });
  });

  it('falls back to the key of the nearest existing ancestor for a missing path', () => {
    expect(located(document, [...flowLog, 'LogFormat'])).toEqual({ at: '183:7', text: '"Properties"' });
    expect(located(document, [...flowLog, 'LogFormat'], 'key')).toEqual({ at: '183:7', text: '"Properties"' });
    expect(located(document, [...flowLog, 'TrafficType', 'Deeper'])).toEqual({ at: '188:9', text: '"TrafficType"' });
    expect(located(document, [...flowLog, 'DeliverLogsPermissionArn', 'Fn::GetAtt', 7])).toEqual({
      at: '194:11',
      text: '"Fn::GetAtt"',
    });
    expect(located(document, [...flowLog, 'ResourceId', 0])).toEqual({ at: '184:9', text: '"ResourceId"' });
  });

  it('falls back to the whole document for a missing top-level key, and locates the root', () => {
    expect(located(document, ['Transform']).at).toBe('1:1');
    expect(located(document, []).text).toBe(text.trimEnd());
  });

  it('gives the value range for `key` on an array item (items have no key)', () => {
    const path = ['Parameters', 'Environment', 'AllowedValues', 1];
    expect(located(document, path, 'key')).toEqual(located(document, path));
    expect(located(document, path).text).toBe('"prod"');
  });

  it('counts offsets from after a byte order mark', () => {
    const decoded = decodeText(fixtureBytes('bom.json'));
    if (!decoded.ok) expect.fail(decoded.problem.message);
    const bom = documentOf(parse(decoded.text));
    expect(located(bom, ['Resources', 'Vpc', 'Type'])).toEqual({ at: '3:22', text: '"AWS::EC2::VPC"' });
  });

  it('gets positions right with CRLF line endings', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const doc = documentOf(parse(crlf));
    expect(located(doc, [...flowLog, 'TrafficType'])).toEqual({ at: '188:24', text: '"ALL"' });
  });
});

describe('parseJson: bad input', () => {
  it.each([
    ['a missing comma', fixtureText('missing-comma.json'), "expected a comma or '}' after a property value", '5:7'],
    ['a trailing comma', fixtureText('trailing-comma.json'), "trailing comma before '}'", '5:51'],
    ['a trailing comma in an array', '[1, 2,\n]', "trailing comma before ']'", '1:6'],
    ['a missing comma between array elements', '[1\n 2]', "expected a comma or ']' after an array element", '2:2'],
    ['a line comment', '{\n  // note\n  "a": 1\n}', 'comments are not allowed in JSON', '2:3'],
    ['a block comment', '{"a": /* x */ 1}', 'comments are not allowed in JSON', '1:7'],
    ['a truncated file', '{\n  "a": [1,\n', 'unexpected end of file (expected a value)', '3:1'],
    ['an unclosed object', '{\n  "a": 1', "unexpected end of file: expected '}' to close the object opened at line 1", '2:9'],
    ['an unclosed array', '{"a": [1, 2', "unexpected end of file: expected ']' to close the array opened at line 1", '1:12'],
    ['a missing colon', '{"a" 1}', "expected ':' after a property name", '1:6'],
    ['an unquoted key', '{a: 1}', 'unexpected "a": property names must be in double quotes', '1:2'],
    ['single quotes', "{'a': 1}", 'strings must use double quotes, not single quotes', '1:2'],
    ['a bare word', '{"a": tru}', 'unexpected "tru" (expected a value)', '1:7'],
    ['NaN', '[NaN]', 'NaN is not a JSON value', '1:2'],
    ['Python booleans', '{"a": True}', '"True" is not a JSON value (JSON uses true, false and null)', '1:7'],
    ['a leading zero', '{"port": 080}', 'numbers must not have leading zeros', '1:10'],
    ['a bad number', '[1.]', 'invalid number "1."', '1:2'],
    ['a raw line break in a string', '{"a": "x\ny"}', 'unterminated string: a line break inside a string must be written \\n', '1:9'],
    ['an unterminated string', '{"a": "abc', 'unterminated string (reached end of file)', '1:7'],
    ['a control character', '{"a": "x\u0001"}', 'control character U+0001 in a string must be escaped', '1:9'],
    ['a bad escape', '{"a": "\\q"}', 'invalid escape sequence \\q in a string', '1:8'],
    ['a bad unicode escape', '{"a": "\\u12"}', 'invalid \\u escape in string (expected four hex digits)', '1:7'],
    ['two values', '{}\n{}', 'unexpected content after the end of the JSON value', '2:1'],
    ['an extra bracket', '{"a": 1}}', 'unexpected content after the end of the JSON value', '1:9'],
    ['a doubled comma', '[1,,2]', 'expected a value, found ","', '1:4'],
  ])('%s', (_, text, message, at) => {
    const problem = problemOf(parse(text));
    expect(problem.message).toBe(message);
    expect(lineColumn(text, problem.start)).toBe(at);
    expect(problem.end).toBeLessThanOrEqual(text.length);
    expect(problem.limit).toBeUndefined();
  });

  it.each(['', '   \n\t  ', '\r\n'])('calls %j an empty file', (text) => {
    expect(problemOf(parse(text)).message).toBe('empty file');
  });

  it('reports a duplicate key at its second occurrence, naming the first', () => {
    const text = fixtureText('duplicate-key.json');
    const problem = problemOf(parse(text));
    expect(problem.message).toBe('duplicate key "TrafficType" (first at line 7)');
    expect(lineColumn(text, problem.start)).toBe('9:9');
    expect(text.slice(problem.start, problem.end)).toBe('"TrafficType"');
  });

  it('reports the first duplicate in document order, also in nested objects and with escapes', () => {
    const problem = problemOf(parse('{"a": {"b": 1, "c": {"d": 1, "\\u0064": 2}}, "a": 3}'));
    expect(problem.message).toBe('duplicate key "d" (first at line 1)');
    expect(problem.start).toBe(29);
  });

  it.each([
    ['colons inside strings', '["a", ":", "b", "c:"]'],
    ['escaped quotes before colons', '{"a\\":": "\\":", "b": ["\\\\", ":"]}'],
    ['the same key in sibling objects', '[{"a": 1}, {"a": 2}]'],
    ['keys that differ only in escapes of other characters', '{"a\\n": 1, "a": 2}'],
  ])('does not mistake %s for duplicate keys', (_, text) => {
    expect(documentOf(parse(text)).value).toEqual(JSON.parse(text));
  });
});

describe('parseJson: nesting limit', () => {
  it('accepts nesting up to the limit', () => {
    const text = `${'['.repeat(256)}${']'.repeat(256)}`;
    expect(parse(text).ok).toBe(true);
  });

  it('refuses valid JSON nested 200,000 deep without overflowing the stack', () => {
    const text = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const problem = problemOf(parse(text));
    expect(problem).toEqual({ message: 'nesting deeper than 256 levels (raise it with --max-depth)', start: 256, end: 257, limit: 'maxDepth' });
  });

  it('refuses unterminated deep nesting the same way (the error describer is never reached)', () => {
    const problem = problemOf(parse('['.repeat(200_000)));
    expect(problem.limit).toBe('maxDepth');
    expect(problem.start).toBe(256);
  });

  it('skips brackets inside strings and honours a configured limit', () => {
    const text = '{"a": "[[[[{{{{", "b": {"c": [{"d": 1}]}}';
    expect(parse(text, { ...DEFAULT_PARSE_LIMITS, maxDepth: 4 }).ok).toBe(true);
    const problem = problemOf(parse(text, { ...DEFAULT_PARSE_LIMITS, maxDepth: 3 }));
    expect(problem.message).toBe('nesting deeper than 3 levels (raise it with --max-depth)');
    expect(text[problem.start]).toBe('{');
    expect(problem.start).toBe(text.indexOf('{"d"'));
  });

  it('never overflows the stack, even with a limit configured absurdly high', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxDepth: 10_000_000 };
    const problem = problemOf(parse('['.repeat(200_000), limits));
    expect(problem).toMatchObject({ message: "nesting too deep for the parser's stack, though within --max-depth 10000000; a lower --max-depth reports where it is too deep", limit: 'maxDepth' });
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const document = documentOf(parse(deep, limits));
    // Positions come from an iterative scan: exact at any depth.
    expect(document.locate([0, 0, 0])).toEqual({ start: 3, end: deep.length - 3 });
  });
});
