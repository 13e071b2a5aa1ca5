/**
 * SPEC §1: a file found by walking that fails to parse is reported when it is evidently one of our
 * formats (any `.tf` file, a template or plan by its text), and skipped silently otherwise. Bytes that
 * are not UTF-8 are a failure to parse like any other.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const latin1 = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe('walked files that are not valid UTF-8', () => {
  it('reports a .tf file and a template, and skips what is evidently not ours', async () => {
    const dir = tempDir('flowguard-walk-encodings-');
    dirs.push(dir);
    writeTree(dir, {
      // A Latin-1 é in a comment: `terraform` itself refuses the file.
      'net/main.tf': latin1('# Caf', [0xe9], ' network\nresource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'),
      'stacks/logs.yaml': latin1("AWSTemplateFormatVersion: '2010-09-09'\nDescription: caf", [0xe9], '\nResources: {}\n'),
      // Not ours at all: a Latin-1 YAML file of another tool, and a binary file with a .json name.
      'charts/values.yaml': latin1('title: caf', [0xe9], '\n'),
      'assets/blob.json': latin1([0xff, 0xfe, 0x00, 0x01]),
      'ok.tf': 'resource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = 7\n}\n',
    });
    const result = await lint(['.'], { cwd: dir });
    const errors = result.findings.filter((f) => f.ruleId === 'parse-error').map((f) => [f.file, f.region.startLine, f.message.replace(/ \(.*$/, '')]);
    expect(errors).toEqual([
      ['net/main.tf', 1, 'invalid UTF-8'],
      ['stacks/logs.yaml', 2, 'invalid UTF-8'],
    ]);
    expect(result.notifications.map((n) => n.file).sort()).toEqual(['net/main.tf', 'stacks/logs.yaml']);
    expect(result.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => f.file)).toEqual(['ok.tf']);
  });
});
