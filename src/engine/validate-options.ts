/**
 * The library API checks what it is given as the CLI checks its flags: a misspelt rule id, a level
 * of `"warn"` or a negative limit is the caller's mistake, told at once in one error that lists them
 * all, not a run that silently ignores the setting or writes SARIF that no schema accepts. (Bad *files*
 * never throw: they are `parse-error` findings.) Rule ids, levels and option types come from the rules'
 * metadata, through the same validation as `.flowguard.yaml`.
 */
import { resolve } from 'node:path';
import type { PathSegment } from '../parse/document.js';
import { RULES } from '../../rules/index.js';
import { describe, validateConfig } from '../config/validate.js';
import type { ConfiguredLevel } from '../core/finding.js';
import { isWorkspaceName, LIMIT_KINDS, type LintOptions, type RuleSetting } from './options.js';

/** Options (or input) that `lint` / `lintSync` cannot run with; `problems` lists each, with where it is. */
export class FlowguardOptionsError extends TypeError {
  constructor(readonly problems: readonly string[]) {
    super(`invalid flowguard options: ${problems.join('; ')}`);
    this.name = 'FlowguardOptionsError';
  }
}

/**
 * Throws `FlowguardOptionsError` naming every problem of `input` and `options`; else the options, with
 * a rule given as a level alone (`'off'`, as `.flowguard.yaml` allows) written as `{ level }`.
 */
export function validateLintCall(input: unknown, options: LintOptions): LintOptions {
  const problems = [...inputProblems(input, typeof options?.cwd === 'string' ? options.cwd : undefined), ...optionProblems(options)];
  if (problems.length > 0) throw new FlowguardOptionsError(problems);
  const rules = options.rules as Record<string, RuleSetting | ConfiguredLevel> | undefined;
  if (!rules || !Object.values(rules).some((setting) => typeof setting === 'string')) return options;
  const normalised = Object.fromEntries(Object.entries(rules).map(([id, setting]) => [id, typeof setting === 'string' ? { level: setting } : setting]));
  return { ...options, rules: normalised };
}

/** No file system accepts a NUL in a name: such a path is a caller's mistake, not a file that cannot be read. */
const nulIn = (path: string): string => (path.includes('\0') ? ` ${JSON.stringify(path)} holds a NUL character, which no file name can` : '');

function inputProblems(input: unknown, cwd: string | undefined): string[] {
  if (Array.isArray(input)) {
    if (!input.every((p) => typeof p === 'string')) return ['paths must be strings'];
    return input.flatMap((path: string, i) => (nulIn(path) === '' ? [] : [`paths[${i}]${nulIn(path)}`]));
  }
  if (isObject(input) && Array.isArray(input['documents'])) {
    const bad = input['documents'].findIndex((d: unknown) => !isObject(d) || typeof d['path'] !== 'string' || typeof d['text'] !== 'string');
    return bad === -1 ? documentProblems(input['documents'] as Record<string, unknown>[], cwd) : [`documents[${bad}] must be { path: string, text: string }`];
  }
  return [`the input must be a list of paths or { documents: [...] }; got ${describe(input)}${typeof input === 'string' ? ' (wrap one path in a list)' : ''}`];
}

function optionProblems(options: unknown): string[] {
  if (options === undefined) return [];
  if (!isObject(options)) return [`options must be an object; got ${describe(options)}`];
  const problems: string[] = [];
  const { cwd, rules, ignore, context, limits, jobs, onProgress, terraformWorkspace, now } = options;
  if (cwd !== undefined && typeof cwd !== 'string') problems.push(`cwd must be a string; got ${describe(cwd)}`);
  if (context !== undefined && !(Array.isArray(context) && context.every((p) => typeof p === 'string'))) problems.push(`context must be a list of paths; got ${describe(context)}`);
  else if (context !== undefined) (context as string[]).forEach((path, i) => nulIn(path) !== '' && problems.push(`context[${i}]${nulIn(path)}`));
  if (typeof cwd === 'string' && nulIn(cwd) !== '') problems.push(`cwd${nulIn(cwd)}`);
  if (jobs !== undefined && !(Number.isInteger(jobs) && (jobs as number) >= 1)) problems.push(`jobs must be a whole number of at least 1; got ${describe(jobs)}`);
  if (onProgress !== undefined && typeof onProgress !== 'function') problems.push(`onProgress must be a function; got ${describe(onProgress)}`);
  if (terraformWorkspace !== undefined && !(typeof terraformWorkspace === 'string' && isWorkspaceName(terraformWorkspace))) {
    problems.push(`terraformWorkspace must be a Terraform workspace name (letters, digits, - _ . and no / or spaces); got ${describe(terraformWorkspace)}`);
  }
  if (now !== undefined && !(now instanceof Date && !Number.isNaN(now.getTime()))) problems.push(`now must be a valid Date; got ${describe(now)}`);
  problems.push(...limitProblems(limits));
  if (rules !== undefined || ignore !== undefined) problems.push(...ruleProblems(rules, ignore));
  return problems;
}

function limitProblems(limits: unknown): string[] {
  if (limits === undefined) return [];
  if (!isObject(limits)) return [`limits must be an object; got ${describe(limits)}`];
  return Object.entries(limits).flatMap(([name, value]) => {
    const limit = Object.hasOwn(LIMIT_KINDS, name) ? LIMIT_KINDS[name as keyof typeof LIMIT_KINDS] : undefined;
    if (!limit) return [`unknown limit "${name}"; limits: ${Object.keys(LIMIT_KINDS).join(', ')}`];
    if (value === undefined) return [];
    // 0 is a limit too (no aliases, no reference followed, no time): tests and strict callers use it.
    const valid = typeof value === 'number' && value >= 0 && (limit.integer ? Number.isInteger(value) : Number.isFinite(value));
    return valid ? [] : [`limits.${name} must be a ${limit.integer ? 'whole ' : ''}number of at least 0; got ${describe(value)}`];
  });
}

/** `rules` and `ignore` have the shape of `.flowguard.yaml`'s keys: the same validation, the same words. */
function ruleProblems(rules: unknown, ignore: unknown): string[] {
  const value = { ...(rules === undefined ? {} : { rules }), ...(ignore === undefined ? {} : { ignore }) };
  const located: string[] = [];
  const source = {
    value,
    locate(path: readonly PathSegment[]) {
      located.push(path.map(String).join('.'));
      return { start: located.length - 1, end: located.length - 1 };
    },
  };
  return validateConfig(source, RULES.map((rule) => rule.meta)).problems.map((p) => `${located[p.start]}: ${p.message}`);
}

/**
 * Each document names one file, once. A path that names the working directory made findings whose
 * file is `""` (SARIF `uri: ""`, which code scanning refuses); a file given twice kept only the last
 * text, silently; `bytes` that are no bytes threw a bare TypeError from deep in the run.
 */
function documentProblems(documents: readonly Record<string, unknown>[], cwd: string | undefined): string[] {
  const problems: string[] = [];
  const base = resolve(cwd ?? process.cwd());
  const seen = new Map<string, number>();
  documents.forEach((d, i) => {
    const path = d['path'] as string;
    const bytes = d['bytes'];
    if (bytes !== undefined && bytes !== null && !(bytes instanceof Uint8Array)) problems.push(`documents[${i}].bytes must be a Uint8Array (the bytes the text was decoded from); got ${describe(bytes)}`);
    if (nulIn(path) !== '') {
      problems.push(`documents[${i}].path${nulIn(path)}`);
      return;
    }
    const absolute = resolve(base, path);
    if (absolute === base) {
      problems.push(`documents[${i}].path ${JSON.stringify(path)} names the working directory, not a file: give the path of the file the text is of`);
      return;
    }
    const first = seen.get(absolute);
    if (first === undefined) seen.set(absolute, i);
    else problems.push(`documents[${i}].path ${JSON.stringify(path)} names the same file as documents[${first}].path ${JSON.stringify(documents[first]!['path'])}: give each file once`);
  });
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
