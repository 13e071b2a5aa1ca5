/**
 * The examples of the rule help pages (rules/<id>.md, shipped as SARIF `rules[].help`) do what their
 * sections say: the code under "Example" is reported by the page's rule, the code under "Use instead"
 * is not, and the code under "Suppressing" leaves no finding of the rule unsuppressed.
 *
 * A "Use instead" block often shows only what changes ("`AppVpc` and `FlowLogBucket` stay as they
 * were"), so it is linted merged into its "Example": its resources (CloudFormation logical ids,
 * Terraform block headers) replace the example's, the rest of the example stays.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import type { Finding } from '../src/core/finding.js';
import { lint } from '../src/engine/lint.js';

type Format = 'CloudFormation' | 'Terraform';

interface Block {
  section: string;
  format: Format;
  code: string;
}

/** The fenced yaml and hcl blocks of a page, with the `##` section they sit in. */
function blocksOf(page: string): Block[] {
  const blocks: Block[] = [];
  let section = '';
  const lines = page.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const fence = /^```(yaml|hcl)$/.exec(line);
    if (!fence) continue;
    const code: string[] = [];
    for (i++; !lines[i]!.startsWith('```'); i++) code.push(lines[i]!);
    const text = `${code.join('\n')}\n`;
    // A `.flowguard.yaml` shown on the page is configuration, not a template.
    if (fence[1] === 'yaml' && !/^\s*Type: (AWS|Custom)::/m.test(text)) continue;
    blocks.push({ section, format: fence[1] === 'yaml' ? 'CloudFormation' : 'Terraform', code: text });
  }
  return blocks;
}

/** A snippet of resources (indented as under `Resources:`) becomes a template. */
function template(code: string): string {
  return /^Resources:/m.test(code) ? code : `Resources:\n${code}`;
}

/**
 * Top-level chunks keyed by what they declare: CloudFormation sections and their two-space entries
 * (`Resources/AppVpc`), Terraform blocks by their header line. Comment lines go with what follows.
 */
function chunks(code: string, format: Format): Map<string, string> {
  const found = new Map<string, string>();
  let pending: string[] = [];
  let key: string | undefined;
  let section = '';
  const start = (name: string, line: string) => {
    key = name;
    found.set(key, [...pending, line].join('\n'));
    pending = [];
  };
  for (const line of code.split('\n')) {
    const top = /^(\S[^:]*):/.exec(line);
    const entry = /^ {2}([A-Za-z0-9]+):/.exec(line);
    if (format === 'CloudFormation' && top && !line.startsWith('#')) {
      section = top[1]!;
      start(section, line);
    } else if (format === 'CloudFormation' && entry) start(`${section}/${entry[1]}`, line);
    // The header without a trailing comment: `resource "a" "b" {   # why` is the block `resource "a" "b" {`.
    else if (format === 'Terraform' && /^(resource|data|module|variable|locals|output)\b/.test(line)) start(line.replace(/\s*#.*$/, ''), line);
    else if (/^\s*#/.test(line) || line.trim() === '') pending.push(line);
    else if (key !== undefined) {
      found.set(key, `${found.get(key)}\n${[...pending, line].join('\n')}`);
      pending = [];
    }
  }
  return found;
}

/** The example with the replacement's chunks put in place of (or beside) its own. */
function merged(example: string, replacement: string, format: Format): string {
  const base = format === 'CloudFormation' ? template(example) : example;
  const changes = format === 'CloudFormation' ? template(replacement) : replacement;
  const result = chunks(base, format);
  for (const [key, text] of chunks(changes, format)) result.set(key, text);
  return `${[...result.values()].join('\n')}\n`;
}

async function findings(code: string, format: Format): Promise<Finding[]> {
  const document = format === 'CloudFormation' ? { path: 'template.yaml', text: template(code) } : { path: 'main.tf', text: code };
  return (await lint({ documents: [document] })).findings;
}

const suppressed = (f: Finding) => (f.suppressions?.length ?? 0) > 0;
/** An example that names what it does not declare is one CloudFormation or Terraform refuses: it would show that finding, not its own. */
const undeclared = (list: Finding[]) => show(list.filter((f) => /refuses the template: it declares no|(its|the calling) module declares no|module `[^`]+` declares no output/.test(f.message)));
const show = (list: Finding[]) => list.map((f) => `${f.ruleId} ${f.level}${suppressed(f) ? ' (suppressed)' : ''} ${f.resourceId}: ${f.message}`);

for (const { meta } of RULES) {
  const page = readFileSync(new URL(`../rules/${meta.id}.md`, import.meta.url), 'utf8');
  const blocks = blocksOf(page);
  const example = (format: Format) => blocks.find((b) => b.section === 'Example' && b.format === format);

  describe(`rules/${meta.id}.md`, () => {
    it('has an Example and a Use instead for CloudFormation and for Terraform', () => {
      for (const format of ['CloudFormation', 'Terraform'] as const) {
        expect(blocks.some((b) => b.section === 'Example' && b.format === format)).toBe(true);
        expect(blocks.some((b) => b.section === 'Use instead' && b.format === format)).toBe(true);
      }
    });

    blocks.forEach((block, index) => {
      const name = `${block.section} #${index + 1} (${block.format})`;
      if (block.section === 'Example') {
        it(`${name} is reported by ${meta.id} at level ${meta.defaultLevel}`, async () => {
          const found = await findings(block.code, block.format);
          const own = found.filter((f) => f.ruleId === meta.id && !suppressed(f) && f.level === meta.defaultLevel);
          expect(own, show(found).join('\n')).not.toHaveLength(0);
          expect(undeclared(found)).toEqual([]);
        });
      } else if (block.section === 'Use instead') {
        it(`${name} is not reported by ${meta.id}`, async () => {
          // Only the first example of a format is the one a lone "Use instead" block rewrites.
          const before = example(block.format);
          const code = before === undefined || blocks.filter((b) => b.section === 'Use instead' && b.format === block.format).length > 1 ? block.code : merged(before.code, block.code, block.format);
          const found = await findings(code, block.format);
          expect(show(found.filter((f) => f.ruleId === meta.id && !suppressed(f))), code).toEqual([]);
          expect(undeclared(found)).toEqual([]);
        });
      } else if (block.section === 'Suppressing') {
        it(`${name} leaves no ${meta.id} finding unsuppressed and gives its reason`, async () => {
          const found = await findings(block.code, block.format);
          expect(show(found.filter((f) => f.ruleId === meta.id && !suppressed(f)))).toEqual([]);
          expect(show(found.filter((f) => f.ruleId === 'suppression' && /gives no reason|names no flowguard rule|suppresses nothing/.test(f.message)))).toEqual([]);
        });
      }
    });
  });
}
