// Check: the student's answers to the assignment's questions and the report of the last check.
// The lab service grades in a worker against the visible checks; the page only shows the report.
// Answers are kept per assignment in localStorage so a reload does not lose them.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { GradeReport, LabError } from '../../main/ipc-contract';
import { LabCallError, call, lab } from '../api';

export type CheckStatus = 'idle' | 'checking' | 'done' | 'failed';

let seq = 0;
const newRunId = (): string => `g${Date.now().toString(36)}${(++seq).toString(36)}`;
const answersKey = (id: string): string => `xfslab.answers.${id}`;

function readAnswers(id: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(answersKey(id)) ?? '{}');
    if (!v || typeof v !== 'object') return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export const useGradeStore = defineStore('grade', () => {
  const assignmentId = ref<string | null>(null);
  const answers = ref<Record<string, string>>({});
  const status = ref<CheckStatus>('idle');
  const report = shallowRef<GradeReport | null>(null);
  const error = ref<LabError | null>(null);
  /** The Submit dialog asking the student id is open. */
  const askStudentId = ref(false);
  /** The file name of the last submission saved. */
  const submitted = ref<string | null>(null);
  const submitting = ref(false);

  /** Switch to an assignment (or none): its saved answers, no report yet. */
  function open(id: string | null): void {
    assignmentId.value = id;
    answers.value = id ? readAnswers(id) : {};
    report.value = null;
    error.value = null;
    status.value = 'idle';
    submitted.value = null;
  }

  function setAnswer(questionId: string, value: string): void {
    answers.value = { ...answers.value, [questionId]: value };
    if (!assignmentId.value) return;
    try {
      localStorage.setItem(answersKey(assignmentId.value), JSON.stringify(answers.value));
    } catch {
      /* storage full or off: the answers stay in the page */
    }
  }

  /** Grade `script` with the current answers against the visible checks. */
  async function check(script: string): Promise<void> {
    const id = assignmentId.value;
    if (!id || status.value === 'checking') return;
    status.value = 'checking';
    error.value = null;
    const filled = Object.fromEntries(Object.entries(answers.value).filter(([, v]) => v.trim() !== ''));
    try {
      const r = await call(lab().checkAssignment({ runId: newRunId(), id, script, answers: filled }));
      if (assignmentId.value !== id) return;
      report.value = r;
      status.value = 'done';
    } catch (e) {
      if (assignmentId.value !== id) return;
      error.value = e instanceof LabCallError ? e.error : { code: 'EIO', message: String(e) };
      status.value = 'failed';
    }
  }

  /** Submit `script` and the answers; the first time, ask the student id (`studentId` known: no question). */
  async function submit(script: string, studentId: string | null): Promise<boolean> {
    const id = assignmentId.value;
    if (!id || submitting.value) return false;
    if (!studentId) {
      askStudentId.value = true;
      return false;
    }
    submitting.value = true;
    error.value = null;
    try {
      const r = await call(lab().submitAssignment({ id, script, answers: { ...answers.value }, studentId }));
      if (r.saved) submitted.value = r.name;
      return r.saved;
    } catch (e) {
      error.value = e instanceof LabCallError ? e.error : { code: 'EIO', message: String(e) };
      status.value = 'failed';
      return false;
    } finally {
      submitting.value = false;
    }
  }

  return { assignmentId, answers, status, report, error, askStudentId, submitted, submitting, open, setAnswer, check, submit };
});
