/**
 * Table-driven rule tests. Every folder `fixtures/<format>/<rule>/<case>/` is one run; its
 * `expected.json` lists exactly the findings of that rule (and any parse errors) the run must produce:
 * rule, resource, level, file, 1-based line and column, and a fragment of the message. A `case.json`
 * beside it may set rule options, the Terraform workspace, and name the files to lint instead of walking
 * the folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import type { RuleSetting } from '../src/engine/options.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

interface Expected {
  rule: string;
  resource?: string;
  level: string;
  file: string;
  line: number;
  column: number;
  /** A fragment the message must contain. */
  message: string;
  /** Resource ids the related locations must name, in order (optional). */
  related?: string[];
}

interface CaseConfig {
  /** Rule settings for this case (e.g. `minimumDays`). */
  rules?: Record<string, RuleSetting>;
  /** The files the run names, relative to the case's folder; absent: the folder is walked. */
  paths?: string[];
  /** The Terraform workspace the run evaluates (`--terraform-workspace`); absent: `default`. */
  terraformWorkspace?: string;
}

function cases(): { format: string; rule: string; name: string; dir: string }[] {
  const out = [];
  for (const format of ['cloudformation', 'terraform']) {
    const formatDir = join(FIXTURES, format);
    if (!existsSync(formatDir)) continue;
    for (const rule of readdirSync(formatDir).sort()) {
      const ruleDir = join(formatDir, rule);
      if (!statSync(ruleDir).isDirectory()) continue;
      for (const name of readdirSync(ruleDir).sort()) {
        const dir = join(ruleDir, name);
        if (statSync(dir).isDirectory() && existsSync(join(dir, 'expected.json'))) out.push({ format, rule, name, dir });
      }
    }
  }
  return out;
}

const all = cases();

it('has fixtures for every rule', () => {
  const rules = new Set(all.map((c) => c.rule));
  for (const rule of ['vpc-flow-logs', 'log-group-retention', 'role-trust-principal', 'flow-log-delivery']) expect(rules).toContain(rule);
});

for (const { format, rule, name, dir } of all) {
  describe(`${format} ${rule}`, () => {
    it(name, async () => {
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected[];
      const configPath = join(dir, 'case.json');
      const config = existsSync(configPath) ? (JSON.parse(readFileSync(configPath, 'utf8')) as CaseConfig) : {};
      const result = await lint(config.paths ?? [], { cwd: dir, rules: config.rules, terraformWorkspace: config.terraformWorkspace });
      const actual = result.findings
        .filter((f) => f.ruleId === rule || f.ruleId === 'parse-error')
        .map((f) => ({ rule: f.ruleId, resource: f.resourceId, level: f.level, file: f.file, line: f.region.startLine, column: f.region.startColumn, message: f.message, related: f.related.map((r) => r.resourceId ?? r.message) }));
      expect(actual.map(({ message: _m, related: _r, ...rest }) => rest)).toEqual(expected.map(({ message: _m, related: _r, ...rest }) => rest));
      expected.forEach((e, i) => {
        expect(actual[i]!.message).toContain(e.message);
        if (e.related) expect(actual[i]!.related).toEqual(e.related);
      });
    });
  });
}
