import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'fixtures/', 'examples/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['scripts/**/*.mjs', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The bundled CLI's loader is CommonJS on purpose (scripts/bundle.mjs explains why).
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The library loads js-yaml through src/parse/js-yaml.ts, which the build points at a copy with the
    // parser state built with one shape (scripts/vendor-js-yaml.mjs); a direct import would load the
    // installed js-yaml, 3× slower from the tenth YAML file of a process.
    files: ['src/**/*.ts', 'rules/**/*.ts'],
    ignores: ['src/parse/js-yaml.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'js-yaml', message: "Import js-yaml through src/parse/js-yaml.ts (the build gives it the copy with the parser-state fix)." }] }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
);
