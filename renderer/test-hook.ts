// A small, stable hook for end-to-end tests (STYLE.md: never drive Monaco's DOM): set the script,
// read what the timeline shows. It reads and writes stores only, exactly as the UI does.
import type { Pinia } from 'pinia';
import type { ExtentView } from '../main/run-view-types';
import { useRunStore } from './stores/run';
import { useTimelineStore } from './stores/timeline';
import { useWorkspaceStore } from './stores/workspace';

export interface TestHook {
  setScript(text: string): void;
  getScript(): string;
  /** The files the timeline shows at the current step. */
  timeline(): { step: number; count: number; files: { path: string; size: number; data: ExtentView[]; cow: ExtentView[] }[] };
  /** The run's steps, as the scrubber lists them. */
  steps(): { kind: string; label: string; line: number; fail?: string }[];
}

declare global {
  interface Window {
    __xfslab?: TestHook;
  }
}

export function installTestHook(pinia: Pinia): void {
  const hook: TestHook = {
    setScript: (text) => useWorkspaceStore(pinia).setText(text),
    getScript: () => useWorkspaceStore(pinia).text,
    timeline: () => {
      const tl = useTimelineStore(pinia);
      return {
        step: tl.step, count: tl.count,
        files: tl.files.map((f) => ({ path: f.path, size: f.size, data: [...f.data], cow: [...f.cow] })),
      };
    },
    steps: () => (useRunStore(pinia).view?.steps ?? []).map((s) => ({ kind: s.kind, label: s.label, line: s.line, ...(s.fail ? { fail: s.fail } : {}) })),
  };
  Object.defineProperty(window, '__xfslab', { value: Object.freeze(hook), configurable: false, writable: false });
}
