/**
 * The plugin's memo of parse results. ESLint lints one file at a time, and each lint is a run over the
 * file's context (its folder by default): without the memo, `eslint .` over a folder of n templates
 * parses n² files, every sibling once for each file linted.
 *
 * A result is reused only for the same file read the same way: the same absolute path, repository
 * path, parser and parse limits, and the same text, compared in full each time. So it is never stale:
 * a sibling edited on disk, or the linted file's unsaved editor text, is parsed again. Sharing one
 * result between runs is sound because nothing after parsing changes it (graph building, suppressions
 * and nested templates read it; the documents' own lazy caches derive from their text).
 *
 * Memory: the results of the files read last are kept, up to `budget` characters of their text
 * together (8 million by default; the results take some 2.5 bytes a character beside the text), and
 * always all those of the run going on, which holds them anyway. A budget, not "the files of the
 * last run": ESLint reads the files it lints concurrently and lints each once read, so the files of
 * one folder come interleaved with those of the next, and the memo must outlast a few runs over
 * another folder to spare a straggler from parsing its folder again.
 */
import type { HclResult } from '../parse/hcl/index.js';
import type { ParseLimits, ParseResult } from '../parse/document.js';
import type { SourceFile } from '../core/source.js';
import type { InputLimits } from '../engine/options.js';
import type { DataParser, EngineModules, HclParser, ParserName } from '../engine/pipeline.js';

type Parsers = Pick<EngineModules, ParserName>;

interface Entry {
  parser: ParserName;
  path: string;
  text: string;
  limits: string;
  result: ParseResult | HclResult;
  /** The last run that read the file. */
  run: number;
}

export class ParseMemo {
  /** By absolute path, one entry a file (its last reading), the least recently used first. */
  private readonly entries = new Map<string, Entry>();
  /** Characters of text of the entries' files. */
  private held = 0;
  /** The run going on (or the last one). */
  private current = 0;
  private depth = 0;

  constructor(private readonly budget = 8_000_000) {}

  /** Files whose result is kept (for tests and measurement). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * `modules` with each parser replaced by one that reuses this memo's results. The others are
   * returned as they are.
   */
  modules<M extends Parsers>(modules: M): M {
    return {
      ...modules,
      parseJson: this.data('parseJson', modules.parseJson),
      parseYaml: this.data('parseYaml', modules.parseYaml),
      parseHcl: this.hcl('parseHcl', modules.parseHcl),
      parseTfJson: this.hcl('parseTfJson', modules.parseTfJson),
    };
  }

  /** Runs `lint`, one run: afterwards, results past the budget are let go, least recently used first. */
  run<T>(lint: () => T): T {
    if (this.depth === 0) this.current++;
    this.depth++;
    try {
      return lint();
    } finally {
      this.depth--;
      if (this.depth === 0) this.shrink();
    }
  }

  private shrink(): void {
    for (const [path, entry] of this.entries) {
      if (this.held <= this.budget || entry.run === this.current) return;
      this.remove(path, entry);
    }
  }

  private remove(path: string, entry: Entry): void {
    this.entries.delete(path);
    this.held -= entry.text.length;
  }

  private data(name: ParserName, parse: DataParser): DataParser {
    return (file, limits) => this.reuse(name, file, limits, parse);
  }

  private hcl(name: ParserName, parse: HclParser): HclParser {
    return (file, limits) => this.reuse(name, file, limits, parse);
  }

  private reuse<R extends ParseResult | HclResult>(parser: ParserName, file: SourceFile, limits: InputLimits, parse: (file: SourceFile, limits: InputLimits) => R): R {
    const key = limitsKey(limits);
    const entry = this.entries.get(file.absolutePath);
    if (entry) this.remove(file.absolutePath, entry);
    if (entry && entry.parser === parser && entry.path === file.path && entry.limits === key && entry.text === file.text) {
      this.add(file.absolutePath, { ...entry, run: this.current });
      return entry.result as R;
    }
    const result = parse(file, limits);
    // Out of time depends on the machine's load at the moment, not on the file: the next run tries again.
    if (result.ok || result.problem.limit !== 'fileTimeBudget') this.add(file.absolutePath, { parser, path: file.path, text: file.text, limits: key, result, run: this.current });
    return result;
  }

  /** Added last: the most recently used. */
  private add(path: string, entry: Entry): void {
    this.entries.set(path, entry);
    this.held += entry.text.length;
  }
}

/** The limits a parser reads. The others (file size, resources, references) act after parsing. */
function limitsKey({ maxDepth, maxAliases, maxNodes, fileTimeBudget }: ParseLimits): string {
  return `${maxDepth}/${maxAliases}/${maxNodes}/${fileTimeBudget}`;
}
