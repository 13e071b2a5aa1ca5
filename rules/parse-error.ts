/**
 * parse-error — not a check of the graph: the engine reports files that could not be read or parsed
 * under this id, so they appear in SARIF `rules[]` and can be configured like any rule.
 */
import type { Rule } from '../src/core/rule.js';

export const parseError: Rule = {
  meta: {
    id: 'parse-error',
    name: 'ParseError',
    shortDescription: 'The file could not be read or parsed.',
    fullDescription:
      'A CloudFormation template or Terraform file could not be read or parsed (invalid syntax, duplicate keys, an ' +
      'unknown YAML tag, an alias bomb, nesting too deep, a file too large, invalid UTF-8). Nothing in it was checked.',
    defaultLevel: 'error',
    securitySeverity: '5.0',
    tags: ['security', 'correctness'],
    messages: { problem: '{message}' },
    options: {},
  },
  check: () => [],
};
