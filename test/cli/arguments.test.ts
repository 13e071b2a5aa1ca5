/**
 * The command line itself (`src/cli/args.ts`): option spellings, values, repeatable and negated flags,
 * `--`, help and version, and the one-line usage errors (exit 2, never a stack trace). The parser is
 * tested directly; what users see is tested on the built CLI.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatHelp, parseCommand, type CommandSpec, type OptionTable } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';
import { BUILD_TIMEOUT_MS, CLI, fixtureCopies, ensureBuilt, expectOrderlyExit, FIXTURES, runCli, SHORT_RETENTION } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const fixture = fixtureCopies();

const OPTIONS = {
  format: { long: 'format', short: 'f', value: '<format>', choices: ['text', 'json'], default: 'text', help: 'output format' },
  output: { long: 'output', short: 'o', value: '<file>', help: 'write to a file' },
  context: { long: 'context', value: '<path>', repeatable: true, help: 'also read this path' },
  config: { long: 'config', value: '<file>', help: 'read this file', negation: 'read no file' },
  strict: { long: 'strict', help: 'be strict', negation: 'be lenient' },
  color: { long: 'color', negation: 'never colour' },
  depth: { long: 'depth', value: '<n>', help: 'how deep' },
} as const satisfies OptionTable;

const COMMAND: CommandSpec<typeof OPTIONS> = { name: 'tool', description: 'A test command.', positionals: { name: 'paths', help: 'inputs' }, options: OPTIONS };

function parse(...args: string[]) {
  const parsed = parseCommand(COMMAND, args);
  if (typeof parsed === 'number') throw new Error('answered help or version');
  return parsed;
}

function usageError(...args: string[]): UsageError {
  try {
    parse(...args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).hint).toBe("run 'tool --help' for the options");
    return error as UsageError;
  }
  throw new Error(`no error for ${args.join(' ')}`);
}

describe('parseCommand', () => {
  it('gives defaults: the declared default, [] for a repeatable option, undefined otherwise', () => {
    expect(parse()).toEqual({ flags: { format: 'text', output: undefined, context: [], config: undefined, strict: undefined, color: undefined, depth: undefined }, positionals: [] });
  });

  it('takes values as the next argument, after =, and glued to a short option', () => {
    expect(parse('--format', 'json', '--output=report.txt').flags).toMatchObject({ format: 'json', output: 'report.txt' });
    expect(parse('-f', 'json', '-o', 'out').flags).toMatchObject({ format: 'json', output: 'out' });
    expect(parse('-fjson', '-oout').flags).toMatchObject({ format: 'json', output: 'out' });
    expect(parse('--output=--strange').flags.output).toBe('--strange');
  });

  it('keeps every value of a repeatable option in order; otherwise the last one wins', () => {
    const { flags } = parse('--context', 'b', '--format', 'json', '--context=a', '--context', 'c', '--format', 'text');
    expect(flags.context).toEqual(['b', 'a', 'c']);
    expect(flags.format).toBe('text');
  });

  it('--no-<flag> sets false, and the last spelling wins', () => {
    expect(parse('--no-color').flags.color).toBe(false);
    expect(parse('--strict', '--no-strict').flags.strict).toBe(false);
    expect(parse('--no-strict', '--strict').flags.strict).toBe(true);
    expect(parse('--config', 'a.yaml', '--no-config').flags.config).toBe(false);
    expect(parse('--no-config', '--config', 'a.yaml').flags.config).toBe('a.yaml');
  });

  it('keeps positionals in place among options; after -- everything is a positional', () => {
    expect(parse('a', '--strict', 'b').positionals).toEqual(['a', 'b']);
    const { flags, positionals } = parse('a', '--', '-x.yaml', '--format', '--');
    expect(positionals).toEqual(['a', '-x.yaml', '--format', '--']);
    expect(flags.format).toBe('text');
    expect(parse('-').positionals).toEqual(['-']);
  });

  it('takes a negative number as a value, for the option to judge', () => {
    expect(parse('--depth', '-5').flags.depth).toBe('-5');
  });

  it('rejects an unknown option, suggesting a close spelling', () => {
    expect(usageError('--formt', 'json').message).toBe("unknown option '--formt' (did you mean '--format'?)");
    expect(usageError('--colour').message).toBe("unknown option '--colour'");
    expect(usageError('--no-colour').message).toBe("unknown option '--no-colour' (did you mean '--no-color'?)");
    expect(usageError('--color').message).toBe("unknown option '--color' (did you mean '--no-color'?)");
    expect(usageError('-x').message).toBe("unknown option '-x'");
    expect(usageError('-sx').message).toBe("unknown option '-s'");
  });

  it('rejects a missing value, naming the choices', () => {
    expect(usageError('--format').message).toBe("option '--format <format>' needs a value: text, json");
    expect(usageError('-f').message).toBe("option '--format <format>' needs a value: text, json");
    expect(usageError('--depth').message).toBe("option '--depth <n>' needs a value");
  });

  it('takes an option after a value-taking option as a forgotten value, not as the value', () => {
    expect(usageError('--output', '--format', 'json').message).toBe("option '--output <file>' needs a value (if '--format' is the value, write --output=--format)");
    expect(usageError('--output', '--', 'x').message).toBe("option '--output <file>' needs a value");
  });

  it('rejects a value not among the choices, naming them', () => {
    expect(usageError('--format', 'xml').message).toBe("option '--format <format>' does not accept 'xml'; use one of text, json");
    expect(usageError('-fjsno').message).toBe("option '--format <format>' does not accept 'jsno'; use one of text, json (did you mean 'json'?)");
  });

  it('rejects an empty value (--config=, or an unset shell variable), which as a path would name the working directory', () => {
    expect(usageError('--output=').message).toBe("option '--output <file>' needs a value, not an empty one");
    expect(usageError('--config', '').message).toBe("option '--config <file>' needs a value, not an empty one");
    expect(usageError('--context=').message).toBe("option '--context <path>' needs a value, not an empty one");
    expect(usageError('-f', '').message).toBe("option '--format <format>' needs a value, not an empty one; use one of text, json");
  });

  it('rejects a value given to a flag', () => {
    expect(usageError('--strict=yes').message).toBe("option '--strict' takes no value (got 'yes')");
    expect(usageError('--no-color=1').message).toBe("option '--no-color' takes no value (got '1')");
  });
});

describe('formatHelp', () => {
  const help = formatHelp({ ...COMMAND, version: '1.2.3', epilogue: 'More:\n  tool other  another command\n' }, 80);

  it('has the usage line, description, arguments, every option spelling, and the epilogue', () => {
    expect(help).toMatch(/^Usage: tool \[options\] \[paths\.\.\.\]\n\nA test command\.\n\nArguments:\n {2}paths +inputs\n\nOptions:\n {2}-v, --version +output the version number\n/);
    for (const term of ['-f, --format <format>', '-o, --output <file>', '--context <path>', '--config <file>', '--no-config', '--strict', '--no-strict', '--no-color', '-h, --help']) {
      expect(help).toMatch(new RegExp(`^ {2}${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} {2,}\\S`, 'm'));
    }
    expect(help).not.toMatch(/^ {2}--color/m);
    expect(help.replace(/\s+/g, ' ')).toContain('output format (choices: "text", "json", default: "text")');
    expect(help.endsWith('\nMore:\n  tool other  another command\n')).toBe(true);
  });

  it('wraps descriptions under their column', () => {
    const long = formatHelp({ name: 't', description: 'd', options: { a: { long: 'a', help: 'word '.repeat(30).trim() } } }, 60);
    const lines = long.split('\n').filter((line) => line.includes('word'));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines[1]).toMatch(/^ {14}word/); // under the text column: 2 + '-h, --help'.length + 2
  });
});

describe('the CLI', () => {
  it('prints help on stdout with -h and --help (also after other options), exit 0', () => {
    for (const args of [['-h'], ['--help'], ['--bogus', '--help'], ['graph', '-h'], ['rules', '-h']]) {
      const run = runCli(args, { cwd: FIXTURES });
      expectOrderlyExit(run);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Usage: flowguard/);
      expect(run.stderr).toBe('');
    }
    const help = runCli(['--help'], { cwd: FIXTURES }).stdout;
    expect(help.replace(/\s+/g, ' ')).toContain('Lint AWS CloudFormation templates and Terraform (.tf source, plan and state JSON) for VPC flow logs');
    expect(help).toContain('--max-reference-depth <n>');
    expect(help).toContain('--file-time-budget <seconds>');
    expect(help).toMatch(/\nCommands \(first argument; lint a file named "rules" as \.\/rules\):\n {2}flowguard rules \[options\] +list the rules/);
  });

  it('prints the version with -v and --version on the lint command only', () => {
    for (const flag of ['-v', '--version']) {
      const run = runCli([flag], { cwd: FIXTURES });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    }
    const rules = runCli(['rules', '--version'], { cwd: FIXTURES });
    expect(rules.status).toBe(2);
    expect(rules.stderr).toBe("flowguard: unknown option '--version'\nrun 'flowguard rules --help' for the options\n");
  });

  it('an unknown option: one line with a suggestion, then where to look; exit 2', () => {
    const run = runCli(['--formt', 'json', '.'], { cwd: fixture('clean') });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("flowguard: unknown option '--formt' (did you mean '--format'?)\nrun 'flowguard --help' for the options\n");
  });

  it('takes --opt=value and short forms (-f sarif, -o file)', () => {
    const cwd = fixture('findings');
    const long = runCli(['--format=compact', '--fail-level=none'], { cwd });
    expect(long.status).toBe(0);
    expect(long.stdout).toMatch(/: error: .*\[vpc-flow-logs\]$/m);
    const short = runCli(['-f', 'sarif', '-o', 'out.sarif'], { cwd });
    expectOrderlyExit(short);
    expect(short.status).toBe(1);
    expect(short.stdout).toMatch(/problems/);
    expect(runCli(['-fjson'], { cwd }).stdout).toMatch(/^\[/);
  });

  it('accepts --no-color (colour is for terminals only, so the report is the same here)', () => {
    const cwd = fixture('findings');
    const plain = runCli(['--no-color'], { cwd });
    expectOrderlyExit(plain);
    expect(plain.status).toBe(1);
    expect(plain.stdout).toBe(runCli([], { cwd }).stdout);
  });

  it('--config= (empty) says the option needs a value, not that a file cannot be read', () => {
    const run = runCli(['--config=', '.'], { cwd: fixture('clean') });
    expectOrderlyExit(run);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("flowguard: option '--config <file>' needs a value, not an empty one\nrun 'flowguard --help' for the options\n");
  });

  it('after --, a path that starts with - is a path', () => {
    const cwd = fixture('clean');
    writeFileSync(join(cwd, '-retention.yaml'), SHORT_RETENTION);
    const run = runCli(['--format', 'compact', '--', '-retention.yaml'], { cwd });
    expectOrderlyExit(run);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^-retention\.yaml:6:24: error: .*\[log-group-retention\]\n$/);
    const unmarked = runCli(['--format', 'compact', '-retention.yaml'], { cwd });
    expect(unmarked.status).toBe(2);
    expect(unmarked.stderr).toMatch(/^flowguard: unknown option '-r'/);
  });

  it('a reader that goes away (flowguard | head) ends the run quietly, with its own exit code', async () => {
    const child = spawn(process.execPath, [CLI, '--format', 'json', '--fail-level', 'none', '.'], { cwd: fixture('findings'), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
