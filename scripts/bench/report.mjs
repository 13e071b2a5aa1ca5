// The result table (Markdown) and docs/performance.md.
import { readFileSync, writeFileSync } from 'node:fs';

const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const mb = (value) => (value >= 10 ? fmt(value, 1) : value >= 1 ? fmt(value, 2) : fmt(value, 3));

export function verdict(row) {
  if (row.status === 'error') return '✘ error';
  if (row.status === 'unsupported') return '– not yet supported';
  const failed = row.targets.filter((t) => !t.ok).map((t) => t.name);
  return failed.length === 0 ? '✔' : `✘ ${failed.join(', ')}`;
}

export function table(rows) {
  const head = ['input', 'size MB', 'baseline ms', 'flowguard ms', 'ratio', 'CPU ms base / fg (ratio)', 'MB/s', 'peak RSS MB', 'target', '✔/✘', 'notes'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i === 0 || i >= 8 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) {
    const cells = [
      row.input,
      row.sizeText ?? mb(row.sizeMB),
      row.baselineText ?? fmt(row.baselineMs),
      row.fullText ?? fmt(row.fullMs),
      Number.isFinite(row.ratio) ? `${fmt(row.ratio, 2)}×` : '–',
      `${fmt(row.baselineCpuMs)} / ${fmt(row.fullCpuMs)} (${fmt(row.fullCpuMs / row.baselineCpuMs, 2)}×)`,
      Number.isFinite(row.mbps) ? fmt(row.mbps, 1) : '–',
      fmt(row.rssMB),
      row.targets.map((t) => t.text).join('; '),
      verdict(row),
      row.notes.join('; '),
    ];
    lines.push(`| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The first heading after the table: what follows it is prose that people write, kept as it is. */
const PROSE_START = '\n## ';

/**
 * Rewrites the head of docs/performance.md (date, machine, table, notes) and keeps the rest, the
 * explanations and the history of what was measured, which people write and a run must not lose.
 */
export function writeDoc(path, { rows, machine, notes, date }) {
  const head = `# Performance

Latest \`npm run bench\`: ${date}, ${machine}.

${table(rows)}

${notes.length ? `${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
  writeFileSync(path, `${head}${proseOf(path)}`);
}

function proseOf(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return '';
  }
  const at = text.indexOf(PROSE_START, text.indexOf('\n|'));
  return at < 0 ? '' : text.slice(at);
}
