/**
 * A small assignment for the grader's tests, built in memory: one file `f` written in 4 KiB writes
 * (parameter `kib`), written back with fsync. Tests add or replace checks and files.
 */
import type { Assignment } from '../assignment-types.js';
import { loadAssignment, type AssignmentFiles } from '../schema.js';

export const TITLE = { en: 'T', 'zh-CN': '题' };

/** A visible check of `kind` with the common fields filled in. */
export function check(id: string, kind: string, rest: Record<string, unknown>, points = 1, visibility = 'visible'): Record<string, unknown> {
  return { id, kind, points, visibility, title: { en: `check ${id}`, 'zh-CN': `检查 ${id}` }, ...rest };
}

export const SOLUTION = 'xfs_io -f -c "pwrite -b 4k 0 {{kib}}k" f\nxfs_io -c fsync f\nxfs_io -c "bmap -elpv" f\n';
export const STARTER = 'xfs_io -f -c "pwrite -b 4k 0 {{kib}}k" f\n';

/** The files of the test assignment `demo`. */
export function demoFiles(checks: Record<string, unknown>[], meta: Record<string, unknown> = {}, extra: AssignmentFiles = {}): AssignmentFiles {
  const points = checks.reduce((s, c) => s + (c.points as number), 0);
  const json = {
    id: 'demo', version: '1.0.0', title: TITLE, topic: TITLE, points,
    variants: { kib: { choose: [8, 12] } },
    checks, ...meta,
  };
  return {
    'assignment.json': JSON.stringify(json, null, 2),
    'README.en.md': 'Write {{kib}} KiB.', 'README.zh-CN.md': '写 {{kib}} KiB。',
    'starter.sh': STARTER, 'solution/solution.sh': SOLUTION,
    ...extra,
  };
}

/** Load the demo assignment, failing the test with the errors if it does not load. */
export function demo(checks: Record<string, unknown>[], meta: Record<string, unknown> = {}, extra: AssignmentFiles = {}): Assignment {
  const r = loadAssignment('demo', demoFiles(checks, meta, extra));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.file}: ${e.field}: ${e.message}`).join('\n'));
  return r.assignment;
}
