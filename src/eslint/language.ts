/**
 * The ESLint language for infrastructure files (CloudFormation YAML/JSON, Terraform): `parse` reads
 * the file as the engine does, with ESLint's text in place of the file on disk and the sibling files
 * as link-only context. A file the engine cannot parse is an ESLint parsing error; a file that is not
 * a template at all (a `package.json`, a workflow), or that `.flowguard.yaml` ignores, parses to an
 * empty document with nothing to report.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { File, Language, LanguageContext, OkParseResult, ParseResult } from '@eslint/core';
import { LineIndex } from '../core/source.js';
import { findRepositoryRoot, toRepoPath } from '../discover/repo-root.js';
import { analyzeLoaded, buildLoaded, loadSync, SYNC_MODULES, type BuiltGraph, type LoadedRun, type SyncInput } from '../engine/lint-sync.js';
import type { RuleSetting } from '../engine/options.js';
import { RULES } from '../../rules/index.js';
import { ParseMemo } from './parse-memo.js';
import { projectSettings } from './settings.js';
import { FlowguardSourceCode, type DocumentNode, type FlowguardLanguageOptions, type LoadedFile } from './source-code.js';

type Parsed = OkParseResult<DocumentNode> & { loaded: LoadedFile | undefined };

const CONTEXT_NAMES = ['directory', 'repository', 'none'];

/**
 * One per process: each file of a folder is linted with the same siblings as context, and the memo
 * parses each of them once, not once per file linted (parse-memo.ts).
 */
export const PARSE_MEMO = new ParseMemo();
const MODULES = PARSE_MEMO.modules(SYNC_MODULES);

export const language: Language<{ LangOptions: FlowguardLanguageOptions; Code: FlowguardSourceCode; RootNode: DocumentNode; Node: DocumentNode }> = {
  fileType: 'text',
  // Our regions are 1-based lines and columns (as in @eslint/json and @eslint/markdown): they pass
  // to ESLint unchanged, and ESLint's own messages about the file use the same convention.
  lineStart: 1,
  columnStart: 1,
  nodeTypeKey: 'type',
  visitorKeys: { Document: [] },
  defaultLanguageOptions: { context: 'directory' },

  validateLanguageOptions(options) {
    // Other keys are left alone: a shared config without `files` (typescript-eslint's base sets
    // `parser` and `sourceType`) reaches every language.
    const context = options.context;
    if (context === undefined || (typeof context === 'string' && CONTEXT_NAMES.includes(context))) return;
    if (Array.isArray(context) && context.every((p) => typeof p === 'string')) return;
    throw new Error(`Key "context": expected "directory", "repository", "none" or an array of paths, got ${JSON.stringify(context)}`);
  },

  parse(file: File, context: LanguageContext<FlowguardLanguageOptions>): ParseResult<DocumentNode> {
    return PARSE_MEMO.run(() => parseFile(file, context));
  },

  createSourceCode(file: File, input: OkParseResult<DocumentNode>): FlowguardSourceCode {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    return new FlowguardSourceCode({ text, ast: input.ast, loaded: (input as Parsed).loaded });
  },
};

/** `Language.parse`, in one run of the parse memo. */
function parseFile(file: File, { languageOptions }: LanguageContext<FlowguardLanguageOptions>): ParseResult<DocumentNode> {
  const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
  const absolutePath = isAbsolute(file.path) ? file.path : resolve(file.path);
  // A processor's virtual file (`doc.md/0.yaml`) does not exist; its links are the real file's.
  const dir = dirname(isAbsolute(file.physicalPath) ? file.physicalPath : resolve(file.physicalPath));
  const bytes = undecodedBytes(file.physicalPath, text);
  const input: SyncInput = { documents: [{ path: absolutePath, text, explicit: false, ...(bytes ? { bytes } : {}) }] };
  const root = findRepositoryRoot(dir);
  const settings = projectSettings(dir, root);
  const ignore = settings.ok ? settings.ignore : [];
  const limits = settings.ok ? settings.limits : {};

  // The file alone first: most files an `**/*.json` glob matches are not templates, and must cost
  // no walk of their folder. (The engine reads a `.tf` file with its folder's other `.tf` files
  // whatever the context: a module is its folder. Their problems are not this file's.)
  const alone = loadSync(input, { cwd: dir, ignore, limits }, MODULES);
  const ast = documentNode(text);
  const path = toRepoPath(root, absolutePath);
  const broken = alone.inputs.problems.some((p) => p.file.path === path);
  if (!broken && !alone.inputs.files.includes(path)) return { ok: true, ast, loaded: undefined } satisfies Parsed;
  if (!settings.ok) return { ok: false, errors: [{ message: settings.message, line: 1, column: 1 }] };
  if (broken) return { ok: false, errors: parseErrors(alone, buildLoaded(alone, MODULES), path) };

  const context = contextPaths(languageOptions.context ?? 'directory', dir, root);
  const run = context.length === 0 ? alone : loadSync(input, { cwd: dir, context, ignore, limits }, MODULES);
  // Some problems show only once the graph is built (a `Resources` that is no mapping, a resource
  // declared twice in one module): the CLI reports them as parse errors too. The graph is built
  // here, and the rules analyze this same one.
  const built = buildLoaded(run, MODULES);
  const errors = parseErrors(run, built, path);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, ast, loaded: { run, built, path, settings: settings.rules } } satisfies Parsed;
}

/**
 * ESLint decodes a file as UTF-8 with U+FFFD in place of invalid bytes, which hides from the engine
 * what the CLI reports of the file ("invalid UTF-8 …, save the file as UTF-8", "UTF-16 encoded").
 * While the text is what the file on disk decodes to (linted from disk, or opened and not edited),
 * the engine reads the file's own bytes.
 */
function undecodedBytes(physicalPath: string, text: string): Uint8Array | undefined {
  if (!text.includes('\uFFFD')) return undefined;
  try {
    const bytes = readFileSync(physicalPath);
    return new TextDecoder().decode(bytes) === text ? bytes : undefined;
  } catch {
    return undefined; // a buffer without a file (not saved yet, a processor's block): its text is all there is
  }
}

function contextPaths(setting: NonNullable<FlowguardLanguageOptions['context']>, dir: string, root: string): string[] {
  if (Array.isArray(setting)) return setting.map((p) => resolve(root, p));
  if (setting === 'repository') return [root];
  if (setting === 'directory') return [dir];
  return [];
}

/** The engine's parse-error findings in the file (message and region as every other format shows them). */
function parseErrors(run: LoadedRun, built: BuiltGraph, path: string): { message: string; line: number; column: number; endLine: number; endColumn: number }[] {
  const rules: Record<string, RuleSetting> = Object.fromEntries(RULES.map(({ meta }) => [meta.id, meta.id === 'parse-error' ? {} : { level: 'off' }]));
  const findings = analyzeLoaded(run, { rules }, built).result.findings.filter((f) => f.file === path);
  return findings.map((f) => ({
    message: f.message,
    line: f.region.startLine,
    column: f.region.startColumn,
    endLine: f.region.endLine,
    endColumn: f.region.endColumn,
  }));
}

function documentNode(text: string): DocumentNode {
  const end = new LineIndex(text).position(text.length);
  return { type: 'Document', range: [0, text.length], loc: { start: { line: 1, column: 1 }, end } };
}
