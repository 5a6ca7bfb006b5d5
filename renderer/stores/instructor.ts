// The instructor's Grade: a submission file opened in the page is graded by the lab service in a
// worker with every check (hidden ones included), from the file's script and answers only: the
// assignment, its checks and the student's parameters come from the lab's own assignments folder.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { GradeReport, LabError } from '../../main/ipc-contract';
import { LabCallError, call, lab } from '../api';

/** Largest submission file read (a script of 256 KiB and its answers, as JSON). */
export const MAX_SUBMISSION_BYTES = 2 * 1024 * 1024;

let seq = 0;

export const useInstructorStore = defineStore('instructor', () => {
  const fileName = ref<string | null>(null);
  const text = ref<string | null>(null);
  const status = ref<'idle' | 'checking' | 'done' | 'failed'>('idle');
  const report = shallowRef<GradeReport | null>(null);
  const error = ref<LabError | null>(null);

  function load(name: string, content: string): void {
    fileName.value = name;
    text.value = content;
    report.value = null;
    error.value = null;
    status.value = 'idle';
  }

  async function grade(): Promise<void> {
    if (text.value === null || status.value === 'checking') return;
    status.value = 'checking';
    error.value = null;
    try {
      report.value = await call(lab().gradeSubmission({ runId: `s${Date.now().toString(36)}${(++seq).toString(36)}`, text: text.value }));
      status.value = 'done';
    } catch (e) {
      error.value = e instanceof LabCallError ? e.error : { code: 'EIO', message: String(e) };
      status.value = 'failed';
    }
  }

  return { fileName, text, status, report, error, load, grade };
});
