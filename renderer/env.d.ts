/// <reference types="vite/client" />
// vue-tsc type-checks the .vue files themselves, so no `*.vue` module shim is needed.
import type { LabApi } from '../main/ipc-contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the web version until the loopback bridge lands. */
    readonly api?: LabApi;
  }
}
