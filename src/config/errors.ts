/**
 * A configuration file that cannot be used: the run stops with exit 2 and one line per problem, in the
 * `file:line:col: message` shape editors and terminals turn into links.
 */

export interface ConfigProblem {
  /** The file as the user sees it: relative to the working directory, or as given to `--config`. */
  file: string;
  /** 1-based; absent when the problem is the file as a whole (it cannot be read). */
  line?: number;
  column?: number;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatConfigProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatConfigProblem(problem: ConfigProblem): string {
  return problem.line === undefined ? `${problem.file}: ${problem.message}` : `${problem.file}:${problem.line}:${problem.column ?? 1}: ${problem.message}`;
}
