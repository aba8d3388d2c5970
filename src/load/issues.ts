/**
 * Problems found in an experiment file are data: a code, where (file, line,
 * column, path), a message and an optional hint. Only the CLI prints them.
 */
import { closest, distance } from 'fastest-levenshtein';

export type Severity = 'error' | 'warning';
export type PathSeg = string | number;

export interface Issue {
  code: IssueCode;
  severity: Severity;
  /** Where in the experiment, as a dotted path (`fit.epochs`, `model.1.units`); '' for the file itself. */
  path: string;
  message: string;
  file: string;
  /** 1-based; 0 when the problem has no place in a file (for example a --set override). */
  line: number;
  column: number;
  hint?: string;
}

/** Every code, with its severity. Warnings never stop a run. */
export const ISSUE_CODES = {
  // reading the file
  'file-missing': 'error',
  'file-too-large': 'error',
  'file-binary': 'error',
  'file-empty': 'error',
  'yaml-syntax': 'error',
  'yaml-duplicate-key': 'error',
  'yaml-tab': 'error',
  'yaml-alias-limit': 'error',
  'yaml-alias-cycle': 'error',
  'yaml-complex-key': 'error',
  'not-a-map': 'error',
  // extends
  'extends-missing': 'error',
  'extends-cycle': 'error',
  // schema
  'unknown-key': 'error',
  'unknown-name': 'error',
  'missing-key': 'error',
  'wrong-type': 'error',
  'out-of-range': 'error',
  'bad-format': 'error',
  'invalid-value': 'error',
  // what a Keras user gets wrong
  'input-dim-mismatch': 'error',
  'input-not-first': 'warning',
  'output-units-mismatch': 'error',
  'loss-labels': 'error',
  'loss-activation': 'error',
  'loss-activation-doubtful': 'warning',
  'metric-labels': 'error',
  'labels-classes': 'error',
  'validation-split-range': 'error',
  'batch-size-large': 'warning',
  'early-stopping-monitor': 'error',
  'data-missing': 'error',
  'data-invalid': 'error',
  'data-column': 'error',
  'data-outside': 'error',
  'data-not-a-file': 'error',
  // sizes and shapes
  'size-limit': 'error',
  'memory-limit': 'error',
  'shape-mismatch': 'error',
  // paths (sweeps, --set)
  'sweep-path': 'error',
  'sweep-empty': 'error',
  'sweep-duplicate-name': 'error',
  'set-path': 'error',
  'set-syntax': 'error',
  // results names (they become folder names)
  'name-invalid': 'error',
  'name-duplicate': 'error',
} as const satisfies Record<string, Severity>;

export type IssueCode = keyof typeof ISSUE_CODES;

export function issue(
  code: IssueCode,
  where: { file: string; line: number; column: number; path?: string },
  message: string,
  hint?: string,
): Issue {
  return {
    code,
    severity: ISSUE_CODES[code],
    path: where.path ?? '',
    message,
    file: where.file,
    line: where.line,
    column: where.column,
    ...(hint ? { hint } : {}),
  };
}

/** A did-you-mean hint for `word` among `candidates`, or undefined when none is close. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || typeof word !== 'string') return undefined;
  const best = closest(word, candidates as string[]);
  const limit = Math.max(2, Math.floor(word.length / 3));
  return distance(word, best) <= limit ? `did you mean "${best}"?` : undefined;
}

export const hasErrors = (issues: readonly Issue[]) => issues.some((i) => i.severity === 'error');

/** Issues in file order, then line and column, so output is stable. */
export function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}
