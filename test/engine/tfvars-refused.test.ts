/**
 * A variable file Terraform refuses though it parses — a block in it ("Unexpected block"), a value the
 * variable's type does not take ("Invalid value for input variable") — is a parse-error where the
 * problem is, as a variable file that does not parse is; the refused value decides nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const MODULE = `variable "days" {
  type    = number
  default = 365
}

variable "flags" {
  type    = list(string)
  default = []
}

variable "on" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_cloudwatch_log_group" "g" {
  retention_in_days = var.days
}
`;

const CASES: [string, string, string | undefined][] = [
  ['terraform.tfvars', 'days = 7\nresource "aws_s3_bucket" "x" {}\n', 'Unexpected block: blocks are not allowed here'],
  ['terraform.tfvars', 'days = "seven"\n', 'Invalid value for input variable: the value is not suitable for var.days declared at CASE/main.tf:1: a number is required, not the string "seven"'],
  ['x.auto.tfvars', 'on = "yes"\n', 'a bool is required, not the string "yes"'],
  // go-cty converts "1" and "0" to bool, and only those besides "true" and "false".
  ['x.auto.tfvars', 'on = "1"\n', undefined],
  ['x.auto.tfvars', 'on = "0"\n', undefined],
  ['x.auto.tfvars', 'on = "True"\n', 'a bool is required, not the string "True"'],
  ['terraform.tfvars', 'flags = "a"\n', 'list required, not the string "a"'],
  ['terraform.tfvars', 'tags = ["a"]\n', 'map required, not the tuple value'],
  ['terraform.tfvars.json', '{"days": [7]}', 'a number is required, not the tuple value'],
  // Converted as Terraform converts them: no problem.
  ['terraform.tfvars', 'days = "400"\non = "false"\nflags = ["a", 1]\ntags = { a = 1 }\n', undefined],
];

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-tfvars-refused-');
  const tree: Record<string, string> = {};
  CASES.forEach(([name, text], i) => {
    tree[`case${i}/main.tf`] = MODULE;
    tree[`case${i}/${name}`] = text;
  });
  writeTree(dir, tree);
});
afterAll(() => removeDir(dir));

describe('a variable file Terraform refuses', () => {
  CASES.forEach(([name, text, message], i) => {
    it(`${name}: ${text.trim().split('\n').pop()}`, async () => {
      const result = await lint([`case${i}`], { cwd: dir });
      const problems = result.findings.filter((f) => f.ruleId === 'parse-error');
      if (message === undefined) {
        expect(problems).toEqual([]);
        return;
      }
      expect(problems.map((f) => f.file)).toEqual([`case${i}/${name}`]);
      expect(problems[0]!.message).toContain(message.replace('CASE', `case${i}`));
      expect(problems[0]!.message).toMatch(/\(Terraform refuses (this|the) variable file\)$/);
      // The refused value decides nothing: no retention finding from "seven" or 7.
      expect(result.findings.filter((f) => f.ruleId === 'log-group-retention')).toEqual([]);
    });
  });
});
