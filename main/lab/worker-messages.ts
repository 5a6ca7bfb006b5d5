// Messages between the lab service and its run workers (run-worker.ts).
import type { CheckResult, RunLimits } from '../../engine/index';
import type { Diagnostic, GradeReport, RunProgress } from '../ipc-contract';
import type { RunView } from '../run-view-types';

export type WorkerRequest =
  | { type: 'run'; runId: string; script: string; seed: number; limits: RunLimits }
  | { type: 'check'; id: number; script: string }
  | { type: 'grade'; runId: string; job: GradeJob };

/** One grading: the assignment's files, what is graded, and for whom (student: visible checks). */
export interface GradeJob {
  assignmentId: string;
  files: Record<string, string>;
  script: string;
  answers: Record<string, string>;
  studentId: string;
  audience: 'student' | 'instructor';
  /** ms since the epoch (after-due checks); the engine has no clock. */
  now: number;
  /** A submission file's text: graded as the CLI grades it (parse, verify the hash, all checks); script and answers unused. */
  submission?: string;
}

export type WorkerReply =
  | { type: 'ready' }
  | ({ type: 'progress' } & RunProgress)
  | { type: 'done'; runId: string; view: RunView }
  | { type: 'independent'; runId: string; results: CheckResult[] }
  | { type: 'graded'; runId: string; report: GradeReport }
  | { type: 'checked'; id: number; diagnostics: Diagnostic[] }
  | { type: 'error'; id: string | number; message: string };
