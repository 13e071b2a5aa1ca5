/**
 * Test documents for the graph adapters, independent of the real parsers: YAML is read with js-yaml
 * and a schema that turns CloudFormation short tags into their long form. `locate` does not compute
 * offsets; it numbers the paths it is asked about, so `spanPath` can tell a test which path a span
 * points at (`Parameters.Retention.Default`).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, defineMappingTag, defineScalarTag, defineSequenceTag, load, type TagDefinition } from 'js-yaml';
import type { Span } from '../../src/core/source.js';
import type { DataDocument, PathSegment } from '../../src/parse/document.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import type { ResourceGraph, ResourceNode, RValue } from '../../src/graph/model.js';

/** The paths each document was asked to locate, by file: a span's offset indexes into this list. */
const locatedByFile = new Map<string, string[]>();

const FUNCTIONS = ['Ref', 'Condition', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'FindInMap', 'If', 'ImportValue', 'Equals', 'Not', 'And', 'Or', 'Base64', 'Cidr', 'GetAZs', 'Transform'];

function longName(tag: string): string {
  return tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
}

const tags: TagDefinition[] = FUNCTIONS.flatMap((name) => {
  const key = longName(name);
  const wrap = (value: unknown): Record<string, unknown> => ({ [key]: value });
  return [
    defineScalarTag(`!${name}`, {
      // `!GetAtt Res.Attr` keeps its dotted string: the long form accepts both spellings.
      resolve: (source) => wrap(source),
      identify: () => false,
    }),
    defineSequenceTag<unknown[], Record<string, unknown>>(`!${name}`, {
      create: () => [],
      addItem: (carrier, item) => {
        carrier.push(item);
      },
      finalize: (carrier) => wrap(carrier),
      identify: () => false,
    }),
    defineMappingTag<Record<string, unknown>, Record<string, unknown>>(`!${name}`, {
      create: () => ({}),
      addPair: (carrier, k, v) => {
        carrier[String(k)] = v;
        return '';
      },
      has: (carrier, k) => Object.prototype.hasOwnProperty.call(carrier, String(k)),
      keys: (result) => Object.keys(result),
      get: (result, k) => result[String(k)],
      finalize: (carrier) => wrap(carrier),
      identify: () => false,
    }),
  ];
});

const CFN_SCHEMA = CORE_SCHEMA.withTags(tags);

/** A document around an already parsed value. `file` is repository-relative; absolute paths live under /repo. */
export function documentOf(file: string, value: unknown, syntax: 'json' | 'yaml' = 'json', text = ''): DataDocument {
  const located: string[] = [];
  locatedByFile.set(file, located);
  return {
    file: { path: file, absolutePath: path.posix.join('/repo', file), text },
    syntax,
    value,
    locate(at: readonly PathSegment[], part?: 'key' | 'value') {
      located.push(at.join('.') + (part === 'key' ? ' (key)' : ''));
      return { start: located.length - 1, end: located.length - 1 };
    },
  };
}

/** Parses YAML (with CloudFormation tags) or JSON text. */
export function parseDocument(file: string, text: string): DataDocument {
  const syntax = file.endsWith('.json') ? 'json' : 'yaml';
  const value = syntax === 'json' ? JSON.parse(text) : load(text, { schema: CFN_SCHEMA });
  return documentOf(file, value, syntax, text);
}

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/graph/cloudformation');

/** A fixture under `fixtures/graph/cloudformation/`, named by its path there. */
export function fixture(name: string): DataDocument {
  return parseDocument(name, readFileSync(path.join(FIXTURES, name), 'utf8'));
}

/** The path (dot-joined, ` (key)` for key spans) that a span of a `documentOf` document points at. */
export function spanPath(span: Span): string {
  return locatedByFile.get(span.file)?.[span.start] ?? '?';
}

/**
 * A compact plain form of a resolved value, for readable expectations:
 * scalar → its value, ref → `{ ref: 'file#Id.Attr' }`, template → `{ template: [...] }`,
 * unknown → `{ unknown: why, pattern? }`, objects and arrays → plain objects and arrays.
 */
export function plain(value: RValue | undefined): unknown {
  if (value === undefined) return undefined;
  switch (value.t) {
    case 'scalar':
      return value.value;
    case 'ref':
      return { ref: `${value.target}.${value.attribute}` };
    case 'unknown':
      return value.pattern === undefined ? { unknown: value.why } : { unknown: value.why, pattern: value.pattern };
    case 'template':
      return { template: value.parts.map((p) => (typeof p === 'string' ? p : plain(p))) };
    case 'array':
      return value.items.map(plain);
    case 'object':
      return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, plain(v)]));
  }
}

/** The graph of the given documents, built by one adapter. */
export function graphOf(add: (documents: DataDocument[], builder: GraphBuilder) => void, documents: DataDocument[]): ResourceGraph {
  const builder = new GraphBuilder();
  add(documents, builder);
  return builder.build();
}

/** A node by uid, failing the test when it is missing. */
export function nodeOf(graph: ResourceGraph, uid: string): ResourceNode {
  const node = graph.nodes.get(uid);
  if (!node) throw new Error(`no node ${uid}; have ${[...graph.nodes.keys()].join(', ')}`);
  return node;
}
