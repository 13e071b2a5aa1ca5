/**
 * File functions: `file()`, `fileexists()` and `templatefile()`. They read only files of the run's
 * git work tree and of the root and calling modules' folders (see `readableRoots`), through the
 * module host (which records every text it reads, so findings can point into them).
 */
import * as path from 'node:path';
import type { SourceFile, Span } from '../../core/source.js';
import { DEFAULT_PARSE_LIMITS } from '../../parse/document.js';
import type { HclFile } from '../../parse/hcl/ast.js';
import { parseTemplateFile } from '../../parse/hcl/template-file.js';
import { scalar, unknown } from '../values.js';
import type { ModuleInstance } from './context.js';
import type { Evaluator } from './evaluate.js';
import type { FunctionContext, TextFunction } from './functions-text.js';
import { isProblem, knownString, relocate, verror, type V } from './values.js';

/** Largest file `file()` and `templatefile()` read. */
const MAX_FILE = 1_000_000;

/** `file()`: the text of a file of the module tree. */
function readFile([value]: V[], span: Span, ctx: FunctionContext): V {
  const read = readModuleFile('file', value, span, ctx);
  if (!('text' in read)) return read.problem;
  fileTexts(ctx.ev).set(read.text, { absolutePath: read.target, path: repoPathOf(ctx.scope.file, read.target, ctx.ev.host.runRoot), text: read.text });
  return scalar(read.text, span);
}

/**
 * The files `file()` read, by their text: a string handed to `yamldecode()` that is one of them came
 * from that file (however many locals it went through), so what it decodes is placed in it. Keyed by
 * the text, not the value, since a value is copied wherever it is used; two files of the same text
 * place a value at the same line of either, which is right for both.
 */
const FILE_TEXTS = new WeakMap<Evaluator, Map<string, SourceFile>>();

function fileTexts(ev: Evaluator): Map<string, SourceFile> {
  let texts = FILE_TEXTS.get(ev);
  if (!texts) FILE_TEXTS.set(ev, (texts = new Map()));
  return texts;
}

/** The file `file()` read `text` from, if it did. */
export function fileOfText(ev: Evaluator, text: string): SourceFile | undefined {
  return FILE_TEXTS.get(ev)?.get(text);
}

function fileExists([value]: V[], span: Span, ctx: FunctionContext): V {
  const name = value ? knownString(value) : undefined;
  if (name === undefined) return unknown('fileexists() of a path not known statically', span);
  try {
    return scalar(ctx.ev.host.fileExists(path.resolve(ctx.scope.inst.root.def.dir, name)), span);
  } catch {
    return unknown('fileexists() could not check the file', span);
  }
}

/** Template files being rendered: `templatefile()` may not call itself (Terraform refuses it too), so a template naming itself ends. */
const TEMPLATE_FILES = new WeakSet<HclFile>();

/**
 * `templatefile(path, vars)`: the file's text rendered as a template whose only names are the keys of
 * `vars`. Shown where it is called (as `file()` is), with the template as the origin of the value.
 */
function templateFile([pathValue, vars]: V[], span: Span, ctx: FunctionContext): V {
  if (TEMPLATE_FILES.has(ctx.scope.file)) return verror('templatefile() cannot be called from a template file', span);
  const read = readModuleFile('templatefile', pathValue, span, ctx);
  if (!('text' in read)) return read.problem;
  if (!vars) return verror('templatefile() takes a path and an object of variables', span);
  if (vars.t !== 'object') return isProblem(vars) ? unknown(`templatefile() variables not known statically`, span) : verror('templatefile() variables must be an object', span);
  const source = { absolutePath: read.target, path: repoPathOf(ctx.scope.file, read.target, ctx.ev.host.runRoot), text: read.text };
  const rendered = renderTemplate(ctx.ev, ctx.scope.inst, source, new Map(Object.entries(vars.entries)));
  if ('problem' in rendered) return verror(`template ${read.name} does not parse: ${rendered.problem}`, span);
  return relocate(rendered.value, span);
}

/**
 * Template text rendered with `symbols` as its only names (`templatefile()`, `data "template_file"`):
 * `var.*`, `local.*` and resources are errors in Terraform there. A template may not call
 * `templatefile()` (Terraform refuses it too), so a template naming itself ends.
 */
export function renderTemplate(ev: Evaluator, inst: ModuleInstance, source: SourceFile, symbols: ReadonlyMap<string, V>): { value: V } | { problem: string } {
  const parsed = parseTemplateFile(source.text, DEFAULT_PARSE_LIMITS.maxDepth);
  if (!parsed.ok) return { problem: parsed.problem.message };
  const file: HclFile = { file: source, body: { attributes: [], blocks: [], start: 0, end: 0 }, comments: [] };
  TEMPLATE_FILES.add(file);
  return { value: ev.eval(parsed.expr, { inst, file, symbols, template: true }) };
}

type ModuleFile = { name: string; target: string; text: string } | { problem: V };

/** A file named by a path relative to the root module, in one of the folders `readableRoots` gives. */
function readModuleFile(fn: string, value: V | undefined, span: Span, ctx: FunctionContext): ModuleFile {
  const name = value ? knownString(value) : undefined;
  if (name === undefined) return { problem: value && isProblem(value) ? value : unknown(`${fn}() of a path not known statically`, span) };
  const host = ctx.ev.host;
  const real = (at: string) => host.realPath?.(at) ?? at;
  const target = path.resolve(ctx.scope.inst.root.def.dir, name);
  const realTarget = real(target);
  if (!readableRoots(ctx.scope.inst, host.repositoryRoot).some((base) => isInside(realTarget, real(base)))) {
    return { problem: unknown(`${fn}() outside the repository and the module's folders: ${name}`, span) };
  }
  let text: string | undefined;
  try {
    text = host.readText(target);
  } catch {
    text = undefined;
  }
  if (text === undefined) return { problem: verror(`file ${name} cannot be read`, span) };
  return text.length > MAX_FILE ? { problem: unknown(`file ${name} is too large`, span) } : { name, target, text };
}

/**
 * Where `file()` may read, compared by real path so that no symbolic link leads out: the git work tree
 * of the run (a policy kept in a shared `policies/` folder beside the modules,
 * `file("${path.module}/../../policies/x.json")`); the root module's and the calling module's own
 * folders (a module linked in from outside the repository reads its own files); and, outside a git
 * work tree, the folder those two share, unless that is a file system's root (`/`, `C:\`), which
 * would open every file of the disk.
 */
function readableRoots(inst: ModuleInstance, repositoryRoot: string | undefined): string[] {
  const rootDir = inst.root.def.dir;
  const roots = [rootDir, inst.def.dir];
  if (repositoryRoot !== undefined) return [repositoryRoot, ...roots];
  const shared = commonAncestor(rootDir, inst.def.dir);
  return path.dirname(shared) === shared ? roots : [shared, ...roots];
}

function isInside(child: string, base: string): boolean {
  return child.startsWith(base.endsWith(path.sep) ? base : base + path.sep);
}

function commonAncestor(a: string, b: string): string {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(path.sep) || path.sep;
}

/**
 * The path of `target` as the run shows its files: relative to the run's root, with `../` outside it.
 * Without the host's root (an in-memory run), the root is as many folders above `file` as its
 * relative path has segments.
 */
function repoPathOf(file: HclFile, target: string, runRoot: string | undefined): string {
  const depth = file.file.path.split('/').length;
  const root = runRoot ?? path.resolve(file.file.absolutePath, ...Array<string>(depth).fill('..'));
  return path.relative(root, target).split(path.sep).join('/');
}

export const FILE_FUNCTIONS: Readonly<Record<string, TextFunction>> = {
  file: readFile,
  fileexists: fileExists,
  templatefile: templateFile,
};
