// The Home page's lists: the shipped assignments with the student's status, and recent files.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AssignmentSummary, RecentFile } from '../../main/ipc-contract';
import { call, lab } from '../api';

export const useAssignmentsStore = defineStore('assignments', () => {
  const list = ref<AssignmentSummary[]>([]);
  const recent = ref<RecentFile[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [a, r] = await Promise.all([call(lab().listAssignments()), call(lab().listRecentFiles())]);
      list.value = a;
      recent.value = r;
      loaded.value = true;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      loading.value = false;
    }
  }

  return { list, recent, loading, loaded, error, load };
});

/** Open a script file from disk (a dialog in the desktop app, the browser's picker in the web version). */
export async function openScriptFile(): Promise<string | null> {
  const f = await call(lab().openScriptFile());
  return f ? f.id : null;
}

/** Keep a dropped or pasted file in the workspace; returns its id. */
export async function importScript(name: string, text: string): Promise<string> {
  return (await call(lab().importScript({ name, text }))).id;
}
