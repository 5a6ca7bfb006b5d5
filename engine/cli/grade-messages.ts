/** Messages between `xfslab grade` and its worker threads (grade-pool.ts, grade-worker.ts). */
import type { GradeInput } from '../grade/grader.js';
import type { CheckResult, GradeReport } from '../grade/report-types.js';

/** Main → worker: grade this script for the assignment in `dir`. */
export interface GradeJob {
  type: 'grade';
  jobId: number;
  dir: string;
  input: GradeInput;
}

/** Worker → main. */
export type WorkerMessage =
  | { type: 'ready' }
  /** The checks that do not need the student's run, graded before it starts (kept if it times out). */
  | { type: 'independent'; jobId: number; results: CheckResult[] }
  | { type: 'report'; jobId: number; report: GradeReport }
  | { type: 'error'; jobId: number; message: string };
