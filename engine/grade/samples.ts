/**
 * Sample submissions of an assignment, one of each kind a grader must survive: the reference
 * solution with the expected answers, a partial one (the starter, with the expected answers), a
 * syntax error, an endless loop, a write of 10^9 bytes, and the solution's file edited after export.
 * `xfslab submission samples` writes them; the tests grade them through the engine API, `xfslab
 * grade` and the app (Playwright), which must give the same reports.
 */
import type { Assignment } from './assignment-types.js';
import { GradeSession } from './grader.js';
import { createSubmission, type Submission } from './submission.js';
import { substituteText } from './variants.js';

export const SAMPLE_KINDS = ['solution', 'partial', 'syntax', 'loop', 'huge', 'tampered'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

/** The scripts of the kinds that are not the assignment's own. */
export const SAMPLE_SCRIPTS = {
  syntax: 'xfs_io -f -c "pwrite 0 4k f\n',
  loop: 'while true; do :; done\n',
  huge: 'xfs_io -f -c "pwrite -b 1m 0 1000000000" huge 2>&1\n',
} as const;

/**
 * The six samples for `studentId` (their variant's solution and starter; the answers the engine
 * expects for that variant in every kind). Needs the assignment's solution (the instructor's copy).
 */
export function sampleSubmissions(a: Assignment, studentId: string, appVersion: string, createdAt?: string): Record<SampleKind, Submission> {
  if (a.solution === undefined) throw new Error(`${a.id}: samples need the reference solution (solution/solution.sh)`);
  const probe = new GradeSession(a, { script: '', answers: {}, studentId }, { audience: 'instructor' });
  const solution = substituteText(a.solution, probe.variant);
  const answers = new GradeSession(a, { script: solution, answers: {}, studentId }, { audience: 'instructor' }).expectedAnswers();
  const scripts: Record<SampleKind, string> = {
    solution, partial: substituteText(a.starter, probe.variant), ...SAMPLE_SCRIPTS, tampered: solution,
  };
  const out = {} as Record<SampleKind, Submission>;
  for (const kind of SAMPLE_KINDS) {
    const sub = createSubmission(a, { studentId, script: scripts[kind], answers, appVersion, createdAt });
    // Edited after export: the hash no longer matches.
    if (kind === 'tampered') sub.scripts['main.sh'] += 'echo "one more line"\n';
    out[kind] = sub;
  }
  return out;
}
