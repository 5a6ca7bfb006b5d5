/// <reference types="vite/client" />
// vue-tsc type-checks the .vue files themselves, so no `*.vue` module shim is needed.
import type { LabApi } from '../main/ipc-contract';

declare global {
  interface Window {
    /** The lab: set by the Electron preload, or by the web bridge (renderer/bridge/web-bridge.ts). */
    readonly api?: LabApi;
  }
}
