/**
 * Terraform sources for the graph tests: `.tf` / `.tf.json` files read from disk (walked as the
 * engine walks: `.terraform`, `.git` and `node_modules` skipped) and parsed with the real parser,
 * paths relative to a base directory; a `ModuleHost` over the file system; and in-memory sources
 * for small cases.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from '../../src/core/source.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import { addTerraformSource, type ModuleHost } from '../../src/graph/terraform/index.js';
import type { HclFile } from '../../src/parse/hcl/ast.js';
import { parseHcl } from '../../src/parse/hcl/index.js';
import { parseTfJson } from '../../src/parse/hcl/tfjson.js';

export const TERRAFORM_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/graph/terraform-source');

const SKIPPED = new Set(['.terraform', '.git', 'node_modules']);

function isSource(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

/** Parses one file; a parse failure fails the test (fixtures and corpus files are valid Terraform). */
export function parseSource(file: SourceFile): HclFile {
  const result = file.path.endsWith('.json') ? parseTfJson(file) : parseHcl(file);
  if (!result.ok) throw new Error(`${file.path}: ${result.problem.message} at ${result.problem.start}`);
  return result.hcl;
}

function sourceAt(base: string, absolutePath: string): SourceFile {
  return { absolutePath, path: path.relative(base, absolutePath).split(path.sep).join('/'), text: readFileSync(absolutePath, 'utf8') };
}

/** Every Terraform file under `dir` (recursively), paths relative to `base`. */
export function loadTerraform(dir: string, base = dir): HclFile[] {
  const out: HclFile[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(full);
      } else if (entry.isFile() && isSource(entry.name)) {
        out.push(parseSource(sourceAt(base, full)));
      }
    }
  };
  walk(dir);
  return out;
}

/** A host over the real file system; `loaded` records the directories it was asked for. */
export function diskHost(base: string, loaded: string[] = []): ModuleHost {
  return {
    loadModuleDir(absoluteDir) {
      loaded.push(absoluteDir);
      if (!existsSync(absoluteDir) || !statSync(absoluteDir).isDirectory()) return undefined;
      const files = readdirSync(absoluteDir)
        .filter(isSource)
        .sort()
        .map((name) => parseSource(sourceAt(base, path.join(absoluteDir, name))));
      return files.length > 0 ? files : undefined;
    },
    fileExists: (absPath) => existsSync(absPath),
    readText: (absPath) => (existsSync(absPath) && statSync(absPath).isFile() ? readFileSync(absPath, 'utf8') : undefined),
    listDir: (absoluteDir) => (existsSync(absoluteDir) ? readdirSync(absoluteDir) : undefined),
  };
}

/** The graph of a directory on disk: all its Terraform files in one run. */
export function graphOfDir(dir: string, base = dir): ResourceGraph {
  const builder = new GraphBuilder();
  addTerraformSource(loadTerraform(dir, base), builder, diskHost(base));
  return builder.build();
}

/** The graph of a fixture folder under `fixtures/graph/terraform-source/`, paths relative to it. */
export function fixtureGraph(name: string): ResourceGraph {
  return graphOfDir(path.join(TERRAFORM_FIXTURES, name), TERRAFORM_FIXTURES);
}

/** In-memory sources: `{ 'main.tf': '…', 'modules/x/main.tf': '…' }` under the synthetic root `/mem`. */
export function memoryGraph(sources: Record<string, string>, extra: Record<string, string> = {}): ResourceGraph {
  const files = Object.entries(sources).map(([name, text]) => parseSource({ absolutePath: path.join('/mem', name), path: name, text }));
  const texts = new Map(Object.entries({ ...sources, ...extra }).map(([name, text]) => [path.join('/mem', name), text]));
  const host: ModuleHost = {
    loadModuleDir(absoluteDir) {
      const names = [...texts.keys()].filter((p) => path.dirname(p) === absoluteDir && isSource(p));
      return names.length > 0 ? names.map((p) => parseSource({ absolutePath: p, path: path.relative('/mem', p), text: texts.get(p)! })) : undefined;
    },
    fileExists: (absPath) => texts.has(absPath),
    readText: (absPath) => texts.get(absPath),
    listDir: (absoluteDir) => [...texts.keys()].filter((p) => path.dirname(p) === absoluteDir).map((p) => path.basename(p)),
  };
  const builder = new GraphBuilder();
  addTerraformSource(files, builder, host);
  return builder.build();
}
