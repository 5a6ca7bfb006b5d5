// The step the student is looking at, and what the timeline shows at it: the files (replayed from
// the run's deltas), the zoom window of the offset axis, and the selected iomap decision.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { StepView } from '../../main/run-view-types';
import type { FileAt } from '../timeline/fork-index';
import { useRunStore } from './run';

export const useTimelineStore = defineStore('timeline', () => {
  const run = useRunStore();
  const step = ref(0);
  /** Zoom window in blocks; null = fit every file. */
  const zoom = ref<{ start: number; end: number } | null>(null);
  /** Which iomap decision of the step the code-path view shows. */
  const decision = ref(0);

  const count = computed(() => run.view?.steps.length ?? 0);
  const current = computed<StepView | null>(() => run.view?.steps[step.value] ?? null);
  const files = computed<FileAt[]>(() => run.index?.at(step.value) ?? []);
  const blocksize = computed(() => run.view?.blocksize ?? 4096);
  /** Axis range that fits every file at every step (stable while scrubbing). */
  const fitEnd = computed(() => {
    const v = run.view;
    if (!v) return 16;
    let end = 16;
    for (const f of v.files) {
      for (const c of f.changes) {
        end = Math.max(end, Math.ceil(c.size / v.blocksize));
        for (const e of c.data?.add ?? []) end = Math.max(end, e.off + e.len);
        for (const e of c.cow?.add ?? []) end = Math.max(end, e.off + e.len);
      }
    }
    return Math.ceil(end * 1.05);
  });
  const range = computed(() => zoom.value ?? { start: 0, end: fitEnd.value });

  // A new run: show its last step (the final state), as Compiler Explorer shows the result at once.
  watch(() => run.view, (v) => {
    step.value = v ? Math.max(0, v.steps.length - 1) : 0;
    zoom.value = null;
    decision.value = 0;
  });
  watch(step, () => {
    decision.value = 0;
  });

  function setStep(n: number): void {
    const max = count.value - 1;
    if (max < 0) return;
    step.value = Math.min(max, Math.max(0, Math.round(n)));
  }
  const back = (): void => setStep(step.value - 1);
  const forward = (): void => setStep(step.value + 1);
  const first = (): void => setStep(0);
  const last = (): void => setStep(count.value - 1);

  /** The previous / next step that is a command (skipping the syscalls inside one). */
  function commandStep(dir: -1 | 1): void {
    const steps = run.view?.steps;
    if (!steps) return;
    for (let i = step.value + dir; i >= 0 && i < steps.length; i += dir) {
      if (steps[i].kind === 'command') return setStep(i);
    }
    setStep(dir < 0 ? 0 : steps.length - 1);
  }

  function setZoom(start: number, end: number): void {
    const s = Math.max(0, Math.floor(start));
    const e = Math.max(s + 4, Math.ceil(end));
    zoom.value = e - s >= fitEnd.value && s === 0 ? null : { start: s, end: e };
  }
  const resetZoom = (): void => {
    zoom.value = null;
  };

  return { step, zoom, decision, count, current, files, blocksize, range, setStep, back, forward, first, last, commandStep, setZoom, resetZoom };
});
