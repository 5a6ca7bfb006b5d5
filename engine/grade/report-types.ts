/**
 * What grading produces: one report per submission, with a result per check. The app shows it
 * (Check), the CLI prints and exports it (grade), and the Playwright run reads it from the page;
 * all three get it from the same functions, so their scores agree.
 */
import type { CheckKind, Localized, VariantValues, Visibility } from './assignment-types.js';

/** One thing a check looked at: an assertion, a trace matcher, a script rule, an answer. */
export interface CheckItem {
  label: string;
  passed: boolean;
  expected?: string;
  actual?: string;
}

/**
 * How a check ended: evaluated; not evaluated because the run failed (no points); or deferred:
 * it needs the reference solution, which the students' copy does not have (graded on submission).
 */
export type CheckStatus = 'evaluated' | 'not-run' | 'deferred';

/** The result of one check. */
export interface CheckResult {
  id: string;
  kind: CheckKind;
  title: Localized;
  visibility: Visibility;
  status: CheckStatus;
  points: number;
  earned: number;
  passed: boolean;
  items: CheckItem[];
  /** Shown when the check failed. */
  hint?: Localized;
  /** Lines of output or trace around where the check failed (trace_pipe format). */
  excerpt?: string[];
  /** Why the check was not evaluated. */
  reason?: string;
}

/**
 * The grading outcome of a submission:
 * - graded: the script ran to its end;
 * - not-gradable: a syntax error; nothing ran and no points are lost (the student fixes it);
 * - timeout / limit-exceeded: the script was stopped; checks of its run get no points;
 * - engine-error: the simulator failed (our bug, not the student's): not graded;
 * - rejected: the submission file is invalid or was edited after export.
 */
export type GradeStatus = 'graded' | 'not-gradable' | 'timeout' | 'limit-exceeded' | 'engine-error' | 'rejected';

/** The report of one submission. */
export interface GradeReport {
  assignment: { id: string; version: string; contentHash: string };
  studentId: string;
  seed: number;
  variant: VariantValues;
  status: GradeStatus;
  /** Why the status is not "graded" (the syntax error with line:col, the limit, the engine error). */
  message?: string;
  /** Points earned; null when the submission is not graded (not-gradable, engine-error, rejected). */
  score: number | null;
  maxScore: number;
  checks: CheckResult[];
  /** Things the instructor should know that did not change the score (another assignment version, ...). */
  warnings: string[];
  run?: { exitCode: number; steps: number; output: string; syntaxError?: { line: number; col: number; message: string } };
}
