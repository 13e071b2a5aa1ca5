/**
 * One ESLint rule per flowguard rule, named by its id (`flowguard/vpc-flow-logs`). A rule checks
 * nothing itself: `create()` tells the source code that it runs and with which options, and the
 * `Document` visit reports the engine's findings of that rule at their exact ranges.
 *
 * ESLint gives every message of a rule the rule's one severity, so the notes a rule makes below its
 * own level ("could not be verified", confused-deputy hints of an error rule) are reported by one
 * more rule, `flowguard/notes`: as errors they would fail `eslint` runs and paint the editor red.
 *
 * `parse-error` has no ESLint rule: a file that cannot be parsed is an ESLint parsing error. What the
 * command line prints beside its findings (tool notifications: a limit that cut a value short, a child
 * template that does not parse) comes from `flowguard/notifications` (notifications.ts).
 */
import type { RuleDefinition, RulesMeta, SeverityName, SourceLocation } from '@eslint/core';
import type { Finding, Level } from '../core/finding.js';
import type { Rule, RuleMeta, RuleOptions } from '../core/rule.js';
import type { Region } from '../core/source.js';
import { helpUriOf, INFORMATION_URI } from '../report/sarif.js';
import { normalizeRegion } from '../report/shared.js';
import { RULES } from '../../rules/index.js';
import { FlowguardSourceCode, type DocumentNode, type FlowguardLanguageOptions } from './source-code.js';

export type FlowguardRule = RuleDefinition<{
  LangOptions: FlowguardLanguageOptions;
  Code: FlowguardSourceCode;
  RuleOptions: [RuleOptions?];
  Visitor: { Document?: (node: DocumentNode) => void };
  Node: DocumentNode;
  MessageIds: string;
  ExtRuleDocs: Record<string, unknown>;
}>;

/** The engine's rules that ESLint runs (everything but `parse-error`). */
export const ESLINT_RULES: readonly Rule[] = RULES.filter((rule) => rule.meta.id !== 'parse-error');

/** The ESLint rule that reports the notes of every other rule (see the top of this file). */
export const NOTES_RULE = 'notes';

/** The ESLint rule that reports the run's notifications about the file (see the top of this file). */
export const NOTIFICATIONS_RULE = 'notifications';

export const rules: Record<string, FlowguardRule> = {
  ...Object.fromEntries(ESLINT_RULES.map((rule) => [rule.meta.id, eslintRule(rule.meta)])),
  [NOTES_RULE]: notesRule(),
  [NOTIFICATIONS_RULE]: notificationsRule(),
};

/** A note of a rule whose own level is higher: `flowguard/notes` reports it, not the rule itself. */
function isSideNote(meta: RuleMeta, finding: Finding): boolean {
  return finding.level === 'note' && meta.defaultLevel !== 'note';
}

/** ESLint has no "note": notes become warnings (VS Code can show them as info, see docs/editor.md). */
export function severityOf(level: Level): SeverityName {
  return level === 'error' ? 'error' : 'warn';
}

function eslintRule(meta: RuleMeta): FlowguardRule {
  // No `defaultOptions`: options the ESLint config leaves out must fall to `.flowguard.yaml`, then to
  // the rule's defaults, which the engine applies.
  const eslintMeta: RulesMeta<string, [RuleOptions?], Record<string, unknown>> = {
    type: 'problem',
    docs: { description: meta.shortDescription, url: helpUriOf(meta.id), recommended: true },
    schema: Object.keys(meta.options).length > 0 ? [optionsSchema(meta)] : [],
  };
  return {
    meta: eslintMeta,
    create(context) {
      const source = context.sourceCode;
      // Configured for a file of another language: nothing of ours to report there.
      if (!(source instanceof FlowguardSourceCode)) return {};
      source.request(meta.id, context.options[0]);
      return {
        Document() {
          for (const finding of source.findingsOf(meta.id)) if (!isSideNote(meta, finding)) context.report(reportOf(finding, finding.message));
        },
      };
    },
  };
}

/**
 * `flowguard/notes`: the side notes of the rules ESLint runs on the file, each message ending with
 * the rule it belongs to. Turning a rule off turns its notes off too.
 */
function notesRule(): FlowguardRule {
  const description = 'Notes of the other flowguard rules: what could not be verified, and hints below the rule’s own level';
  return wholeFileRule('suggestion', description, 'notes', (source) =>
    ESLINT_RULES.flatMap(({ meta }) => source.findingsOf(meta.id).filter((finding) => isSideNote(meta, finding)).map((finding) => reportOf(finding, `${finding.message} (${meta.id})`))),
  );
}

/**
 * `flowguard/notifications`: the run's notifications about the file. None is a failure of the file
 * (a value left unknown, a child template's own parse error, which that file shows), so the
 * recommended config has it at `warn`: a clean file never turns red.
 */
function notificationsRule(): FlowguardRule {
  const description = 'What the command line reports beside its findings: a limit that left values unknown, a child template or module file that does not parse';
  return wholeFileRule('problem', description, 'notifications', (source) =>
    // No place named: the file's first character, as ESLint places a problem of the whole file.
    source.notifications().map(({ message, region }) => ({ message, loc: region ? regionLoc(region) : { line: 1, column: 1 } })),
  );
}

/** A rule of the plugin's own (no engine rule behind it) that reports what `reports` finds in the file. */
function wholeFileRule(type: 'problem' | 'suggestion', description: string, anchor: string, reports: (source: FlowguardSourceCode) => { message: string; loc: SourceLocation | { line: number; column: number } }[]): FlowguardRule {
  return {
    meta: { type, docs: { description, url: `${INFORMATION_URI}/blob/main/docs/editor.md#${anchor}`, recommended: true }, schema: [] },
    create(context) {
      const source = context.sourceCode;
      if (!(source instanceof FlowguardSourceCode)) return {};
      return {
        Document() {
          for (const report of reports(source)) context.report(report);
        },
      };
    },
  };
}

function regionLoc(region: Region): SourceLocation {
  const r = normalizeRegion(region);
  return { start: { line: r.startLine, column: r.startColumn }, end: { line: r.endLine, column: r.endColumn } };
}

function reportOf(finding: Finding, message: string): { message: string; loc: SourceLocation } {
  return { message, loc: regionLoc(finding.region) };
}

function optionsSchema(meta: RuleMeta): object {
  const properties = Object.fromEntries(
    Object.entries(meta.options).map(([name, option]) => [
      name,
      { type: option.integer ? 'integer' : option.type, description: option.description, ...(option.minimum !== undefined ? { minimum: option.minimum } : {}) },
    ]),
  );
  return { type: 'object', properties, additionalProperties: false };
}
