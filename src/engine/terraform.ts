/**
 * Engine glue for Terraform: the file-system host the `.tf` evaluator loads modules through (module
 * directories outside the run, tfvars, `.terraform/modules/modules.json`), and the source locator that
 * lets plan findings point at the `.tf` line of a resource (plan-source-locator.ts). Both read only;
 * neither runs Terraform.
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SourceFile, Span } from '../core/source.js';
import { readRegularFile } from '../discover/read-regular.js';
import { toRepoPath } from '../discover/repo-root.js';
import { gitIgnoredIn } from '../discover/walk.js';
import type { InputProblem } from '../graph/model.js';
import type { ModuleHost } from '../graph/terraform/index.js';
import type { HclFile } from '../parse/hcl/ast.js';
import type { V } from '../graph/terraform/values.js';
import type { decodeYaml } from '../graph/terraform/yaml-decode.js';
import type { InputLimits } from './options.js';
import { TERRAFORM_SOURCE, type FileProblem, type HclParser } from './pipeline.js';

// Exported from here as well: the engine loads this module, as one unit, only for runs with Terraform
// (`EngineModules.terraform`).
export { planSourceLocator, type PlanLocator } from './plan-source-locator.js';

/** The HCL parsers, passed in so that this module never loads them for a run without Terraform source. */
export interface HclParsers {
  hcl: HclParser;
  tfJson: HclParser;
  /**
   * Terraform's `yamldecode()`: loaded only when the run's source calls it (graph-build.ts `graphNeeds`),
   * or when a module folder outside the run turns out to (`missedYamlDecoder`, and the graph is built again).
   */
  yaml?: typeof decodeYaml;
}

/**
 * Texts of every file the run read, by repository-relative path: findings point into them, and their
 * paths are the run's inputs (`LintResult.inputs`), so every read goes through `readText`.
 */
export type TextRegistry = Map<string, string>;

export class DiskModuleHost implements ModuleHost {
  private readonly parsed = new Map<string, HclFile[] | undefined>();
  /** Files of module folders outside the run that did not parse, by directory, each with the parser's message. */
  private readonly failed = new Map<string, InputProblem[]>();
  readonly repositoryRoot: string | undefined;
  /** A `yamldecode()` was evaluated without the decoder (in a module folder outside the run): its value was unknown. */
  missedYamlDecoder = false;

  constructor(
    readonly runRoot: string,
    private readonly limits: InputLimits,
    private readonly texts: TextRegistry,
    /** Files already parsed by the run, by directory (a plan's sibling source is looked up here first). */
    private readonly runFiles: ReadonlyMap<string, HclFile[]>,
    /** Absent when the run has no Terraform source anywhere: module directories then stay unknown. */
    private readonly parsers: HclParsers | undefined,
    /** `.tf` files of the run that could not be read or parsed, by directory (absolute), where their problem is. */
    private readonly runFailures: ReadonlyMap<string, Span[]> = new Map(),
  ) {
    // Only a git work tree: outside one the root is the working directory, which may be anything (`/`).
    this.repositoryRoot = existsSync(join(runRoot, '.git')) ? runRoot : undefined;
  }

  loadModuleDir(absoluteDir: string): HclFile[] | undefined {
    const known = this.runFiles.get(absoluteDir);
    if (known) return known;
    if (this.parsed.has(absoluteDir)) return this.parsed.get(absoluteDir);
    const files = this.readModuleDir(absoluteDir);
    this.parsed.set(absoluteDir, files);
    return files;
  }

  /** The run's folders of `.tf` files, each with its parsed files. */
  runDirectories(): ReadonlyMap<string, HclFile[]> {
    return this.runFiles;
  }

  unparsedFiles(absoluteDir: string): Span[] | undefined {
    const inRun = this.runFailures.get(absoluteDir);
    const outside = this.unparsedProblems(absoluteDir).map((p) => p.span);
    return inRun && outside.length > 0 ? [...inRun, ...outside] : (inRun ?? (outside.length > 0 ? outside : undefined));
  }

  unparsedProblems(absoluteDir: string): InputProblem[] {
    // A run file's problem is already the run's own parse-error: only the files the run did not read.
    const inRun = this.runFailures.get(absoluteDir) ?? [];
    return (this.failed.get(absoluteDir) ?? []).filter((o) => !inRun.some((r) => r.file === o.span.file));
  }

  fileExists(absPath: string): boolean {
    return existsSync(absPath);
  }

  readText(absPath: string): string | undefined {
    try {
      // Through the regular-file reader: a module file symlinked to a FIFO, /dev/zero or a kernel
      // file that never ends (/proc/self/pagemap says it is empty) is no text, not a hang.
      const text = readRegularFile(absPath, this.limits.maxFileSize).toString('utf8');
      this.texts.set(toRepoPath(this.runRoot, absPath), text);
      return text;
    } catch {
      return undefined;
    }
  }

  decodeYaml(text: string, source: SourceFile | undefined, span: Span): V | undefined {
    if (this.parsers?.yaml === undefined) {
      this.missedYamlDecoder = true;
      return undefined;
    }
    return this.parsers.yaml(text, source, span, this.limits);
  }

  realPath(absolutePath: string): string | undefined {
    try {
      return realpathSync(absolutePath);
    } catch {
      return undefined;
    }
  }

  listDir(absoluteDir: string): string[] | undefined {
    try {
      return readdirSync(absoluteDir).sort();
    } catch {
      return undefined;
    }
  }

  private readModuleDir(absoluteDir: string): HclFile[] | undefined {
    // As a walk of the folder would read it: not the files the repository ignores (see gitIgnoredIn).
    const ignores = gitIgnoredIn(absoluteDir);
    const names = this.listDir(absoluteDir)?.filter((n) => TERRAFORM_SOURCE.test(n) && !ignores(n));
    if (!names || names.length === 0 || !this.parsers) return undefined;
    const files: HclFile[] = [];
    for (const name of names) {
      const absolutePath = join(absoluteDir, name);
      const text = this.readText(absolutePath);
      if (text === undefined) continue;
      const file: SourceFile = { absolutePath, path: toRepoPath(this.runRoot, absolutePath), text };
      const result = name.toLowerCase().endsWith('.json') ? this.parsers.tfJson(file, this.limits) : this.parsers.hcl(file, this.limits);
      // A file that does not parse may declare anything: the module is incomplete (see unparsedFiles).
      if (result.ok) files.push(result.hcl);
      else {
        const problem = { span: { file: file.path, start: result.problem.start, end: result.problem.end }, message: result.problem.message };
        this.failed.set(absoluteDir, [...(this.failed.get(absoluteDir) ?? []), problem]);
      }
    }
    return files.length > 0 ? files : undefined;
  }
}

/** The run's `.tf` / `.tf.json` files that could not be read or parsed, by directory (absolute), where their problem is. */
export function unparsedByDirectory(problems: readonly FileProblem[]): Map<string, Span[]> {
  const groups = new Map<string, Span[]>();
  for (const { file, problem } of problems) {
    if (!TERRAFORM_SOURCE.test(file.path)) continue;
    const dir = resolve(file.absolutePath, '..');
    groups.set(dir, [...(groups.get(dir) ?? []), { file: file.path, start: problem.start, end: problem.end }]);
  }
  return groups;
}

/** Groups parsed files by their directory (absolute), for the host and the locator. */
export function byDirectory(files: HclFile[]): Map<string, HclFile[]> {
  const groups = new Map<string, HclFile[]>();
  for (const file of files) {
    const dir = resolve(file.file.absolutePath, '..');
    const list = groups.get(dir);
    if (list) list.push(file);
    else groups.set(dir, [file]);
  }
  return groups;
}
