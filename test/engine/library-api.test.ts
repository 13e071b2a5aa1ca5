/**
 * The library API as SPEC §7 writes it: `lint(paths | documents, options) → findings`, `toSarif(findings)`.
 * `lint` returns a `LintResult` (its `findings` and what SARIF needs besides); `toSarif` takes either.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowguardOptionsError, formatReport, lint, toSarif, VERSION, type LintResult } from '../../src/index.js';
import { lintSync } from '../../src/engine/lint-sync.js';
import type { SarifLog } from '../../src/report/sarif.js';
import { validateSarif } from '../helpers/sarif-schema.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/cloudformation');
const document = (name: string) => ({ path: `examples/cloudformation/${name}`, text: readFileSync(join(EXAMPLES, name), 'utf8') });

async function linted(): Promise<LintResult> {
  return lint({ documents: [document('network.yaml'), document('shared-vpc.yaml'), document('shared-vpc-flow-logs.yaml')] });
}

describe('toSarif', () => {
  it('takes a lint result, or only its findings, and gives the same results', async () => {
    const result = await linted();
    expect(result.findings.length).toBeGreaterThan(2);
    const whole = (await toSarif(result)) as SarifLog;
    const fromFindings = (await toSarif(result.findings)) as SarifLog;
    expect(validateSarif(fromFindings)).toEqual([]);
    // The rule lists differ (all enabled rules, or the ones named), so the indexes may too.
    const withoutIndex = (log: SarifLog) => log.runs[0]!.results.map(({ ruleIndex: _, ...rest }) => rest);
    expect(withoutIndex(fromFindings)).toEqual(withoutIndex(whole));
    const { rules } = fromFindings.runs[0]!.tool.driver;
    for (const result of fromFindings.runs[0]!.results) expect(rules![result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('describes exactly the rules the given findings name, with matching rule indexes', async () => {
    const retention = (await linted()).findings.filter((finding) => finding.ruleId === 'log-group-retention');
    expect(retention.length).toBeGreaterThan(0);
    const log = (await toSarif(retention)) as SarifLog;
    expect(validateSarif(log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules!.map((rule) => rule.id)).toEqual(['log-group-retention']);
    expect(run.results.map((result) => [result.ruleId, result.ruleIndex])).toEqual(retention.map(() => ['log-group-retention', 0]));
    expect(run.invocations![0]!.executionSuccessful).toBe(true);
  });

  it('gives a valid empty log for no findings', async () => {
    const log = (await toSarif([])) as SarifLog;
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0]!.results).toEqual([]);
  });

  it('refuses what is not a lint result or findings with a TypeError that names what is wrong', async () => {
    const finding = (await linted()).findings[0]!;
    const cases: [unknown, string][] = [
      [null, 'got null'],
      [undefined, 'got undefined'],
      ['flowguard.sarif', 'got "flowguard.sarif"'],
      [{}, 'got an object whose findings is undefined, not an array'],
      [{ findings: [] }, 'got an object whose notifications is undefined, not an array (pass result.findings alone to report only findings)'],
      [[{}], 'findings[0] is not a flowguard finding: its ruleId is undefined, not a string'],
      [[finding, null], 'findings[1] is not a flowguard finding: it is null'],
      [[{ ...finding, level: 'warn' }], 'findings[0] is not a flowguard finding: its level is "warn", not "error", "warning" or "note"'],
      [[{ ...finding, region: { ...finding.region, startLine: 0 } }], 'its region.startLine is 0, not a line or column number (1-based)'],
      [[{ ...finding, related: undefined }], 'its related is undefined, not an array'],
    ];
    for (const [input, problem] of cases) {
      const error = await (toSarif(input as never) as Promise<unknown>).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toBe(`toSarif expects the LintResult that lint() returns, or an array of its findings; ${problem.startsWith('its') ? `findings[0] is not a flowguard finding: ${problem}` : problem}`);
    }
  });
});

describe('bad options are the caller\'s mistake, told at once', () => {
  it('names every problem in one FlowguardOptionsError, with the config file\'s words for rules', async () => {
    const call = lint(['examples'], {
      rules: { 'log-group-retention': { level: 'warn' as never }, 'vpc-flowlogs': { level: 'off' }, 'log-group-retention ': {} },
      limits: { maxDepth: -1, fileTimeBudget: 0.5 },
      jobs: 0,
    });
    await expect(call).rejects.toBeInstanceOf(FlowguardOptionsError);
    const error = (await call.catch((e: unknown) => e)) as FlowguardOptionsError;
    expect(error.problems).toEqual([
      'jobs must be a whole number of at least 1; got the number 0',
      'limits.maxDepth must be a whole number of at least 0; got the number -1',
      'rules.log-group-retention.level: bad level "warn" for rule "log-group-retention" (did you mean "warning"?); levels: error, warning, note, off',
      expect.stringMatching(/^rules\.vpc-flowlogs: unknown rule "vpc-flowlogs" \(did you mean "vpc-flow-logs"\?\)/),
      expect.stringMatching(/^rules\.log-group-retention : unknown rule "log-group-retention "/),
    ]);
  });

  it('checks rule options by type and bound, and the input\'s shape', () => {
    expect(() => lintSync(['x'], { rules: { 'log-group-retention': { options: { minimumDays: 'x' as never } } } })).toThrow(
      'rules.log-group-retention.options.minimumDays: option "minimumDays" of rule "log-group-retention" must be a number; got the string "x"',
    );
    expect(() => lintSync('examples' as never)).toThrow('the input must be a list of paths or { documents: [...] }; got the string "examples" (wrap one path in a list)');
    expect(() => lintSync({ documents: [{ path: 'a.yaml' }] } as never)).toThrow('documents[0] must be { path: string, text: string }');
  });

  // A path naming the working directory gave findings on file "" (SARIF `uri: ""`); a file given twice
  // kept its last text without a word; `bytes: [1, 2]` threw a bare TypeError and linted nothing.
  it('documents: each names a file, once, and bytes are bytes', async () => {
    const text = 'Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 7\n';
    const call = lint({ documents: [{ path: '', text }, { path: 'a.yaml', text }, { path: './a.yaml', text }, { path: 'b.yaml', text, bytes: [1, 2] as never }] });
    const error = (await call.catch((e: unknown) => e)) as FlowguardOptionsError;
    expect(error).toBeInstanceOf(FlowguardOptionsError);
    expect(error.problems).toEqual([
      'documents[0].path "" names the working directory, not a file: give the path of the file the text is of',
      'documents[2].path "./a.yaml" names the same file as documents[1].path "a.yaml": give each file once',
      'documents[3].bytes must be a Uint8Array (the bytes the text was decoded from); got a list',
    ]);
    expect(() => lintSync({ documents: [{ path: '.', text }] })).toThrow('documents[0].path "." names the working directory');
    // A NUL: linted as if a file had that name (documents), or "cannot read …: ERR_INVALID_ARG_VALUE" (paths).
    expect(() => lintSync({ documents: [{ path: 'a\0.yaml', text }] })).toThrow('documents[0].path "a\\u0000.yaml" holds a NUL character, which no file name can');
    expect(() => lintSync(['examples', 'b\0'])).toThrow('paths[1] "b\\u0000" holds a NUL character, which no file name can');
    expect(() => lintSync(['examples'], { context: ['c\0'], cwd: '/d\0' })).toThrow('context[0] "c\\u0000" holds a NUL character, which no file name can; cwd "/d\\u0000" holds');
    // Paths that name a file outside the working directory, or a file beside one of the same name, are files.
    const outside = lintSync({ documents: [{ path: '../x.yaml', text }, { path: 'a', text }, { path: 'a/b.yaml', text }] }, { cwd: '/srv/repo' });
    expect(outside.findings.map((f) => f.file)).toEqual(['../x.yaml', 'a', 'a/b.yaml']);
  });

  it('takes a rule given as a level alone, as .flowguard.yaml writes it (JavaScript callers)', async () => {
    const result = await lint({ documents: [document('network.yaml')] }, { rules: { 'log-group-retention': 'off' as never, 'vpc-flow-logs': 'note' as never } });
    expect(result.findings.some((f) => f.ruleId === 'log-group-retention')).toBe(false);
    expect(result.rules.map((r) => r.id)).not.toContain('log-group-retention');
    expect(result.findings.filter((f) => f.ruleId === 'vpc-flow-logs').every((f) => f.level === 'note')).toBe(true);
  });

  it('accepts what the types allow', async () => {
    const result = await lint({ documents: [document('network.yaml')] }, { rules: { 'vpc-flow-logs': { level: 'note' } }, ignore: ['dist/**'], limits: { fileTimeBudget: 0.5 }, jobs: 1 });
    expect(result.findings.every((f) => f.ruleId !== 'vpc-flow-logs' || f.level === 'note')).toBe(true);
  });
});

describe('formatReport', () => {
  it('needs no options: SARIF gets this package\'s version, text no colour', async () => {
    const result = await linted();
    const sarif = JSON.parse(await formatReport('sarif', result)) as SarifLog;
    expect(sarif.runs[0]!.tool.driver.version).toBe(VERSION);
    expect(await formatReport('text', result)).not.toContain('\u001b[');
  });
});
