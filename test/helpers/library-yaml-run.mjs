// Run by test/parse/js-yaml-library.test.ts, in the repository, as a user's process would use the
// package: `flowguard` and `flowguard/eslint` resolve through package.json "exports" to dist/src. It
// lints 24 YAML templates through lint() and 24 more through the ESLint plugin, and prints how many
// times js-yaml's parser looked for a `maxDepth` option with Object.hasOwn: what the fixed parser
// state does on every parseEvents call (scripts/js-yaml-state.mjs), and the installed js-yaml's
// spread never does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

let lookups = 0;
const hasOwn = Object.hasOwn;
Object.hasOwn = (object, key) => {
  if (key === 'maxDepth') lookups++;
  return hasOwn(object, key);
};

const { lint } = await import('flowguard');
const { default: flowguard } = await import('flowguard/eslint');
const { ESLint } = await import('eslint');

/** A network stack: a VPC of its own, a log group kept `days` days (a finding below 365). */
const template = (i) =>
  [
    "AWSTemplateFormatVersion: '2010-09-09'",
    `Description: network stack ${i}`,
    'Resources:',
    `  Vpc${i}:`,
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    `      CidrBlock: 10.${i}.0.0/16`,
    `  Logs${i}:`,
    '    Type: AWS::Logs::LogGroup',
    '    Properties:',
    `      RetentionInDays: ${i % 2 ? 30 : 400}`,
    '',
  ].join('\n');
const COUNT = 24;

const result = await lint({ documents: Array.from({ length: COUNT }, (_, i) => ({ path: `stack-${i}.yaml`, text: template(i) })) });
const byLint = lookups;

const dir = mkdtempSync(join(tmpdir(), 'flowguard-js-yaml-'));
let messages = 0;
try {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [...flowguard.configs.recommended] });
  for (let i = 0; i < COUNT; i++) {
    const [linted] = await eslint.lintText(template(COUNT + i), { filePath: join(dir, `stack-${i}.yaml`) });
    messages += linted.messages.length;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write(`${JSON.stringify({ templates: COUNT, findings: result.findings.length, messages, byLint, byEslint: lookups - byLint })}\n`);
