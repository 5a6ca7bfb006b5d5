import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { GradeSession, loadAssignment, readsStudentRun } from '../../../engine/index';
import type { RunProgress } from '../../ipc-contract';
import { readAssignmentFiles } from '../assignment-files';
import { DEFAULT_RUN_LIMITS, RunManager, type GradeLimits } from '../run-manager';

const progress: RunProgress[] = [];
const runs = new RunManager({
  ...DEFAULT_RUN_LIMITS,
  timeMs: 20_000,
  workerUrl: new URL('./run-worker-tsx.mjs', import.meta.url),
  onProgress: (p) => progress.push(p),
});
afterAll(() => runs.dispose());

describe('RunManager (a worker per run)', () => {
  it('runs a script off the main thread and returns its view', async () => {
    const r = await runs.run('ok', 'xfs_io -f -c "pwrite 0 64k" f\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.output).toContain('wrote 65536/65536 bytes at offset 0');
    expect(r.value.files.map((f) => f.path)).toEqual(['f']);
    expect(progress.some((p) => p.runId === 'ok' && p.phase === 'starting')).toBe(true);
  });

  it('stops a run on cancel', async () => {
    const p = runs.run('long', 'xfs_io -f -c "pwrite -b 4k 0 256m" f\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(runs.cancel('long')).toBe(true);
    const r = await p;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ECANCELED');
    expect(runs.activeRuns).toBe(0);
  });

  it('stops a run at its time limit', async () => {
    const quick = new RunManager({ ...DEFAULT_RUN_LIMITS, timeMs: 400, workerUrl: new URL('./run-worker-tsx.mjs', import.meta.url), onProgress: () => {} });
    const r = await quick.run('slow', 'xfs_io -f -c "pwrite -b 4k 0 256m" f\n');
    await quick.dispose();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('ETIMEDOUT');
  });

  it('lets the engine stop a runaway loop at its operations limit', async () => {
    const r = await runs.run('loop', 'while true; do :; done\n');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.limitExceeded).toMatch(/maxCommands|maxLoopIterations/);
  });

  it('refuses a second run with the same id', async () => {
    const a = runs.run('dup', 'sync\n');
    const b = await runs.run('dup', 'sync\n');
    expect(b.ok).toBe(false);
    await a;
  });

  it('reports syntax errors from the engine’s parser', async () => {
    const bad = await runs.check('echo hi\nif then\n');
    expect(bad).toEqual({ ok: true, value: [{ line: 2, col: 1, message: expect.stringContaining('if') }] });
    expect(await runs.check('xfs_io -f -c "pwrite 0 4k" f\n')).toEqual({ ok: true, value: [] });
  });

  it('gives a timeout report (as xfslab grade does), not a failure, when grading passes the assignment\'s time limit', async () => {
    const files = (await readAssignmentFiles(fileURLToPath(new URL('../../../assignments', import.meta.url)), 'delayed-allocation'))!;
    const loaded = loadAssignment('delayed-allocation', files);
    if (!loaded.ok) throw new Error('delayed-allocation does not load');
    const a = loaded.assignment;
    // md5 of 1 TiB of zeros: within every operation limit, far past the time limit.
    const input = { script: 'truncate -s 1t f\nmd5sum f\n', answers: {}, studentId: 'slow' };
    const session = new GradeSession(a, input, { audience: 'instructor' });
    const limits: GradeLimits = { timeMs: 1500, memoryMb: 512, stopped: (kind, independent) => session.stopped(kind, 1500, independent) };
    const r = await runs.grade('grade-slow', { assignmentId: a.id, files, ...input, audience: 'instructor', now: 0 }, limits);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.status, r.value.message]).toEqual(['timeout', 'the script did not finish within 1.5 s']);
    // The checks that do not need the run were graded before it was stopped; the others get nothing.
    for (const c of r.value.checks) {
      const needsRun = readsStudentRun(a.checks.find((x) => x.id === c.id)!);
      expect([c.id, c.status === 'not-run']).toEqual([c.id, needsRun]);
    }
    expect(runs.activeRuns).toBe(0);
  });
});
