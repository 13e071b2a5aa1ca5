import type { Region, Span } from './source.js';

export type Level = 'error' | 'warning' | 'note';
export type ConfiguredLevel = Level | 'off';

/** What a rule returns: positions as spans, level chosen by the engine unless the rule overrides it. */
export interface RuleFinding {
  /** Message id from the rule's `meta.messages`, and the values for its `{placeholders}`. */
  messageId: string;
  data?: Record<string, string | number>;
  /** The resource the finding is about (logical id or Terraform address), and its file; `''` for none (a suppression comment on no block). */
  resourceId: string;
  span: Span;
  /** See `ResourceNode.logicalFile`; rules pass `node.logicalFile` through. */
  logicalFile?: string;
  /** The graph node's uid, so the engine can apply the resource's in-source suppressions. */
  resourceUid?: string;
  related?: RelatedSpan[];
  /** Set only when the finding is weaker than the rule's level (e.g. a confused-deputy note). */
  level?: Level;
  /**
   * Tells apart several findings of one rule on one resource (e.g. two principals of one role), so
   * their fingerprints differ. Must not depend on positions.
   */
  key?: string;
  /**
   * The finding says the check could not be concluded (a value that cannot be known), not that
   * something fails: a "could not be verified" note. A more definite verdict on the same resource
   * (a plan's source, linted with it) replaces it.
   */
  unverified?: true;
  /**
   * Numeric placeholders to quote as written (`1e400`, `99999999999999999999`, `0x10`, `-0`), not as
   * JavaScript prints the number it became (`Infinity`, `100000000000000000000`, `16`, `0`): where the
   * number may be written, in order (the value, then where it comes from). The engine, which has the
   * texts, uses the first whose text is that number, else keeps `data`.
   */
  writtenAt?: Record<string, readonly Span[]>;
}

export interface RelatedSpan {
  span: Span;
  message: string;
  resourceId?: string;
  /** The related resource's graph node, so the engine can add `createdBy`. */
  resourceUid?: string;
  /** Set by the engine: see `Finding.createdBy`. */
  createdBy?: Creator[];
  /** Set by the engine: see `Finding.logicalFile`. */
  logicalFile?: string;
}

export interface Suppression {
  kind: 'inSource' | 'external';
  justification: string;
}

/** A finding ready for reporting: rule, level, message text and resolved regions. */
export interface Finding {
  ruleId: string;
  level: Level;
  message: string;
  /** Repository-relative path, forward slashes. */
  file: string;
  region: Region;
  /** Absent only for findings about no resource (parse errors, a suppression comment on no block). */
  resourceId?: string;
  /** The file the resource id belongs to when it is not `file` (a Terraform module resource's root). */
  logicalFile?: string;
  related: RelatedLocation[];
  /** Stable identity across edits: hash of rule id, file and resource id (never line-based). */
  fingerprint: string;
  suppressions?: Suppression[];
  /**
   * What creates the resource, outermost first: the Terraform `module` calls that lead to a module's
   * resource, the nested stacks that include its template. Not reported: what they pass decides the
   * resource, so `--changed-since` and the files named with `--context` (pre-commit) follow them.
   */
  createdBy?: Creator[];
}

/** A Terraform `module` call (`module.<name>`, in the file it is written in) or a nested-stack resource. */
export interface Creator {
  file: string;
  resourceId: string;
}

export interface RelatedLocation {
  file: string;
  region: Region;
  message: string;
  resourceId?: string;
  /** See `Finding.createdBy`. */
  createdBy?: Creator[];
  /** See `Finding.logicalFile`; not reported. */
  logicalFile?: string;
}

/** Problems with the run's inputs that are not rule findings (unreadable files, skipped files). */
export interface ToolNotification {
  level: Level;
  message: string;
  file?: string;
  region?: Region;
}
