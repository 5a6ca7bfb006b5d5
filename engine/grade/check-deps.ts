/**
 * What a check reads, which decides when it can be graded: checks that read the student's run
 * get no points when the run is stopped; checks that need the reference solution cannot run in a
 * students' copy (no solution/ folder), so they may not be visible.
 */
import type { Check } from './assignment-types.js';

/** Does a check read the student's run (rather than only the script text and the answers)? */
export function readsStudentRun(c: Check): boolean {
  return c.kind === 'output' || c.kind === 'state' || c.kind === 'trace' || (c.kind === 'answer' && c.on === 'student');
}

/** Does a check need the reference solution (which the students' copy does not have)? */
export function needsReference(c: Check): boolean {
  if (c.kind === 'output') return c.match === 'reference';
  if (c.kind === 'state') return c.expect.some((a) => a.sameAsReference);
  return c.kind === 'answer' && c.value !== undefined && c.on === 'reference';
}
