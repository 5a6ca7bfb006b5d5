import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../report-types.js';
import { gradeScript } from '../grader.js';
import { check, demo } from './fixture.js';

const V8 = { kib: 8 };
const WRITE = 'xfs_io -f -c "pwrite -b 4k 0 8k" f\n';
const SYNCED = `${WRITE}xfs_io -c fsync f\nxfs_io -c "bmap -elpv" f\n`;

/** Grade `script` (with `answers`) on the demo assignment made of `checks`; returns the one check's result. */
function run(c: Record<string, unknown>, script: string, answers: Record<string, string> = {}): CheckResult {
  // Every assignment needs a visible check; this one always passes.
  const filler = check('filler', 'script', { rules: [{ maxCommands: 1000 }] });
  const r = gradeScript(demo([c, filler]), { script, answers, studentId: 's' }, { audience: 'instructor', variant: V8 });
  expect(r.status).toBe('graded');
  return r.checks[0];
}

describe('output checks', () => {
  const ref = check('out', 'output', { match: 'reference', ignore: ['^ EXT'] }, 1, 'hidden');
  it('compare with the reference solution\'s filtered output (timing lines and mount path filtered)', () => {
    expect(run(ref, SYNCED).passed).toBe(true);
    const bad = run(ref, `${WRITE}xfs_io -c "bmap -elpv" f\n`);
    expect(bad.passed).toBe(false);
    expect(bad.excerpt?.[0]).toMatch(/^@@ line \d+ @@$/);
  });
  it('look for lines that must and must not appear', () => {
    const c = check('out', 'output', { contains: ['^wrote 8192/8192'], notContains: ['delalloc'] });
    expect(run(c, SYNCED).passed).toBe(true);
    const r = run(c, `${WRITE}xfs_io -c "bmap -elpv" f\n`);
    expect(r.items.map((i) => i.passed)).toEqual([true, false]);
  });
});

describe('state checks', () => {
  it('compare extent maps, sizes and counters at the end', () => {
    const c = check('st', 'state', { expect: [{ file: 'f', value: 'extents', eq: '0+2 written' }, { file: 'f', value: 'diskSize', eq: 8192 }] });
    expect(run(c, SYNCED).passed).toBe(true);
    const r = run(c, WRITE);
    expect(r.passed).toBe(false);
    expect(r.items[0]).toMatchObject({ passed: false, expected: '0+2 written', actual: '0+2 delalloc' });
  });
  it('read the state after a given command', () => {
    const c = check('st', 'state', { at: { afterCommand: 'pwrite' }, expect: [{ file: 'f', value: 'extents', eq: '0+2 delalloc' }] });
    expect(run(c, SYNCED).passed).toBe(true);
    const r = run(c, 'xfs_io -f -c "pwrite -b 4k 0 8k" -c fsync f\n');
    expect(r.items[0].actual).toBe('0+2 written');
    expect(run(c, 'true\n').items[0].actual).toMatch(/no command matching \/pwrite\/ ran/);
  });
  it('compare with the reference run, and explain a missing file', () => {
    const c = check('st', 'state', { expect: [{ file: 'f', value: 'md5', sameAsReference: true }] }, 1, 'hidden');
    expect(run(c, SYNCED).passed).toBe(true);
    expect(run(c, 'xfs_io -f -c "pwrite -S 0x62 -b 4k 0 8k" f\n').passed).toBe(false);
    expect(run(c, 'true\n').items[0].actual).toBe('there is no file "f" at the end of the run');
  });
  it('give partial credit when asked', () => {
    const c = { ...check('st', 'state', { expect: [{ file: 'f', value: 'size', eq: 8192 }, { file: 'f', value: 'extents', eq: '0+2 written' }] }, 4), partial: true };
    const r = run(c, WRITE);
    expect([r.passed, r.earned]).toEqual([false, 2]);
  });
});

describe('trace checks', () => {
  const seq = check('tr', 'trace', { sequence: [{ event: 'xfs_iomap_alloc', file: 'f', fields: { fork: 'data', fsbcount: 1 } }, { event: 'xfs_map_blocks_alloc', fields: { fsbcount: { ge: 2 } } }] });
  it('find events in order, with field predicates (hex fields compare as numbers)', () => {
    expect(run(seq, SYNCED).passed).toBe(true);
    const r = run(seq, WRITE);
    expect(r.items.map((i) => i.passed)).toEqual([true, false]);
    expect(r.excerpt?.length).toBeGreaterThan(0);
  });
  it('fail events out of order', () => {
    const rev = check('tr', 'trace', { sequence: [{ event: 'xfs_map_blocks_alloc' }, { event: 'xfs_iomap_alloc', file: 'f' }] });
    expect(run(rev, SYNCED).items[1].actual).toMatch(/none after the previous event/);
  });
  it('check that events do not occur, within one command', () => {
    const abs = check('tr', 'trace', { within: { command: 'pwrite' }, absent: [{ event: 'xfs_map_blocks_alloc' }] });
    expect(run(abs, SYNCED).passed).toBe(true);
    expect(run(abs, 'xfs_io -f -c "pwrite -b 4k 0 8k" -c fsync f\n').passed).toBe(false);
  });
  it('match iomap_begin decisions by branch and fields', () => {
    const dec = check('tr', 'trace', { sequence: [{ iomap: { file: 'f', branch: 'hole_alloc', count: 8192 } }] });
    expect(run(dec, 'xfs_io -f -c "pwrite -b 8k 0 8k" f\n').passed).toBe(true);
    expect(run(dec, WRITE).passed).toBe(false);
  });
});

describe('answer checks', () => {
  const q = (rest: Record<string, unknown>) => check('q', 'answer', { question: { en: 'How many?', 'zh-CN': '几个？' }, ...rest }, 2);
  it('compare numbers (decimal or hex) computed by the engine on the starter', () => {
    const c = q({ answerType: 'number', on: 'starter', value: { event: 'xfs_iomap_alloc', file: 'f', count: true } });
    expect(run(c, WRITE, { q: '2' }).passed).toBe(true);
    expect(run(c, WRITE, { q: '0x2' }).passed).toBe(true);
    expect(run(c, WRITE, { q: '3' }).passed).toBe(false);
    expect(run(c, WRITE, { q: 'two' }).items[0].actual).toMatch(/is not a number/);
    expect(run(c, WRITE, {}).items[0].actual).toBe('(no answer)');
  });
  it('accept a tolerance, extent maps in any spacing, branch names and choices', () => {
    expect(run(q({ answerType: 'number', expected: 100, tolerance: 5 }), WRITE, { q: '96' }).passed).toBe(true);
    const map = q({ answerType: 'extents', on: 'reference', value: { file: 'f', value: 'extents' } });
    expect(run({ ...map, visibility: 'hidden' }, WRITE, { q: ' 0 + 2  written ' }).passed).toBe(true);
    expect(run({ ...map, visibility: 'hidden' }, WRITE, { q: '0+1 written, 1+1 written' }).passed).toBe(true);
    expect(run({ ...map, visibility: 'hidden' }, WRITE, { q: '0+2 delalloc' }).passed).toBe(false);
    expect(run({ ...map, visibility: 'hidden' }, WRITE, { q: 'lots' }).items[0].actual).toMatch(/OFFSET\+LENGTH KIND/);
    const branch = q({ answerType: 'branch', on: 'student', value: { iomap: { file: 'f' }, field: 'branch' } });
    expect(run(branch, WRITE, { q: 'Hole_Alloc' }).passed).toBe(true);
    const choice = q({ answerType: 'choice', choices: ['yes', 'no'], expected: 'no' });
    expect(run(choice, WRITE, { q: 'no' }).passed).toBe(true);
    expect(run(choice, WRITE, { q: 'maybe' }).items[0].actual).toMatch(/not one of the choices/);
  });
  it('reveal the expected answer only when asked', () => {
    const c = q({ answerType: 'number', expected: 7 });
    const hidden = gradeScript(demo([c]), { script: WRITE, answers: { q: '1' }, studentId: 's' }, { audience: 'student', variant: V8 });
    expect(hidden.checks[0].items[0].expected).toBeUndefined();
    expect(run(c, WRITE, { q: '1' }).items[0].expected).toBe('7');
  });
});

describe('script checks', () => {
  const c = check('sc', 'script', { rules: [{ command: 'xfs_io', args: 'fsync', min: 1 }, { command: 'sync', max: 0 }, { maxCommands: 3 }] });
  it('count simple commands in the syntax tree, not in comments', () => {
    expect(run(c, SYNCED).passed).toBe(true);
    const r = run(c, `# xfs_io -c fsync f\n${WRITE}sync\n`);
    expect(r.items.map((i) => i.passed)).toEqual([false, false, true]);
    expect(r.items[1].actual).toBe('1 found (line 3)');
  });
  it('count commands inside $(...) and functions, and fail over the limit', () => {
    const r = run(c, 'f() { xfs_io -c fsync f; }\nx=$(xfs_io -f -c "pwrite 0 4k" f)\nf\nf\ntrue\n');
    expect(r.items[0].actual).toBe('1 found (line 1)');
    expect(r.items[2]).toMatchObject({ passed: false, actual: '5 commands' });
  });
});
