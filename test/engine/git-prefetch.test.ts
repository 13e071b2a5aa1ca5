/**
 * `Revision.prefetch` (one `cat-file --batch`, one `check-ignore --stdin`) answers as the single git
 * runs it replaces: file texts, folder listings and ignore checks, also for odd names, folders read as
 * files, symlinks, absent paths and non-UTF-8 bytes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRevision } from '../../src/engine/changed-since/git.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: tmpdir() };

function git(dir: string, ...args: string[]): void {
  const run = spawnSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
}

describe.skipIf(process.platform === 'win32')('Revision.prefetch', () => {
  it('reads, lists and checks ignores as the single git runs do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowguard-prefetch-'));
    dirs.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    const files: Record<string, string | Buffer> = {
      '.gitignore': 'build/\n*.log\n!keep.log\n',
      'a.yaml': 'Resources: {}\n',
      'with space/é ü.yaml': 'x: 1\n',
      'tf/main.tf': 'resource "a" "b" {}\n',
      'tf/nested/x.tf': '',
      'latin1.yaml': Buffer.from([0x61, 0xe9, 0x0a]),
      'empty.json': '',
      // A name no batch line can carry: read on its own.
      'line\nbreak.yaml': 'y: 2\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    symlinkSync('a.yaml', join(dir, 'link.yaml'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    const paths = [...Object.keys(files), 'link.yaml', 'tf', 'missing.yaml', 'tf/missing/x.tf', 'build/out.json', 'x.log', 'keep.log', 'a.yaml/below', '../outside.yaml'].map((p) => join(dir, p));
    const folders = ['.', 'tf', 'tf/nested', 'with space', 'missing', 'a.yaml'].map((p) => join(dir, p));
    const answers = (prefetch: boolean) => {
      const revision = openRevision(dir, 'main');
      if (prefetch) revision.prefetch({ read: paths, list: folders, ignored: paths });
      return { read: paths.map((p) => revision.read(p)), list: folders.map((p) => revision.list(p)), ignored: paths.map((p) => revision.ignored(p)) };
    };
    const single = answers(false);
    expect(single.read[1]).toBe('Resources: {}\n');
    expect(single.ignored.filter(Boolean)).toHaveLength(2);
    expect(answers(true)).toEqual(single);
  });

  // Hostile names and changes (issue 5's hostile round): quotes, tabs, a leading dash, a trailing
  // space, names git would read as pathspec magic or globs, a folder that is a file now and a file
  // that is a folder now, symlinks out of the repository and to a folder, a binary blob; in both
  // object formats, since a tree's entries carry hashes of 20 or 32 bytes.
  for (const objectFormat of ['sha1', 'sha256']) {
    it(`answers as the single git runs do for hostile names (${objectFormat})`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'flowguard-prefetch-'));
      dirs.push(dir);
      git(dir, 'init', '-q', '-b', 'main', `--object-format=${objectFormat}`);
      git(dir, 'config', 'core.quotePath', 'true');
      const files: Record<string, string | Buffer> = {
        '.gitignore': '[ab]/\n:x\n*.log\n',
        'q"uo\'te.yaml': 'q: 1\n',
        'tab\there.yaml': 't: 1\n',
        '-dash.yaml': 'd: 1\n',
        'trail.yaml ': 's: 1\n',
        ':x': 'colon',
        ':(glob)y/z.tf': 'magic',
        '[ab]/x.tf': 'glob folder',
        'a/x.tf': 'plain folder',
        'star*.tf': 'star',
        'was-folder/f.yaml': 'f: 1\n',
        'is-folder-now.yaml': 'n: 1\n',
        'bin.dat': Buffer.from([0, 1, 0xff, 0, 10]),
      };
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      symlinkSync('/etc', join(dir, 'out'));
      symlinkSync('a', join(dir, 'to-folder'));
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'base');
      rmSync(join(dir, 'was-folder'), { recursive: true });
      writeFileSync(join(dir, 'was-folder'), 'a file now');
      unlinkSync(join(dir, 'is-folder-now.yaml'));
      mkdirSync(join(dir, 'is-folder-now.yaml'));
      writeFileSync(join(dir, 'is-folder-now.yaml/x.yaml'), 'x: 1\n');
      const names = [...Object.keys(files), ':(glob)y', '[ab]', 'a', 'out', 'out/hostname', 'to-folder', 'to-folder/x.tf', 'was-folder', 'was-folder/f.yaml', 'is-folder-now.yaml', 'is-folder-now.yaml/x.yaml', '.'];
      const paths = names.map((name) => join(dir, name));
      const answers = (prefetch: boolean) => {
        const revision = openRevision(dir, 'main');
        if (prefetch) revision.prefetch({ read: paths, list: paths, ignored: paths });
        return names.map((name, i) => ({ name, read: revision.read(paths[i]!), list: revision.list(paths[i]!), ignored: revision.ignored(paths[i]!) }));
      };
      const single = answers(false);
      expect(single.find((a) => a.name === 'q"uo\'te.yaml')?.read).toBe('q: 1\n');
      expect(single.find((a) => a.name === '[ab]')?.list).toEqual(['x.tf']);
      // A name that starts with `:` is a path, not pathspec magic: `:(glob)y` lists its own file, and
      // `:x`, ignored by the rule `:x`, is ignored (check-ignore read it as `x`).
      expect(single.find((a) => a.name === ':(glob)y')?.list).toEqual(['z.tf']);
      expect(single.find((a) => a.name === ':x')?.ignored).toBe(true);
      expect(answers(true)).toEqual(single);
    });
  }
});
