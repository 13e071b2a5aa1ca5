import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleHelp, markdownToText, RULE_PAGES_DIR } from '../../src/report/help.js';

describe('markdownToText', () => {
  it('drops heading marks, keeps code fences as indented text and spells links out', () => {
    const markdown = [
      '# vpc-flow-logs',
      '',
      '## What it does',
      '',
      'Checks that every VPC has a **flow log** that captures `REJECT` traffic',
      '(see [Security Hub EC2.6](https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6)).',
      '',
      '```yaml',
      'FlowLog:',
      '  Type: AWS::EC2::FlowLog',
      '',
      '  Properties: { TrafficType: ALL }',
      '```',
      '',
      '* first _point_',
      '+ second point with `snake_case_name` and `*.tf`',
      '> quoted',
      '<!-- maintainer note -->',
      'Autolink <https://example.com/a> and [https://x.io](https://x.io) and ![diagram](img/d.png).',
    ].join('\n');
    expect(markdownToText(markdown)).toBe(
      [
        'vpc-flow-logs',
        '',
        'What it does',
        '',
        'Checks that every VPC has a flow log that captures REJECT traffic',
        '(see Security Hub EC2.6 (https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6)).',
        '',
        '    FlowLog:',
        '      Type: AWS::EC2::FlowLog',
        '',
        '      Properties: { TrafficType: ALL }',
        '',
        '- first point',
        '- second point with snake_case_name and *.tf',
        'quoted',
        '',
        'Autolink https://example.com/a and https://x.io and diagram (img/d.png).',
        '',
      ].join('\n'),
    );
  });

  it('leaves snake_case and globs outside code alone, drops table rules and multi-line comments', () => {
    const markdown = 'Set retention_in_days to 365 for logs/*.\n\n| Value | Meaning |\n|---|:--:|\n| 0 | never |\n\n<!--\nhidden\n-->\nend';
    expect(markdownToText(markdown)).toBe('Set retention_in_days to 365 for logs/*.\n\n| Value | Meaning |\n| 0 | never |\n\nend\n');
  });

  it('handles CRLF and ~~~ fences, and does not end a ``` fence on ~~~', () => {
    expect(markdownToText('Text\r\n~~~\r\n# not a heading\r\n```\r\n~~~\r\n')).toBe('Text\n    # not a heading\n    ```\n');
  });
});

describe('loadRuleHelp', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowguard-help-'));
  const pages = pathToFileURL(`${dir}/`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'fixture-rule.md'), '\n# Fixture rule\r\n\r\nSee [docs](https://example.com).\r\n\n');
  writeFileSync(join(dir, 'empty-rule.md'), '  \n');

  it('reads a page and returns its markdown (trimmed, LF) and text', () => {
    expect(loadRuleHelp('fixture-rule', pages)).toEqual({
      markdown: '# Fixture rule\n\nSee [docs](https://example.com).\n',
      text: 'Fixture rule\n\nSee docs (https://example.com).\n',
    });
  });

  it('returns undefined for a missing or empty page', () => {
    expect(loadRuleHelp('no-such-rule', pages)).toBeUndefined();
    expect(loadRuleHelp('empty-rule', pages)).toBeUndefined();
  });

  it('refuses ids that would leave the pages folder', () => {
    writeFileSync(join(dir, '..', 'flowguard-outside.md'), '# outside');
    try {
      expect(loadRuleHelp('../flowguard-outside', pages)).toBeUndefined();
      expect(loadRuleHelp('a/b', pages)).toBeUndefined();
      expect(loadRuleHelp('', pages)).toBeUndefined();
    } finally {
      rmSync(join(dir, '..', 'flowguard-outside.md'), { force: true });
    }
  });

  it('looks in the repository rules/ folder by default', () => {
    expect(RULE_PAGES_DIR.href).toBe(pathToFileURL(`${resolve('rules')}/`).href);
  });
});
