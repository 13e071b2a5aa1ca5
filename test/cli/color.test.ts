/**
 * Colour in the text output, decided as chalk and ESLint decide: `--color` / `--no-color` win, then
 * `FORCE_COLOR` (set, not empty, not `0`: on), then `NO_COLOR`, then whether stdout is a terminal.
 * A report written with `--output` never has colour; the summary on the terminal follows the rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { colorEnabled } from '../../src/cli/color.js';
import { BUILD_TIMEOUT_MS, ensureBuilt, expectOrderlyExit, fixtureCopies, runCli, runOnTerminal } from './helpers.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);

const fixture = fixtureCopies();

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[/;

describe('colour through a pipe', () => {
  it('is off by default, on with --color or FORCE_COLOR, and the report is otherwise the same', () => {
    const cwd = fixture('findings');
    const plain = runCli([], { cwd });
    expect(plain.stdout).not.toMatch(ANSI);
    for (const forced of [runCli(['--color'], { cwd }), runCli([], { cwd, env: { FORCE_COLOR: '1' } }), runCli([], { cwd, env: { FORCE_COLOR: 'true' } })]) {
      expectOrderlyExit(forced);
      expect(forced.status).toBe(1);
      expect(forced.stdout).toMatch(ANSI);
      // eslint-disable-next-line no-control-regex
      expect(forced.stdout.replace(/\x1b\[\d+m/g, '')).toBe(plain.stdout);
    }
  });

  it('FORCE_COLOR=0, or empty, forces nothing', () => {
    const cwd = fixture('findings');
    expect(runCli([], { cwd, env: { FORCE_COLOR: '0' } }).stdout).not.toMatch(ANSI);
    expect(runCli([], { cwd, env: { FORCE_COLOR: '' } }).stdout).not.toMatch(ANSI);
  });

  it('the flag wins over the environment: --color over NO_COLOR, --no-color over FORCE_COLOR', () => {
    const cwd = fixture('findings');
    expect(runCli(['--color'], { cwd, env: { NO_COLOR: '1' } }).stdout).toMatch(ANSI);
    expect(runCli(['--no-color'], { cwd, env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(ANSI);
    // The last spelling on the line decides, as for every negatable flag.
    expect(runCli(['--color', '--no-color'], { cwd }).stdout).not.toMatch(ANSI);
  });

  it('never colours an --output file, even with --color; the summary on stdout is coloured', () => {
    const cwd = fixture('findings');
    const run = runCli(['--color', '--output', 'report.txt'], { cwd });
    expectOrderlyExit(run);
    expect(run.stdout).toMatch(ANSI);
    expect(readFileSync(join(cwd, 'report.txt'), 'utf8')).toBe(runCli([], { cwd }).stdout);
  });
});

describe.runIf(process.platform === 'linux')('colour on a terminal (a pseudo-terminal from script(1))', () => {
  it('is on by default, off with NO_COLOR, FORCE_COLOR=0 or --no-color, and the report is otherwise the same', () => {
    const cwd = fixture('findings');
    const plain = runCli([], { cwd }).stdout;
    const coloured = runOnTerminal([], { cwd });
    expectOrderlyExit(coloured);
    expect(coloured.status).toBe(1);
    expect(coloured.stdout).toMatch(ANSI);
    // eslint-disable-next-line no-control-regex
    expect(coloured.stdout.replace(/\x1b\[\d+m/g, '')).toBe(plain);
    for (const off of [runOnTerminal([], { cwd, env: { NO_COLOR: '1' } }), runOnTerminal([], { cwd, env: { FORCE_COLOR: '0' } }), runOnTerminal(['--no-color'], { cwd })]) {
      expect(off.status).toBe(1);
      expect(off.stdout).toBe(plain);
    }
  });

  it('is off on a dumb terminal (TERM=dumb)', () => {
    const cwd = fixture('findings');
    expect(runOnTerminal([], { cwd, env: { TERM: 'dumb' } }).stdout).toBe(runCli([], { cwd }).stdout);
  });
});

describe('colorEnabled', () => {
  it.each([
    ['a terminal', undefined, true, {}, true],
    ['a pipe', undefined, false, {}, false],
    ['--color on a pipe', true, false, {}, true],
    ['--no-color on a terminal', false, true, {}, false],
    ['FORCE_COLOR=1 on a pipe', undefined, false, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=3 on a pipe', undefined, false, { FORCE_COLOR: '3' }, true],
    ['FORCE_COLOR=0 on a terminal', undefined, true, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false on a terminal', undefined, true, { FORCE_COLOR: 'false' }, false],
    ['FORCE_COLOR empty on a pipe', undefined, false, { FORCE_COLOR: '' }, false],
    ['NO_COLOR on a terminal', undefined, true, { NO_COLOR: '1' }, false],
    ['NO_COLOR empty on a terminal', undefined, true, { NO_COLOR: '' }, true],
    ['FORCE_COLOR over NO_COLOR', undefined, false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    ['--no-color over FORCE_COLOR', false, true, { FORCE_COLOR: '1' }, false],
    ['--color over NO_COLOR', true, false, { NO_COLOR: '1' }, true],
  ] as const)('%s', (_name, flag, isTTY, env, expected) => {
    expect(colorEnabled(flag, { isTTY }, env)).toBe(expected);
  });
});
