/**
 * Command-line parsing for every command, on `node:util` `parseArgs` (no dependency: a CLI-parsing
 * package costs start-up time on every run). A command declares its options once, in a table; the
 * same table gives the parser, the typed flags and the `--help` text.
 *
 * `parseArgs` only tokenizes here (`-fjson`, `-vh`, `--opt=value`, `--`); the tokens are checked by
 * `readTokens`, not by `strict: true`, whose errors are fixed English text that names no option we
 * could look up: our messages name the option as declared, list its choices and suggest a spelling.
 */
import { parseArgs } from 'node:util';
import { closest } from '../core/suggest.js';
import { UsageError } from './errors.js';
import { standardOutput } from './stdio.js';

export interface OptionSpec {
  /** `--<long>`. */
  readonly long: string;
  /** `-<short>`, one letter. */
  readonly short?: string;
  /** The value placeholder in help (`<format>`); an option without one is a boolean flag. */
  readonly value?: string;
  readonly choices?: readonly string[];
  readonly default?: string;
  /** Every value is kept, in order (a string array); otherwise the last occurrence wins. */
  readonly repeatable?: boolean;
  /** Help for `--<long>`; omitted, only `--no-<long>` is offered (`--no-color`). */
  readonly help?: string;
  /** Also offers `--no-<long>`, which sets the flag to false; this is its help. */
  readonly negation?: string;
}

/** Options by the name of the flag they set (`failLevel` for `--fail-level`); the order is the help's. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { repeatable: true }
  ? string[]
  : S extends { value: string }
    ? (S extends { choices: readonly (infer C extends string)[] } ? C : string) | (S extends { default: string } ? never : undefined) | (S extends { negation: string } ? false : never)
    : boolean | undefined;

export type Flags<T extends OptionTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

export interface CommandSpec<T extends OptionTable> {
  /** As typed: `flowguard graph`. */
  readonly name: string;
  readonly description: string;
  /** The variadic positional argument, for the usage line and help. Undeclared positionals are still returned: the command decides what they mean. */
  readonly positionals?: { readonly name: string; readonly help: string };
  readonly options: T;
  /** Offers `-v, --version`. */
  readonly version?: string;
  /** Printed after the options in `--help`. */
  readonly epilogue?: string;
}

export interface ParsedArgs<T extends OptionTable> {
  flags: Flags<T>;
  positionals: string[];
}

const HELP: OptionSpec = { long: 'help', short: 'h', help: 'display help for command' };
const VERSION: OptionSpec = { long: 'version', short: 'v', help: 'output the version number' };

/** One spelling of an option: `--config` and `--no-config` are two, setting the same flag. */
interface Spelling {
  key: string;
  spec: OptionSpec;
  negated: boolean;
}

/**
 * Parses a command's arguments. Returns 0 when the command is already answered (`--help`, `--version`
 * printed on stdout), else the flags and positionals; bad input throws a UsageError (exit 2).
 */
export function parseCommand<T extends OptionTable>(command: CommandSpec<T>, args: readonly string[]): ParsedArgs<T> | number {
  const spellings = new Map<string, Spelling>();
  const builtins: Record<string, OptionSpec> = command.version === undefined ? { help: HELP } : { version: VERSION, help: HELP };
  for (const [key, spec] of Object.entries({ ...builtins, ...command.options })) {
    if (spec.help !== undefined) spellings.set(spec.long, { key, spec, negated: false });
    if (spec.negation !== undefined) spellings.set(`no-${spec.long}`, { key, spec, negated: true });
  }
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, { spec, negated }] of spellings) {
    const type = spec.value !== undefined && !negated ? 'string' : 'boolean';
    config[name] = spec.short !== undefined && !negated ? { type, short: spec.short } : { type };
  }
  const { tokens } = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true });

  // Like git and commander: asking for help (or the version) answers that, whatever else is on the line.
  const asked = (name: string) => tokens.some((token) => token.kind === 'option' && token.name === name);
  if (asked('help')) {
    standardOutput.write(formatHelp(command));
    return 0;
  }
  if (command.version !== undefined && asked('version')) {
    standardOutput.write(`${command.version}\n`);
    return 0;
  }
  return readTokens(command, spellings, tokens);
}

type Tokens = ReturnType<typeof parseArgs<{ tokens: true; strict: false }>>['tokens'];

function readTokens<T extends OptionTable>(command: CommandSpec<T>, spellings: Map<string, Spelling>, tokens: Tokens): ParsedArgs<T> {
  const hint = `run '${command.name} --help' for the options`;
  const fail = (message: string) => new UsageError(message, hint);
  const values: Record<string, string | string[] | boolean | undefined> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spelling = spellings.get(token.name);
    if (spelling === undefined) {
      throw fail(`unknown option '${token.rawName}'${token.rawName.startsWith('--') ? suggest(token.name, [...spellings.keys()], '--') : ''}`);
    }
    const { key, spec, negated } = spelling;
    const name = negated ? `--no-${spec.long}` : `--${spec.long}`;
    if (spec.value === undefined || negated) {
      if (token.value !== undefined) throw fail(`option '${name}' takes no value (got '${token.value}')`);
      values[key] = !negated;
      continue;
    }
    const usage = `${name} ${spec.value}`;
    const expected = spec.choices ? `: ${spec.choices.join(', ')}` : '';
    // parseArgs takes whatever follows as the value; `--format --output x` is a forgotten value, not
    // a format named "--output". A negative number is left to the option's own check.
    if (token.value === undefined || (!token.inlineValue && /^-\D/.test(token.value))) {
      const escape = token.value === undefined || token.value === '--' ? '' : ` (if '${token.value}' is the value, write ${name}=${token.value})`;
      throw fail(`option '${usage}' needs a value${expected}${escape}`);
    }
    // `--config=` or `--output ""` (an unset shell variable): no option takes an empty value, and read
    // as a path it would name the working directory ("cannot read : is a directory").
    if (token.value === '') throw fail(`option '${usage}' needs a value, not an empty one${spec.choices ? `; use one of ${spec.choices.join(', ')}` : ''}`);
    if (spec.choices && !spec.choices.includes(token.value)) {
      throw fail(`option '${usage}' does not accept '${token.value}'; use one of ${spec.choices.join(', ')}${suggest(token.value, spec.choices)}`);
    }
    if (spec.repeatable) values[key] = [...((values[key] as string[] | undefined) ?? []), token.value];
    else values[key] = token.value;
  }
  for (const [key, spec] of Object.entries(command.options)) {
    if (values[key] === undefined) values[key] = spec.repeatable ? [] : spec.default;
  }
  return { flags: values as Flags<T>, positionals };
}

function suggest(word: string, candidates: readonly string[], prefix = ''): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean '${prefix}${match}'?)`;
}

/** Laid out like commander's help, which users (and tests) already know: a term column, then wrapped text. */
export function formatHelp(command: CommandSpec<OptionTable>, width = standardOutput.columns ?? 80): string {
  const rows: [string, string][] = [];
  const options = command.version === undefined ? { ...command.options, help: HELP } : { version: VERSION, ...command.options, help: HELP };
  for (const spec of Object.values(options)) {
    const extras = [spec.choices && `choices: ${spec.choices.map((c) => `"${c}"`).join(', ')}`, spec.default !== undefined && `default: "${spec.default}"`].filter(Boolean);
    const term = `${spec.short ? `-${spec.short}, ` : ''}--${spec.long}${spec.value ? ` ${spec.value}` : ''}`;
    if (spec.help !== undefined) rows.push([term, extras.length ? `${spec.help} (${extras.join(', ')})` : spec.help]);
    if (spec.negation !== undefined) rows.push([`--no-${spec.long}`, spec.negation]);
  }
  const argument = command.positionals;
  const column = Math.max(...rows.map(([term]) => term.length), argument?.name.length ?? 0) + 2;
  const row = ([term, text]: [string, string]) => `  ${term.padEnd(column)}${wrap(text, width - column - 2).join(`\n${' '.repeat(column + 2)}`)}\n`;
  let help = `Usage: ${command.name} [options]${argument ? ` [${argument.name}...]` : ''}\n\n${wrap(command.description, width).join('\n')}\n\n`;
  if (argument) help += `Arguments:\n${row([argument.name, argument.help])}\n`;
  help += `Options:\n${rows.map(row).join('')}`;
  return command.epilogue === undefined ? help : `${help}\n${command.epilogue}`;
}

/** Greedy word wrap; a narrow terminal gets unwrapped lines rather than a one-word column. */
function wrap(text: string, width: number): string[] {
  if (width < 40) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}
