/**
 * The ESLint plugin through ESLint's Node API, configured as a user would: the recommended config,
 * rule settings after it, files on disk and unsaved editor text (`lintText` with a `filePath`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import flowguard, { FILES } from '../../src/eslint/index.js';
import { RULES } from '../../rules/index.js';
import { eslintWith, FIXTURES, messagesOf, rangeText, type Message } from './helpers.js';

const TEMPLATE = join(FIXTURES, 'findings/template.yaml');
const NETWORK = join(FIXTURES, 'cross-stack/network.yaml');

const VPC_MESSAGE = 'VPC `AppVpc` has no flow log capturing REJECT or ALL traffic; add an AWS::EC2::FlowLog with TrafficType ALL that targets it';
const RETENTION_MESSAGE = 'Log group `AppLogs` keeps events for 30 days; set RetentionInDays to at least 365';

async function lintFile(path: string, ...extra: Linter.Config[]): Promise<Message[]> {
  const [result] = await eslintWith(FIXTURES, ...extra).lintFiles([path]);
  return messagesOf(result!);
}

async function lintBuffer(text: string, filePath: string, ...extra: Linter.Config[]): Promise<Message[]> {
  const [result] = await eslintWith(FIXTURES, ...extra).lintText(text, { filePath });
  return messagesOf(result!);
}

describe('plugin object', () => {
  it('exposes the language, one rule per engine rule but parse-error, the notes and notifications rules, and a recommended flat config', () => {
    expect(flowguard.meta.name).toBe('flowguard');
    expect(flowguard.meta.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(flowguard.languages)).toEqual(['iac']);
    const ids = RULES.map((r) => r.meta.id).filter((id) => id !== 'parse-error');
    expect(Object.keys(flowguard.rules)).toEqual([...ids, 'notes', 'notifications']);
    const [base, recommended, ...rest] = flowguard.configs.recommended;
    expect(rest).toEqual([]);
    // Known for every file, so a `rules` object without `files` does not stop ESLint on a .js file.
    expect(base).toEqual({ name: 'flowguard/plugin', plugins: { flowguard } });
    expect(recommended).toMatchObject({ name: 'flowguard/recommended', language: 'flowguard/iac', files: FILES, plugins: { flowguard } });
    expect(FILES).toContain('**/*.tf');
    expect(recommended!.rules).toEqual({
      'flowguard/vpc-flow-logs': 'error',
      'flowguard/log-group-retention': 'error',
      'flowguard/role-trust-principal': 'error',
      'flowguard/flow-log-delivery': 'warn',
      'flowguard/suppression': 'warn',
      'flowguard/notes': 'warn',
      'flowguard/notifications': 'warn',
    });
  });

  it('gives every rule ESLint metadata: description, help URL and option schema', () => {
    const retention = flowguard.rules['log-group-retention']!.meta!;
    expect(retention.type).toBe('problem');
    expect(retention.docs?.url).toMatch(/\/rules\/log-group-retention\.md$/);
    // Left to .flowguard.yaml and the engine's defaults (an ESLint default would hide the file's).
    expect(retention.defaultOptions).toBeUndefined();
    expect(retention.schema).toEqual([
      {
        type: 'object',
        properties: { minimumDays: expect.objectContaining({ type: 'integer', minimum: 1 }), requireExplicit: expect.objectContaining({ type: 'boolean' }) },
        additionalProperties: false,
      },
    ]);
    expect(flowguard.rules['vpc-flow-logs']!.meta!.schema).toEqual([]);
  });
});

describe('findings', () => {
  it('reports each finding at its exact range, with our rule ids as ESLint rule names', async () => {
    const messages = await lintFile(TEMPLATE);
    expect(messages).toEqual([
      { ruleId: 'flowguard/vpc-flow-logs', severity: 2, line: 5, column: 3, endLine: 5, endColumn: 9, message: VPC_MESSAGE },
      { ruleId: 'flowguard/log-group-retention', severity: 2, line: 14, column: 24, endLine: 14, endColumn: 26, message: RETENTION_MESSAGE },
    ]);
    const text = readFileSync(TEMPLATE, 'utf8');
    expect(messages.map((m) => rangeText(text, m))).toEqual(['AppVpc', '30']);
  });

  it('leaves out findings suppressed in the source (SandboxVpc has a flowguard ignore with a reason)', async () => {
    const messages = await lintFile(TEMPLATE);
    expect(messages.map((m) => m.message).join('\n')).not.toContain('SandboxVpc');
  });

  it('reports suppression hygiene under flowguard/suppression, as a warning', async () => {
    const text = readFileSync(TEMPLATE, 'utf8').replace('            reason: short-lived sandbox, torn down nightly\n', '');
    const messages = await lintBuffer(text, TEMPLATE);
    const hygiene = messages.filter((m) => m.ruleId === 'flowguard/suppression');
    expect(hygiene).toEqual([expect.objectContaining({ severity: 1, line: 21, column: 13, message: expect.stringContaining('gives no reason') })]);
  });

  it('reports the notes of an error rule under flowguard/notes, as warnings, and turns them off with their rule', async () => {
    // A Lambda role trusts its service without aws:SourceAccount: role-trust-principal's confused-deputy note.
    const text = [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties: { Role: !GetAtt FnRole.Arn, Handler: index.handler, Runtime: nodejs20.x, Code: { ZipFile: x } }',
      '  FnRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      "        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: 'sts:AssumeRole' }]",
      '',
    ].join('\n');
    const path = join(FIXTURES, 'findings/lambda.yaml');
    const messages = await lintBuffer(text, path);
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'flowguard/notes', severity: 1, line: 9, message: expect.stringMatching(/aws:SourceAccount.*\(role-trust-principal\)$/) })]);
    expect(await lintBuffer(text, path, { rules: { 'flowguard/role-trust-principal': 'off' } })).toEqual([]);
  });

  it('skips files that are not templates (a package.json matched by **/*.json)', async () => {
    const results = await eslintWith(FIXTURES).lintFiles(['broken/package.json']);
    expect(results.map((r) => [r.filePath, r.messages])).toEqual([[join(FIXTURES, 'broken/package.json'), []]]);
  });
});

describe('parse errors', () => {
  it('reports a YAML error as a fatal ESLint parsing error at its position', async () => {
    const [result] = await eslintWith(FIXTURES).lintFiles(['broken/broken.yaml']);
    expect(result!.fatalErrorCount).toBe(1);
    expect(messagesOf(result!)).toEqual([
      { ruleId: null, severity: 2, line: 7, column: 3, message: 'Parsing error: duplicate key "AppVpc" (first at line 3)', fatal: true },
    ]);
  });

  it('reports a JSON error in unsaved text as a fatal parsing error', async () => {
    const text = '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Vpc": { "Type": "AWS::EC2::VPC" }\n    "Logs": {}\n  }\n}\n';
    const messages = await lintBuffer(text, join(FIXTURES, 'broken/unsaved.json'));
    expect(messages).toEqual([expect.objectContaining({ ruleId: null, fatal: true, line: 5, column: 5, message: expect.stringMatching(/^Parsing error: .*comma/i) })]);
  });
});

describe('unsaved editor text', () => {
  it('lints the text ESLint is given, not the file on disk', async () => {
    const disk = readFileSync(TEMPLATE, 'utf8');
    const edited = `# two new lines\n# at the top\n${disk.replace('RetentionInDays: 30', 'RetentionInDays: 400')}`;
    const messages = await lintBuffer(edited, TEMPLATE);
    expect(messages).toEqual([{ ruleId: 'flowguard/vpc-flow-logs', severity: 2, line: 7, column: 3, endLine: 7, endColumn: 9, message: VPC_MESSAGE }]);
  });

  it('gives the same positions for CRLF line endings', async () => {
    const crlf = readFileSync(TEMPLATE, 'utf8').replace(/\n/g, '\r\n');
    expect(await lintBuffer(crlf, TEMPLATE)).toEqual(await lintFile(TEMPLATE));
  });

  it('lints a buffer whose file does not exist on disk yet', async () => {
    const messages = await lintBuffer(readFileSync(TEMPLATE, 'utf8'), join(FIXTURES, 'findings/not-saved-yet.yaml'));
    expect(messages.map((m) => m.ruleId)).toEqual(['flowguard/vpc-flow-logs', 'flowguard/log-group-retention']);
  });
});

describe('links across files', () => {
  it('resolves a cross-stack link from a sibling file on disk (the flow log imports the VPC)', async () => {
    expect(await lintFile(NETWORK)).toEqual([]);
  });

  it('resolves it for unsaved text too, and the buffer wins over the file on disk', async () => {
    const disk = readFileSync(NETWORK, 'utf8');
    expect(await lintBuffer(disk, NETWORK)).toEqual([]);
    const renamed = disk.replace('Name: shared-network-VpcId', 'Name: renamed-VpcId');
    expect(await lintBuffer(renamed, NETWORK)).toEqual([
      expect.objectContaining({ ruleId: 'flowguard/vpc-flow-logs', line: 5, column: 3, endColumn: 12, message: expect.stringContaining('`SharedVpc`') }),
    ]);
  });

  it('finds nothing to link with when the context is "none"', async () => {
    const messages = await lintFile(NETWORK, { languageOptions: { context: 'none' } });
    expect(messages).toEqual([expect.objectContaining({ ruleId: 'flowguard/vpc-flow-logs', line: 5, column: 3, endLine: 5, endColumn: 12 })]);
  });

  it('takes context paths relative to the repository root', async () => {
    expect(await lintFile(NETWORK, { languageOptions: { context: ['fixtures/eslint/cross-stack/flow-logs.json'] } })).toEqual([]);
    expect(await lintFile(NETWORK, { languageOptions: { context: ['fixtures/eslint/findings'] } })).toHaveLength(1);
  });

  it("never reports a context file's findings on the linted file", async () => {
    const results = await eslintWith(FIXTURES).lintFiles(['cross-stack']);
    const byFile = Object.fromEntries(results.map((r) => [r.filePath.slice(FIXTURES.length + 1), r.messages.map((m) => m.ruleId)]));
    expect(byFile).toEqual({
      'cross-stack/audit-logs.yaml': ['flowguard/log-group-retention'],
      'cross-stack/flow-logs.json': [],
      'cross-stack/network.yaml': [],
    });
  });

  it('follows a nested stack to its template under node_modules, whatever the context: the VPC it covers is covered', async () => {
    const network = join(FIXTURES, 'nested-stack/network.yaml');
    expect(await lintFile(network)).toEqual([]);
    expect(await lintFile(network, { languageOptions: { context: 'none' } })).toEqual([]);
    // Without the module the VPC could not be verified (a note): the module is what covers it.
    const elsewhere = readFileSync(network, 'utf8').replace('./node_modules/', './vendor/');
    expect(await lintBuffer(elsewhere, network)).toEqual([expect.objectContaining({ ruleId: 'flowguard/notes', line: 6, message: expect.stringContaining('could not be verified') })]);
  });

  it('rejects an invalid context setting with a config error', async () => {
    await expect(lintFile(NETWORK, { languageOptions: { context: 'everything' } })).rejects.toThrow(/Key "languageOptions": Key "context"/);
  });
});

describe('Terraform', () => {
  const MAIN = join(FIXTURES, 'terraform/main.tf');
  const SANDBOX = { ruleId: 'flowguard/vpc-flow-logs', severity: 2, line: 6, column: 1, endLine: 6, endColumn: 29, message: expect.stringContaining('`aws_vpc.sandbox`') };

  it('reports .tf findings at the resource header, linked with the sibling files of the module', async () => {
    const results = await eslintWith(FIXTURES).lintFiles(['terraform']);
    expect(results.map((r) => [r.filePath, messagesOf(r)])).toEqual([
      [join(FIXTURES, 'terraform/flow-logs.tf'), []],
      [MAIN, [SANDBOX]],
    ]);
    expect(rangeText(readFileSync(MAIN, 'utf8'), messagesOf(results[1]!)[0]!)).toBe('resource "aws_vpc" "sandbox"');
  });

  it("keeps the module's other files as context even when the context is 'none' (a module is its folder)", async () => {
    expect(await lintFile(MAIN, { languageOptions: { context: 'none' } })).toEqual([SANDBOX]);
    expect(await lintFile(MAIN, { languageOptions: { context: ['fixtures/eslint/findings'] } })).toEqual([SANDBOX]);
  });

  it('lints an unsaved .tf buffer against the module files on disk', async () => {
    const renamed = readFileSync(MAIN, 'utf8').replace('"aws_vpc" "main"', '"aws_vpc" "core"');
    const messages = await lintBuffer(renamed, MAIN);
    expect(messages.map((m) => m.message.match(/`(.*?)`/)![1])).toEqual(['aws_vpc.core', 'aws_vpc.sandbox']);
  });

  it('reports an HCL syntax error as a fatal parsing error', async () => {
    const [result] = await eslintWith(FIXTURES).lintFiles(['terraform-broken/main.tf']);
    expect(messagesOf(result!)).toEqual([{ ruleId: null, severity: 2, line: 1, column: 27, message: "Parsing error: unclosed '{' opened at line 1", fatal: true }]);
  });
});

describe('the project configuration file (.flowguard.yaml), as CI reads it', () => {
  const CONFIGURED = join(FIXTURES, 'configured/template.yaml');

  it("applies its rule options and levels: retention 30 is enough, role-trust-principal is off", async () => {
    expect((await lintFile(CONFIGURED)).map((m) => m.ruleId)).toEqual(['flowguard/vpc-flow-logs']);
  });

  it('keeps a rule it turns off off, and lets the ESLint config override its options', async () => {
    expect((await lintFile(CONFIGURED, { rules: { 'flowguard/role-trust-principal': 'error' } })).map((m) => m.ruleId)).toEqual(['flowguard/vpc-flow-logs']);
    const stricter = await lintFile(CONFIGURED, { rules: { 'flowguard/log-group-retention': ['error', { minimumDays: 90 }] } });
    expect(stricter.map((m) => m.ruleId)).toEqual(['flowguard/vpc-flow-logs', 'flowguard/log-group-retention']);
  });

  it('skips the files its ignore patterns name', async () => {
    expect(await lintFile(join(FIXTURES, 'configured/generated/template.yaml'))).toEqual([]);
  });

  it('applies its limits: a file past its node limit is a parsing error, a small one is linted', async () => {
    const results = await eslintWith(FIXTURES).lintFiles(['configured-limits']);
    const byFile = Object.fromEntries(results.map((r) => [r.filePath.slice(FIXTURES.length + 1), messagesOf(r)]));
    expect(byFile['configured-limits/inventory.yaml']).toEqual([
      expect.objectContaining({ ruleId: null, severity: 2, fatal: true, message: expect.stringMatching(/^Parsing error: may hold more than 60 YAML nodes by here \(.*raise it with --max-nodes\)$/) }),
    ]);
    expect(byFile['configured-limits/small.yaml']!.map((m) => m.ruleId)).toEqual(['flowguard/log-group-retention']);
  });

  it('reports a broken configuration file as a fatal error on the templates it governs', async () => {
    const results = await eslintWith(FIXTURES).lintFiles(['bad-config']);
    const byFile = Object.fromEntries(results.map((r) => [r.filePath.slice(FIXTURES.length + 1), messagesOf(r)]));
    expect(byFile['bad-config/package.json']).toEqual([]);
    expect(byFile['bad-config/template.yaml']).toEqual([
      {
        ruleId: null,
        severity: 2,
        line: 1,
        column: 1,
        fatal: true,
        message: expect.stringMatching(/^Parsing error: flowguard configuration fixtures\/eslint\/bad-config\/\.flowguard\.yaml:2:3: unknown rule "vpc-flow-log"/),
      },
    ]);
  });
});

describe('configuration', () => {
  it('turns a rule off', async () => {
    const messages = await lintFile(TEMPLATE, { rules: { 'flowguard/log-group-retention': 'off' } });
    expect(messages.map((m) => m.ruleId)).toEqual(['flowguard/vpc-flow-logs']);
  });

  it('sets a rule to warn', async () => {
    const messages = await lintFile(TEMPLATE, { rules: { 'flowguard/vpc-flow-logs': 'warn' } });
    expect(messages.map((m) => [m.ruleId, m.severity])).toEqual([
      ['flowguard/vpc-flow-logs', 1],
      ['flowguard/log-group-retention', 2],
    ]);
  });

  it("passes a rule's options to the engine", async () => {
    expect(await lintFile(TEMPLATE, { rules: { 'flowguard/log-group-retention': ['error', { minimumDays: 30 }] } })).toEqual([
      expect.objectContaining({ ruleId: 'flowguard/vpc-flow-logs' }),
    ]);
    const stricter = await lintFile(TEMPLATE, { rules: { 'flowguard/log-group-retention': ['error', { minimumDays: 400 }] } });
    expect(stricter.map((m) => m.message)).toEqual([VPC_MESSAGE, RETENTION_MESSAGE.replace('365', '400')]);
  });

  it("validates a rule's options with its schema", async () => {
    await expect(lintFile(TEMPLATE, { rules: { 'flowguard/log-group-retention': ['error', { minimumDays: 'a year' }] } })).rejects.toThrow(
      /flowguard\/log-group-retention[\s\S]*"a year" should be integer/,
    );
    await expect(lintFile(TEMPLATE, { rules: { 'flowguard/log-group-retention': ['error', { minimumDays: -5 }] } })).rejects.toThrow(/flowguard\/log-group-retention[\s\S]*-5 should be >= 1/);
  });

  it('takes rule settings without `files`, which reach JavaScript files too (eslint.config.js itself)', async () => {
    const [result] = await eslintWith(FIXTURES, { rules: { 'flowguard/role-trust-principal': 'warn' } }).lintText('export default [];\n', { filePath: join(FIXTURES, 'eslint.config.js') });
    expect(messagesOf(result!)).toEqual([]);
  });

  it('reports nothing when every flowguard rule is off', async () => {
    const off = Object.fromEntries(Object.keys(flowguard.rules).map((id) => [`flowguard/${id}`, 'off' as const]));
    expect(await lintFile(TEMPLATE, { rules: off })).toEqual([]);
  });

  it('ignores language options meant for other languages (a shared config without `files`)', async () => {
    expect(await lintFile(TEMPLATE, { languageOptions: { sourceType: 'module', parserOptions: {} } })).toHaveLength(2);
  });
});
