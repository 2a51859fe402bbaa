// Config problems, compiler style: `whydown.yml:12:5: monitors[2].interval: "abc" is not a duration`,
// so editors and terminals can jump to the line. All problems of a file go in one error.
import { WhydownError } from '../../core/errors.js';

export interface ConfigIssue {
  file: string;
  /** 1-based; 0 when the value did not come from a file (the API). */
  line: number;
  col: number;
  /** Where in the config: `monitors[2].interval`; empty for the file as a whole. */
  path: string;
  message: string;
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}: ` : issue.file ? `${issue.file}: ` : '';
  return `${where}${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

export class ConfigError extends WhydownError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const sorted = [...issues].sort((a, b) => a.line - b.line || a.col - b.col);
    const lines = sorted.map(formatIssue);
    // One problem stays one line (the CLI prints it after "whydown: "); several get a heading.
    const head = lines.length > 1 ? [`${lines.length} problems in ${sorted[0]?.file || 'the config'}:`] : [];
    super('E_CONFIG', [...head, ...lines].join('\n'));
    this.name = 'ConfigError';
    this.issues = sorted;
  }
}
