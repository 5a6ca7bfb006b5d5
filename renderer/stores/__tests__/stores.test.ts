import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runScript } from '../../../engine/index';
import { buildRunView } from '../../../main/lab/run-view';
import { useRunStore } from '../run';
import { useTimelineStore } from '../timeline';
import { useTraceStore } from '../trace';
import { AUTOSAVE_MS, SANDBOX_STARTER, useWorkspaceStore } from '../workspace';
import { installFakeLab, ok } from './fake-lab';

function viewOf(script: string) {
  const { machine: _m, ...res } = runScript(script);
  return buildRunView('r', res, { runMs: 1, viewMs: 1 });
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useRealTimers();
});

describe('workspace store (autosave)', () => {
  it('opens the sandbox with its starter, then saves edits after a pause', async () => {
    vi.useFakeTimers();
    const api = installFakeLab();
    const ws = useWorkspaceStore();
    await ws.open('sandbox');
    expect(ws.text).toBe(SANDBOX_STARTER);
    ws.setText('sync\n');
    ws.setText('sync\nsync\n');
    expect(ws.saveState).toBe('pending');
    expect(JSON.parse(localStorage.getItem('xfslab.draft.sandbox')!).text).toBe('sync\nsync\n');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS + 10);
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
    expect(api.saveDraft).toHaveBeenCalledWith({ slot: 'sandbox', text: 'sync\nsync\n' });
    expect(ws.saveState).toBe('saved');
    expect(localStorage.getItem('xfslab.draft.sandbox')).toBeNull();
  });

  it('restores the server draft, and prefers a newer local copy left by a crash', async () => {
    const api = installFakeLab({ loadDraft: vi.fn(() => ok({ text: 'from server', savedAt: 5 })) });
    const ws = useWorkspaceStore();
    await ws.open('sandbox');
    expect(ws.text).toBe('from server');
    expect(ws.restored).toBe(true);
    localStorage.setItem('xfslab.draft.sandbox', JSON.stringify({ text: 'typed just before the crash', at: 9 }));
    await ws.open('sandbox');
    expect(ws.text).toBe('typed just before the crash');
    await ws.flush();
    expect(api.saveDraft).toHaveBeenCalledWith({ slot: 'sandbox', text: 'typed just before the crash' });
  });

  it('keeps the edit and retries when a save fails', async () => {
    vi.useFakeTimers();
    let fail = true;
    const api = installFakeLab({
      saveDraft: vi.fn(() => Promise.resolve(fail ? { ok: false as const, error: { code: 'EIO', message: 'disk full' } } : { ok: true as const, value: { savedAt: 2 } })),
    });
    const ws = useWorkspaceStore();
    await ws.open('sandbox');
    ws.setText('precious');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS + 10);
    expect(ws.saveState).toBe('error');
    expect(JSON.parse(localStorage.getItem('xfslab.draft.sandbox')!).text).toBe('precious');
    fail = false;
    await vi.advanceTimersByTimeAsync(3100);
    expect(ws.saveState).toBe('saved');
    expect(api.saveDraft).toHaveBeenLastCalledWith({ slot: 'sandbox', text: 'precious' });
  });

  it('loads an assignment’s starter', async () => {
    installFakeLab({
      getAssignment: vi.fn(() => ok({ id: 'a', title: { en: 'A', 'zh-CN': '甲' }, topic: { en: '', 'zh-CN': '' }, order: 1, status: 'not-started' as const, readme: { en: '#', 'zh-CN': '#' }, starter: 'sync\n', questions: [], studentId: null })),
    });
    const ws = useWorkspaceStore();
    await ws.open('assignment:a');
    expect(ws.text).toBe('sync\n');
    expect(ws.title?.en).toBe('A');
  });
});

describe('run, timeline and trace stores', () => {
  const script = 'xfs_io -f -c "pwrite -b 4k 0 16k" a\nsync\nxfs_io -f -c "pwrite 0 4k" b\n';

  it('runs, then shows the final step; stepping back shows the earlier state', async () => {
    const view = viewOf(script);
    installFakeLab({ runScript: vi.fn((a: { runId: string }) => ok({ ...view, runId: a.runId })) });
    const run = useRunStore();
    const tl = useTimelineStore();
    await run.run(script);
    expect(run.status).toBe('done');
    expect(tl.step).toBe(view.steps.length - 1);
    expect(tl.files.map((f) => f.path)).toEqual(['a', 'b']);
    expect(tl.files[0].data.every((e) => e.kind === 'written')).toBe(true);
    // Back to the command before sync: a is delalloc, b does not exist yet.
    const syncStep = view.steps.findIndex((s) => s.kind === 'command' && s.label === 'sync');
    tl.setStep(syncStep - 1);
    expect(tl.files.map((f) => f.path)).toEqual(['a']);
    expect(tl.files[0].data.map((e) => e.kind)).toEqual(['delalloc']);
    tl.first();
    expect(tl.step).toBe(0);
    tl.back();
    expect(tl.step).toBe(0);
    tl.commandStep(1);
    expect(view.steps[tl.step].kind).toBe('command');
    tl.setStep(1e9);
    expect(tl.step).toBe(view.steps.length - 1);
  });

  it('filters the trace by event and by file', async () => {
    const view = viewOf(script);
    installFakeLab({ runScript: vi.fn(() => ok(view)) });
    const run = useRunStore();
    const tr = useTraceStore();
    await run.run(script);
    const all = tr.rows.length;
    expect(all).toBe(view.trace.length);
    tr.event = 'xfs_iomap_alloc';
    expect(tr.rows.length).toBeGreaterThan(0);
    expect(tr.rows.every((i) => view.trace[i].event === 'xfs_iomap_alloc')).toBe(true);
    tr.ino = view.files.find((f) => f.path === 'b')!.ino;
    expect(tr.rows.every((i) => view.trace[i].ino === tr.ino)).toBe(true);
    expect(tr.rows.length).toBeLessThan(all);
  });

  it('reports a failed run as a value, and stop cancels by id', async () => {
    const api = installFakeLab({ runScript: vi.fn(() => Promise.resolve({ ok: false as const, error: { code: 'ETIMEDOUT', message: 'too long' } })) });
    const run = useRunStore();
    await run.run('while true; do :; done');
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('ETIMEDOUT');
    await run.stop();
    expect(api.cancelRun).not.toHaveBeenCalled();
  });

  it('keeps only the latest diagnostics', async () => {
    installFakeLab({ checkScript: vi.fn((a: { script: string }) => ok(a.script.includes('if') ? [{ line: 1, col: 1, message: 'bad' }] : [])) });
    const run = useRunStore();
    await run.check('if then');
    expect(run.diagnostics).toHaveLength(1);
    await run.check('sync');
    expect(run.diagnostics).toHaveLength(0);
  });
});
