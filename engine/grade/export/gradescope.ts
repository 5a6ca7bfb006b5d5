/**
 * Gradescope's autograder results format (results.json: https://gradescope-autograders.readthedocs.io/en/latest/specs/).
 * Gradescope runs the autograder once per submission, so this describes one report. Gradescope has
 * no "not graded" state: a submission that could not be graded gets score 0 with the reason on top
 * and `extra_data.status`, and the student's next submission replaces it.
 */
import type { Visibility } from '../assignment-types.js';
import type { CheckResult, GradeReport } from '../report-types.js';

/** One test case as Gradescope reads it. */
export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: 'visible' | 'hidden' | 'after_due_date';
  tags: string[];
}

/** The results.json object. */
export interface GradescopeResults {
  score: number;
  output: string;
  visibility: 'visible';
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
  extra_data: { status: GradeReport['status']; studentId: string; assignment: string; version: string; seed: number };
}

const VIS: Record<Visibility, GradescopeTest['visibility']> = { visible: 'visible', hidden: 'hidden', 'after-due': 'after_due_date' };

/** The text of one check's result: its items, the reason it was not run, the excerpt and the hint. */
export function checkText(c: CheckResult): string {
  const lines: string[] = [];
  if (c.reason) lines.push(c.reason);
  for (const i of c.items) {
    const detail = [i.expected !== undefined ? `expected ${i.expected}` : '', i.actual !== undefined ? `got ${i.actual}` : ''].filter(Boolean).join(', ');
    lines.push(`${i.passed ? '✓' : '✗'} ${i.label}${detail ? ` — ${detail}` : ''}`);
  }
  if (c.excerpt?.length) lines.push('', ...c.excerpt);
  if (c.hint) lines.push('', `Hint: ${c.hint.en}`, `提示：${c.hint['zh-CN']}`);
  return lines.join('\n');
}

/** The headline of a report: its status and message. */
export function reportHeadline(r: GradeReport): string {
  switch (r.status) {
    case 'graded':
      return `Graded: ${r.score}/${r.maxScore} points.`;
    case 'not-gradable':
      return `NOT GRADED — ${r.message}. Nothing ran; fix the script and submit again (no points are lost for this).`;
    case 'engine-error':
      return `NOT GRADED — ${r.message}. This is a fault of the simulator, not of your script; your instructor has been told.`;
    case 'rejected':
      return `REJECTED — ${r.message}. Export the submission again from the app and submit that file unchanged.`;
    default:
      return `${r.status === 'timeout' ? 'TIME LIMIT' : 'LIMIT EXCEEDED'} — ${r.message}. Checks of the run get no points; ${r.score}/${r.maxScore} points.`;
  }
}

/** results.json for one report. */
export function toGradescope(r: GradeReport): GradescopeResults {
  const tests = r.checks.map((c, i): GradescopeTest => ({
    name: `${c.title.en} (${c.id})`, number: String(i + 1), score: c.earned, max_score: c.points,
    status: c.passed ? 'passed' : 'failed', output: checkText(c), visibility: VIS[c.visibility], tags: [c.kind],
  }));
  const output = [reportHeadline(r), ...r.warnings.map((w) => `Note: ${w}`)].join('\n');
  return {
    score: r.score ?? 0, output, visibility: 'visible', stdout_visibility: 'hidden',
    tests: r.score === null ? [] : tests,
    extra_data: { status: r.status, studentId: r.studentId, assignment: r.assignment.id, version: r.assignment.version, seed: r.seed },
  };
}
