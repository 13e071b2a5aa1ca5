/**
 * Property-based robustness of the whole engine (SPEC §6, DESIGN "Tests"): random and mutated
 * CloudFormation, Terraform plan JSON and `.tf` inputs go through `lint()` and `toSarif()`. Whatever
 * the input, the engine must not throw, must finish, and must give SARIF that validates against the
 * OASIS schema, with findings of known rules at 1-based positions inside their files; broken input
 * is a `parse-error` for that file and nothing else.
 *
 * Every property runs with a fixed seed (`SEED`), so a failure reproduces: fast-check prints the seed,
 * the counterexample and its shrink path; pass `{ seed, path }` back to `fc.assert` to replay it.
 * `FLOWGUARD_SEED=<n> npx vitest run test/robustness/properties.test.ts` explores other inputs.
 * Parser-only and graph-only properties live in test/parse/*property* and test/graph/*-hostile.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ALLOWED_RETENTION_DAYS } from '../../rules/log-group-retention.js';
import type { LintResult } from '../../src/core/result.js';
import { lint } from '../../src/engine/lint.js';
import { parseData } from '../../src/parse/index.js';
import { toSarif } from '../../src/report/sarif.js';
import { cfnTemplate, hclModule, LOCALS, normalised, renderHclModule, renderings } from './arbitraries.js';
import { expectWellFormed, lintDocuments, removeDir, tempDir, writeTree } from './helpers.js';

/** Fixed for reproducibility; set FLOWGUARD_SEED to explore other inputs (a failure prints the seed to keep). */
const SEED = Number(process.env['FLOWGUARD_SEED'] ?? 20_250_611);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Per-test budget: each property takes a few seconds; a hang fails the property, not the suite. */
const PROPERTY_TIMEOUT_MS = 60_000;

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));
const scratch = (): string => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};

/** The run is well formed, every finding lies inside its file's text, and parse errors are only where allowed. */
function expectSane(result: LintResult, texts: Record<string, string>, allowParseError: (file: string) => boolean): void {
  expectWellFormed(result);
  // Lines end at LF, CRLF or a lone CR, as LineIndex counts them.
  const lineCounts = new Map(Object.entries(texts).map(([file, text]) => [file, text.split(/\r\n|\r|\n/).length]));
  for (const finding of result.findings) {
    const lines = lineCounts.get(finding.file);
    if (lines !== undefined) expect(finding.region.endLine, `${finding.ruleId} ${finding.file} ${finding.message}`).toBeLessThanOrEqual(lines);
    expect(finding.region.endLine >= finding.region.startLine).toBe(true);
  }
  // A resource CloudFormation refuses as written (a nested stack without TemplateURL) is well-formed
  // text, unusable input: said once per resource, as a refused Terraform count is below.
  const parseErrors = result.findings.filter((f) => f.ruleId === 'parse-error' && !REFUSED_RESOURCE.test(f.message));
  for (const error of parseErrors) expect(allowParseError(error.file), `unexpected parse-error in ${error.file}: ${error.message}`).toBe(true);
  // A file that cannot be parsed gets one parse-error; a parsed file may get one per unusable part:
  // a section of the wrong shape (`Parameters` a string and `Outputs` a list: two, as
  // docs/decisions.md says), a block of a Terraform override file that overrides nothing, or a
  // logical id that Fn::ForEach loops make twice.
  for (const unparsable of parseErrors.filter((f) => !SECTION_SHAPE.test(f.message) && !ORPHAN_OVERRIDE.test(f.message) && !REPEATED_ID.test(f.message) && !PLAN_ENTRY.test(f.message))) {
    expect(parseErrors.filter((f) => f.file === unparsable.file).map((f) => f.message)).toEqual([unparsable.message]);
  }
}

/** The message of a parse-error about a section of the wrong shape in a file that parsed. */
const SECTION_SHAPE = /must be (a mapping|an object|a list)/;

/** The message of a parse-error about one block of an override file (overrides.ts), one per block. */
const ORPHAN_OVERRIDE = /in override file .* has nothing to override/;

/** The message of a parse-error about a plan's resource entry that was not used (instances.ts), one per entry. */
const PLAN_ENTRY = /(is listed twice in \w+: Terraform writes each instance once|is not a resource address Terraform writes|has no address): (this entry|it) was not checked/;

/** The message of a parse-error about a resource CloudFormation refuses as written (cloudformation/index.ts), one per resource. */
const REFUSED_RESOURCE = /^`[^`]+` is never created: CloudFormation refuses the template: /;

/** The message of a parse-error about a logical id loops make twice (foreach.ts), one per repeat. */
const REPEATED_ID = /CloudFormation refuses a template whose logical ids repeat/;

/** What a finding says, independent of where it is written (file name and position). */
function signatures(result: LintResult, file: string): string[] {
  const neutral = (text: string) => text.split(file).join('<file>');
  return result.findings.map((f) => `${f.ruleId}|${f.level}|${f.resourceId ?? ''}|${neutral(f.message)}|${f.suppressions?.length ?? 0}`).sort();
}

// ── (a) random CloudFormation ───────────────────────────────────────────────────────────────────

describe('random CloudFormation templates', () => {
  it('never throw, give valid SARIF, no parse-error, and the same findings in JSON, block YAML and short-form YAML', async () => {
    const cwd = scratch();
    await fc.assert(
      fc.asyncProperty(cfnTemplate, fc.constantFrom(0, 2), async (generated, indent) => {
        const template = normalised(generated);
        const texts = renderings(template, indent);
        const found: Record<string, string[]> = {};
        for (const [kind, text] of Object.entries(texts)) {
          const file = kind === 'json' ? 't.json' : `t-${kind}.yaml`;
          const result = await lintDocuments({ [file]: text }, cwd);
          expectSane(result, { [file]: text }, () => false);
          expect(result.files).toEqual([file]);
          found[kind] = signatures(result, file);
        }
        expect(found['block']).toEqual(found['json']);
        expect(found['flow']).toEqual(found['json']);
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('give byte-identical SARIF when run twice, and when the template is split across two files keep working', async () => {
    const cwd = scratch();
    await fc.assert(
      fc.asyncProperty(cfnTemplate, cfnTemplate, async (a, b) => {
        const texts = { 'a.json': JSON.stringify(normalised(a)), 'b.yaml': renderings(normalised(b), 2).block };
        const first = await lintDocuments(texts, cwd);
        const second = await lintDocuments(texts, cwd);
        expectSane(first, texts, () => false);
        expect(JSON.stringify(toSarif(second, { version: 'test' }))).toBe(JSON.stringify(toSarif(first, { version: 'test' })));
      }),
      { seed: SEED, numRuns: 100 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('resolve retention through Ref, FindInMap and If on parameter defaults (oracle)', async () => {
    const cwd = scratch();
    const days = fc.constantFrom(...ALLOWED_RETENTION_DAYS, 0, 42);
    await fc.assert(
      fc.asyncProperty(days, days, fc.constantFrom('prod', 'dev'), fc.constantFrom('ref', 'map', 'if'), async (a, b, env, how) => {
        const mapped = { prod: a, dev: b };
        const value = how === 'ref' ? { Ref: 'Days' } : how === 'map' ? { 'Fn::FindInMap': ['Settings', { Ref: 'Env' }, 'Days'] } : { 'Fn::If': ['IsProd', { Ref: 'Days' }, b] };
        const template = {
          AWSTemplateFormatVersion: '2010-09-09',
          Parameters: { Days: { Type: 'Number', Default: a }, Env: { Type: 'String', Default: env } },
          Mappings: { Settings: { prod: { Days: a }, dev: { Days: b } } },
          Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
          Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: value } } },
        };
        const decided = how === 'ref' ? a : mapped[env];
        const text = renderings(template, 2).flow;
        const result = await lintDocuments({ 't.yaml': text }, cwd);
        expectSane(result, { 't.yaml': text }, () => false);
        const expected = decided < 365 ? ['log-group-retention@Logs'] : [];
        expect(result.findings.map((f) => `${f.ruleId}@${f.resourceId}`)).toEqual(expected);
      }),
      { seed: SEED, numRuns: 100 },
    );
  }, PROPERTY_TIMEOUT_MS);
});

// ── (b) mutated real inputs ─────────────────────────────────────────────────────────────────────

function filesUnder(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, pattern));
    else if (pattern.test(name)) out.push(path);
  }
  return out.sort();
}

const CFN_EXAMPLES = filesUnder(join(REPO, 'examples/cloudformation'), /\.(ya?ml|json)$/);
const TF_FIXTURES = join(REPO, 'fixtures/graph/terraform-source');
const TF_FILES = filesUnder(TF_FIXTURES, /\.tf$/);
const PLANS = filesUnder(join(REPO, 'fixtures/graph/terraform-plan'), /\.json$/);
const read = (path: string): string => readFileSync(path, 'utf8');

const INSERTS = ['{', '[', '}', ']', '!Ref ', '!GetAtt ', '${', '"', "'", ':', ',', '\n', '\n  ', '- ', '&a ', '*a', '#', '\t', '=', '<<EOT\n', '${local.x}', 'null', '-1', '\\', '.*', '[*]', 'Fn::ForEach::L', '&{'];
const edit = fc.oneof(
  fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.constantFrom(...INSERTS) }),
  fc.record({ at: fc.nat(), remove: fc.nat({ max: 4 }), insert: fc.string({ maxLength: 4 }) }),
);

function applyEdits(text: string, edits: Array<{ at: number; remove: number; insert: string }>, truncateAt?: number): string {
  let out = text;
  for (const { at, remove, insert } of edits) {
    const position = at % (out.length + 1);
    out = out.slice(0, position) + insert + out.slice(position + remove);
  }
  return truncateAt === undefined ? out : out.slice(0, truncateAt % (out.length + 1));
}

const mutation = fc.record({ edits: fc.array(edit, { minLength: 1, maxLength: 5 }), truncateAt: fc.option(fc.nat(), { nil: undefined }) });

describe('mutated real inputs', () => {
  it('text edits and truncation of the CloudFormation examples: a parse-error for that file, or a run', async () => {
    const cwd = scratch();
    const originals = CFN_EXAMPLES.map((path) => ({ name: relative(REPO, path), text: read(path) }));
    expect(originals.length).toBeGreaterThanOrEqual(4);
    await fc.assert(
      fc.asyncProperty(fc.nat(originals.length - 1), mutation, async (which, { edits, truncateAt }) => {
        const { name, text } = originals[which]!;
        const mutated = applyEdits(text, edits, truncateAt);
        // The untouched siblings join the run, so cross-file links (exports, imports) are exercised too.
        const texts = Object.fromEntries(originals.map((o) => [o.name, o.name === name ? mutated : o.text]));
        const result = await lintDocuments(texts, cwd);
        expectSane(result, texts, (file) => file === name);
      }),
      { seed: SEED, numRuns: 200 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('text edits of .tf files among their real modules: a parse-error for that file, or a run', async () => {
    const originals = TF_FILES.map((path) => ({ path, text: read(path) }));
    expect(originals.length).toBeGreaterThanOrEqual(8);
    await fc.assert(
      fc.asyncProperty(fc.nat(originals.length - 1), mutation, async (which, { edits, truncateAt }) => {
        const { path, text } = originals[which]!;
        const mutated = applyEdits(text, edits, truncateAt);
        // The edited file is an unsaved editor buffer; its module siblings are read from disk.
        const result = await lint({ documents: [{ path, text: mutated }] }, { cwd: TF_FIXTURES });
        const file = relative(REPO, path);
        expectSane(result, { [file]: mutated }, (f) => f === file);
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('text edits and truncation of plans: a parse-error for that file, or a run', async () => {
    const cwd = scratch();
    const originals = PLANS.map((path) => ({ name: relative(REPO, path), text: read(path) }));
    await fc.assert(
      fc.asyncProperty(fc.nat(originals.length - 1), mutation, async (which, { edits, truncateAt }) => {
        const { name, text } = originals[which]!;
        const mutated = applyEdits(text, edits, truncateAt);
        const result = await lintDocuments({ [name]: mutated }, cwd);
        expectSane(result, { [name]: mutated }, (f) => f === name);
      }),
      { seed: SEED, numRuns: 100 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('byte flips on disk (invalid UTF-8, NUL, BOM fragments) in any kind of input: a parse-error for that file, or a run', async () => {
    const dir = scratch();
    const originals = [...CFN_EXAMPLES, ...TF_FILES.filter((p) => p.includes('/expansion/') || p.includes('/disabled/')), ...PLANS].map((path) => ({
      name: relative(REPO, path).replace(/\//g, '_'),
      bytes: readFileSync(path),
    }));
    const flip = fc.tuple(fc.nat(), fc.constantFrom(0x00, 0x80, 0xbf, 0xc0, 0xe9, 0xed, 0xef, 0xf4, 0xf8, 0xfe, 0xff, 0x0a, 0x0d, 0x22, 0x7b));
    await fc.assert(
      fc.asyncProperty(fc.nat(originals.length - 1), fc.array(flip, { minLength: 1, maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }), async (which, flips, truncateAt) => {
        const { name, bytes } = originals[which]!;
        let mutated = Buffer.from(bytes);
        for (const [at, value] of flips) mutated[at % mutated.length] = value;
        if (truncateAt !== undefined) mutated = mutated.subarray(0, truncateAt % (mutated.length + 1));
        writeTree(dir, { [name]: mutated });
        const result = await lint([name], { cwd: dir });
        expectSane(result, { [name]: new TextDecoder().decode(mutated) }, (f) => f === name);
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('value edits of parsed templates and plans (well-formed text, hostile shapes): never a syntax error', async () => {
    const cwd = scratch();
    const originals = [...CFN_EXAMPLES, ...PLANS].map((path) => {
      const parsed = parseData({ absolutePath: path, path: relative(REPO, path), text: read(path) });
      if (!parsed.ok) throw new Error(`${path}: ${parsed.problem.message}`);
      return { name: relative(REPO, path).replace(/\.ya?ml$/, '.json'), value: parsed.document.value };
    });
    const replacement = fc.constantFrom<unknown>(null, 0, -1, '', 'x', 'ALL', [], {}, [1, 'a'], { Ref: 'SharedVpc' }, { 'Fn::GetAtt': ['FlowLogRole', 'Arn'] }, { 'Fn::ImportValue': 'shared-vpc-id' }, '__proto__', JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}'), 'DELETE');
    const change = fc.tuple(fc.nat(), replacement);
    await fc.assert(
      fc.asyncProperty(fc.nat(originals.length - 1), fc.array(change, { minLength: 1, maxLength: 4 }), async (which, changes) => {
        const { name, value } = originals[which]!;
        const copy = normalised(value);
        for (const [pick, next] of changes) replaceAt(copy, pick, next);
        const text = JSON.stringify(copy, null, 1);
        const result = await lintDocuments({ [name]: text }, cwd);
        // The text is valid JSON: the only parse-error allowed is "not a template or plan" (a mutation
        // may remove what identifies the format).
        expectSane(result, { [name]: text }, (f) => f === name);
        // A section of the wrong shape (`Resources` as a list), or a plan's resource entry without a usable
        // address, is named too: well-formed text, unusable input.
        for (const error of result.findings.filter((f) => f.ruleId === 'parse-error')) expect(error.message).toMatch(new RegExp(`^not a CloudFormation template or Terraform plan|${SECTION_SHAPE.source}|${PLAN_ENTRY.source}`));
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, PROPERTY_TIMEOUT_MS);
});

/** Replaces (or deletes) the node at position `pick` of a depth-first walk of `root`'s descendants. */
function replaceAt(root: unknown, pick: number, next: unknown): void {
  const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        slots.push([node, i]);
        walk(item);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        slots.push([node as Record<string, unknown>, key]);
        walk(item);
      }
    }
  };
  walk(root);
  if (slots.length === 0) return;
  const [parent, key] = slots[pick % slots.length]!;
  if (next === 'DELETE') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (Array.isArray(parent)) parent[key as number] = normalised(next);
  else parent[key as string] = normalised(next);
}

// ── (c) random HCL expressions ──────────────────────────────────────────────────────────────────

describe('random HCL expressions in a log group and a flow log, with locals that refer to each other', () => {
  it('never throw, give valid SARIF and never a parse-error but a count Terraform refuses (the text is valid HCL)', async () => {
    const cwd = scratch();
    await fc.assert(
      fc.asyncProperty(hclModule, async (module) => {
        const text = renderHclModule(module);
        const result = await lintDocuments({ 'main.tf': text }, cwd);
        // A known count Terraform refuses (`count = {}`) is well-formed text, unusable input.
        const refused = result.findings.filter((f) => f.ruleId === 'parse-error' && /^Invalid count argument: .* \(Terraform refuses the plan\)$/.test(f.message));
        expect(refused.every((f) => f.region.startLine === text.split('\n').findIndex((line) => line.startsWith('  count ')) + 1)).toBe(true);
        expectSane({ ...result, findings: result.findings.filter((f) => !refused.includes(f)) }, { 'main.tf': text }, () => false);
        expect(result.files).toEqual(['main.tf']);
      }),
      { seed: SEED, numRuns: 200 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it('resolve a chain of locals to its literal, and a cycle to nothing definite (oracle)', async () => {
    const cwd = scratch();
    const days = fc.constantFrom(...ALLOWED_RETENTION_DAYS, 0, 42);
    const wrap = fc.constantFrom('%s', 'try(%s, 5)', 'coalesce(null, %s)', '(true ? %s : 1)', 'tonumber(tostring(%s))', 'max(%s, 0)');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: LOCALS.length }), days, fc.boolean(), fc.array(wrap, { minLength: LOCALS.length, maxLength: LOCALS.length }), async (length, value, cyclic, wraps) => {
        // l0 = wrap(local.l1), …, l(n-1) = literal, or = local.l0 to close a cycle.
        const locals = Array.from({ length }, (_, i) => {
          const next = i + 1 < length ? `local.l${i + 1}` : cyclic ? 'local.l0' : String(value);
          return `  l${i} = ${wraps[i]!.replace('%s', next)}`;
        });
        const text = ['locals {', ...locals, '}', 'resource "aws_cloudwatch_log_group" "g" {', '  retention_in_days = local.l0', '}', ''].join('\n');
        const result = await lintDocuments({ 'main.tf': text }, cwd);
        expectSane(result, { 'main.tf': text }, () => false);
        // Terraform's 0 means "never expire" (passes); other values below 365, or not accepted by
        // CloudWatch, are errors. A cycle is unknown: never a definite finding.
        const reported = !cyclic && value !== 0 && (value < 365 || !ALLOWED_RETENTION_DAYS.includes(value));
        expect(result.findings.map((f) => `${f.ruleId}@${f.resourceId}`)).toEqual(reported ? ['log-group-retention@aws_cloudwatch_log_group.g'] : []);
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, PROPERTY_TIMEOUT_MS);
});
