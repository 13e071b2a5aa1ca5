/**
 * What the library's `toSarif` is given, checked before use: a JavaScript caller (or a TypeScript one
 * past a cast) may pass `null`, a parsed JSON report, or objects that only look like findings, and a
 * `TypeError` from deep inside the reporter ("reading 'split'") names neither the argument nor the fix.
 */

const LEVELS = new Set(['error', 'warning', 'note']);
const EXPECTED = 'toSarif expects the LintResult that lint() returns, or an array of its findings';

/** Throws a `TypeError` naming what is wrong with `input` and what was expected; returns if it is usable. */
export function checkSarifInput(input: unknown): void {
  const problem = inputProblem(input);
  if (problem) throw new TypeError(`${EXPECTED}; ${problem}`);
}

function inputProblem(input: unknown): string | undefined {
  if (Array.isArray(input)) return findingsProblem(input, 'findings');
  if (typeof input !== 'object' || input === null) return `got ${describe(input)}`;
  const result = input as Record<string, unknown>;
  if (!Array.isArray(result['findings'])) return `got an object whose findings is ${describe(result['findings'])}, not an array`;
  for (const key of ['notifications', 'rules']) {
    if (!Array.isArray(result[key])) return `got an object whose ${key} is ${describe(result[key])}, not an array (pass result.findings alone to report only findings)`;
  }
  return findingsProblem(result['findings'], 'findings');
}

function findingsProblem(findings: readonly unknown[], name: string): string | undefined {
  for (const [index, finding] of findings.entries()) {
    const problem = findingProblem(finding);
    if (problem) return `${name}[${index}] is not a flowguard finding: ${problem}`;
  }
  return undefined;
}

function findingProblem(finding: unknown): string | undefined {
  if (typeof finding !== 'object' || finding === null || Array.isArray(finding)) return `it is ${describe(finding)}`;
  const f = finding as Record<string, unknown>;
  for (const key of ['ruleId', 'message', 'file', 'fingerprint']) {
    if (typeof f[key] !== 'string') return `its ${key} is ${describe(f[key])}, not a string`;
  }
  if (!LEVELS.has(f['level'] as string)) return `its level is ${describe(f['level'])}, not "error", "warning" or "note"`;
  const region = f['region'];
  if (typeof region !== 'object' || region === null) return `its region is ${describe(region)}, not an object with startLine, startColumn, endLine and endColumn`;
  for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
    const value = (region as Record<string, unknown>)[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return `its region.${key} is ${describe(value)}, not a line or column number (1-based)`;
  }
  if (!Array.isArray(f['related'])) return `its related is ${describe(f['related'])}, not an array`;
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}
