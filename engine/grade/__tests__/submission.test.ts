import { describe, expect, it } from 'vitest';
import { canonicalJson, createSubmission, gradeSubmission, parseSubmission, submissionFileName, submissionHash, verifySubmission } from '../submission.js';
import { variantSeed } from '../variants.js';
import { check, demo } from './fixture.js';

const A = demo([check('map', 'state', { expect: [{ file: 'f', value: 'size', gt: 0 }] }, 2)]);
const SCRIPT = 'xfs_io -f -c "pwrite 0 4k" f\n';
const make = () => createSubmission(A, { studentId: 'S42', script: SCRIPT, answers: {}, appVersion: '0.1.0', createdAt: '2025-01-01T00:00:00Z' });

describe('submissions', () => {
  it('carry the assignment, the student\'s seed, the script and a hash of all of it', () => {
    const s = make();
    expect(s.assignment).toEqual({ id: 'demo', version: '1.0.0', contentHash: A.contentHash });
    expect(s.seed).toBe(variantSeed('demo', 's42'));
    expect(s.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(submissionFileName(s)).toBe('demo--s42.xfslab.json');
    const p = parseSubmission(JSON.stringify(s, null, 2));
    expect(p.ok && verifySubmission(A, p.submission)).toEqual({ warnings: [] });
  });

  it('hash the same content the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }] })).toBe(canonicalJson({ a: [{ c: 'x', d: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });

  it('reject a file edited after export, and grade a good one', () => {
    const s = make();
    const edited = { ...s, scripts: { 'main.sh': `${SCRIPT}echo extra\n` } };
    expect(gradeSubmission(A, JSON.stringify(edited))).toMatchObject({ status: 'rejected', score: null, message: expect.stringMatching(/changed after it was exported/) });
    expect(gradeSubmission(A, JSON.stringify({ ...s, studentId: 'S43' })).status).toBe('rejected');
    const r = gradeSubmission(A, JSON.stringify(s));
    expect([r.status, r.score, r.studentId]).toEqual(['graded', 2, 'S42']);
  });

  it('explain files that are not submissions', () => {
    const bad = (text: string) => parseSubmission(text);
    expect(bad('nope')).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(bad('{"format": "zip"}')).toMatchObject({ ok: false, error: expect.stringMatching(/"format" is "zip"/) });
    const s = make();
    expect(bad(JSON.stringify({ ...s, scripts: {} }))).toMatchObject({ ok: false, error: '"scripts" must hold "main.sh"', studentId: 'S42' });
    expect(bad(JSON.stringify({ ...s, studentId: '' }))).toMatchObject({ ok: false, error: expect.stringMatching(/"studentId" must be 1 to 64 printable/) });
    expect(gradeSubmission(A, '[]')).toMatchObject({ status: 'rejected', studentId: '(unknown)' });
  });

  it('grade another version with a warning, and never trust the seed in the file', () => {
    const s = make();
    const { hash: _hash, ...body } = { ...s, assignment: { ...s.assignment, version: '0.9.0' }, seed: 7 };
    const older = { ...body, hash: submissionHash(body) };
    const v = verifySubmission(A, older);
    expect(v.reject).toBeUndefined();
    expect(v.warnings).toEqual([
      'the student worked on version 0.9.0; graded with version 1.0.0',
      `the submission's seed 7 is not the student's (${variantSeed('demo', 'S42')}); graded with the student's`,
    ]);
    const r = gradeSubmission(A, JSON.stringify(older));
    expect([r.status, r.seed, r.warnings]).toEqual(['graded', variantSeed('demo', 'S42'), v.warnings]);
    expect(verifySubmission({ ...A, id: 'other' }, older).reject).toBe('the submission is for assignment "demo", not "other"');
  });
});
