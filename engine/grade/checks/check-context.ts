/**
 * What a check evaluator gets: the runs it may read (each computed on first use), the script
 * text and the student's answers; and what it returns: its items, the fraction of them that
 * passed, and an excerpt to show.
 */
import type { CheckItem } from '../report-types.js';
import type { RunRecord } from '../run-record.js';

/** The runs and inputs of one grading. */
export interface CheckContext {
  /** The student's run. */
  student: () => RunRecord;
  /** The reference solution's run (same variant). Throws if there is no solution. */
  reference: () => RunRecord;
  /** The starter script's run (same variant). */
  starter: () => RunRecord;
  script: string;
  answers: Readonly<Record<string, string>>;
  /** Put the expected answer in answer checks' items (instructor reports, after the due date). */
  revealAnswers: boolean;
}

/** An evaluator's result. */
export interface Evaluation {
  items: CheckItem[];
  /** Fraction of the check's points earned with partial credit (passed items / items by default). */
  fraction?: number;
  excerpt?: string[];
}

/** Passed items over all items (1 when there are none). */
export function passedFraction(items: readonly CheckItem[]): number {
  return items.length ? items.filter((i) => i.passed).length / items.length : 1;
}
