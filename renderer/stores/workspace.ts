// The script being edited in a slot (sandbox, assignment, opened file) and its autosave.
// Never lose a student's work: every edit is kept at once in localStorage, then written by the lab
// service (atomically) after a short pause; a failed save is retried, and on opening a slot the
// newer of the two copies wins, so a crash of either side loses nothing.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Assignment, Localized } from '../../main/ipc-contract';
import { call, lab } from '../api';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

/** Debounce of the autosave, ms. */
export const AUTOSAVE_MS = 400;
const RETRY_MS = 3000;

/** The sandbox's first script: something to run right away. */
export const SANDBOX_STARTER = `# A free lab: write any script and press Run (Ctrl+Enter).
# The scratch filesystem is mounted at $SCRATCH_MNT, the working directory.
xfs_io -f -c "pwrite -b 4k 0 64k" file
xfs_io -c "bmap -elpv" file
sync
xfs_io -c "bmap -elpv" file
`;

interface LocalCopy {
  text: string;
  at: number;
}

const localKey = (slot: string): string => `xfslab.draft.${slot}`;

function readLocal(slot: string): LocalCopy | undefined {
  try {
    const raw = localStorage.getItem(localKey(slot));
    return raw ? (JSON.parse(raw) as LocalCopy) : undefined;
  } catch {
    return undefined;
  }
}

function writeLocal(slot: string, text: string, now: number): void {
  try {
    localStorage.setItem(localKey(slot), JSON.stringify({ text, at: now }));
  } catch {
    /* quota or disabled storage: the server copy still follows */
  }
}

function dropLocal(slot: string): void {
  try {
    localStorage.removeItem(localKey(slot));
  } catch {
    /* ignore */
  }
}

export const useWorkspaceStore = defineStore('workspace', () => {
  const slot = ref<string | null>(null);
  const assignment = ref<Assignment | null>(null);
  const fileName = ref<string | null>(null);
  const text = ref('');
  const starter = ref('');
  const saveState = ref<SaveState>('saved');
  const savedAt = ref<number | null>(null);
  const restored = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const title = computed<Localized | null>(() => assignment.value?.title ?? null);

  async function open(next: string): Promise<void> {
    await flush();
    const gen = ++generation;
    slot.value = next;
    loading.value = true;
    error.value = null;
    restored.value = false;
    assignment.value = null;
    fileName.value = null;
    try {
      let start = '';
      if (next.startsWith('assignment:')) {
        const a = await call(lab().getAssignment({ id: next.slice('assignment:'.length) }));
        if (gen !== generation) return;
        assignment.value = a;
        start = a.starter;
      } else if (next.startsWith('file:')) {
        const f = await call(lab().openRecentFile({ id: next.slice('file:'.length) }));
        if (gen !== generation) return;
        fileName.value = f.name;
        start = f.text;
      } else start = SANDBOX_STARTER;
      starter.value = start;
      const draft = await call(lab().loadDraft({ slot: next }));
      if (gen !== generation) return;
      const local = readLocal(next);
      // The local copy exists only while a save is outstanding: it is the newest text.
      if (local && (!draft || local.text !== draft.text)) {
        text.value = local.text;
        restored.value = true;
        saveState.value = 'pending';
        schedule(0);
      } else {
        text.value = draft ? draft.text : start;
        restored.value = !!draft && draft.text !== start;
        savedAt.value = draft?.savedAt ?? null;
        saveState.value = 'saved';
      }
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  function schedule(ms = AUTOSAVE_MS): void {
    clearTimeout(timer);
    timer = setTimeout(() => void save(), ms);
  }

  function setText(value: string): void {
    if (value === text.value) return;
    text.value = value;
    if (!slot.value) return;
    writeLocal(slot.value, value, Date.now());
    saveState.value = 'pending';
    schedule();
  }

  async function save(): Promise<void> {
    clearTimeout(timer);
    const s = slot.value;
    if (!s || saveState.value === 'saved') return;
    const value = text.value;
    saveState.value = 'saving';
    try {
      const r = await call(lab().saveDraft({ slot: s, text: value }));
      if (slot.value !== s) return;
      savedAt.value = r.savedAt;
      if (text.value === value) {
        saveState.value = 'saved';
        dropLocal(s);
      } else {
        saveState.value = 'pending';
        schedule();
      }
    } catch (e) {
      if (slot.value !== s) return;
      error.value = (e as Error).message;
      saveState.value = 'error';
      schedule(RETRY_MS);
    }
  }

  /** Save now (leaving a slot, closing the page). */
  async function flush(): Promise<void> {
    if (slot.value && saveState.value !== 'saved') await save();
  }

  function resetToStarter(): void {
    setText(starter.value);
  }

  async function saveAs(): Promise<boolean> {
    const name = fileName.value ?? (assignment.value ? `${assignment.value.id}.sh` : 'sandbox.sh');
    const r = await call(lab().saveScriptFile({ name, text: text.value }));
    return r.saved;
  }

  return { slot, assignment, fileName, text, starter, saveState, savedAt, restored, loading, error, title, open, setText, save, flush, resetToStarter, saveAs };
});
