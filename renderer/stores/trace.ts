// The trace log's filters: by event name and by file. Rows are indices into RunView.trace.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useRunStore } from './run';

export const useTraceStore = defineStore('trace', () => {
  const run = useRunStore();
  const event = ref('');
  const ino = ref<number | null>(null);

  /** Event names with their counts, most frequent first. */
  const eventNames = computed(() => {
    const counts = new Map<string, number>();
    for (const r of run.view?.trace ?? []) counts.set(r.event, (counts.get(r.event) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  });

  const rows = computed<number[]>(() => {
    const trace = run.view?.trace ?? [];
    const out: number[] = [];
    for (let i = 0; i < trace.length; i++) {
      const r = trace[i];
      if (event.value && r.event !== event.value) continue;
      if (ino.value !== null && r.ino !== ino.value) continue;
      out.push(i);
    }
    return out;
  });

  watch(() => run.view, () => {
    const names = new Set(run.view?.trace.map((r) => r.event));
    if (event.value && !names.has(event.value)) event.value = '';
    ino.value = null;
  });

  function clear(): void {
    event.value = '';
    ino.value = null;
  }

  return { event, ino, eventNames, rows, clear };
});
