/**
 * The human format, shaped like ESLint's "stylish": findings grouped under their file, aligned
 * `line:col  level  message  rule` rows, and one summary line. Related locations and suppressed
 * findings are left out to keep it short; the summary counts the suppressed ones.
 */
import { isAbsolute, posix, relative, resolve } from 'node:path';
import type { Level, ToolNotification } from '../core/finding.js';
import type { LintResult } from '../core/result.js';
import {
  cleanPath,
  countFindings,
  isSuppressed,
  normalizeRegion,
  notificationMessage,
  printable,
  shownRoot,
  sortFindings,
  unmirroredNotifications,
} from './shared.js';

export interface TextOptions {
  /** ANSI colour; the CLI passes `process.stdout.isTTY && !NO_COLOR`. */
  color: boolean;
  /**
   * Where the user stands, so printed paths are relative to it: either relative to the repository
   * root (`infra/net`), or absolute together with `root`. Without it paths are repository-relative.
   */
  cwd?: string;
  /** Absolute path of the repository root; needed only when `cwd` is absolute. */
  root?: string;
}

interface Row {
  position: string;
  level: Level;
  message: string;
  extra: string;
  rule: string;
}

interface Group {
  header: string;
  rows: Row[];
}

/** A few SGR codes are all this needs; each style resets only itself so styles nest. */
const STYLES = {
  bold: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  underline: ['\x1b[4m', '\x1b[24m'],
  red: ['\x1b[31m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
  cyan: ['\x1b[36m', '\x1b[39m'],
  green: ['\x1b[32m', '\x1b[39m'],
} as const;

type Style = keyof typeof STYLES;

const LEVEL_STYLE: Record<Level, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

export function formatText(result: LintResult, options: TextOptions): string {
  return [...textPieces(result, options)].join('');
}

/** `formatText` in pieces (a file's header, then row by row), for a writer (see json-pieces.ts). */
export function* textPieces(result: LintResult, options: TextOptions): Generator<string> {
  const paint = painter(options.color);
  const display = (file: string): string => printable(displayPath(cleanPath(file), options));

  const groups = new Map<string, Group>();
  const groupOf = (key: string, header: string): Group => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { header, rows: [] }));
    return group;
  };

  for (const finding of sortFindings(result.findings)) {
    if (isSuppressed(finding)) continue;
    const file = cleanPath(finding.file);
    const region = normalizeRegion(finding.region);
    const related = finding.related.length;
    const root = shownRoot(finding);
    groupOf(`f:${file}`, display(file)).rows.push({
      position: `${region.startLine}:${region.startColumn}`,
      level: finding.level,
      message: printable(finding.message),
      // A module resource is reported in the module's file; its root says which instance it is.
      extra: `${root !== undefined ? ` (root ${display(cleanPath(root))})` : ''}${related > 0 ? ` (+${related} related)` : ''}`,
      rule: finding.ruleId,
    });
  }
  for (const n of unmirroredNotifications(result)) {
    // Run-level notifications (no file) get a group of their own, after the files (sorted last).
    const group = n.file === undefined ? groupOf('run', 'flowguard') : groupOf(`f:${cleanPath(n.file)}`, display(n.file));
    group.rows.push(notificationRow(n));
  }

  // Files in path order whatever the order rows arrived in; the run-level group stays last.
  const keys = [...groups.keys()].sort((a, b) => (a === 'run' ? 1 : b === 'run' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    const group = groups.get(key)!;
    yield paint(group.header, 'underline');
    for (const row of table(group.rows, paint)) yield `\n${row}`;
    yield '\n\n';
  }
  yield `${summary(result, paint)}\n`;
}

function notificationRow(n: ToolNotification): Row {
  const region = n.region ? normalizeRegion(n.region) : undefined;
  return {
    position: region ? `${region.startLine}:${region.startColumn}` : '',
    level: n.level,
    message: printable(notificationMessage(n)),
    extra: '',
    rule: '',
  };
}

/** Pads before painting: escape codes have no width, so alignment is computed on the plain text. */
function table(rows: Row[], paint: (text: string, ...styles: Style[]) => string): string[] {
  // Reduced, not spread into Math.max: a file with a few hundred thousand rows would overflow the stack.
  const widest = (width: (row: Row) => number): number => rows.reduce((max, row) => Math.max(max, width(row)), 0);
  const lineWidth = widest((r) => r.position.split(':')[0]!.length);
  const columnWidth = widest((r) => (r.position.split(':')[1] ?? '').length);
  const levelWidth = widest((r) => r.level.length);
  const widths = rows.map((r) => displayWidth(r.message) + displayWidth(r.extra));
  // A row wider than a terminal is not lined up with, nor lines the others up with it: a message that
  // quotes a 200,000-character value would pad every other row of its file with as many spaces.
  const messageWidth = widths.reduce((max, width) => (width <= MAX_ALIGNED_WIDTH ? Math.max(max, width) : max), 0);
  return rows.map((row, i) => {
    const [line = '', column = ''] = row.position.split(':');
    const position =
      row.position === ''
        ? ' '.repeat(lineWidth + 1 + columnWidth)
        : `${line.padStart(lineWidth)}:${column.padEnd(columnWidth)}`;
    const level = paint(row.level.padEnd(levelWidth), LEVEL_STYLE[row.level]);
    // A group of position-less rows (run-level notifications) has no position column at all.
    const cells = rows.some((r) => r.position !== '') ? [paint(position, 'dim'), level] : [level];
    if (row.rule === '') {
      cells.push(`${row.message}${paint(row.extra, 'dim')}`);
    } else {
      const pad = ' '.repeat(Math.max(0, messageWidth - widths[i]!));
      cells.push(`${row.message}${paint(row.extra, 'dim')}${pad}`, paint(row.rule, 'dim'));
    }
    return `  ${cells.join('  ')}`.trimEnd();
  });
}

/**
 * Columns `text` takes on a terminal, as wcwidth counts them: a resource id in CJK takes two columns
 * a character, a combining accent none. `.length` counts UTF-16 code units, which put the rule column
 * of such a row out of line with the others.
 */
export function displayWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  // Node 20's Intl.Segmenter takes time quadratic in the text's length (a second for 40,000
  // characters): a longer text, wider than any terminal anyway, is measured a code point at a time,
  // which counts an emoji sequence (👍🏽, a flag) as its parts.
  if (text.length > MAX_SEGMENTED_LENGTH) {
    for (const codePoint of text) width += graphemeWidth(codePoint);
    return width;
  }
  // Made on first use: most reports are ASCII, and startup is measured (SPEC §8).
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(text)) width += graphemeWidth(segment);
  return width;
}

/** Widest message (with its extra) that other rows are lined up with. */
const MAX_ALIGNED_WIDTH = 1000;
/** Longest text measured grapheme by grapheme. */
const MAX_SEGMENTED_LENGTH = 2000;

let graphemes: Intl.Segmenter | undefined;

function graphemeWidth(grapheme: string): number {
  const code = grapheme.codePointAt(0)!;
  if (/^\p{Extended_Pictographic}/u.test(grapheme) && (/^\p{Emoji_Presentation}/u.test(grapheme) || grapheme.includes('\uFE0F'))) return 2;
  if (WIDE.some(([from, to]) => code >= from && code <= to)) return 2;
  // A mark or format character alone (a zero-width space, a bidi control) takes no column.
  return /^[\p{Mn}\p{Me}\p{Cf}]/u.test(grapheme) ? 0 : 1;
}

/** East Asian Wide and Fullwidth blocks (Unicode UAX #11), coarsely: Hangul, CJK, kana, fullwidth forms. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1b000, 0x1b2ff],
  [0x1f200, 0x1f2ff],
  [0x20000, 0x3fffd],
];

/** Just the summary line, no trailing newline: what the CLI prints when `--output` takes the report. */
export function formatSummary(result: LintResult, options: Pick<TextOptions, 'color'>): string {
  return summary(result, painter(options.color));
}

function painter(color: boolean): (text: string, ...styles: Style[]) => string {
  return (text, ...styles) =>
    color && text !== '' ? styles.reduce((acc, style) => `${STYLES[style][0]}${acc}${STYLES[style][1]}`, text) : text;
}

function summary(result: LintResult, paint: (text: string, ...styles: Style[]) => string): string {
  const counts = countFindings(result.findings);
  const problems = counts.error + counts.warning + counts.note;
  if (problems === 0) {
    const files = result.files.length;
    const suppressed = counts.suppressed > 0 ? ` (${counts.suppressed} suppressed)` : '';
    // A path that does not exist, say: a tick would read as a clean run (the library's formatReport shows it).
    if (!result.executionSuccessful) return paint(`✖ the run failed (see above): ${files === 0 ? 'nothing linted' : `no problems in the ${plural(files, 'file')} linted`}`, 'red', 'bold');
    // No file linted (every named path ignored, said on stderr): "no problems in 0 files" reads as a miscount.
    if (files === 0 && counts.suppressed === 0) return paint('✔ nothing to lint', 'green', 'bold');
    return paint(`✔ no problems in ${plural(files, 'file')}${suppressed}`, 'green', 'bold');
  }
  const detail = `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}`;
  const suppressed = counts.suppressed > 0 ? `, ${counts.suppressed} suppressed` : '';
  const style: Style = counts.error > 0 ? 'red' : counts.warning > 0 ? 'yellow' : 'cyan';
  return paint(`✖ ${plural(problems, 'problem')} (${detail})${suppressed}`, style, 'bold');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function displayPath(file: string, options: TextOptions): string {
  const { cwd, root } = options;
  if (cwd === undefined || cwd === '' || cwd === '.') return file;
  if (isAbsolute(cwd)) return root !== undefined && isAbsolute(root) ? relative(cwd, resolve(root, file)) || file : file;
  return posix.relative(cleanPath(cwd), file) || file;
}
