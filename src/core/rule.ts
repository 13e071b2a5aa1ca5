import type { Level, RuleFinding } from './finding.js';
import type { ResourceGraph } from '../graph/model.js';

/** One option of a rule, described as data so config validation and docs come from one place. */
export interface RuleOption {
  type: 'number' | 'boolean';
  default: number | boolean;
  description: string;
  /** For numbers: only whole numbers (`minimumDays`). */
  integer?: boolean;
  /** For numbers: the smallest value accepted. */
  minimum?: number;
}

/** Rule metadata as data (the ESLint shape): it feeds SARIF `rules[]`, `flowguard rules` and the docs. */
export interface RuleMeta {
  /** Stable id, the SARIF `ruleId`: `vpc-flow-logs`. */
  id: string;
  /** PascalCase name for SARIF `name`: `VpcFlowLogs`. */
  name: string;
  shortDescription: string;
  fullDescription: string;
  defaultLevel: Level;
  /** GitHub code scanning severity score, as a string ("5.0"). */
  securitySeverity: string;
  /** SARIF `properties.tags`; always includes `security`. */
  tags: string[];
  /** Messages by id; `{name}` placeholders are filled from `RuleFinding.data`. */
  messages: Record<string, string>;
  options: Record<string, RuleOption>;
}

export type RuleOptions = Record<string, number | boolean>;

export interface Rule {
  meta: RuleMeta;
  /** Pure: the graph and the rule's options in, findings out. No I/O, no global state. */
  check(graph: ResourceGraph, options: RuleOptions): RuleFinding[];
}
