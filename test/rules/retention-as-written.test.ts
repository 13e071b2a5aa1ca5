/**
 * A retention CloudWatch refuses is quoted as written, not as the JavaScript number it became:
 * `1e400` (not "Infinity", which also made it "not a number of days"), `99999999999999999999` (not
 * 100000000000000000000), YAML's `0x10` (not 16), `-0`; also when a parameter default or variable
 * default writes it. What CloudFormation and Terraform convert passes as before ("365", 1.0 is 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const yaml = (v: string) => `Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: ${v}\n`;
const json = (v: string) => `{"Resources": {"G": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": ${v}}}}}\n`;
const hcl = (v: string) => `resource "aws_cloudwatch_log_group" "g" {\n  retention_in_days = ${v}\n}\n`;

const CASES: [string, string, string | undefined][] = [
  ['t.yaml', yaml('1e400'), 'has retention 1e400, which CloudWatch Logs does not accept'],
  ['t.json', json('1e400'), 'has retention 1e400, which CloudWatch Logs does not accept'],
  ['main.tf', hcl('1e400'), 'has retention 1e400, which CloudWatch Logs does not accept'],
  ['t.yaml', yaml('99999999999999999999'), 'has retention 99999999999999999999,'],
  ['main.tf', hcl('99999999999999999999'), 'has retention 99999999999999999999,'],
  ['t.yaml', yaml('0x10'), 'has retention 0x10,'],
  ['t.json', json('-0'), 'has retention -0,'],
  ['t.yaml', `Parameters:\n  Days:\n    Type: Number\n    Default: 1e400\n${yaml('!Ref Days')}`, 'has retention 1e400 (from a value set elsewhere in this file)'],
  ['main.tf', `variable "days" {\n  default = 1e400\n}\n${hcl('var.days')}`, 'has retention 1e400 (from a value set elsewhere in this file)'],
  ['t.yaml', yaml('"365"'), undefined],
  ['t.json', json('1.0e3'), 'has retention 1.0e3,'],
  ['main.tf', hcl('"365"'), undefined],
  ['main.tf', hcl('365.0'), undefined],
];

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-retention-written-');
  writeTree(dir, Object.fromEntries(CASES.map(([name, text], i) => [`case${i}/${name}`, text])));
});
afterAll(() => removeDir(dir));

describe('a retention CloudWatch refuses, quoted as written', () => {
  CASES.forEach(([name, text, message], i) => {
    it(`${name}: ${text.trim().split('\n').find((l) => /Retention|retention|Default|default/.test(l))!.trim()}`, async () => {
      const result = await lint([`case${i}`], { cwd: dir });
      const messages = result.findings.filter((f) => f.ruleId === 'log-group-retention').map((f) => f.message);
      if (message === undefined) expect(messages).toEqual([]);
      else expect(messages).toEqual([expect.stringContaining(message)]);
    });
  });
});
