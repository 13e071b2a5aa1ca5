/**
 * `flowguard/eslint`: the ESLint plugin, so findings reach any ESLint integration (VS Code's Problems
 * view through the ESLint extension, see docs/editor.md).
 *
 *     import flowguard from 'flowguard/eslint';
 *     export default [...flowguard.configs.recommended];
 *
 * The plugin is a thin edge over the engine: the language parses with it, the rules report its
 * findings. Works with ESLint 9.7 (the first with language plugins) and later, 10 included.
 */
import type { ESLint, Linter } from 'eslint';
import { VERSION } from '../version.js';
import { language } from './language.js';
import { ESLINT_RULES, NOTES_RULE, NOTIFICATIONS_RULE, rules, severityOf } from './rules.js';

export type { FlowguardLanguageOptions } from './source-code.js';

/** Files the recommended config lints. Files that are not templates are skipped without a walk. */
export const FILES = ['**/*.yaml', '**/*.yml', '**/*.json', '**/*.template', '**/*.tf'];

/**
 * Folders the CLI's walk never enters (src/discover/walk.ts): downloaded Terraform modules, CDK asset
 * copies, `sam build` output, Terragrunt's module copies, other VCS state. ESLint would lint a registry module's files as roots of their own.
 */
export const IGNORES = ['**/.terraform/**', '**/cdk.out/asset.*/**', '**/.aws-sam/**', '**/.terragrunt-cache/**', '**/.hg/**', '**/.svn/**'];

/**
 * The plugin's public type is written against the `eslint` package the user has installed, not our
 * `@eslint/core`: ESLint 9 and 10 ship different major versions of those types, and a plugin typed
 * with one is not assignable to the other's `Plugin`.
 */
export interface FlowguardPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  languages: NonNullable<ESLint.Plugin['languages']>;
  rules: NonNullable<ESLint.Plugin['rules']>;
  configs: { recommended: Linter.Config[] };
}

const recommendedRules = {
  ...Object.fromEntries(ESLINT_RULES.map(({ meta }) => [`flowguard/${meta.id}`, severityOf(meta.defaultLevel)])),
  [`flowguard/${NOTES_RULE}`]: severityOf('note'),
  [`flowguard/${NOTIFICATIONS_RULE}`]: severityOf('warning'),
};

const plugin = {
  meta: { name: 'flowguard', version: VERSION, namespace: 'flowguard' },
  languages: { iac: language },
  rules,
  configs: { recommended: [] as Linter.Config[] },
} satisfies FlowguardPlugin;

plugin.configs.recommended.push(
  // The plugin is known for every file, not only for ours: a config object that sets `flowguard/…`
  // rules without `files` (as docs/editor.md shows) reaches eslint.config.js too, and ESLint stops
  // with "Could not find plugin" on any file whose config has the rule but not the plugin. On other
  // languages the rules report nothing.
  { name: 'flowguard/plugin', plugins: { flowguard: plugin } },
  {
    name: 'flowguard/recommended',
    files: FILES,
    ignores: IGNORES,
    plugins: { flowguard: plugin },
    language: 'flowguard/iac',
    rules: recommendedRules,
  },
);

const flowguard: FlowguardPlugin = plugin;
export default flowguard;
