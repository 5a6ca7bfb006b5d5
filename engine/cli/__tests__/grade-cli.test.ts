import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoFiles, check } from '../../grade/__tests__/fixture.js';
import { main } from '../main.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const CHECKS = [
  check('size', 'state', { expect: [{ file: 'f', value: 'size', eq: 8192 }] }, 2),
  check('synced', 'trace', { sequence: [{ event: 'xfs_map_blocks_alloc', file: 'f' }] }, 1),
];

/** A folder of assignments holding `demo` (with `meta` merged into assignment.json); returns the root. */
function root(meta: Record<string, unknown> = {}, checks = CHECKS, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'xfslab-asg-'));
  const files = demoFiles(checks, { variants: { kib: { choose: [8] } }, ...meta }, extra);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'demo', p, '..'), { recursive: true });
    writeFileSync(join(dir, 'demo', p), text);
  }
  return dir;
}

/** Write `script` and make a submission of it for `student`; returns the submission's path. */
async function submit(asg: string, student: string, script: string, out: string): Promise<string> {
  const s = join(out, `${student}.sh`);
  writeFileSync(s, script);
  const file = join(out, `${student}.xfslab.json`);
  const r = await run(['submission', 'create', join(asg, 'demo'), '--student', student, '--script', s, '--out', file]);
  expect(r).toMatchObject({ code: 0, out: `${file}\n` });
  return file;
}

const GOOD = 'xfs_io -f -c "pwrite -b 4k 0 8k" -c fsync f\n';

describe('xfslab assignment validate', () => {
  it('passes a valid assignment, and a folder of assignments', async () => {
    const asg = root();
    const one = await run(['assignment', 'validate', join(asg, 'demo')]);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^demo: OK — 2 checks \(0 hidden or after-due\), 1 variant: solution 3\/3, starter at most 2\/3\n$/);
    expect((await run(['assignment', 'validate', asg])).out).toMatch(/^demo: OK/);
  });

  it('names the file and the field of a schema error', async () => {
    const asg = root({ points: 4 });
    const r = await run(['assignment', 'validate', join(asg, 'demo')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${join(asg, 'demo')}/assignment.json: points: expected the sum of the checks' points (3), got 4\n`);
    expect(r.out).toBe('demo: INVALID (1 error in its files)\n');
  });

  it('fails an assignment whose solution does not score 100%, or whose starter does', async () => {
    const wrong = root({}, [check('size', 'state', { expect: [{ file: 'f', value: 'size', eq: 1 }] }, 3)]);
    const r = await run(['assignment', 'validate', join(wrong, 'demo')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the reference solution scores 0/3');
    expect(r.err).toContain('✗ size of f: expected 1, got 8192');
    const easy = root({}, [check('size', 'state', { expect: [{ file: 'f', value: 'size', eq: 8192 }] }, 3)]);
    expect((await run(['assignment', 'validate', join(easy, 'demo')])).err).toContain('the starter script already scores 3/3');
  });
});

describe('xfslab grade', () => {
  it('writes a CSV gradebook, JUnit XML and a table; rejects unknown assignments', async () => {
    const asg = root();
    const subs = mkdtempSync(join(tmpdir(), 'xfslab-subs-'));
    await submit(asg, 'alice', GOOD, subs);
    await submit(asg, 'bob', 'xfs_io -f -c "pwrite 0 4k" f\n', subs);
    const stray = JSON.parse(readFileSync(join(subs, 'bob.xfslab.json'), 'utf8'));
    writeFileSync(join(subs, 'zed.xfslab.json'), JSON.stringify({ ...stray, assignment: { ...stray.assignment, id: 'nope' } }));
    const csvFile = join(subs, 'grades.csv');
    const r = await run(['grade', subs, '--assignments', asg, '--format', 'csv', '--out', csvFile, '--jobs', '1']);
    expect(r.code).toBe(0);
    const csv = readFileSync(csvFile, 'utf8').split('\r\n');
    expect(csv[0]).toBe('student_id,assignment,version,status,score,max_score,size,synced,message,file');
    expect(csv[1]).toMatch(/^alice,demo,1\.0\.0,graded,3,3,2,1,,/);
    expect(csv[2]).toMatch(/^bob,demo,1\.0\.0,graded,0,3,0,0,,/);
    expect(csv[3]).toMatch(/^bob,nope,,rejected,,0,,,"there is no assignment ""nope"" in /);
    expect(r.out).toMatch(/3 submissions: 2 graded, 1 rejected; mean score 50\.0%/);
    const junit = await run(['grade', join(subs, 'alice.xfslab.json'), '--assignments', asg, '--format', 'junit']);
    expect(junit.out).toMatch(/<testsuites name="xfslab grade" tests="2" failures="0" errors="0">/);
  });

  it('writes Gradescope\'s results.json for exactly one submission', async () => {
    const asg = root();
    const subs = mkdtempSync(join(tmpdir(), 'xfslab-subs-'));
    const a = await submit(asg, 'alice', GOOD, subs);
    const b = await submit(asg, 'bob', GOOD, subs);
    const one = await run(['grade', a, '--assignments', asg, '--format', 'gradescope']);
    const g = JSON.parse(one.out);
    expect([g.score, g.tests.length, g.extra_data.studentId]).toEqual([3, 2, 'alice']);
    const two = await run(['grade', a, b, '--assignments', asg, '--format', 'gradescope']);
    expect([two.code, two.err]).toEqual([2, expect.stringMatching(/--format gradescope describes one submission .* got 2/)]);
  });

  it('stops a run at the time limit and at the memory limit', async () => {
    const asg = root({ limits: { memoryMb: 64, timeoutMs: 60000, maxCommands: 5000 } });
    const subs = mkdtempSync(join(tmpdir(), 'xfslab-subs-'));
    const slow = await submit(asg, 'slow', 'xfs_io -f -c "pwrite -b 4k 0 100m" big\n', subs);
    const t = await run(['grade', slow, '--assignments', asg, '--format', 'json', '--timeout', '200']);
    const [timed] = JSON.parse(t.out) as { report: { status: string; message: string; score: number } }[];
    expect(timed.report).toMatchObject({ status: 'timeout', message: 'the script did not finish within 0.2 s', score: 0 });
    const hog = await submit(asg, 'hog', 'xfs_io -f -c "pwrite -b 4k 0 240m" a\nxfs_io -f -c "pwrite -b 4k 0 240m" b\n', subs);
    const m = await run(['grade', hog, '--assignments', asg, '--format', 'json']);
    const [oom] = JSON.parse(m.out) as { report: { status: string; message: string } }[];
    expect(oom.report).toMatchObject({ status: 'limit-exceeded', message: 'the run used more than the memory limit (64 MB)' });
  }, 120_000);

  it('writes nothing when an assignment does not load, and says why', async () => {
    const asg = root();
    const subs = mkdtempSync(join(tmpdir(), 'xfslab-subs-'));
    const a = await submit(asg, 'alice', GOOD, subs);
    writeFileSync(join(asg, 'demo', 'assignment.json'), '{"id": "demo"}');
    const out = join(subs, 'out.csv');
    const r = await run(['grade', a, '--assignments', asg, '--format', 'csv', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/demo\/assignment\.json: version: expected a version/);
    expect(r.err).toMatch(/1 assignment did not load; fix demo and grade again \(nothing was written\)/);
    expect(existsSync(out)).toBe(false);
    expect((await run(['grade', join(subs, 'missing.xfslab.json'), '--assignments', asg])).code).toBe(1);
    const studentCopy = root();
    rmSync(join(studentCopy, 'demo', 'solution'), { recursive: true });
    const copy = await run(['grade', a, '--assignments', studentCopy]);
    expect([copy.code, copy.err.split('\n')[0]]).toEqual([1, `${join(studentCopy, 'demo')}: solution/solution.sh is missing: grade with the instructor's copy of the assignment`]);
    expect((await run(['grade', a])).err).toMatch(/grade needs --assignments DIR/);
  });

  it('is documented in help, with every command', async () => {
    const { out } = await run(['help']);
    for (const w of ['assignment validate DIR', 'submission create DIR', 'grade SUBMISSION', '--format table|json|gradescope|junit|csv', '--jobs N', '--timeout MS', 'not-gradable']) {
      expect(out).toContain(w);
    }
  });
});

describe('xfslab submission samples', () => {
  it('writes the six samples of each assignment, which grade as their kinds', async () => {
    const asg = root();
    const out = mkdtempSync(join(tmpdir(), 'xfslab-samples-'));
    const r = await run(['submission', 'samples', asg, '--out', out, '--student', 's1']);
    const kinds = ['solution', 'partial', 'syntax', 'loop', 'huge', 'tampered'];
    expect(r).toMatchObject({ code: 0, out: kinds.map((k) => `${join(out, `demo--${k}.xfslab.json`)}\n`).join('') });
    const g = await run(['grade', out, '--assignments', asg, '--format', 'json']);
    const reports = (JSON.parse(g.out) as { file: string; report: { status: string; score: number | null; maxScore: number; studentId: string } }[])
      .map(({ file, report }) => [/--([a-z]+)\.xfslab\.json$/.exec(file)![1], report.status, report.score === report.maxScore, report.studentId]);
    expect(reports).toEqual([
      ['huge', 'graded', false, 's1'], ['loop', 'limit-exceeded', false, 's1'], ['partial', 'graded', false, 's1'],
      ['solution', 'graded', true, 's1'], ['syntax', 'not-gradable', false, 's1'], ['tampered', 'rejected', false, 's1'],
    ]);
  });

  it('needs --out and the solution', async () => {
    expect((await run(['submission', 'samples', root()])).code).toBe(2);
    const student = root();
    rmSync(join(student, 'demo', 'solution'), { recursive: true });
    const r = await run(['submission', 'samples', student, '--out', mkdtempSync(join(tmpdir(), 'xfslab-samples-'))]);
    expect([r.code, r.err]).toEqual([1, expect.stringContaining('samples need the reference solution')]);
  });
});
