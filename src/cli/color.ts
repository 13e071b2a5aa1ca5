/**
 * Whether the text output is in colour, decided as chalk (supports-color) and ESLint decide, so a user
 * can force it through a pipe (`flowguard --color | less -R`, `FORCE_COLOR=1` in CI logs that render it):
 *   1. `--color` / `--no-color`: the command line wins over the environment;
 *   2. `FORCE_COLOR`: set and not empty, colour unless it is `0` or `false` (chalk's off values);
 *   3. `NO_COLOR` (https://no-color.org): set and not empty, no colour;
 *   4. otherwise colour on a terminal, unless it is a dumb one (`TERM=dumb`).
 * `FORCE_COLOR` wins over `NO_COLOR`, as in Node's own `tty.getColorDepth`.
 */
export function colorEnabled(flag: boolean | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env['NO_COLOR']) return false;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}
