/**
 * Checks a parsed configuration against the rules' metadata (ids, option names and types come from
 * `rule.meta`, so a new rule or option is configurable without touching this file). Every problem is
 * collected, each with the offsets of the key or value at fault, so one run lists them all.
 */
import type { ConfiguredLevel } from '../core/finding.js';
import type { RuleMeta, RuleOption, RuleOptions } from '../core/rule.js';
import { unsafePattern } from '../discover/ignore-patterns.js';
import { LIMIT_KINDS, type InputLimits } from '../engine/options.js';
import type { OffsetRange, PathSegment } from '../parse/document.js';
import { didYouMean } from '../core/suggest.js';
import { CONFIG_KEYS, CONFIG_LEVELS, type RuleConfig } from './types.js';

/** The parts of a parsed document validation needs (a `DataDocument`, or a stand-in in tests). */
export interface ConfigSource {
  value: unknown;
  locate(path: readonly PathSegment[], part?: 'key' | 'value'): OffsetRange;
}

export interface PlacedProblem extends OffsetRange {
  message: string;
}

export interface ValidatedConfig {
  rules: Record<string, RuleConfig>;
  ignore: string[];
  limits: Partial<InputLimits>;
}

export function validateConfig(source: ConfigSource | undefined, rules: readonly RuleMeta[]): { config: ValidatedConfig; problems: PlacedProblem[] } {
  const validator = new Validator(source, rules);
  validator.run();
  return { config: validator.config, problems: validator.problems };
}

class Validator {
  readonly config: ValidatedConfig = { rules: {}, ignore: [], limits: {} };
  readonly problems: PlacedProblem[] = [];
  private readonly byId: ReadonlyMap<string, RuleMeta>;
  private readonly ids: string[];

  constructor(
    private readonly source: ConfigSource | undefined,
    rules: readonly RuleMeta[],
  ) {
    this.byId = new Map(rules.map((meta) => [meta.id, meta]));
    this.ids = rules.map((meta) => meta.id);
  }

  run(): void {
    const root = this.source?.value;
    if (root === undefined || root === null) return; // an empty file (or only comments) sets nothing
    if (!isMapping(root)) {
      this.report([], 'value', `expected a mapping with the keys ${CONFIG_KEYS.join(', ')}; got ${describe(root)}`);
      return;
    }
    for (const [key, value] of Object.entries(root)) {
      if (key === 'rules') this.rules(value);
      else if (key === 'ignore') this.ignore(value);
      else if (key === 'limits') this.limits(value);
      else this.report([key], 'key', `unknown key "${key}"${didYouMean(key, CONFIG_KEYS)}; allowed: ${CONFIG_KEYS.join(', ')}`);
    }
  }

  private rules(value: unknown): void {
    if (value === null) return;
    if (!isMapping(value)) {
      this.report(['rules'], 'value', `"rules" must be a mapping from rule id to a level or to { level, options }; got ${describe(value)}`);
      return;
    }
    for (const [id, setting] of Object.entries(value)) {
      const meta = this.byId.get(id);
      if (!meta) {
        this.report(['rules', id], 'key', `unknown rule "${id}"${didYouMean(id, this.ids)}; rules: ${this.ids.join(', ')}`);
        continue;
      }
      const parsed = this.rule(meta, setting);
      if (parsed) this.config.rules[id] = parsed;
    }
  }

  private rule(meta: RuleMeta, setting: unknown): RuleConfig | undefined {
    const path = ['rules', meta.id];
    if (!isMapping(setting)) {
      if (typeof setting === 'string') return this.level(path, meta.id, setting);
      this.report(path, 'value', `rule "${meta.id}" must be a level (${CONFIG_LEVELS.join(', ')}) or a mapping with "level" and "options"; got ${describe(setting)}`);
      return undefined;
    }
    const parsed: RuleConfig = {};
    let valid = true;
    for (const [key, value] of Object.entries(setting)) {
      if (key === 'level') {
        const level = typeof value === 'string' ? this.level([...path, 'level'], meta.id, value) : this.badLevel([...path, 'level'], meta.id, value);
        if (level) parsed.level = level.level;
        else valid = false;
      } else if (key === 'options') {
        const options = this.options(meta, value);
        if (options) parsed.options = options;
        else valid = false;
      } else {
        this.report([...path, key], 'key', `unknown key "${key}" in rule "${meta.id}"${didYouMean(key, ['level', 'options'])}; allowed: level, options`);
        valid = false;
      }
    }
    return valid ? parsed : undefined;
  }

  private level(path: PathSegment[], id: string, text: string): { level: ConfiguredLevel } | undefined {
    if ((CONFIG_LEVELS as readonly string[]).includes(text)) return { level: text as ConfiguredLevel };
    return this.badLevel(path, id, text);
  }

  private badLevel(path: PathSegment[], id: string, value: unknown): undefined {
    const shown = typeof value === 'string' ? `"${value}"` : describe(value);
    this.report(path, 'value', `bad level ${shown} for rule "${id}"${typeof value === 'string' ? didYouMean(value, CONFIG_LEVELS) : ''}; levels: ${CONFIG_LEVELS.join(', ')}`);
    return undefined;
  }

  private options(meta: RuleMeta, value: unknown): RuleOptions | undefined {
    const path = ['rules', meta.id, 'options'];
    if (value === null) return {};
    const names = Object.keys(meta.options);
    if (!isMapping(value)) {
      this.report(path, 'value', `"options" of rule "${meta.id}" must be a mapping from option name to value; got ${describe(value)}`);
      return undefined;
    }
    const options: RuleOptions = {};
    let valid = true;
    for (const [name, optionValue] of Object.entries(value)) {
      const option = Object.hasOwn(meta.options, name) ? meta.options[name] : undefined;
      if (!option) {
        const allowed = names.length
          ? `options: ${names.map((n) => `${n} (${meta.options[n]!.type})`).join(', ')}`
          : `rule "${meta.id}" has no options`;
        this.report([...path, name], 'key', `unknown option "${name}" for rule "${meta.id}"${didYouMean(name, names)}; ${allowed}`);
        valid = false;
      } else if (option.type === 'number' ? typeof optionValue === 'number' && Number.isFinite(optionValue) : typeof optionValue === 'boolean') {
        const bound = typeof optionValue === 'number' ? outOfBounds(option, optionValue) : undefined;
        if (bound) {
          this.report([...path, name], 'value', `option "${name}" of rule "${meta.id}" must be ${bound}; got ${describe(optionValue)}`);
          valid = false;
        } else options[name] = optionValue as number | boolean;
      } else {
        this.report([...path, name], 'value', `option "${name}" of rule "${meta.id}" must be a ${option.type}; got ${describe(optionValue)}`);
        valid = false;
      }
    }
    return valid ? options : undefined;
  }

  private ignore(value: unknown): void {
    if (value === null) return;
    if (!Array.isArray(value)) {
      this.report(['ignore'], 'value', `"ignore" must be a list of gitignore-style patterns (relative to the repository root); got ${describe(value)}`);
      return;
    }
    value.forEach((pattern: unknown, index) => {
      const unsafe = typeof pattern === 'string' ? unsafePattern(pattern) : undefined;
      if (unsafe !== undefined) this.report(['ignore', index], 'value', `"ignore" entry cannot be matched: ${unsafe}`);
      else if (typeof pattern === 'string') this.config.ignore.push(pattern);
      else this.report(['ignore', index], 'value', `each "ignore" entry must be a pattern string; got ${describe(pattern)}`);
    });
  }

  /** Positive, as the flags take them (`--max-nodes 0` is refused too); the library alone also takes 0. */
  private limits(value: unknown): void {
    if (value === null) return;
    const names = Object.keys(LIMIT_KINDS);
    if (!isMapping(value)) {
      this.report(['limits'], 'value', `"limits" must be a mapping from a limit (${names.join(', ')}) to its value; got ${describe(value)}`);
      return;
    }
    for (const [name, limit] of Object.entries(value)) {
      const kind = Object.hasOwn(LIMIT_KINDS, name) ? LIMIT_KINDS[name as keyof InputLimits] : undefined;
      if (kind === undefined) {
        this.report(['limits', name], 'key', `unknown limit "${name}"${didYouMean(name, names)}; limits: ${names.join(', ')}`);
      } else if (typeof limit === 'number' && limit > 0 && (kind.integer ? Number.isSafeInteger(limit) : Number.isFinite(limit))) {
        this.config.limits[name as keyof InputLimits] = limit;
      } else {
        this.report(['limits', name], 'value', `limit "${name}" must be a positive ${kind.integer ? 'whole number' : 'number'}; got ${describe(limit)}`);
      }
    }
  }

  private report(path: PathSegment[], part: 'key' | 'value', message: string): void {
    const range = this.source ? this.source.locate(path, part) : { start: 0, end: 0 };
    this.problems.push({ start: range.start, end: range.end, message });
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as a message names it: `the string "90"`, `a list`, `nothing (null)`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      // The YAML reader keeps a plain integer past 2^53 as the text written (`99999999999999999999`),
      // so that no digit is lost: "got the string" would hide that the number is what is wrong.
      if (/^[-+]?[0-9]+$/.test(value) && !Number.isSafeInteger(Number(value))) return tooLarge(value);
      if (/^[-+]?[0-9][0-9_]*$/.test(value) && value.includes('_')) return `the string ${JSON.stringify(value)} (YAML 1.2 reads digits with _ as text; write ${value.replaceAll('_', '')})`;
      return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
    case 'number':
      // YAML reads `1e400` and `.inf` as Infinity: "must be a number; got the number Infinity" reads as nonsense.
      if (Number.isNaN(value)) return 'not a number (.nan)';
      if (!Number.isFinite(value)) return value < 0 ? 'minus infinity (-.inf, or a number too large to hold, such as -1e400)' : 'infinity (.inf, or a number too large to hold, such as 1e400)';
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) return tooLarge(String(value));
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** A whole number past 2^53 - 1, which no limit or option can hold exactly. */
function tooLarge(written: string): string {
  const shown = written.length > 60 ? `${written.slice(0, 57)}...` : written;
  return `${shown}, a whole number too large to hold exactly (the largest is ${Number.MAX_SAFE_INTEGER})`;
}

/** What a number breaks of its option's bounds (`a whole number`, `at least 1`), if anything. */
function outOfBounds(option: RuleOption, value: number): string | undefined {
  const wanted = [option.integer ? 'a whole number' : undefined, option.minimum !== undefined ? `at least ${option.minimum}` : undefined].filter(Boolean).join(', ');
  if (option.integer && !Number.isInteger(value)) return wanted;
  if (option.minimum !== undefined && value < option.minimum) return wanted;
  return undefined;
}
