/**
 * js-yaml, as every module of ours imports it. Here (type-checking, vitest) it is the installed
 * package, whose types are the ones checked against. In dist/src the build makes this module a
 * re-export of dist/src/vendor/js-yaml.js: js-yaml's ES module build with its parser state built with
 * one shape, without which parsing runs about 3× slower from the tenth YAML file of a process
 * (scripts/vendor-js-yaml.mjs, docs/decisions.md). So the library and the ESLint plugin get the fix
 * the bundled CLI has, without touching the js-yaml that other packages share in node_modules.
 */
export * from 'js-yaml';
