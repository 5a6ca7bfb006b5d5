// Running the script: one run at a time, its progress, its result (the RunView and the replay
// index the timeline reads), and the parser's diagnostics for the editor.
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import type { Diagnostic, LabError, RunProgress } from '../../main/ipc-contract';
import type { RunView } from '../../main/run-view-types';
import { LabCallError, call, lab } from '../api';
import { ForkIndex } from '../timeline/fork-index';

export type RunStatus = 'idle' | 'running' | 'done' | 'failed';

let seq = 0;
const newRunId = (): string => `r${Date.now().toString(36)}${(++seq).toString(36)}`;

export const useRunStore = defineStore('run', () => {
  const status = ref<RunStatus>('idle');
  const runId = ref<string | null>(null);
  const progress = ref<RunProgress | null>(null);
  const view = shallowRef<RunView | null>(null);
  const index = shallowRef<ForkIndex | null>(null);
  const error = ref<LabError | null>(null);
  const diagnostics = ref<Diagnostic[]>([]);
  /** The script text of the shown run (the editor marks it stale once edited). */
  const ranScript = ref<string | null>(null);
  let unsubscribe: (() => void) | undefined;
  let checkSeq = 0;

  function listen(): void {
    unsubscribe ??= lab().onRunProgress((p) => {
      if (p.runId === runId.value) progress.value = p;
    });
  }

  async function run(script: string): Promise<void> {
    listen();
    if (status.value === 'running') await stop();
    const id = newRunId();
    runId.value = id;
    status.value = 'running';
    progress.value = { runId: id, steps: 0, elapsedMs: 0, phase: 'starting' };
    error.value = null;
    try {
      const v = await call(lab().runScript({ runId: id, script }));
      if (runId.value !== id) return;
      view.value = markRaw(v);
      index.value = markRaw(new ForkIndex(v.files));
      ranScript.value = script;
      diagnostics.value = v.error ? [v.error] : [];
      status.value = 'done';
    } catch (e) {
      if (runId.value !== id) return;
      error.value = e instanceof LabCallError ? e.error : { code: 'EIO', message: (e as Error).message };
      status.value = 'failed';
    } finally {
      if (runId.value === id) progress.value = null;
    }
  }

  async function stop(): Promise<void> {
    const id = runId.value;
    if (!id || status.value !== 'running') return;
    await call(lab().cancelRun({ runId: id }));
  }

  /** Ask the engine's parser about the script; stale answers are dropped. */
  async function check(script: string): Promise<void> {
    const n = ++checkSeq;
    try {
      const d = await call(lab().checkScript({ script }));
      if (n === checkSeq) diagnostics.value = d;
    } catch {
      /* a failed check leaves the previous diagnostics */
    }
  }

  function clear(): void {
    view.value = null;
    index.value = null;
    error.value = null;
    status.value = 'idle';
    ranScript.value = null;
    diagnostics.value = [];
  }

  return { status, runId, progress, view, index, error, diagnostics, ranScript, run, stop, check, clear };
});
