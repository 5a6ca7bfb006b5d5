import { describe, expect, it } from 'vitest';
import { GradeSession, gradeScript } from '../grader.js';
import { check, demo } from './fixture.js';

const V8 = { kib: 8 };
const SOLVED = 'xfs_io -f -c "pwrite -b 4k 0 8k" f\nxfs_io -c fsync f\n';
const MAP = check('map', 'state', { expect: [{ file: 'f', value: 'extents', eq: '0+2 written' }] }, 3);
const RULE = check('rule', 'script', { rules: [{ command: 'xfs_io', min: 1 }] }, 1);
const ANSWER = check('q', 'answer', { question: { en: 'Blocks?', 'zh-CN': '块数？' }, answerType: 'number', on: 'starter', value: { file: 'f', value: 'blocks' } }, 2);
const HIDDEN = check('md5', 'state', { expect: [{ file: 'f', value: 'md5', sameAsReference: true }] }, 2, 'hidden');
const LATE = check('late', 'state', { expect: [{ file: 'f', value: 'size', eq: '{{kib}}' }] }, 1, 'after-due');
const ALL = [MAP, RULE, ANSWER, HIDDEN, LATE];

const grade = (script: string, answers: Record<string, string> = { q: '2' }) =>
  gradeScript(demo(ALL), { script, answers, studentId: 's' }, { audience: 'instructor', variant: V8 });

describe('grading', () => {
  it('gives every point to a complete script and sums partial credit otherwise', () => {
    const full = grade(SOLVED);
    expect(full.status).toBe('graded');
    expect(full.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['late']);
    expect(full.score).toBe(full.maxScore - 1);
    const half = grade('xfs_io -f -c "pwrite -b 4k 0 8k" f\n', {});
    expect(half.checks.map((c) => [c.id, c.earned])).toEqual([['map', 0], ['rule', 1], ['q', 0], ['md5', 2], ['late', 0]]);
    expect(half.score).toBe(3);
  });

  it('does not grade a script with a syntax error, and takes no points for it', () => {
    const r = grade('xfs_io -f -c "pwrite 0 4k f\n');
    expect(r.status).toBe('not-gradable');
    expect(r.score).toBeNull();
    expect(r.message).toMatch(/^syntax error at line 1:\d+: /);
    expect(r.run?.syntaxError?.line).toBe(1);
    expect(r.checks.every((c) => c.status === 'not-run' && c.earned === 0)).toBe(true);
  });

  it('keeps the points of checks that do not need the run when the script is stopped by a limit', () => {
    const r = grade('while true; do :; done\n');
    expect(r.status).toBe('limit-exceeded');
    expect(r.message).toMatch(/maxCommands \(\d+\) exceeded/);
    const earned = Object.fromEntries(r.checks.map((c) => [c.id, c.earned]));
    expect(earned).toEqual({ map: 0, rule: 0, q: 2, md5: 0, late: 0 });
    expect(r.score).toBe(2);
  });

  it('reports an engine error (here: a setup script that fails) without a score', () => {
    const broken = demo(ALL, { filesystem: { setup: 'setup.sh' } }, { 'setup.sh': 'xfs_io -c "pwrite 0 4k" missing-file\n' });
    const r = gradeScript(broken, { script: SOLVED, answers: {}, studentId: 's' }, { audience: 'instructor', variant: V8 });
    expect(r.status).toBe('engine-error');
    expect(r.score).toBeNull();
    expect(r.message).toMatch(/setup script exited with status 1/);
  });

  it('finishes a report for a run that never ended (timeout) from the checks graded before it', () => {
    const s = new GradeSession(demo(ALL), { script: SOLVED, answers: { q: '2' }, studentId: 's' }, { audience: 'instructor', variant: V8 });
    const before = s.independent();
    expect(before.map((c) => c.id)).toEqual(['rule', 'q']);
    const r = s.finish('timeout', 'the script did not finish within 1 s', before);
    expect(r.score).toBe(3);
    expect(r.checks.find((c) => c.id === 'map')).toMatchObject({ status: 'not-run', earned: 0, reason: 'no points: the script did not finish within 1 s' });
  });

  it('shows students visible checks, after-due ones only after the due date, and defers what needs the solution', () => {
    const due = '2030-01-01T00:00:00Z';
    const a = demo(ALL, { due });
    const student = (now: number) => gradeScript(a, { script: SOLVED, answers: { q: '2' }, studentId: 's' }, { audience: 'student', now, variant: V8 });
    expect(student(Date.parse(due) - 1).checks.map((c) => c.id)).toEqual(['map', 'rule', 'q']);
    expect(student(Date.parse(due)).checks.map((c) => c.id)).toEqual(['map', 'rule', 'q', 'late']);
    const { solution: _s, ...copy } = a;
    const r = gradeScript({ ...copy }, { script: SOLVED, answers: {}, studentId: 's' }, { audience: 'instructor', variant: V8 });
    expect(r.checks.find((c) => c.id === 'md5')?.status).toBe('deferred');
    expect(r.maxScore).toBe(a.points - 2);
  });

  it('draws the variant from the student id', () => {
    const a = demo(ALL);
    const ids = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const kibs = new Set(ids.map((id) => new GradeSession(a, { script: '', answers: {}, studentId: id }, { audience: 'student' }).variant.kib));
    expect([...kibs].sort()).toEqual([12, 8]);
    const one = new GradeSession(a, { script: '', answers: {}, studentId: 'alice' }, { audience: 'student' });
    expect(new GradeSession(a, { script: 'x', answers: {}, studentId: ' ALICE' }, { audience: 'instructor' }).variant).toEqual(one.variant);
  });
});
