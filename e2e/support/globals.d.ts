// What the page exposes, as the specs see it: the contract's window.api and the app's test hook.
import type { LabApi } from '../../main/ipc-contract';
import type { TestHook } from '../../renderer/test-hook';

declare global {
  interface Window {
    readonly api?: LabApi;
    __xfslab?: TestHook;
  }
}
