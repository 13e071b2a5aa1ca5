/**
 * Rule help pages (`rules/<id>.md`) for SARIF `rules[].help`. Read synchronously because `toSarif` is
 * synchronous (it is library API) and there are only a handful of small pages; cached per process.
 */
import { readFileSync } from 'node:fs';

export interface RuleHelp {
  markdown: string;
  text: string;
}

/**
 * The pages' folder. From `src/report/help.ts` this is the repository's `rules/`; from the compiled
 * `dist/src/report/help.js` it is `dist/rules/`, where the build copies the pages; from the bundled
 * CLI (`dist/cli/*.js`) it is the package's own `rules/` (published with the package).
 */
export const RULE_PAGES_DIR = new URL('../../rules/', import.meta.url);

const cache = new Map<string, RuleHelp | undefined>();

/** The help page of a rule, or undefined when it has none (callers fall back to `fullDescription`). */
export function loadRuleHelp(ruleId: string, pagesDir: URL = RULE_PAGES_DIR): RuleHelp | undefined {
  // Rule ids become file names: anything but a plain id must not walk out of the pages folder.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(ruleId) || ruleId.includes('..')) return undefined;
  const key = `${pagesDir.href}\u0000${ruleId}`;
  if (cache.has(key)) return cache.get(key);
  let help: RuleHelp | undefined;
  try {
    const markdown = readFileSync(new URL(`${ruleId}.md`, pagesDir), 'utf8').replace(/\r\n?/g, '\n').trim();
    help = markdown === '' ? undefined : { markdown: `${markdown}\n`, text: markdownToText(markdown) };
  } catch {
    help = undefined;
  }
  cache.set(key, help);
  return help;
}

/**
 * Markdown as readable plain text, for SARIF consumers that do not render markdown: headings lose
 * their `#`, fenced code becomes indented text, links read "text (url)", emphasis marks go.
 */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  let inComment = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = undefined;
      else out.push(line.trim() === '' ? '' : `    ${line}`);
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      continue;
    }
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    if (/^\s*<!--/.test(line) && !line.includes('-->')) {
      inComment = true;
      continue;
    }
    if (/^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$/.test(line)) continue; // a table's header rule
    out.push(textLine(line.replace(/<!--.*?-->/g, '')));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function textLine(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return inline(heading[1]!);
  return inline(
    line
      .replace(/^(\s*)>\s?/, '$1') // block quote
      .replace(/^(\s*)[*+]\s+/, '$1- '), // bullets all read as "- "
  );
}

function inline(text: string): string {
  const linked = text
    // Images and links: "text (url)", or just the url when the text is the url.
    .replace(/!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
      label === '' || label === url ? url : `${label} (${url})`,
    )
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1'); // autolinks
  // Odd parts are code spans: lose the backticks but keep their `*` and `_` (globs, snake_case).
  return linked
    .split(/(`+[^`]+?`+)/)
    .map((part, i) => (i % 2 === 1 ? part.replace(/^`+|`+$/g, '') : unemphasize(part)))
    .join('')
    .replace(/\s+$/, '');
}

function unemphasize(text: string): string {
  return text
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])/g, '$1')
    .replace(/(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])/g, '$1');
}
