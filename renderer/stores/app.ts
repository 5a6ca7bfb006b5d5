// App-level state. Only stores talk to `window.api`; components read stores.
import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Where the page runs: inside the Electron shell (preload present) or in a plain browser. */
export type Host = 'desktop' | 'web';

export const useAppStore = defineStore('app', () => {
  const host = ref<Host>(window.api ? 'desktop' : 'web');
  const version = ref<string | undefined>(undefined);

  /** Ask the lab for its version; the web version has no lab service yet. */
  async function loadVersion(): Promise<void> {
    if (!window.api) return;
    version.value = await window.api.version();
  }

  return { host, version, loadVersion };
});
