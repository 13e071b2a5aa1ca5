/**
 * The `SourceCode` ESLint hands to rules. Besides the text (ESLint's, so unsaved editor buffers are
 * what gets linted), it holds the loaded run of `Language.parse` and asks the engine for findings
 * once, on the first rule visit, with exactly the flowguard rules ESLint enabled for this file and
 * their options: ESLint creates every rule before it visits any node, and each of our rules says
 * in `create()` that it runs.
 */
import type { SourceLocation, SourceRange, TraversalStep } from '@eslint/core';
import { TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';
import { mergeRuleSettings, type RuleSettings } from '../config/merge.js';
import type { Finding, ToolNotification } from '../core/finding.js';
import type { RuleOptions } from '../core/rule.js';
import { analyzeLoaded, type BuiltGraph, type LoadedRun } from '../engine/lint-sync.js';
import { includesOf } from '../engine/includes.js';
import type { RuleSetting } from '../engine/options.js';
import { isSuppressed } from '../report/shared.js';
import { RULES } from '../../rules/index.js';
import { notificationsOf, type FileNotification } from './notifications.js';

/** The whole file: the only node. Rules listen for `Document`. */
export interface DocumentNode {
  type: 'Document';
  range: SourceRange;
  loc: SourceLocation;
}

/** What `Language.parse` found out about a file we lint. */
export interface LoadedFile {
  run: LoadedRun;
  /** The run's graph, built once in `Language.parse`. */
  built: BuiltGraph;
  /** The file's path as findings name it (repository-relative). */
  path: string;
  /** Rule settings of the project's `.flowguard.yaml`. */
  settings: RuleSettings;
}

export interface FlowguardLanguageOptions {
  /**
   * Which files on disk are read (never reported) so that links across files resolve:
   * `'directory'` the file's folder and below (default), `'repository'` the whole git work tree,
   * `'none'` only the file, or paths relative to the repository root. A Terraform file always has
   * its own folder (its module) as context too.
   */
  context?: 'directory' | 'repository' | 'none' | string[];
  [key: string]: unknown;
}

export class FlowguardSourceCode extends TextSourceCodeBase<{
  LangOptions: FlowguardLanguageOptions;
  RootNode: DocumentNode;
  SyntaxElementWithLoc: DocumentNode;
  ConfigNode: never;
}> {
  private readonly loaded: LoadedFile | undefined;
  /** Rules ESLint runs on this file, with the options its config gives them (if it gives any). */
  private readonly requested = new Map<string, RuleOptions | undefined>();
  private byRule: Map<string, Finding[]> | undefined;
  /** The run's notifications, from the same analysis as `byRule`. */
  private runNotifications: readonly ToolNotification[] = [];

  constructor({ text, ast, loaded }: { text: string; ast: DocumentNode; loaded: LoadedFile | undefined }) {
    super({ text, ast });
    this.loaded = loaded;
  }

  override getParent(): undefined {
    return undefined;
  }

  override traverse(): Iterable<TraversalStep> {
    return [new VisitNodeStep({ target: this.ast, phase: 1, args: [this.ast] }), new VisitNodeStep({ target: this.ast, phase: 2, args: [this.ast] })];
  }

  /** Called from a flowguard rule's `create()`: the rule runs on this file, with these options. */
  request(ruleId: string, options: RuleOptions | undefined): void {
    this.requested.set(ruleId, options);
    if (this.byRule && !this.byRule.has(ruleId)) this.byRule = undefined;
  }

  /** The file's unsuppressed findings of one rule, computed (for every requested rule) on first call. */
  findingsOf(ruleId: string): Finding[] {
    if (!this.loaded) return [];
    this.byRule ??= this.analyze(this.loaded);
    return this.byRule.get(ruleId) ?? [];
  }

  /** The run's notifications that concern this file (notifications.ts). */
  notifications(): FileNotification[] {
    if (!this.loaded) return [];
    this.byRule ??= this.analyze(this.loaded);
    const { run, built, path } = this.loaded;
    // The file's includes are looked for only when a notification may be about one of them.
    const others = this.runNotifications.some((n) => n.file !== undefined && n.file !== path);
    return notificationsOf(this.runNotifications, path, others ? includesOf(run, built.texts, path) : []);
  }

  /**
   * Precedence, per rule: its defaults, `.flowguard.yaml` (a rule it turns off stays off), then the
   * options in the ESLint config. Which rules run at all is ESLint's to say; severity is ESLint's.
   */
  private analyze({ run, built, path, settings }: LoadedFile): Map<string, Finding[]> {
    const eslint: RuleSettings = {};
    for (const { meta } of RULES) {
      if (!this.requested.has(meta.id)) eslint[meta.id] = { level: 'off' };
      else {
        const options = this.requested.get(meta.id);
        eslint[meta.id] = options ? { options } : {};
      }
    }
    const rules: Record<string, RuleSetting> = mergeRuleSettings(settings, eslint);
    for (const id of this.requested.keys()) if (settings[id]?.level === 'off') rules[id] = { level: 'off' };
    const byRule = new Map<string, Finding[]>([...this.requested.keys()].map((id) => [id, []]));
    const { result } = analyzeLoaded(run, { rules }, built);
    this.runNotifications = result.notifications;
    for (const finding of result.findings) {
      // In-source suppressions hide a finding in an editor (SARIF keeps it, marked suppressed).
      if (finding.file !== path || isSuppressed(finding)) continue;
      byRule.get(finding.ruleId)?.push(finding);
    }
    return byRule;
  }
}
