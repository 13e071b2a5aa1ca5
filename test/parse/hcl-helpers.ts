import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { LineIndex } from '../../src/core/source.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParseProblem } from '../../src/parse/document.js';
import type { Expr, HclFile, Ranged, TemplatePart, TraversalStep } from '../../src/parse/hcl/ast.js';
import { parseHcl, type HclResult } from '../../src/parse/hcl/index.js';
import { sourceFile } from './helpers.js';

export const HCL_FIXTURES = resolve(import.meta.dirname, '../../fixtures/parse/hcl');

export function hclFixture(name: string): string {
  return readFileSync(resolve(HCL_FIXTURES, name), 'utf8');
}

export function parsed(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): HclFile {
  return fileOf(parseHcl(sourceFile(text, 'main.tf'), limits));
}

export function fileOf(result: HclResult): HclFile {
  if (!result.ok) expect.fail(`expected a file, got a problem at offset ${result.problem.start}: ${result.problem.message}`);
  return result.hcl;
}

/** The problem for `text`, checked to lie inside it, with its start as `line:column`. */
export function problem(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseProblem & { at: string } {
  const result = parseHcl(sourceFile(text, 'main.tf'), limits);
  if (result.ok) expect.fail(`expected a problem for:\n${text}`);
  return { ...result.problem, at: checkedAt(text, result.problem) };
}

export function checkedAt(text: string, { start, end }: Ranged): string {
  expect(0 <= start && start <= end && end <= text.length, `range ${start}-${end} outside 0-${text.length}`).toBe(true);
  const { line, column } = new LineIndex(text).position(start);
  return `${line}:${column}`;
}

/** Where a range is and what it covers: `line:column text`. */
export function at(text: string, range: Ranged): string {
  return `${checkedAt(text, range)} ${text.slice(range.start, range.end)}`;
}

/** The expression of `x = <source>`. */
export function expression(source: string): Expr {
  const file = parsed(`x = ${source}\n`);
  const attribute = file.body.attributes[0];
  if (!attribute) expect.fail(`no attribute in: x = ${source}`);
  return attribute.expr;
}

/** A compact, fully bracketed rendering of an expression's structure, for readable expectations. */
export function show(e: Expr): string {
  switch (e.k) {
    case 'literal':
      return JSON.stringify(e.value);
    case 'template':
      return `${e.heredoc ? '<<' : ''}tpl(${showParts(e.parts)})`;
    case 'templateIf':
      return `%if(${show(e.condition)}){${showParts(e.then)}}else{${showParts(e.otherwise)}}`;
    case 'templateFor':
      return `%for(${e.keyVar === undefined ? e.valueVar : `${e.keyVar}, ${e.valueVar}`} in ${show(e.collection)}){${showParts(e.body)}}`;
    case 'traversal':
      return e.root + e.steps.map(showStep).join('');
    case 'relative':
      return `rel(${show(e.source)})${e.steps.map(showStep).join('')}`;
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')}${e.expandFinal ? '...' : ''})`;
    case 'tuple':
      return `[${e.items.map(show).join(', ')}]`;
    case 'object':
      return `{${e.items.map((item) => `${show(item.key)} = ${show(item.value)}`).join(', ')}}`;
    case 'conditional':
      return `(${show(e.condition)} ? ${show(e.then)} : ${show(e.otherwise)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'unary':
      return `(${e.op}${show(e.operand)})`;
    case 'parens':
      return `paren(${show(e.expr)})`;
    case 'for': {
      const vars = e.keyVar === undefined ? e.valueVar : `${e.keyVar}, ${e.valueVar}`;
      const result = e.key ? `${show(e.key)} => ${show(e.value)}${e.group ? '...' : ''}` : show(e.value);
      const condition = e.condition ? ` if ${show(e.condition)}` : '';
      const body = `for ${vars} in ${show(e.collection)} : ${result}${condition}`;
      return e.object ? `{${body}}` : `[${body}]`;
    }
  }
}

function showParts(parts: TemplatePart[]): string {
  return parts.map((part) => (typeof part === 'string' ? JSON.stringify(part) : show(part))).join(' ');
}

function showStep(step: TraversalStep): string {
  if (step.k === 'attr') return `.${step.name}`;
  if (step.k === 'splat') return '[*]';
  return `[${show(step.key)}]`;
}

/** Every range in a tree (blocks, attributes, expressions, steps), for bounds and nesting checks. */
export function* ranges(node: unknown, parent?: Ranged): Generator<{ range: Ranged; parent: Ranged | undefined }> {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) yield* ranges(item, parent);
    return;
  }
  const record = node as Record<string, unknown>;
  let here = parent;
  if (typeof record.start === 'number' && typeof record.end === 'number') {
    here = record as unknown as Ranged;
    yield { range: here, parent };
  }
  for (const [key, value] of Object.entries(record)) if (key !== 'file') yield* ranges(value, here);
}
