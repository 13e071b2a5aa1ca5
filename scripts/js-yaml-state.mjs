// js-yaml 5.5's `parseEvents` builds its parser state as `{ ...DEFAULT_PARSER_OPTIONS, ...options,
// input, length, position, … }`. Once V8 has type feedback for the function (about its ninth call in a
// process), its spread cache starts that object from a map of its own each call, and the eleven
// properties after the spreads each add a fresh map: every call's state has a shape never seen before,
// the ~60 property reads and writes on it in the parser turn megamorphic, and js-yaml runs about 3×
// slower for the rest of the process (the tenth YAML file of a run on; docs/decisions.md). The fix
// belongs upstream; until it is there, the build writes a copy of js-yaml that builds the state with a
// fixed shape, the two options written out as the spreads would set them (scripts/vendor-js-yaml.mjs),
// and the library and the bundled CLI load that copy.

/** The source as js-yaml 5.5.0 ships it (dist/js-yaml.mjs), and what it becomes. */
const SPREAD = '\tconst state = {\n\t\t...DEFAULT_PARSER_OPTIONS,\n\t\t...options,\n';
const FIXED =
  '\tconst state = {\n' +
  // `...options` copies own properties: an explicit `undefined` stays undefined, as before.
  "\t\tfilename: options != null && Object.hasOwn(options, 'filename') ? options.filename : DEFAULT_PARSER_OPTIONS.filename,\n" +
  "\t\tmaxDepth: options != null && Object.hasOwn(options, 'maxDepth') ? options.maxDepth : DEFAULT_PARSER_OPTIONS.maxDepth,\n";

/**
 * `source` with the parser state built with a fixed shape. Throws unless the source holds the spread
 * exactly once and js-yaml's parser options are still `filename` and `maxDepth` (a new js-yaml: check
 * whether the fix is still needed, and what the state holds now).
 */
export function fixParserStateShape(source) {
  const at = source.indexOf(SPREAD);
  if (at < 0 || source.indexOf(SPREAD, at + 1) >= 0) throw new Error('js-yaml-state: parseEvents no longer builds its state from two spreads; review scripts/js-yaml-state.mjs');
  if (!/var DEFAULT_PARSER_OPTIONS = \{\n\tfilename: "",\n\tmaxDepth: 100\n\};/.test(source)) throw new Error('js-yaml-state: js-yaml parser options are no longer filename and maxDepth; review scripts/js-yaml-state.mjs');
  return source.slice(0, at) + FIXED + source.slice(at + SPREAD.length);
}
