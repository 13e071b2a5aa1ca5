/**
 * A known `count` or `for_each` that Terraform refuses ("Invalid count argument", "Invalid for_each
 * argument") is a parse-error where it is written, and the block has no instance: it is not linted as
 * if it existed. Values Terraform converts (`count = "2"`, `toset(["a", 1])`) stay valid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import { removeDir, tempDir, writeTree } from '../cli/helpers.js';

const vpc = (meta: string) => `resource "aws_vpc" "main" {\n  ${meta}\n  cidr_block = "10.0.0.0/16"\n}\n`;

const REFUSED: [string, string][] = [
  ['for_each = "abc"', 'Invalid for_each argument: the "for_each" argument must be a map, or set of strings, and you have provided a value of type string ("abc")'],
  ['for_each = 3', 'value of type number (3)'],
  ['for_each = true', 'value of type bool (true)'],
  ['for_each = null', 'Invalid for_each argument: the given "for_each" argument value is null'],
  ['for_each = ["a", "b"]', 'value of type tuple; convert it with toset()'],
  ['for_each = tolist(["a"])', 'value of type list'],
  ['count = "x"', 'Invalid count argument: the given "count" argument value is unsuitable: a number is required, not the string "x"'],
  ['count = true', 'a number is required, not the bool true'],
  ['count = -1', 'must be greater than or equal to zero, not -1'],
  ['count = 1.5', 'value must be a whole number, not 1.5'],
  ['count = "1.5"', 'value must be a whole number, not "1.5"'],
  ['count = null', 'Invalid count argument: the given "count" argument value is null'],
  ['count = ["a"]', 'a number is required, not a list'],
];

const ACCEPTED: [string, string[]][] = [
  ['count = "2"', ['aws_vpc.main[0]', 'aws_vpc.main[1]']],
  ['count = 0', []],
  ['for_each = toset(["a", 1])', ['aws_vpc.main["1"]', 'aws_vpc.main["a"]']],
  ['for_each = { a = 1 }', ['aws_vpc.main["a"]']],
];

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-invalid-count-');
  const tree: Record<string, string> = {};
  [...REFUSED, ...ACCEPTED].forEach(([meta], i) => (tree[`case${i}/main.tf`] = vpc(meta)));
  tree['calls/main.tf'] = 'module "net" {\n  source = "./net"\n  count  = 2\n}\nmodule "edge" {\n  source = "./net"\n}\n';
  tree['calls/net/main.tf'] = vpc('for_each = "abc"');
  tree['module/main.tf'] = 'module "net" {\n  source   = "./net"\n  for_each = ["a"]\n}\n';
  tree['module/net/main.tf'] = vpc('');
  // A variable typed set(string) converts the tuple its default writes: a set, which for_each takes.
  tree['typed-set/main.tf'] = 'variable "names" {\n  type    = set(string)\n  default = ["b", "a"]\n}\n' + vpc('for_each = var.names');
  writeTree(dir, tree);
});
afterAll(() => removeDir(dir));

function lines(result: LintResult): string[] {
  return result.findings.map((f) => `${f.ruleId}@${f.file}:${f.region.startLine}:${f.region.startColumn}:${f.resourceId ?? ''}`);
}

describe('a count or for_each Terraform refuses', () => {
  REFUSED.forEach(([meta, message], i) => {
    it(`${meta}: a parse-error at the value, and no resource`, async () => {
      const result = await lint([`case${i}`], { cwd: dir });
      expect(lines(result)).toEqual([`parse-error@case${i}/main.tf:2:${meta.indexOf('=') + 5}:`]);
      expect(result.findings[0]!.message).toContain(message);
      expect(result.findings[0]!.message).toMatch(/\(Terraform refuses the plan\)$/);
    });
  });

  it('is reported once for a module instantiated many times', async () => {
    const result = await lint(['calls'], { cwd: dir });
    expect(lines(result)).toEqual(['parse-error@calls/net/main.tf:2:14:']);
  });

  it('on a module call leaves everything in the module uncreated', async () => {
    const result = await lint(['module'], { cwd: dir });
    expect(lines(result)).toEqual(['parse-error@module/main.tf:3:14:']);
  });
});

describe('a count or for_each Terraform converts', () => {
  it('for_each = a set(string) variable whose default is written as a list: linted as its instances', async () => {
    const result = await lint(['typed-set'], { cwd: dir });
    expect(result.findings.map((f) => `${f.ruleId}:${f.resourceId}`)).toEqual(['vpc-flow-logs:aws_vpc.main["a"]', 'vpc-flow-logs:aws_vpc.main["b"]']);
  });

  ACCEPTED.forEach(([meta, vpcs], i) => {
    const at = REFUSED.length + i;
    it(`${meta}: linted as its instances`, async () => {
      const result = await lint([`case${at}`], { cwd: dir });
      expect(result.findings.map((f) => `${f.ruleId}:${f.resourceId}`)).toEqual(vpcs.map((id) => `vpc-flow-logs:${id}`));
    });
  });
});
